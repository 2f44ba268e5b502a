"""The Atom feed of the news section, for readers and aggregators."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from loa.news import urls
from loa.news.section import NewsSection

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
_VIETNAM = dt.timezone(dt.timedelta(hours=7))


def _timestamp(day: dt.date) -> str:
    """Documents carry a day, not a time: midnight in Vietnam, so the day never shifts."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=_VIETNAM).isoformat()


def build_atom_feed(section: NewsSection, site_url: str, site_name: str) -> str:
    """Atom 1.0 XML of the newest announcements; the same content gives the same bytes."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            child.text = text
        return child

    base = site_url.rstrip("/") + "/"
    views = section.latest(FEED_SIZE)
    add(root, "id", base + urls.SECTION)
    add(root, "title", f"{site_name} - Tin tức, văn bản")
    add(root, "subtitle", f"Thông báo, văn bản của {section.agency.name}")
    add(root, "link", rel="self", href=base + urls.FEED, type="application/atom+xml")
    add(root, "link", rel="alternate", href=base + urls.SECTION, type="text/html")
    updated = views[0].item.date if views else dt.date(1970, 1, 1)
    add(root, "updated", _timestamp(updated))
    author = add(root, "author")
    add(author, "name", section.agency.name)
    for view in views:
        item = view.item
        entry = add(root, "entry")
        add(entry, "id", base + view.url)
        add(entry, "title", view.full_title)
        add(entry, "link", rel="alternate", href=base + view.url, type="text/html")
        add(entry, "published", _timestamp(item.date))
        add(entry, "updated", _timestamp(item.date))
        entry_author = add(entry, "author")
        add(entry_author, "name", item.author or item.issuer)
        add(entry, "summary", view.summary)
        add(entry, "category", term=item.doc_type.code, label=item.doc_type.name)
        for tag in item.tags:
            add(entry, "category", term=tag)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
