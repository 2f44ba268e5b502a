"""Read one announcement file and check it against the content model (section 2)."""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable, Collection
from pathlib import Path

from loa.content.agency import Agency
from loa.content.announcement import Announcement, Attachment, Signer
from loa.content.document_types import DOCUMENT_TYPES
from loa.content.errors import ContentError, describe
from loa.content.fields import FieldReader
from loa.content.file_types import ATTACHMENT_TYPES, extension
from loa.content.frontmatter import FrontMatterError, SourceText, parse_source
from loa.content.hidden_characters import BODY_FIELD, check_markdown_text, visible
from loa.content.limits import (
    MAX_ATTACHMENTS,
    MAX_BODY_BYTES,
    MAX_SOURCE_BYTES,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TITLE_CHARS,
    format_megabytes,
)
from loa.content.published_files import allowed_types_text, download_problems, escape_problem
from loa.vietnamese import slugify, to_nfc

KNOWN_FIELDS = (
    "title",
    "date",
    "type",
    "number",
    "issuer",
    "place",
    "author",
    "signer",
    "recipients",
    "references",
    "effective",
    "campaign",
    "attachments",
    "tags",
    "summary",
    "draft",
)
_SIGNER_FIELDS = ("name", "title", "authority")
_ATTACHMENT_FIELDS = ("file", "title")
# "2768/STC-VP", "57/KH-SLĐTBXH", "33/TTr-STC", "30/2020/NĐ-CP"
# ASCII digits only: full-width "１２３" or Arabic-Indic digits look like a number but compare as another.
NUMBER_PATTERN = re.compile(r"^(?P<seq>[0-9]{1,6})(?:/[0-9]{4})?/(?P<symbol>[^\W_]+(?:[-.][^\W_]+)*)$")
# A draft's number before the văn thư issues it: the number part left blank, "/STC-VP", "/KH-STC".
UNISSUED_NUMBER = re.compile(r"^(?:/[0-9]{4})?/(?P<symbol>[^\W_]+(?:[-.][^\W_]+)*)$")
_CAMPAIGN_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TYPE_MARKS = {t.number_mark for t in DOCUMENT_TYPES.values() if t.number_mark}


def load_announcement(
    file_path: Path,
    source_path: str,
    agency: Agency,
    campaign_ids: Collection[str],
    read_text: Callable[[Path], str] | None = None,
    docs_dir: Path | None = None,
) -> tuple[Announcement | None, list[ContentError]]:
    """Load one file; return the announcement, or None and every error found in it.

    `docs_dir` is the docs folder attachments must stay in; by default the folder that
    `source_path` (docs-relative) is relative to."""
    try:
        if read_text is None and (size := file_path.stat().st_size) > MAX_SOURCE_BYTES:
            found = f"tệp {format_megabytes(size)} (không đọc)"
            return None, [ContentError(source_path, BODY_FIELD, found, _body_limit())]
        raw = read_text(file_path) if read_text else file_path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [ContentError(source_path, "(tệp)", "nội dung không phải UTF-8", "tệp văn bản UTF-8")]
    except OSError as error:  # a broken symlink, a file removed while the build runs
        return None, [ContentError(source_path, "(tệp)", f"không đọc được tệp ({error.strerror})", "một tệp đọc được")]
    hidden = check_markdown_text(source_path, to_nfc(raw).lstrip("\ufeff"))
    try:
        source = parse_source(raw)
    except FrontMatterError as error:
        if any(e.field != BODY_FIELD for e in hidden):
            return None, hidden  # what broke the YAML, named, rather than YAML's riddle
        expected = "phần đầu YAML theo mô hình nội dung, mỗi khóa viết một lần"
        return None, [*hidden, ContentError(source_path, error.field, str(error), expected, error.line)]
    announcement, errors = _read_announcement(file_path, source_path, source, agency, campaign_ids, docs_dir)
    if hidden:
        # A field with a hidden character fails its own rule too; the hidden character is the news.
        spoilt = {e.field for e in hidden}
        errors = hidden + [e for e in errors if visible(e.key) not in spoilt]
        return None, errors
    return announcement, errors


def _body_limit() -> str:
    return f"nội dung tối đa {format_megabytes(MAX_BODY_BYTES)} (tách thành nhiều văn bản hoặc đính kèm tệp)"


