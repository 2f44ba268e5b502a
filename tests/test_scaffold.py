"""`loa new`: a new announcement file with every key of the model, that loads back without error."""

import datetime as dt
import re
import unicodedata

import pytest
import yaml

from loa.cli import main
from loa.content.agency import Agency
from loa.content.loader import load_announcement
from loa.content.repository import load_news
from loa.scaffold import ScaffoldError, create_announcement

AGENCY = Agency(
    name="Sở Tài chính tỉnh Sóc Trăng",
    short_code="STC",
    place="Sóc Trăng",
    parent="Ủy ban nhân dân tỉnh Sóc Trăng",
)
DAY = dt.date(2021, 11, 11)

# Every key of CONTENT-MODEL.md section 2, in the contract's order.
MODEL_KEYS = [
    "title",
    "date",
    "type",
    "number",
    "issuer",
    "place",
    "author",
    "signer",
    "recipients",
    "references",
    "effective",
    "campaign",
    "attachments",
    "tags",
    "summary",
    "draft",
]
SIGNER_KEYS = ["name", "title", "authority"]
VIETNAMESE_LETTER = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


def create(docs, title="Đẩy mạnh chuyển đổi số", type_code="thong-bao", number="15/TB-STC", date=DAY):
    return create_announcement(docs, AGENCY, title, type_code, number, date)


def md_files(docs):
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.exists() else []


def load_back(docs, path):
    rel = path.relative_to(docs).as_posix()
    item, errors = load_announcement(path, rel, AGENCY, set())
    assert errors == [], "\n".join(map(str, errors))
    return item


def front_matter(text):
    match = re.match(r"---\n(.*?\n)---\n", text, re.S)
    assert match, text[:200]
    return match.group(1)


# --- create_announcement -----------------------------------------------------------------------------------------


def test_file_goes_to_the_year_folder_with_an_ascii_slug(tmp_path):
    path = create(tmp_path)
    assert path == tmp_path / "tin-tuc" / "posts" / "2021" / "day-manh-chuyen-doi-so.md"
    assert path.is_file()
    assert md_files(tmp_path) == ["tin-tuc/posts/2021/day-manh-chuyen-doi-so.md"]


def test_year_folder_follows_the_date(tmp_path):
    path = create(tmp_path, date=dt.date(2022, 2, 5))
    assert path.relative_to(tmp_path).as_posix() == "tin-tuc/posts/2022/day-manh-chuyen-doi-so.md"


def test_file_holds_every_key_of_the_model_with_vietnamese_comments(tmp_path):
    text = create(tmp_path).read_text(encoding="utf-8")
    head = front_matter(text)
    top_level = [line for line in head.splitlines() if line and not line.startswith((" ", "#"))]
    assert [line.split(":", 1)[0] for line in top_level] == MODEL_KEYS
    nested = [line.strip().split(":", 1)[0] for line in head.splitlines() if line.startswith("  ")]
    assert nested == SIGNER_KEYS
    for line in head.splitlines():
        assert "#" in line, f"no comment on: {line}"
        comment = line.split("#", 1)[1]
        assert VIETNAMESE_LETTER.search(comment), f"comment not in Vietnamese: {line}"
    meta = yaml.safe_load(head)
    assert list(meta) == MODEL_KEYS
    assert set(meta["signer"]) == set(SIGNER_KEYS)


def test_created_file_loads_back_with_the_given_values(tmp_path):
    path = create(tmp_path, title="Đẩy mạnh chuyển đổi số", type_code="thong-bao", number="15/TB-STC")
    item = load_back(tmp_path, path)
    assert item.title == "Đẩy mạnh chuyển đổi số"
    assert item.doc_type.code == "thong-bao"
    assert item.number == "15/TB-STC"
    assert item.date == DAY
    assert item.slug == "day-manh-chuyen-doi-so"
    assert item.issuer == AGENCY.name
    assert item.place == AGENCY.place
    assert item.signer is None
    assert item.draft is False
    assert item.body.strip()


