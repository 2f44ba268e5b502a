"""`loa import`: official documents (.docx, PDF with a text layer) laid out per Nghị định 30 become
announcement files that build.

Fixtures are made here (tests/import_fixtures.py): Word files written with python-docx from the
real công văn and seven other documents, and the same documents as HTML printed to PDF by Debian's
Chromium (those tests are marked `browser`). Every field of every document is checked, from the
.docx and from the PDF.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import REPO_ROOT, announcement, create_project, read_page
from docx import Document
from import_fixtures import (
    BAO_CAO_NFD,
    CONG_VAN,
    CONG_VAN_TL,
    CONG_VAN_UNISSUED,
    DOCUMENTS,
    GIAY_MOI,
    KE_HOACH,
    QUYET_DINH,
    THONG_BAO,
    Spec,
    print_pdf,
    print_scan,
    write_docx,
)

from loa.cli import main
from loa.content.agency import Agency
from loa.content.file_types import content_problem
from loa.content.loader import load_announcement
from loa.importing.blocks import join_lines
from loa.importing.command import read_source
from loa.importing.letter_case import agency_case, authority_case, name_case, title_case
from loa.importing.recognize import Recognized, recognize
from loa.scaffold import file_slug

AGENCY = Agency(
    name="Sở Tài chính tỉnh Sóc Trăng",
    short_code="STC",
    place="Sóc Trăng",
    parent="Ủy ban nhân dân tỉnh Sóc Trăng",
)
BODY = "(nội dung)"
IDS = [spec.name for spec in DOCUMENTS]
UNISSUED_MESSAGE = "văn bản có vẻ chưa ban hành"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def docx_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docx")
    return {spec.name: write_docx(spec, folder / f"{spec.name}.docx") for spec in (*DOCUMENTS, CONG_VAN_UNISSUED)}


@pytest.fixture(scope="session")
def pdf_files(browser, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    files = {spec.name: print_pdf(browser, spec, folder) for spec in (*DOCUMENTS, CONG_VAN_UNISSUED)}
    files["scan"] = print_scan(browser, CONG_VAN, folder / "scan")
    return files


def recognized(path: Path) -> Recognized:
    return recognize(read_source(path), AGENCY, str(path))


def run(project, *args: str) -> int:
    return main(["--config-file", str(project.config_file), "import", *args])


def written_file(project, spec: Spec) -> Path:
    return project.posts / spec.expected.date[:4] / f"{file_slug(spec.expected.title)}.md"


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?\n)---\n(.*)", text, re.S)
    assert match, text[:300]
    return yaml.safe_load(match.group(1)), match.group(2)


def posts_files(project) -> list[str]:
    return sorted(p.relative_to(project.posts).as_posix() for p in project.posts.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- every field, .docx and PDF


def assert_fields(result: Recognized, spec: Spec) -> None:
    """Every field of the document as expected, the body holding its key parts and nothing of the
    header or the signature block, everything in NFC."""
    expected = spec.expected
    assert result.problems == [], "\n".join(map(str, result.problems))
    assert result.value("type") == expected.type
    assert result.value("number") == expected.number
    assert result.value("date") == dt.date.fromisoformat(expected.date)
    assert result.value("issuer") == expected.issuer
    assert result.value("parent") == expected.parent
    assert result.value("place") == expected.place
    assert result.value("title") == expected.title
    assert result.value("recipients") == list(expected.recipients)
    assert result.value("signer.name") == expected.signer_name
    assert result.value("signer.title") == expected.signer_title
    assert result.value("signer.authority") == expected.signer_authority
    body = result.value(BODY)
    for part in expected.body_has:
        assert part in body, f"{part!r} not in the body:\n{body}"
    for part in expected.body_lacks:
        assert part not in body, f"{part!r} (header or signature) in the body:\n{body}"
    assert "Đã ký" not in result.value("signer.name") and "(" not in result.value("signer.name")
    for name, found in result.fields.items():
        assert found.sources, f"{name} has no source line"
        texts = found.value if isinstance(found.value, list) else [found.value]
        assert all(unicodedata.is_normalized("NFC", t) for t in texts if isinstance(t, str)), (name, texts)


@pytest.mark.parametrize("spec", DOCUMENTS, ids=IDS)
def test_every_field_of_the_docx(docx_files: dict[str, Path], spec: Spec):
    assert_fields(recognized(docx_files[spec.name]), spec)


@pytest.mark.browser
@pytest.mark.parametrize("spec", DOCUMENTS, ids=IDS)
def test_every_field_of_the_pdf(pdf_files: dict[str, Path], spec: Spec):
    assert_fields(recognized(pdf_files[spec.name]), spec)


@pytest.mark.browser
@pytest.mark.parametrize("spec", DOCUMENTS, ids=IDS)
def test_pdf_gives_the_body_the_docx_gives(docx_files: dict[str, Path], pdf_files: dict[str, Path], spec: Spec):
    """Lines rebuilt from word positions join into the paragraphs Word had."""
    assert recognized(pdf_files[spec.name]).value(BODY) == recognized(docx_files[spec.name]).value(BODY)


def test_the_source_cong_van_body_is_reproduced(docx_files: dict[str, Path]):
    """The real công văn's body, paragraph by paragraph, as the demo's file has it."""
    body = recognized(docx_files[CONG_VAN.name]).value(BODY)
    paragraphs = body.strip().split("\n\n")
    assert len(paragraphs) == 1 + len(CONG_VAN.body)
    assert paragraphs[0].startswith("Kính gửi:")
    for paragraph, source in zip(paragraphs[1:], CONG_VAN.body, strict=True):
        assert paragraph.replace("\\", "") == source


@pytest.mark.browser
def test_pdf_header_columns_are_split_by_position_not_interleaved(pdf_files: dict[str, Path]):
    """The header's rows hold both columns ("UBND TỈNH SÓC TRĂNG" beside "CỘNG HÒA…"); read by
    position, each field comes from its own column."""
    result = recognized(pdf_files[CONG_VAN.name])
    assert [s.text for s in result.fields["parent"].sources] == ["UBND TỈNH SÓC TRĂNG"]
    assert [s.text for s in result.fields["number"].sources] == ["Số: 2768/STC-VP"]
    assert [s.text for s in result.fields["date"].sources] == ["Sóc Trăng, ngày 11 tháng 11 năm 2021"]
    assert result.fields["number"].sources[0].where.startswith("trang 1, dòng ")


def test_text_boxes_are_read_once(docx_files: dict[str, Path]):
    """The header of GIAY_MOI is in text boxes, each written twice (DrawingML and its VML copy)."""
    with zipfile.ZipFile(docx_files[GIAY_MOI.name]) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:txbxContent>") == 4 and "mc:Fallback" in xml
    result = recognized(docx_files[GIAY_MOI.name])
    assert [s.where for s in result.fields["issuer"].sources] == ["khung chữ 1, dòng 2"]
    assert result.value("issuer") == GIAY_MOI.expected.issuer


def test_nfd_source_comes_out_nfc(docx_files: dict[str, Path]):
    with zipfile.ZipFile(docx_files[BAO_CAO_NFD.name]) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert unicodedata.normalize("NFD", "Sở Tài chính") in xml and "Sở Tài chính" not in xml
    result = recognized(docx_files[BAO_CAO_NFD.name])
    assert_fields(result, BAO_CAO_NFD)
    assert unicodedata.is_normalized("NFC", result.value(BODY))


# --------------------------------------------------------------------------- errors of the documents


def test_unissued_cong_van_is_an_error_naming_number_and_day(docx_files: dict[str, Path]):
    """The source công văn as it really is: "Số: /STC-VP", "ngày    tháng 11 năm 2021"."""
    path = docx_files[CONG_VAN_UNISSUED.name]
    problems = {p.field: str(p) for p in recognized(path).problems}
    assert set(problems) == {"number", "date"}
    assert problems["number"].startswith(f"{path}: trường 'number': gặp 'Số: /STC-VP' (bảng 1, hàng 1, cột 1, dòng 3)")
    assert "phần số để trống" in problems["number"] and UNISSUED_MESSAGE in problems["number"]
    assert problems["date"].startswith(f"{path}: trường 'date': gặp 'Sóc Trăng, ngày tháng 11 năm 2021'")
    assert "để trống ngày" in problems["date"] and UNISSUED_MESSAGE in problems["date"]


@pytest.mark.browser
def test_unissued_pdf_is_the_same_error(pdf_files: dict[str, Path]):
    problems = {p.field: str(p) for p in recognized(pdf_files[CONG_VAN_UNISSUED.name]).problems}
    assert set(problems) == {"number", "date"}
    assert all(UNISSUED_MESSAGE in message for message in problems.values())


def test_type_name_that_disagrees_with_the_number_is_an_error(tmp_path: Path):
    spec = replace(THONG_BAO, name="thong-bao-sai-so", number="Số: 15/KH-STC")
    path = write_docx(spec, tmp_path / "thong-bao-sai-so.docx")
    problems = recognized(path).problems
    assert [p.field for p in problems] == ["type"]
    message = str(problems[0])
    assert message.startswith(f"{path}: trường 'type': gặp 'THÔNG BÁO' (đoạn 1) là thông báo, nhưng số '15/KH-STC'")
    assert "cần số ký hiệu của thông báo bắt đầu bằng 'TB-'" in message


def test_cong_van_number_with_a_type_mark_is_an_error(tmp_path: Path):
    spec = replace(CONG_VAN_TL, name="cong-van-sai-so", number="Số: 105/KH-STC")
    problems = recognized(write_docx(spec, tmp_path / "x.docx")).problems
    assert [p.field for p in problems] == ["type"]
    assert "mang chữ viết tắt 'KH'" in str(problems[0])


@pytest.mark.browser
def test_scanned_pdf_is_a_clear_error(pdf_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture):
    project = create_project(tmp_path, {})
    assert run(project, str(pdf_files["scan"])) == 1
    err = capsys.readouterr().err
    assert (
        f"{pdf_files['scan']}: trường '(tệp)': gặp tệp PDF không có lớp chữ (chỉ có ảnh: trang 1 trên 1 trang)" in err
    )
    assert "bản quét" in err and "OCR" in err
    assert posts_files(project) == []


def test_other_files_are_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture):
    project = create_project(tmp_path, {})
    old_word = tmp_path / "cong-van.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    fake = tmp_path / "fake.docx"
    fake.write_text("<html>not a document</html>", encoding="utf-8")
    missing = tmp_path / "missing.pdf"
    assert run(project, str(old_word), str(fake), str(missing)) == 1
    err = capsys.readouterr().err
    assert f"{old_word}: trường '(tệp)': gặp tệp Word 97-2003 (.doc); cần tệp .docx" in err
    assert f"{fake}: trường '(tệp)': gặp nội dung là HTML/XML, không phải tệp DOCX; cần một tệp .docx thật" in err
    assert f"{missing}: trường '(tệp)': gặp không có tệp này" in err
    assert posts_files(project) == []


def test_header_typed_with_tabs_and_closing_as_paragraphs(tmp_path: Path):
    """No tables: "UBND TỈNH SÓC TRĂNG <tab> CỘNG HÒA …" lines, and nơi nhận then the signature as
    plain paragraphs under the text."""
    document = Document()
    lines = [
        ("UBND TỈNH SÓC TRĂNG\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),
        ("SỞ TÀI CHÍNH\t\tĐộc lập - Tự do - Hạnh phúc", True),
        ("Số: 12/STC-VP\tSóc Trăng, ngày 5 tháng 1 năm 2022", False),
        ("V/v kiểm tra tài sản công", False),
        ("Kính gửi: Các phòng thuộc Sở.", False),
        ("Sở Tài chính đề nghị các phòng kiểm tra tài sản công./.", False),
        ("Nơi nhận:", True),
        ("- Như trên;", False),
        ("- Lưu: VT.", False),
        ("KT. GIÁM ĐỐC", True),
        ("PHÓ GIÁM ĐỐC", True),
        ("Trần Văn Bình", True),
    ]
    for text, bold in lines:
        document.add_paragraph().add_run(text).bold = bold or None
    path = tmp_path / "tabs.docx"
    document.save(str(path))
    result = recognized(path)
    assert result.problems == []
    values = {name: result.value(name) for name in result.fields if name != BODY}
    assert values == {
        "type": "cong-van",
        "number": "12/STC-VP",
        "date": dt.date(2022, 1, 5),
        "place": "Sóc Trăng",
        "parent": "Ủy ban nhân dân tỉnh Sóc Trăng",
        "issuer": "Sở Tài chính tỉnh Sóc Trăng",
        "title": "Kiểm tra tài sản công",
        "recipients": ["Như trên", "Lưu: VT"],
        "signer.authority": "KT. Giám đốc",
        "signer.title": "Phó Giám đốc",
        "signer.name": "Trần Văn Bình",
    }
    assert (
        result.value(BODY)
        == "Kính gửi: Các phòng thuộc Sở.\n\nSở Tài chính đề nghị các phòng kiểm tra tài sản công./.\n"
    )


def test_hidden_characters_from_word_are_dropped(tmp_path: Path):
    """A zero-width space in the number and a soft hyphen in the body (pasted from the web) would
    make the file fail the loader; the import writes what the reader sees."""
    spec = replace(
        CONG_VAN_TL,
        name="an-ky-tu",
        number="Số: 105\u200b/STC-VP",
        body=("Đề nghị các phòng cập nhật\u00ad thông tin\u200b trước ngày 29/4/2022\u00a0./.",),
    )
    path = write_docx(spec, tmp_path / "an-ky-tu.docx")
    result = recognized(path)
    assert result.value("number") == "105/STC-VP"
    assert "Đề nghị các phòng cập nhật thông tin trước ngày 29/4/2022 ./." in result.value(BODY)
    project = create_project(tmp_path, {})
    assert run(project, str(path)) == 0


def test_lines_broken_at_a_hyphen_join_without_a_space():
    assert (
        join_lines(["theo Tờ trình số 33/TTr-", "STC ngày 01/3/2022"]) == "theo Tờ trình số 33/TTr-STC ngày 01/3/2022"
    )
    assert join_lines(["Sở Lao động -", "Thương binh và Xã hội"]) == "Sở Lao động - Thương binh và Xã hội"


# --------------------------------------------------------------------------- the command


def test_import_writes_the_file_and_attaches_the_original(docx_files: dict[str, Path], tmp_path: Path):
    project = create_project(tmp_path, {})
    assert run(project, str(docx_files[CONG_VAN.name])) == 0
    target = written_file(project, CONG_VAN)
    slug = target.stem
    assert posts_files(project) == [f"2021/files/{slug}.docx", f"2021/{slug}.md"]
    copy = target.parent / "files" / f"{slug}.docx"
    assert copy.read_bytes() == docx_files[CONG_VAN.name].read_bytes()
    assert content_problem(copy, "docx") is None
    meta, body = front_matter(target)
    assert meta["title"] == CONG_VAN.expected.title
    assert meta["date"] == dt.date(2021, 11, 11)
    assert (meta["type"], meta["number"]) == ("cong-van", "2768/STC-VP")
    assert (meta["issuer"], meta["place"]) == ("Sở Tài chính tỉnh Sóc Trăng", "Sóc Trăng")
    assert meta["signer"] == {"name": "Trần Quốc Sở", "title": "Phó Giám đốc", "authority": "KT. Giám đốc"}
    assert meta["recipients"] == ["Như trên", "Ban Giám đốc", "Công TTĐT Sở", "Lưu: VP"]
    assert meta["attachments"] == [{"file": f"files/{slug}.docx", "title": "Văn bản gốc"}]
    assert meta["draft"] is False
    assert "# cơ quan chủ quản ghi trên văn bản: Ủy ban nhân dân tỉnh Sóc Trăng" in target.read_text(encoding="utf-8")
    assert body.startswith("Kính gửi: Chánh Văn phòng")
    item, errors = load_announcement(target, f"tin-tuc/posts/2021/{target.name}", AGENCY, set())
    assert errors == []
    assert [a.title for a in item.attachments] == ["Văn bản gốc"]


def test_report_names_each_field_its_source_line_and_what_is_missing(
    docx_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture
):
    project = create_project(tmp_path, {})
    assert run(project, str(docx_files[THONG_BAO.name])) == 0
    out = capsys.readouterr().out
    assert "  number: 15/TB-STC\n      ← 'Số: 15/TB-STC' (bảng 1, hàng 1, cột 1, dòng 3)\n" in out
    assert "  type: thong-bao\n      ← 'THÔNG BÁO' (đoạn 1)\n" in out
    assert "  date: 2022-01-05\n      ← 'Sóc Trăng, ngày 05 tháng 01 năm 2022' (bảng 1, hàng 1, cột 2, dòng 3)" in out
    assert "  signer.name: Nguyễn Văn An\n      ← 'Nguyễn Văn An' (bảng 3, hàng 1, cột 2, dòng 3)" in out
    assert "  (nội dung): 2 đoạn, 1 bảng\n" in out
    assert "  không thấy trên văn bản: signer.authority\n" in out
    assert f"Đã ghi {written_file(project, THONG_BAO)}" in out


def test_dry_run_prints_the_file_and_writes_nothing(
    docx_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture
):
    project = create_project(tmp_path, {})
    assert run(project, "--dry-run", str(docx_files[QUYET_DINH.name])) == 0
    out = capsys.readouterr().out
    target = written_file(project, QUYET_DINH)
    assert f"Sẽ ghi {target}" in out
    assert 'number: "23/QĐ-UBND"' in out and 'authority: "TM. Ủy ban nhân dân / KT. Chủ tịch"' in out
    assert "**Điều 1.** Ban hành kèm theo" in out
    assert posts_files(project) == []
    assert not (project.posts / "2022").exists()


def test_an_existing_file_is_never_overwritten(docx_files: dict[str, Path], tmp_path: Path, capsys):
    project = create_project(tmp_path, {})
    assert run(project, str(docx_files[KE_HOACH.name])) == 0
    target = written_file(project, KE_HOACH)
    before = {name: (project.posts / name).read_bytes() for name in posts_files(project)}
    capsys.readouterr()
    assert run(project, str(docx_files[KE_HOACH.name])) == 1
    err = capsys.readouterr().err
    assert f"{target}: tệp đã có, không ghi đè" in err
    assert {name: (project.posts / name).read_bytes() for name in posts_files(project)} == before


def test_a_number_already_published_that_year_is_refused(docx_files: dict[str, Path], tmp_path: Path, capsys):
    existing = announcement("Một công văn khác", "2021-03-01", "cong-van", "2768/STC-VP")
    project = create_project(tmp_path, {"2021/cong-van-khac.md": existing})
    assert run(project, str(docx_files[CONG_VAN.name])) == 1
    err = capsys.readouterr().err
    assert f"{project.posts / '2021' / 'cong-van-khac.md'}: số '2768/STC-VP' đã cấp trong năm 2021" in err
    assert posts_files(project) == ["2021/cong-van-khac.md"]


def test_a_near_duplicate_number_is_refused_too(docx_files: dict[str, Path], tmp_path: Path, capsys):
    existing = announcement("Một công văn khác", "2021-03-01", "cong-van", "2768/stc-vp")
    project = create_project(tmp_path, {"2021/cong-van-khac.md": existing})
    assert run(project, str(docx_files[CONG_VAN.name])) == 1
    assert "gần trùng số '2768/stc-vp' đã cấp trong năm 2021" in capsys.readouterr().err


def test_the_same_number_in_another_year_is_accepted(docx_files: dict[str, Path], tmp_path: Path):
    existing = announcement("Công văn năm trước", "2020-03-01", "cong-van", "2768/STC-VP")
    project = create_project(tmp_path, {"2020/cong-van-nam-truoc.md": existing})
    assert run(project, str(docx_files[CONG_VAN.name])) == 0
    assert written_file(project, CONG_VAN).is_file()


def test_several_files_one_bad_the_others_are_imported(docx_files: dict[str, Path], tmp_path: Path, capsys):
    project = create_project(tmp_path, {})
    bad = docx_files[CONG_VAN_UNISSUED.name]
    files = [docx_files[GIAY_MOI.name], bad, docx_files[CONG_VAN_TL.name]]
    assert run(project, *map(str, files)) == 1
    captured = capsys.readouterr()
    assert written_file(project, GIAY_MOI).is_file() and written_file(project, CONG_VAN_TL).is_file()
    assert len([name for name in posts_files(project) if name.endswith(".md")]) == 2
    assert f"{bad}: trường 'number'" in captured.err and f"{bad}: trường 'date'" in captured.err
    assert f"Không nhập được: {bad}" in captured.err
    assert "Đã nhập 2/3 tệp." in captured.out


def test_script_runs_the_command_on_the_repository(docx_files: dict[str, Path]):
    """scripts/import-document is `loa import` on the repository's own mkdocs.yml; with --dry-run
    it writes nothing there."""
    good, bad = docx_files[GIAY_MOI.name], docx_files[CONG_VAN_UNISSUED.name]
    target = REPO_ROOT / "docs" / "tin-tuc" / "posts" / "2023" / f"{file_slug(GIAY_MOI.expected.title)}.md"
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "import-document"), "--dry-run", str(good), str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert f"Sẽ ghi {target}" in result.stdout
    assert f"{bad}: trường 'number'" in result.stderr
    assert not target.exists()


# --------------------------------------------------------------------------- the imported files build


def _import_and_build(files: list[Path], tmp_path: Path, build_project, name: str):
    project = create_project(tmp_path, {}, name=name)
    assert run(project, *map(str, files)) == 0
    result = build_project(project)
    assert result.code == 0, result.output
    for spec in DOCUMENTS:
        target = written_file(project, spec)
        assert unicodedata.is_normalized("NFC", target.read_text(encoding="utf-8"))
        page = read_page(result.site, f"tin-tuc/{spec.expected.date[:4]}/{target.stem}/")
        text = page.select_one("article.loa-doc").text()
        assert spec.expected.number in text and spec.expected.signer_name in text
        assert "Văn bản gốc" in text
    return project, result


def test_imported_docx_files_build(docx_files: dict[str, Path], tmp_path: Path, build_project):
    project, result = _import_and_build([docx_files[s.name] for s in DOCUMENTS], tmp_path, build_project, "docx")
    cong_van = read_page(result.site, f"tin-tuc/2021/{written_file(project, CONG_VAN).stem}/")
    text = cong_van.select_one("article.loa-doc").text()
    assert "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" in text and "SỞ TÀI CHÍNH TỈNH SÓC TRĂNG" in text  # parent, issuer
    assert "V/v hưởng ứng Tháng hành động vì bình đẳng giới" in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text
    attachment = written_file(project, CONG_VAN).parent / "files" / f"{written_file(project, CONG_VAN).stem}.docx"
    assert (result.site / attachment.relative_to(project.root / "docs")).read_bytes() == attachment.read_bytes()


@pytest.mark.browser
def test_imported_pdf_files_build(pdf_files: dict[str, Path], tmp_path: Path, build_project):
    _import_and_build([pdf_files[s.name] for s in DOCUMENTS], tmp_path, build_project, "pdf")


# --------------------------------------------------------------------------- normal case from capitals


@pytest.mark.parametrize(
    ("capitals", "normal"),
    [
        ("SỞ TÀI CHÍNH TỈNH SÓC TRĂNG", "Sở Tài chính tỉnh Sóc Trăng"),
        ("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", "Ủy ban nhân dân tỉnh Sóc Trăng"),
        ("UBND TỈNH SÓC TRĂNG", "Ủy ban nhân dân tỉnh Sóc Trăng"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
        ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư"),
        ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
        ("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", "Văn phòng Ủy ban nhân dân tỉnh Sóc Trăng"),
        ("KHO BẠC NHÀ NƯỚC SÓC TRĂNG", "Kho bạc Nhà nước Sóc Trăng"),
        ("UBND HUYỆN MỸ XUYÊN", "Ủy ban nhân dân huyện Mỹ Xuyên"),
        ("CỤC THUẾ TỈNH SÓC TRĂNG", "Cục Thuế tỉnh Sóc Trăng"),
        ("Sở Tài chính", "Sở Tài chính"),
    ],
)
def test_agency_names_in_normal_case(capitals: str, normal: str):
    assert agency_case(capitals, ["Sóc Trăng"]) == normal


@pytest.mark.parametrize(
    ("capitals", "normal"),
    [
        ("PHÓ GIÁM ĐỐC", "Phó Giám đốc"),
        ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"),
        ("CHÁNH VĂN PHÒNG", "Chánh Văn phòng"),
        ("PHÓ CHÁNH THANH TRA", "Phó Chánh Thanh tra"),
        ("TRƯỞNG PHÒNG KẾ HOẠCH - TÀI CHÍNH", "Trưởng phòng Kế hoạch - Tài chính"),
    ],
)
def test_titles_in_normal_case(capitals: str, normal: str):
    assert title_case(capitals) == normal


@pytest.mark.parametrize(
    ("capitals", "normal"),
    [
        ("KT.GIÁM ĐỐC", "KT. Giám đốc"),
        ("TL. GIÁM ĐỐC", "TL. Giám đốc"),
        ("TM. ỦY BAN NHÂN DÂN", "TM. Ủy ban nhân dân"),
        ("TUQ. CHỦ TỊCH", "TUQ. Chủ tịch"),
        ("Q. GIÁM ĐỐC", "Q. Giám đốc"),
    ],
)
def test_authority_lines_in_normal_case(capitals: str, normal: str):
    assert authority_case(capitals) == normal


def test_names_in_capitals_are_capitalised_per_word():
    assert name_case("TRẦN QUỐC SỞ") == "Trần Quốc Sở"
    assert name_case("Trần Quốc Sở") == "Trần Quốc Sở"
