"""The demo portal, built once (conftest.demo_site), checked as a reader, a crawler and a feed
reader would see it. Expected values come from the demo's own source files and from
CONTENT-MODEL.md, never from Loa's code, so a wrong rule in the code cannot agree with itself."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import math
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest
import yaml
from conftest import (
    DEMO_POSTS,
    REPO_ROOT,
    Element,
    link_target,
    meta_content,
    page_url_of,
    parse_html,
    read_page,
    resolve_href,
    search_records,
    url_to_file,
)

# --------------------------------------------------------------------------- the demo's sources

CONFIG = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL = CONFIG["site_url"].rstrip("/") + "/"
SITE_HOST = urlsplit(SITE_URL).hostname
AGENCY = CONFIG["extra"]["agency"]
PAGE_SIZE = next(p["loa"] for p in CONFIG["plugins"] if isinstance(p, dict) and "loa" in p)["page_size"]

# CONTENT-MODEL.md, section 2: what a reader sees for each type code.
TYPE_NAMES = {
    "cong-van": "Công văn",
    "thong-bao": "Thông báo",
    "ke-hoach": "Kế hoạch",
    "quyet-dinh": "Quyết định",
    "chi-thi": "Chỉ thị",
    "huong-dan": "Hướng dẫn",
    "bao-cao": "Báo cáo",
    "to-trinh": "Tờ trình",
    "giay-moi": "Giấy mời",
    "tin-tuc": "Tin tức",
}

CONG_VAN_URL = "tin-tuc/2021/huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021/"
KE_HOACH_URL = "tin-tuc/2021/ke-hoach-trien-khai-thang-hanh-dong-vi-binh-dang-gioi-2021/"
QUYET_DINH_URL = "tin-tuc/2022/quy-che-quan-ly-su-dung-tai-san-cong/"
STORY_URL = "tin-tuc/2021/so-tai-chinh-treo-bang-ron-huong-ung-thang-hanh-dong-2021/"
FEBRUARY_URL = "tin-tuc/2022/bao-dam-kinh-phi-phong-chong-covid-19-dip-tet-nham-dan/"
DRAFT_FILE = DEMO_POSTS / "2024" / "du-thao-to-trinh-mua-sam-tai-san-2024.md"


class Source:
    """One announcement file of the demo, read with plain YAML."""

    def __init__(self, path: Path):
        text = path.read_text(encoding="utf-8")
        match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
        assert match, f"{path} has no front matter"
        self.path = path
        self.meta: dict = yaml.safe_load(match.group(1))
        self.body: str = match.group(2)
        self.slug = path.stem  # the demo's file names are already ASCII slugs
        self.date: dt.date = self.meta["date"]
        self.url = f"tin-tuc/{self.date.year}/{self.slug}/"
        self.type = self.meta["type"]
        self.number: str | None = self.meta.get("number")
        self.title: str = self.meta["title"]
        self.tags: list[str] = self.meta.get("tags") or []

    @property
    def issuer(self) -> str:
        return self.meta.get("issuer") or AGENCY["name"]

    def __repr__(self) -> str:
        return self.slug


ALL_SOURCES = [Source(p) for p in sorted(DEMO_POSTS.rglob("*.md"))]
PUBLISHED = [s for s in ALL_SOURCES if not s.meta.get("draft")]
BY_NUMBER = {s.number: s for s in PUBLISHED if s.number}
DRAFT = Source(DRAFT_FILE)


def _tag_slug(name: str) -> str:
    # CONTENT-MODEL.md: Vietnamese names become ASCII slugs; the demo's tags only need this much.
    import unicodedata

    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def expected_issue_date(source: Source) -> str:
    """Nghị định 30/2020/NĐ-CP: days below 10 and months 1 and 2 take a leading zero."""
    d = source.date
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{source.meta.get('place') or AGENCY['place']}, ngày {d.day:02d} tháng {month} năm {d.year}"


def short_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def plain_markdown(text: str) -> str:
    """The reader's text of a simple Markdown paragraph: escapes and emphasis marks removed."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"(\*\*|\*|__)", "", text)
    return " ".join(text.split())


def dl_facts(article: Element) -> dict[str, Element]:
    """The "Thông tin văn bản" list as {dt text: dd element}."""
    facts: dict[str, Element] = {}
    term = None
    for child in article.select_one(".loa-doc__facts dl").children:
        if isinstance(child, Element) and child.tag == "dt":
            term = child.text()
        elif isinstance(child, Element) and child.tag == "dd" and term is not None:
            facts[term] = child
    return facts


