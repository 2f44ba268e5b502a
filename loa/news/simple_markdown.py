"""Python-Markdown's HTML for the plainest bodies, without running Python-Markdown.

Most công văn bodies are paragraphs, bold words (`**Điều 1.**`), numbered paragraphs written
`1\\.`, one-line dash lists and plain pipe tables, and Python-Markdown spends about a
millisecond on each: at 30,000 announcements the largest single cost of a build. For such a
body this gives the same HTML, byte for byte (tests/test_simple_markdown.py compares the two on
generated text); a body with anything else in it (a link, a heading, raw HTML, an indent…)
gets None and goes to Python-Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# Extensions that change nothing in such a body: each one needs a character or a line start
# that sends the body to Python-Markdown (`|`, a fence, `{`, `:`, `!!!`, `*[`, `<`).
_HARMLESS_EXTENSIONS = frozenset(
    {"abbr", "admonition", "attr_list", "def_list", "fenced_code", "md_in_html", "sane_lists", "tables", "toc"}
)
# Characters that mean markup (or an escape, an entity, a placeholder) somewhere in the body.
_MARKUP_CHARACTER = re.compile(r"[`_\[\]<>&{}~\\\x00-\x09\x0b-\x1f\x7f]")
# How a line of a paragraph, or a list item's text, may start: any other start may be a block
# of its own (a heading, a quote, a list, a rule, an indented code block).
_PLAIN_START = re.compile(r"(?:\w|\*\*\S|[\"“(])", re.U)
_NUMBERED = re.compile(r"\d+\.")  # "1. " opens an ordered list, "1.5" may too: left to Markdown
_TABLE_ALIGNMENT = re.compile(r" *(:?)-+(:?) *")  # a cell of the line under a table's header
# By the colons at its ends, a column's alignment as the tables extension writes it (use_align_attribute).
_ALIGN_ATTRIBUTE = {(True, True): ' align="center"', (True, False): ' align="left"', (False, True): ' align="right"',
                    (False, False): ""}  # fmt: skip
_ESCAPED_NUMBER = re.compile(r"(\d+)\\\.")  # "1\. …": a numbered paragraph kept out of a list


def extension_names(extensions: Iterable[object]) -> set[str] | None:
    """The extensions' short names ("toc" for "markdown.extensions.toc"); None when one is an
    Extension object, whose effect is unknown."""
    if not all(isinstance(extension, str) for extension in extensions):
        return None
    return {str(extension).removeprefix("markdown.extensions.") for extension in extensions}


def simple_markdown_applies(extensions: Iterable[object], configs: Mapping[str, Mapping]) -> bool:
    """Whether the converter's extensions leave such bodies as plain Python-Markdown makes them."""
    names = extension_names(extensions)
    toc_marker = dict(configs.get("toc", {}) or configs.get("markdown.extensions.toc", {}) or {}).get("marker")
    return names is not None and names <= _HARMLESS_EXTENSIONS and toc_marker in (None, "", "[TOC]")


def simple_body_html(text: str, tables: bool = True) -> str | None:
    """The HTML of a body of paragraphs, bold text, dash lists and (with the `tables`
    extension) pipe tables; None for any other body."""
    text = text.strip("\n")
    if not text or _MARKUP_CHARACTER.search(_ESCAPED_NUMBER.sub(r"\1", text)) or ("|" in text and not tables):
        return None
    text = _ESCAPED_NUMBER.sub("\\1\x00", text)  # the one escape allowed, marked until the end
    html_blocks = []
    after_list = False
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            if after_list:  # two lists a blank line apart are one loose list: <li><p>…
                return None
            items = [_inline(line[2:]) for line in lines]
            if None in items:
                return None
            html_blocks.append("<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>")
            after_list = True
            continue
        if lines[0].startswith("|"):
            table = _table(lines)
            if table is None:
                return None
            html_blocks.append(table)
            after_list = False
            continue
        if not all(_plain_line(line) for line in lines):
            return None
        paragraph = _bold(block)  # every line is plain: only its bold spans are left to read
        if paragraph is None:
            return None
        html_blocks.append(f"<p>{paragraph}</p>")
        after_list = False
    return "\n".join(html_blocks).replace("\x00", ".")


def _table(lines: list[str]) -> str | None:
    """A pipe table with its `|` at both ends of every line and as many cells in each row."""
    if len(lines) < 3 or not all(line.startswith("|") and line.endswith("|") and len(line) > 1 for line in lines):
        return None
    rows = [line[1:-1].split("|") for line in lines]
    if any(len(row) != len(rows[0]) for row in rows):
        return None
    alignments = [_TABLE_ALIGNMENT.fullmatch(cell) for cell in rows[1]]
    if None in alignments:
        return None
    attributes = [_ALIGN_ATTRIBUTE[bool(match[1]), bool(match[2])] for match in alignments]  # type: ignore[index]
    html_rows = []
    for tag, row in [("th", rows[0])] + [("td", row) for row in rows[2:]]:
        cells = [_bold(cell.strip()) for cell in row]
        if None in cells:
            return None
        row_cells = zip(attributes, cells, strict=True)
        html_rows.append(
            "<tr>\n" + "".join(f"<{tag}{attribute}>{cell}</{tag}>\n" for attribute, cell in row_cells) + "</tr>\n"
        )
    return "<table>\n<thead>\n" + html_rows[0] + "</thead>\n<tbody>\n" + "".join(html_rows[1:]) + "</tbody>\n</table>"


def _plain_line(line: str) -> bool:
    """A line of paragraph text that Markdown reads as text and nothing else."""
    return (
        line == line.strip()
        and _PLAIN_START.match(line) is not None
        and (not line[0].isdigit() or _NUMBERED.match(line) is None)
    )


def _inline(text: str) -> str | None:
    """A paragraph's or list item's text with its bold spans; None when it may start a block."""
    return _bold(text) if _plain_line(text) else None


def _bold(text: str) -> str | None:
    """Text with its `**bold**` spans as <strong>; None when any other `*` is in it."""
    parts = text.split("**")
    if len(parts) % 2 == 0 or any("*" in part for part in parts):
        return None
    for index in range(1, len(parts), 2):
        bold = parts[index]
        if not bold or bold != bold.strip():
            return None
        parts[index] = f"<strong>{bold}</strong>"
    return "".join(parts)
