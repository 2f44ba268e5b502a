"""Capitals back to normal Vietnamese case: the header prints "SỞ TÀI CHÍNH TỈNH SÓC TRĂNG", the
content model holds "Sở Tài chính tỉnh Sóc Trăng" (the page prints it in capitals again).

Vietnamese capitalises the first word of an agency's name, the first word of each part of its
field ("Sở Lao động - Thương binh và Xã hội"), proper names (places, "Nhà nước" in "Kho bạc Nhà
nước") and nothing else ("Ủy ban nhân dân tỉnh Sóc Trăng"; Nghị định 30, Phụ lục II). A word's
case cannot be read from capitals, so these rules use what is known: the kinds of agency, the
administrative units, the place names of the portal and of the document, a few fixed names.
Text that is not all in capitals is left as it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loa.importing.patterns import AUTHORITY, is_upper

_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")
_ACRONYMS = {"UBND": "ỦY BAN NHÂN DÂN", "HĐND": "HỘI ĐỒNG NHÂN DÂN"}
# Kinds of agency a name starts with; its field follows ("sở" + "tài chính").
_AGENCY_KINDS = tuple(
    kind.split()
    for kind in (
        "ủy ban nhân dân",
        "hội đồng nhân dân",
        "kho bạc nhà nước",
        "tổng cục",
        "chi cục",
        "văn phòng",
        "trung tâm",
        "thanh tra",
        "bệnh viện",
        "ban quản lý",
        "ban",
        "sở",
        "bộ",
        "cục",
        "vụ",
        "viện",
        "phòng",
        "trường",
        "đài",
        "hội",
        "liên đoàn",
    )
)
# Administrative units: what follows them is a place name ("tỉnh" + "Sóc Trăng").
_UNITS = tuple(unit.split() for unit in ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "phường"))
# Names fixed by use, whatever their position.
_FIXED = {
    ("ủy", "ban", "nhân", "dân"): (True, False, False, False),
    ("hội", "đồng", "nhân", "dân"): (True, False, False, False),
    ("kho", "bạc", "nhà", "nước"): (True, False, True, False),
    ("công", "thương"): (True, True),
    ("tỉnh", "ủy"): (True, False),
}
# Titles (chức vụ) written with one capital, then what they head ("Trưởng phòng" + "Kế hoạch").
_TITLES = tuple(
    title.split()
    for title in (
        "tổng giám đốc",
        "giám đốc",
        "chủ tịch",
        "chủ nhiệm",
        "trưởng phòng",
        "trưởng ban",
        "chi cục trưởng",
        "cục trưởng",
        "bộ trưởng",
        "thứ trưởng",
        "hiệu trưởng",
        "viện trưởng",
        "kế toán trưởng",
    )
)
_PART_SEPARATORS = frozenset({"-", "–", ",", "và"})


class _Words:
    """A text as tokens (words, punctuation, spaces) lower-cased, with the words to capitalise."""

    def __init__(self, text: str):
        self.tokens = _TOKEN.findall(" ".join(text.split()).lower())
        self.words = [i for i, token in enumerate(self.tokens) if token[0].isalnum()]
        self.capital: set[int] = set()

    def word(self, n: int) -> str:
        return self.tokens[self.words[n]]

    def starts(self, n: int, phrase: Iterable[str]) -> bool:
        phrase = list(phrase)
        return n + len(phrase) <= len(self.words) and all(self.word(n + k) == w for k, w in enumerate(phrase))

    def separator_before(self, n: int) -> str:
        """The punctuation between word n-1 and word n, or the word itself if it is "và"."""
        if self.word(n) == "và":
            return "và"
        start = self.words[n - 1] + 1 if n else 0
        return "".join(self.tokens[start : self.words[n]]).strip()

    def text(self) -> str:
        words = set(self.words)
        out = [
            token[:1].upper() + token[1:] if i in words and self.words.index(i) in self.capital else token
            for i, token in enumerate(self.tokens)
        ]
        return "".join(out).strip()


def _expand(text: str) -> str:
    return " ".join(_ACRONYMS.get(word, word) for word in text.split())


def _match(words: _Words, n: int, phrases: tuple[list[str], ...]) -> list[str] | None:
    return next((p for p in phrases if words.starts(n, p)), None)


def _unit_at(words: _Words, n: int) -> list[str] | None:
    unit = _match(words, n, _UNITS)
    if unit is None and words.word(n) == "xã" and n >= 2 and words.starts(n - 2, ["nhân", "dân"]):
        unit = ["xã"]  # "Ủy ban nhân dân xã ..."; "xã hội" is no unit
    return unit


def _mark_agency(words: _Words, n: int) -> None:
    """Capitals of an agency name starting at word n: its kind, its field's parts, its place."""
    count = len(words.words)
    kind = _match(words, n, _AGENCY_KINDS)
    if kind is not None:
        words.capital.add(n)
        n += len(kind)
    new_part = True
    while n < count:
        unit = _unit_at(words, n)
        if unit is not None:
            words.capital.update(range(n + len(unit), count))  # the place name runs to the end
            return
        if new_part and _match(words, n, _AGENCY_KINDS) is not None and kind is not None:
            _mark_agency(words, n)  # "Văn phòng" + "Sở Tài chính"
            return
        if new_part:
            words.capital.add(n)
            new_part = False
        n += 1
        if n < count and words.separator_before(n) in _PART_SEPARATORS:
            if words.word(n) == "và":
                n += 1
            new_part = True