# --------------------------------------------------------------------------- listing helpers


def listing_items(site: Path, base_url: str) -> list[tuple[str, Element]]:
    """Every item of a listing over all its pages: (page URL, <li> element), in order."""
    items = []
    url = base_url
    seen = set()
    while url and url not in seen:
        seen.add(url)
        document = read_page(site, url)
        items += [(url, li) for li in document.select("ol.loa-list > li.loa-item")]
        following = document.first("nav.loa-pagination a[rel=next]")
        url = resolve_href(url, following.get("href")) if following is not None else None
    return items


def item_url(page_url: str, li: Element) -> str:
    return resolve_href(page_url, li.select_one(".loa-item__title a").get("href"))


@pytest.fixture(scope="module")
def news_order(demo_site: Path) -> list[str]:
    """Announcement URLs as the news index lists them, over all its pages."""
    return [item_url(page, li) for page, li in listing_items(demo_site, "tin-tuc/")]


# =========================================================================== the news index


def test_news_index_lists_every_published_announcement_newest_first(demo_site: Path, news_order: list[str]):
    expected = sorted(PUBLISHED, key=lambda s: s.date, reverse=True)
    assert sorted(news_order) == sorted(s.url for s in PUBLISHED)
    dates = [next(s.date for s in PUBLISHED if s.url == url) for url in news_order]
    assert dates == sorted(dates, reverse=True), "the news index is not newest first"
    assert news_order[0] == expected[0].url
    first_page = read_page(demo_site, "tin-tuc/").select("ol.loa-list > li.loa-item")
    assert len(first_page) == PAGE_SIZE


def test_news_index_items_show_type_number_date_issuer_title_summary(demo_site: Path):
    items = listing_items(demo_site, "tin-tuc/")
    assert items
    for page_url, li in items:
        url = item_url(page_url, li)
        source = next(s for s in PUBLISHED if s.url == url)
        where = f"listing item {source.slug} on /{page_url}"
        assert li.select_one(".loa-item__type").text() == TYPE_NAMES[source.type], where
        number = li.first(".loa-item__number")
        if source.number:
            assert number is not None and number.text() == f"Số {source.number}", where
        else:
            assert number is None, where
        time = li.select_one("time")
        assert time.text() == short_date(source.date), where
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", time.text()), where
        assert time.get("datetime") == source.date.isoformat(), where
        byline = source.meta.get("author") if source.type == "tin-tuc" and source.meta.get("author") else source.issuer
        assert li.select_one(".loa-item__issuer").text() == byline, where
        assert li.select_one(".loa-item__title").text() == source.title, where
        summary = li.select_one(".loa-item__summary").text()
        assert summary, where
        if source.meta.get("summary"):
            assert summary == source.meta["summary"], where
        else:
            # Drawn from the body: it must be the start of a paragraph of the page itself, and
            # never the addressee line of a công văn ("Kính gửi: ...").
            assert not summary.startswith("Kính gửi"), where
            page = read_page(demo_site, url)
            paragraphs = [p.text() for p in page.select(".loa-doc__body p")]
            assert any(p.startswith(summary.rstrip("…")) for p in paragraphs), where


def test_news_index_paginates(demo_site: Path):
    pages = math.ceil(len(PUBLISHED) / PAGE_SIZE)
    assert pages >= 2, "the demo should have at least two listing pages"
    first = read_page(demo_site, "tin-tuc/")
    pagination = first.select_one("nav.loa-pagination")
    links = {a.text(): resolve_href("tin-tuc/", a.get("href")) for a in pagination.select("ol a")}
    assert links["2"] == "tin-tuc/trang/2/"
    assert pagination.select_one("[aria-current=page]").text() == "1"
    assert url_to_file(demo_site, f"tin-tuc/trang/{pages}/").is_file()
    assert not url_to_file(demo_site, f"tin-tuc/trang/{pages + 1}/").exists()
    assert not url_to_file(demo_site, "tin-tuc/trang/1/").exists(), "page 1 lives at /tin-tuc/ only"
    last = read_page(demo_site, f"tin-tuc/trang/{pages}/")
    assert len(last.select("ol.loa-list > li.loa-item")) == len(PUBLISHED) - (pages - 1) * PAGE_SIZE
    back = last.select_one("nav.loa-pagination a[rel=prev]")
    assert resolve_href(f"tin-tuc/trang/{pages}/", back.get("href")) == (
        "tin-tuc/" if pages == 2 else f"tin-tuc/trang/{pages - 1}/"
    )