def _read_announcement(
    file_path: Path,
    source_path: str,
    source: SourceText,
    agency: Agency,
    campaign_ids: Collection[str],
    docs_dir: Path | None,
) -> tuple[Announcement | None, list[ContentError]]:
    """The announcement of a parsed source, checked field by field."""
    check = FieldReader(source_path, source)
    meta = source.meta

    for key in meta:
        if key not in KNOWN_FIELDS:
            check.error(str(key), "một khóa không có trong mô hình nội dung", "một trong: " + ", ".join(KNOWN_FIELDS))

    draft_value = meta.get("draft", False)
    if not isinstance(draft_value, bool):
        check.error("draft", describe(draft_value), "true hoặc false")
        draft_value = False

    title = check.text("title", required=True, expected="tiêu đề (với công văn: trích yếu V/v)")
    if title is not None and len(title) > MAX_TITLE_CHARS:
        check.error("title", f"tiêu đề dài {len(title)} ký tự", f"tiêu đề tối đa {MAX_TITLE_CHARS} ký tự")
    date = check.date("date", required=True)
    effective = check.date("effective", required=False)

    type_code = meta.get("type")
    doc_type = DOCUMENT_TYPES.get(type_code) if isinstance(type_code, str) else None
    if doc_type is None:
        check.error(
            "type",
            "không có" if type_code is None else describe(type_code),
            "một mã loại văn bản: " + ", ".join(DOCUMENT_TYPES),
        )

    number = check.text("number", required=False, expected="số, ký hiệu, ví dụ 123/STC-VP")
    if doc_type is not None:
        number = _check_number(
            check,
            number,
            doc_type.code,
            doc_type.number_mark,
            required=doc_type.needs_number and not draft_value,
            draft=draft_value,
        )

    issuer = check.text("issuer", required=False) or agency.name
    place = check.text("place", required=False) or agency.place
    author = check.text("author", required=False, expected="tên tác giả bài viết")
    signer = _read_signer(check)
    if doc_type is None:
        pass  # whether author or signer belongs here depends on the type, already reported
    elif not doc_type.official:
        if signer is not None:
            check.error("signer", "người ký trên một tin tức", "không có 'signer' với type tin-tuc (dùng 'author')")
    elif author is not None:
        check.error(
            "author", f"'{author}' trên một văn bản", "chỉ dùng 'author' với type tin-tuc (văn bản dùng 'signer')"
        )

    recipients = check.text_list("recipients", 'danh sách nơi nhận, ví dụ [Như trên, "Lưu: VT"]')
    references = check.text_list("references", "danh sách số ký hiệu, ví dụ [57/KH-SLĐTBXH]")
    for index, reference in enumerate(references):
        if not NUMBER_PATTERN.match(reference):
            check.error(f"references[{index + 1}]", f"'{reference}'", "một số ký hiệu, ví dụ 57/KH-SLĐTBXH")
    tags = check.text_list("tags", "danh sách chủ đề, ví dụ [bình đẳng giới]")
    if len(tags) > MAX_TAGS:
        check.error("tags", f"{len(tags)} chủ đề", f"tối đa {MAX_TAGS} chủ đề cho một văn bản")
        tags = []
    for index, tag in enumerate(tags):
        if len(tag) > MAX_TAG_CHARS:
            check.error(f"tags[{index + 1}]", f"chủ đề dài {len(tag)} ký tự", f"chủ đề tối đa {MAX_TAG_CHARS} ký tự")
        elif not slugify(tag):
            check.error(f"tags[{index + 1}]", f"'{tag}'", "một chủ đề có chữ hoặc số")
    summary = check.text("summary", required=False, expected="một đoạn tóm tắt")

    campaign = check.text("campaign", required=False, expected="mã chiến dịch, ví dụ bdg-2021")
    if campaign is not None and campaign not in campaign_ids:
        known = ", ".join(sorted(campaign_ids)) or "chưa có bộ nhận diện nào trong assets/campaigns/"
        expected = "mã một chiến dịch có trong assets/campaigns/<mã>/campaign.yml: " + known
        check.error("campaign", f"'{campaign}'" if _CAMPAIGN_ID.match(campaign) else describe(campaign), expected)

    attachments = _read_attachments(
        check, file_path.parent, posixpath.dirname(source_path), docs_dir or _docs_folder(file_path, source_path)
    )
    body_bytes = len(source.body.encode("utf-8", "surrogatepass"))
    if body_bytes > MAX_BODY_BYTES:
        check.errors.append(
            ContentError(
                source_path, BODY_FIELD, f"nội dung {format_megabytes(body_bytes)}", _body_limit(), source.body_line
            )
        )

    stem = posixpath.basename(source_path).rsplit(".", 1)[0]
    slug = source_slug(source_path)
    if not slug:
        check.error("(tên tệp)", f"'{stem}'", "tên tệp có chữ hoặc số để làm đường dẫn")

    if check.errors:
        return None, check.errors
    assert title is not None and date is not None and doc_type is not None
    return Announcement(
        source_path=source_path,
        slug=slug,
        title=title,
        date=date,
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        place=place,
        body=source.body,
        author=author,
        signer=signer,
        recipients=recipients,
        references=references,
        effective=effective,
        campaign=campaign,
        attachments=attachments,
        tags=tags,
        summary=summary,
        draft=draft_value,
        body_line=source.body_line,
    ), []


