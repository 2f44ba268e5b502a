"""The search entry of a campaign page."""

from __future__ import annotations

from loa.campaigns.section import CampaignView
from loa.news.search import search_entry


def campaign_entry(view: CampaignView) -> dict:
    """A campaign page is found by its name, official theme and messages."""
    c = view.campaign
    text = " ".join([c.theme, *c.slogans, c.organizer or ""])
    return search_entry(view.url, c.name, text, [])
