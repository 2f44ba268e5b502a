"""Campaign pages on real builds: the demo built inside the campaign (bar on every page) and after
it (no bar, status "đã kết thúc"), the boundary days and the Vietnam-time edge of the build date,
a project with campaigns running, upcoming and past (the index order, linked and plain
documents, kit downloads; no banner formats, so no gallery), the demo's gallery of rendered
graphics, the drift reports (build, `loa drift` and scripts/check-theme-quotes), and bad kits
failing the build with every error reported together.

Build dates come from SOURCE_DATE_EPOCH, in Vietnam time (UTC+7)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import (
    REPO_ROOT,
    BuildResult,
    Element,
    announcement,
    build_capturing,
    copy_demo,
    create_project,
    link_target,
    page_url_of,
    parse_html,
    read_page,
    url_to_file,
)
from PIL import Image

from loa.campaigns import urls as campaign_urls
from loa.campaigns.stylesheet import campaign_stylesheet, colours_class
from loa.content.campaign import Campaign, CampaignColours
from loa.content.frontmatter import parse_source

DEMO_KIT = REPO_ROOT / "assets" / "campaigns" / "bdg-2021"
CAMPAIGN_URL = "chien-dich/bdg-2021/"
INDEX_URL = "chien-dich/"
CONG_VAN_SOURCE = "docs/tin-tuc/posts/2021/huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021.md"
CONG_VAN_URL = "tin-tuc/2021/huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021/"
KE_HOACH_URL = "tin-tuc/2021/ke-hoach-trien-khai-thang-hanh-dong-vi-binh-dang-gioi-2021/"
NAME = "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2021"
SHORT_NAME = "Tháng hành động vì bình đẳng giới 2021"
THEME = (
    "Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái "
    "nhằm thực hiện bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới"
)
DRIFTED_THEME = THEME.replace("tăng quyền năng", "tăng cường quyền năng")
SLOGANS = [
    "Bình đẳng giới là chìa khóa để chấm dứt bạo lực đối với phụ nữ và trẻ em",
    "Giãn cách xã hội, kết nối yêu thương",
]
STATUSES = ("sắp diễn ra", "đang diễn ra", "đã kết thúc")
SIGNER = "\n  name: Trần Quốc Sở\n  title: Phó Giám đốc\n  authority: KT. Giám đốc"
RECIPIENTS = '\n  - Như trên\n  - "Lưu: VT, VP"'
DRIFT_LINE = re.compile(r"(docs/\S+\.md:\d+: trích dẫn .*)$")


# --------------------------------------------------------------------------- building


def epoch(moment: str) -> str:
    """SOURCE_DATE_EPOCH for an ISO moment with its UTC offset."""
    return str(int(dt.datetime.fromisoformat(moment).timestamp()))


@pytest.fixture(scope="session")
def graphics_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the campaign graphics the builds render (LOA_BANNER_CACHE), so that the
    same kit is drawn once per test session, not once per build."""
    return tmp_path_factory.getbasetemp() / "loa-banner-cache"


def build_env(moment: str, cache: Path) -> dict[str, str]:
    return {"SOURCE_DATE_EPOCH": epoch(moment), "LOA_BANNER_CACHE": str(cache)}


def without_graphics(root: Path) -> None:
    """No banner formats: the build renders no campaign graphics (quick builds, and a campaign
    page with no gallery)."""
    formats = root / "assets" / "banners" / "formats.yml"
    formats.parent.mkdir(parents=True, exist_ok=True)
    formats.write_text("# Không có khổ nào: không tạo ảnh, băng rôn.\n", encoding="utf-8")


def build_demo(tmp_path_factory: pytest.TempPathFactory, name: str, moment: str, cache: Path) -> BuildResult:
    root = copy_demo(tmp_path_factory.mktemp(name) / "project")
    result = build_capturing(root / "mkdocs.yml", root / "site", build_env(moment, cache))
    assert result.code == 0, result.output
    return result


@pytest.fixture(scope="module")
def during(tmp_path_factory, graphics_cache) -> BuildResult:
    """The demo built on 20/11/2021, inside the campaign (15/11 - 15/12/2021)."""
    return build_demo(tmp_path_factory, "during", "2021-11-20T12:00:00+07:00", graphics_cache)


@pytest.fixture(scope="module")
def after(tmp_path_factory, graphics_cache, during) -> BuildResult:
    """The demo built on 01/01/2022, after the campaign (after `during`, whose graphics it reuses)."""
    return build_demo(tmp_path_factory, "after", "2022-01-01T09:00:00+07:00", graphics_cache)


# --------------------------------------------------------------------------- reading the site


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolves_to(site: Path, page_url: str, href: str, target_url: str) -> bool:
    return link_target(site, page_url, href) == url_to_file(site, target_url)


def links(element: Element) -> list[str]:
    return [a.get("href") or "" for a in element.select("a[href]")]


def bars(document: Element) -> list[Element]:
    return document.select(".loa-campaign-bar")


def custom_properties(style: str) -> dict[str, str]:
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"(--[\w-]+)\s*:\s*([^;]+)", style)}


