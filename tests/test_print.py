"""An announcement printed as the paper document (Nghị định 30/2020/NĐ-CP, Phụ lục I).

The demo portal is built as on 24/11/2021 (inside the demo campaign, so the campaign bars are on
the page), served from 127.0.0.1, and Debian's Chromium prints pages to PDF as a reader's "In văn
bản" would. The PDFs are read back with pdfplumber: what is asserted is where the text is, in
which font and size, and what it says. The PDFs are kept in tests/artifacts/ to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from conftest import ARTIFACTS, REPO_ROOT, announcement, copy_demo, parse_html, url_to_file
from test_browser import serve

from loa.site_build import build_site

pytestmark = pytest.mark.browser


IN_CAMPAIGN = "1637712000"  # SOURCE_DATE_EPOCH of 24/11/2021: the demo campaign bdg-2021 runs
CONG_VAN = "tin-tuc/2021/huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021/"
KE_HOACH = "tin-tuc/2021/ke-hoach-trien-khai-thang-hanh-dong-vi-binh-dang-gioi-2021/"
STORY = "tin-tuc/2021/in-thu-bang-chu-cai-tieng-viet/"  # written by the fixture below
AGENCY = "Sở Tài chính tỉnh Sóc Trăng"
SITE_URL = re.search(r"(?m)^site_url:\s*(\S+)", (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")).group(1)

MM = 72 / 25.4  # PDF points in a millimetre
A4 = (210 * MM, 297 * MM)
PX = 0.3 * MM  # Chromium rounds page margins to whole CSS pixels (0.26 mm)
# The print font: Times New Roman where the reader has it, else the bundled Liberation Serif 2.x.
SERIF = re.compile(r"LiberationSerif|TimesNewRoman|Times|Tinos")

# Every Vietnamese letter, lower and upper case, each vowel with its five tones (NFC).
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE_WORDS = [unicodedata.normalize("NFC", "".join(v + t for t in TONES)) for v in VOWELS] + ["đ"]
VIETNAMESE_WORDS += [word.upper() for word in VIETNAMESE_WORDS]

STORY_TEXT = announcement(
    "In thử bảng chữ cái tiếng Việt",
    "2021-11-20",
    doc_type="tin-tuc",
    author="Ban biên tập",
    body=(
        "Bảng chữ cái in ra phải đọc lại được từng chữ: " + " ".join(VIETNAMESE_WORDS) + ".\n\n"
        "Người dân tra cứu thủ tục trên [Cổng Dịch vụ công quốc gia](https://dichvucong.gov.vn/p/home/dvc-trang-chu.html)"
        " và đọc [Công văn số 2768/STC-VP](huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021.md) về bình đẳng giới.\n"
    ),
)


# --------------------------------------------------------------------------- build, serve, print


@pytest.fixture(scope="module")
def print_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portal, with one more news story, built as on a day of the demo campaign."""
    root = copy_demo(tmp_path_factory.mktemp("print") / "project")
    banners = REPO_ROOT / ".cache" / "banners"
    if banners.is_dir():  # the campaign's graphics are not what is tested here: reuse the ones made
        shutil.copytree(banners, root / ".cache" / "banners")
    (root / "docs" / "tin-tuc" / "posts" / "2021" / "in-thu-bang-chu-cai-tieng-viet.md").write_text(
        STORY_TEXT, encoding="utf-8"
    )
    site = root / "site"
    code = build_site(root / "mkdocs.yml", site, extra_env={"SOURCE_DATE_EPOCH": IN_CAMPAIGN})
    assert code == 0, f"the demo site did not build (exit code {code})"
    return site


@pytest.fixture(scope="module")
def server(print_site: Path) -> Iterator[str]:
    with serve(print_site) as url:
        yield url


@dataclass
class Printed:
    pdf: object  # pdfplumber.PDF
    path: Path
    requests: list[str]

    @property
    def pages(self) -> list:
        return self.pdf.pages


def _print(browser, url: str, path: Path) -> tuple[Path, list[str]]:
    context = browser.new_context(locale="vi-VN", service_workers="block")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    return path, requests


