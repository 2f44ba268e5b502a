"""Markdown bodies to HTML with one reusable converter, and the summary drawn from them.

While converting, the body is checked: its internal links must point at something published,
and its HTML must keep to the policy of loa.news.html_policy."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from loa.build_cache import remembered_in_preview
from loa.news.html_policy import Violation, check_element, check_raw_html, url_scheme_violation
from loa.news.simple_markdown import extension_names, simple_body_html, simple_markdown_applies

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r"""\sid\s*=\s*["']?([^"'\s>]+)""", re.I)
# A công văn opens with its addressee line; it says who, not what, so it is no summary.
_ADDRESSEE = re.compile(r"^\s*(Kính gửi|Kính gởi)\s*:", re.I)

# Given a docs-relative path, the site-relative URL it is published at, or None if unknown.
TargetResolver = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class BodyLink:
    """A link or image of a body that points inside the site."""

    written: str  # as in the Markdown source
    target: str | None  # the site-relative URL it is published at; None when nothing is
    fragment: str  # the "#…" part, without "#"
    line: int  # in the body, from 1
    site_absolute: bool = False  # written from the site root ("/tin-tuc/…"): checked after the build plan
    path: str | None = None  # the docs-relative path it was resolved from (relative links only)


@dataclass(frozen=True, slots=True)
class BodyProblem:
    """Something in a body that may not be published, at a line of the body (from 1)."""

    line: int
    found: str
    expected: str


@dataclass(frozen=True, slots=True)
class RenderedBody:
    """A body's HTML and what its checks found; cached by the text, it stays valid while every
    relative link still resolves to the same target (`resolves_as`)."""

    html: str
    ids: frozenset[str]  # element ids in the body: the anchors a link may point to
    links: tuple[BodyLink, ...]
    problems: tuple[BodyProblem, ...]

    def resolves_as(self, resolve: TargetResolver) -> bool:
        """Whether every relative link resolves today as it did when the body was rendered."""
        return all(resolve(link.path) == link.target for link in self.links if link.path is not None)

    @property
    def broken_links(self) -> list[str]:
        """Relative links that point at nothing published, as written."""
        return [link.written for link in self.links if link.target is None and not link.site_absolute]

    def __reduce__(self) -> tuple:
        # The HTML pickled as UTF-8 bytes: pickling it as text would keep a UTF-8 copy inside the
        # string for as long as the body lives (CPython caches it there), in every process.
        return _rendered_body, (self.html.encode("utf-8", "surrogatepass"), self.ids, self.links, self.problems)


def _rendered_body(html: bytes, ids: frozenset[str], links: tuple, problems: tuple) -> RenderedBody:
    return RenderedBody(html.decode("utf-8", "surrogatepass"), ids, links, problems)


def line_in(text: str, needle: str, default: int = 1) -> int:
    """The line (from 1) of the first occurrence of `needle` in `text`."""
    position = text.find(needle) if needle else -1
    return text.count("\n", 0, position) + 1 if position >= 0 else default


class _BodyChecks(Treeprocessor):
    """Rewrites links and images written relative to the Markdown file (`files/phu-luc.pdf`,
    `../2022/other.md`) to where they are published, since the page lives at another URL;
    records every internal link, and every element the HTML policy refuses."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.source = ""
        self.source_dir = ""
        self.root = "."
        self.resolve: TargetResolver = lambda path: None
        self.embed_hosts: Collection[str] = ()
        self.links: list[BodyLink] = []
        self.violations: list[Violation] = []
        self.ids: set[str] = set()

    def run(self, root):
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if element.get("id"):
                self.ids.add(element.get("id"))
            self.violations += check_element(element.tag, element.items(), self.embed_hosts)
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            url = element.get(attribute) if attribute else None
            if url:
                self._follow(element, attribute, url)

    def _follow(self, element, attribute: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url_scheme_violation(url):
            return
        line = line_in(self.source, url)
        if url.startswith("#"):
            self.links.append(BodyLink(url, "", parts.fragment, line))
            return
        if url.startswith("/"):
            self.links.append(BodyLink(url, None, parts.fragment, line, site_absolute=True))
            return
        target = posixpath.normpath(posixpath.join(self.source_dir, unquote(parts.path)))
        published = self.resolve(target)
        self.links.append(BodyLink(url, published, parts.fragment, line, path=target))
        if published is not None:
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            element.set(attribute, f"{self.root}/{quote(published)}{fragment}")


class BodyRenderer:
    """Converts announcement bodies; one converter reused, as building one costs more than a page."""

    def __init__(
        self, extensions: Sequence = (), extension_configs: dict | None = None, embed_hosts: Collection[str] = ()
    ):
        configs = {**(extension_configs or {})}
        if "tables" in extensions:  # column alignment as align="…": a style="…" would break the CSP
            configs["tables"] = {**configs.get("tables", {}), "use_align_attribute": True}
        self._markdown = markdown.Markdown(extensions=list(extensions), extension_configs=configs)
        self._checks = _BodyChecks(self._markdown)
        self._markdown.treeprocessors.register(self._checks, "loa_body_checks", 1)
        self.embed_hosts = tuple(embed_hosts)
        # Plain bodies (most of them) skip Python-Markdown when the extensions cannot change them.
        self._simple_markdown = simple_markdown_applies(extensions, configs)
        self._tables = "tables" in (extension_names(extensions) or ())
        # What else than the text a body's HTML depends on: for keys of cached bodies.
        self.fingerprint = repr((list(extensions), sorted(configs.items(), key=str), self.embed_hosts))

    def render(
        self, text: str, source_dir: str = "", root: str = ".", resolve: TargetResolver | None = None
    ) -> RenderedBody:
        """The HTML of a body, with its relative links resolved from `source_dir` (docs-relative)
        and written relative to `root`, the path from the page back to the site root; and what
        in it may not be published."""
        simple_html = simple_body_html(text, self._tables) if self._simple_markdown else None
        if simple_html is not None:  # no links, ids or HTML of its own: nothing to check
            return RenderedBody(simple_html, frozenset(), (), ())
        checks = self._checks
        self._markdown.reset()
        checks.source, checks.source_dir, checks.root = text, source_dir, root
        checks.resolve = resolve or (lambda path: None)
        checks.embed_hosts = self.embed_hosts
        checks.links, checks.violations, checks.ids = [], [], set()
        html_text = self._markdown.convert(text)
        problems = [BodyProblem(line_in(text, v.snippet), v.found, v.expected) for v in checks.violations]
        cursor = 0
        for block in self._markdown.htmlStash.rawHtmlBlocks:
            raw = block if isinstance(block, str) else ""
            found_at = text.find(raw.strip(), cursor) if raw.strip() else -1
            if found_at >= 0:
                cursor = found_at
            for violation in check_raw_html(raw, self.embed_hosts):
                position = text.find(violation.snippet, max(found_at, 0))
                line = text.count("\n", 0, position) + 1 if position >= 0 else line_in(text, raw.strip())
                problems.append(BodyProblem(line, violation.found, violation.expected))
            checks.ids.update(_ID.findall(raw))
        problems.sort(key=lambda problem: problem.line)
        return RenderedBody(html_text, frozenset(checks.ids), tuple(checks.links), tuple(problems))


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


# A preview's rebuild reads again only the paragraphs an edit changed. Whole bodies are not kept
# here: at 30,000 announcements their text alone was 150 MB (loa.news.search keeps a few).
_paragraph_text = remembered_in_preview(plain_text, maxsize=65536)


def first_paragraph(body_html: str) -> str | None:
    """The first paragraph that says what the document is about."""
    for match in _PARAGRAPH.finditer(body_html):
        text = _paragraph_text(match.group(1))
        if text and not _ADDRESSEE.match(text):
            return text
    return None


def shorten(text: str, limit: int = 300) -> str:
    """Cut at a word boundary, for listings and meta descriptions."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
