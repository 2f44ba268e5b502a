"""Campaign identity kits: `assets/campaigns/<id>/campaign.yml` (CONTENT-MODEL.md, section 3)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from loa.colors import HEX_COLOUR, MINIMUM_CONTRAST, contrast_ratio, format_ratio
from loa.content.errors import ContentError, describe
from loa.content.fields import FieldReader
from loa.content.file_types import KIT_FILE_TYPES
from loa.content.frontmatter import FrontMatterError, SourceText, parse_yaml_document
from loa.content.hidden_characters import check_yaml_text, visible
from loa.content.loader import NUMBER_PATTERN
from loa.content.published_files import FILE_FIELD, Problem, download_problems, escape_problem, image_problems
from loa.vietnamese import to_nfc

KIT_FILE = "campaign.yml"
KNOWN_FIELDS = (
    "name", "short_name", "theme", "theme_source", "start", "end", "organizer", "basis", "slogans", "colors", "logo",
)  # fmt: skip
_COLOUR_FIELDS = ("primary", "on_primary", "accent")
_LOGO_TYPES = (".png", ".svg")
_ABSOLUTE = re.compile(r"^(?:[/\\~]|[A-Za-z]:)")  # "/etc/x.png", "\\server\x.png", "~/x.png", "C:x.png"
KIT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A kit without colours takes the portal's own: deep red with white text.
DEFAULT_COLOURS = {"primary": "#9F1C1C", "on_primary": "#FFFFFF", "accent": None}


@dataclass(frozen=True)
class CampaignColours:
    primary: str
    on_primary: str
    accent: str | None = None


@dataclass(frozen=True)
class KitFile:
    """A file of the kit offered for download (logo, appendices, guidelines)."""

    name: str  # relative to the kit folder, with forward slashes
    size_bytes: int

    @property
    def file_type(self) -> str:
        return self.name.rsplit(".", 1)[-1].upper() if "." in self.name else "Tệp"


@dataclass
class Campaign:
    """A campaign kit, validated and in NFC. `theme` and `slogans` are official text, verbatim."""

    id: str
    folder: Path
    name: str
    short_name: str
    theme: str
    start: dt.date
    end: dt.date
    colours: CampaignColours
    theme_source: str | None = None
    organizer: str | None = None
    basis: list[str] = field(default_factory=list)
    slogans: list[str] = field(default_factory=list)
    logo: str | None = None  # file name in the kit folder
    files: list[KitFile] = field(default_factory=list)

    def status(self, today: dt.date) -> str:
        """Where the campaign stands on `today`, as the page says it."""
        if today < self.start:
            return "sắp diễn ra"
        if today > self.end:
            return "đã kết thúc"
        return "đang diễn ra"

    def is_running(self, today: dt.date) -> bool:
        return self.start <= today <= self.end


def load_campaign(kit: Path, shown_path: str) -> tuple[Campaign | None, list[ContentError]]:
    """Load one kit folder; `shown_path` is its campaign.yml as the designer sees it."""
    if not KIT_ID.match(kit.name):
        return None, [ContentError(shown_path, "(thư mục)", f"mã '{kit.name}'",
                                   "mã chiến dịch chữ thường không dấu, số và dấu '-', ví dụ bdg-2021")]  # fmt: skip
    if kit.is_symlink():
        found = f"thư mục là liên kết tượng trưng (symlink) tới {kit.resolve()}"
        expected = f"một thư mục thật trong {shown_path.removesuffix(f'{kit.name}/{KIT_FILE}') or 'assets/campaigns/'}"
        return None, [ContentError(shown_path, "(thư mục)", found, expected)]
    try:
        text = (kit / KIT_FILE).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [ContentError(shown_path, "(tệp)", "nội dung không phải UTF-8", "tệp văn bản UTF-8")]
    hidden = check_yaml_text(shown_path, to_nfc(text).lstrip("\ufeff"))
    try:
        source = parse_yaml_document(text)
    except FrontMatterError as error:
        if hidden:
            return None, hidden  # what broke the YAML, named, rather than YAML's riddle
        return None, [ContentError(shown_path, error.field, str(error), "YAML theo mô hình nội dung", error.line)]
    campaign, errors = _read_kit(kit, shown_path, source)
    if hidden:
        spoilt = {e.field for e in hidden}
        return None, hidden + [e for e in errors if e.path != shown_path or visible(e.key) not in spoilt]
    return campaign, errors


def _read_kit(kit: Path, shown_path: str, source: SourceText) -> tuple[Campaign | None, list[ContentError]]:
    """The campaign of a parsed campaign.yml, checked key by key, and the kit's files."""
    read = FieldReader(shown_path, source)
    meta = source.meta
    for key in meta:
        if key not in KNOWN_FIELDS:
            read.error(str(key), "một khóa không có trong mô hình", "một trong: " + ", ".join(KNOWN_FIELDS))

    name = read.text("name", required=True, expected="tên đầy đủ của chiến dịch")
    short_name = read.text("short_name", required=False, expected="tên ngắn của chiến dịch")
    theme = read.text("theme", required=True, expected="chủ đề chính thức, nguyên văn")
    theme_source = read.text("theme_source", required=False, expected="số ký hiệu văn bản, ví dụ 3496/LĐTBXH-BĐG")
    if theme_source and not NUMBER_PATTERN.match(theme_source):
        read.error("theme_source", f"'{theme_source}'", "số ký hiệu văn bản, ví dụ 3496/LĐTBXH-BĐG")
    start = read.date("start", required=True)
    end = read.date("end", required=True)
    if start and end and end < start:
        read.error(
            "end", f"{end.isoformat()}, trước ngày bắt đầu {start.isoformat()}", "ngày kết thúc từ ngày bắt đầu trở đi"
        )
    organizer = read.text("organizer", required=False, expected="cơ quan tổ chức")
    basis = read.text_list("basis", "danh sách số ký hiệu, ví dụ [57/KH-SLĐTBXH]")
    for index, number in enumerate(basis, start=1):
        if not NUMBER_PATTERN.match(number):
            read.error(f"basis[{index}]", f"'{number}'", "một số ký hiệu, ví dụ 57/KH-SLĐTBXH")
    slogans = read.text_list("slogans", "danh sách thông điệp, mỗi dòng một thông điệp")
    colours = _read_colours(read)
    kit_root = kit.parent.resolve() / kit.name
    logo = _read_logo(read, kit, kit_root)
    written_logo = meta.get("logo")  # its file is checked as the logo, even when that check failed
    logo_name = (
        Path(written_logo.strip()).as_posix() if isinstance(written_logo, str) and written_logo.strip() else None
    )
    files, file_errors = _kit_files(kit, kit_root, shown_path.removesuffix(KIT_FILE), logo_name)

    if read.errors or file_errors:
        return None, read.errors + file_errors
    assert name and theme and start and end and colours
    return Campaign(
        id=kit.name, folder=kit, name=name, short_name=short_name or name, theme=theme, start=start, end=end,
        colours=colours, theme_source=theme_source, organizer=organizer, basis=basis, slogans=slogans,
        logo=logo, files=files,
    ), []  # fmt: skip


