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


ONE_NUMBER_A_YEAR = "mỗi số ký hiệu chỉ cấp một lần trong một năm"
NEAR_DUPLICATE_RULE = (
    f"{ONE_NUMBER_A_YEAR}: hai số chỉ khác chữ hoa/thường, dấu, dấu cách, "
    "số 0 ở đầu hoặc năm viết trong số là cùng một số; sửa theo số văn thư đã cấp"
)


def number_collision_key(number: str, year: int) -> tuple[str, int]:
    """When two numbers collide: one number to the văn thư (number_key) in one year, as
    numbering restarts every year."""
    return number_key(number), year


def find_slug_conflict(items: Iterable[Announcement], slug: str) -> Announcement | None:
    """The announcement that already has this slug, in any year: its page address is taken."""
    return next((item for item in items if item.slug == slug), None)


def find_number_conflict(items: Iterable[Announcement], number: str, year: int) -> Announcement | None:
    """The announcement of `year` whose number is `number` however it is spelt (number_key);
    one spelt exactly alike comes first."""
    key = number_collision_key(number, year)
    same = [item for item in items if item.number and number_collision_key(item.number, item.year) == key]
    return next((item for item in same if item.number == number), same[0] if same else None)


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
    """Errors that only show across files: the same slug twice, one number twice in a year
    (find_slug_conflict and find_number_conflict ask the same of one new file)."""
    errors: list[ContentError] = []
    by_slug: dict[str, list[Announcement]] = defaultdict(list)
    by_number: dict[tuple[str, int], list[Announcement]] = defaultdict(list)
    for item in announcements:
        by_slug[item.slug].append(item)
        if item.number:
            by_number[number_collision_key(item.number, item.year)].append(item)
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
    colliding = [items for items in by_number.values() if len(items) > 1]
    for items in colliding:
        errors += _same_spelling(items)
    for items in colliding:
        errors += _near_duplicates(items)
    return errors


def _same_spelling(colliding: list[Announcement]) -> list[ContentError]:
    """Colliding numbers spelt exactly alike: each file names the others."""
    by_spelling: dict[str, list[Announcement]] = defaultdict(list)
    for item in colliding:
        by_spelling[item.number or ""].append(item)
    errors: list[ContentError] = []
    for number, items in by_spelling.items():
        if len(items) < 2:
            continue
        paths = [i.source_path for i in items]
        for item in items:
            others = ", ".join(p for p in paths if p != item.source_path)
            found = f"'{number}' năm {item.year} đã dùng ở {others}"
            errors.append(ContentError(item.source_path, "number", found, ONE_NUMBER_A_YEAR))
    return errors


def _near_duplicates(colliding: list[Announcement]) -> list[ContentError]:
    """Colliding numbers spelt differently (number_key): every file is reported, each naming
    the files of the other spellings and both spellings."""
    if len({item.number for item in colliding}) < 2:
        return []
    errors: list[ContentError] = []
    for item in colliding:
        others = "; ".join(f"'{o.number}' ở {o.source_path}" for o in colliding if o.number != item.number)
        found = f"'{item.number}' năm {item.year} gần trùng {others}"
        errors.append(ContentError(item.source_path, "number", found, NEAR_DUPLICATE_RULE))
    return errors
