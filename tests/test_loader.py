"""Loading announcement files (CONTENT-MODEL.md section 2): every rule gives a precise error."""

import datetime as dt
import os
import unicodedata

import pytest

from loa.content.agency import Agency
from loa.content.loader import load_announcement
from loa.content.repository import find_campaign_ids, load_news

AGENCY = Agency(
    name="Sở Tài chính tỉnh Sóc Trăng",
    short_code="STC",
    place="Sóc Trăng",
    parent="Ủy ban nhân dân tỉnh Sóc Trăng",
)
FOLDER = "tin-tuc/posts/2021"
PATH = f"{FOLDER}/thong-bao-ket-qua.md"

# A valid Thông báo; tests change or drop (None) single keys. Values are raw YAML text.
BASE = {
    "title": "Thông báo kết quả thẩm định dự toán ngân sách năm 2022",
    "date": "2021-11-11",
    "type": "thong-bao",
    "number": "15/TB-STC",
}


def nfd(text):
    return unicodedata.normalize("NFD", text)


def is_nfc(text):
    return unicodedata.is_normalized("NFC", text)


def render(fields, body="Nội dung thông báo.\n"):
    lines = ["---", *(f"{key}: {value}" for key, value in fields.items() if value is not None), "---", body]
    return "\n".join(lines)


def post(body="Nội dung thông báo.\n", **changes):
    return render({**BASE, **changes}, body)


def write(docs, rel, text, encoding="utf-8"):
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def load(docs, rel, text=None, campaign_ids=frozenset()):
    if text is not None:
        write(docs, rel, text)
    return load_announcement(docs / rel, rel, AGENCY, campaign_ids)


def load_ok(docs, text, rel=PATH, campaign_ids=frozenset()):
    item, errors = load(docs, rel, text, campaign_ids)
    assert errors == [], "\n".join(map(str, errors))
    assert item is not None
    return item


def load_errors(docs, text, rel=PATH, campaign_ids=frozenset()):
    item, errors = load(docs, rel, text, campaign_ids)
    assert item is None
    assert errors, "expected at least one error"
    return errors


def the_error(errors, field, path=PATH, found=(), expected=()):
    """The one error on `field`; its message names the file, the field, what was found and what is expected."""
    matching = [e for e in errors if e.field == field]
    assert len(matching) == 1, f"errors on {field!r}: " + "; ".join(map(str, errors))
    error = matching[0]
    message = str(error)
    assert error.path == path
    assert message.startswith(path)
    assert f"'{field}'" in message
    assert error.found and error.found in message
    assert error.expected and error.expected in message
    for part in (found,) if isinstance(found, str) else found:
        assert part in error.found, (part, error.found)
    for part in (expected,) if isinstance(expected, str) else expected:
        assert part in error.expected, (part, error.expected)
    return error


def line_of(text, prefix):
    """1-based line number of the first line of `text` starting with `prefix`, counted here independently."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if line.startswith(prefix))


# --- valid files -------------------------------------------------------------------------------------------------

COMPLETE_CONG_VAN = """\
---
title: Hưởng ứng Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2021
date: 2021-11-11
type: cong-van
number: 2768/STC-VP
issuer: Sở Tài chính tỉnh Sóc Trăng (Văn phòng Sở)
place: TP. Sóc Trăng
signer:
  name: Trần Quốc Sở
  title: Phó Giám đốc
  authority: KT. Giám đốc
recipients:
  - Như trên
  - Ban Giám đốc
  - "Lưu: VP"
references:
  - 57/KH-SLĐTBXH
  - 3496/LĐTBXH-BĐG
effective: 2021-11-15
campaign: bdg-2021
attachments:
  - file: files/phu-luc-1.pdf
    title: Phụ lục 1 - Bộ nhận diện
  - files/ke-hoach.docx
tags: [bình đẳng giới, Tháng hành động]
summary: Sở Tài chính hưởng ứng Tháng hành động năm 2021.
draft: false
---
Thực hiện Kế hoạch số 57/KH-SLĐTBXH, Sở Tài chính đề nghị các phòng, đơn vị:

