"""Hostile and careless bodies and values (issue 8): raw HTML that would run code or load from
another host, broken links and anchors are errors naming file and line; every value from the
content is escaped where it goes, search results included; the whole demo has no broken link."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import (
    BuildResult,
    announcement,
    create_project,
    page_url_of,
    parse_html,
    read_page,
    search_records,
    url_to_file,
)
from test_build_errors import assert_reported, snapshot

from loa.site_build import build_site

POSTS = "docs/tin-tuc/posts/"
BODY = "(nội dung)"


def body_file(title: str, number: int, body: str) -> str:
    """An otherwise valid thông báo whose body is `body`; the body starts on line 7."""
    return announcement(title, "2024-03-05", number=f"{number}/TB-STC", body=body)


BODY_FIRST_LINE = 7  # "---", title, date, type, number, "---", then the body

# (file, body, line of the bad thing within the body, what the error says it found, what it expects)
HOSTILE_BODIES = [
    ("script.md", "Mở đầu.\n\n<script>alert(1)</script>\n", 3, "thẻ <script>", "bỏ thẻ này"),
    ("onerror.md", "Ảnh <img src=x onerror=alert(1)> đây.\n", 1, 'thuộc tính sự kiện onerror="alert(1)"', "on…"),
    ("js-link-raw.md", 'Một.\n\nHai <a href="javascript:alert(1)">bấm</a>.\n', 3, "địa chỉ javascript:", "http(s)://"),
    ("js-link-md.md", "[Bấm vào đây](javascript:alert(document.cookie))\n", 1, "địa chỉ javascript:", "mailto:"),
    ("js-link-entity.md", "Dòng một.\n[x](java&#x09;script:alert(1))\n", 2, "địa chỉ javascript:", "http(s)://"),
    ("js-link-case.md", '<a href="  JaVaScRiPt:alert(1)">x</a>\n', 1, "địa chỉ javascript:", "http(s)://"),
    ("data-image.md", "![ảnh](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n", 1, "địa chỉ data:", "http(s)://"),
    ("vbscript.md", '<a href="vbscript:msgbox(1)">x</a>\n', 1, "địa chỉ vbscript:", "http(s)://"),
    (
        "iframe.md",
        'Xem:\n\n<iframe src="https://www.youtube.com/embed/abc"></iframe>\n',
        3,
        "thẻ <iframe> nhúng",
        "plugins.loa.embed_hosts",
    ),  # fmt: skip
    ("object.md", '<object data="flash.swf"></object>\n', 1, "thẻ <object>", "bỏ thẻ này"),
    ("embed.md", 'Một.\n<embed src="x.swf">\n', 2, "thẻ <embed>", "bỏ thẻ này"),
    (
        "attr-list.md",
        'Đoạn văn.\n\n[Phụ lục](https://chinhphu.vn){: onclick="alert(1)" }\n',
        3,
        'thuộc tính sự kiện onclick="alert(1)" trên thẻ <a>',
        "on…",
    ),  # fmt: skip
    ("style.md", '<p style="color:red">Đỏ</p>\n', 1, 'thuộc tính style="color:red"', "CSP"),
    ("form.md", 'Điền:\n\n<form action="https://evil.example/"><input name=p></form>\n', 3, "thẻ <form>", "bỏ thẻ này"),
    ("meta.md", '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n', 1, "thẻ <meta>", "bỏ thẻ"),
    ("base.md", '<base href="https://evil.example/">\n', 1, "thẻ <base>", "bỏ thẻ này"),
    ("svg-script.md", "<svg><script>alert(1)</script></svg>\n", 1, "thẻ <script>", "bỏ thẻ này"),
    ("svg-onload.md", "<svg onload=alert(1)></svg>\n", 1, 'thuộc tính sự kiện onload="alert(1)"', "on…"),
    (
        "tracker.md",
        "Ảnh: ![x](https://evil.example/track.png)\n",
        1,
        "<img> nạp 'https://evil.example/track.png'",
        "máy chủ khác",
    ),  # fmt: skip
    ("broken-file.md", "Xem [phụ lục](files/khong-co.pdf).\n", 1, "liên kết 'files/khong-co.pdf'", "đường dẫn tới"),
    ("to-draft.md", "Một.\n\nXem [dự thảo](du-thao.md).\n", 3, "liên kết 'du-thao.md'", "không phải bản nháp"),
    ("bad-anchor.md", "## Mục một\n\nXem [mục hai](#muc-hai).\n", 3, "tới mục '#muc-hai' không có", "id"),
    ("bad-anchor-other.md", "Xem [mục](script.md#khong-co).\n", 1, "tới mục '#khong-co' không có", "id"),
    ("site-absolute.md", "Xem [trang](/tin-tuc/khong-co/).\n", 1, "liên kết '/tin-tuc/khong-co/'", "được đăng"),
]


@pytest.fixture(scope="module")
def hostile_bodies(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, dict[str, str], dict[str, str]]:
    """A good site, then the same project with every hostile body added: (result, before, after)."""
    import subprocess
    import sys

    tmp_path = tmp_path_factory.mktemp("hostile-bodies")
    good = {"2024/tot.md": body_file("Văn bản tốt", 1, "## Mục một\n\nNội dung [mục](#muc-mot).\n")}
    project = create_project(tmp_path, good)
    assert build_site(project.config_file, project.site_dir) == 0
    before = snapshot(project.site_dir)
    for number, (name, body, *_rest) in enumerate(HOSTILE_BODIES, start=10):
        (project.posts / "2024" / name).write_text(body_file(f"Văn bản {name}", number, body), encoding="utf-8")
    draft = announcement("Dự thảo", "2024-03-01", number="/TB-STC", draft="true", body="Dự thảo.")
    (project.posts / "2024" / "du-thao.md").write_text(draft, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "loa", "build", "--site-dir", "site"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
    )
    result = BuildResult(completed.returncode, completed.stdout + completed.stderr, project.site_dir)
    return result, before, snapshot(project.site_dir)


@pytest.mark.parametrize(
    ("name", "body", "line", "found", "expected"), HOSTILE_BODIES, ids=[c[0] for c in HOSTILE_BODIES]
)
def test_a_hostile_body_is_an_error_naming_file_and_line(hostile_bodies, name, body, line, found, expected) -> None:
    result, before, after = hostile_bodies
    assert result.code != 0
    assert_reported(result.output, f"{POSTS}2024/{name}:{BODY_FIRST_LINE + line - 1}:", BODY, found, expected)
    assert after == before, "the failed build changed the last good site"


def test_code_samples_and_plain_html_are_not_errors(hostile_bodies) -> None:
    result, _, _ = hostile_bodies
    assert "tot.md" not in result.output
    assert "du-thao.md:" not in result.output  # a draft may carry the unissued number /TB-STC


SAFE_BODY = """\
## Mẫu mã

