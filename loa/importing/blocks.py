"""The structured text both readers produce: paragraphs of lines of formatted spans, tables, and
two-column zones, each with where it came from, so every field found can name its source line.

A .docx gives its paragraphs, tables and text boxes; a PDF gives lines rebuilt from the positions
of its words, its two-column zones split by x-position. The recogniser sees only these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from loa.content.hidden_characters import visible

# Characters the loader refuses (zero-width spaces, soft hyphens, bidi controls, other control and
# format characters) are dropped, and so are carriage returns; no-break and other odd spaces become
# ordinary spaces. Tabs and line breaks stay: they are structure (a tab separates "Số: …" from the
# place and date on one header line), handled by the readers.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_TABS = re.compile(r"\s*\t[\s\t]*")
_BROKEN_AT_HYPHEN = re.compile(r"\w-$")


def broken_at_hyphen(text: str) -> bool:
    """Whether a line ends inside a word broken at its hyphen ("33/TTr-" of "33/TTr-STC"): a
    browser or Word breaks such words at the end of a line, and no space joins the parts."""
    return bool(_BROKEN_AT_HYPHEN.search(text.rstrip()))


def join_lines(texts: Iterable[str]) -> str:
    """Lines of one paragraph as one text: a space between them, none after a broken word."""
    out = ""
    for text in texts:
        if text:
            out += ("" if not out or broken_at_hyphen(out) else " ") + text
    return out


def clean_text(text: str) -> str:
    """Text as an announcement may hold it: NFC (whatever the source), without hidden characters,
    odd spaces made ordinary."""
    return visible(_ODD_SPACES.sub(" ", unicodedata.normalize("NFC", text))).replace("\r", "")


@dataclass(frozen=True)
class Span:
    """A run of text in one format."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Line:
    """One line of the source: a visual line of a PDF, a paragraph (or a part between two line
    breaks) of a .docx. `where` says where it is, for messages: "trang 1, dòng 4", "bảng 1, hàng 1,
    cột 2, đoạn 3"."""

    spans: tuple[Span, ...]
    where: str

    @property
    def text(self) -> str:
        """The line's text, spaces collapsed."""
        return " ".join("".join(span.text for span in self.spans).split())

    def split_at_tabs(self) -> list[Line]:
        """The line's parts between tabs, each a line of its own with its formatting: a header typed
        with tabs ("Số: 12/STC-VP <tab> Sóc Trăng, ngày …") holds both columns on one line."""
        parts: list[list[Span]] = [[]]
        for span in self.spans:
            pieces = _TABS.split(span.text)
            for k, piece in enumerate(pieces):
                if k:
                    parts.append([])
                if piece:
                    parts[-1].append(Span(piece, span.bold, span.italic))
        lines = [Line(tuple(spans), self.where) for spans in parts]
        return [line for line in lines if line.text]

    @property
    def bold(self) -> bool:
        """Whether most of the line's letters are bold (NĐ 30 sets agency names and subjects bold)."""
        return _mostly(self.spans, lambda span: span.bold)


def _mostly(spans: tuple[Span, ...], test) -> bool:
    total = sum(len(span.text.strip()) for span in spans)
    marked = sum(len(span.text.strip()) for span in spans if test(span))
    return total > 0 and marked * 2 > total


@dataclass(frozen=True)
class Paragraph:
    """Lines that belong together: a .docx paragraph (its line breaks split it into lines) or the
    visual lines of one PDF paragraph. `centered` when the source says or shows it."""

    lines: tuple[Line, ...]
    centered: bool = False

    @property
    def text(self) -> str:
        return join_lines(line.text for line in self.lines)


@dataclass(frozen=True)
class Table:
    """A table of the source: rows of cells, each cell a sequence of paragraphs. Merged cells
    appear once, the cells they cover are empty."""

    rows: tuple[tuple[tuple[Paragraph, ...], ...], ...]
    where: str

    @property
    def column_count(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def column(self, index: int) -> list[Paragraph]:
        """The paragraphs of one column, top to bottom."""
        return [p for row in self.rows if index < len(row) for p in row[index]]


@dataclass(frozen=True)
class Columns:
    """Two columns side by side that are not a table of the source: the header and the closing
    of a PDF (split at the gap between the columns), or the text boxes of a .docx header."""

    left: tuple[Paragraph, ...]
    right: tuple[Paragraph, ...]
    where: str


Block = Paragraph | Table | Columns


@dataclass(frozen=True)
class SourceDocument:
    """What a reader found in a file, in reading order."""

    blocks: tuple[Block, ...]
    kind: str  # "docx" or "pdf"


def two_columns(block: Block) -> tuple[list[Paragraph], list[Paragraph]] | None:
    """The left and right columns of a two-column block (a table of two or more columns, or
    Columns), else None."""
    if isinstance(block, Columns):
        return list(block.left), list(block.right)
    if isinstance(block, Table) and block.column_count >= 2:
        return block.column(0), block.column(block.column_count - 1)
    return None
