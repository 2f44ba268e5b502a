"""Render one banner graphic: the official text, the campaign's short name and logo, in its colours."""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw, UnidentifiedImageError

from loa.banners import text_layout
from loa.banners.file_content import FileContent
from loa.banners.formats import BannerFormat
from loa.banners.jobs import BannerError, BannerInputs, BannerJob, read_inputs
from loa.banners.text_layout import SetText, fit_text, layout_engine, load_font, longest_fitting_prefix, missing_glyphs
from loa.colors import MINIMUM_CONTRAST, contrast_ratio, format_ratio
from loa.vietnamese import to_nfc

LOGO_MAX_AREA = 0.20  # Luật Quảng cáo 2012, Điều 27: the logo takes at most 20% of the banner
LOGO_MIN_SIDE = 0.12  # below this share of the shorter side a logo is not legible: leave it out
LANDSCAPE = 1.25  # width/height from which the logo goes to the right rather than the bottom


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def check_job(job: BannerJob, inputs: BannerInputs | None = None) -> None:
    """Refuse, before drawing, what would come out wrong: boxes for missing glyphs, low contrast."""
    inputs = inputs or read_inputs(job)
    for text, font in ((job.text, inputs.main_font), (job.short_name, inputs.header_font)):
        missing = missing_glyphs(text, font)
        if missing:
            shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
            raise BannerError(f"{job.describe()}: phông {font.name} không có chữ {shown} trong \"{text}\"; "
                              "cần phông có đủ các chữ đó")  # fmt: skip
    ratio = contrast_ratio(job.foreground, job.background)
    if ratio < MINIMUM_CONTRAST:
        advice = [f"{c} ({format_ratio(contrast_ratio(c, job.background))})" for c in ("#FFFFFF", "#000000")
                  if contrast_ratio(c, job.background) >= MINIMUM_CONTRAST]  # fmt: skip
        raise BannerError(
            f"{job.describe()}: chữ {job.foreground} trên nền {job.background} có tương phản {format_ratio(ratio)} "
            f'trong "{job.text}"; cần ít nhất {MINIMUM_CONTRAST}:1 (WCAG AA)'
            + (f", ví dụ chữ {' hoặc '.join(advice)}" if advice else "")
        )