def _read_colours(read: FieldReader) -> CampaignColours | None:
    value = read.source.meta.get("colors")
    if value is None:
        return CampaignColours(**DEFAULT_COLOURS)
    if not isinstance(value, dict):
        read.error("colors", describe(value), "bảng khóa primary, on_primary (và accent nếu có)")
        return None
    for key in value:
        if key not in _COLOUR_FIELDS:
            read.error(f"colors.{key}", "một khóa không có trong mô hình", "primary, on_primary hoặc accent")
    colours: dict[str, str | None] = {}
    valid = True
    for key in _COLOUR_FIELDS:
        colour = value.get(key)
        if colour is None and key == "accent":
            colours[key] = None
        elif isinstance(colour, str) and HEX_COLOUR.match(colour.strip()):
            colours[key] = colour.strip().upper()
        else:
            found = "không có" if colour is None else describe(colour)
            read.error(f"colors.{key}", found, 'một màu dạng "#RRGGBB" (trong dấu ngoặc kép), ví dụ "#C2410C"')
            valid = False
    if not valid:
        return None
    ratio = contrast_ratio(colours["primary"], colours["on_primary"])
    if ratio < MINIMUM_CONTRAST:
        read.error(
            "colors.on_primary",
            f"{colours['on_primary']} trên {colours['primary']}: tương phản {format_ratio(ratio)}",
            f"tương phản ít nhất {MINIMUM_CONTRAST}:1 (WCAG AA) giữa màu chữ và màu nền",
        )
        return None
    return CampaignColours(**colours)  # type: ignore[arg-type]


