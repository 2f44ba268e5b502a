"""The webmaster's tool: a new announcement file with every field of the model, explained."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from loa.content.agency import Agency
from loa.content.document_types import DOCUMENT_TYPES
from loa.content.errors import ContentError
from loa.content.loader import load_announcement
from loa.content.repository import NEWS_FOLDER
from loa.vietnamese import slugify, to_nfc


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
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"tiêu đề '{title}' không có chữ hoặc số để làm tên tệp")
    source_path = f"{NEWS_FOLDER}{date.year}/{slug}.md"
    target = docs_dir / source_path
    if target.exists():
        raise ScaffoldError(f"{target}: tệp đã có, không ghi đè; hãy sửa tệp đó hoặc đổi tiêu đề")
    text = announcement_text(title, type_code, number, date)
    _, errors = load_announcement(target, source_path, agency, (), read_text=lambda _path: text)
    if errors:
        raise ScaffoldError("\n".join(str(_shown(error, docs_dir)) for error in errors))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return target


def _shown(error: ContentError, docs_dir: Path) -> str:
    return str(error).replace(error.path, str(docs_dir / error.path), 1)
