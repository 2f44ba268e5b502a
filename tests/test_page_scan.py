"""What the nginx include learns of Loa's pages while they are written (loa.nginx_include.ShellScan):
the theme's chrome is scanned once and each page's content alone, and that is exactly what
scanning the whole page gives: on hostile content against a shell shaped like Material's, and
on every page of a real build."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import DEMO_POSTS, create_project
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_nginx import _MARKUP

from loa.mkdocs_plugin import plugin as plugin_module
from loa.mkdocs_plugin import shell as shell_module
from loa.nginx_include import ShellScan, read_site_scripts, scan_page
from loa.site_build import BUILD_REPORT_VARIABLE, read_build_report

# A shell as Material's chrome is: text slots in <title> and as whole attribute values, the
# markup slots between tags, comments and inline scripts around them.
SHELL = [
    '<!doctype html><html><head><meta name="description" content="', "description",
    '"><link rel="canonical" href="', "canonical", '"><title>', "title",
    " - Sở Tài chính</title><script>__md_scope=new URL('..',location)</script><!-- the head -->", "og_image",
    '<meta property="og:type" content="', "og_type", '"><meta property="og:title" content="', "title",
    '"></head><body><header class="md-header">Sở</header><h1>\n      ', "title",
    '\n    </h1><article class="md-content__inner">', "content",
    "</article><script>var a = 1 < 2;</script><!-- <script>commented()</script> --></body></html>",
]  # fmt: skip
MARKUP_SLOTS = ("content", "og_image")

_PIECES = st.sampled_from(
    ["<!--", "-->", "<script>", "</script>", "<script src=x.js>", "<style>", "<a href", ">", "<b", "<",
     "javascript:x()", " onclick=", "<p>Đỏ</p>", "<script>run()</script>", "<!-- c -->", '"', "'"]
)  # fmt: skip
_CONTENT = st.lists(st.one_of(_MARKUP, _PIECES), max_size=6).map("".join)
_TEXT = st.lists(
    st.sampled_from(["Kế hoạch", " onclick=x", "javascript:", "JavaScript:", "<", '"', "'", ">", "&", " "]), max_size=4
)


def filled(parts: list[str], values: dict[str, str]) -> tuple[dict[str, bytes], bytes]:
    """The values encoded, as the shell is given them, and the page."""
    page = "".join(part if index % 2 == 0 else values[part] for index, part in enumerate(parts)).encode("utf-8")
    return {name: value.encode("utf-8") for name, value in values.items()}, page


@settings(max_examples=2000, deadline=None)
@given(_CONTENT, _CONTENT, _TEXT.map("".join), st.booleans())
@example("<p>Nội dung</p><script>x()</script>", "", "Tiêu đề", True)
@example("<!-- unclosed", "", "a", True)
@example("<b onclick=x>", "<meta onload=y>", "a", True)
@example("<a href", "", "a", True)
@example("", "", '"><script>evil()</script>', False)
@example("", "", "javascript:", True)
def test_the_chrome_scanned_once_gives_what_scanning_the_whole_page_gives(
    content: str, og_image: str, title: str, escaped: bool
) -> None:
    text = html.escape(title) if escaped else title
    values = {"title": text, "description": text, "canonical": text, "og_type": "article",
              "og_image": og_image, "content": content}  # fmt: skip
    scan = ShellScan(SHELL, MARKUP_SLOTS)
    assert scan.shell is not None, "this shell's slots stand apart: it is scanned once"
    encoded, whole = filled(SHELL, values)
    assert scan.scan("a/index.html", encoded, whole) == scan_page("a/index.html", whole)


@pytest.mark.parametrize(
    ("index", "replacement", "content"),
    [
        (2, '"><link rel="canonical" href="<!--', "<p onclick=x>-->"),  # a slot inside a comment
        (8, "<script>var shell =", "<p onclick=x>"),  # a markup slot inside a script
        (10, '"><meta content=x ', "<p>"),  # a markup slot... its text slot no longer a whole value
        (12, '"><meta property="og:title" content=x', "<p>"),  # a text slot not a quoted value
        (14, '"></head><body><article class="x"', "<p onclick=x>"),  # the content slot inside a tag
        (14, '"></head><body><script>var a = 1;', "</script><p>"),  # a script the content closes
    ],
)
def test_a_shell_whose_slots_do_not_stand_apart_is_scanned_whole_on_every_page(
    index: int, replacement: str, content: str
) -> None:
    parts = list(SHELL)
    parts[index] = replacement
    if "<script>" in replacement and not replacement.endswith("="):
        parts[-1] = "</article></body></html>"  # the shell's script is never closed
    scan = ShellScan(parts, MARKUP_SLOTS)
    assert scan.shell is None
    values = {"title": "T", "description": "D", "canonical": "c", "og_type": "article", "og_image": "",
              "content": content}  # fmt: skip
    encoded, whole = filled(parts, values)
    assert scan.scan("a.html", encoded, whole) == scan_page("a.html", whole)


def test_a_shell_with_blocked_code_is_scanned_whole() -> None:
    parts = list(SHELL)
    parts[-1] = '</article><button onclick="x()">In</button></body></html>'
    assert ShellScan(parts, MARKUP_SLOTS).shell is None


def test_every_page_of_a_build_is_reported_as_a_scan_of_the_whole_page_gives(tmp_path: Path, monkeypatch) -> None:
    """A real build of the demo's announcements, in one process: every shell of Material's chrome
    is scanned once, and every page's report is what scanning the written page gives."""
    files = {path.relative_to(DEMO_POSTS).as_posix(): path.read_bytes() for path in DEMO_POSTS.rglob("*")
             if path.is_file()}  # fmt: skip
    for name, data in files.items():  # the demo's campaign kits stay out: no graphics to draw here
        if name.endswith(".md"):
            files[name] = re.sub(rb"(?m)^campaign: .*\n", b"", data)
    project = create_project(tmp_path, files)
    shells: list[shell_module.PageShell] = []
    real_init = shell_module.PageShell.__init__

    def recording_init(self, rendered: str) -> None:
        real_init(self, rendered)
        shells.append(self)

    monkeypatch.setattr(shell_module.PageShell, "__init__", recording_init)
    scanned: dict = {}
    real_report_build = plugin_module.report_build

    def recording_report_build(site_dir, pages, embed_hosts):
        scanned.update(pages)
        return real_report_build(site_dir, pages, embed_hosts)

    monkeypatch.setattr(plugin_module, "report_build", recording_report_build)
    monkeypatch.setenv("LOA_PROCESSES", "1")
    report = tmp_path / "report.json"
    monkeypatch.setenv(BUILD_REPORT_VARIABLE, str(report))
    config = load_config(str(project.config_file), site_dir=str(project.site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert shells and all(shell.scan.shell is not None for shell in shells)
    assert len(scanned) > 20
    for page, (_state, scripts) in scanned.items():
        assert scripts == scan_page(page, (project.site_dir / page).read_bytes()), page
    built = read_build_report(report)
    assert built is not None and built.scripts == read_site_scripts(project.site_dir)