@pytest.mark.parametrize(
    ("type_code", "number"),
    [
        ("cong-van", "2768/STC-VP"),
        ("ke-hoach", "57/KH-STC"),
        ("quyet-dinh", "23/QĐ-STC"),
        ("to-trinh", "33/TTr-STC"),
        ("giay-moi", "07/GM-STC"),
        ("tin-tuc", None),
    ],
)
def test_each_type_loads_back(tmp_path, type_code, number):
    item = load_back(tmp_path, create(tmp_path, type_code=type_code, number=number))
    assert (item.doc_type.code, item.number) == (type_code, number)


def test_tin_tuc_without_a_number(tmp_path):
    path = create(tmp_path, title="Hội nghị tổng kết năm 2021", type_code="tin-tuc", number=None)
    assert path.name == "hoi-nghi-tong-ket-nam-2021.md"
    item = load_back(tmp_path, path)
    assert item.doc_type.code == "tin-tuc"
    assert item.number is None


def test_title_with_colon_and_quotes_survives(tmp_path):
    title = 'Thông báo: kết quả "đợt 2" # lần cuối'
    path = create(tmp_path, title=title)
    assert path.name == "thong-bao-ket-qua-dot-2-lan-cuoi.md"
    assert load_back(tmp_path, path).title == title


def test_nfd_title_is_written_in_nfc(tmp_path):
    title = "Hưởng ứng Tháng hành động"
    path = create(tmp_path, title=unicodedata.normalize("NFD", title), type_code="tin-tuc", number=None)
    assert path.name == "huong-ung-thang-hanh-dong.md"
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert title in text
    assert load_back(tmp_path, path).title == title


def test_refuses_to_overwrite_an_existing_file(tmp_path):
    path = create(tmp_path)
    edited = path.read_text(encoding="utf-8").replace("Nội dung văn bản", "Nội dung đã sửa")
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(ScaffoldError) as raised:
        create(tmp_path, number="16/TB-STC")
    assert "day-manh-chuyen-doi-so.md" in str(raised.value)
    assert path.read_text(encoding="utf-8") == edited
    assert md_files(tmp_path) == ["tin-tuc/posts/2021/day-manh-chuyen-doi-so.md"]


def test_refuses_a_number_with_the_wrong_type_mark_and_writes_nothing(tmp_path):
    with pytest.raises(ScaffoldError) as raised:
        create(tmp_path, type_code="thong-bao", number="15/KH-STC")
    assert "number" in str(raised.value)
    assert "15/KH-STC" in str(raised.value)
    assert md_files(tmp_path) == []
    assert not (tmp_path / "tin-tuc" / "posts" / "2021").exists()


@pytest.mark.parametrize(
    ("type_code", "number"),
    [
        ("cong-van", "15/TB-STC"),
        ("thong-bao", None),
        ("tin-tuc", "15/TB-STC"),
        ("thong-bao", "15-TB-STC"),
    ],
)
def test_refuses_an_invalid_or_missing_number(tmp_path, type_code, number):
    with pytest.raises(ScaffoldError, match="number"):
        create(tmp_path, type_code=type_code, number=number)
    assert md_files(tmp_path) == []


def test_refuses_an_unknown_type(tmp_path):
    with pytest.raises(ScaffoldError, match="type"):
        create(tmp_path, type_code="cong-van-moi", number="2768/STC-VP")
    assert md_files(tmp_path) == []


def test_refuses_a_title_without_letters_or_digits(tmp_path):
    with pytest.raises(ScaffoldError):
        create(tmp_path, title="!!! ???")
    assert md_files(tmp_path) == []


def create_or_refuse(docs, **kwargs):
    try:
        return create(docs, **kwargs)
    except ScaffoldError:
        return None


def test_same_title_in_another_year_does_not_break_the_site(tmp_path):
    create(tmp_path, type_code="tin-tuc", number=None, date=dt.date(2021, 12, 20))
    create_or_refuse(tmp_path, type_code="tin-tuc", number=None, date=dt.date(2022, 12, 20))
    news = load_news(tmp_path, md_files(tmp_path), AGENCY, set())
    assert news.errors == [], "\n".join(map(str, news.errors))


