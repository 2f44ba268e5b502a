"""The demo portal in a real browser: Debian's Chromium driven by Playwright, the site served
from 127.0.0.1 by the standard library. What a reader sees, what is printed, a phone screen,
every network request, and axe-core's accessibility rules."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ARTIFACTS

pytestmark = pytest.mark.browser

NEWS_INDEX = "tin-tuc/"
CONG_VAN = "tin-tuc/2021/huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021/"
CONG_VAN_TITLE = "Hưởng ứng Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới năm 2021"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# --------------------------------------------------------------------------- serving and driving


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site; a missing page gets the site's 404.html, as a web server is set up to."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard signature
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """A built site on http://127.0.0.1:<free port>/, served from a background thread."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SiteHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def server(demo_site: Path) -> Iterator[str]:
    """The demo build, served."""
    with serve(demo_site) as url:
        yield url


@dataclass
class Tab:
    """A page in a fresh browser context, with every request it made."""

    page: object
    requests: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None
        self.page.wait_for_load_state("networkidle")

    def foreign_requests(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (data: and blob: URLs never touch the network)."""
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:", "about:")) and urlsplit(url).hostname != "127.0.0.1"
        ]


def _tab(browser, viewport: dict, **options) -> Iterator[Tab]:
    context = browser.new_context(viewport=viewport, locale="vi-VN", service_workers="block", **options)
    tab = Tab(context.new_page())
    context.on("request", lambda request: tab.requests.append(request.url))
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    yield from _tab(browser, DESKTOP)


@pytest.fixture
def phone(browser) -> Iterator[Tab]:
    yield from _tab(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def screenshot(tab: Tab, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    tab.page.screenshot(path=str(path), full_page=True)
    return path


def newest_title(demo_site: Path) -> str:
    data = json.loads((demo_site / "tin-tuc" / "van-ban.json").read_text(encoding="utf-8"))
    return data["announcements"][0]["title"]


# --------------------------------------------------------------------------- a reader


def test_reader_goes_from_the_news_index_to_the_cong_van(server: str, tab: Tab, demo_site: Path):
    page = tab.page
    tab.open(server + NEWS_INDEX)

    heading = page.locator("h1")
    assert heading.count() == 1 and heading.is_visible()
    assert heading.inner_text().strip() == "Tin tức - Văn bản"
    first = page.locator("li.loa-item").first
    link = first.locator(".loa-item__title a")
    assert link.is_visible()
    assert link.inner_text().strip() == newest_title(demo_site)
    assert link.get_attribute("href")
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", first.locator("time").inner_text().strip())
    pagination = page.get_by_role("navigation", name="Phân trang")
    assert pagination.is_visible()
    assert pagination.get_by_role("link", name="Trang 2").is_visible()
    screenshot(tab, "news-index.png")

    pagination.get_by_role("link", name="Trang 2").click()
    page.wait_for_url("**/tin-tuc/trang/2/")
    page.get_by_role("link", name=CONG_VAN_TITLE, exact=True).click()
    page.wait_for_url(f"**/{CONG_VAN}")
    page.wait_for_load_state("networkidle")

    for line in (
        "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
        "SỞ TÀI CHÍNH TỈNH SÓC TRĂNG",
        "Số: 2768/STC-VP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 11 tháng 11 năm 2021",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Quốc Sở",
    ):
        assert page.get_by_text(line, exact=True).is_visible(), f"{line!r} is not visible"
    subject = page.get_by_role("heading", level=1)
    assert subject.inner_text().strip().startswith("V/v hưởng ứng Tháng hành động")
    assert page.get_by_role("button", name="In văn bản").is_visible()
    # The bundled font is the one in use, served by the site itself.
    assert page.evaluate(
        """async () => { await document.fonts.ready;
           return [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Be Vietnam Pro'
                                               && f.status === 'loaded'); }"""
    )
    screenshot(tab, "announcement-cong-van.png")
    assert tab.foreign_requests() == []


def test_no_request_leaves_the_machine(server: str, tab: Tab):
    for url in ("", NEWS_INDEX, "tin-tuc/trang/2/", CONG_VAN, "tin-tuc/loai/cong-van/", "tin-tuc/2021/khong-co/"):
        tab.open(server + url)
    # Search loads its index on first use.
    _search(tab, "ngân sách")
    tab.page.wait_for_load_state("networkidle")
    assert any(u.endswith("assets/search/index.json") for u in tab.requests), "search was not exercised"
    assert tab.foreign_requests() == [], "requests to other hosts:\n" + "\n".join(tab.foreign_requests())


def _search(tab: Tab, query: str) -> set[str]:
    """Type a query into the header's search box as a reader does; the pages of the results."""
    search = tab.page.locator("input.md-search__input")
    search.click()
    search.fill("")
    search.press_sequentially(query, delay=20)  # key by key, as a reader types
    tab.page.locator(".md-search-result__item").first.wait_for()
    tab.page.wait_for_timeout(300)  # results are replaced as the query is typed: let them settle
    hrefs = tab.page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    return {re.split(r"[?#]", href)[0] for href in hrefs}


def test_search_finds_announcements_with_and_without_diacritics(server: str, tab: Tab):
    tab.open(server + NEWS_INDEX)
    with_marks = _search(tab, "bình đẳng giới")
    without = _search(tab, "binh dang gioi")
    assert server + CONG_VAN in with_marks
    assert server + CONG_VAN in without
    by_number = _search(tab, "2768/STC-VP")
    assert server + CONG_VAN in by_number
    assert tab.foreign_requests() == []


# --------------------------------------------------------------------------- print and phone


def test_print_shows_the_document_without_the_site(server: str, tab: Tab):
    page = tab.page
    tab.open(server + CONG_VAN)
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.get_by_role("button", name="In văn bản").is_visible()
    assert page.locator(".loa-doc__signature").is_visible()
    assert page.get_by_text("Trần Quốc Sở", exact=True).is_visible()
    assert page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", exact=True).is_visible()
    screenshot(tab, "announcement-print.png")
    page.emulate_media(media="screen")


@pytest.mark.parametrize(
    ("url", "name"),
    [(CONG_VAN, "phone-announcement.png"), (NEWS_INDEX, "phone-news-index.png")],
    ids=["announcement", "news-index"],
)
def test_phone_shows_the_page_without_horizontal_scrolling(server: str, phone: Tab, url: str, name: str):
    page = phone.page
    phone.open(server + url)
    if url == CONG_VAN:
        assert page.locator(".loa-doc__header").is_visible()
        assert page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", exact=True).is_visible()
        assert page.locator(".loa-doc__body").is_visible()
    else:
        assert page.locator("li.loa-item").first.is_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px window"
    screenshot(phone, name)
    assert phone.foreign_requests() == []


# --------------------------------------------------------------------------- accessibility

AXE_PAGES = {
    "home": "",
    "news-index": NEWS_INDEX,
    "news-page-2": "tin-tuc/trang/2/",
    "cong-van": CONG_VAN,
    "news-story": "tin-tuc/2021/so-tai-chinh-treo-bang-ron-huong-ung-thang-hanh-dong-2021/",
}


def serious_violations(axe, page) -> list[dict]:
    """axe-core's violations of impact serious or critical on the page as it is now."""
    violations = axe.run(page).response["violations"]
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


def _describe(violation: dict) -> str:
    nodes = violation["nodes"]
    targets = [node["target"] for node in nodes[:3]]
    summary = " ".join((nodes[0].get("failureSummary") or "").split()) if nodes else ""
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']}; "
        f"{len(nodes)} node(s), first {targets}; {summary}"
    )


@pytest.fixture(scope="module")
def axe_violations(browser, server: str) -> dict[str, list[dict]]:
    """Serious and critical axe-core violations of each page of AXE_PAGES."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", service_workers="block")
    try:
        tab = Tab(context.new_page())
        for name, url in AXE_PAGES.items():
            tab.open(server + url)
            found[name] = serious_violations(axe, tab.page)
    finally:
        context.close()
    return found


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_no_serious_or_critical_violation(axe_violations: dict[str, list[dict]], name: str):
    violations = axe_violations[name]
    assert not violations, f"axe-core on /{AXE_PAGES[name]}:\n" + "\n".join(_describe(v) for v in violations)