def _mark_fixed_and_places(words: _Words, places: Iterable[str]) -> None:
    for n in range(len(words.words)):
        for phrase, capitals in _FIXED.items():
            if words.starts(n, phrase):
                words.capital.update(n + k for k, cap in enumerate(capitals) if cap)
                words.capital.difference_update(n + k for k, cap in enumerate(capitals) if not cap)
    for place in places:
        place_words = [w.lower() for w in _TOKEN.findall(place) if w[0].isalnum()]
        if not place_words:
            continue
        for n in range(len(words.words)):
            if words.starts(n, place_words):
                words.capital.update(range(n, n + len(place_words)))


def _words_in_capitals(text: str) -> _Words | None:
    """The words of a text written in capitals, to be put in normal case; None for other text."""
    if not is_upper(text):
        return None
    words = _Words(_expand(text))
    return words if words.words else None


def agency_case(text: str, places: Iterable[str] = ()) -> str:
    """An agency's name in normal case: "SỞ TÀI CHÍNH TỈNH SÓC TRĂNG" -> "Sở Tài chính tỉnh Sóc
    Trăng", "UBND TỈNH SÓC TRĂNG" -> "Ủy ban nhân dân tỉnh Sóc Trăng" (the acronym written out)."""
    text = " ".join(text.split())
    words = _words_in_capitals(text)
    if words is None:
        return text
    words.capital.add(0)
    _mark_agency(words, 0)
    _mark_fixed_and_places(words, places)
    return words.text()


def title_case(text: str, places: Iterable[str] = ()) -> str:
    """A signer's title in normal case: "PHÓ GIÁM ĐỐC" -> "Phó Giám đốc", "CHÁNH VĂN PHÒNG" ->
    "Chánh Văn phòng", "TRƯỞNG PHÒNG KẾ HOẠCH - TÀI CHÍNH" -> "Trưởng phòng Kế hoạch - Tài chính"."""
    text = " ".join(text.split())
    words = _words_in_capitals(text)
    if words is None:
        return text
    n = 0
    while n < len(words.words) and words.word(n) == "phó":
        words.capital.add(n)
        n += 1
    if n < len(words.words) and words.word(n) == "chánh":
        words.capital.add(n)
        n += 1
        if n < len(words.words):
            _mark_agency(words, n)  # "Chánh" + "Văn phòng", "Thanh tra"
    elif n < len(words.words):
        title = _match(words, n, _TITLES)
        words.capital.add(n)
        if title is not None and n + len(title) < len(words.words):
            _mark_agency(words, n + len(title))  # what the title heads
    _mark_fixed_and_places(words, places)
    return words.text()


def authority_case(text: str, places: Iterable[str] = ()) -> str:
    """An authority line in normal case: "KT.GIÁM ĐỐC" -> "KT. Giám đốc", "TM. ỦY BAN NHÂN DÂN" ->
    "TM. Ủy ban nhân dân" (TM. is followed by a collective body, the others by a title)."""
    text = " ".join(text.split())
    match = AUTHORITY.match(text)
    if match is None:
        return title_case(text, places)
    mark, rest = match.group("mark"), match.group("rest")
    if not rest:
        return f"{mark}."
    rest_case = agency_case(rest, places) if mark == "TM" else title_case(rest, places)
    return f"{mark}. {rest_case}"


def name_case(text: str) -> str:
    """A person's name: each word capitalised when it is written in capitals ("TRẦN QUỐC SỞ")."""
    text = " ".join(text.split())
    if not is_upper(text):
        return text
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split())