def campaign_colours(site: Path, element: Element) -> dict[str, str]:
    """The custom properties an element gets from its loa-campaign-colours--<id> class, read from
    the stylesheet the build publishes (inline style attributes would break the CSP)."""
    assert element.get("style") is None, f"{element} has an inline style"
    names = [c for c in element.classes if c.startswith(colours_class(""))]
    assert len(names) == 1, f"{element} has no campaign colours class"
    stylesheet = (site / campaign_urls.STYLESHEET).read_text(encoding="utf-8")
    rule = re.search(rf"\.{re.escape(names[0])} \{{([^}}]*)\}}", stylesheet)
    assert rule, f"{campaign_urls.STYLESHEET} has no rule for .{names[0]}"
    return custom_properties(rule.group(1))


def campaign_article(site: Path, url: str = CAMPAIGN_URL) -> Element:
    return read_page(site, url).select_one("article.loa-campaign")


def status_of(site: Path, url: str = CAMPAIGN_URL) -> str:
    return campaign_article(site, url).select_one(".loa-campaign__status").text()


def drift_lines(output: str) -> list[str]:
    return [m.group(1) for line in output.splitlines() if (m := DRIFT_LINE.search(line))]


def index_groups(site: Path) -> list[tuple[str, list[str]]]:
    """The campaign index as (heading, [campaign ids under it]), in page order."""
    content = read_page(site, INDEX_URL).select_one(".md-content")
    groups: list[tuple[str, list[str]]] = []
    for element in content.select("h2, a"):
        if element.tag == "h2":
            groups.append((element.text(), []))
            continue
        target = link_target(site, INDEX_URL, element.get("href") or "").relative_to(site).as_posix()
        match = re.fullmatch(r"chien-dich/([a-z0-9-]+)/index\.html", target)
        if match and groups and match.group(1) not in groups[-1][1]:
            groups[-1][1].append(match.group(1))
    return groups


def demo_campaign_sources() -> list[dict]:
    """Front matter of the demo announcements of bdg-2021 that are published."""
    found = []
    for path in sorted((REPO_ROOT / "docs" / "tin-tuc" / "posts").rglob("*.md")):
        meta = parse_source(path.read_text(encoding="utf-8")).meta
        if meta.get("campaign") == "bdg-2021" and not meta.get("draft"):
            found.append({**meta, "url": f"tin-tuc/{path.parent.name}/{path.stem}/"})
    return found


def assert_every_link_and_image_resolves(site: Path, url: str) -> None:
    article = campaign_article(site, url)
    broken = []
    for element in article.select("a[href], img[src]"):
        ref = element.get("href") or element.get("src") or ""
        if ref.startswith(("#", "mailto:", "tel:")):
            continue
        if not link_target(site, url, ref).is_file():
            broken.append(ref)
    assert not broken, f"links on /{url} that lead nowhere: {broken}"


# =========================================================================== the demo during the campaign


def test_demo_builds_inside_the_campaign(during: BuildResult):
    assert during.code == 0
    assert "20/11/2021" in during.output  # the build date the build says it used


def test_every_page_has_the_campaign_bar_linking_to_the_campaign(during: BuildResult):
    site = during.site
    pages = {page_url_of(site, file): file for file in html_pages(site)}
    for required in ("", "tin-tuc/", "tin-tuc/trang/2/", "tin-tuc/loai/cong-van/", "tin-tuc/2021/",
                     CONG_VAN_URL, KE_HOACH_URL, CAMPAIGN_URL, INDEX_URL, "404.html"):  # fmt: skip
        assert required in pages, f"/{required} was not built"
    assert len(pages) > 30
    missing = []
    for url, file in pages.items():
        found = bars(parse_html(file.read_text(encoding="utf-8")))
        if len(found) != 1:
            missing.append(f"/{url}: {len(found)} bars")
            continue
        hrefs = links(found[0])
        if len(hrefs) != 1 or not resolves_to(site, url, hrefs[0], CAMPAIGN_URL):
            missing.append(f"/{url}: bar links {hrefs}")
        elif not link_target(site, url, hrefs[0]).is_file():
            missing.append(f"/{url}: bar link {hrefs[0]} leads nowhere")
    assert not missing, "pages without a good campaign bar:\n" + "\n".join(missing)


def test_the_bar_names_the_campaign_and_its_period(during: BuildResult):
    bar = bars(read_page(during.site, CONG_VAN_URL))[0]
    text = bar.text()
    assert SHORT_NAME in text
    assert "15/11/2021" in text and "15/12/2021" in text
    assert bar.select_one("a").text() == SHORT_NAME
    properties = campaign_colours(during.site, bar)
    assert properties.get("--loa-campaign-primary") == "#C2410C"


def test_campaign_page_name_period_status_and_organizer(during: BuildResult):
    article = campaign_article(during.site)
    assert article.select_one("h1").text() == NAME
    times = [(t.get("datetime"), t.text()) for t in article.select("time")[:2]]
    assert times == [("2021-11-15", "15/11/2021"), ("2021-12-15", "15/12/2021")]
    assert status_of(during.site) == "đang diễn ra"
    assert "Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng" in article.text()
    page = read_page(during.site, CAMPAIGN_URL)
    assert NAME in page.select_one("title").text()


