"""The webmaster's tool: a new announcement file with every field of the model, explained."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from loa.content.agency import Agency
from loa.content.collection import RESERVED_SLUGS
from loa.content.document_types import DOCUMENT_TYPES
from loa.content.errors import ContentError
from loa.content.frontmatter import FrontMatterError, parse_source
from loa.content.loader import load_announcement
from loa.content.repository import NEWS_FOLDER
from loa.vietnamese import slugify, to_nfc

MAX_SLUG_LENGTH = 80


class ScaffoldError(Exception):
    """The new announcement cannot be created; the message says why."""


def _yaml_text(value: str) -> str:
    """A YAML scalar that stays text whatever it holds (colons, quotes, Vietnamese)."""
    return json.dumps(value, ensure_ascii=False)


def announcement_text(title: str, type_code: str, number: str | None, date: dt.date) -> str:
    """The file's content: all fields present, the optional ones empty, with Vietnamese comments."""
    number_line = f"number: {_yaml_text(number)}" if number else "number:"
    return f"""---
title: {_yaml_text(title)}  # bắt buộc; với công văn là trích yếu (V/v ...)
date: {date.isoformat()}  # bắt buộc; ngày ban hành, dạng YYYY-MM-DD
type: {type_code}  # bắt buộc; một trong: {", ".join(DOCUMENT_TYPES)}
{number_line}  # số, ký hiệu; bắt buộc trừ tin-tuc và bản nháp, ví dụ 123/STC-VP
issuer:  # để trống: tên cơ quan trong mkdocs.yml (extra.agency.name)
place:  # để trống: địa danh trong mkdocs.yml (extra.agency.place)
author:  # chỉ với tin-tuc: tác giả bài viết
signer:  # văn bản: người ký (để trống cả ba dòng nếu chưa có)
  name:  # họ tên, ví dụ Trần Quốc Sở
  title:  # chức vụ, ví dụ Phó Giám đốc
  authority:  # dòng thẩm quyền nếu có: KT. Giám đốc / TL. Giám đốc / TM. ...
recipients: []  # nơi nhận theo thứ tự, ví dụ [Như trên, Ban Giám đốc, "Lưu: VT"]
references: []  # số ký hiệu văn bản căn cứ, liên quan, ví dụ [57/KH-SLĐTBXH]
effective:  # ngày hiệu lực nếu có, dạng YYYY-MM-DD
campaign:  # mã chiến dịch nếu văn bản thuộc một chiến dịch, ví dụ bdg-2021
attachments: []  # tệp đính kèm, đường dẫn tính từ tệp này: - file: files/phu-luc.pdf / title: Phụ lục
tags: []  # chủ đề, ví dụ [ngân sách, chuyển đổi số]
summary:  # tóm tắt; để trống: lấy đoạn đầu của nội dung
draft: false  # true: bản nháp, không đăng ở bất kỳ đâu
---
Nội dung văn bản viết ở đây, theo cú pháp Markdown.
"""


def create_announcement(
    docs_dir: Path, agency: Agency, title: str, type_code: str, number: str | None, date: dt.date
) -> Path:
    """Write `docs/tin-tuc/posts/<year>/<slug>.md`; refuse to overwrite or to write an invalid file."""
    title = " ".join(to_nfc(title).split())
    number = to_nfc(number.strip()) if number else None
    slug = file_slug(title)
    if not slug:
        raise ScaffoldError(f"tiêu đề '{title}' không có chữ hoặc số để làm tên tệp")
    if slug in RESERVED_SLUGS:
        raise ScaffoldError(f"tên tệp '{slug}.md' trùng trang của mục tin; hãy đặt tiêu đề khác")
    source_path = f"{NEWS_FOLDER}{date.year}/{slug}.md"
    target = docs_dir / source_path
    if target.exists():
        raise ScaffoldError(f"{target}: tệp đã có, không ghi đè; hãy sửa tệp đó hoặc đổi tiêu đề")
    conflict = _find_conflict(docs_dir / NEWS_FOLDER, slug, number, date.year)
    if conflict:
        raise ScaffoldError(conflict)
    text = announcement_text(title, type_code, number, date)
    _, errors = load_announcement(target, source_path, agency, (), read_text=lambda _path: text)
    if errors:
        raise ScaffoldError("\n".join(str(_shown(error, docs_dir)) for error in errors))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return target


def file_slug(title: str) -> str:
    """The file name for a title: its ASCII slug, cut at a word to stay a usable file name."""
    slug = slugify(title)
    if len(slug) <= MAX_SLUG_LENGTH:
        return slug
    return slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]


def _find_conflict(news_dir: Path, slug: str, number: str | None, year: int) -> str | None:
    """What in the existing announcements the new one would collide with, if anything:
    the same slug in any year, or the same number in the same year."""
    for path in sorted(news_dir.rglob("*.md")) if news_dir.is_dir() else []:
        if slugify(path.stem) == slug:
            return f"{path}: đã có văn bản với cùng đường dẫn '{slug}'; hãy đặt tiêu đề khác"
        if number is None:
            continue
        try:
            meta = parse_source(path.read_text(encoding="utf-8")).meta
        except (FrontMatterError, UnicodeDecodeError):
            continue  # the build reports that file's own errors
        if str(meta.get("number") or "").strip() == number and str(meta.get("date", ""))[:4] == str(year):
            return f"{path}: số '{number}' đã cấp trong năm {year}; mỗi số chỉ cấp một lần trong một năm"
    return None


def _shown(error: ContentError, docs_dir: Path) -> str:
    return str(error).replace(error.path, str(docs_dir / error.path), 1)