def _listings() -> list[tuple[str, str, set[str]]]:
    """(heading text, URL, expected announcement URLs) of every per-type, per-year, per-tag listing."""
    listings = []
    for code in sorted({s.type for s in PUBLISHED}):
        listings.append((TYPE_NAMES[code], f"tin-tuc/loai/{code}/", {s.url for s in PUBLISHED if s.type == code}))
    for year in sorted({s.date.year for s in PUBLISHED}):
        listings.append((f"Năm {year}", f"tin-tuc/{year}/", {s.url for s in PUBLISHED if s.date.year == year}))
    for tag in sorted({t for s in PUBLISHED for t in s.tags}):
        expected = {s.url for s in PUBLISHED if tag in s.tags}
        listings.append((f"Chủ đề: {tag}", f"tin-tuc/chu-de/{_tag_slug(tag)}/", expected))
    return listings


@pytest.mark.parametrize(("heading", "url", "expected"), _listings(), ids=[x[1] for x in _listings()])
def test_listing_per_type_year_and_tag(demo_site: Path, heading: str, url: str, expected: set[str]):
    document = read_page(demo_site, url)
    assert document.select_one("h1").text() == heading
    items = listing_items(demo_site, url)
    urls = [item_url(page, li) for page, li in items]
    assert set(urls) == expected and len(urls) == len(expected)
    dates = [li.select_one("time").get("datetime") for _, li in items]
    assert dates == sorted(dates, reverse=True)
    # The index offers this listing among its filters.
    index = read_page(demo_site, "tin-tuc/")
    offered = {resolve_href("tin-tuc/", a.get("href")) for a in index.select("nav.loa-filters a")}
    assert url in offered


# =========================================================================== the công văn


@pytest.fixture(scope="module")
def cong_van(demo_site: Path) -> Element:
    return read_page(demo_site, CONG_VAN_URL).select_one("article.loa-doc")


def test_cong_van_official_header(cong_van: Element):
    header = cong_van.select_one("header")
    lines = [p.text() for p in header.select("p, h1")]
    expected_in_order = [
        "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
        "SỞ TÀI CHÍNH TỈNH SÓC TRĂNG",
        "Số: 2768/STC-VP",
        "V/v hưởng ứng Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới năm 2021",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 11 tháng 11 năm 2021",
    ]
    assert lines == expected_in_order
    # The V/v subject is the page's one and only h1.
    page = cong_van
    while page.parent is not None:
        page = page.parent
    assert [h.text() for h in page.select("h1")] == [expected_in_order[3]]


def test_cong_van_signature_and_recipients(cong_van: Element):
    signature = [p.text() for p in cong_van.select_one(".loa-doc__signature").select("p")]
    assert [line for line in signature if line != "(Đã ký)"] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Quốc Sở"]
    recipients = cong_van.select_one(".loa-doc__recipients")
    assert "Nơi nhận:" in recipients.text()
    lines = [li.text() for li in recipients.select("li")]
    assert lines == ["- Như trên;", "- Ban Giám đốc;", "- Công TTĐT Sở;", "- Lưu: VP."]


def _size_in_bytes(text: str) -> float:
    match = re.search(r"(\d+(?:,\d+)?)\s*(byte|KB|MB)", text)
    assert match, f"no file size in {text!r}"
    value = float(match.group(1).replace(",", "."))
    return value * {"byte": 1, "KB": 1024, "MB": 1024 * 1024}[match.group(2)]


def test_cong_van_attachments_download(demo_site: Path, cong_van: Element):
    source = next(s for s in PUBLISHED if s.url == CONG_VAN_URL)
    items = cong_van.select(".loa-doc__attachments li")
    assert len(items) == len(source.meta["attachments"]) == 2
    for li, attachment in zip(items, source.meta["attachments"], strict=True):
        link = li.select_one("a")
        assert link.text() == attachment["title"]
        assert "download" in link.attrs
        target = link_target(demo_site, CONG_VAN_URL, link.get("href"))
        original = source.path.parent / attachment["file"]
        assert target.is_file(), f"download link {link.get('href')} points to nothing"
        assert target.read_bytes() == original.read_bytes()
        info = li.text()[len(link.text()) :]
        assert "PDF" in info
        size = original.stat().st_size
        assert abs(_size_in_bytes(info) - size) <= max(0.1 * size, 1), info


def test_cong_van_reference_links_to_the_published_plan(demo_site: Path, cong_van: Element):
    references = cong_van.select(".loa-doc__references li")
    assert len(references) == 1
    link = references[0].select_one("a")
    assert "57/KH-SLĐTBXH" in link.text()
    assert resolve_href(CONG_VAN_URL, link.get("href")) == KE_HOACH_URL
    plan = read_page(demo_site, KE_HOACH_URL)
    assert plan.select_one(".loa-doc__number").text() == "Số: 57/KH-SLĐTBXH"


