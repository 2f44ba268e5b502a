"""Characters nobody can see, and the YAML mistakes they cause, named where they are.

Text pasted from Word, web pages and PDFs brings zero-width spaces, soft hyphens, bidi
controls and no-break spaces along. In a number, `205\u200b/STC-VP` is not `205/STC-VP`; after
`date:` a no-break space makes the whole front matter unreadable; a tab in YAML indentation
too. YAML's own message names none of them, so the announcement files and campaign.yml are
read for them first, and each is reported with its code point and name (`U+200B ZERO WIDTH
SPACE`), the field of its line and the line.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from loa.content.errors import ContentError
from loa.content.frontmatter import split_front_matter

BODY_FIELD = "(nội dung)"
HEADER_FIELD = "(phần đầu)"
FILE_FIELD = "(tệp)"

# Control (Cc), format (Cf: zero-width, soft hyphen, bidi, BOM), line/paragraph separators and
# lone surrogates (what undecodable bytes become in a command line); tab, line feed and carriage
# return are ordinary text.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_ORDINARY = frozenset("\t\n\r")
# Characters that surely are visible (ASCII, Latin-1 but the soft hyphen, Latin extensions and
# combining marks, Vietnamese letters): only the others are looked up, so scanning stays fast.
_CANDIDATE = re.compile("[^\t\n\r\x20-\x7e\u00a0-\u00ac\u00ae-\u036f\u1e00-\u1eff]")
_CONTROL_NAMES = {
    0x00: "NULL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}
NO_BREAK_SPACE = "\u00a0"

_TOP_LEVEL_KEY = re.compile(r"""^(?P<key>[^\s#\-'"{\[][^:]*?)[ \t]*:(?:\s|$)""")
_INDENT = re.compile("[ \t\u00a0\u3000]*")
# `key:` then a no-break space: YAML sees no separator and cannot read the line.
_KEY_THEN_NO_BREAK = re.compile(r"^[ \t\u00a0]*(?:-[ \t\u00a0]+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*\u00a0")
_REMOVE = "xóa ký tự này (thường dính vào khi dán từ Word, trang web hoặc PDF)"


def is_hidden(char: str) -> bool:
    """Whether a character is invisible in an editor and does not belong in the content."""
    return char not in _ORDINARY and unicodedata.category(char) in _HIDDEN_CATEGORIES


def character_label(char: str) -> str:
    """A character as messages name it: "U+200B ZERO WIDTH SPACE"."""
    code = ord(char)
    fallback = "SURROGATE" if unicodedata.category(char) == "Cs" else "CONTROL CHARACTER"
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, fallback)
    return f"U+{code:04X} {name}"


def visible(text: str) -> str:
    """`text` without its hidden characters, to quote it in a message."""
    return "".join(char for char in text if not is_hidden(char))


def check_markdown_text(path: str, text: str) -> list[ContentError]:
    """Hidden characters in a Markdown source (NFC, without a leading BOM), and the tab and
    no-break-space mistakes of its front matter."""
    parts = split_front_matter(text)
    if parts is None:
        return _hidden_in(path, text, first_line=1, field_of=lambda _line: BODY_FIELD)
    front_matter, _ = parts
    if not _has_hidden(text) and "\t" not in front_matter and NO_BREAK_SPACE not in front_matter:
        return []  # the common case, found without splitting lines
    yaml_lines = front_matter.count("\n")
    body_starts = 3 + yaml_lines  # after '---', the front matter and the closing '---'
    keys = _keys_by_line(front_matter, first_line=2)

    def field_of(line: int) -> str:
        if line >= body_starts:
            return BODY_FIELD
        return keys.get(line, HEADER_FIELD)

    return _hidden_in(path, text, 1, field_of) + _yaml_layout(path, front_matter, 2, keys, HEADER_FIELD)


def _has_hidden(text: str) -> bool:
    return any(is_hidden(match.group()) for match in _CANDIDATE.finditer(text))


def check_yaml_text(path: str, text: str) -> list[ContentError]:
    """Hidden characters in a YAML file (campaign.yml), and its tab and no-break-space mistakes."""
    keys = _keys_by_line(text, first_line=1)
    return _hidden_in(path, text, 1, lambda line: keys.get(line, FILE_FIELD)) + _yaml_layout(
        path, text, 1, keys, FILE_FIELD
    )


def _keys_by_line(yaml_text: str, first_line: int) -> dict[int, str]:
    """The top-level key each line of a YAML text belongs to, by file line."""
    keys: dict[int, str] = {}
    current: str | None = None
    for offset, line in enumerate(yaml_text.split("\n")):
        match = _TOP_LEVEL_KEY.match(line)
        if match is not None:
            current = visible(match.group("key")).strip()
        if current is not None:
            keys[first_line + offset] = current
    return keys


def _hidden_in(path: str, text: str, first_line: int, field_of) -> list[ContentError]:
    """One error per hidden character per line, with the text before it to find it by."""
    errors: list[ContentError] = []
    line_starts: list[int] | None = None
    seen: set[tuple[int, str]] = set()
    for match in _CANDIDATE.finditer(text):
        char = match.group()
        if not is_hidden(char):
            continue
        if line_starts is None:
            line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        index = bisect.bisect_right(line_starts, match.start()) - 1
        line = first_line + index
        if (line, char) in seen:
            continue
        seen.add((line, char))
        before = _context(text[line_starts[index] : match.start()])
        where = f" sau '{before}'" if before else " ở đầu dòng"
        errors.append(ContentError(path, field_of(line), f"ký tự ẩn {character_label(char)}{where}", _REMOVE, line))
    return errors


def _context(before: str, width: int = 20) -> str:
    """The visible text just before a character, at most `width` characters, from a word start."""
    text = visible(before).strip()
    if len(text) <= width:
        return text
    tail = text[-width:]
    return tail.split(" ", 1)[1] if " " in tail else tail


def _yaml_layout(path: str, yaml_text: str, first_line: int, keys: dict[int, str], default: str) -> list[ContentError]:
    """Tabs and no-break spaces where YAML needs ordinary spaces: in indentation, after `key:`."""
    if "\t" not in yaml_text and NO_BREAK_SPACE not in yaml_text:
        return []
    errors: list[ContentError] = []
    for offset, text in enumerate(yaml_text.split("\n")):
        line = first_line + offset
        field = keys.get(line, default)
        indent = _INDENT.match(text).group()  # type: ignore[union-attr]
        if text[len(indent) :].strip():
            if "\t" in indent:
                expected = "thụt lề bằng dấu cách (phím Space), không dùng tab"
                errors.append(ContentError(path, field, "ký tự tab trong thụt lề YAML", expected, line))
            if NO_BREAK_SPACE in indent:
                found = f"ký tự {character_label(NO_BREAK_SPACE)} trong thụt lề YAML"
                errors.append(ContentError(path, field, found, "thụt lề bằng dấu cách thường (phím Space)", line))
        match = _KEY_THEN_NO_BREAK.match(text)
        if match is not None:
            key = match.group("key")
            found = f"ký tự {character_label(NO_BREAK_SPACE)} ngay sau '{key}:'"
            expected = f"một dấu cách thường sau '{key}:' (xóa rồi gõ lại dấu cách)"
            errors.append(ContentError(path, field, found, expected, line))
    return errors
