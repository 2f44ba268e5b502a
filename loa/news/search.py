"""Search entries for announcements, and the diacritic-free terms readers type.

Readers often search without diacritics ("binh dang gioi"). Each search entry gets a
`folded` field: the distinct words of its title and text with diacritics stripped, so both
"bình đẳng" and "binh dang" find the same page. Distinct words keep the index small.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from loa.news.body import plain_text
from loa.news.section import AnnouncementView

if TYPE_CHECKING:
    from loa.campaigns.section import CampaignView
from loa.vietnamese import fold_diacritics

FOLDED_FIELD = "folded"
# Words split like the search's own separator, punctuation dropped; "/" stays in numbers.
_WORD_SEPARATORS = re.compile(r"[^\w/]+")
FOLDED_BOOST = 0.5


def folded_terms(*texts: str) -> str:
    """Distinct lower-case words of the texts without diacritics, in order of appearance."""
    words = _WORD_SEPARATORS.split(fold_diacritics(" ".join(texts)).lower())
    return " ".join(dict.fromkeys(word for word in words if word))


def announcement_entry(view: AnnouncementView) -> dict:
    """The search entry of an announcement: its metadata is searchable as well as its body."""
    item = view.item
    text = " ".join(part for part in (item.doc_type.name, item.number, item.issuer, plain_text(view.body_html)) if part)
    return {"location": view.url, "title": view.full_title, "text": text, "tags": list(item.tags)}


def campaign_entry(view: CampaignView) -> dict:
    """The search entry of a campaign page: its name, official theme and messages."""
    c = view.campaign
    text = " ".join([c.theme, *c.slogans, c.organizer or ""])
    return {"location": view.url, "title": c.name, "text": text, "tags": []}


def add_folded_terms(entry: dict) -> dict:
    """Add the diacritic-free words of an entry (any page of the site) to it."""
    entry[FOLDED_FIELD] = folded_terms(
        entry.get("title", ""), plain_text(entry.get("text", "")), " ".join(entry.get("tags", []))
    )
    return entry