@pytest.mark.parametrize(
    ("url", "number"),
    [(KE_HOACH_URL, "3496/LĐTBXH-BĐG"), (QUYET_DINH_URL, "151/2017/NĐ-CP")],
    ids=["ke-hoach", "quyet-dinh"],
)
def test_reference_not_on_the_site_is_shown_unlinked(demo_site: Path, url: str, number: str):
    assert number not in BY_NUMBER
    references = read_page(demo_site, url).select(".loa-doc__references li")
    item = next(li for li in references if number in li.text())
    assert item.select("a") == []


def test_every_reference_links_exactly_when_the_document_is_published(demo_site: Path):
    for source in PUBLISHED:
        numbers = source.meta.get("references") or []
        if not numbers:
            continue
        items = read_page(demo_site, source.url).select(".loa-doc__references li")
        assert len(items) == len(numbers), source
        for li, number in zip(items, numbers, strict=True):
            assert number in li.text(), source
            links = li.select("a")
            if number in BY_NUMBER:
                assert links, f"{source}: {number} is published but not linked"
                assert resolve_href(source.url, links[0].get("href")) == BY_NUMBER[number].url
            else:
                assert not links, f"{source}: {number} is not on the site but is linked"


def test_cong_van_neighbours_print_button_and_body(demo_site: Path, cong_van: Element):
    neighbours = cong_van.select("nav.loa-doc__neighbours a")
    assert neighbours
    for link in neighbours:
        assert link_target(demo_site, CONG_VAN_URL, link.get("href")).is_file()
    button = cong_van.select_one("button")
    assert button.text() == "In văn bản"
    # It prints through the theme's script (an inline onclick would be blocked by the CSP).
    assert "loa-print" in button.classes and button.get("onclick") is None
    page = read_page(demo_site, CONG_VAN_URL)
    scripts = [link_target(demo_site, CONG_VAN_URL, s.get("src")) for s in page.select("script[src]")]
    assert any(s.name == "loa.js" and "window.print()" in s.read_text(encoding="utf-8") for s in scripts), scripts
    body = cong_van.select_one(".loa-doc__body").text()
    assert "tăng cường quyền năng" in body
    # Every paragraph of the source reaches the page word for word.
    source = next(s for s in PUBLISHED if s.url == CONG_VAN_URL)
    for paragraph in re.split(r"\n\s*\n", source.body.strip()):
        assert plain_markdown(paragraph) in body, paragraph[:80]


def test_neighbour_links_follow_the_news_order(demo_site: Path, news_order: list[str]):
    for index, url in enumerate(news_order):
        document = read_page(demo_site, url)
        newer = document.first("nav.loa-doc__neighbours a[rel=prev]")
        older = document.first("nav.loa-doc__neighbours a[rel=next]")
        expected_newer = news_order[index - 1] if index > 0 else None
        expected_older = news_order[index + 1] if index + 1 < len(news_order) else None
        assert (resolve_href(url, newer.get("href")) if newer else None) == expected_newer, url
        assert (resolve_href(url, older.get("href")) if older else None) == expected_older, url


# =========================================================================== other documents


@pytest.mark.parametrize("source", [s for s in PUBLISHED if s.meta.get("effective")], ids=repr)
def test_effective_date_is_shown(demo_site: Path, source: Source):
    facts = dl_facts(read_page(demo_site, source.url).select_one("article.loa-doc"))
    assert "Ngày hiệu lực" in facts
    time = facts["Ngày hiệu lực"].select_one("time")
    assert time.text() == short_date(source.meta["effective"])
    assert time.get("datetime") == source.meta["effective"].isoformat()


def test_quyet_dinh_shows_its_effective_date(demo_site: Path):
    facts = dl_facts(read_page(demo_site, QUYET_DINH_URL).select_one("article.loa-doc"))
    assert facts["Ngày hiệu lực"].text() == "08/03/2022"


@pytest.mark.parametrize("source", [s for s in PUBLISHED if s.type != "tin-tuc"], ids=repr)
def test_place_and_date_line_follows_decree_30(demo_site: Path, source: Source):
    line = read_page(demo_site, source.url).select_one(".loa-doc__place-date").text()
    assert line == expected_issue_date(source)


