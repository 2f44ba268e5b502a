"""The portal's search (loa.search and loa-search.js): the index on disk, and the search box of
a built site used as a reader uses it, typed key by key into the header's box in Debian's
Chromium, results read from the page."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import announcement, create_project, search_records

from loa.search.documents import SearchDocument
from loa.search.index import INDEX_FILE, SearchIndex, build_search_index
from loa.search.terms import number_key, numbers_in, word_key, words
from loa.search.writer import write_search_index
from loa.site_build import build_site

SIGNER = "name: Trần Quốc Sở\n  title: Phó Giám đốc\n  authority: KT. Giám đốc"
OTHER_SIGNER = "name: Nguyễn Văn An\n  title: Giám đốc"
HOSTILE_TITLE = "<b>đậm</b> và <img src=x onerror=window.__xss=1> trong tiêu đề"
KIT = """\
name: Tháng hành động vì bình đẳng giới năm 2021
short_name: Tháng hành động 2021
theme: Đảm bảo an sinh xã hội, tăng quyền năng cho phụ nữ và trẻ em gái
start: 2021-11-15
end: 2021-12-15
slogans:
  - Giãn cách xã hội, kết nối yêu thương
colors:
  primary: "#C2410C"
  on_primary: "#FFFFFF"
"""
FILES = {
    "2021/cong-van-2768.md": announcement(
        "Hưởng ứng Tháng hành động vì bình đẳng giới năm 2021",
        "2021-11-11",
        "cong-van",
        "2768/STC-VP",
        body="Theo Kế hoạch số 57/KH-SLĐTBXH ngày 02/11/2021, đề nghị các phòng hưởng ứng.",
        signer="\n  " + SIGNER,
    ),
    "2021/ke-hoach-57.md": announcement(
        "Tổ chức triển khai Tháng hành động",
        "2021-11-02",
        "ke-hoach",
        "57/KH-SLĐTBXH",
        body="Kế hoạch tuyên truyền về bình đẳng giới trên địa bàn tỉnh.",
        signer="\n  " + OTHER_SIGNER,
        issuer="Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng",
    ),
    "2022/quyet-dinh-12.md": announcement(
        "Ban hành quy chế bình đẳng giới trong cơ quan",
        "2022-03-08",
        "quyet-dinh",
        "12/QĐ-STC",
        body="Điều 1. Ban hành kèm theo Quyết định này Quy chế.",
        signer="\n  " + SIGNER,
    ),
    "2023/duong-le-loi.md": announcement(
        "Phân luồng giao thông tuyến đường Lê Lợi",
        "2023-05-10",
        "thong-bao",
        "15/TB-STC",
        body="Tạm cấm xe trên đường Lê Lợi để sửa chữa.",
        signer="\n  " + OTHER_SIGNER,
    ),
    "2023/ong-duong.md": announcement(
        "Lịch tiếp công dân của ông Dương Văn Minh",
        "2023-06-01",
        "thong-bao",
        "16/TB-STC",
        body="Ông Dương Văn Minh tiếp công dân vào sáng thứ Năm.",
        signer="\n  " + OTHER_SIGNER,
    ),
    "2023/duong-khong-dau.md": announcement(
        "Tin ngắn của phòng Kế hoạch", "2023-07-01", "tin-tuc", body="Bài viết gõ không dấu: duong giao thong."
    ),
    "2024/tieu-de-html.md": announcement(HOSTILE_TITLE, "2024-01-05", "tin-tuc", body="Một tin có tiêu đề lạ."),
    "2024/ban-nhap.md": announcement(
        "Văn bản nháp xylophone", "2024-02-01", "cong-van", "/STC-VP", body="Chưa ban hành.", draft="true"
    ),
}
CONG_VAN = "tin-tuc/2021/cong-van-2768/"
KE_HOACH = "tin-tuc/2021/ke-hoach-57/"
QUYET_DINH = "tin-tuc/2022/quyet-dinh-12/"
DUONG = "tin-tuc/2023/duong-le-loi/"
ONG_DUONG = "tin-tuc/2023/ong-duong/"
KHONG_DAU = "tin-tuc/2023/duong-khong-dau/"
CAMPAIGN = "chien-dich/bdg-2021/"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = create_project(tmp_path_factory.mktemp("search"), FILES, campaigns={"bdg-2021": KIT})
    formats = project.root / "assets" / "banners" / "formats.yml"
    formats.write_text("# Không có khổ nào: không tạo ảnh, băng rôn.\n", encoding="utf-8")
    assert build_site(project.config_file, project.site_dir) == 0
    return project.site_dir


# --------------------------------------------------------------------------- words and the index


def test_words_are_composed_lower_case_runs_of_letters_and_digits():
    decomposed = unicodedata.normalize("NFD", "BÌNH Đẳng")
    assert words(f"{decomposed}  giới; 2768/STC-VP") == ["bình", "đẳng", "giới", "2768", "stc", "vp"]
    assert [word_key(w) for w in words("Đường dương ĐƯỜNG")] == ["duong", "duong", "duong"]


def test_numbers_are_one_key_found_whole_or_by_their_start():
    assert numbers_in("theo Kế hoạch số 57/KH-SLĐTBXH ngày 02/11/2021 và Nghị định 30/2020/NĐ-CP.") == [
        "57/KH-SLĐTBXH", "30/2020/NĐ-CP"
    ], "a date is not a document number"  # fmt: skip
    assert number_key("57/KH-SLĐTBXH") == "57khsldtbxh"
    assert number_key("57/kh-sldtbxh").startswith(number_key("57/KH"))


def _document(number: int, text: str) -> SearchDocument:
    return SearchDocument(url=f"tin-tuc/{number}/", kind="thong-bao", kind_label="Thông báo", title=f"Văn bản {number}",
                          year=2020 + number % 3, fields=((text, 1),), text=text)  # fmt: skip


def test_the_index_is_in_parts_named_by_their_bytes():
    documents = [_document(n, f"thông báo chung số {n} hiếm{n % 2}") for n in range(400)]
    files = dict(build_search_index(documents))
    meta = json.loads(files[INDEX_FILE])
    assert meta["documents"] == 400 and meta["kinds"] == [["thong-bao", "Thông báo"]]
    assert len(meta["records"]) == -(-400 // meta["records_per_part"])
    for name, data in files.items():
        if name != INDEX_FILE:
            assert re.fullmatch(r"[sdtf]-[0-9a-f]{12}\.json", name), name
            assert name[2:14] == hashlib.blake2b(data, digest_size=6).hexdigest(), "a part is named by its bytes"
    shard = json.loads(files[meta["shards"]["ch"]])
    frequency, lists = shard["chung"]
    assert frequency == 400 and isinstance(lists, str), "a word in every document has a part of its own"
    assert json.loads(files[lists]) == {"chung": [0, 1] + [1, 1] * 399}
    frequency, lists = json.loads(files[meta["shards"]["hi"]])["hiem0"]
    assert frequency == 200 and set(lists) == {"hiếm0"}
    facets = json.loads(files[meta["facets"]])
    assert facets["kinds"] == [0] * 400 and sum(count for _, count in facets["years"]) == 400


def test_a_rewrite_touches_only_the_parts_that_changed(tmp_path: Path):
    folder = tmp_path / "search"
    first = dict(build_search_index([_document(n, f"chữ {n}") for n in range(50)]))
    write_search_index(folder, first.items())
    times = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    second = dict(build_search_index([_document(n, f"chữ {n}") for n in range(49)] + [_document(49, "chữ khác")]))
    write_search_index(folder, second.items())
    assert {p.name for p in folder.iterdir()} == set(second), "stale parts were left"
    kept = set(first) & set(second) - {INDEX_FILE}
    assert kept and all((folder / name).stat().st_mtime_ns == times[name] for name in kept)
    assert json.loads((folder / INDEX_FILE).read_bytes()) == json.loads(second[INDEX_FILE])


def test_an_update_in_place_gives_what_a_build_from_nothing_gives():
    """A preview's index after edits (words added and removed, a key emptied and a shard with it, a
    key grown into a part of its own, a kind and a year changed, a document moved) is exactly the
    index a build from nothing makes of the same documents."""
    documents = [_document(n, f"văn bản {n} chung{n % 3} riêng{n}") for n in range(400)]
    index = SearchIndex()
    assert index.update(documents) == dict(build_search_index(documents))

    def edit(number: int, text: str | None = None, **changes: object) -> None:
        if text is not None:
            changes |= {"fields": ((text, 1),), "text": text}
        documents[number] = replace(documents[number], **changes)

    def same() -> None:
        assert index.update(documents) == dict(build_search_index(documents))

    edit(5, "lời mới đường xa")
    same()
    edit(5, "văn bản")  # "riêng5", "lời", "đường", "xa" gone, and with them their keys and shards
    same()
    edit(7, kind="quyet-dinh", kind_label="Quyết định")
    edit(8, year=2030)
    same()
    for number in range(10, 370):  # "hiếm" grows past the size of a part of its own, 60 edits at a time
        edit(number, f"hiếm {number}")
        if number % 60 == 9:
            same()
    assert "hiem" in index.own_parts, "the word did not grow into a part of its own"
    documents.insert(0, documents.pop(50))  # moved: every id after it changes
    same()
    edit(3, title="Tiêu đề mới")
    same()


def test_the_built_index_has_what_is_published_and_nothing_else(search_site: Path):
    records = search_records(search_site)
    assert records[CONG_VAN][2:5] == [
        "2768/STC-VP",
        "2021-11-11",
        "Hưởng ứng Tháng hành động vì bình đẳng giới năm 2021",
    ]
    assert CAMPAIGN in records and "tin-tuc/2024/ban-nhap/" not in records
    for part in (search_site / "assets" / "search").iterdir():
        assert "xylophone" not in part.read_text(encoding="utf-8"), f"the draft is in {part.name}"
    assert not (search_site / "search").exists(), "Material's own index is published"


# --------------------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def site_url(search_site: Path) -> Iterator[str]:
    from test_browser import serve

    with serve(search_site) as url:
        yield url


@pytest.fixture
def page(browser, site_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(site_url)
    yield page
    assert page.errors == [], page.errors
    context.close()


def search(page, query: str) -> list[dict]:
    """Type a query key by key into the header's search box; the results shown."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    page.wait_for_function("q => document.querySelector('.loa-search').dataset.shown === q", arg=query)
    return shown_results(page)