1. Treo băng rôn.
"""


def test_complete_cong_van_loads_every_field(tmp_path):
    write(tmp_path, f"{FOLDER}/files/phu-luc-1.pdf", "%PDF-1.4 " + "x" * 1991)
    write(tmp_path, f"{FOLDER}/files/ke-hoach.docx", "PK\x03\x04" + "docx" * 9)  # a zip archive's signature
    rel = f"{FOLDER}/huong-ung-thang-hanh-dong.md"
    item = load_ok(tmp_path, COMPLETE_CONG_VAN, rel=rel, campaign_ids={"bdg-2021", "khac-2022"})

    assert item.source_path == rel
    assert item.slug == "huong-ung-thang-hanh-dong"
    assert item.title.startswith("Hưởng ứng Tháng hành động vì bình đẳng giới")
    assert item.title.endswith("trên cơ sở giới năm 2021")
    assert item.date == dt.date(2021, 11, 11)
    assert item.year == 2021
    assert item.doc_type.code == "cong-van"
    assert item.doc_type.name == "Công văn"
    assert item.number == "2768/STC-VP"
    assert item.issuer == "Sở Tài chính tỉnh Sóc Trăng (Văn phòng Sở)"
    assert item.place == "TP. Sóc Trăng"
    assert item.author is None
    assert item.signer is not None
    assert (item.signer.name, item.signer.title, item.signer.authority) == (
        "Trần Quốc Sở",
        "Phó Giám đốc",
        "KT. Giám đốc",
    )
    assert item.recipients == ["Như trên", "Ban Giám đốc", "Lưu: VP"]
    assert item.references == ["57/KH-SLĐTBXH", "3496/LĐTBXH-BĐG"]
    assert item.effective == dt.date(2021, 11, 15)
    assert item.campaign == "bdg-2021"
    assert [(a.source_path, a.title, a.size_bytes, a.file_type) for a in item.attachments] == [
        (f"{FOLDER}/files/phu-luc-1.pdf", "Phụ lục 1 - Bộ nhận diện", 2000, "PDF"),
        (f"{FOLDER}/files/ke-hoach.docx", "ke-hoach.docx", 40, "DOCX"),
    ]
    assert item.tags == ["bình đẳng giới", "Tháng hành động"]
    assert item.summary == "Sở Tài chính hưởng ứng Tháng hành động năm 2021."
    assert item.draft is False
    assert item.body.startswith("Thực hiện Kế hoạch số 57/KH-SLĐTBXH")
    assert "1. Treo băng rôn." in item.body
    assert "---" not in item.body
    assert "title:" not in item.body


def test_defaults_come_from_the_agency(tmp_path):
    item = load_ok(tmp_path, post())
    assert item.issuer == "Sở Tài chính tỉnh Sóc Trăng"
    assert item.place == "Sóc Trăng"
    assert item.doc_type.code == "thong-bao"
    assert item.number == "15/TB-STC"
    assert item.signer is None
    assert item.author is None
    assert item.recipients == item.references == item.attachments == item.tags == []
    assert item.effective is None
    assert item.campaign is None
    assert item.summary is None
    assert item.draft is False
    assert item.body == "Nội dung thông báo.\n"


def test_blank_issuer_and_place_also_take_the_agency_values(tmp_path):
    item = load_ok(tmp_path, post(issuer="", place='""'))
    assert (item.issuer, item.place) == ("Sở Tài chính tỉnh Sóc Trăng", "Sóc Trăng")


def test_tin_tuc_with_author_and_no_number(tmp_path):
    text = render(
        {
            "title": "Hội nghị tổng kết công tác năm 2021",
            "date": "2021-12-20",
            "type": "tin-tuc",
            "author": "Xuân Phương",
        }
    )
    item = load_ok(tmp_path, text)
    assert item.doc_type.code == "tin-tuc"
    assert item.number is None
    assert item.author == "Xuân Phương"


def test_empty_signer_block_as_the_scaffold_writes_it_means_not_signed(tmp_path):
    item = load_ok(tmp_path, post(signer="\n  name:\n  title:\n  authority:"))
    assert item.signer is None


def test_signer_without_authority(tmp_path):
    item = load_ok(tmp_path, post(signer="\n  name: Trần Quốc Sở\n  title: Giám đốc"))
    assert (item.signer.name, item.signer.title, item.signer.authority) == ("Trần Quốc Sở", "Giám đốc", None)


def test_quoted_date_is_accepted(tmp_path):
    assert load_ok(tmp_path, post(date='"2022-02-05"')).date == dt.date(2022, 2, 5)


# Numbers as the table of CONTENT-MODEL.md section 2 marks them.
VALID_NUMBERS = [
    ("cong-van", "123/STC-VP"),
    ("cong-van", "2768/SLĐTBXH-BTXH"),
    ("thong-bao", "15/TB-STC"),
    ("ke-hoach", "57/KH-SLĐTBXH"),
    ("quyet-dinh", "23/QĐ-STC"),
    ("chi-thi", "02/CT-UBND"),
    ("huong-dan", "05/HD-STC"),
    ("bao-cao", "120/BC-STC"),
    ("to-trinh", "33/TTr-STC"),
    ("giay-moi", "07/GM-STC"),
]


@pytest.mark.parametrize(("type_code", "number"), VALID_NUMBERS)
def test_number_with_the_right_type_mark_is_accepted(tmp_path, type_code, number):
    item = load_ok(tmp_path, post(type=type_code, number=number))
    assert item.doc_type.code == type_code
    assert item.number == number


def test_draft_may_miss_its_number(tmp_path):
    item = load_ok(tmp_path, post(number=None, draft="true"))
    assert item.draft is True
    assert item.number is None


def test_known_campaign_is_accepted(tmp_path):
    item = load_ok(tmp_path, post(campaign="bdg-2021"), campaign_ids={"bdg-2021"})
    assert item.campaign == "bdg-2021"


# --- one error per broken rule -----------------------------------------------------------------------------------


def test_missing_title(tmp_path):
    errors = load_errors(tmp_path, post(title=None))
    assert len(errors) == 1
    error = the_error(errors, "title", found="không có", expected="tiêu đề")
    assert error.line is None


@pytest.mark.parametrize("value", ['""', "'   '", "[a, b]"])
def test_blank_or_non_text_title(tmp_path, value):
    the_error(load_errors(tmp_path, post(title=value)), "title")


def test_missing_date(tmp_path):
    errors = load_errors(tmp_path, post(date=None))
    assert len(errors) == 1
    the_error(errors, "date", found="không có", expected="YYYY-MM-DD")


@pytest.mark.parametrize("value", ["11/11/2021", "2021-11-1", "ngày 11 tháng 11 năm 2021", "20211111"])
def test_malformed_date(tmp_path, value):
    errors = load_errors(tmp_path, post(date=value))
    assert len(errors) == 1
    the_error(errors, "date", found=value, expected="YYYY-MM-DD")


@pytest.mark.parametrize("value", ["2021-02-30", "2021-13-01", "2022-02-29", "2021-04-31"])
def test_impossible_date(tmp_path, value):
    errors = load_errors(tmp_path, post(date=value))
    assert len(errors) == 1
    the_error(errors, "date", found=value, expected="YYYY-MM-DD")


def test_impossible_date_does_not_stop_the_other_checks(tmp_path):
    errors = load_errors(tmp_path, post(date="2021-02-30", type="thong-bao-moi"))
    assert sorted(e.field for e in errors) == ["date", "type"]
    the_error(errors, "date", found="2021-02-30")
    the_error(errors, "type", found="thong-bao-moi")


def test_every_error_of_a_file_is_reported_at_once(tmp_path):
    text = post(title=None, date="11/11/2021", number="15/KH-STC", tittle="Thông báo", draft="có", tags="ngân sách")
    errors = load_errors(tmp_path, text)
    assert sorted(e.field for e in errors) == ["date", "draft", "number", "tags", "title", "tittle"]


def test_impossible_effective_date(tmp_path):
    the_error(load_errors(tmp_path, post(effective="2021-11-31")), "effective", found="2021-11-31")


def test_unknown_type(tmp_path):
    errors = load_errors(tmp_path, post(type="cong-van-moi"))
    assert len(errors) == 1
    error = the_error(errors, "type", found="cong-van-moi")
    for code in ("cong-van", "thong-bao", "ke-hoach", "quyet-dinh", "tin-tuc"):
        assert code in error.expected


def test_shown_name_is_not_a_type_code(tmp_path):
    the_error(load_errors(tmp_path, post(type="Thông báo")), "type", found="Thông báo", expected="thong-bao")


def test_missing_type(tmp_path):
    the_error(load_errors(tmp_path, post(type=None)), "type", found="không có", expected="cong-van")


@pytest.mark.parametrize("type_code", [code for code, _ in VALID_NUMBERS[1:]])
def test_missing_number_on_an_official_type(tmp_path, type_code):
    errors = load_errors(tmp_path, post(type=type_code, number=None))
    assert len(errors) == 1
    the_error(errors, "number", found="không có", expected=type_code)


def test_missing_number_on_a_cong_van(tmp_path):
    the_error(load_errors(tmp_path, post(type="cong-van", number=None)), "number", found="không có")


def test_missing_number_on_an_explicitly_published_document(tmp_path):
    the_error(load_errors(tmp_path, post(number=None, draft="false")), "number", found="không có")


def test_number_with_the_wrong_type_mark(tmp_path):
    errors = load_errors(tmp_path, post(type="thong-bao", number="15/KH-STC"))
    assert len(errors) == 1
    the_error(errors, "number", found="15/KH-STC", expected="TB")


@pytest.mark.parametrize(
    ("type_code", "number"),
    [
        ("ke-hoach", "57/TB-STC"),
        ("quyet-dinh", "23/QD-STC"),
        ("to-trinh", "33/STC-VP"),
        ("giay-moi", "07/TB-STC"),
        ("thong-bao", "15/STC-TB"),
    ],
)
def test_number_must_start_with_its_type_mark(tmp_path, type_code, number):
    the_error(load_errors(tmp_path, post(type=type_code, number=number)), "number", found=number)


@pytest.mark.parametrize("number", ["15/TB-STC", "57/KH-SLĐTBXH", "23/QĐ-STC"])
def test_cong_van_number_without_a_type_mark(tmp_path, number):
    errors = load_errors(tmp_path, post(type="cong-van", number=number))
    assert len(errors) == 1
    the_error(errors, "number", found=number, expected="123/STC-VP")


@pytest.mark.parametrize("number", ["15-TB-STC", "TB-STC", "15/", "số 15/TB-STC", "15/TB STC"])
def test_malformed_number(tmp_path, number):
    the_error(load_errors(tmp_path, post(number=f'"{number}"')), "number", found=number)


def test_number_on_a_tin_tuc(tmp_path):
    errors = load_errors(tmp_path, post(type="tin-tuc", number="15/TB-STC"))
    assert len(errors) == 1
    the_error(errors, "number", found="15/TB-STC", expected="tin-tuc")


def test_unknown_key(tmp_path):
    text = post(title=None, tittle="Thông báo kết quả")
    errors = load_errors(tmp_path, text)
    assert sorted(e.field for e in errors) == ["title", "tittle"]
    error = the_error(errors, "tittle", expected="title")
    assert error.line == line_of(text, "tittle:")


def test_signer_missing_name(tmp_path):
    errors = load_errors(tmp_path, post(signer="\n  title: Phó Giám đốc\n  authority: KT. Giám đốc"))
    assert len(errors) == 1
    the_error(errors, "signer.name", found="không có")


def test_signer_missing_title(tmp_path):
    errors = load_errors(tmp_path, post(signer="\n  name: Trần Quốc Sở"))
    assert len(errors) == 1
    the_error(errors, "signer.title", found="không có", expected="chức vụ")


def test_signer_as_a_single_line(tmp_path):
    the_error(load_errors(tmp_path, post(signer="Trần Quốc Sở")), "signer", found="Trần Quốc Sở", expected="name")


def test_signer_unknown_key(tmp_path):
    text = post(signer="\n  name: Trần Quốc Sở\n  title: Phó Giám đốc\n  chuc_vu: Phó Giám đốc")
    the_error(load_errors(tmp_path, text), "signer.chuc_vu")


def test_signer_on_a_tin_tuc(tmp_path):
    text = post(type="tin-tuc", number=None, signer="\n  name: Trần Quốc Sở\n  title: Phó Giám đốc")
    errors = load_errors(tmp_path, text)
    assert len(errors) == 1
    the_error(errors, "signer", expected="author")


def test_author_on_an_official_document(tmp_path):
    errors = load_errors(tmp_path, post(author="Xuân Phương"))
    assert len(errors) == 1
    the_error(errors, "author", found="Xuân Phương", expected="tin-tuc")


def test_unknown_type_does_not_also_blame_the_author(tmp_path):
    errors = load_errors(tmp_path, post(type="tin-tuc-moi", number=None, author="Xuân Phương"))
    assert [e.field for e in errors] == ["type"]


def test_recipients_not_a_list(tmp_path):
    errors = load_errors(tmp_path, post(recipients="Như trên, Lưu VT"))
    assert len(errors) == 1
    the_error(errors, "recipients", found="Như trên, Lưu VT", expected="danh sách")


def test_empty_recipient_item(tmp_path):
    the_error(load_errors(tmp_path, post(recipients='[Như trên, ""]')), "recipients[2]")


def test_reference_that_is_not_a_document_number(tmp_path):
    the_error(
        load_errors(tmp_path, post(references="[57/KH-SLĐTBXH, kế hoạch của Sở]")),
        "references[2]",
        found="kế hoạch của Sở",
    )


def test_attachment_with_a_missing_file(tmp_path):
    errors = load_errors(tmp_path, post(attachments="\n  - file: files/phu-luc-2.pdf\n    title: Phụ lục 2"))
    assert len(errors) == 1
    the_error(errors, "attachments[1].file", found="files/phu-luc-2.pdf", expected=FOLDER)


def test_second_attachment_missing_is_named_by_position(tmp_path):
    write(tmp_path, f"{FOLDER}/files/a.pdf", "pdf")
    errors = load_errors(tmp_path, post(attachments="[files/a.pdf, files/b.pdf]"))
    the_error(errors, "attachments[2].file", found="files/b.pdf")


def test_attachment_escaping_the_folder_is_refused(tmp_path):
    errors = load_errors(tmp_path, post(attachments="\n  - file: ../../x.pdf"))
    the_error(errors, "attachments[1].file", found="../../x.pdf")


def test_attachment_outside_the_docs_folder_is_refused_even_if_it_exists(tmp_path):
    docs = tmp_path / "docs"
    write(tmp_path, "secret.pdf", "not for the public")
    assert (docs / FOLDER / "../../../../secret.pdf").resolve().is_file()
    errors = load_errors(docs, post(attachments="\n  - file: ../../../../secret.pdf"))
    the_error(errors, "attachments[1].file", found="../../../../secret.pdf")


def test_attachment_with_an_absolute_path_is_refused(tmp_path):
    outside = write(tmp_path, "outside.pdf", "pdf")
    errors = load_errors(tmp_path / "docs", post(attachments=f"\n  - file: {outside}"))
    the_error(errors, "attachments[1].file", found=str(outside))


def test_attachments_not_a_list(tmp_path):
    write(tmp_path, f"{FOLDER}/files/a.pdf", "pdf")
    the_error(load_errors(tmp_path, post(attachments="files/a.pdf")), "attachments", found="files/a.pdf")


def test_attachment_unknown_key(tmp_path):
    write(tmp_path, f"{FOLDER}/files/a.pdf", "pdf")
    text = post(attachments="\n  - file: files/a.pdf\n    ten: Phụ lục")
    the_error(load_errors(tmp_path, text), "attachments[1].ten")


def test_attachment_with_a_decomposed_file_name(tmp_path):
    name = nfd("files/Phụ lục 1.pdf")
    write(tmp_path, f"{FOLDER}/{name}", "%PDF-1.4")
    item = load_ok(tmp_path, nfd(post(attachments=f"\n  - file: {name}\n    title: Phụ lục 1")))
    assert [a.title for a in item.attachments] == ["Phụ lục 1"]


def test_unknown_campaign(tmp_path):
    errors = load_errors(tmp_path, post(campaign="bdg-2022"), campaign_ids={"bdg-2021", "ccs-2023"})
    assert len(errors) == 1
    the_error(errors, "campaign", found="bdg-2022", expected=("bdg-2021", "ccs-2023", "assets/campaigns"))


def test_campaign_when_no_kit_exists(tmp_path):
    the_error(load_errors(tmp_path, post(campaign="bdg-2021"), campaign_ids=set()), "campaign", found="bdg-2021")


@pytest.mark.parametrize("value", ['"false"', "1", "có", "[true]"])
def test_draft_not_a_bool(tmp_path, value):
    errors = load_errors(tmp_path, post(draft=value))
    assert len(errors) == 1
    the_error(errors, "draft", expected="true")


def test_tags_not_a_list(tmp_path):
    errors = load_errors(tmp_path, post(tags="bình đẳng giới"))
    assert len(errors) == 1
    the_error(errors, "tags", found="bình đẳng giới", expected="danh sách")


def test_tag_without_letters(tmp_path):
    the_error(load_errors(tmp_path, post(tags='[ngân sách, "!!!"]')), "tags[2]", found="!!!")


def test_file_without_front_matter(tmp_path):
    errors = load_errors(tmp_path, "# Thông báo kết quả\n\nNội dung.\n")
    assert len(errors) == 1
    error = the_error(errors, "(phần đầu)", expected="YAML")
    assert "---" in error.found


def test_front_matter_never_closed(tmp_path):
    errors = load_errors(tmp_path, "---\ntitle: Thông báo\ndate: 2021-11-11\n\nNội dung.\n")
    the_error(errors, "(phần đầu)")


def test_broken_yaml_names_the_line(tmp_path):
    text = post(title="Thông báo: kết quả thẩm định")  # an unquoted colon, a webmaster's classic
    errors = load_errors(tmp_path, text)
    assert len(errors) == 1
    error = the_error(errors, "(phần đầu)", found="YAML")
    assert f"dòng {line_of(text, 'title:')}" in error.found


def test_front_matter_that_is_not_a_mapping(tmp_path):
    the_error(load_errors(tmp_path, "---\n- title\n- date\n---\nNội dung.\n"), "(phần đầu)")


def test_file_not_in_utf8(tmp_path):
    write(tmp_path, PATH, post(), encoding="utf-16")  # what Notepad's old "Unicode" choice saves
    item, errors = load(tmp_path, PATH)
    assert item is None
    the_error(errors, "(tệp)", expected="UTF-8")


def test_error_line_points_to_the_field(tmp_path):
    text = post(type="thong-bao-moi", effective="2021-11-31", tags="ngân sách", draft="không")
    errors = load_errors(tmp_path, text)
    lines = {e.field: e.line for e in errors}
    assert lines == {
        "type": line_of(text, "type:"),
        "effective": line_of(text, "effective:"),
        "tags": line_of(text, "tags:"),
        "draft": line_of(text, "draft:"),
    }
    for error in errors:
        assert str(error).startswith(f"{PATH}:{error.line}: ")


def test_error_line_of_a_nested_field_points_to_its_key(tmp_path):
    text = "---\n# Thông báo\n" + post(signer="\n  name: Trần Quốc Sở").removeprefix("---\n")
    error = the_error(load_errors(tmp_path, text), "signer.title")
    assert error.line == line_of(text, "signer:")


# --- NFD, BOM, CRLF, slugs ---------------------------------------------------------------------------------------

NFC_NEWS = """\
---
title: Hưởng ứng Tháng hành động vì bình đẳng giới
date: 2021-11-15
type: tin-tuc
issuer: Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng
author: Xuân Phương
tags: [bình đẳng giới, Đoàn thanh niên]
summary: Ứng phó với bạo lực trên cơ sở giới.
---
Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái.
"""


def test_nfd_file_loads_as_nfc_with_the_same_slug(tmp_path):
    name = "Hưởng ứng Tháng hành động.md"
    nfc_rel = f"tin-tuc/posts/2021/{name}"
    nfd_rel = nfd(f"tin-tuc/posts/2021/mac/{name}")
    assert nfd(NFC_NEWS) != NFC_NEWS and nfd_rel != nfc_rel

    twin = load_ok(tmp_path, NFC_NEWS, rel=nfc_rel)
    item = load_ok(tmp_path, nfd(NFC_NEWS), rel=nfd_rel)

    assert item.title == twin.title == "Hưởng ứng Tháng hành động vì bình đẳng giới"
    assert item.issuer == "Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng"
    assert item.author == "Xuân Phương"
    assert item.tags == ["bình đẳng giới", "Đoàn thanh niên"]
    assert item.summary == "Ứng phó với bạo lực trên cơ sở giới."
    assert item.body == twin.body
    assert item.body.startswith("Đảm bảo an sinh xã hội")
    for text in (item.title, item.issuer, item.author, item.summary, item.body, *item.tags):
        assert is_nfc(text)
    assert item.slug == twin.slug == "huong-ung-thang-hanh-dong"


def test_nfd_signer_and_recipients_are_nfc(tmp_path):
    text = post(
        signer="\n  name: Trần Quốc Sở\n  title: Phó Giám đốc\n  authority: KT. Giám đốc", recipients="[Như trên]"
    )
    item = load_ok(tmp_path, nfd(text))
    assert (item.signer.name, item.signer.title, item.signer.authority) == (
        "Trần Quốc Sở",
        "Phó Giám đốc",
        "KT. Giám đốc",
    )
    assert item.recipients == ["Như trên"]


def test_nfd_number_is_checked_like_nfc(tmp_path):
    item = load_ok(tmp_path, nfd(post(type="ke-hoach", number="57/KH-SLĐTBXH", title="Kế hoạch tổ chức")))
    assert item.number == "57/KH-SLĐTBXH"


def test_byte_order_mark_is_accepted(tmp_path):
    item = load_ok(tmp_path, "\ufeff" + post())
    assert item.title == "Thông báo kết quả thẩm định dự toán ngân sách năm 2022"
    assert item.number == "15/TB-STC"


def test_windows_file_with_bom_and_crlf(tmp_path):
    text = "\ufeff" + post().replace("\n", "\r\n")
    item = load_ok(tmp_path, text)
    assert item.title == "Thông báo kết quả thẩm định dự toán ngân sách năm 2022"
    assert "\r" not in item.title and "\r" not in item.number
    errors = load_errors(tmp_path, "\ufeff" + post(type="tb").replace("\n", "\r\n"))
    assert the_error(errors, "type").line == line_of(post(type="tb"), "type:")


@pytest.mark.parametrize(
    ("file_name", "slug"),
    [
        ("Hưởng ứng Tháng hành động.md", "huong-ung-thang-hanh-dong"),
        ("Đẩy mạnh chuyển đổi số.md", "day-manh-chuyen-doi-so"),
        ("thong-bao-15-tb-stc.md", "thong-bao-15-tb-stc"),
        ("Kế hoạch 57 (bản chính thức).md", "ke-hoach-57-ban-chinh-thuc"),
        ("v1.2.md", "v1-2"),
    ],
)
def test_slug_comes_from_the_file_name(tmp_path, file_name, slug):
    item = load_ok(tmp_path, post(), rel=f"tin-tuc/posts/2021/{file_name}")
    assert item.slug == slug


def test_file_name_without_letters_or_digits(tmp_path):
    rel = "tin-tuc/posts/2021/!!!.md"
    errors = load_errors(tmp_path, post(), rel=rel)
    the_error(errors, "(tên tệp)", path=rel, found="!!!")


# --- load_news: a whole site -------------------------------------------------------------------------------------


def write_site(docs, files):
    for rel, text in files.items():
        write(docs, rel, text)
    return sorted(files)


def test_load_news_gathers_the_errors_of_every_file(tmp_path):
    files = {
        "tin-tuc/posts/2021/a-bad-date.md": post(date="11/11/2021"),
        "tin-tuc/posts/2021/ok.md": post(number="16/TB-STC"),
        "tin-tuc/posts/2022/z-bad-type.md": post(date="2022-01-05", type="thong-bao-moi"),
    }
    news = load_news(tmp_path, write_site(tmp_path, files), AGENCY, set())
    assert sorted((e.path, e.field) for e in news.errors) == [
        ("tin-tuc/posts/2021/a-bad-date.md", "date"),
        ("tin-tuc/posts/2022/z-bad-type.md", "type"),
    ]
    assert [a.source_path for a in news.published] == ["tin-tuc/posts/2021/ok.md"]


def test_load_news_separates_drafts(tmp_path):
    files = {
        "tin-tuc/posts/2021/published.md": post(),
        "tin-tuc/posts/2021/draft.md": post(number=None, draft="true"),
        "tin-tuc/posts/2021/not-a-draft.md": post(number="16/TB-STC", draft="false"),
    }
    news = load_news(tmp_path, write_site(tmp_path, files), AGENCY, set())
    assert news.errors == []
    assert sorted(a.slug for a in news.published) == ["not-a-draft", "published"]
    assert [a.slug for a in news.drafts] == ["draft"]
    assert all(a.draft for a in news.drafts) and not any(a.draft for a in news.published)


def test_load_news_shows_the_docs_prefix_in_every_error(tmp_path):
    files = {
        "tin-tuc/posts/2021/bad.md": post(date="2021-02-30"),
        "tin-tuc/posts/2021/dup.md": post(number="20/TB-STC"),
        "tin-tuc/posts/2022/dup.md": post(number="21/TB-STC", date="2022-03-01"),
    }
    news = load_news(tmp_path, write_site(tmp_path, files), AGENCY, set(), shown_prefix="docs/")
    assert sorted((e.path, e.field) for e in news.errors) == [
        ("docs/tin-tuc/posts/2021/bad.md", "date"),
        ("docs/tin-tuc/posts/2021/dup.md", "(tên tệp)"),
        ("docs/tin-tuc/posts/2022/dup.md", "(tên tệp)"),
    ]
    for error in news.errors:
        assert str(error).startswith("docs/tin-tuc/posts/")


def test_load_news_reports_a_number_used_twice_in_one_year(tmp_path):
    files = {
        "tin-tuc/posts/2021/a.md": post(number="15/TB-STC"),
        "tin-tuc/posts/2021/b.md": post(number="15/TB-STC", date="2021-12-01"),
        "tin-tuc/posts/2022/c.md": post(number="15/TB-STC", date="2022-01-10"),
    }
    news = load_news(tmp_path, write_site(tmp_path, files), AGENCY, set())
    assert sorted((e.path, e.field) for e in news.errors) == [
        ("tin-tuc/posts/2021/a.md", "number"),
        ("tin-tuc/posts/2021/b.md", "number"),
    ]


def test_load_news_with_campaign_ids_found_on_disk(tmp_path):
    campaigns = tmp_path / "assets" / "campaigns"
    write(campaigns, "bdg-2021/campaign.yml", "name: Tháng hành động\n")
    (campaigns / "khong-co-yml").mkdir()
    ids = find_campaign_ids(campaigns)
    assert ids == {"bdg-2021"}
    docs = tmp_path / "docs"
    files = {
        "tin-tuc/posts/2021/a.md": post(campaign="bdg-2021"),
        "tin-tuc/posts/2021/b.md": post(number="16/TB-STC", campaign="khong-co-yml"),
    }
    news = load_news(docs, write_site(docs, files), AGENCY, ids)
    assert [a.slug for a in news.published] == ["a"]
    assert [(e.path, e.field) for e in news.errors] == [("tin-tuc/posts/2021/b.md", "campaign")]


def test_a_long_running_process_sees_every_edit_even_of_the_same_size_and_time(tmp_path):
    """A process that loads the news again (`mkdocs serve`) reads only files whose state (size,
    times, inode) changed; an edit that keeps the size and puts the modification time back is
    still seen, by its change time, and so is a file replaced by another."""
    rel = "tin-tuc/posts/2021/mot.md"
    path = write(tmp_path, rel, post(body="Nội dung AAAA.\n"))
    assert "AAAA" in load_news(tmp_path, [rel], AGENCY, set()).published[0].body
    again = load_news(tmp_path, [rel], AGENCY, set()).published[0]
    assert again is load_news(tmp_path, [rel], AGENCY, set()).published[0], "an unchanged file is not reloaded"
    times = path.stat()
    path.write_bytes(post(body="Nội dung BBBB.\n").encode("utf-8"))
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert path.stat().st_size == times.st_size and path.stat().st_mtime_ns == times.st_mtime_ns
    assert "BBBB" in load_news(tmp_path, [rel], AGENCY, set()).published[0].body
    replacement = write(tmp_path, "tin-tuc/posts/2021/khac.md", post(body="Nội dung CCCC.\n"))
    replacement.replace(path)
    assert "CCCC" in load_news(tmp_path, [rel], AGENCY, set()).published[0].body


def test_announcements_loaded_before_the_engine_lists_them_are_taken_from_memory(tmp_path, monkeypatch):
    """A build starts loading docs/tin-tuc/posts/ on the other cores before MkDocs has listed the
    site's files (start_loading); load_news then reads none of them again, loads what the list
    holds and the early loading did not (a file added meanwhile), and leaves out what the list
    does not hold."""
    from loa.content import repository

    files = {f"tin-tuc/posts/{2020 + n % 3}/van-ban-{n}.md": post(number=f"{n + 1}/TB-STC") for n in range(12)}
    listed = write_site(tmp_path, files)
    write(tmp_path, "tin-tuc/posts/2021/khong-liet-ke.md", post(number="99/TB-STC"))  # found early, not listed
    repository.start_loading(tmp_path, AGENCY, set()).finish()
    later = write(tmp_path, "tin-tuc/posts/2022/them-sau.md", post(date="2022-02-02", number="1/TB-STC"))
    read = []
    real_load = repository.load_announcement

    def load_and_tell(path, *args, **kwargs):
        read.append(path)
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr(repository, "load_announcement", load_and_tell)
    news = load_news(tmp_path, [*listed, "tin-tuc/posts/2022/them-sau.md"], AGENCY, set())
    assert news.errors == [] and read == [later]
    assert sorted(a.source_path for a in news.published) == sorted([*listed, "tin-tuc/posts/2022/them-sau.md"])