@pytest.fixture(scope="module")
def printed(browser, server: str) -> Iterator[dict[str, Printed]]:
    """The công văn, a kế hoạch and the news story, each printed once."""
    ARTIFACTS.mkdir(exist_ok=True)
    result = {}
    for name, url in (("cong-van", CONG_VAN), ("ke-hoach", KE_HOACH), ("story", STORY)):
        path, requests = _print(browser, server + url, ARTIFACTS / f"print-{name}.pdf")
        result[name] = Printed(pdfplumber.open(path), path, requests)
    try:
        yield result
    finally:
        for one in result.values():
            one.pdf.close()


@pytest.fixture(scope="module")
def cong_van(printed: dict[str, Printed]) -> Printed:
    return printed["cong-van"]


# --------------------------------------------------------------------------- reading the PDF


def margin_chars(page) -> list[dict]:
    """Characters in the top margin: the page number."""
    return [c for c in page.chars if c["bottom"] < 20 * MM]


def content_chars(page) -> list[dict]:
    return [c for c in page.chars if c["bottom"] >= 20 * MM]


def words_of(page) -> list[dict]:
    """The page's words in reading order, each with its font and size; the top margin left out."""
    words = page.extract_words(extra_attrs=["fontname", "size"])
    return [w for w in words if w["bottom"] >= 20 * MM]


def find(words: list[dict], phrase: str) -> list[dict]:
    """The consecutive words that spell `phrase`."""
    wanted = phrase.split()
    texts = [w["text"] for w in words]
    for start in range(len(texts) - len(wanted) + 1):
        if texts[start : start + len(wanted)] == wanted:
            return words[start : start + len(wanted)]
    raise AssertionError(f"{phrase!r} is not in the printout")


def find_in(printed: Printed, phrase: str) -> tuple[int, list[dict]]:
    """(page index, words) of the first page that has `phrase`."""
    for index, page in enumerate(printed.pages):
        try:
            return index, find(words_of(page), phrase)
        except AssertionError:
            continue
    raise AssertionError(f"{phrase!r} is on no page of {printed.path.name}")


def box(words: list[dict]) -> tuple[float, float, float, float]:
    return (
        min(w["x0"] for w in words),
        min(w["top"] for w in words),
        max(w["x1"] for w in words),
        max(w["bottom"] for w in words),
    )


def text_of(printed: Printed) -> str:
    """The text of every page, the page numbers left out."""
    parts = []
    for page in printed.pages:
        parts.append(page.crop((0, 20 * MM, page.width, page.height)).extract_text())
    return "\n".join(parts)


def squeeze(text: str) -> str:
    return "".join(text.split())


def is_bold(word: dict) -> bool:
    return "Bold" in word["fontname"]


def is_italic(word: dict) -> bool:
    return "Italic" in word["fontname"]


def sizes(words: list[dict]) -> set[float]:
    return {round(w["size"], 1) for w in words}


def in_range(values: set[float], low: float, high: float) -> bool:
    return all(low - 0.1 <= v <= high + 0.1 for v in values)


def embedded_fonts(path: Path) -> list[tuple[str, str, str]]:
    """(PDF font name, family, version) of every font file embedded in the PDF."""
    from fontTools.ttLib import TTFont
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    found = []
    with path.open("rb") as file:
        document = PDFDocument(PDFParser(file))
        for xref in document.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = resolve1(document.getobj(objid))
                except Exception:  # noqa: BLE001 - free or compressed entries that are no objects
                    continue
                if not isinstance(obj, dict) or getattr(obj.get("Type"), "name", None) != "FontDescriptor":
                    continue
                stream = resolve1(obj.get("FontFile2"))
                if stream is None:
                    continue
                font = TTFont(io.BytesIO(stream.get_data()))
                name = obj["FontName"].name if hasattr(obj["FontName"], "name") else str(obj["FontName"])
                found.append((name, font["name"].getDebugName(1) or "", font["name"].getDebugName(5) or ""))
    return sorted(set(found))


# --------------------------------------------------------------------------- the page