def source_slug(source_path: str) -> str:
    """An announcement's slug, its page address: the ASCII slug of its file name."""
    return slugify(posixpath.basename(source_path).rsplit(".", 1)[0])


def _check_number(
    check: FieldReader, number: str | None, code: str, mark: str | None, *, required: bool, draft: bool
) -> str | None:
    """The number if it fits the type; a draft may carry it unissued ("/STC-VP")."""
    if number is None:
        if required:
            check.error(
                "number",
                "không có",
                f"số, ký hiệu của văn bản loại {code}, ví dụ " + (f"15/{mark}-STC" if mark else "123/STC-VP"),
            )
        return None
    if code == "tin-tuc":
        check.error("number", f"'{number}' trên một tin tức", "không có số ký hiệu với type tin-tuc")
        return None
    example = f"15/{mark}-STC" if mark else "123/STC-VP"
    match = NUMBER_PATTERN.match(number) or UNISSUED_NUMBER.match(number)
    if match is None:
        check.error("number", f"'{number}'", "số/ký hiệu, ví dụ " + example)
        return None
    if match.re is UNISSUED_NUMBER and not draft:
        check.error(
            "number",
            f"'{number}' (văn bản chưa cấp số: phần số để trống)",
            f"số văn thư đã cấp trước ký hiệu, ví dụ {example}; chỉ bản nháp (draft: true) được để trống số",
        )
        return None
    first_part = re.split(r"[-.]", match.group("symbol"), maxsplit=1)[0]
    if mark is not None and first_part != mark:
        check.error("number", f"'{number}'", f"ký hiệu bắt đầu bằng '{mark}-' của loại {code}, ví dụ 15/{mark}-STC")
        return None
    if mark is None and first_part in _TYPE_MARKS:
        check.error(
            "number",
            f"'{number}' (ký hiệu của loại văn bản '{first_part}')",
            "số ký hiệu công văn không có chữ viết tắt loại văn bản, ví dụ 123/STC-VP",
        )
        return None
    return number


def _read_signer(check: FieldReader) -> Signer | None:
    value = check.source.meta.get("signer")
    if value is None:
        return None
    if not isinstance(value, dict):
        check.error("signer", describe(value), "bảng khóa name, title (và authority nếu có)")
        return None
    for key in value:
        if key not in _SIGNER_FIELDS:
            check.error(f"signer.{key}", "một khóa không có trong mô hình", "name, title hoặc authority")
    fields: dict[str, str | None] = {}
    for key in _SIGNER_FIELDS:
        item = value.get(key)
        if item is None or (isinstance(item, str) and not item.strip()):
            fields[key] = None
        elif isinstance(item, str):
            fields[key] = " ".join(item.split())
        else:
            check.error(f"signer.{key}", describe(item), "một dòng chữ")
            return None
    if not any(fields.values()):
        return None  # an empty signer block, as the scaffold writes it, means "not yet signed"
    for key, expected in (("name", "họ tên người ký"), ("title", "chức vụ người ký, ví dụ Phó Giám đốc")):
        if fields[key] is None:
            check.error(f"signer.{key}", "không có", expected)
    if fields["name"] is None or fields["title"] is None:
        return None
    return Signer(name=fields["name"], title=fields["title"], authority=fields["authority"])


def _docs_folder(file_path: Path, source_path: str) -> Path:
    """The docs folder of a source: `file_path` less the folders of its docs-relative path."""
    depth = source_path.count("/")
    return file_path.parents[depth] if depth < len(file_path.parents) else file_path.parent