def plan_logo(fmt: BannerFormat, inner: Box) -> tuple[Box | None, Box]:
    """Where the logo goes (right of a horizontal banner, bottom of a vertical or square one)
    and what is left for the text. The logo's box never exceeds LOGO_MAX_AREA of the banner."""
    gutter = fmt.margin_px
    cap = math.sqrt(LOGO_MAX_AREA * fmt.width * fmt.height)
    if fmt.width / fmt.height >= LANDSCAPE:
        side = int(min(inner.height, cap, 0.28 * inner.width))
        if side < LOGO_MIN_SIDE * min(fmt.width, fmt.height):
            return None, inner
        logo = Box(inner.right - side, inner.top + (inner.height - side) // 2, side, side)
        return logo, Box(inner.left, inner.top, inner.width - side - gutter, inner.height)
    side = int(min(inner.width * 0.6, cap, 0.24 * inner.height))
    if side < LOGO_MIN_SIDE * min(fmt.width, fmt.height):
        return None, inner
    logo = Box(inner.left + (inner.width - side) // 2, inner.bottom - side, side, side)
    return logo, Box(inner.left, inner.top, inner.width, inner.height - side - gutter)


def _draw_text(
    draw: ImageDraw.ImageDraw, block: SetText, font_file: FileContent, box: Box, top: int, fill: str
) -> None:
    font = load_font(font_file, block.size, layout_engine())
    for line, (x0, _, x1, _), baseline in zip(block.lines, block.ink, block.baselines(top), strict=True):
        left = box.left + (box.width - (x1 - x0)) // 2 - x0
        draw.text((left, baseline), line, font=font, fill=fill, anchor="ls")


@functools.lru_cache(maxsize=32)
def _scaled_logo(logo: FileContent, width: int, height: int) -> Image.Image:
    """The logo scaled to fit width × height (up or down), kept for the other graphics drawn
    from the same bytes."""
    with Image.open(io.BytesIO(logo.data)) as source:
        picture = source.convert("RGBA")
    scale = min(width / picture.width, height / picture.height)
    return picture.resize(
        (max(1, round(picture.width * scale)), max(1, round(picture.height * scale))), Image.Resampling.LANCZOS
    )


def clear_caches() -> None:
    """Forget every font and logo loaded in this process (tests start cold with it)."""
    text_layout.clear_caches()
    _scaled_logo.cache_clear()


def _paste_logo(image: Image.Image, logo_file: FileContent, box: Box, plate: str) -> None:
    """The logo on a plate of the text colour, so any logo stands out from the background."""
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([box.left, box.top, box.right - 1, box.bottom - 1], radius=box.width // 8, fill=plate)
    padding = box.width // 10
    logo = _scaled_logo(logo_file, box.width - 2 * padding, box.height - 2 * padding)
    image.paste(logo, (box.left + (box.width - logo.width) // 2, box.top + (box.height - logo.height) // 2), logo)


def render_banner(job: BannerJob, inputs: BannerInputs | None = None) -> Image.Image:
    """The graphic as an RGB image, drawn from `inputs` (by default the job's files read now);
    BannerError when it cannot be made right."""
    job = _normalised(job)
    inputs = inputs or read_inputs(job)
    check_job(job, inputs)
    fmt = job.banner_format
    m = fmt.margin_px
    inner = Box(m, m, fmt.width - 2 * m, fmt.height - 2 * m)
    logo_box, text_area = plan_logo(fmt, inner) if (inputs.logo and fmt.logo) else (None, inner)

    header, header_box = None, None
    if fmt.short_name and job.short_name:
        header_height = round(text_area.height * (0.2 if fmt.width / fmt.height >= LANDSCAPE else 0.14))
        header_box = Box(text_area.left, text_area.top, text_area.width, header_height)
        header = fit_text(job.short_name, inputs.header_font, header_box.width, header_box.height,
                          max(4, fmt.min_text_px // 2), header_box.height, max_lines=2)  # fmt: skip
    rule_space = round(0.5 * header.size) if header else 0
    main_box = text_area
    if header and header_box:
        used = header_box.height + 2 * rule_space
        main_box = Box(text_area.left, text_area.top + used, text_area.width, text_area.height - used)
    main = fit_text(job.text, inputs.main_font, main_box.width, main_box.height, fmt.min_text_px, main_box.height)
    if main is None:
        fits = longest_fitting_prefix(job.text, inputs.main_font, main_box.width, main_box.height, fmt.min_text_px)
        raise BannerError(
            f'{job.describe()} ({fmt.describe_size()}): "{job.text}" ({len(job.text)} ký tự) không vừa '
            f"ở cỡ chữ nhỏ nhất còn đọc được ({fmt.min_text_px} px); chỉ vừa khoảng {len(fits)} ký tự đầu: "
            f'"{fits}". Cần rút gọn cho khổ này, hoặc bỏ khổ này khỏi assets/banners/formats.yml'
        )
    if header and header.size > 0.6 * main.size and header_box:  # the name never outshouts the text
        header = fit_text(job.short_name, inputs.header_font, header_box.width, header_box.height,
                          1, max(1, int(0.6 * main.size)), max_lines=2)  # fmt: skip

    image = Image.new("RGB", (fmt.width, fmt.height), job.background)
    draw = ImageDraw.Draw(image)
    content_height = main.height + ((header.height + rule_space * 2) if header else 0)
    top = text_area.top + (text_area.height - content_height) // 2
    if header and header_box:
        _draw_text(draw, header, inputs.header_font, text_area, top, job.foreground)
        rule_y = top + header.height + rule_space
        rule_half = max(1, header.size // 14)
        rule_width = max(header.size * 2, text_area.width // 8)
        centre = text_area.left + text_area.width // 2
        draw.rectangle([centre - rule_width // 2, rule_y - rule_half, centre + rule_width // 2, rule_y + rule_half],
                       fill=_rule_colour(job))  # fmt: skip
        top = rule_y + rule_space
    _draw_text(draw, main, inputs.main_font, text_area, top, job.foreground)
    if logo_box and inputs.logo:
        try:
            _paste_logo(image, inputs.logo, logo_box, job.foreground)
        except (UnidentifiedImageError, OSError) as error:
            raise BannerError(f"{job.describe()}: không đọc được biểu trưng {inputs.logo.name} ({error}); "
                              "cần một tệp PNG hoặc JPEG") from error  # fmt: skip
    return image


def _rule_colour(job: BannerJob) -> str:
    """The accent for the rule under the name, if it shows on the background (WCAG 1.4.11: 3:1
    for graphics); the text colour otherwise."""
    if job.accent and contrast_ratio(job.accent, job.background) >= 3:
        return job.accent
    return job.foreground


def _normalised(job: BannerJob) -> BannerJob:
    return replace(job, text=to_nfc(job.text).strip(), short_name=to_nfc(job.short_name).strip())