def test_february_and_early_days_take_a_leading_zero(demo_site: Path):
    line = read_page(demo_site, FEBRUARY_URL).select_one(".loa-doc__place-date").text()
    assert line == "Sóc Trăng, ngày 05 tháng 02 năm 2022"
    assert "tháng 02" in line
    # From March on, no leading zero on the month.
    assert "ngày 08 tháng 3 năm 2022" in read_page(demo_site, QUYET_DINH_URL).text()


def test_news_story_has_byline_and_no_official_parts(demo_site: Path):
    article = read_page(demo_site, STORY_URL).select_one("article.loa-doc")
    byline = article.select_one(".loa-story__byline").text()
    assert "Xuân Phương" in byline and "16/11/2021" in byline
    text = article.text()
    for official in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nơi nhận", "(Đã ký)", "Số:"):
        assert official not in text
    assert article.select(".loa-doc__signature, .loa-doc__closing, .loa-doc__recipients") == []


def test_every_official_document_has_signature_and_recipients(demo_site: Path):
    for source in PUBLISHED:
        if source.type == "tin-tuc":
            continue
        article = read_page(demo_site, source.url).select_one("article.loa-doc")
        signer = source.meta["signer"]
        signature = [p.text() for p in article.select_one(".loa-doc__signature").select("p")]
        expected = [signer["title"].upper(), signer["name"]]
        if signer.get("authority"):
            expected.insert(0, signer["authority"].upper())
        assert [line for line in signature if line != "(Đã ký)"] == expected, source
        lines = [li.text() for li in article.select(".loa-doc__recipients li")]
        assert len(lines) == len(source.meta["recipients"]), source
        assert all(line.startswith("- ") for line in lines), source
        assert all(line.endswith(";") for line in lines[:-1]) and lines[-1].endswith("."), source


# =========================================================================== every page


def _html_files(site: Path) -> list[Path]:
    files = sorted(site.rglob("*.html"))
    assert files
    return files


def test_every_page_is_vietnamese_with_description_and_open_graph(demo_site: Path):
    problems = []
    for file in _html_files(demo_site):
        text = file.read_text(encoding="utf-8")
        name = file.relative_to(demo_site).as_posix()
        document = parse_html(text)
        if not re.search(r"<html\s[^>]*lang=\"vi\"", text):
            problems.append(f'{name}: no <html lang="vi"')
        for key in ("description", "og:title", "og:description", "og:type"):
            if not (meta_content(document, key) or "").strip():
                problems.append(f"{name}: no {key}")
        if name == "404.html":
            continue  # served for any missing address: it has no URL of its own to announce
        og_url = meta_content(document, "og:url")
        expected = SITE_URL + page_url_of(demo_site, file)
        if og_url != expected:
            problems.append(f"{name}: og:url {og_url!r}, expected {expected!r}")
        canonical = document.first("link[rel=canonical]")
        if canonical is None or canonical.get("href") != expected:
            problems.append(f"{name}: canonical link is not {expected!r}")
    assert not problems, "\n".join(problems)


def test_announcement_pages_are_articles_with_their_own_title(demo_site: Path):
    for source in PUBLISHED:
        document = read_page(demo_site, source.url)
        assert meta_content(document, "og:type") == "article", source
        og_title = meta_content(document, "og:title") or ""
        assert source.title in og_title, source
        if source.number:
            assert source.number in og_title, source
        assert source.title in document.select_one("title").text(), source


def test_no_broken_internal_link(demo_site: Path):
    """Every relative src/href of every page, and every absolute one on the site's own host,
    points to a file of the built site."""
    broken = []
    for file in _html_files(demo_site):
        page_url = page_url_of(demo_site, file)
        for element in parse_html(file.read_text(encoding="utf-8")).iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if not value or value.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
                    continue
                parts = urlsplit(value)
                if parts.scheme in ("http", "https"):
                    if parts.hostname != SITE_HOST:
                        continue  # another host: test_no_third_party_host decides
                    target = url_to_file(demo_site, parts.path)
                else:
                    target = link_target(demo_site, page_url, value.split("#")[0])
                if not target.exists():
                    broken.append(f"{page_url or '/'}: {attribute}={value}")
    assert not broken, "\n".join(broken)


# =========================================================================== no third party