def shown_results(page) -> list[dict]:
    return page.locator("#loa-search-results > li").evaluate_all(
        """items => items.map(item => ({
             href: item.querySelector("a").getAttribute("href"),
             facts: item.querySelector(".loa-search-result__facts").textContent,
             title: item.querySelector(".loa-search-result__title").textContent,
             titleHtml: item.querySelector(".loa-search-result__title").innerHTML,
             excerpt: item.querySelector(".loa-search-result__excerpt").textContent,
             marks: [...item.querySelectorAll("mark")].map(m => m.textContent),
           }))"""
    )


def urls(results: list[dict], site_url: str) -> list[str]:
    return [result["href"].removeprefix(site_url) for result in results]


@pytest.mark.browser
def test_without_diacritics_a_query_finds_the_words_with_them(page, site_url: str):
    found = urls(search(page, "binh dang gioi"), site_url)
    assert {CONG_VAN, KE_HOACH, QUYET_DINH, CAMPAIGN} <= set(found)
    assert DUONG not in found
    assert {DUONG, ONG_DUONG, KHONG_DAU} <= set(urls(search(page, "duong"), site_url)), "đ folds to d"


@pytest.mark.browser
def test_with_diacritics_a_query_prefers_the_words_spelled_so(page, site_url: str):
    found = urls(search(page, "đường"), site_url)
    assert found[0] == DUONG
    assert set(found[1:]) <= {ONG_DUONG, KHONG_DAU}
    signed = urls(search(page, "Trần Quốc Sở"), site_url)
    assert set(signed[:2]) == {CONG_VAN, QUYET_DINH}, "the signer's documents come first"


