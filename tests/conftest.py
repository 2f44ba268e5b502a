"""Shared fixtures of the build and browser tests: the demo build, small test projects, HTML parsing.

The demo site is built once per session from a copy of the repository's own mkdocs.yml, docs/,
overrides/ and assets/. Targeted builds (make_project) copy the same configuration, theme and
assets but hold only the announcement files a test gives them, so each build stays small.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from loa.site_build import build_site

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_DOCS = REPO_ROOT / "docs"
DEMO_POSTS = DEMO_DOCS / "tin-tuc" / "posts"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Debian's Chromium, started as the machine's notes say: no sandbox as root, and no background
# traffic to hosts the closed network refuses.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Any absolute URL works as a base for resolving the site's relative links.
_BASE = "http://site.invalid/"


# --------------------------------------------------------------------------- demo build


def copy_demo(root: Path) -> Path:
    """A copy of the demo portal (mkdocs.yml, docs/, overrides/, assets/) in a new folder `root`."""
    root.mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "overrides", "assets"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    return root


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portal built once with build_site; returns the built site folder."""
    root = copy_demo(tmp_path_factory.mktemp("demo") / "project")
    site = root / "site"
    code = build_site(root / "mkdocs.yml", site)
    assert code == 0, f"the demo site did not build (exit code {code})"
    return site


# --------------------------------------------------------------------------- targeted projects


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def posts(self) -> Path:
        return self.root / "docs" / "tin-tuc" / "posts"


def create_project(
    tmp_path: Path,
    announcements: dict[str, str | bytes],
    page_size: int | None = None,
    campaigns: dict[str, str] | None = None,
    name: str = "project",
) -> Project:
    """A minimal portal: the real mkdocs.yml, overrides/ and assets/, docs/index.md and only the
    given files under docs/tin-tuc/posts/ (keys are paths relative to that folder; `str` values are
    written as UTF-8 text, `bytes` as they are, e.g. attachments). `campaigns` maps a kit id to the
    text of its campaign.yml. `page_size` replaces the loa plugin's page_size option."""
    root = tmp_path / name
    root.mkdir(parents=True)
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if page_size is not None:
        config, count = re.subn(r"(?m)^(\s+page_size:\s*)\d+\s*$", rf"\g<1>{page_size}", config)
        assert count == 1, "mkdocs.yml has no 'page_size:' line under the loa plugin to replace"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO_ROOT / "overrides", root / "overrides")
    # The demo campaign kits stay out: a test project holds only the kits it is given.
    shutil.copytree(REPO_ROOT / "assets", root / "assets", ignore=shutil.ignore_patterns("campaigns"))
    (root / "docs").mkdir()
    shutil.copy2(DEMO_DOCS / "index.md", root / "docs" / "index.md")
    project = Project(root)
    project.posts.mkdir(parents=True)
    for relpath, content in announcements.items():
        target = project.posts / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for kit_id, text in (campaigns or {}).items():
        kit = root / "assets" / "campaigns" / kit_id
        kit.mkdir(parents=True)
        (kit / "campaign.yml").write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def make_project() -> Callable[..., Project]:
    """make_project(tmp_path, {relpath: text}, page_size=..., campaigns=..., name=...) -> Project."""
    return create_project


@dataclass(frozen=True)
class BuildResult:
    code: int
    output: str  # stdout and stderr of the build, MkDocs' log included
    site: Path


def build_capturing(config_file: Path, site: Path, env: dict[str, str] | None = None) -> BuildResult:
    """build_site with what the build printed, for module-scoped builds (which cannot use the
    capfd fixture). The build runs in a child: a new interpreter writes to file descriptors 1
    and 2, a forked one (the usual case) through the sys.stdout and sys.stderr it inherits,
    which pytest has replaced with its own. Both are pointed at one file for the build."""
    sys.stdout.flush()
    sys.stderr.flush()
    streams = sys.stdout, sys.stderr
    with tempfile.TemporaryFile() as log:
        saved = os.dup(1), os.dup(2)
        try:
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
            sys.stdout, sys.stderr = (open(fd, "w", encoding="utf-8", closefd=False) for fd in (1, 2))  # noqa: SIM115
            try:
                code = build_site(config_file, site, extra_env=env)
            finally:
                sys.stdout.close()
                sys.stderr.close()
                sys.stdout, sys.stderr = streams
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        log.seek(0)
        output = log.read().decode("utf-8", errors="replace")
    return BuildResult(code, output, site)


