"""The webmaster's tool: a new announcement file with every field of the model, explained."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from pathlib import Path

from loa.content.agency import Agency
from loa.content.collection import (
    NEAR_DUPLICATE_RULE,
    ONE_NUMBER_A_YEAR,
    RESERVED_SLUGS,
    find_number_conflict,
    find_slug_conflict,
)
from loa.content.document_types import DOCUMENT_TYPES
from loa.content.errors import ContentError
from loa.content.loader import load_announcement, source_slug
from loa.content.repository import NEWS_FOLDER, load_news
from loa.vietnamese import slugify, to_nfc

MAX_SLUG_LENGTH = 80


class ScaffoldError(Exception):
    """The new announcement cannot be created; the message says why."""


def yaml_text(value: str) -> str:
    """A YAML scalar that stays text whatever it holds (colons, quotes, Vietnamese)."""
    return json.dumps(value, ensure_ascii=False)


def announcement_text(title: str, type_code: str, number: str | None, date: dt.date) -> str:
    """The file's content: all fields present, the optional ones empty, with Vietnamese comments."""
    number_line = f"number: {yaml_text(number)}" if number else "number:"
    return f"""---
title: {yaml_text(title)}  # bắt buộc; với công văn là trích yếu (V/v ...)
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
    docs_dir: Path,
    agency: Agency,
    title: str,
    type_code: str,
    number: str | None,
    date: dt.date,
    campaign_ids: Collection[str] = (),
) -> Path:
    """Write `docs/tin-tuc/posts/<year>/<slug>.md`; refuse to overwrite, to write an invalid file
    or one that collides with an existing announcement. `campaign_ids` are the kits' ids, so that
    the existing announcements of a campaign load as in the build and count for collisions."""
    title = " ".join(to_nfc(title).split())
    number = to_nfc(number.strip()) if number else None
    slug = file_slug(title)
    problem = slug_problem(slug, f"tiêu đề '{title}'")
    if problem:
        raise ScaffoldError(problem)
    source_path = f"{NEWS_FOLDER}{date.year}/{slug}.md"
    target = docs_dir / source_path
    if target.exists():
        raise ScaffoldError(f"{target}: tệp đã có, không ghi đè; hãy sửa tệp đó hoặc đổi tiêu đề")
    text = announcement_text(title, type_code, number, date)
    _, errors = load_announcement(target, source_path, agency, (), read_text=lambda _path: text)
    if errors:
        raise ScaffoldError("\n".join(shown_in_docs(error, docs_dir) for error in errors))
    conflict = find_conflict(docs_dir, agency, campaign_ids, slug, number, date.year)
    if conflict:
        raise ScaffoldError(conflict)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return target


def slug_problem(slug: str, named: str) -> str | None:
    """Why a new announcement cannot take this file name, if it cannot; `named`: what the slug
    was made from, as the message names it ("tiêu đề '…'")."""
    if not slug:
        return f"{named} không có chữ hoặc số để làm tên tệp"
    if slug in RESERVED_SLUGS:
        return f"tên tệp '{slug}.md' trùng trang của mục tin; hãy đặt tiêu đề khác"
    return None


def file_slug(title: str) -> str:
    """The file name for a title: its ASCII slug, cut at a word to stay a usable file name."""
    slug = slugify(title)
    if len(slug) <= MAX_SLUG_LENGTH:
        return slug
    return slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]


def find_conflict(
    docs_dir: Path, agency: Agency, campaign_ids: Collection[str], slug: str, number: str | None, year: int
) -> str | None:
    """What among the existing announcements the new one would collide with, if anything, by the
    collection's own rules: the same slug in any year, the same number (however spelt) in the
    same year. They are loaded as the build loads them, drafts included; a file with errors of
    its own is left to the build to report, though its file name still takes its slug."""
    news_dir = docs_dir / NEWS_FOLDER
    sources = sorted(p.relative_to(docs_dir).as_posix() for p in news_dir.rglob("*.md")) if news_dir.is_dir() else []
    news = load_news(docs_dir, sources, agency, campaign_ids)
    existing = [*news.published, *news.drafts]
    loaded = {item.source_path for item in existing}
    same_slug = find_slug_conflict(existing, slug)
    unloaded = (source for source in sources if source not in loaded)
    slug_taken_by = same_slug.source_path if same_slug else next((s for s in unloaded if source_slug(s) == slug), None)
    if slug_taken_by:
        return f"{docs_dir / slug_taken_by}: đã có văn bản với cùng đường dẫn '{slug}'; hãy đặt tiêu đề khác"
    same_number = find_number_conflict(existing, number, year) if number else None
    if same_number is None:
        return None
    path = docs_dir / same_number.source_path
    if same_number.number == number:
        return f"{path}: số '{number}' đã cấp trong năm {year}; {ONE_NUMBER_A_YEAR}"
    return f"{path}: số '{number}' gần trùng số '{same_number.number}' đã cấp trong năm {year}; {NEAR_DUPLICATE_RULE}"


def shown_in_docs(error: ContentError, docs_dir: Path) -> str:
    """An error about a file not written yet, with the path it would have under `docs_dir`."""
    return str(error).replace(error.path, str(docs_dir / error.path), 1)
