"""Banner formats, kept in a data file designers extend without code (assets/banners/formats.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from loa.content.errors import ContentError, describe
from loa.content.frontmatter import FrontMatterError, parse_yaml_document

METRES_PER_INCH = 0.0254
DEFAULT_DPI = 100
DEFAULT_MARGIN = 0.06
DEFAULT_MIN_TEXT_PX = 28
DEFAULT_MIN_TEXT_MM = 50
_FIELDS = ("title", "width", "height", "width_m", "height_m", "dpi", "margin", "min_text_px", "min_text_mm",
           "logo", "short_name")  # fmt: skip
_FORMAT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class BannerFormat:
    """One output format. Print formats have a physical size and a dpi; screen formats do not."""

    id: str
    title: str
    width: int  # px
    height: int  # px
    margin: float  # safe margin, as a share of the shorter side
    min_text_px: int  # the smallest legible main text, in px
    dpi: int | None = None
    logo: bool = True
    short_name: bool = True

    @property
    def is_print(self) -> bool:
        return self.dpi is not None

    @property
    def margin_px(self) -> int:
        return round(self.margin * min(self.width, self.height))

    def describe_size(self) -> str:
        """ "1200 × 630 px" or "5,0 m × 0,8 m (19685 × 3150 px, 100 dpi)"."""
        if self.dpi is None:
            return f"{self.width} × {self.height} px"
        metres = [_metres(px / self.dpi * METRES_PER_INCH) for px in (self.width, self.height)]
        return f"{metres[0]} m × {metres[1]} m ({self.width} × {self.height} px, {self.dpi} dpi)"


def _metres(value: float) -> str:
    """Metres as Vietnamese write them, to the centimetre: 5,0 / 0,8 / 1,25."""
    text = f"{value:.2f}".rstrip("0")
    return (text + "0" if text.endswith(".") else text).replace(".", ",")


def load_formats(path: Path, shown_path: str) -> tuple[dict[str, BannerFormat], list[ContentError]]:
    """Read the formats file; every broken rule is one error naming the format and its field."""
    try:
        source = parse_yaml_document(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, [ContentError(shown_path, "(tệp)", "không có tệp", "tệp khai báo các khổ ảnh, băng rôn")]
    except FrontMatterError as error:
        return {}, [ContentError(shown_path, error.field, str(error), "YAML: mỗi khổ một mục", error.line)]
    formats: dict[str, BannerFormat] = {}
    errors: list[ContentError] = []
    for format_id, spec in source.meta.items():
        line = source.line_of(str(format_id))

        def error(field: str, found: str, expected: str, *, fid=format_id, line=line) -> None:
            errors.append(ContentError(shown_path, f"{fid}.{field}" if field else str(fid), found, expected, line))

        if not isinstance(format_id, str) or not _FORMAT_ID.match(format_id):
            error("", f"mã '{format_id}'", "mã khổ chữ thường không dấu, số và dấu '-', ví dụ og")
            continue
        if not isinstance(spec, dict):
            error("", describe(spec), "các khóa title, width/height hoặc width_m/height_m")
            continue
        for key in spec:
            if key not in _FIELDS:
                error(str(key), "một khóa không có trong mô hình", "một trong: " + ", ".join(_FIELDS))
        banner_format = _read_format(format_id, spec, error)
        if banner_format is not None:
            formats[format_id] = banner_format
    return formats, errors


def _number(spec: dict, key: str, error, *, minimum: float, maximum: float, integer: bool = False) -> float | None:
    value = spec.get(key)
    kind = "một số nguyên" if integer else "một số"
    if isinstance(value, bool) or not isinstance(value, int | float) or (integer and not isinstance(value, int)):
        error(key, "không có" if value is None else describe(value), f"{kind} từ {minimum:g} đến {maximum:g}")
        return None
    if not minimum <= value <= maximum:
        error(key, describe(value), f"{kind} từ {minimum:g} đến {maximum:g}")
        return None
    return value


def _read_format(format_id: str, spec: dict, error) -> BannerFormat | None:
    title = spec.get("title", format_id)
    if not isinstance(title, str) or not title.strip():
        error("title", describe(title), "tên khổ, ví dụ 'Ảnh chia sẻ mạng xã hội'")
        return None
    physical = "width_m" in spec or "height_m" in spec
    if physical:
        width_m = _number(spec, "width_m", error, minimum=0.05, maximum=20)
        height_m = _number(spec, "height_m", error, minimum=0.05, maximum=20)
        dpi = _number(spec, "dpi", error, minimum=30, maximum=600, integer=True) if "dpi" in spec else DEFAULT_DPI
        if width_m is None or height_m is None or dpi is None:
            return None
        width, height = (round(m / METRES_PER_INCH * dpi) for m in (width_m, height_m))
        min_mm = _number(spec, "min_text_mm", error, minimum=1, maximum=1000) if "min_text_mm" in spec else None
        min_text_px = round((min_mm or DEFAULT_MIN_TEXT_MM) / 1000 / METRES_PER_INCH * dpi)
    else:
        width = _number(spec, "width", error, minimum=16, maximum=20000, integer=True)
        height = _number(spec, "height", error, minimum=16, maximum=20000, integer=True)
        # A format in pixels may still be meant for print: its dpi then goes into the file.
        dpi = _number(spec, "dpi", error, minimum=30, maximum=600, integer=True) if "dpi" in spec else None
        if width is None or height is None or ("dpi" in spec and dpi is None):
            return None
        min_text_px = (
            _number(spec, "min_text_px", error, minimum=4, maximum=2000, integer=True)
            if "min_text_px" in spec
            else DEFAULT_MIN_TEXT_PX
        )
        if min_text_px is None:
            return None
    margin = _number(spec, "margin", error, minimum=0, maximum=0.3) if "margin" in spec else DEFAULT_MARGIN
    flags = {}
    for key in ("logo", "short_name"):
        value = spec.get(key, True)
        if not isinstance(value, bool):
            error(key, describe(value), "true hoặc false")
            return None
        flags[key] = value
    if margin is None:
        return None
    return BannerFormat(
        id=format_id, title=" ".join(title.split()), width=int(width), height=int(height), margin=float(margin),
        min_text_px=int(min_text_px), dpi=int(dpi) if dpi else None, **flags,
    )  # fmt: skip
