"""Split a Markdown file into YAML front matter and body, keeping dates as text.

YAML would turn `2021-02-30` into an exception for the whole file; keeping timestamps as
strings lets validation report the one bad field and go on with the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from loa.vietnamese import to_nfc

try:  # libyaml is many times faster on thousands of files; the pure loader is a fallback.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _TextDateLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that leaves timestamps as strings."""


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

    def line_of(self, key: str) -> int | None:
        """Line number of a top-level key in the file, for error messages."""
        pattern = re.compile(rf"^{re.escape(key)}\s*:", re.M)
        match = pattern.search(self.front_matter)
        if match is None:
            return None
        return self.front_matter.count("\n", 0, match.start()) + 2


class FrontMatterError(ValueError):
    """The front matter is missing or is not a YAML mapping."""


def parse_source(text: str) -> SourceText:
    """Split and parse a Markdown source; raise FrontMatterError when it cannot be read."""
    text = to_nfc(text).lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise FrontMatterError("không có phần đầu YAML giữa hai dòng '---'")
    front_matter = match.group(1) or ""
    try:
        meta = yaml.load(front_matter, Loader=_TextDateLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (dòng {mark.line + 2})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise FrontMatterError(f"YAML không đọc được{where}: {problem}") from error
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError("phần đầu YAML phải là các cặp 'khóa: giá trị'")
    return SourceText(meta=meta, body=text[match.end() :], front_matter=front_matter)
