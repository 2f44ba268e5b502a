"""The `loa` MkDocs plugin: a thin adapter between MkDocs events and Loa's own modules.

MkDocs never renders announcements or campaign pages itself. Loa loads and checks the
content (loa.content), derives the news and campaign sections (loa.news, loa.campaigns) and
writes their pages into the theme's chrome (shell.py). What stays with MkDocs: the ordinary
pages, the navigation, static files, search and sitemap, which Loa extends.
"""

from __future__ import annotations

import html
import json
import logging
import os
import time
from pathlib import Path
from urllib.parse import quote, unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from loa.banners.formats import BannerFormat, load_formats
from loa.banners.graphics import GraphicCache, banner_fonts, plan_graphics, raster_logo
from loa.build_date import BuildDateError, build_date
from loa.campaigns import urls as campaign_urls
from loa.campaigns.section import CampaignSection, GalleryGraphic
from loa.campaigns.stylesheet import campaign_stylesheet
from loa.content.agency import load_agency
from loa.content.campaign import Campaign
from loa.content.collection import NewsCollection
from loa.content.errors import ContentError, ContentErrors
from loa.content.repository import is_announcement_source
from loa.content.site_content import load_site_content, shown_path
from loa.mkdocs_plugin.config import LoaConfig
from loa.mkdocs_plugin.shell import ShellFactory
from loa.news import urls
from loa.news.body import BodyRenderer
from loa.news.data_export import build_data_json
from loa.news.feed import build_atom_feed
from loa.news.search import FOLDED_BOOST, FOLDED_FIELD, add_folded_terms, announcement_entry, campaign_entry
from loa.news.section import NewsSection
from loa.news.template_filters import TEMPLATE_FILTERS
from loa.vietnamese import to_nfc

log = logging.getLogger("mkdocs.plugins.loa")
CACHE_VARIABLE = "LOA_BANNER_CACHE"  # where rendered graphics are kept, if not the project's .cache/

# The first pages of the news and campaign sections go through MkDocs so that the navigation
# can link to them; they are kept out of search, which finds the pages they list.
NEWS_INDEX = urls.SECTION + "index.md"
NEWS_INDEX_SOURCE = "---\ntitle: Tin tức - Văn bản\nhide: [toc]\nsearch:\n  exclude: true\n---\n"
CAMPAIGN_INDEX = campaign_urls.SECTION + "index.md"
CAMPAIGN_INDEX_SOURCE = "---\ntitle: Chiến dịch truyền thông\nhide: [toc]\nsearch:\n  exclude: true\n---\n"


