"""Where each page of the news section lives, as site-relative directory URLs."""

from __future__ import annotations

from loa.content.announcement import Announcement

SECTION = "tin-tuc/"
# At the site root: Material fetches "sitemap.xml" next to every <link rel="alternate">,
# so a feed link anywhere else would make each page request a sitemap that is not there.
FEED = "feed.xml"
DATA = SECTION + "van-ban.json"
TAGS = SECTION + "chu-de/"  # every tag, with its listing under it


def announcement_url(item: Announcement) -> str:
    return f"{SECTION}{item.year}/{item.slug}/"


def paged_url(base: str, page_number: int) -> str:
    """Page 1 of a listing is its base URL; later pages live under `trang/<n>/`."""
    return base if page_number == 1 else f"{base}trang/{page_number}/"


def type_url(code: str) -> str:
    return f"{SECTION}loai/{code}/"


def year_url(year: int) -> str:
    return f"{SECTION}{year}/"


def tag_url(slug: str) -> str:
    return f"{TAGS}{slug}/"


def relative_root(url: str) -> str:
    """The relative path from a page at `url` back to the site root ("../.." for "a/b/")."""
    depth = url.strip("/").count("/") + 1 if url.strip("/") else 0
    return "/".join([".."] * depth) or "."


def output_path(url: str) -> str:
    return f"{url}index.html" if url.endswith("/") or not url else url