def test_title_giving_a_reserved_slug_does_not_break_the_site(tmp_path):
    create_or_refuse(tmp_path, title="Trang", type_code="tin-tuc", number=None)
    news = load_news(tmp_path, md_files(tmp_path), AGENCY, set())
    assert news.errors == [], "\n".join(map(str, news.errors))


def test_number_already_used_this_year_does_not_break_the_site(tmp_path):
    create(tmp_path, title="Thông báo lịch tiếp công dân", number="15/TB-STC", date=dt.date(2022, 1, 10))
    create_or_refuse(tmp_path, title="Thông báo kết quả", number="15/TB-STC", date=dt.date(2022, 3, 1))
    news = load_news(tmp_path, md_files(tmp_path), AGENCY, set())
    assert news.errors == [], "\n".join(map(str, news.errors))


def write_existing(docs, relpath, text):
    path = docs / "tin-tuc" / "posts" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def existing_text(title, date, type_code="cong-van", number="205/STC-VP", **fields):
    lines = ["---", f'title: "{title}"', f"date: {date}", f"type: {type_code}"]
    lines += [f'number: "{number}"'] if number else []
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join([*lines, "---", "Nội dung.", ""])


@pytest.mark.parametrize(
    ("issued", "respelt"),
    [("205/STC-VP", "205/stc-vp"), ("205/STC-VP", "00205/STC-VP"), ("205/STC-VP", "205/2021/STC-VP"),
     ("7/STC-ĐT", "7/STC-DT"), ("15/TB-STC", "0015/TB-STC")],
)  # fmt: skip
def test_refuses_a_near_duplicate_number_in_the_same_year(tmp_path, issued, respelt):
    """The collection's rule (number_key): case, Đ/D, leading zeros and a year written in the number
    do not make another number; the message names the file and both spellings."""
    type_code = "thong-bao" if "TB" in issued else "cong-van"
    existing = write_existing(tmp_path, "2021/da-cap.md", existing_text("Đã cấp", "2021-03-01", type_code, issued))
    with pytest.raises(ScaffoldError) as raised:
        create(tmp_path, title="Văn bản mới", type_code=type_code, number=respelt, date=dt.date(2021, 9, 1))
    message = str(raised.value)
    assert message.startswith(f"{existing}: số '{respelt}' gần trùng số '{issued}' đã cấp trong năm 2021")
    assert "số 0 ở đầu" in message
    assert md_files(tmp_path) == ["tin-tuc/posts/2021/da-cap.md"]


def test_accepts_a_near_duplicate_number_in_another_year(tmp_path):
    write_existing(tmp_path, "2021/da-cap.md", existing_text("Đã cấp", "2021-03-01"))
    path = create(tmp_path, title="Văn bản mới", type_code="cong-van", number="205/stc-vp", date=dt.date(2022, 1, 5))
    assert path.relative_to(tmp_path).as_posix() == "tin-tuc/posts/2022/van-ban-moi.md"
    news = load_news(tmp_path, md_files(tmp_path), AGENCY, set())
    assert news.errors == [], "\n".join(map(str, news.errors))


def test_the_same_number_in_the_same_year_names_the_file(tmp_path):
    existing = write_existing(tmp_path, "2021/da-cap.md", existing_text("Đã cấp", "2021-03-01"))
    with pytest.raises(ScaffoldError) as raised:
        create(tmp_path, title="Văn bản mới", type_code="cong-van", number="205/STC-VP", date=dt.date(2021, 9, 1))
    assert str(raised.value) == (
        f"{existing}: số '205/STC-VP' đã cấp trong năm 2021; mỗi số ký hiệu chỉ cấp một lần trong một năm"
    )


def test_the_same_slug_in_another_year_names_the_file(tmp_path):
    existing = write_existing(tmp_path, "2020/day-manh-chuyen-doi-so.md", existing_text("Cũ", "2020-03-01"))
    with pytest.raises(ScaffoldError) as raised:
        create(tmp_path)
    assert str(raised.value) == (
        f"{existing}: đã có văn bản với cùng đường dẫn 'day-manh-chuyen-doi-so'; hãy đặt tiêu đề khác"
    )


