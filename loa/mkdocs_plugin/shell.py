"""The theme's page chrome rendered once, then filled in for each news page.

Rendering Material's full template costs about 3 ms a page; the chrome (header, navigation,
footer, scripts) is the same for every news page at the same folder depth, so it is rendered
once per depth with slot markers and each page only fills its slots. This keeps a
3,000-announcement build linear and fast.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from loa.nginx_include import ShellScan

SHELL_TEMPLATE = "loa/shell.html"
MARKUP_SLOTS = ("content", "og_image")  # slots filled with HTML; the others with escaped text
_SLOT = re.compile(r"@@loa:(\w+)@@")


def _marker(name: str) -> str:
    return f"@@loa:{name}@@"


class PageShell:
    """Static chrome split around slot markers; `scan` tells what a filled page carries for the
    nginx include, reading the chrome once (loa.nginx_include.ShellScan)."""

    def __init__(self, rendered: str):
        parts = _SLOT.split(rendered)
        self.scan = ShellScan(parts, MARKUP_SLOTS)
        # The page's bytes are joined from the chrome's, encoded once here, and its values'.
        self._parts = [
            (index % 2 == 1, part if index % 2 else part.encode("utf-8")) for index, part in enumerate(parts)
        ]

    @staticmethod
    def values(
        *, title: str, description: str, canonical: str, og_type: str, content: str, og_image: str = ""
    ) -> dict[str, bytes]:
        """What fills the slots, encoded: text values are escaped here; `content` and `og_image`
        are HTML already."""
        return {
            "title": html.escape(title).encode("utf-8"),
            "description": html.escape(description).encode("utf-8"),
            "canonical": html.escape(canonical).encode("utf-8"),
            "og_type": og_type.encode("utf-8"),
            "og_image": og_image.encode("utf-8"),
            "content": content.encode("utf-8"),
        }

    def fill(self, values: dict[str, bytes]) -> bytes:
        """The page's bytes, its slots filled with `values` (PageShell.values)."""
        return b"".join([values[part] if slot else part for slot, part in self._parts])  # type: ignore[index]


class ShellFactory:
    """Renders and caches one shell per folder depth and section."""

    def __init__(self, config: MkDocsConfig, env, nav: Navigation, files: Files):
        self._config = config
        self._template = env.get_template(SHELL_TEMPLATE)
        self._nav = nav
        self._files = files
        self._shells: dict[tuple[int, str | None], PageShell] = {}

    def prepare(self, places: Iterable[tuple[str, str | None]]) -> None:
        """Render the shells of these (url, section_index) places now, once for every process."""
        for url, section_index in places:
            self.for_url(url, section_index)

    def for_url(self, url: str, section_index: str | None = None) -> PageShell:
        """The shell for a page at `url`; `section_index` is the src_uri of the navigation page
        the page belongs under (the news index), whose tab is then shown as the current one."""
        key = (url.strip("/").count("/") + 1, section_index)
        if key not in self._shells:
            self._shells[key] = self._render(*key)
        return self._shells[key]

    def _render(self, depth: int, section_index: str | None) -> PageShell:
        src_uri = "/".join(["loa-shell"] * depth) + "/index.md"
        page = Page(_marker("title"), File.generated(self._config, src_uri, content=""), self._config)
        page.content = _marker("content")
        page.meta = {
            "description": _marker("description"),
            "og_type": _marker("og_type"),
            "og_image_tags": _marker("og_image"),
            "hide": ["toc"],
        }
        page.toc = TableOfContents([])
        page.canonical_url = _marker("canonical")
        section = next((p for p in self._nav.pages if p.file.src_uri == section_index), None)
        if section is not None:
            section.active = True  # marks its tab (and parents) as where the reader is
        try:
            context = get_context(self._nav, self._files, self._config, page)
            return PageShell(self._template.render(context))
        finally:
            if section is not None:
                section.active = False