def test_campaign_page_shows_the_theme_verbatim_in_its_own_block(during: BuildResult):
    article = campaign_article(during.site)
    block = article.select_one(".loa-campaign__theme-text")
    assert block.text() == THEME
    raw = url_to_file(during.site, CAMPAIGN_URL).read_text(encoding="utf-8")
    assert THEME in raw  # verbatim, in NFC, not split by markup
    assert unicodedata.is_normalized("NFC", raw)
    # The theme comes first, before the messages and the documents.
    order = [e for e in article.iter() if "loa-campaign__theme-text" in e.classes or e.tag == "ol"]
    assert "loa-campaign__theme-text" in order[0].classes


def test_theme_source_not_published_is_plain_text(during: BuildResult):
    source = campaign_article(during.site).select_one(".loa-campaign__theme-source")
    assert "3496/LĐTBXH-BĐG" in source.text()
    assert source.select("a") == []


def test_basis_document_published_on_the_site_is_linked(during: BuildResult):
    article = campaign_article(during.site)
    basis = [a for a in article.select("a") if "57/KH-SLĐTBXH" in a.text()]
    assert len(basis) == 1
    assert resolves_to(during.site, CAMPAIGN_URL, basis[0].get("href"), KE_HOACH_URL)
    assert link_target(during.site, CAMPAIGN_URL, basis[0].get("href")).is_file()


def test_campaign_page_lists_the_messages_in_order(during: BuildResult):
    article = campaign_article(during.site)
    lists = [ol for ol in article.select("ol") if "loa-list" not in ol.classes]
    assert [li.text() for li in lists[0].select("li")] == SLOGANS


def test_campaign_page_logo_resolves_to_the_kit_logo(during: BuildResult):
    header = campaign_article(during.site).select_one("header")
    images = header.select("img")
    assert len(images) == 1
    target = link_target(during.site, CAMPAIGN_URL, images[0].get("src"))
    assert target.read_bytes() == (DEMO_KIT / "logo.png").read_bytes()
    assert images[0].get("alt"), "the logo has no text alternative"


def test_campaign_page_carries_the_kit_colours(during: BuildResult):
    properties = campaign_colours(during.site, campaign_article(during.site))
    assert properties.get("--loa-campaign-primary") == "#C2410C"
    assert properties.get("--loa-campaign-on-primary") == "#FFFFFF"
    assert properties.get("--loa-campaign-accent") == "#6A1B9A"
    for url in (CAMPAIGN_URL, INDEX_URL, CONG_VAN_URL, "", "404.html"):
        sheets = [link.get("href") or "" for link in read_page(during.site, url).select("link[rel=stylesheet]")]
        targets = [url_to_file(during.site, campaign_urls.STYLESHEET) == link_target(during.site, url, href)
                   for href in sheets if not href.startswith("/")]  # fmt: skip
        if url == "404.html":  # served at any depth, it links from the root
            targets = [href == "/" + campaign_urls.STYLESHEET for href in sheets]
        assert any(targets), f"/{url} does not link {campaign_urls.STYLESHEET}: {sheets}"


def kit(kit_id: str, primary: str, on_primary: str = "#FFFFFF", accent: str | None = None) -> Campaign:
    day = dt.date(2025, 1, 1)
    colours = CampaignColours(primary, on_primary, accent)
    return Campaign(kit_id, Path("/kits") / kit_id, "Tên", "Tên ngắn", "Chủ đề", day, day, colours)


def test_campaign_stylesheet_has_one_rule_per_kit_with_the_primary_as_default_accent():
    stylesheet = campaign_stylesheet([kit("thang-b", "#1D4ED8", accent="#B91C1C"), kit("a-2025", "#C2410C")])
    rules = re.findall(r"^\.(loa-campaign-colours--[a-z0-9-]+) \{([^}]*)\}$", stylesheet, re.MULTILINE)
    assert [(name, custom_properties(body)) for name, body in rules] == [
        ("loa-campaign-colours--a-2025", {"--loa-campaign-primary": "#C2410C", "--loa-campaign-on-primary": "#FFFFFF",
                                          "--loa-campaign-accent": "#C2410C"}),
        ("loa-campaign-colours--thang-b", {"--loa-campaign-primary": "#1D4ED8",
                                           "--loa-campaign-on-primary": "#FFFFFF", "--loa-campaign-accent": "#B91C1C"}),
    ]  # fmt: skip
    assert campaign_stylesheet([]).count("{") == 0


@pytest.mark.parametrize(
    ("campaign", "message"),
    [(kit("x", "red; } body { display: none"), "#RRGGBB"), (kit("x } body {", "#C2410C"), "kit id")],
    ids=["colour", "id"],
)
def test_campaign_stylesheet_refuses_what_could_leave_its_rule(campaign: Campaign, message: str):
    with pytest.raises(ValueError, match=message):
        campaign_stylesheet([campaign])