def test_the_cong_van_prints_on_a4_within_the_margins_of_nd30(cong_van: Printed):
    assert len(cong_van.pages) >= 2, "the demo công văn should print on two pages (page numbers are tested)"
    width, height = A4
    for number, page in enumerate(cong_van.pages, start=1):
        assert abs(page.width - width) <= 1 and abs(page.height - height) <= 1, (number, page.width, page.height)
        chars = content_chars(page)
        assert chars and len(chars) + len(margin_chars(page)) == len(page.chars)
        left, right = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
        top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
        assert 30 * MM - PX <= left <= 35 * MM, f"page {number}: left margin {left / MM:.1f} mm"
        assert right <= page.width - 15 * MM + PX, f"page {number}: right margin {(page.width - right) / MM:.1f} mm"
        assert top >= 20 * MM, f"page {number}: text {top / MM:.1f} mm from the top"
        assert bottom <= page.height - 20 * MM, f"page {number}: text {(page.height - bottom) / MM:.1f} mm from the end"
    first = content_chars(cong_van.pages[0])
    # A full page: justified lines reach the right margin (15-20 mm), the first line is at most
    # a line's leading below the top margin (20-25 mm), the last within a line of the bottom one.
    assert max(c["x1"] for c in first) >= width - 20 * MM
    assert min(c["top"] for c in first) <= 25 * MM + 3 * MM
    assert max(c["bottom"] for c in first) >= height - 25 * MM - 14 * 1.5


