"""Targeted builds of small projects (conftest.make_project): bad content fails the build with
every error named, a failed build leaves the last good site alone, and the rules of
CONTENT-MODEL.md that span files (numbers, slugs, campaigns, drafts, NFC, pagination) hold."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
from conftest import announcement, read_page, resolve_href, search_records, url_to_file

SIGNER = "\n  name: Trần Quốc Sở\n  title: Phó Giám đốc\n  authority: KT. Giám đốc"
RECIPIENTS = '\n  - Như trên\n  - "Lưu: VT, VP"'
POSTS = "docs/tin-tuc/posts/"

CAMPAIGN_YML = """\
name: Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2021
short_name: Tháng hành động vì bình đẳng giới 2021
theme: >-
  Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái
  nhằm thực hiện bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới
start: 2021-11-15
end: 2021-12-15
slogans:
  - Bình đẳng giới là chìa khóa để chấm dứt bạo lực đối với phụ nữ và trẻ em
colors:
  primary: "#C2410C"
  on_primary: "#FFFFFF"
"""


def cong_van(title: str, date: str, number: str, **fields: object) -> str:
    fields.setdefault("signer", SIGNER)
    fields.setdefault("recipients", RECIPIENTS)
    return announcement(title, date, "cong-van", number, **fields)


def error_lines(output: str, path: str) -> list[str]:
    return [line for line in output.splitlines() if path in line]


def assert_reported(output: str, path: str, field: str, found: str, expected: str) -> None:
    """One line of the report names the file, the field, what was found and what was expected."""
    lines = [
        line
        for line in error_lines(output, path)
        if f"'{field}'" in line and found in line and expected in line.split(found, 1)[-1]
    ]
    assert lines, (
        f"no error line naming {path}, field {field!r}, found {found!r}, expected {expected!r}; "
        f"lines about {path}:\n" + "\n".join(error_lines(output, path)) + "\n--- full output:\n" + output
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`: files by SHA-256 of their bytes, folders as '<dir>'."""
    state = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        state[name] = "<dir>" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def leftovers(project_root: Path) -> list[str]:
    """Staging or retired folders that build_site should have cleaned up (its lock file stays)."""
    return sorted(p.name for p in project_root.iterdir() if p.name.startswith(".site") and p.is_dir())


# =========================================================================== all errors together


BAD_FILES = {
    "2021/ngay-sai.md": cong_van("Ngày không có thật", "2021-02-30", "10/STC-VP"),
    "2021/loai-sai.md": cong_van("Loại văn bản gõ sai", "2021-03-01", "11/STC-VP").replace(
        "type: cong-van", "type: cong-vann"
    ),
    "2021/thieu-so.md": announcement("Quyết định chưa có số", "2021-03-02", "quyet-dinh", signer=SIGNER),
    "2021/thieu-tep.md": cong_van(
        "Tệp đính kèm không có", "2021-03-03", "12/STC-VP", attachments="\n  - file: files/khong-co.pdf\n    title: X"
    ),
    "2021/sai-ky-hieu.md": announcement("Thông báo mang ký hiệu kế hoạch", "2021-03-04", "thong-bao", "13/KH-STC"),
    "2021/hop-le.md": cong_van("Văn bản hợp lệ", "2021-03-05", "14/STC-VP"),
}


def test_a_failed_build_reports_every_error_together(tmp_path, make_project, build_project):
    project = make_project(tmp_path, BAD_FILES)
    result = build_project(project)
    assert result.code != 0
    assert not result.site.exists(), "a failed first build must not leave a site behind"
    assert leftovers(project.root) == []
    out = result.output
    assert_reported(out, POSTS + "2021/ngay-sai.md", "date", "2021-02-30", "YYYY-MM-DD")
    assert_reported(out, POSTS + "2021/loai-sai.md", "type", "cong-vann", "cong-van")
    assert_reported(out, POSTS + "2021/thieu-so.md", "number", "không có", "QĐ")
    assert_reported(out, POSTS + "2021/thieu-tep.md", "attachments[1].file", "files/khong-co.pdf", "tệp")
    assert_reported(out, POSTS + "2021/sai-ky-hieu.md", "number", "13/KH-STC", "TB-")
    assert error_lines(out, POSTS + "2021/hop-le.md") == [], "the valid file is not an error"
    # One report, not one build per error.
    assert out.count("Nội dung có") == 1, out


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path, make_project, build_project):
    good = {"2021/hop-le.md": cong_van("Văn bản hợp lệ", "2021-03-05", "14/STC-VP")}
    project = make_project(tmp_path, good)
    first = build_project(project)
    assert first.code == 0, first.output
    before = snapshot(project.site_dir)
    assert "tin-tuc/2021/hop-le/index.html" in before
    for relpath, text in BAD_FILES.items():
        (project.posts / relpath).write_text(text, encoding="utf-8")
    second = build_project(project)
    assert second.code != 0
    assert "ngay-sai.md" in second.output
    assert snapshot(project.site_dir) == before
    assert leftovers(project.root) == []


