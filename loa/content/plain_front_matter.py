"""Front matter written the plain way, read without PyYAML's parser.

Nearly every announcement's front matter is `key: value` lines, quoted or plain values, one
level of `signer:` keys, `- item` lists, `- file: … title: …` attachments and `[a, b]` tags.
For such a text `plain_mapping` gives exactly the mapping YAML gives (timestamps left as
text, as frontmatter._TextDateLoader does), about ten times faster: YAML was a large part of
loading an archive of thousands of files. Anything else (an escape in a quoted value, a value
over several lines, a tab, a number, an anchor, a duplicate key, a line it cannot place…)
returns None, and YAML reads the text, with its own errors. tests/test_plain_front_matter.py
compares the two on thousands of generated texts.
"""

from __future__ import annotations

import functools
import re

import yaml

# The characters YAML reads as they are; any other (a tab, a CR, a line or paragraph separator,
# a byte order mark, a control character) is left to YAML, which may refuse it.
_PLAIN_TEXT = re.compile(r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A key and the rest of its line: "title: Kế hoạch", "signer:", "name:  # chú thích".
_KEY_LINE = re.compile(r"([a-z_][a-z0-9_]*):(?: +|$)(.*)")
# A plain value may not start with an indicator, nor hold ": " or " #" (both are structure).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}")


class _NotPlain(Exception):
    """The text needs YAML's parser."""


class _Resolver(yaml.resolver.Resolver):
    """YAML's own rules for what a plain value is (a string, a boolean, null, a number…),
    without timestamps, as frontmatter._TextDateLoader reads front matter."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }


_RESOLVER = _Resolver()
_STR, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}" for name in ("str", "bool", "null"))
_RESOLVED_FIRST = frozenset(_Resolver.yaml_implicit_resolvers)  # a plain value starting otherwise is text


@functools.lru_cache(maxsize=4096)  # keys and words such as "true" come back in every file
def _tag(text: str) -> str:
    """What YAML reads a plain value as: _STR, _BOOL, _NULL or another tag."""
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))


def plain_mapping(text: str) -> dict | None:
    """The mapping YAML reads from front matter written the plain way, or None for YAML to read."""
    if _PLAIN_TEXT.search(text):
        return None
    lines = [(len(line) - len(line.lstrip(" ")), line.strip(" ")) for line in text.split("\n")]
    lines = [(indent, line) for indent, line in lines if line and not line.startswith("#")]
    try:
        mapping, end = _block_mapping(lines, 0, 0)
    except _NotPlain:
        return None
    return mapping if end == len(lines) and mapping else None


def _block_mapping(lines: list[tuple[int, str]], start: int, indent: int) -> tuple[dict, int]:
    """The `key: value` lines at `indent` from `start`, with the blocks under them."""
    mapping: dict = {}
    at = start
    while at < len(lines) and lines[at][0] == indent:
        match = _KEY_LINE.fullmatch(lines[at][1])
        if match is None or _tag(match[1]) != _STR:
            raise _NotPlain  # "a : b", "a:b", a key YAML reads as a boolean ("yes:") …
        key, rest = match[1], match[2]
        if key in mapping:
            raise _NotPlain  # YAML names both lines
        at += 1
        if rest and rest[0] != "#":  # "key:  # a comment" has no value on its line
            mapping[key] = _inline_value(rest)
        elif at < len(lines) and lines[at][0] > indent:
            mapping[key], at = _block(lines, at)
        elif at < len(lines) and lines[at][0] == indent and lines[at][1].startswith("- "):
            mapping[key], at = _block_sequence(lines, at, indent)  # a list may sit under its key
        else:
            mapping[key] = None
    return mapping, at  # a line left over (a value over several lines…) is plain_mapping's to refuse


def _block(lines: list[tuple[int, str]], start: int) -> tuple[object, int]:
    indent, line = lines[start]
    if line.startswith("- ") or line == "-":
        return _block_sequence(lines, start, indent)
    return _block_mapping(lines, start, indent)


def _block_sequence(lines: list[tuple[int, str]], start: int, indent: int) -> tuple[list, int]:
    """The `- item` lines at `indent` from `start`; an item may be a mapping of plain lines."""
    items: list = []
    at = start
    while at < len(lines) and lines[at][0] == indent and lines[at][1].startswith("- "):
        rest = lines[at][1][2:].lstrip(" ")
        item_indent = indent + len(lines[at][1]) - len(rest)
        if _KEY_LINE.fullmatch(rest):
            lines[at] = (item_indent, rest)  # the item's first key, read as the mapping's first line
            item, at = _block_mapping(lines, at, item_indent)
            items.append(item)
        else:
            items.append(_inline_value(rest))
            at += 1
    return items, at


def _inline_value(text: str) -> object:
    """A value on the rest of its line: quoted, a [list], or plain; a comment may follow."""
    if text[0] in "\"'":
        value, end = _quoted(text, 0)
    elif text[0] == "[":
        value, end = _flow_sequence(text)
    else:
        comment = text.find(" #")
        value, end = _plain(text if comment < 0 else text[:comment], flow=False), len(text)
    rest = text[end:]
    if rest and not (rest.startswith(" ") and rest.strip(" ").startswith("#")) and rest.strip(" "):
        raise _NotPlain
    return value


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The quoted value at `start` that ends on its line, with no escapes, and where it ends."""
    quote = text[start]
    end = text.find(quote, start + 1)
    if quote == "'":
        while end >= 0 and text[end + 1 : end + 2] == "'":  # '' is a quote inside
            end = text.find("'", end + 2)
    if end < 0:
        raise _NotPlain
    inner = text[start + 1 : end]
    if quote == '"' and "\\" in inner:
        raise _NotPlain
    return (inner.replace("''", "'") if quote == "'" else inner), end + 1


def _flow_sequence(text: str) -> tuple[list, int]:
    """[a, "b", 'c'] on one line, and where it ends."""
    items: list = []
    at = _skip_spaces(text, 1)
    if text[at : at + 1] == "]":
        return items, at + 1
    while True:
        if text[at : at + 1] in ('"', "'"):
            value, at = _quoted(text, at)
        else:
            end = at
            while end < len(text) and text[end] not in ",]":
                end += 1
            value, at = _plain(text[at:end], flow=True), end
        items.append(value)
        at = _skip_spaces(text, at)
        if text[at : at + 1] == "]":
            return items, at + 1
        if text[at : at + 1] != "," or text[at + 1 : at + 2] != " ":
            raise _NotPlain
        at = _skip_spaces(text, at + 1)


def _skip_spaces(text: str, at: int) -> int:
    while text[at : at + 1] == " ":
        at += 1
    return at


def _plain(text: str, *, flow: bool) -> object:
    """A plain value as YAML resolves it: a string, a boolean or null; a number is left to YAML."""
    text = text.rstrip(" ")
    if not text or text[0] in _INDICATORS or ": " in text or text.endswith(":") or " #" in text:
        raise _NotPlain
    if flow and (any(ch in _FLOW_INDICATORS for ch in text) or ":" in text):
        raise _NotPlain
    tag = _tag(text) if text[0] in _RESOLVED_FIRST else _STR
    if tag == _STR:
        return text
    if tag == _BOOL:
        return yaml.constructor.SafeConstructor.bool_values[text.lower()]
    if tag == _NULL:
        return None
    raise _NotPlain
