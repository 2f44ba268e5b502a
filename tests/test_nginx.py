"""The portal as a Sở serves it: the demo built by `loa build` (inside the campaign, so the bar
shows), served by Debian's nginx with the include the build wrote, through `loa preview-nginx`
on a free port. Every header on every kind of response, gzip, caching, the policy against the
built pages, `nginx -t`, Ctrl-C leaving no nginx behind, and Debian's Chromium opening the pages
and searching with not one Content-Security-Policy violation."""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import REPO_ROOT, create_project, parse_html, url_to_file
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_browser import DESKTOP, _search
from test_campaign_pages import copy_demo

from loa.cli import _write_nginx_include
from loa.mkdocs_plugin.settings import read_project_settings
from loa.nginx_include import (
    _blocked_in,
    _may_hold_inline_code,
    content_security_policy,
    find_nginx,
    nginx_include,
    read_site_scripts,
    write_nginx_include,
)
from loa.site_build import read_build_report, report_path, site_signature

pytestmark = pytest.mark.browser

NGINX = find_nginx()
IN_THE_CAMPAIGN = "1637712000"  # 24/11/2021, inside bdg-2021 (15/11 - 15/12/2021)
HOME, LISTING, CAMPAIGN = "", "tin-tuc/", "chien-dich/bdg-2021/"
CONG_VAN = "tin-tuc/2021/huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021/"
MISSING = "tin-tuc/2021/khong-co-van-ban-nay/"
ORANGE = "rgb(194, 65, 12)"  # the kit's primary, #C2410C
FIXED_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
IMMUTABLE = "public, max-age=31536000, immutable"
JS_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})


@pytest.fixture(scope="module")
def nginx() -> str:
    if NGINX is None or not Path("/etc/nginx/mime.types").is_file():
        pytest.skip("Debian's nginx is not installed (install it with `make nginx-deps`)")
    return NGINX


# --------------------------------------------------------------------------- the build and the server


@dataclass(frozen=True)
class Portal:
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def include(self) -> Path:
        return self.root / "dist" / "nginx" / "loa-security.conf"

    @property
    def policy(self) -> str:
        """The Content-Security-Policy the include sends."""
        for line in self.include.read_text(encoding="utf-8").splitlines():
            if line.startswith("add_header Content-Security-Policy "):
                return line.split('"')[1]
        raise AssertionError(f"{self.include} sets no Content-Security-Policy")

    def asset(self, pattern: str) -> str:
        """The site-relative URL of the first built file matching a glob, e.g. a fingerprinted bundle."""
        found = sorted(self.site.glob(pattern))
        assert found, f"no built file matches {pattern}"
        return found[0].relative_to(self.site).as_posix()


