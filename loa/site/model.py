"""The whole site as Loa makes it, from the loaded content to the list of outputs.

Nothing here knows MkDocs: an engine hands in the content, its own pages and static files,
and a Jinja environment that can load the theme's and Loa's templates; it gets back every
output (loa.site.outputs) to write, the entries to add to its search index and sitemap, and
the contents of the navigation pages it renders itself (the news and campaign indexes).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import jinja2

from loa.banners.formats import BannerFormat
from loa.build_cache import BuildCache, MadeFromKept, content_key, files_signature
from loa.campaigns import urls as campaign_urls
from loa.campaigns.gallery import Gallery, render_gallery
from loa.campaigns.search import campaign_document
from loa.campaigns.section import CampaignSection, CampaignView
from loa.campaigns.stylesheet import campaign_stylesheet
from loa.content.agency import Agency
from loa.content.announcement import Announcement
from loa.content.collection import NewsCollection
from loa.content.errors import ContentError
from loa.content.site_content import SiteContent
from loa.news import urls
from loa.news.body import BodyRenderer, plain_text
from loa.news.data_export import build_data_json
from loa.news.feed import FEED_SIZE, build_atom_feed
from loa.news.listings import ListingPage
from loa.news.search import announcement_document
from loa.news.section import AnnouncementView, NewsSection
from loa.parallel import SharedJobs, chunks, in_steps, run_jobs
from loa.search.documents import BODY as BODY_WEIGHT
from loa.search.documents import TITLE as TITLE_WEIGHT
from loa.search.documents import SearchDocument
from loa.search.index import SearchIndex, build_search_index
from loa.site.outputs import DATA, FILE, PAGE, Output, PageMeta
from loa.site.social import og_image_tags

FONT_TYPES = (".ttf", ".otf", ".woff2", ".txt")  # the fonts, and their licence
SETTINGS = "mkdocs.yml"  # what every output depends on, besides its own inputs
_PAGES_PER_JOB = 100
T = TypeVar("T")
W = TypeVar("W")


@dataclass(frozen=True)
class SiteSettings:
    """What the site's configuration says, as Loa needs it."""

    agency: Agency
    site_url: str  # absolute, ending in "/"
    site_name: str
    page_size: int
    home_latest: int
    today: dt.date  # the build date: campaign statuses, the campaign bar
    fonts_dir: Path