def test_campaign_page_offers_the_kit_files_byte_for_byte(during: BuildResult):
    downloads = campaign_article(during.site).select(".loa-campaign__files a[download]")
    offered = {}
    for link in downloads:
        target = link_target(during.site, CAMPAIGN_URL, link.get("href"))
        assert target.is_file(), f"{link.get('href')} leads nowhere"
        offered[link.text()] = target.read_bytes()
    assert {"logo.png", "logo.svg"} <= set(offered)
    for name, content in offered.items():
        assert content == (DEMO_KIT / name).read_bytes(), f"{name} differs from the kit's file"


def test_campaign_page_lists_every_announcement_of_the_campaign_newest_first(during: BuildResult):
    article = campaign_article(during.site)
    items = article.select("li.loa-item")
    expected = sorted(demo_campaign_sources(), key=lambda meta: meta["date"], reverse=True)
    assert len(expected) >= 3
    listed = [item.select_one(".loa-item__title a").get("href") for item in items]
    assert [link_target(during.site, CAMPAIGN_URL, href) for href in listed] == [
        url_to_file(during.site, meta["url"]) for meta in expected
    ]
    dates = [item.select_one("time").get("datetime") for item in items]
    assert dates == sorted(dates, reverse=True)
    assert all(link_target(during.site, CAMPAIGN_URL, href).is_file() for href in listed)


def test_campaign_page_gallery_pictures_and_downloads_resolve(during: BuildResult):
    """The gallery of the campaign's graphics: each picture and each download is a real PNG."""
    gallery = campaign_article(during.site).select_one(".loa-campaign__gallery")
    images, downloads = gallery.select("img"), gallery.select("a[download]")
    assert images and len(images) == len(downloads)
    for image in images:
        assert image.get("alt"), "a gallery picture has no text alternative"
    for ref in [i.get("src") for i in images] + [a.get("href") for a in downloads]:
        target = link_target(during.site, CAMPAIGN_URL, ref)
        assert target.is_file(), f"{ref} leads nowhere"
        with Image.open(target) as picture:
            assert picture.format == "PNG"


def test_campaign_page_has_no_broken_link(during: BuildResult):
    assert_every_link_and_image_resolves(during.site, CAMPAIGN_URL)


def test_announcements_of_the_campaign_link_to_it(during: BuildResult):
    for meta in demo_campaign_sources():
        article = read_page(during.site, meta["url"]).select_one(".md-content")
        marks = article.select(".loa-doc__campaign")
        assert len(marks) == 1, f"/{meta['url']} does not say which campaign it belongs to"
        assert "chiến dịch" in marks[0].text().lower() and SHORT_NAME in marks[0].text()
        hrefs = links(marks[0])
        assert len(hrefs) == 1 and resolves_to(during.site, meta["url"], hrefs[0], CAMPAIGN_URL)


def test_campaign_index_during_the_campaign(during: BuildResult):
    assert index_groups(during.site) == [("Đang diễn ra", ["bdg-2021"])]


def test_the_demo_drift_is_reported_and_the_build_succeeds(during: BuildResult):
    lines = drift_lines(during.output)
    source = REPO_ROOT / CONG_VAN_SOURCE
    number = next(
        n
        for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if "“" in line and "tăng cường quyền năng" in line  # the quote, not the paraphrase above it
    )
    assert len(lines) == 1, during.output
    assert lines[0].startswith(f"{CONG_VAN_SOURCE}:{number}: ")
    assert "'cường'" in lines[0]
    assert "bdg-2021" in lines[0]
    assert "ke-hoach-trien-khai" not in during.output  # the plan quotes the theme exactly


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


def test_loa_drift_command_reports_the_same(during: BuildResult):
    root = during.site.parent
    result = _run([sys.executable, "-m", "loa", "--config-file", str(root / "mkdocs.yml"), "drift"], cwd=root)
    assert result.returncode == 0, result.stderr
    assert drift_lines(result.stdout) == drift_lines(during.output)
    assert "1 trích dẫn" in result.stdout


def test_check_theme_quotes_script_reports_the_same(during: BuildResult):
    root = during.site.parent
    script = root / "scripts" / "check-theme-quotes"
    script.parent.mkdir(exist_ok=True)
    shutil.copy2(REPO_ROOT / "scripts" / "check-theme-quotes", script)
    result = _run([sys.executable, str(script)], cwd=root)
    assert result.returncode == 0, result.stderr
    assert drift_lines(result.stdout) == drift_lines(during.output)
    assert len(drift_lines(result.stdout)) == 1


# =========================================================================== the demo after the campaign


def test_no_bar_anywhere_after_the_campaign(after: BuildResult):
    pages = html_pages(after.site)
    assert len(pages) > 30
    with_bar = [page_url_of(after.site, f) for f in pages if bars(parse_html(f.read_text(encoding="utf-8")))]
    assert not with_bar, f"pages with a campaign bar after the campaign: {with_bar}"
    assert all("Đang diễn ra:" not in f.read_text(encoding="utf-8") for f in pages)


def test_no_empty_banner_strip_after_the_campaign(after: BuildResult):
    for url in ("", "tin-tuc/", CONG_VAN_URL, CAMPAIGN_URL, "404.html"):
        assert read_page(after.site, url).select("aside.md-banner") == [], f"/{url} has an empty banner strip"


