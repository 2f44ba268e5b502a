"""Vietnamese text rules: slugs, diacritic folding, Nghị định 30 date lines, upper case, V/v and nơi nhận."""

import datetime as dt
import unicodedata

import pytest

from loa.vietnamese import (
    fold_diacritics,
    format_file_size,
    format_issue_date,
    format_short_date,
    recipient_lines,
    slugify,
    subject_line,
    to_nfc,
    upper_vietnamese,
)


def nfd(text):
    return unicodedata.normalize("NFD", text)


def is_nfc(text):
    return unicodedata.is_normalized("NFC", text)


# --- slugify ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hưởng ứng Tháng hành động", "huong-ung-thang-hanh-dong"),
        ("Đẩy mạnh chuyển đổi số", "day-manh-chuyen-doi-so"),
        ("đường Lê Lợi", "duong-le-loi"),
        ("ĐOÀN THANH NIÊN", "doan-thanh-nien"),
        ("Bình đẳng giới", "binh-dang-gioi"),
        ("Quyết định số 23/2021/QĐ-TTg", "quyet-dinh-so-23-2021-qd-ttg"),
        ("Thông báo: kết quả (đợt 2)!", "thong-bao-ket-qua-dot-2"),
        ("  Tin   --  mới  ", "tin-moi"),
        ("a -- b __ c", "a-b-c"),
        ("Năm 2021", "nam-2021"),
        ("Ỷ lại, ỹ, ữ, ợ", "y-lai-y-u-o"),
    ],
)
def test_slugify_gives_ascii_slug(title, slug):
    assert slugify(title) == slug


def test_slugify_result_is_lowercase_ascii_with_single_dashes():
    slug = slugify("  --Hội nghị  tổng kết -- công tác năm 2021 (Sở Tài chính)!!--  ")
    assert slug == "hoi-nghi-tong-ket-cong-tac-nam-2021-so-tai-chinh"
    assert slug.isascii()
    assert "--" not in slug
    assert not slug.startswith("-")
    assert not slug.endswith("-")


@pytest.mark.parametrize(
    "title",
    [
        "Hưởng ứng Tháng hành động",
        "Đẩy mạnh chuyển đổi số",
        "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
    ],
)
def test_slugify_nfd_input_gives_the_same_slug_as_nfc(title):
    assert nfd(title) != title  # the test really feeds decomposed text
    assert slugify(nfd(title)) == slugify(title)


@pytest.mark.parametrize("text", ["!!!", "", "   ", "---", "“”…"])
def test_slugify_without_letters_or_digits_is_empty(text):
    assert slugify(text) == ""


# --- fold_diacritics / to_nfc ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảm bảo an sinh xã hội", "Dam bao an sinh xa hoi"),
        ("đường", "duong"),
        ("Hưởng ứng", "Huong ung"),
        ("ƯỚC TÍNH", "UOC TINH"),
        ("Sóc Trăng", "Soc Trang"),
        ("abc 123", "abc 123"),
    ],
)
def test_fold_diacritics_strips_marks_and_keeps_case(text, folded):
    assert fold_diacritics(text) == folded


def test_fold_diacritics_treats_nfd_like_nfc():
    text = "Tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái"
    assert (
        fold_diacritics(nfd(text)) == fold_diacritics(text) == "Tang quyen nang va tao co hoi cho phu nu va tre em gai"
    )


def test_to_nfc_composes_decomposed_text():
    text = "Bình đẳng giới"
    assert to_nfc(nfd(text)) == text
    assert len(to_nfc(nfd(text))) < len(nfd(text))


# --- format_issue_date (Nghị định 30/2020/NĐ-CP) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2022, 2, 5), "ngày 05 tháng 02 năm 2022"),
        (dt.date(2021, 11, 11), "ngày 11 tháng 11 năm 2021"),
        (dt.date(2023, 3, 9), "ngày 09 tháng 3 năm 2023"),
        (dt.date(2024, 1, 29), "ngày 29 tháng 01 năm 2024"),
        (dt.date(2021, 12, 1), "ngày 01 tháng 12 năm 2021"),
        (dt.date(2020, 10, 10), "ngày 10 tháng 10 năm 2020"),
        (dt.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
    ],
)
def test_format_issue_date_leading_zero_rule(day, line):
    assert format_issue_date(day) == line


# Months 1 and 2 take a leading zero, months 3 to 12 do not (Phụ lục I, mục II.6).
_MONTHS_AS_WRITTEN = {
    1: "01",
    2: "02",
    3: "3",
    4: "4",
    5: "5",
    6: "6",
    7: "7",
    8: "8",
    9: "9",
    10: "10",
    11: "11",
    12: "12",
}


@pytest.mark.parametrize(("month", "written"), sorted(_MONTHS_AS_WRITTEN.items()))
def test_format_issue_date_every_month(month, written):
    assert format_issue_date(dt.date(2021, month, 15)) == f"ngày 15 tháng {written} năm 2021"
    assert format_issue_date(dt.date(2021, month, 7)) == f"ngày 07 tháng {written} năm 2021"


