"""Words as search sees them, on both sides: the index (here) and the reader's query
(loa-search.js splits and folds the same way; a browser test checks that they agree).

A word is a run of letters and digits, lower-cased, in NFC. Its key is the word without
diacritics ("đường" -> "duong"): a query matches every word with its key, and a query typed
with diacritics prefers the words spelled as it was. Vietnamese syllables are short words,
so the keys are few (a few thousand) even in a large archive.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from loa.vietnamese import fold_diacritics

_WORD = re.compile(r"[^\W_]+")
# A document number as NĐ 30 writes it: digits, then "/" and its marks: "2768/STC-VP",
# "57/KH-SLĐTBXH", "30/2020/NĐ-CP". Readers type it whole or in part, with or without "Đ".
_NUMBER = re.compile(r"\d+(?:/[^\W_](?:[\w.-]*[^\W_])?)+")
_LETTER = re.compile(r"[^\W\d_]")


def words(text: str) -> list[str]:
    """The words of a text, lower-cased and composed."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


@functools.lru_cache(maxsize=1 << 17)  # the words of an archive are few: syllables, names, numbers
def word_key(word: str) -> str:
    """The key a word is indexed and looked up under: the word without diacritics."""
    return fold_diacritics(word)


def number_key(number: str) -> str:
    """A document number as one key, its marks without diacritics and separators:
    "57/KH-SLĐTBXH" -> "57khsldtbxh", so that "57/KH" finds it as a prefix."""
    return "".join(word_key(word) for word in words(number))


def numbers_in(text: str) -> list[str]:
    """The document numbers a text cites ("theo Kế hoạch số 57/KH-SLĐTBXH ..."); a date such as
    02/11/2021 has no letter, and is not one."""
    return [number for number in _NUMBER.findall(unicodedata.normalize("NFC", text)) if _LETTER.search(number)]