def test_drafts_count_for_slugs_and_numbers(tmp_path):
    write_existing(tmp_path, "2020/day-manh-chuyen-doi-so.md", existing_text("Nháp", "2020-03-01", draft="true"))
    with pytest.raises(ScaffoldError, match="cùng đường dẫn"):
        create(tmp_path)
    write_existing(tmp_path, "2021/nhap.md", existing_text("Nháp", "2021-03-01", number="15/TB-STC",
                                                            type_code="thong-bao", draft="true"))  # fmt: skip
    with pytest.raises(ScaffoldError, match="đã cấp trong năm 2021"):
        create(tmp_path, title="Thông báo mới", number="015/TB-STC")


def test_an_announcement_of_a_campaign_counts_when_the_kits_are_given(tmp_path):
    write_existing(tmp_path, "2021/chien-dich.md", existing_text("Chiến dịch", "2021-03-01", campaign="bdg-2021"))
    with pytest.raises(ScaffoldError, match="gần trùng"):
        create_announcement(tmp_path, AGENCY, "Văn bản mới", "cong-van", "205/stc-vp", DAY, campaign_ids={"bdg-2021"})


def test_files_with_errors_of_their_own_do_not_stop_a_new_announcement(tmp_path):
    write_existing(tmp_path, "2021/ngay-sai.md", existing_text("Ngày sai", "2021-02-30"))
    write_existing(tmp_path, "2021/loai-sai.md", existing_text("Loại sai", "2021-03-01", type_code="cong-vam"))
    (tmp_path / "tin-tuc" / "posts" / "2021" / "khong-utf8.md").write_bytes(b"---\ntitle: \xff\n---\n")
    write_existing(tmp_path, "2021/yaml-hong.md", "---\ntitle: [\n---\nNội dung.\n")
    path = create(tmp_path, type_code="cong-van", number="205/STC-VP")
    assert path.is_file()


def test_a_file_with_errors_still_takes_its_slug(tmp_path):
    """Its file name is all its slug needs: once its errors are mended, the two would collide."""
    existing = write_existing(tmp_path, "2020/day-manh-chuyen-doi-so.md", existing_text("Ngày sai", "2020-02-30"))
    with pytest.raises(ScaffoldError) as raised:
        create(tmp_path)
    assert str(raised.value).startswith(f"{existing}: đã có văn bản với cùng đường dẫn")


LONG_TRICH_YEU = (
    "Triển khai thực hiện Nghị quyết số 68/NQ-CP ngày 01/7/2021 của Chính phủ về một số chính sách hỗ trợ "
    "người lao động và người sử dụng lao động gặp khó khăn do đại dịch COVID-19 và Quyết định số "
    "23/2021/QĐ-TTg ngày 07/7/2021 của Thủ tướng Chính phủ quy định về việc thực hiện một số chính sách hỗ trợ "
    "người lao động và người sử dụng lao động gặp khó khăn do đại dịch COVID-19 trên địa bàn tỉnh Sóc Trăng"
)


def test_long_cong_van_subject(tmp_path):
    try:
        path = create(tmp_path, title=LONG_TRICH_YEU, type_code="cong-van", number="2768/STC-VP")
    except ScaffoldError:
        return
    assert len(path.name.encode()) <= 255
    assert load_back(tmp_path, path).title == LONG_TRICH_YEU


# --- the command line: loa new ------------------------------------------------------------------------------------

MINIMAL_CONFIG = """\
site_name: Sở Tài chính tỉnh Sóc Trăng
docs_dir: {docs_dir}
extra:
  agency:
    name: Sở Tài chính tỉnh Sóc Trăng
    short_code: STC
    place: Sóc Trăng
"""


def write_config(folder, docs_dir="docs", text=None):
    config = folder / "mkdocs.yml"
    config.write_text(text if text is not None else MINIMAL_CONFIG.format(docs_dir=docs_dir), encoding="utf-8")
    return config