def _read_logo(read: FieldReader, kit: Path, kit_root: Path) -> str | None:
    """The logo's file name, once it is a PNG or an inert SVG inside the kit, small enough to draw."""
    logo = read.text("logo", required=False, expected="tên tệp biểu trưng PNG hoặc SVG trong thư mục bộ nhận diện")
    if logo is None:
        return None
    if _ABSOLUTE.match(logo):
        expected = f"tên một tệp PNG hoặc SVG trong {kit.name}/, ví dụ logo.png"
        read.error("logo", f"'{logo}' (đường dẫn tuyệt đối)", expected)
        return None
    path = kit / logo
    if not logo.lower().endswith(_LOGO_TYPES):
        read.error("logo", f"'{logo}'", "tệp PNG hoặc SVG")
        return None
    if ".." in Path(logo).parts or not path.is_file():
        read.error("logo", f"'{logo}' (không tìm thấy tệp)", f"một tệp PNG hoặc SVG có thật trong {kit.name}/")
        return None
    problems = _logo_problems(logo, path, kit_root, f"{kit.name}/")
    for label, problem in problems:
        read.error("logo", f"{label}: {problem.found}", problem.expected)
    return None if problems else logo


def _logo_problems(logo: str, path: Path, kit_root: Path, where: str) -> list[tuple[str, Problem]]:
    """What is wrong with the logo file and, for an SVG logo, with the PNG of the same name that
    the renderer draws instead: its size is read from the header before anything decodes it, so
    that a 20000×20000 logo is an error rather than gigabytes of memory."""
    escape = escape_problem(path, kit_root, where)
    if escape is not None:
        return [(f"'{logo}'", escape)]
    problems = [(f"'{logo}'", p) for p in download_problems(path, ("png", "svg"), check_pixels=True)]
    raster = path.with_suffix(".png")
    if problems or path.suffix.lower() != ".svg" or not raster.is_file():
        return problems
    if escape_problem(raster, kit_root, where) is not None:
        return []  # reported on the PNG itself, as a file of the kit
    label = f"'{raster.name}' (PNG vẽ thay cho '{logo}')"
    return [(label, p) for p in image_problems(raster, "png")]


def _kit_files(
    kit: Path, kit_root: Path, shown_kit: str, logo_name: str | None
) -> tuple[list[KitFile], list[ContentError]]:
    """The kit's files offered for download (all but campaign.yml, README* and hidden files), each
    a real file of the kit, of a type a portal publishes and what its name says. The logo's own
    problems are reported on campaign.yml's `logo`."""
    files: list[KitFile] = []
    errors: list[ContentError] = []
    for path in sorted(kit.rglob("*")):
        relative = path.relative_to(kit)
        if not path.is_file() or path.name == KIT_FILE or path.name.startswith("README"):
            continue
        if any(part.startswith(".") for part in relative.parts):
            continue
        name = relative.as_posix()
        if name != logo_name:
            problem = escape_problem(path, kit_root, f"{kit.name}/")
            problems = [problem] if problem else download_problems(path, KIT_FILE_TYPES, check_pixels=False)
            errors += [ContentError(shown_kit + name, FILE_FIELD, p.found, p.expected) for p in problems]
            if problems:
                continue
        files.append(KitFile(name, path.stat().st_size))
    return files, errors


def load_campaigns(campaigns_dir: Path, shown_dir: str) -> tuple[dict[str, Campaign], list[ContentError]]:
    """Every kit under `campaigns_dir` (folders holding a campaign.yml), with all their errors."""
    campaigns: dict[str, Campaign] = {}
    errors: list[ContentError] = []
    if not campaigns_dir.is_dir():
        return campaigns, errors
    for kit in sorted(p for p in campaigns_dir.iterdir() if (p / KIT_FILE).is_file()):
        campaign, kit_errors = load_campaign(kit, f"{shown_dir}{kit.name}/{KIT_FILE}")
        errors += kit_errors
        if campaign is not None:
            campaigns[campaign.id] = campaign
    return campaigns, errors
