"""The body of a document as Markdown: one paragraph per paragraph of the source, bold and italic
kept, tables as Markdown tables.

The paper's own numbering stays text ("1\\. Đẩy mạnh…", "\\- Thời gian…"), as in the demo's files:
a Markdown list would renumber points and re-indent the dashes a signed document shows. Anything
Markdown or HTML would read as markup is escaped, so the page shows the document's characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loa.importing.blocks import Block, Columns, Line, Paragraph, Span, Table, broken_at_hyphen, join_lines
from loa.importing.patterns import ADDRESSEE, LIST_MARKER, is_rule

_INLINE_ESCAPE = re.compile(r"([\\`*_{}\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What makes a line a block of Markdown when it starts one: headings, quotes, list items.
_BLOCK_START = re.compile(r"^(#|>|[-+*](?=\s|$)|[0-9]+(?=[.)](?:\s|$)))")


def body_markdown(blocks: Iterable[Block]) -> str:
    """Markdown of the body blocks, paragraphs separated by a blank line."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts += paragraph_markdown(block)
        elif isinstance(block, Table):
            table = table_markdown(block)
            if table:
                parts.append(table)
        elif isinstance(block, Columns):
            for paragraph in (*block.left, *block.right):
                parts += paragraph_markdown(paragraph)
    return "\n\n".join(parts)


def paragraph_markdown(paragraph: Paragraph) -> list[str]:
    """A source paragraph as Markdown paragraphs: a line break followed by a numbered point or a
    dash starts a paragraph of its own (as the PDF reader splits them), other breaks join lines."""
    groups: list[list[Line]] = []
    for line in paragraph.lines:
        if not line.text or is_rule(line.text):
            continue
        if not groups or LIST_MARKER.match(line.text):
            groups.append([line])
        else:
            groups[-1].append(line)
    out = []
    for group in groups:
        if ADDRESSEE.match(group[0].text):  # "Kính gửi:" stays plain: the summary skips it by its words
            text = escape_start(escape_inline(join_lines(line.text for line in group)))
        else:
            text = escape_start(inline_markdown(_joined(group)))
        if text:
            out.append(text)
    return out


def _joined(lines: list[Line]) -> list[Span]:
    """The spans of a paragraph's lines, a space between lines unless a word broke at its hyphen."""
    spans: list[Span] = []
    for line in lines:
        if spans and not broken_at_hyphen("".join(span.text for span in spans)):
            spans.append(Span(" "))
        spans += line.spans
    return spans


def inline_markdown(spans: Iterable[Span]) -> str:
    """Spans as Markdown text: **bold**, *italic*, ***both***; the delimiters hug the words (spaces
    go outside, as Markdown needs), and a formatted span right after another one is written as
    HTML (<strong>, <em>) so that the delimiters of the two cannot run together."""
    merged: list[Span] = []
    for span in spans:
        text = span.text.replace("\t", " ").replace("\n", " ")
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + text, span.bold, span.italic)
        elif merged and not text.strip():
            merged[-1] = Span(merged[-1].text + text, merged[-1].bold, merged[-1].italic)
        else:
            merged.append(Span(text, span.bold, span.italic))
    out: list[str] = []
    previous_marked = False
    for span in merged:
        text = " ".join(span.text.split(" "))
        core = text.strip()
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        if not core or not (span.bold or span.italic):
            out.append(escape_inline(text))
            previous_marked = False
            continue
        touching = previous_marked and not lead and out and not out[-1][-1:].isspace()
        out.append(lead + _marked(escape_inline(core), span.bold, span.italic, html=touching) + trail)
        previous_marked = not trail
    return " ".join("".join(out).split())


def _marked(text: str, bold: bool, italic: bool, html: bool) -> str:
    if html:
        if bold:
            text = f"<strong>{text}</strong>"
        return f"<em>{text}</em>" if italic else text
    marks = "***" if bold and italic else "**" if bold else "*"
    return f"{marks}{text}{marks}"


def escape_inline(text: str) -> str:
    """Characters Markdown would read as markup, escaped; "<" as "&lt;", so no text becomes HTML."""
    text = _INLINE_ESCAPE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    return text.replace("<", "&lt;")


def escape_start(text: str) -> str:
    """A paragraph that would start a heading, quote or list, escaped to stay a paragraph."""
    text = text.strip()
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group(0)[0].isdigit():
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def table_markdown(table: Table) -> str:
    """A table as a Markdown table; the first row is its heading row. A cell's paragraphs are
    joined with <br>, "|" is escaped."""
    rows = [[_cell(cell) for cell in row] for row in table.rows if any(row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    rows[0] = [cell.replace("**", "") if cell.startswith("**") and cell.endswith("**") else cell for cell in rows[0]]
    lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(["---"] * width) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _cell(paragraphs: tuple[Paragraph, ...]) -> str:
    texts = [inline_markdown(_joined(list(p.lines))) for p in paragraphs]
    return "<br>".join(t for t in texts if t).replace("|", "\\|")
