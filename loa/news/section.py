"""The news section as data: every page to write, with what its template needs."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

from loa.build_cache import BuildCache, content_key
from loa.content.agency import Agency
from loa.content.announcement import Announcement, Attachment
from loa.content.campaign import Campaign
from loa.content.collection import NewsCollection
from loa.content.document_types import DOCUMENT_TYPES
from loa.content.errors import ContentError
from loa.news import urls
from loa.news.body import BodyRenderer, RenderedBody, first_paragraph, shorten
from loa.news.listings import Listing, ListingPage, build_listings, paginate
from loa.parallel import chunks, run_jobs

# Listings offer the most used tags; the others are on the page of all tags, so that the size of
# every listing page stays the same however many tags the archive has.
FILTER_TAGS = 30
_BODIES_PER_JOB = 64  # a preview's rebuild of a few bodies stays in one process


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


_LINK_EXPECTED = "đường dẫn tới một tệp trong docs/, một trang hoặc một văn bản đã đăng (không phải bản nháp)"


@dataclass(frozen=True)
class _CheckedText:
    """A rendered Markdown text and where it comes from, for its errors."""

    shown_path: str
    first_line: int  # the file line where the text starts
    url: str
    body: RenderedBody

    def error(self, line: int, found: str, expected: str) -> ContentError:
        return ContentError(self.shown_path, "(nội dung)", found, expected, self.first_line + line - 1)


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
        shown_prefix: str = "",
        pages: Mapping[str, str] | None = None,
        body_cache: BuildCache | None = None,
    ):
        """`static_files`: docs-relative paths of the files the site publishes as they are,
        which bodies may link to (attachments, images). `campaigns`: the kits by id.
        `shown_prefix`: the docs folder as the webmaster sees it ("docs/"), for errors.
        `pages`: the engine's own pages (home…), docs-relative source path to URL.
        `body_cache`: rendered bodies by their text, from earlier builds."""
        self.agency = agency
        self.collection = collection
        self.page_size = page_size
        self.shown_prefix = shown_prefix
        self.body_cache = body_cache
        self.views: dict[str, AnnouncementView] = {}
        self._texts: list[_CheckedText] = []
        self._bodies: dict[str, RenderedBody] = {}  # by URL
        self._published_urls: set[str] = set()
        by_source = {**(pages or {}), **{item.source_path: urls.announcement_url(item) for item in collection.items}}
        self._renderer = renderer

        def resolve(path: str) -> str | None:
            return by_source.get(path) or (path if path in static_files else None)

        self._resolve = resolve

        for item, body in zip(collection.items, self._render_bodies(collection.items), strict=True):
            url = urls.announcement_url(item)
            self._texts.append(_CheckedText(shown_prefix + item.source_path, item.body_line, url, body))
            self._bodies[url] = body
            summary = item.summary or first_paragraph(body.html) or item.title
            self.views[item.source_path] = AnnouncementView(
                item=item,
                url=url,
                body_html=body.html,
                summary=shorten(summary) if not item.summary else summary,
                references=[Reference(n, collection.find_by_number(n, as_of=item)) for n in item.references],
                newer=collection.newer(item),
                older=collection.older(item),
                campaign=(campaigns or {}).get(item.campaign) if item.campaign else None,
            )
        self.errors = [error for text in self._texts for error in self._text_errors(text)]
        self.listings: list[Listing] = build_listings(collection)

    def _render_bodies(self, items: list[Announcement]) -> list[RenderedBody]:
        """Every announcement's rendered body, from the cache when its text and every link in it
        resolve as before; the others rendered (and kept): all shared between the machine's cores."""
        renderer, cache, resolve = self._renderer, self.body_cache, self._resolve

        def body_of(item: Announcement) -> RenderedBody:
            source_dir, root = posixpath.dirname(item.source_path), urls.relative_root(urls.announcement_url(item))
            key = content_key("body", renderer.fingerprint, item.body, source_dir, root)
            body = cache.get(key) if cache else None
            if body is None or not body.resolves_as(resolve):
                body = renderer.render(item.body, source_dir, root, resolve)
                if cache:
                    cache.put(key, body)
            return body

        def render(run: Sequence[Announcement]) -> list[RenderedBody]:
            return [body_of(item) for item in run]

        carried = [cache] if cache else []
        rendered = run_jobs([functools.partial(render, run) for run in chunks(items, _BODIES_PER_JOB)], carried=carried)
        return [body for run in rendered for body in run]

    def check_site_links(self, published_urls: Collection[str]) -> list[ContentError]:
        """Errors for links of the bodies written from the site root ("/tin-tuc/…") to a page or
        file the site does not publish; `published_urls` are site-relative ("tin-tuc/2021/x/").
        Kept for the pages checked later (check_page)."""
        self._published_urls = set(published_urls)
        return [error for text in self._texts for error in self._site_link_errors(text)]

    def check_page(
        self, source_path: str, url: str, markdown_text: str, first_line: int = 1
    ) -> tuple[str, list[ContentError]]:
        """An ordinary page's Markdown (the home page…) as HTML, its links resolved like a body's
        (a link to an announcement's file goes to its page), and its errors by the same rules:
        its HTML, its links and anchors. `first_line`: the file line where the text starts."""
        body = self._renderer.render(
            markdown_text, posixpath.dirname(source_path), urls.relative_root(url), self._resolve
        )
        text = _CheckedText(self.shown_prefix + source_path, first_line, url, body)
        return body.html, self._text_errors(text) + self._site_link_errors(text)

    def _text_errors(self, text: _CheckedText) -> list[ContentError]:
        """What the HTML policy refuses, relative links to nothing published, and "#…" anchors
        that name no element of their page (this one, or the linked announcement)."""
        errors = [text.error(problem.line, problem.found, problem.expected) for problem in text.body.problems]
        for link in text.body.links:
            if link.site_absolute:
                continue
            if link.target is None:
                found = f"liên kết '{link.written}' không trỏ tới tệp, văn bản nào được đăng"
                errors.append(text.error(link.line, found, _LINK_EXPECTED))
                continue
            target = text.body if link.target == "" else self._bodies.get(link.target)
            if link.fragment and target is not None and unquote(link.fragment) not in target.ids:
                found = f"liên kết '{link.written}' tới mục '#{link.fragment}' không có"
                errors.append(text.error(link.line, found, "tên một mục (id) có trong trang được trỏ tới"))
        return errors

    def _site_link_errors(self, text: _CheckedText) -> list[ContentError]:
        errors = []
        for link in text.body.links:
            if link.site_absolute and unquote(urlsplit(link.written).path).lstrip("/") not in self._published_urls:
                found = f"liên kết '{link.written}' không trỏ tới trang, tệp nào của cổng"
                errors.append(text.error(link.line, found, "đường dẫn tới một trang hoặc tệp được đăng"))
        return errors

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
        """The links offered above every listing: (name, url, count) per type, year and the
        FILTER_TAGS most used tags (A to Z); the same for all listing pages, so computed once."""
        c = self.collection
        return {
            "type": [
                (DOCUMENT_TYPES[code].name, urls.type_url(code), len(items))
                for code, items in sorted(c.by_type.items(), key=lambda kv: DOCUMENT_TYPES[kv[0]].name)
            ],
            "year": [
                (str(year), urls.year_url(year), len(items)) for year, items in sorted(c.by_year.items(), reverse=True)
            ],
            "tag": [tag for tag in self.all_tags if tag in self._most_used_tags],
        }

    @functools.cached_property
    def _most_used_tags(self) -> set[tuple[str, str, int]]:
        return set(sorted(self.all_tags, key=lambda tag: (-tag[2], tag[1]))[:FILTER_TAGS])

    @functools.cached_property
    def all_tags(self) -> list[tuple[str, str, int]]:
        """(name, url, count) of every tag, A to Z: the page of all tags (`urls.TAGS`)."""
        c = self.collection
        return [
            (c.tags[slug].name, urls.tag_url(slug), len(items))
            for slug, items in sorted(c.by_tag.items(), key=lambda kv: c.tags[kv[0]].name)
        ]
