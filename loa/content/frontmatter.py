"""Split a Markdown file into YAML front matter and body, keeping dates as text.

YAML would turn `2021-02-30` into an exception for the whole file; keeping timestamps as
strings lets validation report the one bad field and go on with the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from loa.content.plain_front_matter import plain_mapping
from loa.vietnamese import to_nfc

try:  # libyaml is many times faster on thousands of files; the pure loader is a fallback.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class DuplicateKeyError(yaml.YAMLError):
    """A key written twice: YAML would silently keep only the last value."""

    def __init__(self, key: str, first_line: int, second_line: int):
        super().__init__(f"khóa '{key}' viết hai lần")
        self.key, self.first_line, self.second_line = key, first_line, second_line


class _TextDateLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that leaves timestamps as strings and refuses duplicate keys."""

    def construct_mapping(self, node, deep=False):
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line
            if isinstance(key, str | int) and key in seen:
                raise DuplicateKeyError(str(key), seen[key], line)
            if isinstance(key, str | int):
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass
class SourceText:
    """A Markdown source split into its parts, already in NFC."""

    meta: dict
    body: str
    front_matter: str
    first_line: int = 2  # the file line where front_matter starts (after the opening '---')

    @property
    def body_line(self) -> int:
        """The file line where the body starts."""
        return self.first_line + self.front_matter.count("\n") + 1

    def line_of(self, key: str) -> int | None:
        """Line number of a top-level key in the file, for error messages."""
        pattern = re.compile(rf"^{re.escape(key)}\s*:", re.M)
        match = pattern.search(self.front_matter)
        if match is None:
            return None
        return self.front_matter.count("\n", 0, match.start()) + self.first_line


class FrontMatterError(ValueError):
    """The front matter is missing or is not a YAML mapping; `field` and `line` when known."""

    def __init__(self, message: str, field: str = "(phần đầu)", line: int | None = None):
        super().__init__(message)
        self.field, self.line = field, line


def parse_yaml_document(text: str) -> SourceText:
    """Parse a whole YAML file (a campaign kit's campaign.yml) like front matter."""
    text = to_nfc(text).lstrip("\ufeff")
    return SourceText(meta=_load_mapping(text, first_line=1), body="", front_matter=text, first_line=1)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """The front matter (without its '---' lines) and the body of a Markdown source, or None
    when it has no front matter. The front matter starts on the file's second line."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None
    return match.group(1) or "", text[match.end() :]


def parse_source(text: str) -> SourceText:
    """Split and parse a Markdown source; raise FrontMatterError when it cannot be read."""
    text = to_nfc(text).lstrip("\ufeff")
    parts = split_front_matter(text)
    if parts is None:
        raise FrontMatterError("không có phần đầu YAML giữa hai dòng '---'")
    front_matter, body = parts
    meta = _load_mapping(front_matter, first_line=2)
    return SourceText(meta=meta, body=body, front_matter=front_matter)


def _load_mapping(text: str, first_line: int) -> dict:
    """The YAML mapping in `text`, whose first line is `first_line` of its file: read the plain
    way when it is written so (most front matter), else by YAML."""
    meta = plain_mapping(text)
    if meta is not None:
        return meta
    try:
        meta = yaml.load(text, Loader=_TextDateLoader)  # noqa: S506 - a safe loader
    except DuplicateKeyError as error:
        message = f"viết hai lần (dòng {error.first_line + first_line} và {error.second_line + first_line})"
        raise FrontMatterError(message, field=error.key, line=error.second_line + first_line) from error
    except RecursionError as error:  # the pure-Python loader has no nesting limit of its own
        raise FrontMatterError("YAML không đọc được: lồng quá sâu") from error
    except UnicodeEncodeError as error:  # a lone surrogate, from bytes that were not UTF-8
        raise FrontMatterError("YAML không đọc được: có ký tự không phải UTF-8") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (dòng {mark.line + first_line})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise FrontMatterError(f"YAML không đọc được{where}: {problem}") from error
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError("phần đầu YAML phải là các cặp 'khóa: giá trị'")
    return meta
