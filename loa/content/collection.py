"""All published announcements, with the checks and look-ups that span files."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from loa.content.announcement import Announcement
from loa.content.errors import ContentError
from loa.vietnamese import fold_diacritics, slugify

# Slugs that would collide with the news section's own pages.
RESERVED_SLUGS = frozenset({"trang"})
_SPACES = re.compile(r"\s+")
_EMBEDDED_YEAR = re.compile(r"^([0-9]+)/[0-9]{4}/")


def number_key(number: str) -> str:
    """What a number is to the văn thư, whatever its spelling: case, diacritics (Đ/D), spaces,
    leading zeros and a year written inside it do not make another number.

    "205/stc-vp" and "205/STC-VP", "204/2021/STC-VP" and "204/STC-VP", "05/QĐ-STC" and "5/QD-STC"
    all have one key."""
    text = _SPACES.sub("", fold_diacritics(number).upper())
    text = _EMBEDDED_YEAR.sub(r"\1/", text)
    sequence, slash, symbol = text.partition("/")
    if sequence.isdecimal():  # "005" is 5; isdigit() would also take "²", which int() refuses
        sequence = str(int(sequence))
    return sequence + slash + symbol


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str


class NewsCollection:
    """Published announcements newest first, indexed by type, year, tag and number."""

    def __init__(self, announcements: Iterable[Announcement]):
        self.items: list[Announcement] = sorted(announcements, key=lambda a: a.sort_key)
        self.by_type: dict[str, list[Announcement]] = defaultdict(list)
        self.by_year: dict[int, list[Announcement]] = defaultdict(list)
        self.by_tag: dict[str, list[Announcement]] = defaultdict(list)
        self.tags: dict[str, Tag] = {}
        self._by_number: dict[str, list[Announcement]] = defaultdict(list)
        self._position: dict[str, int] = {}
        for index, item in enumerate(self.items):
            self._position[item.source_path] = index
            self.by_type[item.doc_type.code].append(item)
            self.by_year[item.year].append(item)
            for slug in dict.fromkeys(slugify(name) for name in item.tags):  # "Ngân sách" = "ngân sách"
                self.tags.setdefault(slug, Tag(slug, next(n for n in item.tags if slugify(n) == slug)))
                self.by_tag[slug].append(item)
            if item.number:
                self._by_number[item.number].append(item)

    def __len__(self) -> int:
        return len(self.items)

    def newer(self, item: Announcement) -> Announcement | None:
        index = self._position[item.source_path]
        return self.items[index - 1] if index > 0 else None

    def older(self, item: Announcement) -> Announcement | None:
        index = self._position[item.source_path]
        return self.items[index + 1] if index + 1 < len(self.items) else None

    def find_by_number(self, number: str, as_of: Announcement | None = None) -> Announcement | None:
        """The published document with this number: numbers restart each year, so take the
        latest one issued on or before the referring document, else the latest of all."""
        matches = self._by_number.get(number, [])
        if as_of is not None:
            earlier = [m for m in matches if m.date <= as_of.date and m is not as_of]
            if earlier:
                return earlier[0]
        return matches[0] if matches else None


def check_collection(announcements: list[Announcement]) -> list[ContentError]:
    """Errors that only show across files: the same slug twice, one number twice in a year."""
    errors: list[ContentError] = []
    by_slug: dict[str, list[Announcement]] = defaultdict(list)
    by_number: dict[tuple[str, int], list[Announcement]] = defaultdict(list)
    for item in announcements:
        by_slug[item.slug].append(item)
        if item.number:
            by_number[(item.number, item.year)].append(item)
        if item.slug in RESERVED_SLUGS:
            errors.append(
                ContentError(
                    item.source_path,
                    "(tên tệp)",
                    f"đường dẫn '{item.slug}' trùng trang của mục tin",
                    "tên tệp khác " + ", ".join(sorted(RESERVED_SLUGS)),
                )
            )
    for slug, items in by_slug.items():
        if len(items) > 1:
            paths = [i.source_path for i in items]
            for item in items:
                others = ", ".join(p for p in paths if p != item.source_path)
                errors.append(
                    ContentError(
                        item.source_path,
                        "(tên tệp)",
                        f"đường dẫn '{slug}' trùng với {others}",
                        "mỗi tệp một đường dẫn riêng: đổi tên một tệp",
                    )
                )
    for (number, year), items in by_number.items():
        if len(items) > 1:
            paths = [i.source_path for i in items]
            for item in items:
                others = ", ".join(p for p in paths if p != item.source_path)
                errors.append(
                    ContentError(
                        item.source_path,
                        "number",
                        f"'{number}' năm {year} đã dùng ở {others}",
                        "mỗi số ký hiệu chỉ cấp một lần trong một năm",
                    )
                )
    return errors + _near_duplicate_numbers(announcements)


def _near_duplicate_numbers(announcements: list[Announcement]) -> list[ContentError]:
    """Numbers of one year spelt differently that are the same number (number_key): both files
    are reported, each naming the other file and both spellings."""
    by_key: dict[tuple[str, int], list[Announcement]] = defaultdict(list)
    for item in announcements:
        if item.number:
            by_key[(number_key(item.number), item.year)].append(item)
    errors: list[ContentError] = []
    expected = (
        "mỗi số ký hiệu chỉ cấp một lần trong một năm: hai số chỉ khác chữ hoa/thường, dấu, dấu cách, "
        "số 0 ở đầu hoặc năm viết trong số là cùng một số; sửa theo số văn thư đã cấp"
    )
    for (_, year), items in by_key.items():
        if len({item.number for item in items}) < 2:
            continue
        for item in items:
            others = "; ".join(f"'{o.number}' ở {o.source_path}" for o in items if o.number != item.number)
            found = f"'{item.number}' năm {year} gần trùng {others}"
            errors.append(ContentError(item.source_path, "number", found, expected))
    return errors