def test_campaign_page_says_ended_after_the_campaign(after: BuildResult):
    assert status_of(after.site) == "đã kết thúc"
    assert "đang diễn ra" not in campaign_article(after.site).text()
    assert index_groups(after.site) == [("Năm 2021", ["bdg-2021"])]


def test_announcement_campaign_link_is_not_the_bar(after: BuildResult):
    """After the campaign there is no bar: the link on an announcement is its own."""
    for meta in demo_campaign_sources():
        hrefs = links(read_page(after.site, meta["url"]).select_one(".md-content"))
        assert any(resolves_to(after.site, meta["url"], h, CAMPAIGN_URL) for h in hrefs), meta["url"]


def test_announcements_outside_the_campaign_do_not_link_to_it(after: BuildResult):
    campaign_urls = {meta["url"] for meta in demo_campaign_sources()}
    checked = 0
    for file in sorted((after.site / "tin-tuc").glob("20*/*/index.html")):
        url = page_url_of(after.site, file)
        if url in campaign_urls:
            continue
        document = parse_html(file.read_text(encoding="utf-8"))
        assert document.select(".loa-doc__campaign") == [], url
        assert not any(resolves_to(after.site, url, h, CAMPAIGN_URL) for h in links(document)), url
        checked += 1
    assert checked >= 10


# =========================================================================== boundary days and Vietnam time

BOUNDARIES = [
    pytest.param("2021-11-14T23:59:59+07:00", "sắp diễn ra", id="day-before-start"),
    pytest.param("2021-11-15T00:00:00+07:00", "đang diễn ra", id="first-day"),
    # 18:00 UTC on 14/11 is 01:00 on 15/11 in Vietnam: the campaign has begun.
    pytest.param("2021-11-14T18:00:00+00:00", "đang diễn ra", id="first-day-in-vietnam-not-in-utc"),
    pytest.param("2021-12-15T23:59:59+07:00", "đang diễn ra", id="last-day"),
    # 20:00 UTC on 15/12 is 03:00 on 16/12 in Vietnam: the campaign is over.
    pytest.param("2021-12-15T20:00:00+00:00", "đã kết thúc", id="day-after-in-vietnam-not-in-utc"),
]


@pytest.mark.parametrize(("moment", "status"), BOUNDARIES)
def test_status_and_bar_on_the_boundaries(tmp_path, make_project, build_project, moment, status):
    story = announcement(
        "Treo băng rôn hưởng ứng Tháng hành động", "2021-11-16", "tin-tuc", body="Nội dung.", campaign="bdg-2021"
    )
    project = make_project(tmp_path, {"2021/treo-bang-ron.md": story})
    shutil.copytree(DEMO_KIT, project.root / "assets" / "campaigns" / "bdg-2021")
    without_graphics(project.root)
    result = build_project(project, env={"SOURCE_DATE_EPOCH": epoch(moment)})
    assert result.code == 0, result.output
    site = result.site
    assert status_of(site) == status
    running = status == "đang diễn ra"
    for url in ("", "tin-tuc/", "tin-tuc/2021/treo-bang-ron/", CAMPAIGN_URL, INDEX_URL, "404.html"):
        found = bars(read_page(site, url))
        assert len(found) == (1 if running else 0), f"/{url} on {moment}: {len(found)} bars"
        if running:
            assert resolves_to(site, url, links(found[0])[0], CAMPAIGN_URL)
    heading = {"sắp diễn ra": "Sắp diễn ra", "đang diễn ra": "Đang diễn ra", "đã kết thúc": "Năm 2021"}[status]
    assert index_groups(site) == [(heading, ["bdg-2021"])]


@pytest.mark.parametrize("value", ["abc", "2021-11-20", "1637400000.5"])
def test_an_invalid_source_date_epoch_fails_the_build_naming_it(tmp_path, make_project, build_project, value):
    project = make_project(tmp_path, {})
    result = build_project(project, env={"SOURCE_DATE_EPOCH": value})
    assert result.code != 0
    assert "SOURCE_DATE_EPOCH" in result.output
    assert value in result.output
    assert not result.site.exists()


def test_an_epoch_in_milliseconds_fails_the_build_naming_the_variable(tmp_path, make_project, build_project):
    project = make_project(tmp_path, {})
    result = build_project(project, env={"SOURCE_DATE_EPOCH": "1637400000000"})
    assert result.code != 0
    assert "SOURCE_DATE_EPOCH" in result.output
    assert "Traceback" not in result.output


# =========================================================================== campaigns running, upcoming and past

BUILT_ON = "2025-06-15T10:00:00+07:00"
POSTS = "docs/tin-tuc/posts/"


