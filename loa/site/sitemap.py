"""Loa's pages in the sitemap the engine writes for its own pages."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape


def sitemap_entries_xml(entries: Iterable[tuple[str, str | None]], site_url: str) -> str:
    """<url> elements for (site-relative URL, last modification date or None)."""
    base = site_url.rstrip("/") + "/"
    return "".join(
        f"    <url>\n         <loc>{escape(base + url, quote=False)}</loc>\n"
        + (f"         <lastmod>{lastmod}</lastmod>\n" if lastmod else "")
        + "    </url>\n"
        for url, lastmod in entries
    )


def extend_sitemap(sitemap_xml: str, entries: Iterable[tuple[str, str | None]], site_url: str) -> str:
    return sitemap_xml.replace("</urlset>", sitemap_entries_xml(entries, site_url) + "</urlset>")