def run_loa(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loa", *args],
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Portal:
    """The demo built with `loa build` (default include path, relative to the project) on 24/11/2021."""
    root = copy_demo(tmp_path_factory.mktemp("nginx") / "project")
    cache = tmp_path_factory.getbasetemp() / "loa-banner-cache"  # shared with the campaign tests
    result = run_loa("build", cwd=root, env={"SOURCE_DATE_EPOCH": IN_THE_CAMPAIGN, "LOA_BANNER_CACHE": str(cache)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Cảnh báo" not in result.stderr, result.stderr  # no inline code the policy would block
    portal = Portal(root)
    assert portal.include.is_file(), result.stdout
    return portal


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Nginx:
    url: str
    port: int
    process: subprocess.Popen
    log: Path


@contextmanager
def preview(portal: Portal, work_dir: Path, include: Path | None = None) -> Iterator[Nginx]:
    """`loa preview-nginx` on a free port (it becomes nginx, in its own process group), stopped
    with Ctrl-C's signal whatever happens; killed if it does not stop."""
    port = free_port()
    work_dir.mkdir(parents=True, exist_ok=True)
    log = work_dir / "stderr.log"
    command = [sys.executable, "-m", "loa", "preview-nginx", "--port", str(port), "--site-dir", str(portal.site)]
    command += ["--nginx-include", str(include or portal.include), "--work-dir", str(work_dir)]
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=stderr, stderr=stderr, start_new_session=True)
    try:
        deadline = time.monotonic() + 15
        while not _listening(port):
            assert process.poll() is None, f"nginx stopped: {log.read_text(errors='replace')}"
            assert time.monotonic() < deadline, f"nginx does not answer on {port}: {log.read_text(errors='replace')}"
            time.sleep(0.05)
        yield Nginx(f"http://127.0.0.1:{port}/", port, process, log)
    finally:
        stop(process)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def stop(process: subprocess.Popen) -> None:
    """SIGINT (what Ctrl-C sends) to nginx; SIGKILL to its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def server(nginx: str, portal: Portal, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with preview(portal, tmp_path_factory.mktemp("nginx-run")) as running:
        yield running.url


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


def fetch(server: str, url: str, accept_gzip: bool = False) -> Response:
    """One request, redirects not followed."""
    connection = http.client.HTTPConnection(server.split("/")[2], timeout=10)
    try:
        connection.request("GET", "/" + url, headers={"Accept-Encoding": "gzip"} if accept_gzip else {})
        answer = connection.getresponse()
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        connection.close()


def missing_headers(headers: dict[str, str], policy: str) -> list[str]:
    """The security headers a response lacks or carries with another value."""
    expected = {"content-security-policy": policy, **FIXED_HEADERS}
    return [f"{name}: {headers.get(name)!r}" for name, value in expected.items() if headers.get(name) != value]


# --------------------------------------------------------------------------- the policy and the config


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def inline_scripts(site: Path) -> dict[str, set[str]]:
    """The sha256 source of every inline script a browser runs, with the pages that carry it."""
    found: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        for script in parse_html(page.read_text(encoding="utf-8")).select("script"):
            if script.get("src") is None and (script.get("type") or "").strip().lower() in JS_TYPES:
                text = "".join(child for child in script.children if isinstance(child, str))
                digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
                found.setdefault(f"'sha256-{digest}'", set()).add(page.relative_to(site).as_posix())
    return found


def test_policy_allows_only_the_sites_own_files_and_its_hashed_scripts(portal: Portal):
    directives = csp_directives(portal.policy)
    assert directives["default-src"] == ["'none'"]
    scripts = directives["script-src"]
    assert scripts[0] == "'self'"
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "*"} & set(scripts)
    hashes = inline_scripts(portal.site)
    assert len(hashes) >= 2  # Material's per-depth __md_scope scripts, at least
    assert set(scripts[1:]) == set(hashes), "the policy's hashes are not the site's inline scripts"
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    for name in ("font-src", "connect-src", "worker-src", "base-uri", "form-action"):
        assert directives[name] == ["'self'"], name
    assert directives["frame-src"] == ["'none'"]  # the demo has no embed hosts
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_built_pages_carry_no_inline_code_the_policy_blocks(portal: Portal):
    blocked = []
    for page in sorted(portal.site.rglob("*.html")):
        document = parse_html(page.read_text(encoding="utf-8"))
        shown = page.relative_to(portal.site).as_posix()
        blocked += [f"{shown}: <style>" for _ in document.select("style")]
        for element in document.iter():
            names = [name for name in element.attrs if name == "style" or name.startswith("on")]
            blocked += [f"{shown}: <{element.tag} {name}=…>" for name in names]
    assert not blocked, "\n".join(blocked[:20])


def test_every_location_of_the_include_repeats_the_security_headers(portal: Portal):
    text = portal.include.read_text(encoding="utf-8")
    blocks = text.split("\nlocation ")
    assert len(blocks) >= 5
    for block in blocks:
        for name in ("Content-Security-Policy", *(n.title() for n in FIXED_HEADERS)):
            assert block.lower().count(f"add_header {name.lower()} ") == 1, (name, block[:80])
        assert block.count(" always;") == block.count("add_header ")


def test_nginx_accepts_the_generated_config(nginx: str, portal: Portal, tmp_path: Path):
    result = run_loa(
        "preview-nginx", "--check", "--site-dir", str(portal.site), "--nginx-include", str(portal.include),
        "--work-dir", str(tmp_path), "--port", str(free_port()), cwd=portal.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr
    config = (tmp_path / "nginx.conf").read_text(encoding="utf-8")
    assert "daemon off;" in config and f'root "{portal.site.resolve()}";' in config
    assert f'include "{portal.include.resolve()}";' in config


def test_include_is_written_only_by_a_successful_build(tmp_path: Path):
    bad = "---\ntitle: Lỗi\ndate: 2022-02-30\ntype: thong-bao\nnumber: 1/TB-STC\n---\nNội dung.\n"
    project = create_project(tmp_path, {"2022/loi.md": bad})
    include = project.root / "nginx" / "loa.conf"
    result = run_loa("build", "--nginx-include", str(include), cwd=project.root)
    assert result.returncode != 0
    assert not include.exists(), "a failed build wrote the include"
    include.parent.mkdir()
    include.write_text("# the include of the last good build\n", encoding="utf-8")
    assert run_loa("build", "--nginx-include", str(include), cwd=project.root).returncode != 0
    assert include.read_text(encoding="utf-8") == "# the include of the last good build\n"
    assert list(include.parent.iterdir()) == [include], "a temporary file was left behind"


def test_embed_hosts_of_mkdocs_yml_are_the_only_frame_sources(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>Trang.</p><script>var a=1;</script>", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        "site_name: x\nplugins:\n  - search\n  - loa:\n"
        "      embed_hosts: [www.youtube-nocookie.com, Video.Example.VN]\n",
        encoding="utf-8",
    )
    include = tmp_path / "loa.conf"
    assert _write_nginx_include(config_file, site, include) == 0
    directives = csp_directives(include.read_text(encoding="utf-8").split('"')[1])
    assert directives["frame-src"] == ["https://video.example.vn", "https://www.youtube-nocookie.com"]
    assert directives["script-src"] == ["'self'", sha256_source("var a=1;")]
    config_file.write_text("site_name: x\nplugins:\n  - loa:\n      embed_hosts: ['evil.vn; script-src *']\n")
    include.unlink()
    assert _write_nginx_include(config_file, site, include) == 2
    assert not include.exists()


def test_the_include_from_the_builds_own_report_is_the_include_from_reading_every_page(portal: Portal, tmp_path: Path):
    """`loa build` writes the include from what the build said of its site (its pages scanned as
    they were written, MkDocs' own read at the end): byte for byte the include made by reading
    every built page, with the site's signature the build recorded."""
    report = read_build_report(report_path(portal.site))
    assert report is not None and report.site == site_signature(portal.site)
    embed_hosts = read_project_settings(portal.root / "mkdocs.yml").embed_hosts
    assert list(report.embed_hosts) == embed_hosts
    read_again = tmp_path / "loa.conf"
    write_nginx_include(portal.site, read_again, embed_hosts)
    assert read_again.read_bytes() == portal.include.read_bytes()


def test_a_site_changed_by_hand_is_read_for_its_include_and_built_again(tmp_path: Path):
    project = create_project(tmp_path, {"2024/mot.md": "---\ntitle: Một\ndate: 2024-01-05\ntype: tin-tuc\n---\nMột.\n"})
    assert run_loa("build", cwd=project.root).returncode == 0
    page = project.site_dir / "tin-tuc" / "2024" / "mot" / "index.html"
    include = project.root / "dist" / "nginx" / "loa-security.conf"
    built = include.read_text(encoding="utf-8")
    assert sha256_source("daSua()") not in built
    page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", '<script>daSua()</script><b onclick="x()">b</b></body>'),
        encoding="utf-8",
    )
    assert _write_nginx_include(project.config_file, project.site_dir, include) == 0  # no report: the pages are read
    assert sha256_source("daSua()") in include.read_text(encoding="utf-8")
    scripts = read_site_scripts(project.site_dir)
    assert [str(b) for b in scripts.blocked] == [
        'tin-tuc/2024/mot/index.html: thuộc tính onclick="x()" trên thẻ <b> bị Content-Security-Policy chặn'
    ]
    rebuilt = run_loa("build", cwd=project.root)  # the site no longer matches its record: built again
    assert rebuilt.returncode == 0 and "Không có gì thay đổi" not in rebuilt.stdout
    assert include.read_text(encoding="utf-8") == built


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_only_scripts_that_run_are_hashed_and_blocked_inline_code_is_reported(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_bytes(
        b"<script>var a = 1;\r\nvar b = 2;</script>"  # the browser reads CRLF as LF
        b'<script type="application/json">{"data": true}</script>'
        b'<script src="x.js"></script><script></script>'
        b"<!-- <script>commented()</script> -->"
        b'<script type="module">import "./m.js";</script>'
        b"<script>/* <!-- is text here */ run()</script>"
    )
    (tmp_path / "a" / "index.html").write_text(
        '<p style="color: red">Đỏ</p><button type="button" onclick="print()">In</button><a href="javascript:x()">x</a>'
        '<link rel="stylesheet" href="/assets/stylesheets/onload.css"><img/onerror=alert(1)>',
        encoding="utf-8",
    )
    scripts = read_site_scripts(tmp_path)
    expected = {"var a = 1;\nvar b = 2;", 'import "./m.js";', "/* <!-- is text here */ run()"}
    assert set(scripts.hashes) == {sha256_source(text) for text in expected}
    assert [str(b) for b in scripts.blocked] == [
        'a/index.html: thuộc tính style="color: red" trên thẻ <p> bị Content-Security-Policy chặn',
        'a/index.html: thuộc tính onclick="print()" trên thẻ <button> bị Content-Security-Policy chặn',
        "a/index.html: liên kết javascript: trong href của thẻ <a> bị Content-Security-Policy chặn",
        'a/index.html: thuộc tính onerror="alert(1)" trên thẻ <img> bị Content-Security-Policy chặn',
    ]


# Markup a page may hold: text, and tags whose attributes may be inline code, in any case, with
# any of the separators a browser reads (and some it does not).
_SEPARATORS = st.sampled_from([" ", "\t", "\n", "\r", "\f", "/", "  ", "\u00a0"])
_ATTRIBUTE_NAMES = st.sampled_from(["onclick", "OnError", "on", "style", "STYLE", "href", "src", "class", "data-on"])
_VALUES = st.sampled_from(
    ["", '"x"', "'print()'", "alert(1)", '"javascript:x()"', "JavaScript:y", '"/stylesheets/a.css"']
)
_ATTRIBUTES = st.builds(lambda sep, name, eq, value: sep + name + eq + value,
                        _SEPARATORS, _ATTRIBUTE_NAMES, st.sampled_from(["", "=", " = "]), _VALUES)  # fmt: skip
_TAGS = st.builds(lambda name, attributes, end: "<" + name + "".join(attributes) + end,
                  st.sampled_from(["p", "img", "A", "button", "style", "link"]), st.lists(_ATTRIBUTES, max_size=3),
                  st.sampled_from([">", "/>", " >"]))  # fmt: skip
_TEXT = st.sampled_from(["Đỏ", " on ", "stylesheets", "/on", "<!-- <b onclick=x> -->", "javascript", ""])
_MARKUP = st.lists(st.one_of(_TAGS, _TEXT), max_size=6).map("".join)


@settings(max_examples=500, deadline=None)
@given(_MARKUP)
@example('<a href="JavaScript:x()">')
@example("<img/onerror=alert(1)>")
@example("<style>")
@example('<p\tSTYLE = "x">')
def test_the_quick_look_never_skips_a_page_with_blocked_inline_code(markup: str):
    """read_site_scripts reads a page's tags only when byte searches say it may hold inline
    code; a page they pass over must have none."""
    if _blocked_in("page.html", markup):
        assert _may_hold_inline_code(markup.encode("utf-8"))


def test_header_values_cannot_reach_nginx_variables():
    with pytest.raises(ValueError, match="embed_hosts"):
        content_security_policy([], ["$host"])
    with pytest.raises(ValueError, match="nginx"):
        nginx_include("default-src 'none'; script-src $request_uri")


# --------------------------------------------------------------------------- nginx's answers


def test_every_response_carries_every_security_header(server: str, portal: Portal):
    urls = {
        "home": HOME,
        "listing": LISTING,
        "announcement": CONG_VAN,
        "campaign": CAMPAIGN,
        "feed": "feed.xml",
        "sitemap": "sitemap.xml",
        "open data": "tin-tuc/van-ban.json",
        "search index": "assets/search/index.json",
        "search index part": portal.asset("assets/search/s-*.json"),
        "Material's CSS": portal.asset("assets/stylesheets/main.*.min.css"),
        "Material's JS": portal.asset("assets/javascripts/bundle.*.min.js"),
        "Loa's CSS": "assets/stylesheets/loa.css",
        "campaign colours": "assets/stylesheets/loa-campaigns.css",
        "Loa's JS": "assets/javascripts/loa.js",
        "font": "assets/fonts/BeVietnamPro_400Regular.woff2",
        "banner": portal.asset("chien-dich/bdg-2021/bang-ron/*.png"),
        "attachment": portal.asset("tin-tuc/posts/2021/files/*.pdf"),
        "404": MISSING,
        "redirect": "tin-tuc",
    }
    problems = []
    for name, url in urls.items():
        response = fetch(server, url)
        expected_status = {"404": 404, "redirect": 301}.get(name, 200)
        if response.status != expected_status:
            problems.append(f"{name} /{url}: status {response.status}")
        problems += [f"{name} /{url}: {missing}" for missing in missing_headers(response.headers, portal.policy)]
    assert not problems, "\n".join(problems)


def test_not_found_is_the_sites_404_page(server: str, portal: Portal):
    response = fetch(server, MISSING)
    assert response.status == 404
    assert response.body == (portal.site / "404.html").read_bytes()
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"


def test_folder_without_slash_redirects_on_the_readers_address(server: str):
    response = fetch(server, "tin-tuc")
    assert response.status == 301
    assert response.headers["location"] == "/tin-tuc/"


@pytest.mark.parametrize(
    ("url", "content_type", "cache_control"),
    [
        (HOME, "text/html; charset=utf-8", "no-cache"),
        (CONG_VAN, "text/html; charset=utf-8", "no-cache"),
        ("feed.xml", "application/atom+xml; charset=utf-8", "no-cache"),
        ("sitemap.xml", "application/xml; charset=utf-8", "no-cache"),
        ("tin-tuc/van-ban.json", "application/json; charset=utf-8", "no-cache"),
        ("assets/search/index.json", "application/json; charset=utf-8", "no-cache"),
        ("assets/search/s-*.json", "application/json; charset=utf-8", IMMUTABLE),
        ("assets/stylesheets/loa.css", "text/css; charset=utf-8", "no-cache"),
        ("assets/javascripts/loa.js", "application/javascript; charset=utf-8", "no-cache"),
        ("assets/fonts/BeVietnamPro_700Bold.woff2", "font/woff2", IMMUTABLE),
        ("assets/fonts/BeVietnamPro_700Bold.ttf", "font/ttf", IMMUTABLE),
        ("assets/stylesheets/main.*.min.css", "text/css; charset=utf-8", IMMUTABLE),
        ("assets/javascripts/bundle.*.min.js", "application/javascript; charset=utf-8", IMMUTABLE),
        ("assets/javascripts/workers/search.*.min.js", "application/javascript; charset=utf-8", IMMUTABLE),
        (
            "tin-tuc/posts/2023/files/so-lieu-ngan-sach-6-thang-2023.csv",
            "text/csv; charset=utf-8",
            "public, max-age=3600",
        ),
        ("tin-tuc/posts/2021/files/phu-luc-1-bo-nhan-dien.pdf", "application/pdf", "public, max-age=3600"),
    ],
)
def test_types_and_caching(server: str, portal: Portal, url: str, content_type: str, cache_control: str):
    if "*" in url:
        url = portal.asset(url)
    response = fetch(server, url)
    assert response.status == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["cache-control"] == cache_control
    assert response.body == url_to_file(portal.site, url).read_bytes()


GZIPPED = [HOME, CONG_VAN, "assets/stylesheets/main.*.min.css", "assets/stylesheets/loa.css"]
GZIPPED += ["assets/javascripts/bundle.*.min.js", "assets/fonts/LiberationSerif-Regular.ttf", "assets/search/d-*.json"]


@pytest.mark.parametrize("url", GZIPPED)
def test_html_css_js_fonts_and_search_are_gzipped(server: str, portal: Portal, url: str):
    if "*" in url:
        url = portal.asset(url)
    response = fetch(server, url, accept_gzip=True)
    assert response.headers.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in response.headers.get("vary", "")
    assert gzip.decompress(response.body) == url_to_file(portal.site, url).read_bytes()
    assert missing_headers(response.headers, portal.policy) == []
    assert "content-encoding" not in fetch(server, url).headers  # only for readers that accept it


def test_ctrl_c_stops_nginx_and_leaves_no_process(nginx: str, portal: Portal, tmp_path: Path):
    with preview(portal, tmp_path / "run") as running:
        pid = running.process.pid
        # The command became nginx (exec): the signal reaches nginx itself, not a wrapper.
        assert Path(f"/proc/{pid}/comm").read_text().strip() == "nginx"
        assert fetch(running.url, HOME).status == 200
        running.process.send_signal(signal.SIGINT)
        running.process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while group_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not group_alive(pid), "an nginx process outlived Ctrl-C"
    assert not _listening(running.port)


# --------------------------------------------------------------------------- in the browser

WATCH_CSP = """
window.__loaCsp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__loaCsp.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
                       + ` (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
});
window.__loaPrinted = 0;
window.print = () => {
  window.__loaPrinted += 1;
  window.__loaPrintFontReady = document.fonts.check('bold 14pt "Loa Serif"');
};
"""


@dataclass
class WatchedTab:
    """A page whose every CSP violation, CSP console message and response is recorded."""

    page: object
    console: list[str] = field(default_factory=list)
    responses: list[object] = field(default_factory=list)

    def open(self, url: str, status: int = 200) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == status, url
        self.page.wait_for_load_state("networkidle")

    def violations(self) -> list[str]:
        events = self.page.evaluate("window.__loaCsp")
        return events + [m for m in self.console if "Content Security Policy" in m or "Content-Security-Policy" in m]


@pytest.fixture
def tab(browser) -> Iterator[WatchedTab]:
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", service_workers="block")
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    watched = WatchedTab(page)
    page.on("console", lambda message: watched.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: watched.console.append(f"pageerror: {error}"))
    context.on("response", lambda response: watched.responses.append(response))
    try:
        yield watched
    finally:
        context.close()


def assert_headers_on_every_response(tab: WatchedTab, policy: str) -> None:
    problems = []
    for response in tab.responses:
        if response.url.startswith(("data:", "blob:")):
            continue
        problems += [f"{response.url}: {m}" for m in missing_headers(response.all_headers(), policy)]
    assert tab.responses and not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("url", "status"),
    [(HOME, 200), (LISTING, 200), (CONG_VAN, 200), (CAMPAIGN, 200), (MISSING, 404)],
    ids=["home", "listing", "announcement", "campaign", "not-found"],
)
def test_page_runs_without_a_csp_violation(server: str, portal: Portal, tab: WatchedTab, url: str, status: int):
    tab.open(server + url, status)
    page = tab.page
    # What the policy could have broken: Material's scripts ran (header, tabs), the bundled font
    # loaded, the campaign's colours came from their stylesheet.
    assert page.locator(".md-header").is_visible()
    assert page.evaluate("typeof window.__md_get === 'function'"), "Material's inline script did not run"
    assert page.evaluate("typeof window.document$ !== 'undefined'"), "Material's bundle did not run"
    assert page.evaluate(
        """async () => { await document.fonts.ready;
           return [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Be Vietnam Pro'
                                               && f.status === 'loaded'); }"""
    )
    bar = page.locator(".loa-campaign-bar")
    assert bar.count() == 1
    assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == ORANGE
    assert tab.violations() == []
    assert_headers_on_every_response(tab, portal.policy)


def test_print_button_prints_under_the_policy(server: str, tab: WatchedTab):
    tab.open(server + CONG_VAN)
    tab.page.get_by_role("button", name="In văn bản").click()
    for _ in range(100):  # printed once the print font has loaded (polled: the policy forbids eval)
        if tab.page.evaluate("window.__loaPrinted"):
            break
        tab.page.wait_for_timeout(50)
    assert tab.page.evaluate("window.__loaPrinted") == 1
    assert tab.page.evaluate("window.__loaPrintFontReady"), "printed before the print serif had loaded"
    assert tab.violations() == []


def test_search_runs_without_a_csp_violation(server: str, portal: Portal, tab: WatchedTab):
    tab.open(server + LISTING)
    found = _search(tab, "bình đẳng giới")
    assert server + CONG_VAN in found
    tab.page.wait_for_load_state("networkidle")
    fetched = [r.url for r in tab.responses]
    assert any(u.endswith("assets/search/index.json") for u in fetched), "the search did not fetch its index"
    assert any("/assets/search/s-" in u for u in fetched), "the search did not fetch a part of its index"
    assert not any("/workers/search." in u for u in fetched), "Material's search worker started"
    assert tab.violations() == []
    assert_headers_on_every_response(tab, portal.policy)


def test_the_watch_sees_what_a_stricter_policy_blocks(nginx: str, portal: Portal, tab: WatchedTab, tmp_path: Path):
    """The listener is live: without the hashes, Material's inline scripts are reported."""
    stricter = tmp_path / "strict.conf"
    text = portal.include.read_text(encoding="utf-8")
    stricter.write_text(text.replace(" ".join(csp_directives(portal.policy)["script-src"]), "'self'"), "utf-8")
    with preview(portal, tmp_path / "run", include=stricter) as running:
        tab.open(running.url + CONG_VAN)
        violations = tab.violations()
    assert any(v.startswith("script-src") for v in violations), violations


def test_repository_mkdocs_yml_loads_the_print_script():
    """The print button's script is a file of the theme, listed in mkdocs.yml."""
    assert (REPO_ROOT / "overrides" / "assets" / "javascripts" / "loa.js").is_file()
    assert "assets/javascripts/loa.js" in (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
