"""Vietnamese text rules: NFC normalisation, ASCII slugs and official date formats."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

# Letters that Unicode decomposition cannot strip to ASCII.
# "Ð" (U+00D0) looks like "Đ" and arrives in text pasted from PDFs.
_ASCII_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_SUBJECT_PREFIX = re.compile(r"^\s*V/v[\s.:]+", re.I)
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def to_nfc(text: str) -> str:
    """Return text in composed form, so NFD input compares and displays as NFC."""
    return unicodedata.normalize("NFC", text)


class _FoldedCharacters(dict):
    """Each character's fold, computed the first time it is met: str.translate then folds a
    whole text in C, where a per-character generator was one of a build's largest costs."""

    def __missing__(self, codepoint: int) -> str:
        character = chr(codepoint).translate(_ASCII_LETTERS)
        decomposed = unicodedata.normalize("NFD", character)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[codepoint] = folded
        return folded


_FOLDED = _FoldedCharacters()


def fold_diacritics(text: str) -> str:
    """Strip Vietnamese diacritics ("Đảm bảo" -> "Dam bao"), as readers type when searching.

    Text is composed first, so NFD input folds the same; a lone combining mark folds to nothing."""
    return unicodedata.normalize("NFC", text).translate(_FOLDED)


@functools.lru_cache(maxsize=1 << 16)  # tags and types are slugged again on every page that shows them
def slugify(text: str) -> str:
    """ASCII slug of a Vietnamese title: "Hưởng ứng Tháng đoàn" -> "huong-ung-thang-doan"."""
    return _NON_SLUG.sub("-", fold_diacritics(to_nfc(text)).lower()).strip("-")


def format_short_date(day: dt.date) -> str:
    """The dd/mm/yyyy form used in listings and tables."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_issue_date(day: dt.date, place: str | None = None) -> str:
    """The place-and-date line of Nghị định 30/2020/NĐ-CP (Phụ lục I, mục II.6).

    Days below 10 and the months 1 and 2 take a leading zero; other months do not:
    "Sóc Trăng, ngày 05 tháng 02 năm 2022", "ngày 11 tháng 11 năm 2021".
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    line = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {line}" if place else line


def upper_vietnamese(text: str) -> str:
    """Upper-case with diacritics kept ("Phó Giám đốc" -> "PHÓ GIÁM ĐỐC")."""
    return to_nfc(text).upper()


def format_file_size(size_bytes: int) -> str:
    """Sizes as Vietnamese readers write them, with a decimal comma: "1,2 MB", "245 KB"."""
    if size_bytes < 1024:
        return f"{size_bytes} byte"
    kilobytes = max(1, round(size_bytes / 1024))
    if kilobytes < 1024:
        return f"{kilobytes} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB".replace(".", ",")


def subject_line(title: str) -> str:
    """The "V/v" line of a công văn: "Hưởng ứng Tháng..." -> "V/v hưởng ứng Tháng...".

    The first letter goes lower-case as on paper, unless the first word is an acronym (UBND).
    """
    title = _SUBJECT_PREFIX.sub("", title)  # the webmaster may have copied "V/v" from the paper
    first_word = title.split(" ", 1)[0]
    if len(first_word) > 1 and first_word.isupper():
        return f"V/v {title}"
    return f"V/v {title[:1].lower()}{title[1:]}"


def recipient_lines(recipients: list[str]) -> list[str]:
    """Nơi nhận as Nghị định 30 writes it: each line "- ...;" and the last one ending in "."."""
    cleaned = [r.strip().lstrip("-–• ").rstrip(" ;.") for r in recipients]
    return [f"- {r}{'.' if i == len(cleaned) - 1 else ';'}" for i, r in enumerate(cleaned)]
