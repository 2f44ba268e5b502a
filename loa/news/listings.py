"""Listings of the news section (all, per type, per year, per tag) and their pages."""

from __future__ import annotations

import math
from dataclasses import dataclass

from loa.content.announcement import Announcement
from loa.content.collection import NewsCollection
from loa.content.document_types import DOCUMENT_TYPES
from loa.news import urls


@dataclass(frozen=True)
class Listing:
    """A list of announcements with a heading, shown newest first over numbered pages."""

    kind: str  # "all", "type", "year" or "tag": which filter is active
    key: str
    title: str
    url: str
    items: list[Announcement]


@dataclass(frozen=True)
class ListingPage:
    listing: Listing
    number: int
    page_count: int
    items: list[Announcement]

    @property
    def url(self) -> str:
        return urls.paged_url(self.listing.url, self.number)

    @property
    def title(self) -> str:
        if self.number == 1:
            return self.listing.title
        return f"{self.listing.title} (trang {self.number}/{self.page_count})"

    def page_url(self, number: int) -> str:
        return urls.paged_url(self.listing.url, number)

    @property
    def page_links(self) -> list[int | None]:
        """The page numbers the pagination shows: the first, the last and two on each side of
        this one, None for the ellipsis that stands next to them for the numbers left out.
        Worked out here, not in a loop over every page: in a listing of 3,000 pages (a
        province's archive) that loop cost each page 3,000 steps and 50 KB of blank lines."""
        current, count = self.number, self.page_count
        near = range(max(1, current - _NEAR_PAGES - 1), min(count, current + _NEAR_PAGES + 1) + 1)
        links: list[int | None] = []
        for number in sorted({1, count, *near}):
            if number in (1, count) or abs(number - current) <= _NEAR_PAGES:
                links.append(number)
            elif abs(number - current) == _NEAR_PAGES + 1:
                links.append(None)
        return links


_NEAR_PAGES = 2  # page numbers shown on each side of the current one


def build_listings(collection: NewsCollection) -> list[Listing]:
    listings = [Listing("all", "", "Tin tức - Văn bản", urls.SECTION, collection.items)]
    for code, items in collection.by_type.items():
        name = DOCUMENT_TYPES[code].name
        listings.append(Listing("type", code, name, urls.type_url(code), items))
    for year, items in sorted(collection.by_year.items(), reverse=True):
        listings.append(Listing("year", str(year), f"Năm {year}", urls.year_url(year), items))
    for slug, items in collection.by_tag.items():
        listings.append(Listing("tag", slug, f"Chủ đề: {collection.tags[slug].name}", urls.tag_url(slug), items))
    return listings


def paginate(listing: Listing, page_size: int) -> list[ListingPage]:
    """Split a listing into pages; an empty listing still has its one (empty) page."""
    count = max(1, math.ceil(len(listing.items) / page_size))
    return [
        ListingPage(listing, number, count, listing.items[(number - 1) * page_size : number * page_size])
        for number in range(1, count + 1)
    ]
