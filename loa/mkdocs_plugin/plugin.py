"""The `loa` MkDocs plugin: a thin adapter between MkDocs events and Loa's own site model.

Loa loads and checks the content (loa.content) and turns it into the site's outputs (loa.site:
pages, data, files, search and sitemap entries). This adapter hands MkDocs what it needs for
that, adds Loa's files and data to MkDocs' files, lets MkDocs render the navigation pages
(home, the news and campaign indexes) with Loa's content, and writes Loa's pages into the
theme's chrome (shell.py). What stays with MkDocs: the ordinary pages, the navigation, the
theme's static files, its search index and sitemap, which Loa extends.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from mkdocs.commands.build import _build_page, _build_theme_template  # pinned MkDocs 1.6: see on_serve
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from loa.banners.formats import BannerFormat, load_formats
from loa.build_cache import remember_values
from loa.build_date import BuildDateError, build_date
from loa.campaigns import urls as campaign_urls
from loa.content.agency import load_agency
from loa.content.errors import ContentError, ContentErrors
from loa.content.repository import find_campaign_ids, is_announcement_source, start_loading
from loa.content.site_content import SiteContent, load_site_content, shown_path
from loa.mkdocs_plugin.compiled_templates import CompiledTemplates, user_cache_dir
from loa.mkdocs_plugin.config import LoaConfig
from loa.mkdocs_plugin.preview import ServeState, is_announcement_file
from loa.mkdocs_plugin.shell import ShellFactory
from loa.news import urls
from loa.news.body import BodyRenderer
from loa.nginx_include import PageScripts
from loa.parallel import SharedJobs
from loa.search.index import SearchIndex
from loa.search.writer import SEARCH_FOLDER, write_search_index
from loa.site.model import SiteModel, SiteSettings, StartedPages, plan_site
from loa.site.outputs import Output
from loa.site.sitemap import extend_sitemap
from loa.site.templates import PageTemplates, page_templates, prepare_templates
from loa.site.writer import SiteWriter
from loa.site_build import BUILD_REPORT_VARIABLE, project_file_states, report_build, write_build_report
from loa.vietnamese import to_nfc

log = logging.getLogger("mkdocs.plugins.loa")
BUILD_COLLECTION_THRESHOLD = 20_000  # new objects between the garbage collector's young collections
MATERIAL_SEARCH_FOLDER = "search"  # what Material's search plugin writes, unused
CACHE_VARIABLE = "LOA_BANNER_CACHE"  # where rendered graphics are kept, if not the project's .cache/

# The first pages of the news and campaign sections go through MkDocs so that the navigation
# can link to them; they are kept out of search, which finds the pages they list.
NEWS_INDEX = urls.SECTION + "index.md"
NEWS_INDEX_SOURCE = "---\ntitle: Tin tức - Văn bản\nhide: [toc]\nsearch:\n  exclude: true\n---\n"
CAMPAIGN_INDEX = campaign_urls.SECTION + "index.md"
CAMPAIGN_INDEX_SOURCE = "---\ntitle: Chiến dịch truyền thông\nhide: [toc]\nsearch:\n  exclude: true\n---\n"


@dataclass
class EngineFiles:
    """What MkDocs found and publishes itself, as Loa's model needs it."""

    src_uris: list[str]  # every file of docs/ MkDocs found (announcement sources included)
    static_files: set[str]  # docs-relative files MkDocs copies as they are
    pages: dict[str, str]  # MkDocs' own pages: docs-relative source path to URL
    urls: set[str] = field(default_factory=set)  # every site-relative URL MkDocs publishes