class SiteModel:
    """Every output of the site, from the sections Loa derives from the content."""

    def __init__(
        self,
        settings: SiteSettings,
        news: NewsSection,
        campaigns: CampaignSection,
        gallery: Gallery,
        page_cache: BuildCache | None = None,
    ):
        """`page_cache`: rendered page contents by the data that made them, from earlier builds."""
        self.settings = settings
        self.news = news
        self.campaigns = campaigns
        self.gallery = gallery
        self.page_cache = page_cache
        self._items: dict[str, str] = {}  # each announcement's item in listings, by its URL
        self._filters: dict[tuple[str, str], str] = {}  # a listing's filters by its URL and folder depth
        self._templates_key = ""

    # ----------------------------------------------------------------- what needs no template

    @functools.cached_property
    def file_outputs(self) -> list[Output]:
        """Files published as they are: fonts, the kits' files, the rendered graphics."""
        outputs = []
        fonts_dir = self.settings.fonts_dir
        for font in sorted(fonts_dir.iterdir()) if fonts_dir.is_dir() else []:
            if font.suffix.lower() in FONT_TYPES:
                outputs.append(Output(f"assets/fonts/{font.name}", FILE, source=font, inputs=frozenset({str(font)})))
        for view in self.campaigns.views.values():
            campaign = view.campaign
            for kit_file in campaign.files:
                source = campaign.folder / kit_file.name
                path = campaign_urls.kit_file_url(campaign.id, kit_file.name)
                outputs.append(Output(path, FILE, source=source, inputs=frozenset({str(source)})))
        for path, source in self.gallery.files:
            campaign_id = path.split("/")[1]
            outputs.append(Output(path, FILE, source=source, inputs=frozenset({f"campaign:{campaign_id}"})))
        return outputs

    @functools.cached_property
    def data_outputs(self) -> list[Output]:
        """The feed, the open data and the kits' colours."""
        news, settings = self.news, self.settings
        sources = frozenset(item.source_path for item in news.collection.items)
        newest = frozenset(item.source_path for item in news.collection.items[:FEED_SIZE])
        kits = frozenset(f"campaign:{campaign_id}" for campaign_id in self.campaigns.views)
        return [
            Output(
                urls.FEED,
                DATA,
                inputs=newest,
                make=functools.partial(build_atom_feed, news, settings.site_url, settings.site_name),
            ),
            Output(urls.DATA, DATA, inputs=sources, make=functools.partial(build_data_json, news, settings.site_url)),
            Output(
                campaign_urls.STYLESHEET,
                DATA,
                campaign_stylesheet(view.campaign for view in self.campaigns.views.values()),
                inputs=kits,
            ),
        ]

    def search_documents(self, engine_pages: Iterable[tuple[str, str, str]] = ()) -> Iterator[SearchDocument]:
        """Every page search finds, one at a time: the announcements newest first (results that
        score the same are shown in this order), the campaigns, then the engine's own pages
        given as (site-relative URL, title, HTML)."""
        for view in self.news.views.values():
            made_with = (view.url, view.summary, view.body_html)
            yield _SEARCH_DOCUMENTS.value(view.item, made_with, functools.partial(announcement_document, view))
        _SEARCH_DOCUMENTS.end_round()
        for campaign_view in self.campaigns.views.values():
            yield campaign_document(campaign_view)
        loa_pages = self.page_urls()
        for url, title, html in engine_pages:
            if url not in loa_pages:
                text = plain_text(html)
                fields = ((title, TITLE_WEIGHT), (text, BODY_WEIGHT))
                yield SearchDocument(url=url, kind="trang", kind_label="Trang", title=title, fields=fields, text=text)

    def search_index(
        self, engine_pages: Iterable[tuple[str, str, str]] = (), kept: SearchIndex | None = None
    ) -> Iterable[tuple[str, bytes]]:
        """The files of the site's search index (loa.search), (name, bytes) with its index file
        last; `kept`: a preview's index of its last build, updated in place."""
        documents = self.search_documents(engine_pages)
        if kept is not None:
            return kept.update(documents).items()
        return in_steps(build_search_index(documents))  # a build's parent_only job (write_pages)

    def sitemap_entries(self) -> list[tuple[str, str | None]]:
        """Loa's pages for the sitemap: (site-relative URL, last modification date or None)."""
        entries = [(view.url, view.item.date.isoformat()) for view in self.news.views.values()]
        entries += [(page.url, None) for page in self.news.listing_pages[1:]] + [(urls.TAGS, None)]
        return entries + [(view.url, None) for view in self.campaigns.views.values()]

    def page_urls(self) -> set[str]:
        """The URLs of every page Loa writes or fills, the navigation pages included."""
        found = {view.url for view in self.news.views.values()}
        found |= {page.url for page in self.news.listing_pages} | {urls.TAGS}
        return found | {view.url for view in self.campaigns.views.values()} | {campaign_urls.SECTION}

    def link_errors(self, engine_urls: Collection[str]) -> list[ContentError]:
        """Body errors, links from the site root included, once every published URL is known:
        the engine's (its pages and files, site-relative) and Loa's own."""
        published = set(engine_urls) | self.page_urls() | {"", urls.FEED, urls.DATA, "sitemap.xml"}
        published |= {output.path for output in self.file_outputs + self.data_outputs}
        published |= {url.removesuffix("index.html") for url in published if url.endswith("/index.html")}
        return self.news.errors + self.news.check_site_links(published)

    # ----------------------------------------------------------------- pages

    def latest(self) -> list[AnnouncementView]:
        return self.news.latest(self.settings.home_latest)

    def news_index_content(self, templates: jinja2.Environment) -> str:
        """The first page of all announcements, which the engine renders as a navigation page."""
        return self._listing_content(templates, self.news.listing_pages[0])

    def campaign_index_content(self, templates: jinja2.Environment) -> str:
        return templates.get_template("loa/campaign-index.html").render(
            groups=self.campaigns.index_groups(), base=urls.relative_root(campaign_urls.SECTION)
        )

    def page_outputs(
        self, templates: jinja2.Environment, earlier: dict[str, tuple[tuple, Output]] | None = None
    ) -> Iterator[Output]:
        """Every page Loa writes into the theme's chrome: announcements, listing pages after the
        first, the page of all tags, the campaign pages. One at a time, so that a build holds one
        page in memory, not the whole archive's.

        `earlier` (a preview's rebuilds): each page's signature and output from the last build,
        updated here. A page whose signature holds the very same announcement objects (a
        long process keeps those whose files did not change) and equal texts is given back as
        the earlier output itself, neither rendered nor keyed again."""
        for path, signature, make in self._pages(templates):
            if earlier is None or signature is None:
                yield make()
                continue
            known = earlier.get(path)
            output = known[1] if known is not None and _same(known[0], signature) else make()
            earlier[path] = (signature, output)
            yield output

    def start_pages(
        self, templates: jinja2.Environment, write: Callable[[Output], W], beside: Sequence[Callable[[], object]] = ()
    ) -> StartedPages[W]:
        """Start rendering every page of page_outputs and handing it to `write` (which writes it
        into the chrome), shared between the machine's cores (loa.parallel): other processes start
        on the pages at once, and this one may do other work (the engine's own pages) before it
        joins them in StartedPages.finish. What the pages add to the page cache is kept.

        `beside`: work of this process that reads every announcement (the data files), done
        first, while the other processes render the listings' items: done beside the pages, it
        would copy the memory they share with this process (loa.parallel), and end them early."""

        def write_run(run: Sequence[tuple[str, tuple | None, Callable[[], Output]]]) -> list[W]:
            return [write(make()) for _, _, make in run]

        carried = [self.page_cache] if self.page_cache is not None else []
        for name in _PAGE_TEMPLATES:  # compiled here once, not again in each process the pages are shared with
            templates.get_template(name)
        # Each announcement's item in listings, rendered once for all processes: a process that
        # renders listing pages would otherwise render (and hold) most of them again.
        views = list(self.news.views.values())

        def render_items(run: Sequence[AnnouncementView]) -> list[str]:
            return [self._item_fragment(templates, view) for view in run]

        runs = chunks(views, _PAGES_PER_JOB)
        rendered = run_jobs([functools.partial(render_items, run) for run in runs], carried=carried, parent_only=beside)
        for run, fragments in zip(runs, rendered[len(beside) :], strict=True):
            for view, fragment in zip(run, fragments, strict=True):
                self._items[view.url] = fragment
        pages = self._pages(templates, signed=False)
        jobs = [functools.partial(write_run, run) for run in chunks(pages, _PAGES_PER_JOB)]
        caches = [cache for cache in (self.news.body_cache, self.page_cache) if cache is not None]
        return StartedPages(SharedJobs(jobs, carried=carried), caches)

    def page_places(self) -> set[tuple[str, str]]:
        """Each (URL, navigation section) of the pages page_outputs gives: for an engine to make
        what pages at the same place share (the chrome of a folder depth) once, before the pages
        are shared out between processes."""
        places = {(view.url, urls.SECTION) for view in self.news.views.values()}
        places |= {(page.url, urls.SECTION) for page in self.news.listing_pages[1:]} | {(urls.TAGS, urls.SECTION)}
        return places | {(view.url, campaign_urls.SECTION) for view in self.campaigns.views.values()}

    def _pages(
        self, templates: jinja2.Environment, signed: bool = True
    ) -> list[tuple[str, tuple | None, Callable[[], Output]]]:
        """Each page as (path, signature, how to render it): the signature holds what the page
        shows, for a preview to tell whether it changed (page_outputs); None for the pages that
        show the whole archive (tags, campaigns), rendered in every build, and for every page
        when not `signed` (a build from nothing compares nothing)."""
        pages: list[tuple[str, tuple | None, Callable[[], Output]]] = []
        signature: tuple | None = None
        campaigns_shown: dict[int, str] = {}  # each campaign's repr, made once (its kit is long)
        for view in self.news.views.values():
            if signed:
                item, campaign = view.item, view.campaign
                shown = campaigns_shown.get(id(campaign))
                if shown is None:
                    shown = campaigns_shown[id(campaign)] = repr(campaign)
                signature = (item, view.newer, view.older, view.body_html, view.summary, shown,
                             *(r.target for r in view.references))  # fmt: skip
            make = functools.partial(self._announcement_page, templates, view)
            pages.append((urls.output_path(view.url), signature, make))
        agency = self.settings.agency.name
        # What the filters above every listing show, besides the listing and folder depth its
        # path gives: compared rather than the filters rendered for every listing.
        filters_shown = repr((self.news.filters, len(self.news.all_tags))) if signed else ""
        for listing_page in self.news.listing_pages[1:]:
            meta = PageMeta(listing_page.url, listing_page.title, f"{listing_page.title} - {agency}", "website",
                            urls.SECTION)  # fmt: skip
            inputs = frozenset(item.source_path for item in listing_page.items) | {SETTINGS}
            if signed:
                signature = (listing_page.listing.title, len(listing_page.listing.items), listing_page.page_count,
                             filters_shown, *listing_page.items,
                             *(self.news.view(item).summary for item in listing_page.items))  # fmt: skip
            make = functools.partial(self._listing_page, templates, listing_page, meta, inputs)
            pages.append((urls.output_path(listing_page.url), signature, make))
        pages.append((urls.output_path(urls.TAGS), None, functools.partial(self._tag_index_page, templates)))
        for campaign_view in self.campaigns.views.values():
            make = functools.partial(self._campaign_page, templates, campaign_view)
            pages.append((urls.output_path(campaign_view.url), None, make))
        return pages

    def _listing_page(
        self, templates: jinja2.Environment, listing_page: ListingPage, meta: PageMeta, inputs: frozenset[str]
    ) -> Output:
        return _page(meta, self._listing_content(templates, listing_page), inputs)

    def _tag_index_page(self, templates: jinja2.Environment) -> Output:
        tag_index = templates.get_template("loa/tag-index.html").render(
            section=self.news, base=urls.relative_root(urls.TAGS)
        )
        meta = PageMeta(urls.TAGS, "Chủ đề", f"Các chủ đề văn bản, tin bài của {self.settings.agency.name}", "website",
                        urls.SECTION)  # fmt: skip
        return _page(meta, tag_index, frozenset({SETTINGS}))

    def save_caches(self, prune: bool = True) -> None:
        """Keep what this build rendered for the next one; with `prune`, only what it used."""
        for cache in (self.news.body_cache, self.page_cache):
            if cache is not None:
                cache.save(prune)

    def outputs(self, templates: jinja2.Environment) -> Iterator[Output]:
        """The full list of what the site holds besides the engine's own pages and files, pages
        rendered as they are asked for."""
        yield from self.page_outputs(templates)
        yield from self.data_outputs
        yield from self.file_outputs

    def _cached(self, templates: jinja2.Environment, key_parts: tuple, render: Callable[[], str]) -> str:
        """A rendered text from the page cache, keyed by the templates, the settings and the data
        that made it; rendered (and kept) when the cache does not have it."""
        if not self._templates_key:  # once per build: the templates, the settings
            folders = [Path(folder) for folder in getattr(templates.loader, "searchpath", [])]
            self._templates_key = content_key(files_signature(folders, (".html", ".xml")), repr(self.settings))
        key = content_key(self._templates_key, *key_parts)
        text = self.page_cache.get(key) if self.page_cache is not None else None
        if text is None:
            text = render()
            if self.page_cache is not None:
                self.page_cache.put(key, text)
        return text

    def _announcement_page(self, templates: jinja2.Environment, view: AnnouncementView) -> Output:
        item, site_url = view.item, self.settings.site_url
        campaign_view = self.campaigns.views.get(item.campaign) if item.campaign else None
        image = og_image_tags(campaign_view.og_image if campaign_view else None, site_url)
        references = [(r.number, r.url, r.target.digest if r.target else None) for r in view.references]
        neighbours = [(a.source_path, a.slug, a.year, a.title) if a else None for a in (view.newer, view.older)]
        key_parts = ("announcement", item.digest, view.body_html, view.summary, references, neighbours,
                     repr(view.campaign))  # fmt: skip
        content = self._cached(
            templates,
            key_parts,
            lambda: templates.get_template("loa/announcement.html").render(
                view=view, item=item, agency=self.settings.agency, base=urls.relative_root(view.url), site_url=site_url
            ),
        )
        meta = PageMeta(view.url, view.full_title, view.description, "article", urls.SECTION, image)
        related: list[Announcement | None] = [item, view.newer, view.older, *(r.target for r in view.references)]
        inputs = frozenset(a.source_path for a in related if a is not None) | {SETTINGS}
        if item.campaign:
            inputs |= {f"campaign:{item.campaign}"}
        return _page(meta, content, inputs)

    def _campaign_page(self, templates: jinja2.Environment, view: CampaignView) -> Output:
        content = templates.get_template("loa/campaign.html").render(
            view=view, campaign=view.campaign, news=self.news, base=urls.relative_root(view.url),
            site_url=self.settings.site_url,
        )  # fmt: skip
        image = og_image_tags(view.og_image, self.settings.site_url)
        meta = PageMeta(view.url, view.campaign.name, view.description, "website", campaign_urls.SECTION, image)
        inputs = frozenset({f"campaign:{view.campaign.id}", SETTINGS}) | {a.source_path for a in view.announcements}
        return _page(meta, content, inputs)

    def _listing_content(self, templates: jinja2.Environment, listing_page: ListingPage) -> str:
        """A listing page from pieces rendered once: each announcement's item and each listing's
        filters are the same on every page that shows them (at the same folder depth). Not kept
        in the page cache: put together from cached items it costs less than its bytes do to
        store and read back (listing pages were 60% of the cache)."""
        base = urls.relative_root(listing_page.url)
        filters_html = self._filters_html(templates, listing_page)
        items = [self._item_fragment(templates, self.news.view(item)).replace(_BASE_MARK, base)
                 for item in listing_page.items]  # fmt: skip
        return templates.get_template("loa/listing.html").render(
            listing_page=listing_page, filters_html=filters_html, items_html=items, base=base
        )

    def _filters_html(self, templates: jinja2.Environment, listing_page: ListingPage) -> str:
        """The filters above a listing, rendered once per listing and folder depth."""
        base = urls.relative_root(listing_page.url)
        key = (listing_page.listing.url, base)
        if key not in self._filters:
            self._filters[key] = templates.get_template("loa/partials/filters.html").render(
                listing=listing_page.listing, section=self.news, filters=self.news.filters, base=base
            )
        return self._filters[key]

    def _item_fragment(self, templates: jinja2.Environment, view: AnnouncementView) -> str:
        """An announcement's item in listings, rendered once with a mark where the path back to the
        site root goes (it depends on the listing page's folder depth)."""
        if view.url not in self._items:
            item = view.item
            key_parts = ("item", view.url, item.doc_type.name, item.number, item.date.isoformat(), item.author,
                         item.issuer, item.title, view.summary)  # fmt: skip
            self._items[view.url] = self._cached(
                templates,
                key_parts,
                lambda: templates.get_template("loa/partials/announcement-item.html").render(
                    view=view, base=_BASE_MARK, item_heading="h2"
                ),
            )
        return self._items[view.url]


