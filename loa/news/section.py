"""The news section as data: every page to write, with what its template needs."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from loa.content.agency import Agency
from loa.content.announcement import Announcement, Attachment
from loa.content.campaign import Campaign
from loa.content.collection import NewsCollection
from loa.content.document_types import DOCUMENT_TYPES
from loa.news import urls
from loa.news.body import BodyRenderer, first_paragraph, shorten
from loa.news.listings import Listing, ListingPage, build_listings, paginate


@dataclass(frozen=True)
class Reference:
    number: str
    target: Announcement | None

    @property
    def url(self) -> str | None:
        return urls.announcement_url(self.target) if self.target else None


@dataclass
class AnnouncementView:
    """An announcement with what is derived for display: its HTML, summary and links."""

    item: Announcement
    url: str
    body_html: str
    summary: str
    references: list[Reference] = field(default_factory=list)
    newer: Announcement | None = None
    older: Announcement | None = None
    campaign: Campaign | None = None

    @property
    def full_title(self) -> str:
        """Title with type and number, as in page titles and feeds: "Công văn số 2768/STC-VP: ..."."""
        item = self.item
        return f"{item.doc_type.name} số {item.number}: {item.title}" if item.number else item.title

    @property
    def description(self) -> str:
        return shorten(self.summary, 200)

    def attachment_url(self, attachment: Attachment) -> str:
        return quote(attachment.source_path)


class NewsSection:
    """Builds the views of all pages of the news section from the published announcements."""

    def __init__(
        self,
        agency: Agency,
        collection: NewsCollection,
        renderer: BodyRenderer,
        page_size: int,
        static_files: Collection[str] = (),
        campaigns: Mapping[str, Campaign] | None = None,
    ):
        """`static_files`: docs-relative paths of the files the site publishes as they are,
        which bodies may link to (attachments, images). `campaigns`: the kits by id."""
        self.agency = agency
        self.collection = collection
        self.page_size = page_size
        self.views: dict[str, AnnouncementView] = {}
        self.broken_links: list[tuple[str, str]] = []  # (source path, link as written)
        by_source = {item.source_path: urls.announcement_url(item) for item in collection.items}

        def resolve(path: str) -> str | None:
            return by_source.get(path) or (path if path in static_files else None)

        for item in collection.items:
            url = urls.announcement_url(item)
            body_html = renderer.render(
                item.body, posixpath.dirname(item.source_path), urls.relative_root(url), resolve
            )
            self.broken_links += [(item.source_path, link) for link in renderer.broken_links]
            summary = item.summary or first_paragraph(body_html) or item.title
            self.views[item.source_path] = AnnouncementView(
                item=item,
                url=url,
                body_html=body_html,
                summary=shorten(summary) if not item.summary else summary,
                references=[Reference(n, collection.find_by_number(n, as_of=item)) for n in item.references],
                newer=collection.newer(item),
                older=collection.older(item),
                campaign=(campaigns or {}).get(item.campaign) if item.campaign else None,
            )
        self.listings: list[Listing] = build_listings(collection)

    def view(self, item: Announcement) -> AnnouncementView:
        return self.views[item.source_path]

    def latest(self, count: int) -> list[AnnouncementView]:
        return [self.view(item) for item in self.collection.items[:count]]

    @functools.cached_property
    def listing_pages(self) -> list[ListingPage]:
        """Every page of every listing, computed once per build."""
        return [page for listing in self.listings for page in paginate(listing, self.page_size)]

    @functools.cached_property
    def filters(self) -> dict[str, list[tuple[str, str, int]]]:
        """The links offered above every listing: (name, url, count) per type, year and tag;
        the same for all listing pages, so computed once."""
        c = self.collection
        return {
            "type": [
                (DOCUMENT_TYPES[code].name, urls.type_url(code), len(items))
                for code, items in sorted(c.by_type.items(), key=lambda kv: DOCUMENT_TYPES[kv[0]].name)
            ],
            "year": [
                (str(year), urls.year_url(year), len(items)) for year, items in sorted(c.by_year.items(), reverse=True)
            ],
            "tag": [
                (c.tags[slug].name, urls.tag_url(slug), len(items))
                for slug, items in sorted(c.by_tag.items(), key=lambda kv: c.tags[kv[0]].name)
            ],
        }
