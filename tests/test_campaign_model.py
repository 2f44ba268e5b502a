"""Campaign kits without a build: the demo kit, kit validation (every error names the file, the
field, what was found and what was expected), the campaign status on a date, the WCAG contrast
rule (checked against the formula written out here, not loa.colors), the build date from
SOURCE_DATE_EPOCH in Vietnam time, and the report of quotes that drift from the official text."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO_ROOT, announcement
from PIL import Image

from loa.build_date import VARIABLE, BuildDateError, build_date
from loa.content.agency import load_agency
from loa.content.campaign import Campaign, load_campaign, load_campaigns
from loa.content.errors import ContentError
from loa.content.frontmatter import parse_source
from loa.content.site_content import load_site_content
from loa.mkdocs_plugin.settings import read_project_settings

DEMO_KIT = REPO_ROOT / "assets" / "campaigns" / "bdg-2021"
CONG_VAN_SOURCE = "tin-tuc/posts/2021/huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021.md"
KE_HOACH_SOURCE = "tin-tuc/posts/2021/ke-hoach-trien-khai-thang-hanh-dong-vi-binh-dang-gioi-2021.md"

# The values of CONTENT-MODEL.md, section 3, for the demo kit.
NAME = "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2021"
SHORT_NAME = "Tháng hành động vì bình đẳng giới 2021"
THEME = (
    "Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái "
    "nhằm thực hiện bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới"
)
SLOGANS = [
    "Bình đẳng giới là chìa khóa để chấm dứt bạo lực đối với phụ nữ và trẻ em",
    "Giãn cách xã hội, kết nối yêu thương",
]
DRIFTED_THEME = THEME.replace("tăng quyền năng", "tăng cường quyền năng")
WRAPPED_THEME = THEME.replace(" trẻ em gái ", "\ntrẻ em gái\n")  # as a Markdown paragraph wraps it

KIT_YML = """\
name: Chiến dịch thử nghiệm năm 2025
short_name: Chiến dịch thử 2025
theme: Đảm bảo an sinh xã hội, tăng quyền năng cho phụ nữ và trẻ em gái
start: 2025-03-01
end: 2025-03-31
colors:
  primary: "#C2410C"
  on_primary: "#FFFFFF"