# =========================================================================== NFC / NFD

NFC_TITLE = "Hưởng ứng Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới"
NFC_BODY = (
    "Kính gửi: Chánh Văn phòng, Chánh Thanh tra.\n\n"
    "Đảm bảo an sinh xã hội, tăng cường quyền năng cho phụ nữ và trẻ em gái; Ban Giám đốc đề nghị thực hiện."
)


def _nfc_project_files(form: str) -> dict[str, str]:
    text = cong_van(
        NFC_TITLE,
        "2021-11-11",
        "2768/STC-VP",
        body=NFC_BODY,
        tags="[bình đẳng giới]",
        issuer="Sở Tài chính tỉnh Sóc Trăng",
        place="Sóc Trăng",
    )
    name = "2021/Hưởng ứng Tháng hành động.md"
    return {unicodedata.normalize(form, name): unicodedata.normalize(form, text)}


def test_nfd_text_builds_exactly_like_nfc(tmp_path, make_project, build_project):
    nfd_files = _nfc_project_files("NFD")
    assert all(unicodedata.normalize("NFC", t) != t for t in nfd_files.values()), "the NFD input is really NFD"
    sites = {}
    for form in ("NFC", "NFD"):
        project = make_project(tmp_path, _nfc_project_files(form), name=form.lower())
        result = build_project(project)
        assert result.code == 0, result.output
        sites[form] = result.site
    url = "tin-tuc/2021/huong-ung-thang-hanh-dong/"

    def seen(site: Path) -> dict[str, object]:
        page = read_page(site, url)
        listing = read_page(site, "tin-tuc/")
        data = json.loads((site / "tin-tuc" / "van-ban.json").read_text(encoding="utf-8"))
        return {
            "files": sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()),
            "title": page.select_one("title").text(),
            "h1": page.select_one("h1").text(),
            "article": page.select_one("article.loa-doc").text(),
            "listing": [li.text() for li in listing.select("li.loa-item")],
            "search": search_records(site)[url][4],
            "json": [(a["title"], a["tags"], a["issuer"]) for a in data["announcements"]],
        }

    nfc, nfd = seen(sites["NFC"]), seen(sites["NFD"])
    assert nfc["h1"] == "V/v hưởng ứng Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới"
    assert "tin-tuc/chu-de/binh-dang-gioi/index.html" in nfc["files"]
    for key in nfc:
        assert nfd[key] == nfc[key], key
    assert unicodedata.is_normalized("NFC", nfd["article"])


# =========================================================================== numbers and slugs


def test_the_same_number_twice_in_one_year_fails(tmp_path, make_project, build_project):
    files = {
        "2021/mot.md": cong_van("Văn bản thứ nhất", "2021-03-01", "01/STC-VP"),
        "2021/hai.md": cong_van("Văn bản thứ hai", "2021-09-01", "01/STC-VP"),
    }
    result = build_project(make_project(tmp_path, files))
    assert result.code != 0
    for name, other in (("mot", "hai"), ("hai", "mot")):
        assert_reported(result.output, POSTS + f"2021/{name}.md", "number", "01/STC-VP", "năm")
        assert any(f"2021/{other}.md" in line for line in error_lines(result.output, POSTS + f"2021/{name}.md"))


def test_the_same_number_in_two_years_builds_and_references_the_right_one(tmp_path, make_project, build_project):
    files = {
        "2021/so-1-nam-2021.md": cong_van("Số 1 năm 2021", "2021-03-01", "01/STC-VP"),
        "2022/so-1-nam-2022.md": cong_van("Số 1 năm 2022", "2022-03-01", "01/STC-VP"),
        "2021/can-cu-2021.md": cong_van("Căn cứ năm 2021", "2021-06-01", "02/STC-VP", references="[01/STC-VP]"),
        "2022/can-cu-2022.md": cong_van("Căn cứ năm 2022", "2022-06-01", "02/STC-VP", references="[01/STC-VP]"),
    }
    result = build_project(make_project(tmp_path, files))
    assert result.code == 0, result.output
    for year in (2021, 2022):
        assert url_to_file(result.site, f"tin-tuc/{year}/so-1-nam-{year}/").is_file()
        url = f"tin-tuc/{year}/can-cu-{year}/"
        link = read_page(result.site, url).select_one(".loa-doc__references a")
        # Numbers restart every year: the reference is the latest issued on or before the referrer.
        assert resolve_href(url, link.get("href")) == f"tin-tuc/{year}/so-1-nam-{year}/"


