"""Markdown bodies to HTML with one reusable converter, and the summary drawn from them."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Sequence
from urllib.parse import quote, unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
# A công văn opens with its addressee line; it says who, not what, so it is no summary.
_ADDRESSEE = re.compile(r"^\s*(Kính gửi|Kính gởi)\s*:", re.I)

# Given a docs-relative path, the site-relative URL it is published at, or None if unknown.
TargetResolver = Callable[[str], str | None]


class _RelativeLinks(Treeprocessor):
    """Rewrites links and images written relative to the Markdown file (`files/phu-luc.pdf`,
    `../2022/other.md`) to where they are published, since the page lives at another URL."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.source_dir = ""
        self.root = "."
        self.resolve: TargetResolver = lambda path: None
        self.broken: list[str] = []

    def run(self, root):
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            url = element.get(attribute) if attribute else None
            if not url:
                continue
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("/", "#")):
                continue
            target = posixpath.normpath(posixpath.join(self.source_dir, unquote(parts.path)))
            published = self.resolve(target)
            if published is None:
                self.broken.append(url)
                continue
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            element.set(attribute, f"{self.root}/{quote(published)}{fragment}")


class BodyRenderer:
    """Converts announcement bodies; one converter reused, as building one costs more than a page."""

    def __init__(self, extensions: Sequence = (), extension_configs: dict | None = None):
        self._markdown = markdown.Markdown(extensions=list(extensions), extension_configs=extension_configs or {})
        self._links = _RelativeLinks(self._markdown)
        self._markdown.treeprocessors.register(self._links, "loa_relative_links", 1)

    def render(self, text: str, source_dir: str = "", root: str = ".", resolve: TargetResolver | None = None) -> str:
        """HTML of a body whose relative links are resolved from `source_dir` (docs-relative)
        and written relative to `root`, the path from the page back to the site root."""
        self._markdown.reset()
        self._links.source_dir, self._links.root = source_dir, root
        self._links.resolve = resolve or (lambda path: None)
        self._links.broken = []
        return self._markdown.convert(text)

    @property
    def broken_links(self) -> list[str]:
        """Relative links of the last body that point at nothing published."""
        return list(self._links.broken)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def first_paragraph(body_html: str) -> str | None:
    """The first paragraph that says what the document is about."""
    for match in _PARAGRAPH.finditer(body_html):
        text = plain_text(match.group(1))
        if text and not _ADDRESSEE.match(text):
            return text
    return None


def shorten(text: str, limit: int = 300) -> str:
    """Cut at a word boundary, for listings and meta descriptions."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