# Absolute URLs in HTML and CSS are all checked: every src, href, srcset, poster, data, action of
# every element, the content of <meta> tags that carry a URL (og:url, og:image...), url() and
# @import in stylesheets and in style attributes and <style> blocks. <script src> and <link href>
# are part of that. xmlns attributes are namespace names, never fetched, and are left out.
#
# JavaScript is not scanned for every URL: Material's bundle and the lunr language files hold many
# URLs in licence comments and error messages that nothing ever requests. Instead the check looks
# for the patterns that do load something: a string literal URL passed straight to a call
# (loadScript("https://..."), fetch("https://..."), import("https://...")) or assigned as src/href,
# and template-literal URLs (`https://host/${...}`), which in minified code are built endpoints.
# Material has four such conditional loaders; they are listed below with the condition that
# triggers them, and test_material_conditional_loaders_never_trigger guards those conditions.
# The browser test (test_browser.py) records every request a real page makes, which covers what
# static scanning can miss.
MATERIAL_CONDITIONAL_LOADERS = {
    # loaded only when a page holds a Mermaid diagram (class="mermaid")
    "https://unpkg.com/mermaid@",
    # loaded only by browsers without ResizeObserver (none of those Material supports)
    "https://unpkg.com/resize-observer-polyfill",
    # repository facts in the header, only with repo_url set in mkdocs.yml (GitHub / GitLab)
    "https://api.github.com/",
    "https://${",
}
_URL_ATTRIBUTES = ("src", "href", "srcset", "poster", "data", "action", "formaction", "background")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_JS_LOADING = re.compile(
    r"""(?:[A-Za-z_$][\w$]*\s*\(\s*|\b(?:src|href|action)\s*=\s*)(["'])((?:https?:)?//[^"'\s]+)\1"""
    r"""|`((?:https?:)?//[^`\s]*)`"""
)


def _is_foreign(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.hostname != SITE_HOST


def _css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css)]


def test_no_third_party_host(demo_site: Path):
    found = []
    for file in sorted(demo_site.rglob("*")):
        name = file.relative_to(demo_site).as_posix()
        if file.suffix == ".html":
            document = parse_html(file.read_text(encoding="utf-8"))
            for element in document.iter():
                urls = []
                for attribute in _URL_ATTRIBUTES:
                    value = element.get(attribute)
                    if value:
                        urls += [part.split()[0] for part in value.split(",")] if attribute == "srcset" else [value]
                if element.tag == "meta" and (element.get("content") or "").startswith(("http:", "https:", "//")):
                    urls.append(element.get("content"))
                if element.get("style"):
                    urls += _css_urls(element.get("style"))
                if element.tag == "style":
                    urls += _css_urls(element.raw_text())
                found += [f"{name}: <{element.tag}> {url}" for url in urls if _is_foreign(url)]
        elif file.suffix == ".css":
            found += [f"{name}: {url}" for url in _css_urls(file.read_text(encoding="utf-8")) if _is_foreign(url)]
        elif file.suffix == ".js":
            text = file.read_text(encoding="utf-8", errors="replace")
            for match in _JS_LOADING.finditer(text):
                url = match.group(2) or match.group(3)
                if _is_foreign(url.replace("${", "x")) and not url.startswith(tuple(MATERIAL_CONDITIONAL_LOADERS)):
                    found.append(f"{name}: {url}")
    assert not found, "third-party URLs:\n" + "\n".join(found)


def test_material_conditional_loaders_never_trigger(demo_site: Path):
    assert not CONFIG.get("repo_url"), "repo_url makes Material fetch repository facts from GitHub/GitLab"
    for file in _html_files(demo_site):
        document = parse_html(file.read_text(encoding="utf-8"))
        name = file.relative_to(demo_site).as_posix()
        assert document.select(".mermaid") == [], f"{name}: a Mermaid diagram loads mermaid from unpkg.com"
        assert document.select("[data-md-component=source]") == [], f"{name}: the repository widget calls an API"


def test_no_google_fonts(demo_site: Path):
    for file in demo_site.rglob("*"):
        if file.suffix in (".html", ".css", ".js", ".json", ".xml"):
            text = file.read_text(encoding="utf-8", errors="replace")
            assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, file


def test_fonts_are_served_by_the_site(demo_site: Path):
    assert sorted((demo_site / "assets" / "fonts").glob("*.ttf")), "no .ttf font in assets/fonts/"
    for font in (demo_site / "assets" / "fonts").iterdir():
        assert font.read_bytes() == (REPO_ROOT / "assets" / "fonts" / font.name).read_bytes(), font.name
    faces = []
    for css in demo_site.rglob("*.css"):
        for block in re.findall(r"@font-face\s*\{[^}]*\}", css.read_text(encoding="utf-8")):
            for url in _css_urls(block):
                faces.append(url)
                assert not url.startswith(("http:", "https:", "//")), f"{css.name}: @font-face loads {url}"
                target = (css.parent / url.split("?")[0].split("#")[0]).resolve()
                assert target.is_file(), f"{css.name}: @font-face points to missing {url}"
                assert target.parent == (demo_site / "assets" / "fonts").resolve(), url
    assert faces, "no @font-face in any stylesheet"
    # Every page loads the stylesheet that declares them.
    for file in _html_files(demo_site):
        styles = [
            resolve_href(page_url_of(demo_site, file), link.get("href"))
            for link in parse_html(file.read_text(encoding="utf-8")).select("link[rel=stylesheet]")
        ]
        assert "assets/stylesheets/loa.css" in styles, file