def test_the_same_slug_in_two_folders_fails(tmp_path, make_project, build_project):
    files = {
        "2021/lich-tiep-cong-dan.md": announcement("Lịch tiếp công dân", "2021-01-05", "thong-bao", "02/TB-STC"),
        "khac/lich-tiep-cong-dan.md": announcement(
            "Lịch tiếp công dân (bản khác)", "2021-02-05", "thong-bao", "03/TB-STC"
        ),
    }
    result = build_project(make_project(tmp_path, files))
    assert result.code != 0
    for path, other in (("2021", "khac"), ("khac", "2021")):
        lines = error_lines(result.output, POSTS + f"{path}/lich-tiep-cong-dan.md")
        assert any("lich-tiep-cong-dan" in line and f"{other}/lich-tiep-cong-dan.md" in line for line in lines), (
            result.output
        )


# =========================================================================== campaigns


def test_an_unknown_campaign_fails_and_a_known_one_builds(tmp_path, make_project, build_project):
    campaigns = {"bdg-2021": CAMPAIGN_YML}
    known = {"2021/co-chien-dich.md": cong_van("Có chiến dịch", "2021-11-11", "2768/STC-VP", campaign="bdg-2021")}
    result = build_project(make_project(tmp_path, known, campaigns=campaigns, name="known"))
    assert result.code == 0, result.output

    unknown = {"2021/sai-chien-dich.md": cong_van("Sai chiến dịch", "2021-11-11", "2768/STC-VP", campaign="bdg-2099")}
    result = build_project(make_project(tmp_path, unknown, campaigns=campaigns, name="unknown"))
    assert result.code != 0
    assert_reported(result.output, POSTS + "2021/sai-chien-dich.md", "campaign", "bdg-2099", "bdg-2021")


# =========================================================================== drafts


def test_drafts_are_published_nowhere(tmp_path, make_project, build_project):
    draft_title = "Dự thảo tờ trình mua sắm máy chủ riêng"
    files = {
        "2024/to-trinh-da-ban-hanh.md": announcement(
            "Tờ trình đã ban hành",
            "2024-03-10",
            "to-trinh",
            "40/TTr-STC",
            references="[99/TTr-STC]",
            signer=SIGNER,
            tags="[tài sản công]",
        ),
        "2024/du-thao-mua-may-chu.md": announcement(
            draft_title,
            "2024-03-05",
            "to-trinh",
            "99/TTr-STC",
            draft="true",
            tags="[chủ đề chỉ có ở bản nháp]",
            attachments="\n  - file: files/du-thao-phu-luc.pdf\n    title: Phụ lục dự thảo",
        ),
        "2024/files/du-thao-phu-luc.pdf": b"%PDF-1.4\n% draft appendix\n",
    }
    result = build_project(make_project(tmp_path, files))
    assert result.code == 0, result.output
    site = result.site
    assert not url_to_file(site, "tin-tuc/2024/du-thao-mua-may-chu/").exists()
    assert not (site / "tin-tuc" / "posts" / "2024" / "files" / "du-thao-phu-luc.pdf").exists()
    assert not url_to_file(site, "tin-tuc/chu-de/chu-de-chi-co-o-ban-nhap/").exists()
    for file in site.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".json", ".xml"):
            text = file.read_text(encoding="utf-8")
            for needle in ("du-thao-mua-may-chu", draft_title, "du-thao-phu-luc", "chỉ có ở bản nháp"):
                assert needle not in text, f"{needle!r} in {file.relative_to(site)}"
    # The published document's reference to the draft's number stays unlinked.
    reference = read_page(site, "tin-tuc/2024/to-trinh-da-ban-hanh/").select_one(".loa-doc__references li")
    assert "99/TTr-STC" in reference.text() and reference.select("a") == []
    assert len(read_page(site, "tin-tuc/").select("li.loa-item")) == 1