_SEARCH_DOCUMENTS: MadeFromKept[SearchDocument] = MadeFromKept()  # a preview's, by announcement


# Every template the pages render, with those they include.
_PAGE_TEMPLATES = (
    "loa/announcement.html", "loa/listing.html", "loa/tag-index.html", "loa/campaign.html",
    "loa/partials/announcement-item.html", "loa/partials/filters.html", "loa/partials/pagination.html",
    "loa/partials/download.html",
)  # fmt: skip
_BASE_MARK = "\x00loa-base\x00"  # never in content: control characters are refused on the way in


def _same(first: tuple, second: tuple) -> bool:
    """Signatures are the same: texts and numbers equal, every other part the very same object."""
    return len(first) == len(second) and all(
        a == b if isinstance(a, str | int | type(None)) else a is b for a, b in zip(first, second, strict=True)
    )


def _page(meta: PageMeta, content: str, inputs: frozenset[str]) -> Output:
    return Output(urls.output_path(meta.url), PAGE, content, inputs=inputs, page=meta)


@dataclass
class StartedPages(Generic[W]):
    """The pages being written (SiteModel.start_pages)."""

    jobs: SharedJobs[list[W]]
    caches: list[BuildCache]  # written while the last pages are, in the other processes

    def finish(self, beside: Sequence[Callable[[], T]] = ()) -> tuple[list[T], list[W]]:
        """Write the pages left, after running the `beside` jobs (the search index, which holds
        much memory while it is built) in this process while the others go on: their results,
        and what `write` gave for each page, in page order."""
        results = self.jobs.finish(parent_only=beside, then=self._flush)  # type: ignore[arg-type]
        written = [page for run in results[len(beside) :] for page in run]  # type: ignore[union-attr]
        return results[: len(beside)], written  # type: ignore[return-value]

    def cancel(self) -> None:
        """Stop the other processes: the build failed."""
        self.jobs.cancel()

    def _flush(self) -> None:
        for cache in self.caches:
            cache.flush()