Đoạn mã `<script>alert("mã mẫu")</script>` và `<img src=x onerror=alert(1)>` chỉ là chữ.

<table><tr><td>Ô <b>đậm</b></td><td>H<sub>2</sub>O</td></tr></table>

| Cột | Số |
|:---|---:|
| Một | 1 |

<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Phim"></iframe>

[Mục](#mau-ma) · [Cổng](https://chinhphu.vn) · [Thư](mailto:stc@soctrang.example.vn) · [Trang chủ](/)
"""

HOSTILE = '<img src=x onerror="window.__xss=1">'
BREAKOUT = '"><script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def escaped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose values carry markup: titles, tags, summary, signer, recipients, issuer."""
    tmp_path = tmp_path_factory.mktemp("escaped")
    hostile = announcement(
        f"Thông báo {HOSTILE} {BREAKOUT}",
        "2024-04-02",
        number="2/TB-STC",
        body=f"Nội dung có mã `{HOSTILE}` và chữ &lt;b&gt;.\n",
        tags=json.dumps([f"thẻ {HOSTILE}", "ngân sách"], ensure_ascii=False),
        summary=json.dumps(f"Tóm tắt {BREAKOUT}", ensure_ascii=False),
        issuer=json.dumps(f"Sở {HOSTILE}", ensure_ascii=False),
        recipients=json.dumps([f"Nơi {BREAKOUT}"], ensure_ascii=False),
        signer=f"\n  name: {json.dumps('Người ' + HOSTILE, ensure_ascii=False)}\n  title: Giám đốc",
    )
    safe = announcement("Mẫu mã an toàn", "2024-04-01", number="1/TB-STC", body=SAFE_BODY)
    project = create_project(tmp_path, {"2024/doc-hai.md": hostile, "2024/mau-ma.md": safe})
    config = project.config_file.read_text(encoding="utf-8")
    project.config_file.write_text(
        config.replace("      page_size: 10\n", "      page_size: 10\n      embed_hosts: [www.youtube-nocookie.com]\n"),
        encoding="utf-8",
    )
    assert build_site(project.config_file, project.site_dir) == 0
    return project.site_dir


def test_no_value_becomes_markup_on_any_page(escaped_site: Path) -> None:
    pages = sorted(escaped_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        document = parse_html(page.read_text(encoding="utf-8"))
        for element in document.iter():
            assert not any(name.startswith("on") for name in element.attrs), f"{page}: {element}"
            if element.tag == "script":
                assert "__xss" not in element.text(), f"{page}: a script from the content"
    announcement_page = read_page(escaped_site, "tin-tuc/2024/doc-hai/")
    assert HOSTILE in announcement_page.select_one("h1").text()
    assert BREAKOUT in announcement_page.select_one("h1").text()
    shown = read_page(escaped_site, "tin-tuc/2024/doc-hai/").text()
    for value in (f"Người {HOSTILE}", f"Nơi {BREAKOUT}", f"thẻ {HOSTILE}", f"SỞ {HOSTILE.upper()}"):
        assert value in shown


def test_meta_tags_carry_values_as_text(escaped_site: Path) -> None:
    text = url_to_file(escaped_site, "tin-tuc/2024/doc-hai/").read_text(encoding="utf-8")
    head = parse_html(text).select_one("head")
    titles = [m.get("content") for m in head.select("meta") if m.get("property") == "og:title"]
    descriptions = [m.get("content") for m in head.select("meta") if m.get("name") == "description"]
    assert titles and HOSTILE in titles[0]
    assert descriptions and BREAKOUT in descriptions[0]
    assert "<script>window.__xss" not in text  # the breakout is escaped in every attribute and text


def test_the_feed_and_the_data_carry_values_as_text(escaped_site: Path) -> None:
    feed = ET.parse(escaped_site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert any(HOSTILE in (t or "") for t in titles)
    data = json.loads((escaped_site / "tin-tuc" / "van-ban.json").read_text(encoding="utf-8"))
    assert any(HOSTILE in record["title"] for record in data["announcements"])


def test_search_records_hold_the_texts_as_text(escaped_site: Path) -> None:
    """The index keeps what a page says as plain text (the search shows it with textContent):
    a title is the title as written, a code sample in a body is its text, never markup."""
    records = search_records(escaped_site)
    title, text = records["tin-tuc/2024/doc-hai/"][4:6]
    assert "<img src=x onerror=" in title
    assert "<img src=x onerror=" in text  # the code sample's text
    assert "<script>" in records["tin-tuc/2024/mau-ma/"][5]


def test_plain_html_aligned_tables_and_allowed_embeds_are_published(escaped_site: Path) -> None:
    page = read_page(escaped_site, "tin-tuc/2024/mau-ma/")
    body = page.select_one(".loa-doc__body")
    assert body.select("sub") and body.select("b")
    assert [cell.get("align") for cell in body.select("tbody td")] == ["left", "right"]
    assert not [e for e in body.iter() if e.get("style")]
    assert body.select_one("iframe").get("src") == "https://www.youtube-nocookie.com/embed/abc"
    assert "<script>" in body.select_one("code").text()


@pytest.mark.browser
def test_a_search_for_a_hostile_title_shows_it_as_text(escaped_site: Path, browser) -> None:
    from test_browser import serve

    with serve(escaped_site) as base:
        page = browser.new_page()
        try:
            page.goto(base + "tin-tuc/2024/doc-hai/")
            search = page.locator("input.md-search__input")
            search.click()
            search.press_sequentially("onerror", delay=30)
            result = page.locator(".md-search-result__item").first
            result.wait_for(timeout=10_000)
            shown = page.locator(".md-search-result").inner_text()
            assert "<img src=x onerror=" in shown
            assert page.locator(".md-search-result img").count() == 0
            page.wait_for_timeout(300)
            assert page.evaluate("window.__xss") is None, "a value from the content ran as script"
        finally:
            page.close()


# --------------------------------------------------------------------------- links of the demo

_LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
_SITE = "https://stc.soctrang.example.vn/"


def _ids(site: Path, url: str, cache: dict[str, set[str]]) -> set[str]:
    if url not in cache:
        document = parse_html(url_to_file(site, url).read_text(encoding="utf-8"))
        cache[url] = {e.get("id") for e in document.iter() if e.get("id")} | {
            e.get("name") for e in document.iter() if e.tag == "a" and e.get("name")
        }
    return cache[url]


def _check_target(site: Path, url: str, fragment: str, where: str, broken: list[str], ids: dict) -> None:
    file = url_to_file(site, url)
    if not file.is_file():
        broken.append(f"{where}: {url} (no file {file.relative_to(site)})")
    elif fragment and file.suffix == ".html" and unquote(fragment) not in _ids(site, url, ids):
        broken.append(f"{where}: {url}#{fragment} (no such id)")


def test_no_link_of_the_built_demo_is_broken(demo_site: Path) -> None:
    """Every internal link of every page, the feed, the JSON data and the sitemap resolves."""
    broken: list[str] = []
    ids: dict[str, set[str]] = {}
    checked = 0
    for page in sorted(demo_site.rglob("*.html")):
        page_url = page_url_of(demo_site, page)
        for element in parse_html(page.read_text(encoding="utf-8")).iter():
            attribute = _LINK_ATTRIBUTES.get(element.tag)
            value = element.get(attribute) if attribute else None
            if not value or re.match(r"^[a-z][a-z0-9+.-]*:", value) and not value.startswith(_SITE):
                continue  # mailto:, tel:, other sites
            absolute = urljoin("http://site.invalid/" + page_url, value.replace(_SITE, "/"))
            parts = urlsplit(absolute)
            _check_target(demo_site, parts.path.lstrip("/"), parts.fragment, page_url or "/", broken, ids)
            checked += 1
    feed = ET.parse(demo_site / "feed.xml").getroot()
    for link in feed.iter("{http://www.w3.org/2005/Atom}link"):
        _check_target(demo_site, link.get("href").removeprefix(_SITE), "", "feed.xml", broken, ids)
        checked += 1
    data = json.loads((demo_site / "tin-tuc" / "van-ban.json").read_text(encoding="utf-8"))
    for record in data["announcements"]:
        urls = [record["url"]] + [a["url"] for a in record["attachments"]] + [r["url"] for r in record["references"]]
        for url in filter(None, urls):
            _check_target(demo_site, unquote(url.removeprefix(_SITE)), "", "van-ban.json", broken, ids)
            checked += 1
    sitemap = ET.parse(demo_site / "sitemap.xml").getroot()
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        _check_target(demo_site, unquote(loc.text.removeprefix(_SITE)), "", "sitemap.xml", broken, ids)
        checked += 1
    assert checked > 500
    assert broken == []


# --------------------------------------------------------------------------- output linear in tags


def test_listings_offer_the_most_used_tags_and_a_page_lists_them_all(tmp_path: Path) -> None:
    many = [f"chủ đề {n}" for n in range(1, 21)]
    others = [f"lĩnh vực {n}" for n in range(1, 21)]
    tag_lists = {"mot": many, "hai": many[:10] + others[:10], "ba": many[:5] + others[10:]}
    files = {
        f"2024/{name}.md": announcement(name, f"2024-01-0{n}", number=f"{n}/TB-STC", tags=json.dumps(tags))
        for n, (name, tags) in enumerate(tag_lists.items(), start=1)
    }
    project = create_project(tmp_path, files)
    assert build_site(project.config_file, project.site_dir) == 0
    listing = read_page(project.site_dir, "tin-tuc/")
    tag_links = [a for a in listing.select(".loa-filters a") if "/chu-de/" in (a.get("href") or "")]
    assert len(tag_links) == 31  # the 30 most used, and the page of all 40
    assert tag_links[-1].text() == "Tất cả 40 chủ đề"
    shown = {a.text().rsplit(" (", 1)[0] for a in tag_links[:-1]}
    assert set(many[:10]) <= shown  # used twice, so always offered
    index = read_page(project.site_dir, "tin-tuc/chu-de/")
    assert len(index.select(".loa-tag-index li")) == 40
    assert "tin-tuc/chu-de/" in (project.site_dir / "sitemap.xml").read_text(encoding="utf-8")


def test_ordinary_pages_keep_to_the_same_rules(tmp_path: Path, build_project) -> None:
    project = create_project(tmp_path, {"2024/mot.md": announcement("Một", "2024-01-02", number="1/TB-STC")})
    home = project.root / "docs" / "index.md"
    text = home.read_text(encoding="utf-8")
    home.write_text(
        text + "\nXem [văn bản](tin-tuc/posts/2024/mot.md) và [mục](#khong-co).\n\n<script>alert(1)</script>\n",
        encoding="utf-8",
    )
    first = text.count("\n") + 2  # the line of the links
    result = build_project(project)
    assert result.code != 0
    assert_reported(result.output, f"docs/index.md:{first}:", BODY, "tới mục '#khong-co' không có", "id")
    assert_reported(result.output, f"docs/index.md:{first + 2}:", BODY, "thẻ <script>", "bỏ thẻ này")
    assert "docs/index.md:" + str(first) + ": trường '(nội dung)': gặp liên kết 'tin-tuc" not in result.output


def test_an_ordinary_page_links_to_the_page_of_an_announcement(tmp_path: Path) -> None:
    project = create_project(tmp_path, {"2024/mot.md": announcement("Một", "2024-01-02", number="1/TB-STC")})
    home = project.root / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nXem [văn bản](tin-tuc/posts/2024/mot.md).\n", "utf-8")
    assert build_site(project.config_file, project.site_dir) == 0
    link = next(a for a in read_page(project.site_dir, "").select("a") if a.text() == "văn bản")
    assert link.get("href") == "./tin-tuc/2024/mot/"
