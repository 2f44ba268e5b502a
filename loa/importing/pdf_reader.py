"""A PDF with a text layer as structured text, rebuilt from the positions of its words.

pdfplumber (on pdfminer.six) gives every word with its box and font, and finds ruled tables. A
text layer read in stream order interleaves the header's two columns ("UBND TỈNH SÓC TRĂNG CỘNG
HÒA XÃ HỘI…" on one line), so lines are rebuilt from positions and the header and the closing
(nơi nhận beside the signature) are split at the vertical gap between their columns. Body lines
are joined into paragraphs by their indents, their spacing and where the previous line ended.
Bold and italic come from the fonts' names. A PDF without text (a scan) is refused: reading
images (OCR) is not done here.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from loa.importing.blocks import Block, Columns, Line, Paragraph, SourceDocument, Span, Table, clean_text
from loa.importing.patterns import (
    ADDRESSEE,
    LIST_MARKER,
    RECIPIENTS_LABEL,
    is_signature_start,
    is_upper,
    type_name_code,
)

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_ITALIC = re.compile(r"italic|oblique|slanted", re.I)
_MIN_GUTTER = 6.0  # points: the narrowest gap taken for the space between two columns
_PAGE_NUMBER = re.compile(r"^[0-9]{1,3}$")


class PdfReadError(Exception):
    """The file is not a readable PDF; the message says why."""


class ScannedPdfError(Exception):
    """The PDF has no text layer where its text should be: a scan."""

    def __init__(self, pages_without_text: list[int], page_count: int, has_images: bool):
        self.pages_without_text = pages_without_text
        self.page_count = page_count
        self.has_images = has_images
        super().__init__(f"{len(pages_without_text)} of {page_count} pages have no text")


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool


@dataclass
class _Row:
    """Words on one visual line of a page (both columns of a header, if it is in one)."""

    page: int
    number: int
    words: list[_Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def where(self) -> str:
        return f"trang {self.page}, dòng {self.number}"

    def part(self, words: list[_Word]) -> _Row:
        return _Row(self.page, self.number, words)


@dataclass(frozen=True)
class _TableAt:
    page: int
    top: float
    table: Table


def read_pdf(path: Path) -> SourceDocument:
    """The blocks of a PDF in reading order: the header columns, the body, the closing columns."""
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [_read_page(page, n) for n, page in enumerate(pdf.pages, start=1)]
            width = float(pdf.pages[0].width) if pdf.pages else 0.0
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise PdfReadError(_open_problem(error)) from error
    if not pages:
        raise PdfReadError("tệp PDF không có trang nào")
    without_text = [n for n, (rows, _tables, _images) in enumerate(pages, start=1) if not rows]
    if 1 in without_text:
        raise ScannedPdfError(without_text, len(pages), any(images for _r, _t, images in pages))
    rows = [row for page_rows, _tables, _images in pages for row in page_rows]
    tables = [table for _rows, page_tables, _images in pages for table in page_tables]
    return SourceDocument(tuple(_blocks(rows, tables, width)), "pdf")


def _open_problem(error: Exception) -> str:
    text = str(error)
    if "password" in text.lower() or "encrypt" in text.lower():
        return "tệp PDF có mật khẩu hoặc bị mã hóa, không đọc được chữ"
    return f"không mở được tệp PDF ({error.__class__.__name__}: {text[:200]})"


def _read_page(page, number: int) -> tuple[list[_Row], list[_TableAt], bool]:
    """The rows of a page outside its ruled tables, the tables, and whether it shows images."""
    words = [
        _Word(
            clean_text(w["text"]),
            float(w["x0"]),
            float(w["x1"]),
            float(w["top"]),
            float(w["bottom"]),
            float(w.get("size") or 0) or float(w["bottom"]) - float(w["top"]),
            bool(_BOLD.search(w.get("fontname") or "")),
            bool(_ITALIC.search(w.get("fontname") or "")),
        )
        for w in page.extract_words(extra_attrs=["fontname", "size"], use_text_flow=False)
    ]
    words = [w for w in words if w.text.strip()]
    found = page.find_tables() if words else []
    boxes = [t.bbox for t in found]
    outside = [w for w in words if not any(_inside(w, box) for box in boxes)]
    rows = _rows(outside, number)
    rows = [row for i, row in enumerate(rows) if not (_PAGE_NUMBER.match(row.text) and i in (0, len(rows) - 1))]
    tables = [_table(t, words, number, k) for k, t in enumerate(found, start=1)]
    return rows, [t for t in tables if t is not None], bool(page.images)


def _inside(word: _Word, box: tuple[float, float, float, float]) -> bool:
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _rows(words: list[_Word], page: int) -> list[_Row]:
    """Words grouped into visual lines by their tops, each line left to right."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        tolerance = max(2.0, 0.3 * word.size)
        if rows and abs(word.top - min(w.top for w in rows[-1])) <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [_Row(page, n, sorted(r, key=lambda w: w.x0)) for n, r in enumerate(rows, start=1)]


