"""Reading typed fields from a parsed YAML mapping, with one error per broken rule."""

from __future__ import annotations

import datetime as dt
import re

from loa.content.errors import ContentError, describe
from loa.content.frontmatter import SourceText

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_EXPECTED = "một ngày có thật dạng YYYY-MM-DD, ví dụ 2021-11-11"
# Ordinary white space only: a no-break space (U+00A0) is the designer's "keep together".
_SPACES = re.compile(r"[ \t\r\n]+")


def collapse_spaces(text: str) -> str:
    """Runs of spaces and line breaks to one space; no-break spaces are kept."""
    if "  " in text or "\t" in text or "\r" in text or "\n" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


class FieldReader:
    """Reads the fields of one file, collecting an error for each field that breaks a rule."""

    def __init__(self, path: str, source: SourceText):
        self.path = path
        self.source = source
        self.errors: list[ContentError] = []

    def error(self, field: str, found: str, expected: str) -> None:
        line = self.source.line_of(field.split(".", 1)[0].split("[", 1)[0])
        self.errors.append(ContentError(self.path, field, found, expected, line))

    def text(self, key: str, *, required: bool, expected: str = "một dòng chữ") -> str | None:
        value = self.source.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(key, "không có" if key not in self.source.meta else describe(value), expected)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(key, describe(value), expected)
            return None
        return collapse_spaces(value)

    def date(self, key: str, *, required: bool) -> dt.date | None:
        value = self.source.meta.get(key)
        if value is None:
            if required:
                self.error(key, "không có", ISO_EXPECTED)
            return None
        text = str(value).strip()
        if not ISO_DATE.match(text):
            self.error(key, describe(value), ISO_EXPECTED)
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(key, f"'{text}' (ngày không có thật)", ISO_EXPECTED)
            return None

    def text_list(self, key: str, expected: str) -> list[str]:
        value = self.source.meta.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, describe(value), expected)
            return []
        items: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.error(f"{key}[{index + 1}]", describe(item), "một dòng chữ không rỗng")
            else:
                items.append(collapse_spaces(item))
        return items