# =========================================================================== pagination


@pytest.mark.parametrize(("page_size", "pages"), [(10, 3), (25, 1)])
def test_page_size_sets_the_number_of_listing_pages(tmp_path, make_project, build_project, page_size, pages):
    start = dt.date(2021, 1, 4)
    files = {
        f"2021/thong-bao-so-{n:02d}.md": announcement(
            f"Thông báo số {n:02d}", (start + dt.timedelta(days=n)).isoformat(), "thong-bao", f"{n:02d}/TB-STC"
        )
        for n in range(1, 26)
    }
    result = build_project(make_project(tmp_path, files, page_size=page_size))
    assert result.code == 0, result.output
    site = result.site
    for listing in ("tin-tuc/", "tin-tuc/2021/", "tin-tuc/loai/thong-bao/"):
        for number in range(2, pages + 1):
            assert url_to_file(site, f"{listing}trang/{number}/").is_file(), f"{listing} page {number}"
        assert not url_to_file(site, f"{listing}trang/{pages + 1}/").exists(), f"{listing} page {pages + 1}"
    counts = [len(read_page(site, "tin-tuc/").select("li.loa-item"))]
    counts += [len(read_page(site, f"tin-tuc/trang/{n}/").select("li.loa-item")) for n in range(2, pages + 1)]
    assert counts == [min(page_size, 25 - i * page_size) for i in range(pages)]
    first = read_page(site, "tin-tuc/")
    assert (first.first("nav.loa-pagination") is not None) == (pages > 1)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for number in range(2, pages + 1):
        assert f"/tin-tuc/trang/{number}/</loc>" in sitemap


def test_pagination_shows_a_window_of_pages_however_long_the_listing(tmp_path, make_project, build_project):
    """The first, the last, two on each side of the current page and an ellipsis between: the
    same markup, line for line, for a listing of 30 pages as for one of 20 (it once grew by
    blank lines with every page of the listing: 50 KB on each page of a 3,000-page archive)."""
    start = dt.date(2021, 1, 4)
    files = {}
    for n in range(1, 31):
        kind, mark = ("thong-bao", "TB") if n <= 20 else ("ke-hoach", "KH")
        day = (start + dt.timedelta(days=n)).isoformat()
        files[f"2021/van-ban-so-{n:02d}.md"] = announcement(f"Văn bản số {n:02d}", day, kind, f"{n:02d}/{mark}-STC")
    result = build_project(make_project(tmp_path, files, page_size=1))
    assert result.code == 0, result.output
    lines = {}
    for url in ("tin-tuc/trang/15/", "tin-tuc/loai/thong-bao/trang/10/"):
        nav = read_page(result.site, url).select_one("nav.loa-pagination")
        markup = url_to_file(result.site, url).read_text(encoding="utf-8").split('<nav class="loa-pagination"')[1]
        lines[url] = markup.split("</nav>")[0].count("\n")
        shown = [li.text().strip() for li in nav.select("ol li")]
        current = int(url.rstrip("/").rsplit("/", 1)[1])
        last = 30 if url.startswith("tin-tuc/trang") else 20
        assert shown == ["1", "…", *(str(n) for n in range(current - 2, current + 3)), "…", str(last)], url
    assert len(set(lines.values())) == 1, lines


# =========================================================================== text is text


def test_titles_are_shown_as_text_not_markup(tmp_path, make_project, build_project):
    title = "Góp ý <Dự thảo> Quy chế chi tiêu nội bộ & R&D"
    files = {"2021/gop-y-quy-che.md": announcement(title, "2021-05-05", "thong-bao", "20/TB-STC", signer=SIGNER)}
    result = build_project(make_project(tmp_path, files))
    assert result.code == 0, result.output
    page = read_page(result.site, "tin-tuc/2021/gop-y-quy-che/")
    assert title in page.select_one("title").text()
    assert title in page.select_one("h1").text()
    item = read_page(result.site, "tin-tuc/").select_one("li.loa-item .loa-item__title")
    assert item.text() == title


def test_a_page_size_below_one_fails(tmp_path, make_project, build_project):
    files = {"2021/mot.md": announcement("Thông báo", "2021-01-05", "thong-bao", "01/TB-STC")}
    result = build_project(make_project(tmp_path, files, page_size=0))
    assert result.code != 0
    assert any("mkdocs.yml" in line and "page_size" in line and "0" in line for line in result.output.splitlines()), (
        result.output
    )