@pytest.mark.browser
@pytest.mark.parametrize("query", ["57/KH-SLĐTBXH", "57/KH", "57/kh-sldtbxh", "SLDTBXH", "SLĐTBXH"])
def test_a_number_is_found_whole_or_in_part(page, site_url: str, query: str):
    found = urls(search(page, query), site_url)
    assert found[0] == KE_HOACH, found
    assert CONG_VAN in found, "the công văn that cites it is found too"


@pytest.mark.browser
def test_a_number_s_digits_alone_find_it(page, site_url: str):
    assert urls(search(page, "2768"), site_url)[0] == CONG_VAN
    assert urls(search(page, "2768/STC-VP"), site_url)[0] == CONG_VAN


@pytest.mark.browser
def test_case_composition_and_spaces_make_no_difference(page, site_url: str):
    expected = urls(search(page, "bình đẳng giới"), site_url)
    for query in ("BÌNH ĐẲNG GIỚI", unicodedata.normalize("NFD", "bình đẳng giới"), "  bình   đẳng  giới "):
        assert urls(search(page, query), site_url) == expected, query


@pytest.mark.browser
def test_a_result_shows_type_number_date_and_title_with_the_words_marked(page, site_url: str):
    result = next(r for r in search(page, "binh dang gioi") if r["href"] == site_url + CONG_VAN)
    assert result["facts"] == "Công văn · Số 2768/STC-VP · 11/11/2021"
    assert result["title"] == "Hưởng ứng Tháng hành động vì bình đẳng giới năm 2021"
    assert {"bình", "đẳng", "giới"} <= set(result["marks"])
    page.locator(f"#loa-search-results a[href='{site_url + CONG_VAN}']").click()
    page.wait_for_url(site_url + CONG_VAN)
    assert "2768/STC-VP" in page.locator("article.loa-doc").inner_text()