def _read_attachments(check: FieldReader, folder: Path, source_folder: str, docs_dir: Path) -> list[Attachment]:
    value = check.source.meta.get("attachments")
    if value is None:
        return []
    if not isinstance(value, list):
        check.error("attachments", describe(value), "danh sách tệp đính kèm: - file: ... title: ...")
        return []
    if len(value) > MAX_ATTACHMENTS:
        check.error("attachments", f"{len(value)} tệp đính kèm", f"tối đa {MAX_ATTACHMENTS} tệp đính kèm một văn bản")
        return []
    real_docs = _resolved(docs_dir)
    attachments = []
    for index, item in enumerate(value, start=1):
        field = f"attachments[{index}]"
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict):
            check.error(field, describe(item), "bảng khóa file và title")
            continue
        for key in item:
            if key not in _ATTACHMENT_FIELDS:
                check.error(f"{field}.{key}", "một khóa không có trong mô hình", "file hoặc title")
        relative = item.get("file")
        if not isinstance(relative, str) or not relative.strip():
            check.error(f"{field}.file", describe(relative), "đường dẫn tệp, tính từ tệp Markdown này")
            continue
        relative = relative.strip()
        on_disk = _find_on_disk(folder, relative)
        target = posixpath.normpath(posixpath.join(source_folder, on_disk or relative))
        if relative.startswith("/") or target.startswith("../") or on_disk is None:
            check.error(
                f"{field}.file",
                f"'{relative}' (không tìm thấy tệp)",
                f"một tệp có thật trong {source_folder or 'docs'}/",
            )
            continue
        problem = _attachment_problem(folder / on_disk, real_docs)
        if problem is not None:
            check.error(f"{field}.file", f"'{relative}': {problem[0]}", problem[1])
            continue
        title = item.get("title")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            check.error(f"{field}.title", describe(title), "tên tệp đính kèm người đọc thấy")
            continue
        shown = " ".join(title.split()) if title else posixpath.basename(relative)
        size = os.path.getsize(folder / on_disk)
        attachments.append(Attachment(source_path=target, title=shown, size_bytes=size))
    return attachments


@functools.lru_cache(maxsize=16)  # one docs folder for thousands of files
def _resolved(folder: Path) -> Path:
    return folder.resolve()


def _attachment_problem(path: Path, real_docs: Path) -> tuple[str, str] | None:
    """Why a file may not be attached: (found, expected), or None. Drafts' sources are named."""
    escape = escape_problem(path, real_docs, "docs/")
    if escape is not None:
        return escape.found, escape.expected
    expected = "một tệp tài liệu hoặc ảnh: " + allowed_types_text(ATTACHMENT_TYPES)
    if extension(path.name) == "md":
        return ("nguồn Markdown của một bản nháp (draft: true), không phải tệp tải về" if _is_draft_source(path)
                else "tệp Markdown (nguồn của một trang), không phải tệp tải về"), expected  # fmt: skip
    problems = download_problems(path, ATTACHMENT_TYPES, check_pixels=True)
    return (problems[0].found, problems[0].expected) if problems else None


def _is_draft_source(path: Path) -> bool:
    try:
        return parse_source(path.read_text(encoding="utf-8")).meta.get("draft") is True
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return False


def _find_on_disk(folder: Path, relative: str) -> str | None:
    """The path of an existing file as it is written on disk, or None.

    Front matter is NFC, but a file name may be stored in NFD (as macOS writes it): each part
    of the path is matched by its NFC form when the exact name is not there.
    """
    try:
        return _find_existing(folder, relative)
    except (OSError, ValueError):  # a name the file system cannot hold (NUL byte, too long)
        return None


def _find_existing(folder: Path, relative: str) -> str | None:
    if (folder / relative).is_file():
        return relative
    current, parts = folder, []
    for part in relative.split("/"):
        if part in ("", ".", ".."):
            current, parts = current / part, [*parts, part]
            continue
        if not (current / part).exists():
            if not current.is_dir():
                return None
            matches = [entry.name for entry in current.iterdir() if to_nfc(entry.name) == to_nfc(part)]
            if not matches:
                return None
            part = matches[0]
        current, parts = current / part, [*parts, part]
    return "/".join(parts) if current.is_file() else None
