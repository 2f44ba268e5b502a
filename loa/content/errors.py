"""Content errors: each names the file, the field, what was found and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentError:
    """One problem in a file that people edit."""

    path: str
    field: str
    found: str
    expected: str
    line: int | None = None

    @property
    def key(self) -> str:
        """The top-level key of the field: "attachments[1].file" -> "attachments"."""
        return self.field.split(".", 1)[0].split("[", 1)[0]

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: trường '{self.field}': gặp {self.found}; cần {self.expected}"


class ContentErrors(Exception):
    """All the errors of one build, reported together."""

    def __init__(self, errors: list[ContentError], consequence: str = "chưa xây dựng trang"):
        self.errors = sorted(errors, key=lambda e: (e.path, e.line or 0, e.field))
        self.consequence = consequence
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        lines = [f"Nội dung có {count} lỗi, {self.consequence}:"]
        lines += [f"  - {error}" for error in self.errors]
        return "\n".join(lines)


def describe(value: object) -> str:
    """How a found value is shown in an error message."""
    if value is None:
        return "không có giá trị"
    if isinstance(value, str):
        return f"'{value}'" if value.strip() else "chuỗi rỗng"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return f"một danh sách {value!r}"
    if isinstance(value, dict):
        return f"một bảng khóa {sorted(value)!r}"
    return repr(value)
