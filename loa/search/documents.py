"""What search knows of a page: the texts it is found by, with how much each counts, and what
a result shows of it."""

from __future__ import annotations

from dataclasses import dataclass

# How much a word counts by where it stands. A reader who types a number or a signer's name
# wants that document first, before the many that mention it in passing.
NUMBER = 12
TITLE = 10
SIGNER = 8
TAGS = 6
KIND = 4
ISSUER = 3
SUMMARY = 3
REFERENCES = 3
BODY = 1
BODY_REPEATS = 5  # a word said more often in a body counts more, up to this many times

EXCERPT_CHARACTERS = 1200  # of a page's text, kept for the excerpt a result shows


@dataclass(frozen=True)
class SearchDocument:
    """One page as search finds and shows it. Texts are plain text, never HTML: a result shows
    them as text, whatever they contain."""

    url: str  # site-relative
    kind: str  # a document type code, "chien-dich" or "trang": what results can be narrowed by
    kind_label: str  # shown in a result: "Công văn", "Chiến dịch"
    title: str
    number: str | None = None
    date: str | None = None  # ISO; shown as dd/mm/yyyy
    year: int | None = None  # what results can be narrowed by
    fields: tuple[tuple[str, int], ...] = ()  # (text, weight): what the page is found by
    numbers: tuple[tuple[str, int], ...] = ()  # (document number, weight): found whole or in part
    text: str = ""  # the page's text, from which a result's excerpt is taken

    @property
    def excerpt_source(self) -> str:
        return self.text[:EXCERPT_CHARACTERS]
