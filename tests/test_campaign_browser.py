"""The campaign in a real browser: the demo built inside the campaign (20/11/2021) and served from
127.0.0.1, opened in Debian's Chromium through Playwright (the launch options and the server of
test_browser.py). What a reader sees of the campaign page and of the bar, a phone screen, every
network request, and axe-core on the campaign page, the campaign index and a page with the bar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTIFACTS
from test_browser import DESKTOP, PHONE, Tab, _describe, _tab, screenshot, serious_violations, serve
from test_campaign_pages import build_demo

pytestmark = pytest.mark.browser

CAMPAIGN = "chien-dich/bdg-2021/"
INDEX = "chien-dich/"
NEWS_PAGE = "tin-tuc/2021/huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021/"
ORANGE = "rgb(194, 65, 12)"  # the kit's primary, #C2410C
WHITE = "rgb(255, 255, 255)"  # its on_primary, #FFFFFF


@pytest.fixture(scope="module")
def graphics_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same folder as test_campaign_pages' cache: the demo kit's graphics are drawn once."""
    return tmp_path_factory.getbasetemp() / "loa-banner-cache"


@pytest.fixture(scope="module")
def server(tmp_path_factory, graphics_cache) -> Iterator[str]:
    """The demo built on 20/11/2021, inside the campaign, and served."""
    built = build_demo(tmp_path_factory, "browser-during", "2021-11-20T12:00:00+07:00", graphics_cache)
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def server_after(tmp_path_factory, graphics_cache, server) -> Iterator[str]:
    """The demo built on 01/01/2022, after the campaign, and served."""
    built = build_demo(tmp_path_factory, "browser-after", "2022-01-01T09:00:00+07:00", graphics_cache)
    with serve(built.site) as url:
        yield url


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    yield from _tab(browser, DESKTOP)


@pytest.fixture
def phone(browser) -> Iterator[Tab]:
    yield from _tab(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def style(locator, prop: str) -> str:
    return locator.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')")


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, "the element is not laid out"
    return found


# --------------------------------------------------------------------------- the campaign page


def test_theme_block_is_prominent_in_the_kit_colours(server: str, tab: Tab):
    page = tab.page
    tab.open(server + CAMPAIGN)
    theme = page.locator(".loa-campaign__theme-text")
    assert theme.count() == 1 and theme.is_visible()
    assert style(theme, "background-color") == ORANGE
    assert style(theme.locator("p"), "color") == WHITE
    assert theme.inner_text().strip().startswith("Đảm bảo an sinh xã hội, tăng quyền năng")
    # Prominent: on the first screen, in larger type than the text of the page.
    assert box(theme)["y"] < DESKTOP["height"], "the theme is below the first screen"
    theme_size = float(style(theme.locator("p"), "font-size").removesuffix("px"))
    body_size = float(style(page.locator(".loa-campaign__organizer"), "font-size").removesuffix("px"))
    assert theme_size > body_size
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().strip().startswith("Tháng hành động vì bình đẳng giới")
    logo = page.locator(".loa-campaign__logo")
    assert logo.is_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0"), "the logo did not load"
    # The gallery's pictures load lazily: bring each into view, then every one must have loaded.
    pictures = page.locator(".loa-campaign__gallery img")
    assert pictures.count() > 0
    for index in range(pictures.count()):
        pictures.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.loa-campaign__gallery img')]"
        ".every(img => img.complete && img.naturalWidth > 0)",
        timeout=15_000,
    )
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(tab, "campaign-page.png")
    assert tab.foreign_requests() == [], "requests to other hosts:\n" + "\n".join(tab.foreign_requests())


def test_campaign_page_on_a_phone_without_horizontal_scrolling(server: str, phone: Tab):
    page = phone.page
    phone.open(server + CAMPAIGN)
    assert page.locator(".loa-campaign__theme-text").is_visible()
    assert page.locator(".loa-campaign-bar").is_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px window"
    screenshot(phone, "campaign-phone.png")
    assert phone.foreign_requests() == []


# --------------------------------------------------------------------------- the bar


def test_bar_is_at_the_top_of_a_news_page_and_leads_to_the_campaign(server: str, tab: Tab):
    page = tab.page
    tab.open(server + NEWS_PAGE)
    bar = page.locator(".loa-campaign-bar")
    assert bar.count() == 1 and bar.is_visible()
    bar_box, header_box = box(bar), box(page.locator(".md-header"))
    assert bar_box["y"] <= 1, f"the bar starts {bar_box['y']}px below the top"
    assert bar_box["y"] + bar_box["height"] <= header_box["y"] + 1, "the bar is not above the header"
    assert bar_box["height"] < 60, "the bar is not slim"
    assert style(bar, "background-color") == ORANGE
    assert style(bar, "color") == WHITE
    link = bar.get_by_role("link", name="Tháng hành động vì bình đẳng giới 2021")
    assert link.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "campaign-bar.png"))  # the first screen, the bar on top
    link.click()
    page.wait_for_url(f"**/{CAMPAIGN}")
    page.wait_for_load_state("networkidle")
    assert page.locator(".loa-campaign__theme-text").is_visible()
    assert tab.foreign_requests() == []


def test_no_strip_at_the_top_after_the_campaign(server_after: str, tab: Tab):
    tab.open(server_after + NEWS_PAGE)
    assert tab.page.locator(".loa-campaign-bar").count() == 0
    strips = tab.page.evaluate(
        """() => [...document.querySelectorAll('.md-banner')]
                 .map(e => e.getBoundingClientRect().height).filter(h => h > 0)"""
    )
    assert strips == [], f"a banner strip {strips} px high is drawn with no campaign running"


# --------------------------------------------------------------------------- accessibility

AXE_PAGES = {"campaign": CAMPAIGN, "campaign-index": INDEX, "news-page-with-bar": NEWS_PAGE}


@pytest.fixture(scope="module")
def axe_violations(browser, server: str) -> dict[str, list[dict]]:
    """Serious and critical axe-core violations of each page of AXE_PAGES."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", service_workers="block")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        tab = Tab(context.new_page(), requests)
        for name, url in AXE_PAGES.items():
            tab.open(server + url)
            assert tab.page.locator(".loa-campaign-bar").count() == 1
            found[name] = serious_violations(axe, tab.page)
        assert tab.foreign_requests() == []
    finally:
        context.close()
    return found


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_no_serious_or_critical_violation(axe_violations: dict[str, list[dict]], name: str):
    violations = axe_violations[name]
    assert not violations, f"axe-core on /{AXE_PAGES[name]}:\n" + "\n".join(_describe(v) for v in violations)