def demo_kit_text(**changes: object) -> str:
    """The demo kit's campaign.yml with some keys changed (None removes a key)."""
    data = yaml.safe_load((DEMO_KIT / "campaign.yml").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


PAST_AND_UPCOMING = {
    # id: (start, end); the demo's texts and colours
    "sap-dien-ra": ("2025-09-01", "2025-09-30"),
    "vua-ket-thuc": ("2025-05-01", "2025-06-14"),  # ended the day before the build
    "qua-2024-dau": ("2024-03-01", "2024-03-31"),
    "qua-2024-cuoi": ("2024-11-01", "2024-11-30"),
    "qua-2023": ("2023-11-15", "2023-12-15"),
}
RUNNING_KIT = """\
name: Chiến dịch truyền thông đang chạy năm 2025
short_name: Chiến dịch đang chạy 2025
theme: >-
  Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái
  nhằm thực hiện bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới
theme_source: 12/KH-STC
start: 2025-06-01
end: 2025-06-30
organizer: Sở Tài chính tỉnh Sóc Trăng
basis:
  - 12/KH-STC
  - 99/QĐ-UBND
colors:
  primary: "#1D4ED8"
  on_primary: "#FFFFFF"
  accent: "#B91C1C"
logo: logo.png
"""
EXTRA_FILES = {"huong-dan/cam-nang.pdf": b"%PDF-1.4 cam nang\n", "phụ lục 1.pdf": b"%PDF-1.4 phu luc\n"}


def _png(size: tuple[int, int], colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


BANNER = _png((500, 80), "#1D4ED8")
TIN_B_NFD = unicodedata.normalize(
    "NFD",
    announcement(
        "Phổ biến chủ đề chiến dịch đến công chức",
        "2025-06-02",
        "tin-tuc",
        campaign="dang-chay",
        body=f"Chủ đề: “{THEME}”.\n\nCần “tăng cường quyền năng” cho phụ nữ.\n\n"
        "Giám đốc nói: “Sở Tài chính tổ chức hội nghị tổng kết công tác năm 2025”.\n",
    ),
)
ANNOUNCEMENTS = {
    "2025/ke-hoach-12.md": announcement(
        "Kế hoạch triển khai chiến dịch truyền thông năm 2025",
        "2025-05-20",
        "ke-hoach",
        "12/KH-STC",
        body=f"Chủ đề: “{THEME}”.\n",
        campaign="dang-chay",
        signer=SIGNER,
        recipients=RECIPIENTS,
    ),  # fmt: skip
    "2025/tin-a.md": announcement(
        "Hưởng ứng chiến dịch tại cơ quan",
        "2025-06-10",
        "tin-tuc",
        campaign="dang-chay",
        body=f"Mở đầu.\n\nChủ đề chiến dịch: “{DRIFTED_THEME}”.\n",
    ),  # fmt: skip
    "2025/tin-b.md": TIN_B_NFD,
    "2025/tin-c.md": announcement(
        "Chuẩn bị chiến dịch tháng chín",
        "2025-06-12",
        "tin-tuc",
        campaign="sap-dien-ra",
        body=f"Thông điệp: “{SLOGANS[0].replace(' đối', '')}”.\n",
    ),  # fmt: skip
    "2025/tin-d.md": announcement("Tin không thuộc chiến dịch nào", "2025-06-14", "tin-tuc", body="Nội dung."),
}
# The file line of the quote in the two announcements whose quote drifts.
ANNOUNCEMENT_LINE = {
    name: next(n for n, line in enumerate(ANNOUNCEMENTS[name].splitlines(), 1) if "“" in line)
    for name in ("2025/tin-a.md", "2025/tin-c.md")
}


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> BuildResult:
    """Six kits built on 15/06/2025: one running (own colours, documents, files and a designers'
    banner in banners/), one upcoming, four past in 2025, 2024 and 2023. No banner formats, so no
    rendered graphics: the pages have no gallery."""
    kits = {
        kit_id: demo_kit_text(
            start=s, end=e, name=f"Chiến dịch {kit_id} năm {s[:4]}", short_name=f"Chiến dịch {kit_id}"
        )
        for kit_id, (s, e) in PAST_AND_UPCOMING.items()
    }
    kits["dang-chay"] = RUNNING_KIT
    project = create_project(tmp_path_factory.mktemp("many"), ANNOUNCEMENTS, campaigns=kits)
    campaigns = project.root / "assets" / "campaigns"
    for kit_id in kits:
        shutil.copy2(DEMO_KIT / "logo.png", campaigns / kit_id / "logo.png")
    for name, content in EXTRA_FILES.items():
        (campaigns / "dang-chay" / name).parent.mkdir(parents=True, exist_ok=True)
        (campaigns / "dang-chay" / name).write_bytes(content)
    (campaigns / "dang-chay" / "banners").mkdir()
    (campaigns / "dang-chay" / "banners" / "bang-ron-ngang.png").write_bytes(BANNER)
    without_graphics(project.root)
    result = build_capturing(project.config_file, project.site_dir, {"SOURCE_DATE_EPOCH": epoch(BUILT_ON)})
    assert result.code == 0, result.output
    return result


def test_index_current_and_upcoming_first_then_past_by_year(many: BuildResult):
    groups = [(heading, set(ids)) for heading, ids in index_groups(many.site)]
    assert groups == [
        ("Đang diễn ra", {"dang-chay"}),
        ("Sắp diễn ra", {"sap-dien-ra"}),
        ("Năm 2025", {"vua-ket-thuc"}),  # ended the day before the build: past
        ("Năm 2024", {"qua-2024-cuoi", "qua-2024-dau"}),
        ("Năm 2023", {"qua-2023"}),
    ]


def test_index_shows_each_status(many: BuildResult):
    expected = {"dang-chay": "đang diễn ra", "sap-dien-ra": "sắp diễn ra", "vua-ket-thuc": "đã kết thúc"}
    for kit_id, status in expected.items():
        assert status_of(many.site, f"chien-dich/{kit_id}/") == status


def test_bar_links_only_to_the_running_campaign(many: BuildResult):
    for url in ("", "tin-tuc/", "tin-tuc/2025/tin-d/", INDEX_URL, "chien-dich/qua-2023/", "404.html"):
        found = bars(read_page(many.site, url))
        assert len(found) == 1, f"/{url}: {len(found)} bars"
        hrefs = links(found[0])
        assert len(hrefs) == 1 and resolves_to(many.site, url, hrefs[0], "chien-dich/dang-chay/"), (url, hrefs)


def test_theme_source_published_on_the_site_is_linked(many: BuildResult):
    url = "chien-dich/dang-chay/"
    source = campaign_article(many.site, url).select_one(".loa-campaign__theme-source")
    assert "12/KH-STC" in source.text()
    hrefs = links(source)
    assert len(hrefs) == 1 and resolves_to(many.site, url, hrefs[0], "tin-tuc/2025/ke-hoach-12/")
    assert link_target(many.site, url, hrefs[0]).is_file()


def test_basis_linked_when_published_plain_otherwise(many: BuildResult):
    url = "chien-dich/dang-chay/"
    article = campaign_article(many.site, url)
    items = [li for li in article.select("li") if "12/KH-STC" in li.text() or "99/QĐ-UBND" in li.text()]
    items = [li for li in items if "loa-item" not in li.classes]
    assert len(items) == 2, [li.text() for li in items]
    published, unpublished = items
    assert "12/KH-STC" in published.text()
    assert resolves_to(many.site, url, links(published)[0], "tin-tuc/2025/ke-hoach-12/")
    assert "99/QĐ-UBND" in unpublished.text() and links(unpublished) == []


def test_running_campaign_page_carries_its_own_colours(many: BuildResult):
    properties = campaign_colours(many.site, campaign_article(many.site, "chien-dich/dang-chay/"))
    assert properties.get("--loa-campaign-primary") == "#1D4ED8"
    assert properties.get("--loa-campaign-on-primary") == "#FFFFFF"
    assert properties.get("--loa-campaign-accent") == "#B91C1C"
    bar = bars(read_page(many.site, ""))[0]
    assert campaign_colours(many.site, bar).get("--loa-campaign-primary") == "#1D4ED8"


def test_campaign_announcements_newest_first_including_the_nfd_one(many: BuildResult):
    url = "chien-dich/dang-chay/"
    hrefs = [
        i.select_one(".loa-item__title a").get("href") for i in campaign_article(many.site, url).select("li.loa-item")
    ]
    assert [link_target(many.site, url, h) for h in hrefs] == [
        url_to_file(many.site, u) for u in ("tin-tuc/2025/tin-a/", "tin-tuc/2025/tin-b/", "tin-tuc/2025/ke-hoach-12/")
    ]
    upcoming = campaign_article(many.site, "chien-dich/sap-dien-ra/")
    assert [
        link_target(many.site, "chien-dich/sap-dien-ra/", a.get("href")) for a in upcoming.select(".loa-item__title a")
    ] == [url_to_file(many.site, "tin-tuc/2025/tin-c/")]


def test_kit_files_in_folders_and_with_vietnamese_names_download_byte_for_byte(many: BuildResult):
    url = "chien-dich/dang-chay/"
    offered = {}
    for link in campaign_article(many.site, url).select(".loa-campaign__files a[download]"):
        target = link_target(many.site, url, link.get("href"))
        assert target.is_file(), f"{link.get('href')} leads nowhere"
        offered[link.text()] = target.read_bytes()
    assert offered.get("logo.png") == (DEMO_KIT / "logo.png").read_bytes()
    for name, content in EXTRA_FILES.items():
        assert offered.get(name) == content, f"{name} is not offered as it is: {sorted(offered)}"


def test_designers_banner_in_the_kit_downloads_byte_for_byte(many: BuildResult):
    url = "chien-dich/dang-chay/"
    targets = [link_target(many.site, url, a.get("href")) for a in campaign_article(many.site, url).select("a[href]")]
    assert any(t.is_file() and t.read_bytes() == BANNER for t in targets), "banners/bang-ron-ngang.png is not offered"


def test_no_gallery_without_graphics_and_no_broken_link(many: BuildResult):
    for kit_id in ("dang-chay", *PAST_AND_UPCOMING):
        url = f"chien-dich/{kit_id}/"
        article = campaign_article(many.site, url)
        assert article.select(".loa-campaign__gallery") == [], f"/{url} has an empty gallery"
        assert not [h for h in article.select("h2") if "băng rôn" in h.text().lower()], url
        assert_every_link_and_image_resolves(many.site, url)


def test_drifts_of_the_project_are_reported(many: BuildResult):
    lines = drift_lines(many.output)
    assert [line.split(": trích dẫn", 1)[0] for line in lines] == [
        f"{POSTS}2025/tin-a.md:{ANNOUNCEMENT_LINE['2025/tin-a.md']}",
        f"{POSTS}2025/tin-c.md:{ANNOUNCEMENT_LINE['2025/tin-c.md']}",
    ], many.output
    assert "chủ đề" in lines[0] and "'cường'" in lines[0] and "dang-chay" in lines[0]
    assert "thông điệp 1" in lines[1] and "'đối'" in lines[1] and "sap-dien-ra" in lines[1]


# =========================================================================== bad kits

BAD_KITS = {
    "khong-chu-de": demo_kit_text(theme=None, logo=None),
    "khong-ten": demo_kit_text(name=None, logo=None),
    "sai-ngay": demo_kit_text(start="2021-12-15", end="2021-11-15", logo=None),
    "mau-chu": demo_kit_text(colors={"primary": "orange", "on_primary": "#FFFFFF"}, logo=None),
    "mau-ngan": demo_kit_text(colors={"primary": "#C2410", "on_primary": "#FFFFFF"}, logo=None),
    "mau-tuong-phan": demo_kit_text(colors={"primary": "#F59E0B", "on_primary": "#FFFFFF"}, logo=None),
    "khong-logo": demo_kit_text(logo="logo.png"),
    "khoa-la": demo_kit_text(logo=None) + "hashtag: BinhDangGioi\n",
    "Sai_Ten": demo_kit_text(logo=None),
}
UNQUOTED_COLOUR = """\
name: Màu không trong ngoặc kép
theme: Đảm bảo an sinh xã hội, tăng quyền năng cho phụ nữ và trẻ em gái
start: 2021-11-15
end: 2021-12-15
colors:
  primary: #C2410C
  on_primary: "#FFFFFF"
"""
BAD_KITS["mau-khong-ngoac"] = UNQUOTED_COLOUR
EXPECTED_ERRORS = [
    # (kit id, field, found, expected)
    ("khong-chu-de", "theme", "không có", "chủ đề"),
    ("khong-ten", "name", "không có", "tên"),
    ("sai-ngay", "end", "2021-11-15", "ngày bắt đầu"),
    ("mau-chu", "colors.primary", "'orange'", "#RRGGBB"),
    ("mau-ngan", "colors.primary", "'#C2410'", "#RRGGBB"),
    ("mau-khong-ngoac", "colors.primary", "không có", "#RRGGBB"),
    ("mau-tuong-phan", "colors.on_primary", "#FFFFFF trên #F59E0B", "4.5:1"),
    ("khong-logo", "logo", "logo.png", "PNG hoặc SVG"),
    ("khoa-la", "hashtag", "không có trong mô hình", "slogans"),
    ("Sai_Ten", "(thư mục)", "Sai_Ten", "bdg-2021"),
]
ERROR_LINE = re.compile(
    r"^\s*-\s+(?P<path>[^:]+?)(?::\d+)?: trường '(?P<field>[^']*)': gặp (?P<found>.*?); cần (?P<expected>.*)$"
)


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> BuildResult:
    unknown = announcement("Tin của chiến dịch không có", "2021-11-20", "tin-tuc", campaign="khong-co-2099")
    project = create_project(tmp_path_factory.mktemp("bad"), {"2021/sai-chien-dich.md": unknown}, campaigns=BAD_KITS)
    return build_capturing(project.config_file, project.site_dir, {"SOURCE_DATE_EPOCH": epoch(BUILT_ON)})


def reported(output: str) -> list[dict[str, str]]:
    return [m.groupdict() for line in output.splitlines() if (m := ERROR_LINE.match(line))]


def test_bad_kits_fail_the_build_without_a_site(bad: BuildResult):
    assert bad.code != 0
    assert not bad.site.exists()
    assert bad.output.count("Nội dung có") == 1, "every error in one report"


@pytest.mark.parametrize(("kit", "field", "found", "expected"), EXPECTED_ERRORS, ids=[e[0] for e in EXPECTED_ERRORS])
def test_each_bad_kit_is_reported_with_file_field_found_and_expected(bad: BuildResult, kit, field, found, expected):
    path = f"assets/campaigns/{kit}/campaign.yml"
    errors = [e for e in reported(bad.output) if e["path"] == path]
    assert len(errors) == 1, f"{path}: {errors}\n--- output:\n{bad.output}"
    error = errors[0]
    assert error["field"] == field, error
    assert found in error["found"], error
    assert expected in error["expected"], error


def test_an_announcement_naming_an_unknown_campaign_is_reported_with_the_kits(bad: BuildResult):
    errors = [e for e in reported(bad.output) if e["path"] == POSTS + "2021/sai-chien-dich.md"]
    assert len(errors) == 1, bad.output
    assert errors[0]["field"] == "campaign"
    assert "khong-co-2099" in errors[0]["found"]
    assert "assets/campaigns" in errors[0]["expected"]


def test_all_bad_kit_errors_are_reported_together(bad: BuildResult):
    errors = reported(bad.output)
    assert len(errors) == len(EXPECTED_ERRORS) + 1, "\n".join(map(str, errors))
    assert f"Nội dung có {len(errors)} lỗi" in bad.output