@pytest.mark.browser
def test_results_can_be_narrowed_by_type_and_year(page, site_url: str):
    everything = urls(search(page, "binh dang gioi"), site_url)
    assert len(everything) >= 4
    page.select_option("select[name=loai]", label="Quyết định")
    page.wait_for_function("() => document.querySelector('.loa-search').dataset.filters !== '|'")
    assert urls(shown_results(page), site_url) == [QUYET_DINH]
    page.select_option("select[name=loai]", label="Tất cả")
    page.select_option("select[name=nam]", label="2021")
    page.wait_for_function("() => document.querySelector('.loa-search').dataset.filters === '|2021'")
    assert set(urls(shown_results(page), site_url)) == {CONG_VAN, KE_HOACH, CAMPAIGN}


@pytest.mark.browser
@pytest.mark.parametrize("query", ["thang hanh dong vi binh dang", "tăng quyền năng", "ket noi yeu thuong"])
def test_a_campaign_is_found_by_its_name_theme_and_messages(page, site_url: str, query: str):
    found = search(page, query)
    assert CAMPAIGN in urls(found, site_url)
    assert next(r for r in found if r["href"] == site_url + CAMPAIGN)["facts"].startswith("Chiến dịch")


@pytest.mark.browser
def test_html_in_a_title_is_shown_as_text(page, site_url: str):
    result = search(page, "onerror")[0]
    assert result["title"] == HOSTILE_TITLE
    assert "<img" not in result["titleHtml"] and "&lt;img" in result["titleHtml"]
    assert page.locator("#loa-search-results img, #loa-search-results b").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None


@pytest.mark.browser
def test_search_is_offline_and_never_shows_a_draft(page, site_url: str):
    assert search(page, "xylophone") == []
    assert page.locator("#loa-search-status").inner_text() == "Không tìm thấy văn bản phù hợp"
    search(page, "binh dang gioi")
    foreign = [url for url in page.requests if not url.startswith(site_url)]
    assert foreign == []
    fetched = [url.removeprefix(site_url) for url in page.requests]
    assert "assets/search/index.json" in fetched
    assert not [url for url in fetched if "workers/search" in url or url.startswith("search/")]


@pytest.mark.browser
def test_the_box_is_labelled_in_vietnamese_and_works_with_the_keyboard_alone(page, site_url: str):
    box = page.locator(".md-search__input")
    assert box.get_attribute("aria-label") == "Tìm văn bản theo số, tiêu đề, người ký, nội dung"
    assert box.get_attribute("placeholder").startswith("Tìm kiếm")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("quy che", delay=15)
    page.wait_for_function("() => document.querySelector('.loa-search').dataset.shown === 'quy che'")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == site_url + QUYET_DINH
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + QUYET_DINH)
    page.keyboard.press("/")
    page.keyboard.type("2768", delay=15)
    page.wait_for_function("() => document.querySelector('.loa-search').dataset.shown === '2768'")
    page.keyboard.press("Enter")  # Enter in the box goes to the first result
    assert page.evaluate("document.activeElement.getAttribute('href')") == site_url + CONG_VAN
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


@pytest.mark.browser
def test_the_browser_splits_and_folds_as_the_index_does(page):
    samples = ["Đường ĐƯỜNG dương", unicodedata.normalize("NFD", "Nghị định 30/2020/NĐ-CP"),
               "57/KH-SLĐTBXH, 2768/STC-VP, ngày 02/11/2021.", "Ðồng (Ð U+00D0) naïve café", "số_liệu a-b x.y",
               "Ủy ban nhân dân tỉnh Sóc Trăng"]  # fmt: skip
    for text in samples:
        seen = page.evaluate("text => window.loaSearchTerms(text)", text)
        assert seen["words"] == words(text), text
        assert seen["keys"] == [word_key(w) for w in words(text)], text
        assert seen["numbers"] == [number_key(n) for n in numbers_in(text)], text
