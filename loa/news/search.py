"""Search entries for announcements, and the diacritic-free terms readers type.

Material's search shows an entry's title, text and tags as HTML (it inserts them with
innerHTML), so every value from the content is HTML-escaped here: a title such as
`<img src=x onerror=…>`, or a code sample in a body, is shown as text and never runs.

Readers often search without diacritics ("binh dang gioi"). Each search entry gets a
`folded` field: the distinct words of its title and text with diacritics stripped, so both
"bình đẳng" and "binh dang" find the same page. Distinct words keep the index small.
"""

from __future__ import annotations

import functools
import html
import re

from loa.news.body import plain_text
from loa.news.section import AnnouncementView
from loa.vietnamese import fold_diacritics

FOLDED_FIELD = "folded"
# Words split like the search's own separator, punctuation dropped; "/" stays in numbers.
_WORD_SEPARATORS = re.compile(r"[^\w/]+")
FOLDED_BOOST = 0.5


@functools.lru_cache(maxsize=65536)  # `mkdocs serve` folds only the entries an edit changed
def folded_terms(*texts: str) -> str:
    """Distinct lower-case words of the texts without diacritics, in order of appearance."""
    words = _WORD_SEPARATORS.split(fold_diacritics(" ".join(texts)).lower())
    return " ".join(dict.fromkeys(word for word in words if word))


def announcement_entry(view: AnnouncementView) -> dict:
    """The search entry of an announcement: its metadata is searchable as well as its body."""
    item = view.item
    text = " ".join(part for part in (item.doc_type.name, item.number, item.issuer, plain_text(view.body_html)) if part)
    return search_entry(view.url, view.full_title, text, item.tags)


def search_entry(location: str, title: str, text: str, tags: list[str]) -> dict:
    """An entry of the search index whose every text is escaped for the HTML it is shown as."""
    escape = html.escape
    return {"location": location, "title": escape(title), "text": escape(text), "tags": [escape(t) for t in tags]}


def add_folded_terms(entry: dict) -> dict:
    """Add the diacritic-free words of an entry (any page of the site) to it."""
    # Only word characters and "/" are left: nothing in the folded words can be markup.
    texts = (entry.get("title", ""), entry.get("text", ""), " ".join(entry.get("tags", [])))
    entry[FOLDED_FIELD] = folded_terms(*(plain_text(text) for text in texts))
    return entry