"""


# --------------------------------------------------------------------------- helpers


def kit_yml(**replace: str | None) -> str:
    """KIT_YML with top-level keys replaced by raw YAML text (None drops the key)."""
    lines = KIT_YML.splitlines()
    out: list[str] = []
    skipping = False
    for line in lines:
        key = line.split(":", 1)[0] if line and not line.startswith(" ") else None
        if key is not None:
            skipping = key in replace
            if skipping and replace[key] is not None:
                out.append(f"{key}: {replace[key]}")
        if not skipping:
            out.append(line)
    out += [f"{k}: {v}" for k, v in replace.items() if v is not None and not any(x.startswith(k + ":") for x in lines)]
    return "\n".join(out) + "\n"


def write_kit(campaigns_dir: Path, kit_id: str, text: str, files: dict[str, bytes] | None = None) -> Path:
    kit = campaigns_dir / kit_id
    kit.mkdir(parents=True)
    (kit / "campaign.yml").write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        (kit / name).parent.mkdir(parents=True, exist_ok=True)
        (kit / name).write_bytes(content)
    return kit


def load_one(tmp_path: Path, text: str, kit_id: str = "thu-2025", files: dict[str, bytes] | None = None):
    """Load one kit as the build does: (campaign or None, errors)."""
    campaigns_dir = tmp_path / "assets" / "campaigns"
    write_kit(campaigns_dir, kit_id, text, files)
    campaigns, errors = load_campaigns(campaigns_dir, "assets/campaigns/")
    return campaigns.get(kit_id), errors


def only_error(errors: list[ContentError]) -> ContentError:
    assert len(errors) == 1, "expected exactly one error, got:\n" + "\n".join(map(str, errors))
    return errors[0]


def png_bytes(size: tuple[int, int] = (8, 8), colour: str = "#C2410C") -> bytes:
    import io

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


# WCAG 2.x, written out here so that the test does not take loa.colors' word for it.
def wcag_luminance(colour: str) -> float:
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def wcag_contrast(a: str, b: str) -> float:
    high, low = sorted((wcag_luminance(a), wcag_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def epoch(moment: str) -> str:
    """SOURCE_DATE_EPOCH for an ISO moment with its UTC offset."""
    return str(int(dt.datetime.fromisoformat(moment).timestamp()))


# --------------------------------------------------------------------------- the demo kit


@pytest.fixture(scope="module")
def demo_kit() -> Campaign:
    campaign, errors = load_campaign(DEMO_KIT, "assets/campaigns/bdg-2021/campaign.yml")
    assert not errors, "\n".join(map(str, errors))
    assert campaign is not None
    return campaign


def test_demo_kit_has_the_content_model_values(demo_kit: Campaign):
    assert demo_kit.id == "bdg-2021"
    assert demo_kit.name == NAME
    assert demo_kit.short_name == SHORT_NAME
    assert demo_kit.theme == THEME
    assert demo_kit.theme_source == "3496/LĐTBXH-BĐG"
    assert (demo_kit.start, demo_kit.end) == (dt.date(2021, 11, 15), dt.date(2021, 12, 15))
    assert demo_kit.organizer == "Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng"
    assert demo_kit.basis == ["57/KH-SLĐTBXH"]
    assert demo_kit.slogans == SLOGANS
    assert (demo_kit.colours.primary, demo_kit.colours.on_primary, demo_kit.colours.accent) == (
        "#C2410C",
        "#FFFFFF",
        "#6A1B9A",
    )
    assert demo_kit.logo == "logo.png"


def test_demo_kit_official_text_is_nfc():
    text = (DEMO_KIT / "campaign.yml").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


def test_demo_kit_orange_passes_wcag_aa_with_white():
    assert wcag_contrast("#C2410C", "#FFFFFF") >= 4.5


def test_demo_logo_is_a_real_image_and_the_readme_says_it_is_a_placeholder():
    with Image.open(DEMO_KIT / "logo.png") as logo:
        logo.verify()
    with Image.open(DEMO_KIT / "logo.png") as logo:
        assert logo.format == "PNG"
        assert min(logo.size) >= 120, f"the page shows the logo at 120 px; the PNG is {logo.size}"
        colours = logo.convert("RGBA").getcolors(maxcolors=1_000_000)
        assert colours is None or len(colours) > 2, "the logo is a blank image"
    svg = ET.parse(DEMO_KIT / "logo.svg").getroot()
    assert svg.tag.endswith("svg")
    for element in svg.iter():
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert not re.match(r"(?i)https?:|//", value), f"the SVG loads {value} from elsewhere"
    readme = (DEMO_KIT / "README.md").read_text(encoding="utf-8")
    assert "placeholder" in readme.lower()
    assert "biểu trưng tạm" in readme.lower()
    assert "không phải" in readme.lower() and "chính thức" in readme.lower()


def test_demo_kit_files_offered_for_download(demo_kit: Campaign):
    names = {f.name for f in demo_kit.files}
    assert {"logo.png", "logo.svg"} <= names
    assert "campaign.yml" not in names
    for kit_file in demo_kit.files:
        assert kit_file.size_bytes == (DEMO_KIT / kit_file.name).stat().st_size


def test_the_source_cong_van_belongs_to_the_demo_campaign():
    source = parse_source((REPO_ROOT / "docs" / CONG_VAN_SOURCE).read_text(encoding="utf-8"))
    assert source.meta["campaign"] == "bdg-2021"
    assert source.meta["number"] == "2768/STC-VP"


# --------------------------------------------------------------------------- status on a date


@pytest.mark.parametrize(
    ("today", "status", "running"),
    [
        (dt.date(2021, 11, 1), "sắp diễn ra", False),
        (dt.date(2021, 11, 14), "sắp diễn ra", False),
        (dt.date(2021, 11, 15), "đang diễn ra", True),  # first day counts
        (dt.date(2021, 11, 30), "đang diễn ra", True),
        (dt.date(2021, 12, 15), "đang diễn ra", True),  # last day counts
        (dt.date(2021, 12, 16), "đã kết thúc", False),
        (dt.date(2022, 1, 1), "đã kết thúc", False),
    ],
)
def test_status_relative_to_the_build_date(demo_kit: Campaign, today: dt.date, status: str, running: bool):
    assert demo_kit.status(today) == status
    assert demo_kit.is_running(today) is running


def test_one_day_campaign_runs_on_its_day(tmp_path: Path):
    campaign, errors = load_one(tmp_path, kit_yml(start="2025-03-08", end="2025-03-08"))
    assert not errors and campaign is not None
    assert campaign.status(dt.date(2025, 3, 8)) == "đang diễn ra"
    assert campaign.status(dt.date(2025, 3, 7)) == "sắp diễn ra"
    assert campaign.status(dt.date(2025, 3, 9)) == "đã kết thúc"


# --------------------------------------------------------------------------- the build date


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        ("2021-11-20T12:00:00+07:00", dt.date(2021, 11, 20)),
        # 20:00 UTC on 15/12 is already 03:00 on 16/12 in Vietnam: after the campaign.
        ("2021-12-15T20:00:00+00:00", dt.date(2021, 12, 16)),
        ("2021-12-15T16:59:59+00:00", dt.date(2021, 12, 15)),
        ("2021-12-15T17:00:00+00:00", dt.date(2021, 12, 16)),
        # 18:00 UTC on 14/11 is 01:00 on 15/11 in Vietnam: the first day of the campaign.
        ("2021-11-14T18:00:00+00:00", dt.date(2021, 11, 15)),
        ("2021-11-14T16:59:59+00:00", dt.date(2021, 11, 14)),
    ],
)
def test_source_date_epoch_is_read_in_vietnam_time(moment: str, day: dt.date):
    assert build_date({VARIABLE: epoch(moment)}) == day


def test_source_date_epoch_name():
    assert VARIABLE == "SOURCE_DATE_EPOCH"


def test_build_date_without_the_variable_is_today_in_vietnam():
    vietnam = dt.timezone(dt.timedelta(hours=7))
    before = dt.datetime.now(vietnam).date()
    found = build_date({})
    after = dt.datetime.now(vietnam).date()
    assert found in (before, after)
    assert build_date({VARIABLE: ""}) in (before, after)


@pytest.mark.parametrize("value", ["abc", "2021-11-20", "1.6e9", "-1", "1637400000.5", "12 34"])
def test_an_invalid_source_date_epoch_names_the_variable(value: str):
    with pytest.raises(BuildDateError) as raised:
        build_date({VARIABLE: value})
    assert "SOURCE_DATE_EPOCH" in str(raised.value)
    assert value in str(raised.value)


@pytest.mark.parametrize("value", ["1637400000000", "99999999999999999999"], ids=["milliseconds", "huge"])
def test_an_out_of_range_source_date_epoch_names_the_variable(value: str):
    with pytest.raises(BuildDateError) as raised:
        build_date({VARIABLE: value})
    assert "SOURCE_DATE_EPOCH" in str(raised.value)


# --------------------------------------------------------------------------- kit validation


def test_a_good_kit_loads(tmp_path: Path):
    campaign, errors = load_one(tmp_path, KIT_YML)
    assert not errors, "\n".join(map(str, errors))
    assert campaign is not None and campaign.short_name == "Chiến dịch thử 2025"


PATH = "assets/campaigns/thu-2025/campaign.yml"


@pytest.mark.parametrize(
    ("text", "field", "found", "expected"),
    [
        pytest.param(kit_yml(theme=None), "theme", "không có", "chủ đề", id="missing-theme"),
        pytest.param(kit_yml(name=None), "name", "không có", "tên", id="missing-name"),
        pytest.param(
            kit_yml(start="2025-03-31", end="2025-03-01"), "end", "2025-03-01", "ngày bắt đầu", id="end-before-start"
        ),
        pytest.param(
            kit_yml(colors='\n  primary: "orange"\n  on_primary: "#FFFFFF"'),
            "colors.primary",
            "'orange'",
            "#RRGGBB",
            id="colour-name",
        ),
        pytest.param(
            kit_yml(colors='\n  primary: "#C2410"\n  on_primary: "#FFFFFF"'),
            "colors.primary",
            "'#C2410'",
            "#RRGGBB",
            id="colour-five-digits",
        ),
        pytest.param(
            # Unquoted, YAML reads '#C2410C' as a comment: the value is null.
            kit_yml(colors='\n  primary: #C2410C\n  on_primary: "#FFFFFF"'),
            "colors.primary",
            "không có",
            "#RRGGBB",
            id="colour-unquoted-is-a-comment",
        ),
        pytest.param(kit_yml(logo="logo.png"), "logo", "logo.png", "PNG hoặc SVG", id="missing-logo-file"),
        pytest.param(
            kit_yml(colors='\n  primary: "#F59E0B"\n  on_primary: "#FFFFFF"'),
            "colors.on_primary",
            "#FFFFFF trên #F59E0B",
            "4.5:1",
            id="low-contrast",
        ),
        pytest.param(
            kit_yml(slogan="[Một thông điệp]"), "slogan", "không có trong mô hình", "slogans", id="unknown-key"
        ),
    ],
)
def test_a_bad_kit_is_one_error_naming_file_field_found_and_expected(
    tmp_path: Path, text: str, field: str, found: str, expected: str
):
    campaign, errors = load_one(tmp_path, text)
    assert campaign is None
    error = only_error(errors)
    assert (error.path, error.field) == (PATH, field), str(error)
    assert found in error.found, str(error)
    assert expected in error.expected, str(error)
    line = str(error)
    assert line.startswith(PATH) and f"'{field}'" in line and found in line and expected in line


def test_a_low_contrast_error_shows_the_ratio(tmp_path: Path):
    _, errors = load_one(tmp_path, kit_yml(colors='\n  primary: "#F59E0B"\n  on_primary: "#FFFFFF"'))
    ratio = wcag_contrast("#F59E0B", "#FFFFFF")
    assert ratio < 4.5
    assert f"{ratio:.2f}" in only_error(errors).found


def test_end_before_start_error_points_at_the_end_line(tmp_path: Path):
    text = kit_yml(start="2025-03-31", end="2025-03-01")
    _, errors = load_one(tmp_path, text)
    end_line = next(n for n, line in enumerate(text.splitlines(), start=1) if line.startswith("end:"))
    assert only_error(errors).line == end_line


@pytest.mark.parametrize("folder", ["BDG-2021", "bdg_2021", "bdg 2021", "bình-đẳng-2021", "bdg--2021", "-bdg"])
def test_a_kit_folder_name_must_be_lowercase_ascii_with_dashes(tmp_path: Path, folder: str):
    campaign, errors = load_one(tmp_path, KIT_YML, kit_id=folder)
    assert campaign is None
    error = only_error(errors)
    assert error.path == f"assets/campaigns/{folder}/campaign.yml"
    assert folder in error.found
    assert "bdg-2021" in error.expected  # the example of a good name


def test_a_logo_file_that_exists_is_accepted_and_offered(tmp_path: Path):
    files = {"logo.png": png_bytes(), "huong-dan/cam-nang.pdf": b"%PDF-1.4 test\n"}
    campaign, errors = load_one(tmp_path, kit_yml(logo="logo.png"), files=files)
    assert not errors and campaign is not None
    assert campaign.logo == "logo.png"
    assert {f.name for f in campaign.files} >= {"logo.png", "huong-dan/cam-nang.pdf"}


def test_a_logo_outside_the_kit_is_refused(tmp_path: Path):
    (tmp_path / "assets" / "campaigns").mkdir(parents=True)
    (tmp_path / "assets" / "campaigns" / "logo.png").write_bytes(png_bytes())
    campaign, errors = load_one(tmp_path, kit_yml(logo="../logo.png"))
    assert campaign is None
    assert only_error(errors).field == "logo"


def test_all_errors_of_a_kit_are_reported_together(tmp_path: Path):
    text = kit_yml(theme=None, end="2025-02-01", colors='\n  primary: "orange"\n  on_primary: "#FFFFFF"', slogan="x")
    campaign, errors = load_one(tmp_path, text)
    assert campaign is None
    assert {e.field for e in errors} == {"theme", "end", "colors.primary", "slogan"}, "\n".join(map(str, errors))
    assert all(e.path == PATH for e in errors)


def test_errors_of_all_kits_are_reported_together(tmp_path: Path):
    campaigns_dir = tmp_path / "assets" / "campaigns"
    write_kit(campaigns_dir, "khong-ten", kit_yml(name=None))
    write_kit(campaigns_dir, "khong-chu-de", kit_yml(theme=None))
    write_kit(campaigns_dir, "tot-2025", KIT_YML)
    campaigns, errors = load_campaigns(campaigns_dir, "assets/campaigns/")
    assert set(campaigns) == {"tot-2025"}
    assert {(e.path, e.field) for e in errors} == {
        ("assets/campaigns/khong-ten/campaign.yml", "name"),
        ("assets/campaigns/khong-chu-de/campaign.yml", "theme"),
    }


def test_every_bad_colour_of_a_kit_is_reported(tmp_path: Path):
    text = kit_yml(colors='\n  primary: "orange"\n  on_primary: "#FFF"')
    _, errors = load_one(tmp_path, text)
    assert {e.field for e in errors} == {"colors.primary", "colors.on_primary"}, "\n".join(map(str, errors))


# --------------------------------------------------------------------------- contrast boundary


def _grey(level: int) -> str:
    return f"#{level:02X}{level:02X}{level:02X}"


def _boundary_greys() -> tuple[str, str]:
    """The lightest grey that white text passes on (>= 4.5:1) and the next, which fails."""
    passing = max(level for level in range(256) if wcag_contrast(_grey(level), "#FFFFFF") >= 4.5)
    return _grey(passing), _grey(passing + 1)


def colours_yml(primary: str, on_primary: str) -> str:
    return kit_yml(colors=f'\n  primary: "{primary}"\n  on_primary: "{on_primary}"')


def test_contrast_boundary_on_greys(tmp_path: Path):
    passing, failing = _boundary_greys()
    assert (passing, failing) == ("#767676", "#777777")  # 4.54:1 and 4.48:1 by the WCAG formula
    campaign, errors = load_one(tmp_path / "pass", colours_yml(passing, "#FFFFFF"))
    assert not errors and campaign is not None, "\n".join(map(str, errors))
    assert campaign.colours.primary == passing
    _, errors = load_one(tmp_path / "fail", colours_yml(failing, "#FFFFFF"))
    error = only_error(errors)
    assert error.field == "colors.on_primary"
    assert f"{wcag_contrast(failing, '#FFFFFF'):.2f}" in error.found


# Two colours whose WCAG contrast with white is within 0.0001 of 4.5, one on each side (checked below).
JUST_ABOVE = "#0778D6"
JUST_BELOW = "#046EFE"


def test_contrast_boundary_within_a_ten_thousandth(tmp_path: Path):
    above, below = wcag_contrast(JUST_ABOVE, "#FFFFFF"), wcag_contrast(JUST_BELOW, "#FFFFFF")
    assert 4.5 <= above < 4.5001, above
    assert 4.4999 < below < 4.5, below
    campaign, errors = load_one(tmp_path / "above", colours_yml(JUST_ABOVE, "#FFFFFF"))
    assert not errors and campaign is not None, "\n".join(map(str, errors))
    # Text colour and background may be either way round: dark text on a light primary.
    campaign, errors = load_one(tmp_path / "reversed", colours_yml("#FFFFFF", JUST_ABOVE))
    assert not errors and campaign is not None, "\n".join(map(str, errors))
    _, errors = load_one(tmp_path / "below", colours_yml(JUST_BELOW, "#FFFFFF"))
    assert only_error(errors).field == "colors.on_primary"


def test_a_refused_contrast_is_not_shown_as_enough(tmp_path: Path):
    _, errors = load_one(tmp_path, colours_yml(JUST_BELOW, "#FFFFFF"))
    shown = re.search(r"tương phản ([\d.,]+):1", only_error(errors).found)
    assert shown is not None
    assert float(shown.group(1).replace(",", ".")) < 4.5, only_error(errors).found


# --------------------------------------------------------------------------- drift of quotes


AGENCY, _ = load_agency(read_project_settings(REPO_ROOT / "mkdocs.yml").agency)


def drifts_of(root: Path):
    """The drift report of a folder laid out like a project (docs/, assets/campaigns/)."""
    docs = root / "docs"
    sources = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    content = load_site_content(AGENCY, root, docs, sources, root / "assets" / "campaigns")
    assert not content.errors, "\n".join(map(str, content.errors))
    return content.drifts()


def project_with(tmp_path: Path, bodies: dict[str, str], campaign: str = "bdg-2021") -> Path:
    """A folder with the demo kit and one news story per body (quotes written in the body)."""
    root = tmp_path / "drift"
    shutil.copytree(DEMO_KIT, root / "assets" / "campaigns" / "bdg-2021")
    for index, (name, body) in enumerate(bodies.items(), start=1):
        path = root / "docs" / "tin-tuc" / "posts" / "2021" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = announcement(f"Tin số {index} về bình đẳng giới", "2021-11-20", "tin-tuc", body=body, campaign=campaign)
        path.write_text(text, encoding="utf-8")
    return root


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found} of {path}"
    return found[0]


def test_the_demo_drift_is_reported_with_file_line_and_word():
    drifts = drifts_of(REPO_ROOT)
    path = "docs/" + CONG_VAN_SOURCE
    expected_line = line_of(REPO_ROOT / path, "tăng cường quyền năng và tạo cơ hội")
    assert [(d.path, d.line) for d in drifts] == [(path, expected_line)], "\n".join(map(str, drifts))
    drift = drifts[0]
    assert drift.campaign == "bdg-2021"
    assert drift.official_label == "chủ đề"
    assert any("cường" in difference for difference in drift.differences), drift.differences
    assert f"{path}:{expected_line}:" in str(drift)
    assert "cường" in str(drift)


def test_the_demo_ke_hoach_quotes_the_theme_exactly_and_is_not_reported():
    text = (REPO_ROOT / "docs" / KE_HOACH_SOURCE).read_text(encoding="utf-8")
    assert f"“{THEME}”" in text  # the plan does quote the theme...
    assert not [d for d in drifts_of(REPO_ROOT) if d.path.endswith(KE_HOACH_SOURCE)]  # ...and exactly


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(f"Chủ đề năm nay: “{THEME}”.", id="curly"),
        pytest.param(f"Chủ đề năm nay: “*{THEME}*”.", id="emphasised"),
        pytest.param(unicodedata.normalize("NFD", f"Chủ đề năm nay: “{THEME}”."), id="nfd"),
        pytest.param(f"Chủ đề năm nay: “{WRAPPED_THEME}”.", id="wrapped"),
        pytest.param(f"Thông điệp: “{SLOGANS[0]}” và «{SLOGANS[1]}».", id="slogans"),
        pytest.param("Theo chủ đề, cần “tăng cường quyền năng” cho phụ nữ.", id="short-3-words"),
        pytest.param("Thông điệp “nối yêu thương nhé” được hưởng ứng.", id="short-4-words"),
        pytest.param("Giám đốc nói: “Sở Tài chính tổ chức hội nghị tổng kết công tác năm 2021”.", id="unrelated"),
    ],
)
def test_exact_short_and_unrelated_quotes_are_not_reported(tmp_path: Path, body: str):
    assert drifts_of(project_with(tmp_path, {"tin": body})) == []


@pytest.mark.parametrize(
    ("quote", "label", "word"),
    [
        pytest.param(f"“{DRIFTED_THEME}”", "chủ đề", "cường", id="theme-curly"),
        pytest.param(f'"{DRIFTED_THEME}"', "chủ đề", "cường", id="theme-straight"),
        pytest.param(f"“{SLOGANS[0].replace(' đối', '')}”", "thông điệp 1", "đối", id="slogan-1-word-missing"),
        pytest.param(
            f"“{SLOGANS[1].replace('kết nối', 'gắn kết')}”", "thông điệp 2", "gắn", id="slogan-2-word-changed"
        ),
        pytest.param(
            unicodedata.normalize("NFD", f"“{DRIFTED_THEME}”"), "chủ đề", "cường", id="theme-nfd-still-drifts"
        ),
    ],
)
def test_a_drifting_quote_is_reported(tmp_path: Path, quote: str, label: str, word: str):
    body = f"Đoạn mở đầu.\n\nĐoạn thứ hai.\n\nNội dung: {quote}.\n"
    root = project_with(tmp_path, {"tin": body})
    drifts = drifts_of(root)
    assert len(drifts) == 1, "\n".join(map(str, drifts))
    drift = drifts[0]
    assert drift.path == "docs/tin-tuc/posts/2021/tin.md"
    assert drift.line == line_of(root / drift.path, "Nội dung:")
    assert drift.official_label == label
    assert any(word in unicodedata.normalize("NFC", d) for d in drift.differences), drift.differences


def test_several_drifts_in_files_and_lines_order(tmp_path: Path):
    bodies = {
        "b-tin": f"Một: “{DRIFTED_THEME}”.\n\nHai: “{THEME}”.\n\nBa: “{SLOGANS[0].replace(' đối', '')}”.\n",
        "a-tin": f"Chỉ một: “{SLOGANS[1].replace('kết nối', 'gắn kết')}”.\n",
    }
    root = project_with(tmp_path, bodies)
    drifts = drifts_of(root)
    posts = "docs/tin-tuc/posts/2021/"
    assert [(d.path, d.line, d.official_label) for d in drifts] == [
        (posts + "a-tin.md", line_of(root / posts / "a-tin.md", "Chỉ một:"), "thông điệp 2"),
        (posts + "b-tin.md", line_of(root / posts / "b-tin.md", "Một:"), "chủ đề"),
        (posts + "b-tin.md", line_of(root / posts / "b-tin.md", "Ba:"), "thông điệp 1"),
    ]