def new(config, title="Đẩy mạnh chuyển đổi số", type_code="thong-bao", number="15/TB-STC", date="2021-11-11"):
    argv = ["--config-file", str(config), "new", "--title", title, "--type", type_code, "--date", date]
    if number is not None:
        argv += ["--number", number]
    return main(argv)


def test_cli_new_creates_the_file(tmp_path, capsys):
    config = write_config(tmp_path)
    assert new(config) == 0
    path = tmp_path / "docs" / "tin-tuc" / "posts" / "2021" / "day-manh-chuyen-doi-so.md"
    assert path.is_file()
    assert str(path) in capsys.readouterr().out
    item = load_back(tmp_path / "docs", path)
    assert (item.title, item.doc_type.code, item.number, item.date) == (
        "Đẩy mạnh chuyển đổi số",
        "thong-bao",
        "15/TB-STC",
        DAY,
    )
    assert item.issuer == "Sở Tài chính tỉnh Sóc Trăng"


def test_cli_new_tin_tuc_without_number(tmp_path):
    config = write_config(tmp_path)
    assert new(config, title="Hội nghị tổng kết", type_code="tin-tuc", number=None, date="2022-01-05") == 0
    assert md_files(tmp_path / "docs") == ["tin-tuc/posts/2022/hoi-nghi-tong-ket.md"]


def test_cli_new_uses_the_docs_dir_of_the_config(tmp_path):
    config = write_config(tmp_path, docs_dir="noi-dung")
    assert new(config) == 0
    assert md_files(tmp_path / "noi-dung") == ["tin-tuc/posts/2021/day-manh-chuyen-doi-so.md"]
    assert not (tmp_path / "docs").exists()


def test_cli_new_reads_a_real_mkdocs_yml_with_python_and_env_tags(tmp_path):
    text = MINIMAL_CONFIG.format(docs_dir="docs") + (
        "  analytics:\n    property: !ENV [GA_ID, 'none']\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    assert new(write_config(tmp_path, text=text)) == 0
    assert md_files(tmp_path / "docs") == ["tin-tuc/posts/2021/day-manh-chuyen-doi-so.md"]


@pytest.mark.parametrize("date", ["11/11/2021", "2021-02-30", "hôm nay", ""])
def test_cli_new_bad_date_fails(tmp_path, capsys, date):
    config = write_config(tmp_path)
    assert new(config, date=date) != 0
    assert "--date" in capsys.readouterr().err
    assert md_files(tmp_path / "docs") == []


def test_cli_new_twice_fails_the_second_time(tmp_path, capsys):
    config = write_config(tmp_path)
    assert new(config) == 0
    path = tmp_path / "docs" / "tin-tuc" / "posts" / "2021" / "day-manh-chuyen-doi-so.md"
    before = path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert new(config, number="16/TB-STC") != 0
    assert "day-manh-chuyen-doi-so.md" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == before


def test_cli_new_invalid_number_fails(tmp_path, capsys):
    config = write_config(tmp_path)
    assert new(config, type_code="thong-bao", number="15/KH-STC") != 0
    assert "15/KH-STC" in capsys.readouterr().err
    assert md_files(tmp_path / "docs") == []


def test_cli_new_unknown_type_is_refused(tmp_path):
    config = write_config(tmp_path)
    with pytest.raises(SystemExit) as raised:
        new(config, type_code="van-ban")
    assert raised.value.code != 0
    assert md_files(tmp_path / "docs") == []


def test_cli_new_without_agency_fails(tmp_path, capsys):
    config = write_config(tmp_path, text="site_name: Cổng thông tin\ndocs_dir: docs\n")
    assert new(config) != 0
    assert "extra.agency" in capsys.readouterr().err
    assert md_files(tmp_path / "docs") == []


def test_cli_new_without_config_file_fails_cleanly(tmp_path, capsys):
    assert new(tmp_path / "mkdocs.yml") != 0
    assert "mkdocs.yml" in capsys.readouterr().err
