"""Where the campaign pages and the kits' files are published."""

from __future__ import annotations

from urllib.parse import quote

SECTION = "chien-dich/"
STYLESHEET = "assets/stylesheets/loa-campaigns.css"  # the campaigns' colours (loa.campaigns.stylesheet)


def campaign_url(campaign_id: str) -> str:
    return f"{SECTION}{campaign_id}/"


def kit_file_url(campaign_id: str, name: str) -> str:
    """A kit file's published path (also its path in the site folder, before quoting)."""
    return f"{SECTION}{campaign_id}/tep/{name}"


def banner_url(campaign_id: str, name: str) -> str:
    return f"{SECTION}{campaign_id}/bang-ron/{name}"


def banner_preview_url(campaign_id: str, name: str) -> str:
    return f"{SECTION}{campaign_id}/bang-ron/xem-truoc/{name}"


def quoted(path: str) -> str:
    return quote(path)
