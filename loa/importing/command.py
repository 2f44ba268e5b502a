"""The webmaster's command: `loa import FILE…` (`scripts/import-document`).

Each file is read, its fields are printed with the source lines they came from (and the fields
that were not found are named), and its announcement is written, or the reasons it is not are
printed. One bad file does not stop the others; the exit status is 1 when any was not imported.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from loa.content.agency import Agency
from loa.content.errors import ContentError
from loa.content.file_types import content_problem, extension
from loa.content.hidden_characters import BODY_FIELD, FILE_FIELD
from loa.importing.blocks import SourceDocument
from loa.importing.docx_reader import DocxReadError, read_docx
from loa.importing.pdf_reader import PdfReadError, ScannedPdfError, read_pdf
from loa.importing.recognize import FIELDS, Found, Recognized, recognize
from loa.importing.writer import ImportRefused, plan_file, write_file

READABLE = ("docx", "pdf")
# Fields of the content model a document does not carry in its layout: the webmaster fills them in.
NOT_READ = ("references", "effective", "campaign", "tags", "summary")
_SHOWN_SOURCES = 3


class SourceError(Exception):
    """A file that cannot be read as a document: the error names it."""

    def __init__(self, error: ContentError):
        self.error = error
        super().__init__(str(error))


@dataclass(frozen=True)
class Outcome:
    path: Path
    imported: bool
    target: Path | None = None


def read_source(path: Path) -> SourceDocument:
    """The structured text of a .docx or PDF; SourceError says why a file cannot be read."""
    shown = str(path)
    ext = extension(path.name)
    if not path.is_file():
        raise SourceError(ContentError(shown, FILE_FIELD, "không có tệp này", "một tệp .docx hoặc .pdf có thật"))
    if ext not in READABLE:
        found = "tệp Word 97-2003 (.doc)" if ext == "doc" else f"tệp .{ext}" if ext else "tệp không có phần mở rộng"
        expected = "tệp .docx (Word: Lưu thành… > Word Document) hoặc .pdf có lớp chữ"
        raise SourceError(ContentError(shown, FILE_FIELD, found, expected))
    mismatch = content_problem(path, ext)  # an HTML page renamed .pdf, an empty file
    if mismatch is not None:
        expected = f"một tệp .{ext} thật (đổi tên tệp không đổi được loại tệp)"
        raise SourceError(ContentError(shown, FILE_FIELD, mismatch, expected))
    try:
        return read_docx(path) if ext == "docx" else read_pdf(path)
    except (DocxReadError, PdfReadError) as error:
        raise SourceError(ContentError(shown, FILE_FIELD, str(error), f"một tệp .{ext} đọc được")) from error
    except ScannedPdfError as error:
        pages = ", ".join(map(str, error.pages_without_text))
        kind = "chỉ có ảnh" if error.has_images else "không có chữ"
        found = f"tệp PDF không có lớp chữ ({kind}: trang {pages} trên {error.page_count} trang), có vẻ là bản quét"
        expected = (
            "tệp PDF có lớp chữ (xuất ra PDF từ Word, không quét) hoặc tệp .docx; "
            "Loa không nhận dạng chữ trên ảnh (OCR)"
        )
        raise SourceError(ContentError(shown, FILE_FIELD, found, expected)) from error


def import_documents(
    paths: list[Path],
    docs_dir: Path,
    agency: Agency,
    campaign_ids: Collection[str] = (),
    *,
    dry_run: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Import each file; 0 when every one was imported (or would be, with `dry_run`), else 1."""
    out = out or sys.stdout
    err = err or sys.stderr
    outcomes = [_import_one(path, docs_dir, agency, campaign_ids, dry_run, out, err) for path in paths]
    failed = [o for o in outcomes if not o.imported]
    verb = "Sẽ nhập" if dry_run else "Đã nhập"
    print(f"\n{verb} {len(outcomes) - len(failed)}/{len(outcomes)} tệp.", file=out)
    if failed:
        print("Không nhập được: " + ", ".join(str(o.path) for o in failed), file=err)
        return 1
    return 0


def _import_one(
    path: Path, docs_dir: Path, agency: Agency, campaign_ids: Collection[str], dry_run: bool, out: TextIO, err: TextIO
) -> Outcome:
    print(f"{path}:", file=out)
    try:
        document = read_source(path)
    except SourceError as error:
        print(f"  {error.error}", file=err)
        return Outcome(path, False)
    fields = recognize(document, agency, str(path))
    report_fields(fields, out)
    if fields.problems:
        for problem in fields.problems:
            print(f"  {problem}", file=err)
        print(f"  {path}: chưa nhập ({len(fields.problems)} lỗi)", file=err)
        return Outcome(path, False)
    try:
        plan = plan_file(path, fields, docs_dir, agency, campaign_ids)
        if dry_run:
            print(f"  Sẽ ghi {plan.target} (và chép văn bản gốc vào {plan.original_copy}):", file=out)
            print(plan.text, file=out)
            return Outcome(path, True, plan.target)
        write_file(plan, docs_dir, agency, campaign_ids)
    except ImportRefused as refused:
        for line in str(refused).splitlines():
            print(f"  {line}", file=err)
        print(f"  {path}: chưa nhập", file=err)
        return Outcome(path, False)
    except OSError as error:
        print(f"  {path}: không ghi được ({error.strerror or error})", file=err)
        return Outcome(path, False)
    print(f"  Đã ghi {plan.target} và văn bản gốc {plan.original_copy}", file=out)
    return Outcome(path, True, plan.target)


def report_fields(fields: Recognized, out: TextIO) -> None:
    """Each field found with the lines it came from; then the fields not found, by name."""
    for name in FIELDS:
        found = fields.fields.get(name)
        if found is not None:
            print(f"  {name}: {_shown_value(name, found)}" + (f" ({found.note})" if found.note else ""), file=out)
            for source in found.sources[:_SHOWN_SOURCES]:
                print(f"      ← '{_short(source.text)}' ({source.where})", file=out)
            if len(found.sources) > _SHOWN_SOURCES:
                print(f"      ← … và {len(found.sources) - _SHOWN_SOURCES} dòng nữa", file=out)
    missing = [name for name in fields.missing if not any(p.field == name for p in fields.problems)]
    if missing:
        print("  không thấy trên văn bản: " + ", ".join(missing), file=out)
    print("  không đọc từ văn bản (điền tay nếu cần): " + ", ".join(NOT_READ), file=out)


def _shown_value(name: str, found: Found) -> str:
    value = found.value
    if name == BODY_FIELD and isinstance(value, str):
        paragraphs = [p for p in value.split("\n\n") if p.strip()]
        tables = sum(1 for p in paragraphs if p.startswith("| "))
        return f"{len(paragraphs) - tables} đoạn" + (f", {tables} bảng" if tables else "")
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