class _MadeWhenWritten(File):
    """A file of Loa's data (the feed, the open data) made when it is first asked for, and not
    kept: the open data of 30,000 announcements is 57 MB, and a second of one core to make.

    A build from nothing makes it ahead (make_now), while the listings' items are shared out,
    before Loa's pages are: making it reads every announcement, and a process that reads them
    while a forked child shares its memory copies most of it (CPython writes the reference
    count of every object it reads). MkDocs then writes what was made."""

    def __init__(self, config: MkDocsConfig, path: str, make: Callable[[], str]):
        super().__init__(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        self.generated_by = "loa"
        self._make: Callable[[], str | bytes | None] = make
        self._made: bytes | None = None  # made ahead, for the first that asks

    def make_now(self) -> None:
        made = self._make()
        self._made = made.encode("utf-8") if isinstance(made, str) else made

    @property  # type: ignore[override]
    def _content(self) -> str | bytes | None:  # what MkDocs reads when it writes the file, or a plugin its content
        made, self._made = self._made, None
        return made if made is not None else self._make()

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:  # a plugin may replace the content
        self._make, self._made = (lambda: value), None


def _watch_with_inotify(server) -> None:
    """MkDocs 1.6 watches files by polling every 0.5 s, walking every file of docs/ each time:
    a quarter of a second of waiting on average, and a walk of thousands of files that slows the
    rebuild down. Where the system tells of changes itself (inotify on Linux), watch that way:
    the same paths, re-registered through MkDocs' own watch() on the system's observer."""
    import watchdog.observers  # a preview's alone: a build need not import it (25 ms)

    native = watchdog.observers.Observer
    if isinstance(server.observer, native) or not hasattr(server, "_watched_paths"):
        return
    watched = dict(server._watched_paths)  # MkDocs 1.6 (pinned): path -> how many watch() calls
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = native()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


class LoaPlugin(BasePlugin[LoaConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.dirty = False  # `mkdocs serve --dirty`: rewrite only what changed
        self.serving = False
        self.serve_state: ServeState | None = None
        self.written = SiteWriter()
        # A preview's pages of the last build, and their signatures (SiteModel.page_outputs).
        self.page_signatures: dict = {}
        self.last_outputs: dict = {}
        self.search_index = SearchIndex()  # a preview's search index, updated by each rebuild
        self.early_loading: SharedJobs | None = None  # a build's announcements, begun in on_pre_build
        self.started_pages: StartedPages | None = None  # a build's pages, begun in on_env
        self.templates: PageTemplates | None = None  # Loa's own environment for its pages (_use_templates)
        self.collecting_before = gc.get_threshold()  # the garbage collector's, restored after a build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Having this event keeps one plugin for all the rebuilds of `mkdocs serve`, and with it
        what was written and the in-memory caches."""
        self.dirty = dirty
        self.serving = command == "serve"
        self.collecting_before = gc.get_threshold()
        remember_values(self.serving)  # a preview's rebuilds take cached values from memory
        if not self.serving:
            # A build makes objects that live to its end, and much short-lived garbage that
            # reference counting frees: collecting the young every 700 new objects (Python's
            # default) cost a twentieth of a build.
            gc.set_threshold(BUILD_COLLECTION_THRESHOLD, *self.collecting_before[1:])

    def on_shutdown(self) -> None:
        gc.set_threshold(*self.collecting_before)
        remember_values(False)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_dir = Path(config.config_file_path or ".").resolve().parent
        self.model: SiteModel | None = None
        self.page_errors: list[ContentError] = []
        self.page_html: dict[str, str] = {}  # ordinary pages rendered by Loa, by source path
        self.search_pages: dict[str, tuple[str, str, str]] = {}  # ordinary pages for search: url, title, html
        agency, errors = load_agency((config.extra or {}).get("agency"))
        if self.config.page_size < 1:
            errors.append(
                ContentError("mkdocs.yml", "plugins.loa.page_size", str(self.config.page_size), "một số nguyên dương")
            )
        if not config.site_url:
            expected = "địa chỉ gốc của cổng, ví dụ https://stc.soctrang.gov.vn/ (dùng cho RSS, JSON, chia sẻ)"
            errors.append(ContentError("mkdocs.yml", "site_url", "không có", expected))
        fonts_dir = self.project_dir / self.config.fonts_dir
        if not fonts_dir.is_dir():
            found = f"'{self.config.fonts_dir}' (không thấy thư mục)"
            errors.append(ContentError("mkdocs.yml", "plugins.loa.fonts_dir", found, "thư mục phông chữ"))
        if errors or agency is None:
            raise PluginError(ContentErrors(errors).report())
        try:
            today = build_date()
        except BuildDateError as error:
            raise PluginError(str(error)) from error
        self.settings = SiteSettings(
            agency=agency, site_url=config.site_url.rstrip("/") + "/", site_name=config.site_name,
            page_size=self.config.page_size, home_latest=self.config.home_latest, today=today, fonts_dir=fonts_dir,
        )  # fmt: skip
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """A build from nothing starts loading the announcements on the other cores now, while
        MkDocs lists the site's files on one (_load_content takes them from memory)."""
        self.early_loading = None
        if not self.serving:
            campaign_ids = find_campaign_ids(self.project_dir / self.config.campaigns_dir)
            self.early_loading = start_loading(Path(config.docs_dir), self.settings.agency, campaign_ids)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        content = self._load_content(config, [f.src_uri for f in files])
        self._keep_out_of_collections()
        news = content.news
        for source in [f for f in files if is_announcement_source(f.src_uri)]:
            files.remove(source)  # Loa renders announcements itself
        published_attachments = {a.source_path for item in news.published for a in item.attachments}
        for draft in news.drafts:
            for attachment in draft.attachments:
                file = files.get_file_from_path(attachment.source_path)
                if file is not None and attachment.source_path not in published_attachments:
                    files.remove(file)
        for src_uri, source in ((NEWS_INDEX, NEWS_INDEX_SOURCE), (CAMPAIGN_INDEX, CAMPAIGN_INDEX_SOURCE)):
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=source))
        if self.dirty:  # MkDocs' own pages show Loa's content (latest announcements, the campaign bar)
            for page_file in files.documentation_pages():
                Path(page_file.abs_dest_path).unlink(missing_ok=True)

        self.engine_files = EngineFiles(
            src_uris=[f.src_uri for f in files if not f.generated_by],
            static_files={f.src_uri for f in files if not f.is_documentation_page()},
            pages={f.src_uri: unquote(f.url).removeprefix("./") for f in files.documentation_pages()},
        )
        model = self._plan(content, config)
        self._keep_out_of_collections()
        for output in model.file_outputs:
            files.append(File.generated(config, output.path, abs_src_path=str(output.source)))
        for output in model.data_outputs:
            files.append(_MadeWhenWritten(config, output.path, output.text))
        self.engine_files.urls = {unquote(f.url).removeprefix("./") for f in files}
        self._check_links(model)
        return files

    def _keep_out_of_collections(self) -> None:
        """In a build, what is loaded and planned lives to its end: the garbage collector need
        not walk it again each time the build's objects grow by a quarter (3 s at 30,000). A
        preview freezes once its first full build is done (on_post_build)."""
        if not self.serving:
            gc.freeze()

    def _load_content(self, config: MkDocsConfig, src_uris: list[str]) -> SiteContent:
        """The site's content, checked; every error stops the build, all reported together."""
        if self.early_loading is not None:
            self.early_loading.finish()
            self.early_loading = None
        campaigns_dir = self.project_dir / self.config.campaigns_dir
        content = load_site_content(
            self.settings.agency, self.project_dir, Path(config.docs_dir), src_uris, campaigns_dir
        )
        self.formats, format_errors = self._load_formats(bool(content.campaigns))
        if content.errors or format_errors:
            raise PluginError(ContentErrors(content.errors + format_errors).report())
        if content.news.drafts:
            drafts = ", ".join(d.source_path for d in content.news.drafts)
            log.info("Bỏ qua %d bản nháp (draft: true): %s", len(content.news.drafts), drafts)
        for drift in content.drifts():
            log.warning("%s", drift)
        return content

    def _plan(self, content: SiteContent, config: MkDocsConfig) -> SiteModel:
        """The site model from the content and MkDocs' own files and pages."""
        planned = plan_site(
            content,
            self.settings,
            BodyRenderer(config.markdown_extensions, config.mdx_configs, self.config.embed_hosts),
            static_files=self.engine_files.static_files,
            engine_pages=self.engine_files.pages,
            formats=list(self.formats.values()),
            banner_cache_dir=Path(os.environ.get(CACHE_VARIABLE) or self.project_dir / self.config.banner_cache_dir),
            build_cache_dir=self.project_dir / self.config.build_cache_dir,
        )
        for note in planned.notes:
            log.warning("%s", note)
        if planned.summary:
            log.info("%s", planned.summary)
        if planned.graphic_errors:
            lines = "\n".join(f"  - {error}" for error in planned.graphic_errors)
            raise PluginError(f"Không tạo được {len(planned.graphic_errors)} ảnh, băng rôn chiến dịch:\n{lines}")
        assert planned.model is not None
        self.model = planned.model
        return planned.model

    def _check_links(self, model: SiteModel) -> None:
        errors = model.link_errors(self.engine_files.urls)
        if errors:
            raise PluginError(ContentErrors(errors).report())

    def _load_formats(self, has_campaigns: bool) -> tuple[dict[str, BannerFormat], list[ContentError]]:
        """The banner formats; a portal without campaign kits needs no formats file."""
        formats_file = self.project_dir / self.config.banner_formats
        if not formats_file.is_file() and not has_campaigns:
            return {}, []
        return load_formats(formats_file, shown_path(formats_file.parent, self.project_dir) + formats_file.name)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self.files = files
        return nav

    @event_priority(-50)  # after other plugins' on_env: the pages start here with the environment as it is
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        assert self.model is not None
        if self.page_errors:  # every page has been read: report them all together
            raise PluginError(ContentErrors(self.page_errors).report())
        self.env = env
        env.bytecode_cache = self._compiled_templates(env)
        self._use_templates(env, self.model)
        self.started_pages = None
        if not self.serving and not self.dirty:
            # A build from nothing: MkDocs cleaned the site folder before on_files, and renders
            # its own pages from here to on_post_build, on one core; Loa's pages start now on the
            # others. The chrome of each folder depth is rendered here, once for every process.
            self.shells = ShellFactory(config, env, self.nav, files)
            self.shells.prepare((url, section + "index.md") for url, section in self.model.page_places())
            self.written = SiteWriter(rewrites=False)
            write_page = self._page_writer(config, self.shells, scanning=True)
            data_files = [file for file in files if isinstance(file, _MadeWhenWritten)]
            self.started_pages = self.model.start_pages(
                self.templates, write_page, beside=[file.make_now for file in data_files]
            )
        return env

    def _use_templates(self, env, model: SiteModel) -> None:
        """The engine's template environment given Loa's filters and globals, and Loa's own made
        for this build's pages (loa.site.templates)."""
        prepare_templates(env, model)
        self.templates = page_templates(env, model)
        self.templates.bytecode_cache = self._compiled_templates(self.templates)

    def _compiled_templates(self, env) -> CompiledTemplates:
        """Compiled templates kept between builds (keyed by each template's source): compiling
        Material's and Loa's templates anew was most of a `mkdocs serve` rebuild."""
        compiled = self.project_dir / self.config.build_cache_dir / "jinja"
        return CompiledTemplates(env, self.project_dir, compiled, user_cache_dir())

    def on_build_error(self, *, error: Exception) -> None:
        if self.early_loading is not None:
            self.early_loading.cancel()
            self.early_loading = None
        if self.started_pages is not None:
            self.started_pages.cancel()
            self.started_pages = None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Ordinary pages keep to the rules of announcement bodies (HTML, links), checked here."""
        assert self.model is not None
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = to_nfc(page.meta["title"])
        markdown = to_nfc(markdown)
        if not page.file.generated_by:
            source = to_nfc(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))
            first_line = source.count("\n", 0, max(source.find(markdown.lstrip()[:200]), 0)) + 1
            html, errors = self.model.news.check_page(page.file.src_uri, page.url, markdown, first_line)
            self.page_errors += errors
            self.page_html[page.file.src_uri] = html
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Ordinary pages as Loa rendered them: their links to announcements go to the pages."""
        html = self.page_html.get(page.file.src_uri, html)
        search = page.meta.get("search")
        if not page.file.generated_by and not (isinstance(search, dict) and search.get("exclude")):
            self.search_pages[page.file.src_uri] = (page.url, page.title or "", html)
        return html

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        assert self.model is not None
        model, agency = self.model, self.settings.agency
        context["loa_agency"] = agency
        if page.file.src_uri == NEWS_INDEX:
            page.meta["description"] = f"Thông báo, văn bản của {agency.name}"
            page.content = model.news_index_content(self.templates)
        elif page.file.src_uri == CAMPAIGN_INDEX:
            page.meta["description"] = f"Các chiến dịch truyền thông {agency.name} tham gia"
            page.content = model.campaign_index_content(self.templates)
        elif page.is_homepage:
            context["loa_latest"] = model.latest()
        return context

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "sitemap.xml" or self.model is None:
            return output
        return extend_sitemap(output, self.model.sitemap_entries(), self.settings.site_url)

    @event_priority(-50)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.model is not None
        if self.started_pages is not None:
            shells = self.shells
        else:
            shells = ShellFactory(config, self.env, self.nav, self.files)
            if not self.dirty:
                self.written = SiteWriter(rewrites=self.serving)
        # Material's plugin draws the header's search box; Loa's own index answers it (loa.search).
        shutil.rmtree(Path(config.site_dir) / MATERIAL_SEARCH_FOLDER, ignore_errors=True)
        self._write_outputs(config, shells, data_too=False, reuse_pages=False)
        if self.serving:  # what a rebuild of announcements alone needs (on_serve)
            self.serve_state = ServeState(config, self.env, self.nav, self.files, shells,
                                          project_file_states(self.project_dir, Path(config.site_dir)))  # fmt: skip
            # What a full build made lives as long as the preview: the garbage collector need not
            # walk it again on every rebuild (a fifth of a rebuild at 3,000 announcements).
            gc.freeze()

    def _write_outputs(self, config: MkDocsConfig, shells: ShellFactory, *, data_too: bool, reuse_pages: bool) -> None:
        """Loa's pages into the theme's chrome (data too, when MkDocs does not copy them), the
        search index extended, the caches kept; in a dirty build, what is gone removed."""
        assert self.model is not None
        model, site_dir = self.model, Path(config.site_dir)

        def write_search() -> tuple[int, float, float]:
            # Wall and CPU seconds: in a build from nothing it shares the machine with the pages.
            began, cpu_began = time.perf_counter(), time.process_time()
            kept = self.search_index if self.serving else None
            count = write_search_index(site_dir / SEARCH_FOLDER, model.search_index(self.search_pages.values(), kept))
            return count, time.perf_counter() - began, time.process_time() - cpu_began

        if self.started_pages is not None:  # a build from nothing: pages and search on every core
            ((count, seconds, cpu_seconds),), written = self.started_pages.finish(beside=[write_search])
            self.started_pages = None
            if report := os.environ.get(BUILD_REPORT_VARIABLE):  # `loa build` asks: the site is as it is now
                pages = {path: (state, scripts) for path, state, scripts in filter(None, written)}
                write_build_report(Path(report), report_build(site_dir, pages, self.config.embed_hosts))
        else:
            write_page = self._page_writer(config, shells)
            # A preview records each page's signature; only a rebuild of announcements alone (same
            # templates, settings and chrome) may reuse a page, and then skip writing it.
            if self.serving and not reuse_pages:
                self.page_signatures, self.last_outputs = {}, {}
            earlier = self.page_signatures if self.serving else None
            pages: set[str] = set()
            for output in model.page_outputs(self.templates, earlier):
                pages.add(output.path)
                if reuse_pages and output is self.last_outputs.get(output.path):
                    continue  # the very page written last time
                if self.serving:
                    self.last_outputs[output.path] = output
                write_page(output)
            for output in model.data_outputs if data_too else ():
                self.written.write(site_dir, output.path, output.text().encode("utf-8"))
            if self.dirty:  # what an earlier rebuild wrote and this one did not: a deleted announcement…
                self.written.remove_stale(site_dir, {f.dest_uri for f in self.files} | pages)
            count, seconds, cpu_seconds = write_search()
        log.info("Loa: chỉ mục tìm kiếm: %d tệp trong %.2f s (CPU %.2f s)", count, seconds, cpu_seconds)
        # A preview's quick rebuild asks only for what the edit touched: it forgets nothing.
        model.save_caches(prune=not reuse_pages)
        news, campaigns = model.news, model.campaigns
        log.info(
            "Loa: %d văn bản, %d trang danh sách, %d chiến dịch (ngày xây dựng %s)",
            len(news.views), len(news.listing_pages), len(campaigns.views), self.settings.today.strftime("%d/%m/%Y"),
        )  # fmt: skip

    def _page_writer(
        self, config: MkDocsConfig, shells: ShellFactory, scanning: bool = False
    ) -> Callable[[Output], tuple[str, tuple[int, ...], PageScripts] | None]:
        """Writes a page into its chrome; `scanning` (a build from nothing, for `loa build`'s
        report), tells what it carries for the nginx include (its path, its file's state, its
        scripts), scanned as it is written."""
        site_url, site_dir = self.settings.site_url, Path(config.site_dir)

        def write_page(output: Output) -> tuple[str, tuple[int, ...], PageScripts] | None:
            meta = output.page
            assert meta is not None and output.content is not None
            shell = shells.for_url(meta.url, meta.section + "index.md")
            values = shell.values(
                title=meta.title, description=meta.description, canonical=site_url + meta.url, og_type=meta.og_type,
                content=output.content, og_image=meta.og_image_tags,
            )  # fmt: skip
            data = shell.fill(values)
            state = self.written.write(site_dir, output.path, data)
            return (output.path, state, shell.scan.scan(output.path, values, data)) if scanning and state else None

        return write_page

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """While previewing, an edit that touches only announcement files is rebuilt by Loa alone
        (its pages, listings, feed, data, search entries, the sitemap and MkDocs' few pages that
        show announcements); any other change goes through MkDocs' full rebuild. MkDocs' rebuild
        reads every theme file again (Material's 14,000 icons), which alone takes longer than the
        preview may."""
        full_rebuild = server.builder

        def rebuild(config: MkDocsConfig | None = None) -> None:
            if config is not None or not self.rebuild_announcements():
                full_rebuild(config)

        server.builder = rebuild
        _watch_with_inotify(server)
        return server

    def rebuild_announcements(self) -> bool:
        """Rebuild after edits of announcement files only; False when something else changed (or
        there is no earlier build to start from), for MkDocs to rebuild everything."""
        state = self.serve_state
        if state is None:
            return False
        config = state.config
        now = project_file_states(self.project_dir, Path(config.site_dir))
        changed = {path for path in now.keys() | state.files.keys() if now.get(path) != state.files.get(path)}
        docs_dir = Path(config.docs_dir).resolve()
        if not all(is_announcement_file(Path(path), docs_dir) for path in changed):
            return False
        if not changed:
            return True
        began = time.perf_counter()
        prefix = str(docs_dir) + os.sep
        in_docs = (path[len(prefix) :].replace(os.sep, "/") for path in now if path.startswith(prefix))
        announcements = sorted(uri for uri in in_docs if is_announcement_source(uri))
        src_uris = [uri for uri in self.engine_files.src_uris if not is_announcement_source(uri)] + announcements
        try:
            model = self._plan(self._load_content(config, src_uris), config)
            self._check_links(model)
        except PluginError as error:
            log.error("%s", error)  # the preview keeps the last good site; the next edit tries again
            return True
        self._use_templates(state.env, model)
        self._write_outputs(config, state.shells, data_too=True, reuse_pages=True)
        doc_files = self.files.documentation_pages()
        for file in doc_files:  # the home page and the first pages of the news and the campaigns
            if file.page is not None:
                _build_page(file.page, config, doc_files, state.nav, state.env)
        _build_theme_template("sitemap.xml", state.env, self.files, config, state.nav)
        state.files = now
        log.info("Loa: dựng lại các văn bản đã sửa trong %.2f s", time.perf_counter() - began)
        return True
