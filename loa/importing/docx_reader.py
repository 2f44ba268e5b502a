"""A .docx as structured text: its paragraphs with their bold and italic runs, its tables cell by
cell, and its text boxes.

python-docx gives the document's styles (so a run's bold may come from its style), but not the
text boxes (`w:txbxContent`) many agencies draw their two-column header in: those are read from
the XML. A text box is written twice in a modern file (the DrawingML box and a VML fallback for
old Word): only the first is read. Images (a scanned signature) carry no text and are left out.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from loa.importing.blocks import Block, Columns, Line, Paragraph, SourceDocument, Span, Table, clean_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
}
_TAG = {name: f"{{{W}}}{name}" for name in ("p", "tbl", "tr", "tc", "r", "t", "tab", "br", "cr", "sdt")}
# Inline containers whose runs are text of the paragraph; deleted text (w:del) is not.
_INLINE_CONTAINERS = frozenset(
    f"{{{W}}}{name}"
    for name in ("hyperlink", "ins", "smartTag", "customXml", "fldSimple", "moveTo", "sdt", "sdtContent")
)
_VML_LEFT = re.compile(r"(?:margin-left|left)\s*:\s*(-?[0-9.]+)\s*(pt|in|cm|mm|px)?", re.I)
_UNIT_EMU = {"pt": 12700, "in": 914400, "cm": 360000, "mm": 36000, "px": 9525, None: 12700}
_ALIGN_EMU = {"left": 0, "inside": 0, "center": 3_000_000, "right": 6_000_000, "outside": 6_000_000}


class DocxReadError(Exception):
    """The file is not a readable .docx; the message says what it is instead."""


def read_docx(path: Path) -> SourceDocument:
    """The blocks of a .docx in reading order."""
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise DocxReadError(f"không mở được tệp Word ({error.__class__.__name__}: {error})") from error
    reader = _Reader(document)
    return SourceDocument(tuple(reader.body()), "docx")


@dataclass
class _TextBox:
    x: int  # horizontal position in EMU, to tell the left box from the right one
    paragraphs: list[Paragraph]


@dataclass
class _Reader:
    document: DocxDocument
    paragraph_count: int = 0
    table_count: int = 0
    box_count: int = 0
    pending_boxes: list[_TextBox] = field(default_factory=list)

    def body(self) -> Iterator[Block]:
        for element in _block_children(self.document.element.body):
            if element.tag == _TAG["tbl"]:
                yield from self._flush_boxes()
                self.table_count += 1
                yield self._table(element, f"bảng {self.table_count}")
                continue
            boxes = self._text_boxes(element)
            paragraph = self._paragraph(element, None)
            self.pending_boxes += boxes
            if paragraph is not None:
                yield from self._flush_boxes()
                yield paragraph
        yield from self._flush_boxes()

    def _flush_boxes(self) -> Iterator[Block]:
        """Text boxes met since the last text: two or more side by side are columns (a header in
        text boxes), a lone one is read as paragraphs where it is anchored."""
        boxes, self.pending_boxes = sorted(self.pending_boxes, key=lambda b: b.x), []
        if len(boxes) >= 2 and boxes[0].x != boxes[-1].x:
            gaps = [boxes[i + 1].x - boxes[i].x for i in range(len(boxes) - 1)]
            split = gaps.index(max(gaps)) + 1
            left = tuple(p for box in boxes[:split] for p in box.paragraphs)
            right = tuple(p for box in boxes[split:] for p in box.paragraphs)
            yield Columns(left, right, "khung chữ")
            return
        for box in boxes:
            yield from box.paragraphs

    def _paragraph(self, element, where: str | None, counter: list[int] | None = None) -> Paragraph | None:
        """A paragraph's lines (split at its line breaks), or None when it holds no text."""
        paragraph = DocxParagraph(element, self.document)
        lines: list[list[Span]] = [[]]
        for run_element in _runs(element):
            run = Run(run_element, paragraph)
            bold, italic = _effective(run, paragraph, "bold"), _effective(run, paragraph, "italic")
            for piece in _run_pieces(run_element):
                if piece == "\n":
                    lines.append([])
                elif piece:
                    lines[-1].append(Span(clean_text(piece), bold, italic))
        texts = [spans for spans in lines if "".join(s.text for s in spans).strip()]
        if not texts:
            return None
        if where is None:
            self.paragraph_count += 1
            where = f"đoạn {self.paragraph_count}"
        result = []
        for spans in texts:
            if counter is not None:
                counter[0] += 1
                label = f"{where}, dòng {counter[0]}"
            else:
                label = where if len(texts) == 1 else f"{where}, dòng {len(result) + 1}"
            result.append(Line(tuple(_merge(spans)), label))
        return Paragraph(tuple(result), centered=_centered(paragraph))

    def _container(self, element, where: str) -> list[Paragraph]:
        """The paragraphs of a table cell or text box; nested tables and boxes read in place."""
        counter = [0]
        paragraphs: list[Paragraph] = []
        for child in _block_children(element):
            if child.tag == _TAG["tbl"]:
                nested = self._table(child, where)
                paragraphs += [p for row in nested.rows for cell in row for p in cell]
                continue
            for box in self._text_boxes(child):
                paragraphs += box.paragraphs
            paragraph = self._paragraph(child, where, counter)
            if paragraph is not None:
                paragraphs.append(paragraph)
        return paragraphs

    def _table(self, element, where: str) -> Table:
        rows = []
        for r, row in enumerate(element.iterchildren(_TAG["tr"]), start=1):
            cells: list[tuple[Paragraph, ...]] = []
            for cell in row.iterchildren(_TAG["tc"]):
                column = len(cells) + 1
                merged_below = cell.find("w:tcPr/w:vMerge", NS)
                continues = merged_below is not None and merged_below.get(f"{{{W}}}val") in (None, "continue")
                content = () if continues else tuple(self._container(cell, f"{where}, hàng {r}, cột {column}"))
                cells.append(content)
                span = cell.find("w:tcPr/w:gridSpan", NS)
                cells += [()] * (int(span.get(f"{{{W}}}val", "1")) - 1 if span is not None else 0)
            rows.append(tuple(cells))
        return Table(tuple(rows), where)

    def _text_boxes(self, element) -> list[_TextBox]:
        """The text boxes anchored in a paragraph, with their horizontal positions."""
        boxes = []
        for content in element.iterfind(".//w:txbxContent", NS):
            if any(a.tag == f"{{{NS['mc']}}}Fallback" for a in content.iterancestors()):
                continue  # the VML copy of a DrawingML box
            if any(a.tag == f"{{{W}}}txbxContent" for a in content.iterancestors()):
                continue  # a box in a box is read with its container
            self.box_count += 1
            boxes.append(_TextBox(_box_x(content), self._container(content, f"khung chữ {self.box_count}")))
        return boxes