@dataclass
class PlannedSite:
    """The model, or what stops the build: content errors, or graphics that cannot be made."""

    model: SiteModel | None
    errors: list[ContentError]
    graphic_errors: list[str]
    notes: list[str]  # warnings for the build's log
    summary: str = ""  # what the graphics step did, for the build's log


def plan_site(
    content: SiteContent,
    settings: SiteSettings,
    renderer: BodyRenderer,
    *,
    static_files: Collection[str],
    engine_pages: Mapping[str, str],
    formats: list[BannerFormat],
    banner_cache_dir: Path,
    build_cache_dir: Path | None = None,
) -> PlannedSite:
    """The site from checked content: bodies rendered and checked, graphics rendered (through the
    cache), sections derived. `static_files`: docs-relative files the engine publishes as they are;
    `engine_pages`: its own pages, docs-relative source path to URL; `build_cache_dir`: where
    rendered bodies and pages are kept between builds (None: in this process only)."""
    news, campaigns = content.news, content.campaigns
    collection = NewsCollection(news.published)
    bodies = BuildCache(build_cache_dir, "bodies", held_anyway=True)
    section = NewsSection(settings.agency, collection, renderer, settings.page_size, static_files, campaigns,
                          content.shown_docs, engine_pages, bodies)  # fmt: skip
    gallery = render_gallery(list(campaigns.values()), formats, settings.fonts_dir, banner_cache_dir)
    if gallery.errors:
        return PlannedSite(None, [], gallery.errors, gallery.notes)
    campaign_section = CampaignSection(campaigns, collection, settings.today, gallery.graphics)
    model = SiteModel(settings, section, campaign_section, gallery, BuildCache(build_cache_dir, "pages"))
    return PlannedSite(model, [], [], gallery.notes, gallery.summary)