def test_format_issue_date_with_place():
    assert format_issue_date(dt.date(2022, 2, 5), "Sóc Trăng") == "Sóc Trăng, ngày 05 tháng 02 năm 2022"
    assert format_issue_date(dt.date(2021, 11, 11), place="Sóc Trăng") == "Sóc Trăng, ngày 11 tháng 11 năm 2021"


@pytest.mark.parametrize("place", [None, ""])
def test_format_issue_date_without_place_has_no_comma(place):
    assert format_issue_date(dt.date(2023, 3, 9), place) == "ngày 09 tháng 3 năm 2023"


# --- format_short_date -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2021, 11, 11), "11/11/2021"),
        (dt.date(2022, 2, 5), "05/02/2022"),
        (dt.date(2023, 3, 9), "09/03/2023"),
        (dt.date(2021, 12, 1), "01/12/2021"),
    ],
)
def test_format_short_date_is_dd_mm_yyyy(day, text):
    assert format_short_date(day) == text


# --- upper_vietnamese --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "upper"),
    [
        ("KT. Giám đốc", "KT. GIÁM ĐỐC"),
        ("Phó Giám đốc", "PHÓ GIÁM ĐỐC"),
        ("Sở Tài chính tỉnh Sóc Trăng", "SỞ TÀI CHÍNH TỈNH SÓC TRĂNG"),
        ("Ủy ban nhân dân tỉnh Sóc Trăng", "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG"),
        ("TM. Ủy ban nhân dân", "TM. ỦY BAN NHÂN DÂN"),
    ],
)
def test_upper_vietnamese_keeps_diacritics(text, upper):
    assert upper_vietnamese(text) == upper


def test_upper_vietnamese_nfd_input_gives_nfc_output():
    result = upper_vietnamese(nfd("Phó Giám đốc"))
    assert result == "PHÓ GIÁM ĐỐC"
    assert is_nfc(result)


# --- subject_line ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "line"),
    [
        ("Hưởng ứng Tháng hành động vì bình đẳng giới", "V/v hưởng ứng Tháng hành động vì bình đẳng giới"),
        ("Đề nghị cung cấp thông tin", "V/v đề nghị cung cấp thông tin"),
        ("Ứng phó với bão số 9", "V/v ứng phó với bão số 9"),
        ("UBND tỉnh giao dự toán ngân sách", "V/v UBND tỉnh giao dự toán ngân sách"),
        ("HĐND tỉnh thông qua nghị quyết", "V/v HĐND tỉnh thông qua nghị quyết"),
        ("COVID-19: tăng cường phòng chống dịch", "V/v COVID-19: tăng cường phòng chống dịch"),
    ],
)
def test_subject_line_lowercases_first_letter_but_not_acronyms(title, line):
    assert subject_line(title) == line


def test_subject_line_single_word_and_already_lowercase():
    assert subject_line("Góp ý") == "V/v góp ý"
    assert subject_line("góp ý dự thảo") == "V/v góp ý dự thảo"


def test_subject_line_does_not_double_an_existing_vv():
    assert subject_line("V/v hưởng ứng Tháng hành động") == "V/v hưởng ứng Tháng hành động"


# --- recipient_lines ---------------------------------------------------------------------------------------------


def test_recipient_lines_semicolons_then_full_stop():
    assert recipient_lines(["Như trên", "Ban Giám đốc", "Lưu: VT, VP"]) == [
        "- Như trên;",
        "- Ban Giám đốc;",
        "- Lưu: VT, VP.",
    ]


def test_recipient_lines_single_recipient_ends_with_full_stop():
    assert recipient_lines(["Lưu: VT"]) == ["- Lưu: VT."]


def test_recipient_lines_empty():
    assert recipient_lines([]) == []


def test_recipient_lines_existing_trailing_punctuation_is_not_doubled():
    lines = recipient_lines(["Như trên;", "Ban Giám đốc.", "UBND tỉnh (b/c); ", "Lưu: VT."])
    assert lines == ["- Như trên;", "- Ban Giám đốc;", "- UBND tỉnh (b/c);", "- Lưu: VT."]
    for line in lines:
        assert not line.endswith((";;", "..", ".;", ";."))


def test_recipient_lines_existing_leading_dash_is_not_doubled():
    assert recipient_lines(["- Như trên;", "- Lưu: VT."]) == ["- Như trên;", "- Lưu: VT."]


# --- format_file_size --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 byte"),
        (500, "500 byte"),
        (1023, "1023 byte"),
        (1024, "1 KB"),
        (245 * 1024, "245 KB"),
        (1024 * 1024, "1,0 MB"),
        (int(1.2 * 1024 * 1024), "1,2 MB"),
        (int(12.5 * 1024 * 1024) + 1, "12,5 MB"),
    ],
)
def test_format_file_size_uses_decimal_comma(size, text):
    assert format_file_size(size) == text


def test_format_file_size_never_shows_a_decimal_point():
    for size in (1500, 1_258_291, 3_456_789, 98_765_432):
        assert "." not in format_file_size(size)


def test_format_file_size_just_under_one_megabyte():
    assert format_file_size(1024 * 1024 - 1) == "1,0 MB"