def _block_children(element) -> Iterator:
    """Paragraphs and tables of a body, cell or text box, content controls opened."""
    for child in element.iterchildren():
        if child.tag in (_TAG["p"], _TAG["tbl"]):
            yield child
        elif child.tag == _TAG["sdt"]:
            content = child.find("w:sdtContent", NS)
            if content is not None:
                yield from _block_children(content)


def _runs(element) -> Iterator:
    """The runs of a paragraph in order, through hyperlinks, insertions and fields."""
    for child in element.iterchildren():
        if child.tag == _TAG["r"]:
            yield child
        elif child.tag in _INLINE_CONTAINERS:
            yield from _runs(child)


def _run_pieces(run) -> Iterator[str]:
    """A run's text, "\\n" for its line breaks; tabs kept (they separate header parts)."""
    for child in run.iterchildren():
        tag = child.tag
        if tag == _TAG["t"]:
            yield child.text or ""
        elif tag == _TAG["tab"]:
            yield "\t"
        elif tag in (_TAG["br"], _TAG["cr"]):
            yield "\n"
        elif tag == f"{{{W}}}noBreakHyphen":
            yield "-"


def _effective(run: Run, paragraph: DocxParagraph, attribute: str) -> bool:
    """Bold or italic as Word shows it: the run's own setting, else its character style's, else
    the paragraph style's (each style through its base styles)."""
    value = getattr(run.font, attribute)
    if value is not None:
        return bool(value)
    for style in (_style_or_none(run), _style_or_none(paragraph)):
        while style is not None:
            value = getattr(style.font, attribute)
            if value is not None:
                return bool(value)
            style = style.base_style
    return False


def _style_or_none(item):
    try:
        return item.style
    except (KeyError, ValueError, AttributeError):
        return None


def _centered(paragraph: DocxParagraph) -> bool:
    alignment = paragraph.alignment
    style = _style_or_none(paragraph)
    while alignment is None and style is not None:
        alignment = style.paragraph_format.alignment
        style = style.base_style
    return alignment == WD_ALIGN_PARAGRAPH.CENTER


def _merge(spans: list[Span]) -> list[Span]:
    """Neighbouring spans of one format as one."""
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        else:
            merged.append(span)
    return merged


def _box_x(content) -> int:
    """Where a text box sits across the page, in EMU: its anchor's offset or alignment (DrawingML),
    or the left of its VML shape's style."""
    for ancestor in content.iterancestors():
        if ancestor.tag == f"{{{NS['wp']}}}anchor":
            offset = ancestor.find("wp:positionH/wp:posOffset", NS)
            if offset is not None and (offset.text or "").strip().lstrip("-").isdigit():
                return int(offset.text.strip())
            align = ancestor.find("wp:positionH/wp:align", NS)
            if align is not None:
                return _ALIGN_EMU.get((align.text or "").strip(), 0)
            return 0
        if ancestor.tag == f"{{{NS['wp']}}}inline":
            return 0
        style = ancestor.get("style")
        if style and ancestor.tag.startswith(f"{{{NS['v']}}}"):
            match = _VML_LEFT.search(style)
            if match:
                return int(float(match.group(1)) * _UNIT_EMU[(match.group(2) or "pt").lower()])
    return 0