# =========================================================================== feed, data, sitemap, search

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def feed_url(demo_site: Path) -> str:
    """Where the feed is, as a feed reader finds it: the news index's <link rel="alternate">
    (the README puts it at /feed.xml, at the site root)."""
    links = read_page(demo_site, "tin-tuc/").select("link[rel=alternate][type='application/atom+xml']")
    assert len(links) == 1, "the news index should announce exactly one Atom feed"
    url = resolve_href("tin-tuc/", links[0].get("href"))
    assert url_to_file(demo_site, url).is_file(), f"the announced feed /{url} does not exist"
    assert url == "feed.xml", "README.md ('What a build makes') documents the feed at /feed.xml"
    return url


def test_atom_feed(demo_site: Path, news_order: list[str], feed_url: str):
    root = ET.parse(url_to_file(demo_site, feed_url)).getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == min(len(PUBLISHED), 50)
    links = []
    for entry in entries:
        href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert href.startswith(SITE_URL), href
        url = href[len(SITE_URL) :]
        assert url_to_file(demo_site, url).is_file(), href
        assert entry.findtext(f"{ATOM}id") == href
        source = next(s for s in PUBLISHED if s.url == url)
        title = entry.findtext(f"{ATOM}title")
        assert source.title in title and (source.number or "") in title
        assert entry.findtext(f"{ATOM}published").startswith(source.date.isoformat())
        assert entry.findtext(f"{ATOM}summary")
        links.append(url)
    assert links == news_order[: len(links)]
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + feed_url


def test_every_page_links_to_the_same_feed(demo_site: Path, feed_url: str):
    for file in _html_files(demo_site):
        page_url = page_url_of(demo_site, file)
        document = parse_html(file.read_text(encoding="utf-8"))
        links = document.select("link[rel=alternate][type='application/atom+xml']")
        assert [resolve_href(page_url, link.get("href")) for link in links] == [feed_url], page_url
    # The listing's own "subscribe" link goes there too.
    subscribe = [a for a in read_page(demo_site, "tin-tuc/").select("nav.loa-filters a") if "RSS" in a.text()]
    assert [resolve_href("tin-tuc/", a.get("href")) for a in subscribe] == [feed_url]


def test_404_page_feed_link_stays_on_the_site(demo_site: Path, feed_url: str):
    """Regression: 404.html is rendered with base_url "/", and "{{ base_url }}/feed.xml" gave
    "//feed.xml", a link to the host "feed.xml" (Material then fetched http://feed.xml/sitemap.xml)."""
    document = parse_html((demo_site / "404.html").read_text(encoding="utf-8"))
    link = document.select_one("link[rel=alternate][type='application/atom+xml']")
    # 404.html is served for any missing address, at any depth: resolve from a deep one.
    target = urlsplit(urljoin(SITE_URL + "tin-tuc/2021/khong-co/", link.get("href")))
    assert (target.hostname, target.path) == (SITE_HOST, "/" + feed_url)


def test_json_data(demo_site: Path):
    data = json.loads((demo_site / "tin-tuc" / "van-ban.json").read_text(encoding="utf-8"))
    records = data["announcements"]
    assert data["count"] == len(records) == len(PUBLISHED)
    assert len(PUBLISHED) == len([p for p in DEMO_POSTS.rglob("*.md") if p != DRAFT_FILE])
    by_url = {r["url"]: r for r in records}
    for source in PUBLISHED:
        record = by_url[SITE_URL + source.url]
        where = source.slug
        assert record["type"] == source.type, where
        assert record["number"] == source.number, where
        assert record["date"] == source.date.isoformat(), where
        assert record["issuer"] == source.issuer, where
        assert record["title"] == source.title, where
        assert record["tags"] == source.tags, where
        signer = source.meta.get("signer")
        if signer:
            assert record["signer"]["name"] == signer["name"], where
            assert record["signer"]["title"] == signer["title"], where
            assert record["signer"].get("authority") == signer.get("authority"), where
        else:
            assert record["signer"] is None, where
        assert record["recipients"] == source.meta.get("recipients", []), where
        references = source.meta.get("references") or []
        assert [r["number"] for r in record["references"]] == references, where
        for reference in record["references"]:
            target = BY_NUMBER.get(reference["number"])
            assert reference["url"] == (SITE_URL + target.url if target else None), where
        attachments = source.meta.get("attachments") or []
        assert len(record["attachments"]) == len(attachments), where
        for item, attachment in zip(record["attachments"], attachments, strict=True):
            assert item["title"] == attachment["title"], where
            assert item["url"].startswith(SITE_URL), where
            file = url_to_file(demo_site, item["url"][len(SITE_URL) :])
            assert file.is_file(), item["url"]
            assert item["size_bytes"] == (source.path.parent / attachment["file"]).stat().st_size == file.stat().st_size
        effective = source.meta.get("effective")
        assert record["effective"] == (effective.isoformat() if effective else None), where