class LoaPlugin(BasePlugin[LoaConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_dir = Path(config.config_file_path or ".").resolve().parent
        self.news: NewsSection | None = None
        self.campaigns: CampaignSection | None = None
        self.agency, errors = load_agency((config.extra or {}).get("agency"))
        if self.config.page_size < 1:
            errors.append(
                ContentError("mkdocs.yml", "plugins.loa.page_size", str(self.config.page_size), "một số nguyên dương")
            )
        if not config.site_url:
            expected = "địa chỉ gốc của cổng, ví dụ https://stc.soctrang.gov.vn/ (dùng cho RSS, JSON, chia sẻ)"
            errors.append(ContentError("mkdocs.yml", "site_url", "không có", expected))
        if errors:
            raise PluginError(ContentErrors(errors).report())
        try:
            self.today = build_date()
        except BuildDateError as error:
            raise PluginError(str(error)) from error
        search = config.plugins.get("material/search")
        if search is not None:  # let the search worker index the diacritic-free words too
            search.config.fields.setdefault(FOLDED_FIELD, {"boost": FOLDED_BOOST})
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.agency is not None
        docs_dir = Path(config.docs_dir)
        campaigns_dir = self.project_dir / self.config.campaigns_dir
        content = load_site_content(self.agency, self.project_dir, docs_dir, [f.src_uri for f in files], campaigns_dir)
        formats, format_errors = self._load_formats(bool(content.campaigns))
        if content.errors or format_errors:
            raise PluginError(ContentErrors(content.errors + format_errors).report())
        news, campaigns, shown_docs = content.news, content.campaigns, content.shown_docs
        if news.drafts:
            drafts = ", ".join(d.source_path for d in news.drafts)
            log.info("Bỏ qua %d bản nháp (draft: true): %s", len(news.drafts), drafts)
        for drift in content.drifts():
            log.warning("%s", drift)

        sources = [f for f in files if is_announcement_source(f.src_uri)]
        for source in sources:
            files.remove(source)
        published_attachments = {a.source_path for item in news.published for a in item.attachments}
        for draft in news.drafts:
            for attachment in draft.attachments:
                file = files.get_file_from_path(attachment.source_path)
                if file is not None and attachment.source_path not in published_attachments:
                    files.remove(file)

        renderer = BodyRenderer(config.markdown_extensions, config.mdx_configs, self.config.embed_hosts)
        static_files = {f.src_uri for f in files if not f.is_documentation_page()}
        collection = NewsCollection(news.published)
        pages = {f.src_uri: unquote(f.url).removeprefix("./") for f in files.documentation_pages()}
        pages |= {NEWS_INDEX: urls.SECTION, CAMPAIGN_INDEX: campaign_urls.SECTION}
        self.news = NewsSection(
            self.agency, collection, renderer, self.config.page_size, static_files, campaigns, shown_docs, pages
        )
        self.page_errors: list[ContentError] = []
        self.page_html: dict[str, str] = {}  # ordinary pages rendered by Loa, by source path
        graphics = self._render_graphics(files, config, list(campaigns.values()), list(formats.values()))
        self.campaigns = CampaignSection(campaigns, collection, self.today, graphics)

        for src_uri, source in ((NEWS_INDEX, NEWS_INDEX_SOURCE), (CAMPAIGN_INDEX, CAMPAIGN_INDEX_SOURCE)):
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=source))
        self._add_campaign_files(files, config)
        self._add_fonts(files, config)
        # The kits' colours as classes: the CSP (style-src 'self') blocks inline style attributes.
        files.append(File.generated(config, campaign_urls.STYLESHEET, content=campaign_stylesheet(campaigns.values())))
        body_errors = self.news.errors + self.news.check_site_links(self._published_urls(files))
        if body_errors:
            raise PluginError(ContentErrors(body_errors).report())
        return files

    def _published_urls(self, files: Files) -> set[str]:
        """Every site-relative URL the build publishes: MkDocs' files and Loa's own pages."""
        assert self.news is not None and self.campaigns is not None
        published = {unquote(f.url).removeprefix("./") for f in files} | {"", urls.FEED, urls.DATA, "sitemap.xml"}
        published |= {view.url for view in self.news.views.values()}
        published |= {page.url for page in self.news.listing_pages} | {urls.TAGS}
        published |= {view.url for view in self.campaigns.views.values()}
        return published | {url.removesuffix("index.html") for url in published if url.endswith("/index.html")}

    def _load_formats(self, has_campaigns: bool) -> tuple[dict[str, BannerFormat], list[ContentError]]:
        """The banner formats; a portal without campaign kits needs no formats file."""
        formats_file = self.project_dir / self.config.banner_formats
        if not formats_file.is_file() and not has_campaigns:
            return {}, []
        return load_formats(formats_file, shown_path(formats_file.parent, self.project_dir) + formats_file.name)

    def _add_campaign_files(self, files: Files, config: MkDocsConfig) -> None:
        """Publish each kit's files (logo, appendices) as they are."""
        assert self.campaigns is not None
        for view in self.campaigns.views.values():
            campaign = view.campaign
            for kit_file in campaign.files:
                source = campaign.folder / kit_file.name
                uri = campaign_urls.kit_file_url(campaign.id, kit_file.name)
                files.append(File.generated(config, uri, abs_src_path=str(source)))

    def _render_graphics(
        self, files: Files, config: MkDocsConfig, campaigns: list[Campaign], formats: list[BannerFormat]
    ) -> dict[str, list[GalleryGraphic]]:
        """Each kit's graphics from the cache, rendering only what is missing or changed, and
        published with a preview for the campaign's gallery."""
        began = time.perf_counter()
        cache_dir = Path(os.environ.get(CACHE_VARIABLE) or self.project_dir / self.config.banner_cache_dir)
        fonts = banner_fonts(self.project_dir / self.config.fonts_dir)
        for campaign in campaigns:
            _, note = raster_logo(campaign)
            if note:
                log.warning("%s", note)
        planned = [g for campaign in campaigns for g in plan_graphics(campaign, formats, fonts)]
        cached, errors = GraphicCache(cache_dir).get_all(planned)
        if errors:
            lines = "\n".join(f"  - {error}" for error in errors)
            raise PluginError(f"Không tạo được {len(errors)} ảnh, băng rôn chiến dịch:\n{lines}")
        gallery: dict[str, list[GalleryGraphic]] = {}
        for item in cached:
            job, name = item.graphic.job, item.graphic.file_name
            url = campaign_urls.banner_url(job.campaign_id, name)
            preview_url = campaign_urls.banner_preview_url(job.campaign_id, name)
            files.append(File.generated(config, url, abs_src_path=str(item.path)))
            files.append(File.generated(config, preview_url, abs_src_path=str(item.preview)))
            fmt = job.banner_format
            gallery.setdefault(job.campaign_id, []).append(
                GalleryGraphic(
                    label=job.label,
                    text=job.text,
                    format_id=fmt.id,
                    format_title=fmt.title,
                    size=fmt.describe_size(),
                    url=url,
                    preview_url=preview_url,
                    size_bytes=item.path.stat().st_size,
                    width=fmt.width,
                    height=fmt.height,
                )  # fmt: skip
            )
        rendered = sum(item.rendered for item in cached)
        log.info("Ảnh chiến dịch: %d ảnh, vẽ mới %d, dùng lại %d (%.2f s)", len(cached), rendered,
                 len(cached) - rendered, time.perf_counter() - began)  # fmt: skip
        return gallery

    def _add_fonts(self, files: Files, config: MkDocsConfig) -> None:
        fonts_dir = self.project_dir / self.config.fonts_dir
        if not fonts_dir.is_dir():
            raise PluginError(
                f"mkdocs.yml: plugins.loa.fonts_dir: không thấy thư mục {fonts_dir}; cần thư mục phông chữ"
            )
        for font in sorted(fonts_dir.iterdir()):
            if font.suffix.lower() in {".ttf", ".otf", ".woff2", ".txt"}:
                files.append(File.generated(config, f"assets/fonts/{font.name}", abs_src_path=str(font)))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self.files = files
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        assert self.campaigns is not None
        if self.page_errors:  # every page has been read: report them all together
            raise PluginError(ContentErrors(self.page_errors).report())
        env.filters.update(TEMPLATE_FILTERS)
        env.globals["loa_urls"] = urls
        env.globals["loa_campaign_urls"] = campaign_urls
        env.globals["loa_running_campaigns"] = self.campaigns.running()
        self.env = env
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Ordinary pages keep to the rules of announcement bodies (HTML, links), checked here."""
        assert self.news is not None
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = to_nfc(page.meta["title"])
        markdown = to_nfc(markdown)
        if not page.file.generated_by:
            source = to_nfc(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))
            first_line = source.count("\n", 0, max(source.find(markdown.lstrip()[:200]), 0)) + 1
            html, errors = self.news.check_page(page.file.src_uri, page.url, markdown, first_line)
            self.page_errors += errors
            self.page_html[page.file.src_uri] = html
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Ordinary pages as Loa rendered them: their links to announcements go to the pages."""
        return self.page_html.get(page.file.src_uri, html)

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        assert self.news is not None and self.campaigns is not None and self.agency is not None
        context["loa_agency"] = self.agency
        if page.file.src_uri == NEWS_INDEX:
            page.meta["description"] = f"Thông báo, văn bản của {self.agency.name}"
            page.content = self._render_listing(self.news.listing_pages[0])
        elif page.file.src_uri == CAMPAIGN_INDEX:
            page.meta["description"] = f"Các chiến dịch truyền thông {self.agency.name} tham gia"
            page.content = self.env.get_template("loa/campaign-index.html").render(
                groups=self.campaigns.index_groups(), base=urls.relative_root(campaign_urls.SECTION)
            )
        elif page.is_homepage:
            context["loa_latest"] = self.news.latest(self.config.home_latest)
        return context

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "sitemap.xml" or self.news is None or self.campaigns is None:
            return output
        base = config.site_url.rstrip("/") + "/"
        entries = [(view.url, view.item.date.isoformat()) for view in self.news.views.values()]
        entries += [(page.url, None) for page in self.news.listing_pages[1:]] + [(urls.TAGS, None)]
        entries += [(view.url, None) for view in self.campaigns.views.values()]
        xml = "".join(
            f"    <url>\n         <loc>{base}{url}</loc>\n"
            + (f"         <lastmod>{lastmod}</lastmod>\n" if lastmod else "")
            + "    </url>\n"
            for url, lastmod in entries
        )
        return output.replace("</urlset>", xml + "</urlset>")

    def _render_listing(self, listing_page) -> str:
        assert self.news is not None
        return self.env.get_template("loa/listing.html").render(
            listing_page=listing_page,
            section=self.news,
            filters=self.news.filters,
            base=urls.relative_root(listing_page.url),
        )

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.news is not None and self.campaigns is not None
        news, campaigns = self.news, self.campaigns
        shells = ShellFactory(config, self.env, self.nav, self.files)
        site_dir = Path(config.site_dir)
        site_url = config.site_url.rstrip("/") + "/"

        def write_page(url: str, title: str, description: str, og_type: str, content: str, image=None) -> None:
            section = CAMPAIGN_INDEX if url.startswith(campaign_urls.SECTION) else NEWS_INDEX
            page_html = shells.for_url(url, section).fill(
                title=title, description=description, canonical=site_url + url, og_type=og_type, content=content,
                og_image=og_image_tags(image, site_url),
            )  # fmt: skip
            write_file(page_html.encode("utf-8"), str(site_dir / urls.output_path(url)))

        announcement_template = self.env.get_template("loa/announcement.html")
        for view in news.views.values():
            content = announcement_template.render(
                view=view, item=view.item, agency=self.agency, base=urls.relative_root(view.url), site_url=site_url
            )
            campaign_view = campaigns.views.get(view.item.campaign) if view.item.campaign else None
            image = campaign_view.og_image if campaign_view else None
            write_page(view.url, view.full_title, view.description, "article", content, image)
        for listing_page in news.listing_pages[1:]:
            description = f"{listing_page.title} - {self.agency.name}"
            write_page(listing_page.url, listing_page.title, description, "website", self._render_listing(listing_page))
        tag_index = self.env.get_template("loa/tag-index.html").render(section=news, base=urls.relative_root(urls.TAGS))
        write_page(urls.TAGS, "Chủ đề", f"Các chủ đề văn bản, tin bài của {self.agency.name}", "website", tag_index)
        campaign_template = self.env.get_template("loa/campaign.html")
        for view in campaigns.views.values():
            content = campaign_template.render(
                view=view, campaign=view.campaign, news=news, base=urls.relative_root(view.url), site_url=site_url
            )
            write_page(view.url, view.campaign.name, view.description, "website", content, view.og_image)

        write_file(build_atom_feed(news, config.site_url, config.site_name).encode("utf-8"), str(site_dir / urls.FEED))
        write_file(build_data_json(news, config.site_url).encode("utf-8"), str(site_dir / urls.DATA))
        entries = [announcement_entry(view) for view in news.views.values()]
        entries += [campaign_entry(view) for view in campaigns.views.values()]
        _extend_search_index(site_dir, entries)
        log.info(
            "Loa: %d văn bản, %d trang danh sách, %d chiến dịch (ngày xây dựng %s)",
            len(news.views), len(news.listing_pages), len(campaigns.views), self.today.strftime("%d/%m/%Y"),
        )  # fmt: skip


def og_image_tags(image: GalleryGraphic | None, site_url: str) -> str:
    """Open Graph picture of a page: the campaign's theme graphic, when the page has one."""
    if image is None:
        return ""
    url = html.escape(site_url + quote(image.url))
    return (
        f'<meta property="og:image" content="{url}">'
        f'<meta property="og:image:width" content="{image.width}">'
        f'<meta property="og:image:height" content="{image.height}">'
        f'<meta property="og:image:alt" content="{html.escape(image.text)}">'
        '<meta name="twitter:card" content="summary_large_image">'
    )


def _extend_search_index(site_dir: Path, entries: list[dict]) -> None:
    """Add Loa's pages to the search index, and diacritic-free words to every entry."""
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["docs"] = [add_folded_terms(entry) for entry in [*index["docs"], *entries]]
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
