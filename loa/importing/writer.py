"""The announcement file of an imported document, and the copy of the original beside it.

The file goes where `loa new` puts one (`docs/tin-tuc/posts/<year>/<slug>.md`), named by the
same rule, and is checked by the same loader and the same collection rules before anything is
written: it must load without error, its slug must be free and its number unused that year. The
original is copied to `files/<slug>.<ext>` next to it and attached as "Văn bản gốc". Nothing is
ever overwritten ("x" modes), and a failure after the copy removes it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from loa.content.agency import Agency
from loa.content.file_types import ATTACHMENT_TYPES, extension
from loa.content.hidden_characters import BODY_FIELD
from loa.content.loader import load_announcement
from loa.content.published_files import download_problems
from loa.content.repository import NEWS_FOLDER
from loa.importing.recognize import Recognized

# The scaffold's own rules: the file name of a title, and the collisions with existing files.
from loa.scaffold import file_slug, find_conflict, shown_in_docs, slug_problem, yaml_text

ORIGINAL_TITLE = "Văn bản gốc"
FILES_FOLDER = "files"


class ImportRefused(Exception):
    """The announcement cannot be written; the message says why (one problem a line)."""


@dataclass(frozen=True)
class PlannedFile:
    """What an import writes: the announcement, its text, and where the original is copied."""

    target: Path
    text: str
    original: Path
    original_copy: Path
    slug: str


def announcement_text(fields: Recognized, source_name: str, attachment: str | None) -> str:
    """The file's content: the fields found, the model's other fields empty with Vietnamese comments."""
    value = fields.value
    date: dt.date = value("date")
    lines = [
        "---",
        f"# Nhập từ văn bản gốc {source_name} bằng `loa import`: đối chiếu với văn bản gốc trước khi đăng.",
        f"title: {yaml_text(value('title'))}  # trích yếu",
        f"date: {date.isoformat()}  # ngày ban hành",
        f"type: {value('type')}",
        f"number: {yaml_text(value('number'))}  # số, ký hiệu",
    ]
    issuer = value("issuer")
    lines.append(f"issuer: {yaml_text(issuer)}  # cơ quan ban hành" if issuer else "issuer:  # không thấy trên văn bản")
    parent = value("parent")
    if parent:
        lines.append(f"# cơ quan chủ quản ghi trên văn bản: {parent} (mô hình nội dung không có trường này)")
    place = value("place")
    lines.append(f"place: {yaml_text(place)}  # địa danh" if place else "place:  # không thấy trên văn bản")
    lines.append("author:  # chỉ với tin-tuc")
    name, title, authority = value("signer.name"), value("signer.title"), value("signer.authority")
    if name and title:
        lines += ["signer:  # người ký", f"  name: {yaml_text(name)}", f"  title: {yaml_text(title)}"]
        lines.append(f"  authority: {yaml_text(authority)}" if authority else "  authority:  # ký trực tiếp")
    else:
        lines += ["signer:  # không đọc được khối chữ ký: điền tay", "  name:", "  title:", "  authority:"]
    recipients = value("recipients") or []
    if recipients:
        lines.append("recipients:  # nơi nhận")
        lines += [f"  - {yaml_text(r)}" for r in recipients]
    else:
        lines.append("recipients: []  # không thấy nơi nhận trên văn bản")
    lines += [
        "references: []  # số ký hiệu văn bản căn cứ, liên quan, ví dụ [57/KH-SLĐTBXH]",
        "effective:  # ngày hiệu lực nếu có, dạng YYYY-MM-DD",
        "campaign:  # mã chiến dịch nếu văn bản thuộc một chiến dịch, ví dụ bdg-2021",
    ]
    if attachment:
        lines += ["attachments:", f"  - file: {yaml_text(attachment)}", f"    title: {yaml_text(ORIGINAL_TITLE)}"]
    else:
        lines.append("attachments: []")
    lines += [
        "tags: []  # chủ đề, ví dụ [ngân sách, chuyển đổi số]",
        "summary:  # tóm tắt; để trống: lấy đoạn đầu của nội dung",
        "draft: false",
        "---",
        value(BODY_FIELD).rstrip("\n"),
        "",
    ]
    return "\n".join(lines)


def plan_file(
    source: Path, fields: Recognized, docs_dir: Path, agency: Agency, campaign_ids: Collection[str] = ()
) -> PlannedFile:
    """Where the announcement goes and what it holds, checked as `loa new` checks a new file:
    it loads without error, its slug is free, its number unused in its year, nothing is there yet.
    Raises ImportRefused."""
    title: str = fields.value("title")
    date: dt.date = fields.value("date")
    number: str = fields.value("number")
    slug = file_slug(title)
    problem = slug_problem(slug, f"trích yếu '{title}'")
    if problem:
        raise ImportRefused(problem)
    folder = f"{NEWS_FOLDER}{date.year}"
    target = docs_dir / folder / f"{slug}.md"
    ext = extension(source.name)
    attachment = f"{FILES_FOLDER}/{slug}.{ext}"
    original_copy = target.parent / attachment
    if target.exists():
        raise ImportRefused(f"{target}: tệp đã có, không ghi đè; xóa hoặc sửa tệp đó nếu cần nhập lại")
    if original_copy.exists():
        raise ImportRefused(f"{original_copy}: tệp văn bản gốc đã có, không ghi đè")
    problems = download_problems(source, ATTACHMENT_TYPES, check_pixels=False)
    if problems:
        raise ImportRefused("\n".join(f"{source}: trường '(tệp)': gặp {p.found}; cần {p.expected}" for p in problems))
    # Checked by the loader before the original is copied: without the attachment, which the
    # loader looks for on disk (it is checked again, with the copy, before the file is written).
    _check_loads(announcement_text(fields, source.name, None), target, folder, docs_dir, agency, campaign_ids)
    conflict = find_conflict(docs_dir, agency, campaign_ids, slug, number, date.year)
    if conflict:
        raise ImportRefused(conflict)
    return PlannedFile(target, announcement_text(fields, source.name, attachment), source, original_copy, slug)


def write_file(plan: PlannedFile, docs_dir: Path, agency: Agency, campaign_ids: Collection[str] = ()) -> None:
    """Copy the original, check the announcement with it, write the announcement; never overwrite."""
    plan.original_copy.parent.mkdir(parents=True, exist_ok=True)
    try:
        with plan.original.open("rb") as source, plan.original_copy.open("xb") as copy:
            shutil.copyfileobj(source, copy)
    except FileExistsError as error:
        raise ImportRefused(f"{plan.original_copy}: tệp văn bản gốc đã có, không ghi đè") from error
    try:
        folder = plan.target.parent.relative_to(docs_dir).as_posix()
        _check_loads(plan.text, plan.target, folder, docs_dir, agency, campaign_ids)
        with plan.target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(plan.text)
    except FileExistsError as error:
        plan.original_copy.unlink(missing_ok=True)
        raise ImportRefused(f"{plan.target}: tệp đã có, không ghi đè") from error
    except BaseException:
        plan.original_copy.unlink(missing_ok=True)
        raise


def _check_loads(
    text: str, target: Path, folder: str, docs_dir: Path, agency: Agency, campaign_ids: Collection[str]
) -> None:
    source_path = f"{folder}/{target.name}"
    _, errors = load_announcement(
        target, source_path, agency, campaign_ids, read_text=lambda _path: text, docs_dir=docs_dir
    )
    if errors:
        raise ImportRefused("\n".join(shown_in_docs(error, docs_dir) for error in errors))