@pytest.fixture
def build_project(capfd: pytest.CaptureFixture[str]) -> Callable[..., BuildResult]:
    """Build a Project with build_site and capture what the build printed.

    build_site runs MkDocs in a subprocess without capturing its output, so the output is read
    from the file descriptors (capfd)."""

    def build(project: Project, site_dir: Path | None = None, env: dict[str, str] | None = None) -> BuildResult:
        """`env`: extra environment of the build, e.g. {"SOURCE_DATE_EPOCH": "1637400000"}."""
        capfd.readouterr()  # drop whatever was printed before
        site = site_dir or project.site_dir
        code = build_site(project.config_file, site, extra_env=env)
        out, err = capfd.readouterr()
        return BuildResult(code, out + err, site)

    return build


def announcement(
    title: str,
    date: str,
    doc_type: str = "thong-bao",
    number: str | None = None,
    body: str = "Nội dung văn bản.",
    **fields: object,
) -> str:
    """The text of an announcement file; extra front-matter fields are given as YAML text."""
    lines = ["---", f"title: {_yaml_text(title)}", f"date: {date}", f"type: {doc_type}"]
    if number is not None:
        lines.append(f"number: {_yaml_text(number)}")
    for key, value in fields.items():
        lines.append(f"{key}: {value}")
    lines += ["---", body, ""]
    return "\n".join(lines)


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------- the built site