def _sitemap_urls(demo_site: Path) -> list[str]:
    root = ET.parse(demo_site / "sitemap.xml").getroot()
    return [loc.text.strip() for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_sitemap_lists_announcements_and_listings(demo_site: Path):
    urls = _sitemap_urls(demo_site)
    assert len(urls) == len(set(urls)), "duplicate URLs in the sitemap"
    for url in urls:
        assert url.startswith(SITE_URL), url
        assert url_to_file(demo_site, url[len(SITE_URL) :]).is_file(), url
    listed = {u[len(SITE_URL) :] for u in urls}
    for source in PUBLISHED:
        assert source.url in listed, source
    listings = {url for _, url, _ in _listings()} | {"tin-tuc/"}
    listings |= {page_url_of(demo_site, f) for f in (demo_site / "tin-tuc").rglob("trang/*/index.html")}
    assert listings - listed == set()
    gz = gzip.decompress((demo_site / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    assert gz == (demo_site / "sitemap.xml").read_text(encoding="utf-8"), "sitemap.xml.gz differs from sitemap.xml"


def test_search_index_has_the_announcements(demo_site: Path):
    records = search_records(demo_site)
    for source in PUBLISHED:
        record = records.get(source.url)
        assert record is not None, f"{source} is not in the search index"
        assert record[4] == source.title, source
        assert record[2] == source.number, source
    assert not (demo_site / "search").exists(), "Material's unused index is still published"


# =========================================================================== the draft


def _site_texts(site: Path):
    """(name, text) of every file of the site, gzip files decompressed, in several decodings."""
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if file.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        yield file.relative_to(site).as_posix(), text


def test_draft_appears_nowhere(demo_site: Path):
    assert DRAFT.meta.get("draft") is True
    assert not url_to_file(demo_site, DRAFT.url).exists()
    needles = [DRAFT.slug, DRAFT.title, "mua sắm tài sản năm 2024"]
    variants = set()
    for needle in needles:
        variants |= {needle, html.escape(needle), json.dumps(needle)[1:-1], needle.lower()}
    hits = []
    for name, text in _site_texts(demo_site):
        haystacks = [text, html.unescape(text), text.lower()]
        for variant in variants:
            if any(variant in haystack for haystack in haystacks):
                hits.append(f"{name}: {variant}")
    assert not hits, "the draft leaked:\n" + "\n".join(hits)
    # Nor is it counted: the tag and type counts on the index leave it out.
    filters = {a.text() for a in read_page(demo_site, "tin-tuc/").select("nav.loa-filters a")}
    count = len([s for s in PUBLISHED if "tài sản công" in s.tags])
    assert f"tài sản công ({count})" in filters
    assert f"Tờ trình ({len([s for s in PUBLISHED if s.type == 'to-trinh'])})" in filters


@pytest.mark.parametrize(
    ("url", "tab"),
    [
        ("", "Trang chủ"),
        ("tin-tuc/", "Tin tức - Văn bản"),
        ("tin-tuc/trang/2/", "Tin tức - Văn bản"),
        ("tin-tuc/2022/", "Tin tức - Văn bản"),
        ("tin-tuc/2021/huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021/", "Tin tức - Văn bản"),
        ("chien-dich/", "Chiến dịch"),
        ("chien-dich/bdg-2021/", "Chiến dịch"),
    ],
)
def test_the_current_section_tab_is_marked(demo_site: Path, url: str, tab: str):
    """Every page, including those Loa renders itself, tells the reader which section they are in."""
    page = (demo_site / url / "index.html").read_text(encoding="utf-8")
    active = re.findall(r'md-tabs__item--active">\s*<a[^>]*>\s*([^<]*?)\s*<', page)
    assert active == [tab]
