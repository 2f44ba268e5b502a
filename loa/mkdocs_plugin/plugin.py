"""The `loa` MkDocs plugin: a thin adapter between MkDocs events and Loa's own modules.

MkDocs never renders announcements itself. Loa loads and checks them (loa.content), derives
the news section (loa.news) and writes its pages into the theme's chrome (shell.py). What
stays with MkDocs: the ordinary pages, the navigation, static files, search and sitemap.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from loa.content.agency import Agency, load_agency
from loa.content.collection import NewsCollection
from loa.content.errors import ContentError, ContentErrors
from loa.content.repository import find_campaign_ids, is_announcement_source, load_news
from loa.mkdocs_plugin.config import LoaConfig
from loa.mkdocs_plugin.shell import ShellFactory
from loa.news import urls
from loa.news.body import BodyRenderer
from loa.news.data_export import build_data_json
from loa.news.feed import build_atom_feed
from loa.news.search import FOLDED_BOOST, FOLDED_FIELD, add_folded_terms, announcement_entry
from loa.news.section import NewsSection
from loa.news.template_filters import TEMPLATE_FILTERS
from loa.vietnamese import to_nfc

log = logging.getLogger("mkdocs.plugins.loa")

NEWS_INDEX = urls.SECTION + "index.md"
# The first page of the news listing goes through MkDocs so that the navigation can link to
# it; listings are kept out of search, which finds the announcements themselves.
NEWS_INDEX_SOURCE = "---\ntitle: Tin tức - Văn bản\nhide: [toc]\nsearch:\n  exclude: true\n---\n"


class LoaPlugin(BasePlugin[LoaConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_dir = Path(config.config_file_path or ".").resolve().parent
        self.agency: Agency | None = None
        self.section: NewsSection | None = None
        errors: list[ContentError] = []
        self.agency, errors = load_agency((config.extra or {}).get("agency"))
        if self.config.page_size < 1:
            errors.append(
                ContentError("mkdocs.yml", "plugins.loa.page_size", str(self.config.page_size), "một số nguyên dương")
            )
        if not config.site_url:
            errors.append(
                ContentError(
                    "mkdocs.yml",
                    "site_url",
                    "không có",
                    "địa chỉ gốc của cổng, ví dụ https://stc.soctrang.gov.vn/ (dùng cho RSS, JSON, chia sẻ)",
                )
            )
        if errors:
            raise PluginError(ContentErrors(errors).report())
        search = config.plugins.get("material/search")
        if search is not None:  # let the search worker index the diacritic-free words too
            search.config.fields.setdefault(FOLDED_FIELD, {"boost": FOLDED_BOOST})
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.agency is not None
        docs_dir = Path(config.docs_dir)
        sources = [f for f in files if is_announcement_source(f.src_uri)]
        campaign_ids = find_campaign_ids(self.project_dir / self.config.campaigns_dir)
        shown_prefix = os.path.relpath(docs_dir, self.project_dir).replace(os.sep, "/") + "/"
        news = load_news(docs_dir, [f.src_uri for f in sources], self.agency, campaign_ids, shown_prefix)
        if news.errors:
            raise PluginError(ContentErrors(news.errors).report())
        if news.drafts:
            log.info(
                "Bỏ qua %d bản nháp (draft: true): %s", len(news.drafts), ", ".join(d.source_path for d in news.drafts)
            )

        for source in sources:
            files.remove(source)
        published_attachments = {a.source_path for item in news.published for a in item.attachments}
        for draft in news.drafts:
            for attachment in draft.attachments:
                file = files.get_file_from_path(attachment.source_path)
                if file is not None and attachment.source_path not in published_attachments:
                    files.remove(file)

        renderer = BodyRenderer(config.markdown_extensions, config.mdx_configs)
        static_files = {f.src_uri for f in files if not f.is_documentation_page()}
        self.section = NewsSection(
            self.agency, NewsCollection(news.published), renderer, self.config.page_size, static_files
        )
        for source_path, link in self.section.broken_links:
            log.warning("%s%s: liên kết '%s' không trỏ tới tệp nào được đăng", shown_prefix, source_path, link)
        if files.get_file_from_path(NEWS_INDEX) is None:
            files.append(File.generated(config, NEWS_INDEX, content=NEWS_INDEX_SOURCE))
        self._add_fonts(files, config)
        return files

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
        env.filters.update(TEMPLATE_FILTERS)
        env.globals["loa_urls"] = urls
        self.env = env
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = to_nfc(page.meta["title"])
        return to_nfc(markdown)

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        assert self.section is not None
        context["loa_agency"] = self.agency
        if page.file.src_uri == NEWS_INDEX:
            first_page = self.section.listing_pages()[0]
            page.meta["description"] = f"Thông báo, văn bản của {self.agency.name}"
            page.content = self._render_listing(first_page)
        elif page.is_homepage:
            context["loa_latest"] = self.section.latest(self.config.home_latest)
        return context

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "sitemap.xml" or self.section is None:
            return output
        base = config.site_url.rstrip("/") + "/"
        entries = []
        for view in self.section.views.values():
            entries.append(
                f"    <url>\n         <loc>{base}{view.url}</loc>\n"
                f"         <lastmod>{view.item.date.isoformat()}</lastmod>\n    </url>\n"
            )
        for listing_page in self.section.listing_pages()[1:]:
            entries.append(f"    <url>\n         <loc>{base}{listing_page.url}</loc>\n    </url>\n")
        return output.replace("</urlset>", "".join(entries) + "</urlset>")

    def _render_listing(self, listing_page) -> str:
        template = self.env.get_template("loa/listing.html")
        return template.render(
            listing_page=listing_page,
            section=self.section,
            filters=self.section.filters(),
            base=urls.relative_root(listing_page.url),
        )

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.section is not None
        section = self.section
        shells = ShellFactory(config, self.env, self.nav, self.files)
        site_dir = Path(config.site_dir)
        base_url = config.site_url.rstrip("/") + "/"
        announcement_template = self.env.get_template("loa/announcement.html")
        search_docs = []
        for view in section.views.values():
            base = urls.relative_root(view.url)
            content = announcement_template.render(
                view=view, item=view.item, agency=self.agency, base=base, site_url=base_url
            )
            page_html = shells.for_url(view.url).fill(
                title=view.full_title,
                description=view.description,
                canonical=base_url + view.url,
                og_type="article",
                content=content,
            )
            write_file(page_html.encode("utf-8"), str(site_dir / urls.output_path(view.url)))
            search_docs.append(announcement_entry(view))
        for listing_page in section.listing_pages()[1:]:
            page_html = shells.for_url(listing_page.url).fill(
                title=listing_page.title,
                description=f"{listing_page.title} - {self.agency.name}",
                canonical=base_url + listing_page.url,
                og_type="website",
                content=self._render_listing(listing_page),
            )
            write_file(page_html.encode("utf-8"), str(site_dir / urls.output_path(listing_page.url)))
        write_file(
            build_atom_feed(section, config.site_url, config.site_name).encode("utf-8"), str(site_dir / urls.FEED)
        )
        write_file(build_data_json(section, config.site_url).encode("utf-8"), str(site_dir / urls.DATA))
        self._extend_search_index(site_dir, search_docs)
        log.info("Loa: %d văn bản, %d trang danh sách", len(section.views), len(section.listing_pages()))

    @staticmethod
    def _extend_search_index(site_dir: Path, docs: list[dict]) -> None:
        index_path = site_dir / "search" / "search_index.json"
        if not index_path.is_file():
            return
        index = json.loads(index_path.read_text(encoding="utf-8"))
        index["docs"] = [add_folded_terms(entry) for entry in [*index["docs"], *docs]]
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