def _table(found, words: list[_Word], page: int, index: int) -> _TableAt | None:
    where = f"trang {page}, bảng {index}"
    rows = []
    for r, row in enumerate(found.rows, start=1):
        cells = []
        for c, box in enumerate(row.cells, start=1):
            if box is None:
                cells.append(())
                continue
            inside = _rows([w for w in words if _inside(w, box)], page)
            lines = tuple(_line(line, f"{where}, hàng {r}, cột {c}") for line in inside)
            cells.append((Paragraph(lines),) if lines else ())
        rows.append(tuple(cells))
    if not rows:
        return None
    return _TableAt(page, float(found.bbox[1]), Table(tuple(rows), where))


def _line(row: _Row, where: str | None = None) -> Line:
    """A row's words as spans, a space where the words stand apart (a font change inside a word,
    “*Đảm*…, splits it without a gap)."""
    spans: list[Span] = []
    previous: _Word | None = None
    for word in row.words:
        gap = " " if previous is not None and word.x0 - previous.x1 > 0.1 * word.size else ""
        if spans and (spans[-1].bold, spans[-1].italic) == (word.bold, word.italic):
            spans[-1] = Span(spans[-1].text + gap + word.text, word.bold, word.italic)
        else:
            if gap and spans:
                spans[-1] = Span(spans[-1].text + gap, spans[-1].bold, spans[-1].italic)
            spans.append(Span(word.text, word.bold, word.italic))
        previous = word
    return Line(tuple(spans), where or row.where)


# --------------------------------------------------------------------------- columns


def _gutter(rows: list[_Row], width: float) -> tuple[float, float] | None:
    """The widest vertical strip in the middle of the page that no word of `rows` touches."""
    low, high = 0.2 * width, 0.8 * width
    covered = sorted((w.x0, w.x1) for row in rows for w in row.words)
    free: list[tuple[float, float]] = []
    edge = low
    for x0, x1 in covered:
        if x0 > edge:
            free.append((edge, min(x0, high)))
        edge = max(edge, x1)
        if edge >= high:
            break
    if edge < high:
        free.append((edge, high))
    free = [(a, b) for a, b in free if b - a >= _MIN_GUTTER]
    return max(free, key=lambda strip: strip[1] - strip[0]) if free else None


def _zone(rows: list[_Row], width: float, stop=None) -> tuple[int, float] | None:
    """How many rows from the first share a gap between two columns, and where to split them;
    None when they are not two columns (no row has words on both sides)."""
    count, gutter = 0, None
    for i in range(len(rows)):
        if i > 0 and stop is not None and stop(rows[i]):
            break
        strip = _gutter(rows[: i + 1], width)
        if strip is None:
            break
        count, gutter = i + 1, strip
    if gutter is None:
        return None
    split = (gutter[0] + gutter[1]) / 2
    if not any(r.words[0].x0 < split < r.words[-1].x1 for r in rows[:count]):
        return None
    return count, split


def _columns(rows: list[_Row], split: float, where: str) -> Columns:
    left = [row.part([w for w in row.words if (w.x0 + w.x1) / 2 < split]) for row in rows]
    right = [row.part([w for w in row.words if (w.x0 + w.x1) / 2 >= split]) for row in rows]
    return Columns(
        tuple(Paragraph((_line(r),)) for r in left if r.words),
        tuple(Paragraph((_line(r),)) for r in right if r.words),
        where,
    )


def _ends_header(row: _Row) -> bool:
    text = row.text
    return bool(ADDRESSEE.match(text)) or type_name_code(text) is not None


def _starts_closing(row: _Row, width: float) -> bool:
    """Whether a row opens the closing: "Nơi nhận:" at the left, or a signature's first line alone
    in the right half."""
    if RECIPIENTS_LABEL.match(row.text):
        return True
    return row.x0 > 0.5 * width and is_signature_start(row.text)


# --------------------------------------------------------------------------- blocks


