"""The theme's page chrome rendered once, then filled in for each news page.

Rendering Material's full template costs about 3 ms a page; the chrome (header, navigation,
footer, scripts) is the same for every news page at the same folder depth, so it is rendered
once per depth with slot markers and each page only fills its slots. This keeps a
3,000-announcement build linear and fast.
"""

from __future__ import annotations

import html
import re

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

SHELL_TEMPLATE = "loa/shell.html"
_SLOT = re.compile(r"@@loa:(\w+)@@")


def _marker(name: str) -> str:
    return f"@@loa:{name}@@"


class PageShell:
    """Static chrome split around slot markers."""

    def __init__(self, rendered: str):
        self._parts = _SLOT.split(rendered)

    def fill(
        self, *, title: str, description: str, canonical: str, og_type: str, content: str, og_image: str = ""
    ) -> str:
        """The page: text values are escaped here; `content` and `og_image` are HTML already."""
        values = {
            "title": html.escape(title),
            "description": html.escape(description),
            "canonical": html.escape(canonical),
            "og_type": og_type,
            "og_image": og_image,
            "content": content,
        }
        return "".join(part if index % 2 == 0 else values[part] for index, part in enumerate(self._parts))


class ShellFactory:
    """Renders and caches one shell per folder depth."""

    def __init__(self, config: MkDocsConfig, env, nav: Navigation, files: Files):
        self._config = config
        self._template = env.get_template(SHELL_TEMPLATE)
        self._nav = nav
        self._files = files
        self._shells: dict[int, PageShell] = {}

    def for_url(self, url: str) -> PageShell:
        depth = url.strip("/").count("/") + 1
        if depth not in self._shells:
            self._shells[depth] = self._render(depth)
        return self._shells[depth]

    def _render(self, depth: int) -> PageShell:
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
        context = get_context(self._nav, self._files, self._config, page)
        return PageShell(self._template.render(context))
