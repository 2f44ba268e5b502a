"""What may reach the site as a file: from docs/ (MkDocs copies every file there) and from the
campaign kits (published under /chien-dich/<id>/tep/).

A file must be a real file inside its folder: a symlink that leaves docs/ or the kit would
publish whatever it points to (/etc/passwd in the reproduction of issue 8). It must be of a type
a portal publishes (file_types.py). A download (an attachment, a kit file) must also be what its
name says, within the size limit, and an image small enough to decode.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from loa.content.errors import ContentError
from loa.content.file_types import (
    IMAGE_SIZE_TYPES,
    PAGE_FILE_TYPES,
    content_problem,
    describe_type,
    extension,
    image_size,
    svg_problems,
)
from loa.content.limits import MAX_FILE_BYTES, MAX_IMAGE_PIXELS, format_count, format_megabytes

FILE_FIELD = "(tệp)"


@dataclass(frozen=True)
class Problem:
    """What is wrong with a file, as the found and expected parts of an error."""

    found: str
    expected: str


def allowed_types_text(types: Collection[str]) -> str:
    """The allowed extensions as a message lists them: "pdf, doc, docx"."""
    return ", ".join(types)


def escape_problem(path: Path, real_root: Path, root_label: str) -> Problem | None:
    """A problem when `path` is a symlink (or lies under one) that leaves `real_root`, or that
    points nowhere."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of symlinks
        return Problem("liên kết tượng trưng (symlink) lặp vòng", f"một tệp thật nằm trong {root_label}")
    if not target.is_relative_to(real_root):
        return Problem(
            f"liên kết tượng trưng (symlink) trỏ ra ngoài {root_label}, tới {target}",
            f"một tệp thật nằm trong {root_label} (chép tệp vào thay cho liên kết)",
        )
    if not target.is_file():
        return Problem(f"liên kết tượng trưng (symlink) hỏng, tới {target}", f"một tệp có thật trong {root_label}")
    return None


def download_problems(path: Path, allowed: Collection[str], *, check_pixels: bool) -> list[Problem]:
    """Why a file offered for download may not be published: its type, its size, bytes that are
    not what its name says, active content in an SVG, and (`check_pixels`) too many pixels."""
    ext = extension(path.name)
    if ext not in allowed:
        return [Problem(describe_type(ext), "một tệp tài liệu hoặc ảnh: " + allowed_types_text(allowed))]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [Problem(f"tệp {format_megabytes(size)}", f"tệp tối đa {format_megabytes(MAX_FILE_BYTES)}")]
    mismatch = content_problem(path, ext)
    if mismatch is not None:
        return [Problem(mismatch, f"nội dung đúng loại tệp .{ext} (đổi tên tệp không đổi được loại tệp)")]
    if ext == "svg":
        return _svg_file_problems(path)
    if check_pixels and ext in IMAGE_SIZE_TYPES:
        return image_problems(path, ext)
    return []


def image_problems(path: Path, ext: str) -> list[Problem]:
    """A PNG or JPEG whose header gives no size, or more pixels than the limit: checked from the
    header, before anything decodes it."""
    size = image_size(path, ext)
    limit = f"ảnh tối đa {format_count(MAX_IMAGE_PIXELS)} điểm ảnh (25 megapixel, ví dụ 5000×5000)"
    if size is None:
        return [Problem(f"ảnh {ext.upper()} không đọc được kích thước từ phần đầu tệp", limit)]
    width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        found = f"ảnh {width}×{height} = {format_count(width * height)} điểm ảnh"
        return [Problem(found, limit + "; thu nhỏ ảnh trước khi đăng")]
    return []


def _svg_file_problems(path: Path) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [Problem("SVG không phải chữ UTF-8", "một SVG là chữ UTF-8")]
    problems = svg_problems(text)
    if not problems:
        return []
    expected = "một SVG chỉ là hình vẽ: không script, không thuộc tính on…, không liên kết ra ngoài tệp"
    return [Problem("SVG có " + "; ".join(problems), expected)]


def is_published_by_mkdocs(src_uri: str) -> bool:
    """Whether MkDocs copies this docs-relative file to the site: it leaves out dot files and
    folders and a top-level templates/ folder (its default exclude_docs)."""
    parts = src_uri.split("/")
    return not any(part.startswith(".") for part in parts) and parts[0] != "templates"


def check_published_files(docs_dir: Path, src_uris: Iterable[str], shown_docs: str) -> list[ContentError]:
    """Every file of docs/ that MkDocs would publish, referenced or not: a real file inside
    docs/, of a type a portal publishes. `src_uris` are docs-relative, as MkDocs lists them."""
    real_docs = docs_dir.resolve()
    linked_folders: dict[str, bool] = {}  # docs-relative folder -> whether a symlink leads to it
    errors: list[ContentError] = []
    docs = os.fspath(docs_dir)
    for src_uri in sorted(src_uris):
        if not is_published_by_mkdocs(src_uri):
            continue
        try:
            is_link = stat.S_ISLNK(os.lstat(os.path.join(docs, src_uri)).st_mode)
        except OSError:  # MkDocs' list holds the theme's files too: only files found in docs/ are checked
            continue
        shown = shown_docs + src_uri
        if is_link or _under_a_link(docs_dir, posixpath.dirname(src_uri), linked_folders):
            escape = escape_problem(docs_dir / src_uri, real_docs, shown_docs)
            if escape is not None:
                errors.append(ContentError(shown, FILE_FIELD, escape.found, escape.expected))
                continue
        ext = extension(posixpath.basename(src_uri))
        if ext not in PAGE_FILE_TYPES:
            expected = "chỉ các loại tệp được đăng: " + allowed_types_text(PAGE_FILE_TYPES)
            errors.append(ContentError(shown, FILE_FIELD, describe_type(ext), expected))
    return errors


def _under_a_link(docs_dir: Path, folder: str, linked: dict[str, bool]) -> bool:
    """Whether a docs-relative folder is, or lies under, a symlink (memoised per folder: one
    lstat per folder rather than a full resolve per file)."""
    if not folder:
        return False
    if folder not in linked:
        own = os.path.islink(docs_dir / folder)
        linked[folder] = own or _under_a_link(docs_dir, posixpath.dirname(folder), linked)
    return linked[folder]