def _blocks(rows: list[_Row], tables: list[_TableAt], width: float) -> list[Block]:
    """The header's columns (the top rows of page 1 that share a gap), the body, the closing's
    columns (from "Nơi nhận" or the signature on, while the rows share a gap), what follows."""
    blocks: list[Block] = []
    first_page = [r for r in rows if r.page == 1]
    header = _zone(first_page, width, _ends_header)
    start = 0
    if header is not None:
        count, split = header
        blocks.append(_columns(first_page[:count], split, "phần đầu"))
        start = count
    rest = rows[start:]
    closing_at = next((i for i, row in enumerate(rest) if i > 0 and _starts_closing(row, width)), None)
    body_rows = rest if closing_at is None else rest[:closing_at]
    after: list[_Row] = []
    closing_rows: list[_Row] = []
    if closing_at is not None:
        tail = rest[closing_at:]
        zone = _zone(tail, width)
        if zone is None:
            closing_rows, after = tail, []
            split = 0.5 * width
        else:
            count, split = zone
            closing_rows, after = tail[:count], tail[count:]
    blocks += _flow(body_rows, [t for t in tables if _before(t, closing_rows)])
    if closing_rows:
        blocks.append(_columns(closing_rows, split, "phần cuối"))
    blocks += _flow(after, [t for t in tables if not _before(t, closing_rows)])
    return blocks


def _before(table: _TableAt, closing_rows: list[_Row]) -> bool:
    if not closing_rows:
        return True
    first = closing_rows[0]
    return (table.page, table.top) < (first.page, first.top)


def _flow(rows: list[_Row], tables: list[_TableAt]) -> list[Block]:
    """Rows and tables in page order, rows joined into paragraphs."""
    items: list[tuple[tuple[int, float], _Row | _TableAt]] = [((r.page, r.top), r) for r in rows]
    items += [((t.page, t.top), t) for t in tables]
    items.sort(key=lambda item: item[0])
    blocks: list[Block] = []
    run: list[_Row] = []
    for _key, item in items:
        if isinstance(item, _TableAt):
            blocks += _paragraphs(run)
            run = []
            blocks.append(item.table)
        else:
            run.append(item)
    blocks += _paragraphs(run)
    return blocks


def _paragraphs(rows: list[_Row]) -> list[Paragraph]:
    """Visual lines joined into paragraphs. A line starts a paragraph when it is indented, begins
    with a list marker, stands further below than lines of a paragraph do, changes between
    centred and not, or when the previous line ended early enough that its first word would have
    fitted there."""
    if not rows:
        return []
    left = min(r.x0 for r in rows)
    right = max(r.x1 for r in rows)
    gaps = [b.top - a.bottom for a, b in zip(rows, rows[1:], strict=False) if a.page == b.page]
    usual_gap = statistics.median(gaps) if gaps else 0.0
    paragraphs: list[list[_Row]] = []
    for i, row in enumerate(rows):
        if i == 0 or _starts_paragraph(rows[i - 1], row, left, right, usual_gap):
            paragraphs.append([row])
        else:
            paragraphs[-1].append(row)
    return [
        Paragraph(tuple(_line(r) for r in group), centered=all(_centered(r, left, right) for r in group))
        for group in paragraphs
    ]


def _starts_paragraph(previous: _Row, row: _Row, left: float, right: float, usual_gap: float) -> bool:
    size = row.size
    if row.page == previous.page and row.top - previous.bottom > usual_gap + max(3.0, 0.25 * size):
        return True
    if LIST_MARKER.match(row.text) or ADDRESSEE.match(row.text):
        return True
    first_word = row.words[0].x1 - row.words[0].x0
    ended_early = right - previous.x1 > first_word + 0.5 * size  # the next word would have fitted
    was_centered, is_centered = _centered(previous, left, right), _centered(row, left, right)
    if was_centered and is_centered:  # a centred heading of several lines, in one case and weight
        same_kind = is_upper(previous.text) == is_upper(row.text) and _line(previous).bold == _line(row).bold
        return not (same_kind and row.page == previous.page)
    if was_centered:
        return True
    if is_centered:  # the short last line of a centred paragraph follows a full one
        return ended_early
    if row.x0 - left > 0.5 * size:
        return True
    return ended_early


def _centered(row: _Row, left: float, right: float) -> bool:
    before, after = row.x0 - left, right - row.x1
    width = right - left
    return before > max(2 * row.size, 0.12 * width) and abs(before - after) < 0.05 * width