def url_to_file(site: Path, url: str) -> Path:
    """The file that serves a site-relative URL ("tin-tuc/" -> tin-tuc/index.html)."""
    path = unquote(urlsplit(url).path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


def resolve_href(page_url: str, href: str) -> str:
    """A link of the page at `page_url` as a site-relative URL, e.g. "../../2021/x/" -> "tin-tuc/2021/x/"."""
    absolute = urljoin(_BASE + page_url, href)
    assert absolute.startswith(_BASE), f"{href!r} on {page_url!r} leaves the site"
    return urlsplit(absolute[len(_BASE) :]).path


def link_target(site: Path, page_url: str, href: str) -> Path:
    """The built file a relative link points to."""
    return url_to_file(site, resolve_href(page_url, href))


def search_records(site: Path) -> dict[str, list]:
    """The records of the site's search index (loa.search) by page URL:
    [url, kind index, number, ISO date, title, text]."""
    folder = site / "assets" / "search"
    meta = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    records: dict[str, list] = {}
    for name in meta["records"]:
        for record in json.loads((folder / name).read_text(encoding="utf-8")):
            records[record[0]] = record
    return records


def read_page(site: Path, url: str) -> Element:
    file = url_to_file(site, url)
    assert file.is_file(), f"no page at /{url} ({file} does not exist)"
    return parse_html(file.read_text(encoding="utf-8"))


def page_url_of(site: Path, file: Path) -> str:
    """The site-relative URL of an .html file ("tin-tuc/index.html" -> "tin-tuc/")."""
    relative = file.relative_to(site).as_posix()
    return relative[: -len("index.html")] if posixpath.basename(relative) == "index.html" else relative


# --------------------------------------------------------------------------- HTML parsing (stdlib)

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_AUTO_CLOSE = {"p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"}}
_NO_TEXT = frozenset({"script", "style", "template"})
# Inline elements join their text to the text around them; any other element is a block boundary.
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "label", "mark"}
    | {"q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)


class Element:
    """A node of a parsed HTML document, with just enough of a DOM for tests."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None = None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.attrs.get(name, default)
        return "" if value is None and name in self.attrs else value

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self) -> Iterator[Element]:
        """This element and all elements below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def raw_text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag in _INLINE:
                parts.append(child.raw_text())
            elif child.tag not in _NO_TEXT:
                parts.append(" " + child.raw_text() + " ")
        return "".join(parts)

    def text(self) -> str:
        """The element's text with whitespace collapsed (block boundaries become spaces)."""
        return " ".join(self.raw_text().split())

    def select(self, selector: str) -> list[Element]:
        """Elements below this one matching a small CSS subset: tag, .class, #id, [attr], [attr=v],
        [attr^=v], [attr*=v], [attr$=v], the descendant (space) and child (>) combinators, and
        selector lists separated by commas."""
        results: list[Element] = []
        for one in selector.split(","):
            parts = _parse_selector(one)
            for element in self.iter():
                if element is not self and element not in results and _matches(element, parts, len(parts) - 1):
                    results.append(element)
        if "," in selector:
            order = {id(e): i for i, e in enumerate(self.iter())}
            results.sort(key=lambda e: order[id(e)])
        return results

    def select_one(self, selector: str) -> Element:
        found = self.select(selector)
        assert found, f"no element matches {selector!r}"
        return found[0]

    def first(self, selector: str) -> Element | None:
        found = self.select(selector)
        return found[0] if found else None


_COMPOUND = re.compile(
    r"""(?P<tag>\*|[a-zA-Z][\w-]*)?(?P<rest>(?:\.[\w-]+|\#[\w-]+|\[[^\]]+\])*)$""",
)
_SIMPLE = re.compile(
    r"""\.(?P<cls>[\w-]+)|\#(?P<id>[\w-]+)|\[(?P<attr>[\w:-]+)(?:(?P<op>[~^$*]?=)(?P<val>[^\]]*))?\]"""
)


@dataclass(frozen=True)
class _Compound:
    tag: str | None
    tests: tuple[tuple[str, str, str | None, str | None], ...]  # (kind, name, op, value)
    combinator: str  # how it relates to the compound before it: " " or ">"


def _parse_selector(selector: str) -> list[_Compound]:
    tokens = re.findall(r">|[^\s>]+", selector.strip())
    parts: list[_Compound] = []
    combinator = " "
    for token in tokens:
        if token == ">":
            combinator = ">"
            continue
        match = _COMPOUND.match(token)
        assert match, f"unsupported selector {token!r}"
        tests = []
        for simple in _SIMPLE.finditer(match.group("rest")):
            if simple.group("cls"):
                tests.append(("class", simple.group("cls"), None, None))
            elif simple.group("id"):
                tests.append(("attr", "id", "=", simple.group("id")))
            else:
                value = simple.group("val")
                if value is not None:
                    value = value.strip().strip("\"'")
                tests.append(("attr", simple.group("attr"), simple.group("op"), value))
        tag = match.group("tag")
        parts.append(_Compound(None if tag in (None, "*") else tag.lower(), tuple(tests), combinator))
        combinator = " "
    assert parts, f"empty selector {selector!r}"
    return parts


def _compound_matches(element: Element, compound: _Compound) -> bool:
    if compound.tag is not None and element.tag != compound.tag:
        return False
    for kind, name, op, value in compound.tests:
        if kind == "class":
            if name not in element.classes:
                return False
            continue
        if name not in element.attrs:
            return False
        actual = element.attrs[name] or ""
        if op is None:
            continue
        assert value is not None
        if (
            (op == "=" and actual != value)
            or (op == "^=" and not actual.startswith(value))
            or (op == "$=" and not actual.endswith(value))
            or (op == "*=" and value not in actual)
            or (op == "~=" and value not in actual.split())
        ):
            return False
    return True


def _matches(element: Element, parts: list[_Compound], index: int) -> bool:
    if not _compound_matches(element, parts[index]):
        return False
    if index == 0:
        return True
    if parts[index].combinator == ">":
        return element.parent is not None and _matches(element.parent, parts, index - 1)
    ancestor = element.parent
    while ancestor is not None:
        if _matches(ancestor, parts, index - 1):
            return True
        ancestor = ancestor.parent
    return False


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack: list[Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        closes = _AUTO_CLOSE.get(tag)
        if closes and self.stack[-1].tag in closes:
            self.stack.pop()
        element = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    """Parse an HTML document into an Element tree (html.parser, no third-party package)."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def meta_content(document: Element, key: str) -> str | None:
    """The content of <meta name=key> or <meta property=key>."""
    for meta in document.select("meta"):
        if key in (meta.get("name"), meta.get("property")):
            return meta.get("content")
    return None


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (which never downloads a browser of its own)."""
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (install it with `make browser-deps`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