def test_the_text_is_a_times_compatible_serif_with_every_vietnamese_letter(printed: dict[str, Printed]):
    for one in printed.values():
        fonts = {c["fontname"] for c in one.pdf.chars}
        assert all(SERIF.search(f) for f in fonts), f"{one.path.name}: not the print font: {sorted(fonts)}"
        # The bundled Liberation Serif 2.x (1.x, Debian's fonts-liberation, lacks Vietnamese), or Times New Roman.
        for name, family, version in embedded_fonts(one.path):
            assert family in ("Liberation Serif", "Times New Roman"), (name, family)
            if family == "Liberation Serif":
                assert re.match(r"Version [2-9]\.", version), (name, version)
    chars = printed["cong-van"].pdf.chars
    body = Counter((SERIF.search(c["fontname"]) is not None, round(c["size"], 1)) for c in chars)
    (is_serif, size), _ = body.most_common(1)[0]
    assert is_serif and 13 - 0.1 <= size <= 14 + 0.1, body.most_common(3)
    # Every letter, as the reader's PDF tools read it back: the same NFC text, not boxes or decomposed marks.
    story = text_of(printed["story"])
    assert " ".join(VIETNAMESE_WORDS) in " ".join(story.split())
    cong_van = text_of(printed["cong-van"])
    for phrase in ("Độc lập - Tự do - Hạnh phúc", "bình đẳng giới", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"):
        assert phrase in cong_van


def test_every_letter_of_the_body_is_printed(cong_van: Printed, print_site: Path):
    document = parse_html(url_to_file(print_site, CONG_VAN).read_text(encoding="utf-8"))
    body = document.select_one(".loa-doc__body").text()
    assert len(body) > 2000
    assert squeeze(body) in squeeze(text_of(cong_van)), "the body read back from the PDF differs from the page's"


def test_the_body_is_justified_with_indented_first_lines(cong_van: Printed):
    page = cong_van.pages[0]
    chars = content_chars(page)
    left, right = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
    words = words_of(page)
    lines: dict[int, list[dict]] = {}
    for word in words:
        lines.setdefault(round(word["top"]), []).append(word)
    full = [line for line in lines.values() if abs(max(w["x1"] for w in line) - right) < 1]
    assert len(full) >= 10, "the body's lines do not reach the right margin: not justified"
    theo = find(words, "Theo Kế hoạch số")[0]
    assert abs(theo["x0"] - left - 12.7 * MM) < 1.5, f"first-line indent {(theo['x0'] - left) / MM:.1f} mm"
    assert in_range(sizes(find(words, "Theo Kế hoạch số")), 13, 14)


# --------------------------------------------------------------------------- header and closing


def test_the_header_is_laid_out_in_two_columns(cong_van: Printed):
    words = words_of(cong_van.pages[0])
    nation = find(words, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert len({round(w["top"], 1) for w in nation}) == 1, "the nation's name is not on one line"
    assert all(is_bold(w) for w in nation) and in_range(sizes(nation), 12, 13), sizes(nation)
    motto = find(words, "Độc lập - Tự do - Hạnh phúc")
    assert len({round(w["top"], 1) for w in motto}) == 1 and all(is_bold(w) for w in motto)
    assert in_range(sizes(motto), 13, 14) and box(motto)[1] > box(nation)[3] - 1, "the motto is not below the name"
    parent = find(words, "ỦY BAN NHÂN DÂN")
    issuer = find(words, "SỞ TÀI CHÍNH TỈNH SÓC TRĂNG")
    assert not any(is_bold(w) for w in parent) and all(is_bold(w) for w in issuer)
    assert in_range(sizes(parent + issuer), 12, 13)
    number = find(words, "Số: 2768/STC-VP")
    place_date = find(words, "Sóc Trăng, ngày 11 tháng 11 năm 2021")
    assert all(is_italic(w) for w in place_date) and in_range(sizes(place_date), 13, 14)
    subject = find(words, "V/v hưởng ứng Tháng hành động")
    # Left column: agency, number, V/v; right column: the nation, place and date; level bands.
    left_column = parent + issuer + number + subject
    right_column = nation + motto + place_date
    assert box(left_column)[2] < box(right_column)[0], "the header's columns overlap"
    assert abs(box(parent)[1] - box(nation)[1]) < 1, "the agency and the nation's name do not start level"
    assert abs(box(number)[3] - box(place_date)[3]) < 1.5, "the number and the date are not on one line"
    assert box(issuer)[3] < box(number)[1] and box(motto)[3] < box(place_date)[1]
    assert box(subject)[1] > box(number)[3], "V/v is not under the number"
    # Each column is centred on itself: the number and V/v under the agency, the date under the motto.
    centre = lambda ws: (box(ws)[0] + box(ws)[2]) / 2  # noqa: E731
    assert abs(centre(number) - centre(issuer)) < 3 and abs(centre(place_date) - centre(nation)) < 3


def test_the_type_name_and_subject_of_a_ke_hoach_are_centred(printed: dict[str, Printed]):
    ke_hoach = printed["ke-hoach"]
    page = ke_hoach.pages[0]
    chars = content_chars(page)
    middle = (min(c["x0"] for c in chars) + max(c["x1"] for c in chars)) / 2
    words = words_of(page)
    type_name = find(words, "KẾ HOẠCH")
    assert all(is_bold(w) for w in type_name) and in_range(sizes(type_name), 13, 14)
    assert abs((box(type_name)[0] + box(type_name)[2]) / 2 - middle) < 3
    subject = find(words, "Tổ chức triển khai Tháng hành động")
    assert all(is_bold(w) for w in subject) and box(subject)[1] > box(type_name)[3]
    assert box(type_name)[1] > box(find(words, "Độc lập - Tự do - Hạnh phúc"))[3]


def test_the_signature_is_right_of_the_recipients(cong_van: Printed):
    index, label = find_in(cong_van, "Nơi nhận:")
    words = words_of(cong_van.pages[index])
    assert all(is_bold(w) and is_italic(w) for w in label) and in_range(sizes(label), 12, 12)
    recipients = find(words, "- Như trên;") + find(words, "- Lưu: VP.")
    assert in_range(sizes(recipients), 11, 11) and not any(is_bold(w) for w in recipients)
    authority = find(words, "KT. GIÁM ĐỐC")
    title = find(words, "PHÓ GIÁM ĐỐC")
    name = find(words, "Trần Quốc Sở")
    signature = authority + title + name
    assert all(is_bold(w) for w in signature) and in_range(sizes(signature), 13, 14)
    assert box(label + recipients)[2] < box(signature)[0], "the signature is not right of the recipients"
    assert abs(box(label)[1] - box(authority)[1]) < 3, "the closing's two columns do not start level"
    assert box(authority)[3] < box(title)[1] < box(name)[1]
    centres = [(box(ws)[0] + box(ws)[2]) / 2 for ws in (authority, title, name)]
    assert max(centres) - min(centres) < 2, "the signature block is not centred"


def test_pages_are_numbered_at_the_top_centre_from_the_second(cong_van: Printed):
    first, *others = cong_van.pages
    assert margin_chars(first) == [], "page 1 carries a page number"
    for number, page in enumerate(others, start=2):
        marks = margin_chars(page)
        assert "".join(c["text"] for c in marks) == str(number), f"page {number}: {marks}"
        assert in_range({round(c["size"], 1) for c in marks}, 13, 14)
        chars = content_chars(page)
        middle = (31 * MM + page.width - 16 * MM) / 2
        assert abs((min(c["x0"] for c in marks) + max(c["x1"] for c in marks)) / 2 - middle) < 3
        assert max(c["bottom"] for c in marks) < min(c["top"] for c in chars)


# --------------------------------------------------------------------------- what is not printed


def test_the_site_panels_and_campaign_bars_are_left_out(cong_van: Printed, print_site: Path):
    html = url_to_file(print_site, CONG_VAN).read_text(encoding="utf-8")
    for hook in ("loa-campaign-bar", "loa-doc__campaign", "loa-doc__facts", "loa-doc__attachments", "loa-print"):
        assert hook in html, f"the page has no {hook}: this test would prove nothing"
    text = text_of(cong_van)
    for absent in (
        "Đang diễn ra",  # the campaign bar
        "Thuộc chiến dịch",  # the document's campaign line
        "Thông tin văn bản", "Số, ký hiệu", "Cơ quan ban hành", "Người ký", "Ngày ban hành",  # the facts panel
        "Tệp đính kèm", "Bộ nhận diện Tháng hành động", "Các thông điệp truyền thông",  # attachments
        "In văn bản",  # the print button
        "Văn bản mới hơn", "Văn bản cũ hơn",  # the neighbours
        "Tin tức - Văn bản", "Trang chủ", "Tìm kiếm", "Bản quyền thuộc",  # the site's header, tabs, footer
    ):  # fmt: skip
        assert absent not in text, f"{absent!r} is printed"


def test_the_printout_ends_with_the_page_address(printed: dict[str, Printed]):
    for name, url, kind in (("cong-van", CONG_VAN, "Văn bản"), ("story", STORY, "Bài viết")):
        one = printed[name]
        last = one.pages[-1]
        lines = last.crop((0, 20 * MM, last.width, last.height)).extract_text().splitlines()
        trace = " ".join(lines[-2:])
        assert trace == f"{kind} in từ Cổng thông tin điện tử {AGENCY}: {SITE_URL}{url}", trace
        assert text_of(one).count("http") == 1, "another address is printed"


def test_links_print_as_text_without_their_address(printed: dict[str, Printed]):
    story = printed["story"]
    text = " ".join(text_of(story).split())
    assert "Cổng Dịch vụ công quốc gia" in text and "Công văn số 2768/STC-VP" in text
    assert "dichvucong" not in text and "huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021/)" not in text
    index, link = find_in(story, "Cổng Dịch vụ công quốc gia")
    colours = {tuple(c["non_stroking_color"] or ()) for c in story.pages[index].chars if c["x0"] >= box(link)[0]
               and c["x1"] <= box(link)[2] and abs(c["top"] - link[0]["top"]) < 1}  # fmt: skip
    assert colours <= {(0.0,), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 1.0)}, f"links are printed in colour: {colours}"


def test_a_news_story_prints_title_byline_and_body(printed: dict[str, Printed]):
    story = printed["story"]
    words = words_of(story.pages[0])
    title = find(words, "In thử bảng chữ cái tiếng Việt")
    assert all(is_bold(w) for w in title) and box(title)[1] < 30 * MM
    byline = find(words, "Ban biên tập - 20/11/2021")
    assert box(byline)[1] > box(title)[3]
    assert find(words, "Bảng chữ cái in ra")[0]["top"] > box(byline)[3]
    assert "CỘNG HÒA" not in text_of(story) and "Nơi nhận" not in text_of(story)


# --------------------------------------------------------------------------- the screen and the network


def test_printing_asks_only_the_site_for_the_bundled_font(printed: dict[str, Printed], server: str):
    for one in printed.values():
        foreign = [u for u in one.requests if not u.startswith((server, "data:", "blob:", "about:"))]
        assert foreign == [], foreign
        fonts = [u for u in one.requests if "/assets/fonts/LiberationSerif-" in u]
        assert fonts, "the print font was not loaded from the site"


def test_the_screen_shows_no_trace_line_and_loads_no_print_font(browser, server: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", service_workers="block")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(server + CONG_VAN)
        page.wait_for_load_state("networkidle")
        trace = page.locator(".loa-doc__trace")
        assert trace.count() == 1 and not trace.is_visible()
        assert not [u for u in requests if "LiberationSerif" in u], "a reader who does not print loads the print font"
        page.emulate_media(media="print")
        assert trace.is_visible()
        assert trace.inner_text().endswith(SITE_URL + CONG_VAN)
    finally:
        context.close()
