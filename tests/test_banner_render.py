"""Rendering banner graphics (loa.banners.render, formats, graphics), checked on real renders by
looking at their pixels: exact sizes and dpi, ink inside the safe margins, stacked diacritics
neither clipped nor touching the line above, the logo plate at the right or the bottom within
20% of the area, the short name, typography errors, determinism and the cache key.

Print formats are big (19685 × 3150 px): each is rendered at most twice in this module (the demo
theme and a text dense with stacked diacritics), in module fixtures. Pixel analysis uses Pillow
only: a mask of every pixel that differs from the background, and its row/column profiles."""

from __future__ import annotations

import itertools
import math
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from conftest import ARTIFACTS, REPO_ROOT
from PIL import Image, ImageChops, ImageFont, features

from loa.banners import render as render_module
from loa.banners import text_layout
from loa.banners.formats import BannerFormat, load_formats
from loa.banners.graphic_files import PREVIEW_MAX, make_preview, render_file, render_files, save_png
from loa.banners.graphics import Graphic, banner_fonts, cache_key, plan_graphics
from loa.banners.jobs import BannerError, BannerJob
from loa.banners.render import Box, plan_logo, render_banner
from loa.content.campaign import Campaign, load_campaigns

FORMATS_FILE = REPO_ROOT / "assets" / "banners" / "formats.yml"
FONTS_DIR = REPO_ROOT / "assets" / "fonts"
DEMO_KIT = REPO_ROOT / "assets" / "campaigns" / "bdg-2021"
METRES_PER_INCH = 0.0254

DENSE = " ".join(["ỂẪỖỘ ẾỀỂỄỆ ỐỒỔỖỘ ẤẦẨẪẬ"] * 3)  # every word: stacked marks above, a dot below
SCREEN = ("og", "square", "facebook-cover", "web-hero")
PRINT = ("bang-ron-ngang", "bang-ron-doc")
ALL_FORMATS = SCREEN + PRINT


def px(metres: float, dpi: int = 100) -> int:
    return round(metres / METRES_PER_INCH * dpi)


# The formats, written out here rather than read back from the code.
EXPECTED_SIZES = {
    "og": (1200, 630, None),
    "square": (1080, 1080, None),
    "facebook-cover": (1640, 624, None),
    "web-hero": (1920, 600, None),
    "bang-ron-ngang": (px(5.0), px(0.8), 100),
    "bang-ron-doc": (px(0.8), px(3.0), 100),
}


# --------------------------------------------------------------------------- pixel analysis (Pillow only)


def ink_mask(image: Image.Image, background: str) -> Image.Image:
    """255 wherever a pixel differs from the background in any channel, 0 where it is pure background."""
    diff = ImageChops.difference(image.convert("RGB"), Image.new("RGB", image.size, background))
    r, g, b = diff.split()
    return ImageChops.lighter(ImageChops.lighter(r, g), b).point(lambda v: 255 if v else 0)


def column_profile(mask: Image.Image) -> list[bool]:
    """Whether each column holds any ink. Strips of 255 rows keep one inked pixel visible in
    the box average (255 / 255 rounds to 1)."""
    width, height = mask.size
    inked = [False] * width
    for top in range(0, height, 255):
        strip = mask.crop((0, top, width, min(height, top + 255))).resize((width, 1), Image.Resampling.BOX)
        for index, value in enumerate(flattened(strip)):
            if value:
                inked[index] = True
    return inked


def flattened(image: Image.Image):
    """The pixel values (Pillow 12.1 renamed getdata)."""
    return image.get_flattened_data() if hasattr(image, "get_flattened_data") else image.getdata()


def row_profile(mask: Image.Image) -> list[bool]:
    return column_profile(mask.transpose(Image.Transpose.TRANSPOSE))


def runs(profile: list[bool], offset: int = 0) -> list[tuple[int, int]]:
    """Runs of True as (first, last + 1), shifted by `offset`."""
    found, start = [], None
    for index, value in enumerate([*profile, False]):
        if value and start is None:
            start = index
        elif not value and start is not None:
            found.append((start + offset, index + offset))
            start = None
    return found


@dataclass(frozen=True)
class Rendered:
    job: BannerJob
    image: Image.Image
    mask: Image.Image

    @property
    def fmt(self) -> BannerFormat:
        return self.job.banner_format

    @property
    def inner(self) -> tuple[int, int, int, int]:
        m = self.fmt.margin_px
        return m, m, self.fmt.width - m, self.fmt.height - m


def rendered(job: BannerJob) -> Rendered:
    image = render_banner(job)
    return Rendered(job, image, ink_mask(image, job.background))


def horizontal(fmt: BannerFormat) -> bool:
    return fmt.width > fmt.height


def find_plate(item: Rendered) -> tuple[tuple[int, int, int, int], int]:
    """The logo plate found in the pixels: the last inked run of columns (horizontal banner) or
    of rows (vertical or square banner), and its extent the other way. Returns its box
    (left, top, right, bottom) and the pure-background gap between it and the rest of the ink."""
    mask, (width, height) = item.mask, item.image.size
    if horizontal(item.fmt):
        columns = runs(column_profile(mask))
        left, right = columns[-1]
        rows = runs(row_profile(mask.crop((left, 0, right, height))))
        assert len(rows) == 1, f"{item.fmt.id}: the rightmost ink is not one block: rows {rows}"
        gap = left - columns[-2][1] if len(columns) > 1 else left
        return (left, rows[0][0], right, rows[0][1]), gap
    rows = runs(row_profile(mask))
    top, bottom = rows[-1]
    columns = runs(column_profile(mask.crop((0, top, width, bottom))))
    assert len(columns) == 1, f"{item.fmt.id}: the lowest ink is not one block: columns {columns}"
    gap = top - rows[-2][1] if len(rows) > 1 else top
    return (columns[0][0], top, columns[0][1], bottom), gap


def text_column(item: Rendered, with_logo: bool = True) -> tuple[int, int, int, int]:
    """The area of the text: the inner area less the logo plate found in the pixels."""
    left, top, right, bottom = item.inner
    if with_logo:
        plate, _ = find_plate(item)
        if horizontal(item.fmt):
            right = plate[0]
        else:
            bottom = plate[1]
    return left, top, right, bottom


def bands(item: Rendered, area: tuple[int, int, int, int]) -> list[tuple[int, int]]:
    """Runs of rows holding ink inside `area`, separated by full rows of pure background."""
    return runs(row_profile(item.mask.crop(area)), offset=area[1])


def is_rule(item: Rendered, band: tuple[int, int], area: tuple[int, int, int, int]) -> bool:
    """The rule under the short name: a solid rectangle, wide (an eighth of the text column)."""
    strip = item.mask.crop((area[0], band[0], area[2], band[1]))
    box = strip.getbbox()
    if box is None:
        return False
    width, height = box[2] - box[0], box[3] - box[1]
    solid = strip.crop(box).getextrema() == (255, 255)
    return solid and width >= 2 * height and width >= (area[2] - area[0]) // 10


def split_at_rule(item: Rendered, area) -> tuple[list, tuple[int, int] | None, list]:
    """(bands of the short name, the rule, bands of the main text)."""
    found = bands(item, area)
    for index, band in enumerate(found):
        if is_rule(item, band, area):
            return found[:index], band, found[index + 1 :]
    return [], None, found


def assert_nothing_in_margins(item: Rendered) -> None:
    left, top, right, bottom = item.inner
    width, height = item.image.size
    box = item.mask.getbbox()
    assert box is not None, f"{item.fmt.id}: nothing drawn"
    for name, strip in {
        "top": (0, 0, width, top),
        "bottom": (0, bottom, width, height),
        "left": (0, 0, left, height),
        "right": (right, 0, width, height),
    }.items():
        assert item.mask.crop(strip).getbbox() is None, (
            f"{item.fmt.id}: ink in the {name} margin ({item.fmt.margin_px} px); ink box {box}, safe area {item.inner}"
        )
    assert left <= box[0] and top <= box[1] and box[2] <= right and box[3] <= bottom


def assert_dense_lines_apart(item: Rendered, area) -> int:
    """For a text whose every word has stacked marks above and a dot below: each line shows
    as marks, letters, dots; between the letters of two lines there must be at least two
    bands (the dots of one line, a background row, the marks of the next). Returns the lines."""
    _, rule, main = split_at_rule(item, area)
    tallest = max(b - a for a, b in main)
    letters = [index for index, (a, b) in enumerate(main) if b - a >= 0.6 * tallest]
    heights = [main[i][1] - main[i][0] for i in letters]
    assert len(letters) >= 2, f"{item.fmt.id}: the dense text is not in several lines: bands {main}"
    assert max(heights) - min(heights) <= max(2, 0.04 * max(heights)), (
        f"{item.fmt.id}: letter rows of unequal height {heights}: lines merged? bands {main}"
    )
    assert letters[0] >= 1, f"{item.fmt.id}: no marks above the first line (clipped?): {main}"
    assert letters[-1] <= len(main) - 2, f"{item.fmt.id}: no dots below the last line (clipped?): {main}"
    for first, second in zip(letters, letters[1:], strict=False):
        between = main[first + 1 : second]
        assert len(between) >= 2, (
            f"{item.fmt.id}: the dots of one line touch the marks of the next: bands {between} "
            f"between letter rows {main[first]} and {main[second]}"
        )
        assert main[first + 1][0] > main[first][1] and main[second][0] > main[second - 1][1]
    if rule is not None:
        assert main[0][0] > rule[1]
    return len(letters)


def save_artifact(image: Image.Image, name: str, longest: int | None = None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if longest and max(image.size) > longest:
        image = image.reduce(math.ceil(max(image.size) / longest))
    image.save(ARTIFACTS / name)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def formats() -> dict[str, BannerFormat]:
    loaded, errors = load_formats(FORMATS_FILE, "assets/banners/formats.yml")
    assert errors == []
    return loaded


@pytest.fixture(scope="module")
def demo() -> Campaign:
    campaigns, errors = load_campaigns(DEMO_KIT.parent, "assets/campaigns/")
    assert errors == []
    return campaigns["bdg-2021"]


@pytest.fixture(scope="module")
def fonts():
    return banner_fonts(FONTS_DIR)


@pytest.fixture(scope="module")
def theme_job(demo, formats, fonts) -> BannerJob:
    return plan_graphics(demo, [formats["og"]], fonts)[0].job


@pytest.fixture(scope="module")
def theme_renders(demo, formats, fonts) -> dict[str, Rendered]:
    """The demo kit's theme in every format of the real file (each print format rendered once)."""
    graphics = plan_graphics(demo, list(formats.values()), fonts)
    renders = {g.job.banner_format.id: rendered(g.job) for g in graphics if g.text_slug == "chu-de"}
    save_artifact(renders["bang-ron-ngang"].image, "banner-bdg-2021-bang-ron-ngang.png", 2000)
    save_artifact(renders["og"].image, "banner-bdg-2021-og.png")
    return renders


@pytest.fixture(scope="module")
def dense_renders(theme_job, formats) -> tuple[dict[str, Rendered], dict[str, tuple[int, int, int]]]:
    """A text dense with stacked diacritics in every format (each print format rendered once),
    and the box each format gives the main text (recorded from render's call of fit_text)."""
    boxes: dict[str, tuple[int, int, int]] = {}
    real_fit = render_module.fit_text
    renders = {}
    with pytest.MonkeyPatch.context() as patch:
        for fmt in formats.values():

            def spy(text, font, width, height, min_size, max_size, *args, fmt=fmt, **kwargs):
                if text == DENSE:
                    boxes[fmt.id] = (width, height, min_size)
                return real_fit(text, font, width, height, min_size, max_size, *args, **kwargs)

            patch.setattr(render_module, "fit_text", spy)
            renders[fmt.id] = rendered(replace(theme_job, text=DENSE, banner_format=fmt))
    save_artifact(renders["og"].image, "banner-dense-diacritics-og.png")
    save_artifact(renders["bang-ron-doc"].image, "banner-dense-diacritics-bang-ron-doc.png", 1600)
    return renders, boxes


def write_formats(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "formats.yml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the formats file


def test_the_formats_file_has_every_format_at_its_exact_size(formats):
    assert set(EXPECTED_SIZES) <= set(formats)
    for format_id, (width, height, dpi) in EXPECTED_SIZES.items():
        fmt = formats[format_id]
        assert (fmt.width, fmt.height, fmt.dpi) == (width, height, dpi), format_id
        assert fmt.is_print == (dpi is not None)
    assert (formats["bang-ron-ngang"].width, formats["bang-ron-ngang"].height) == (19685, 3150)
    assert (formats["bang-ron-doc"].width, formats["bang-ron-doc"].height) == (3150, 11811)
    assert formats["bang-ron-ngang"].describe_size() == "5,0 m × 0,8 m (19685 × 3150 px, 100 dpi)"
    assert formats["bang-ron-doc"].describe_size() == "0,8 m × 3,0 m (3150 × 11811 px, 100 dpi)"
    assert formats["og"].describe_size() == "1200 × 630 px"


@pytest.mark.parametrize("format_id", ALL_FORMATS)
def test_each_format_renders_at_its_exact_size(theme_renders, format_id):
    width, height, _ = EXPECTED_SIZES[format_id]
    image = theme_renders[format_id].image
    assert image.size == (width, height)
    assert image.mode == "RGB"


def test_a_designer_adds_formats_without_code(tmp_path, theme_job):
    """A new screen format and a new print format (A3 at 150 dpi) in the data file render at
    their sizes; dpi defaults to 100 and is settable per format."""
    path = write_formats(
        tmp_path,
        FORMATS_FILE.read_text(encoding="utf-8")
        + "zalo-cover:\n  title: Ảnh bìa Zalo\n  width: 1590\n  height: 400\n"
        + "poster-a3:\n  title: Áp phích A3\n  width_m: 0.297\n  height_m: 0.42\n  dpi: 150\n  min_text_mm: 8\n"
        + "bang-ron-nho:\n  title: Băng rôn nhỏ\n  width_m: 1.2\n  height_m: 0.4\n",
    )
    loaded, errors = load_formats(path, "formats.yml")
    assert errors == []
    assert set(EXPECTED_SIZES) | {"zalo-cover", "poster-a3", "bang-ron-nho"} == set(loaded)
    assert (loaded["zalo-cover"].width, loaded["zalo-cover"].height, loaded["zalo-cover"].dpi) == (1590, 400, None)
    assert (loaded["poster-a3"].width, loaded["poster-a3"].height, loaded["poster-a3"].dpi) == (
        px(0.297, 150),
        px(0.42, 150),
        150,
    )
    assert (loaded["bang-ron-nho"].width, loaded["bang-ron-nho"].height, loaded["bang-ron-nho"].dpi) == (
        px(1.2),
        px(0.4),
        100,
    )
    for format_id in ("zalo-cover", "poster-a3"):
        item = rendered(replace(theme_job, banner_format=loaded[format_id]))
        assert item.image.size == (loaded[format_id].width, loaded[format_id].height)
        assert_nothing_in_margins(item)
        find_plate(item)


BAD_ENTRIES = [
    ("og-hong:\n  width: '1200'\n  height: 630\n", "og-hong.width"),
    ("og-hong:\n  width: 1200\n", "og-hong.height"),
    ("og-hong:\n  width: 1200.5\n  height: 630\n", "og-hong.width"),
    ("og-hong:\n  width: 5\n  height: 630\n", "og-hong.width"),
    ("og-hong:\n  width: 1200\n  height: 630\n  margin: 0.5\n", "og-hong.margin"),
    ("og-hong:\n  width: 1200\n  height: 630\n  min_text_px: 0\n", "og-hong.min_text_px"),
    ("og-hong:\n  width: 1200\n  height: 630\n  logo: co\n", "og-hong.logo"),
    ("og-hong:\n  width: 1200\n  height: 630\n  short_name: 1\n", "og-hong.short_name"),
    ("og-hong:\n  width: 1200\n  height: 630\n  colour: red\n", "og-hong.colour"),
    ("og-hong:\n  title: ''\n  width: 1200\n  height: 630\n", "og-hong.title"),
    ("bang-ron-hong:\n  width_m: 5.0\n", "bang-ron-hong.height_m"),
    ("bang-ron-hong:\n  width_m: 5.0\n  height_m: 0.8\n  dpi: 72.5\n", "bang-ron-hong.dpi"),
    ("bang-ron-hong:\n  width_m: 5.0\n  height_m: 0.8\n  dpi: 5000\n", "bang-ron-hong.dpi"),
    ("bang-ron-hong:\n  width_m: 0\n  height_m: 0.8\n", "bang-ron-hong.width_m"),
    ("bang-ron-hong:\n  width_m: 5.0\n  height_m: 0.8\n  min_text_mm: -3\n", "bang-ron-hong.min_text_mm"),
    ("Og_Hong:\n  width: 1200\n  height: 630\n", "Og_Hong"),
    ("og-hong: 1200x630\n", "og-hong"),
]


@pytest.mark.parametrize(("entry", "field"), BAD_ENTRIES, ids=[field for _, field in BAD_ENTRIES])
def test_a_bad_format_entry_names_the_file_the_format_and_the_field(tmp_path, entry, field):
    path = write_formats(tmp_path, "og:\n  width: 1200\n  height: 630\n" + entry)
    loaded, errors = load_formats(path, "assets/banners/formats.yml")
    assert "og" in loaded, "the good entries still load"
    assert errors, f"no error for {entry!r}"
    messages = [str(error) for error in errors]
    assert any(f"'{field}'" in message for message in messages), messages
    for message in messages:
        assert message.startswith("assets/banners/formats.yml:4:"), message  # the file and the entry's line


def test_a_missing_formats_file_is_an_error(tmp_path):
    loaded, errors = load_formats(tmp_path / "khong-co.yml", "assets/banners/khong-co.yml")
    assert loaded == {} and len(errors) == 1
    assert str(errors[0]).startswith("assets/banners/khong-co.yml")


def test_dpi_on_a_format_given_in_pixels_is_used_or_refused(tmp_path):
    path = write_formats(tmp_path, "poster:\n  title: Áp phích\n  width: 3508\n  height: 4961\n  dpi: 300\n")
    loaded, errors = load_formats(path, "formats.yml")
    refused = any("poster.dpi" in str(error) for error in errors)
    assert refused or loaded["poster"].dpi == 300, (loaded, errors)


def test_the_described_size_of_a_print_format_is_its_real_size(tmp_path):
    path = write_formats(tmp_path, "bang-ron:\n  title: Băng rôn\n  width_m: 1.25\n  height_m: 0.75\n")
    loaded, errors = load_formats(path, "formats.yml")
    assert errors == []
    described = loaded["bang-ron"].describe_size()
    assert described.startswith("1,25 m × 0,75 m"), described


# --------------------------------------------------------------------------- the graphics of a kit


def test_one_graphic_for_the_theme_and_one_per_message_in_each_format(demo, formats, fonts):
    graphics = plan_graphics(demo, list(formats.values()), fonts)
    texts = [demo.theme, *demo.slogans]
    assert len(demo.slogans) == 2
    assert len(graphics) == len(texts) * len(formats)
    assert {(g.job.text, g.job.banner_format.id) for g in graphics} == {(t, f) for t in texts for f in formats}
    assert len({g.file_name for g in graphics}) == len(graphics)
    for graphic in graphics:
        assert graphic.job.short_name == demo.short_name
        assert graphic.job.logo == DEMO_KIT / "logo.png"
        assert (graphic.job.background, graphic.job.foreground) == (demo.colours.primary, demo.colours.on_primary)
        assert graphic.file_name.startswith("bdg-2021-") and graphic.file_name.endswith(".png")


# --------------------------------------------------------------------------- logo


def synthetic_formats() -> Iterator[BannerFormat]:
    for width, height in [(1200, 630), (1080, 1080), (1000, 1250), (1250, 1000), (3000, 300), (300, 3000),
                          (640, 640), (1600, 1200), (1200, 1600), (4000, 800), (800, 4000), (512, 256)]:  # fmt: skip
        for margin in (0.0, 0.06, 0.2):
            yield BannerFormat(f"f{width}x{height}", "t", width, height, margin, 20)


def check_logo_plan(fmt: BannerFormat) -> None:
    m = fmt.margin_px
    inner = Box(m, m, fmt.width - 2 * m, fmt.height - 2 * m)
    logo, text = plan_logo(fmt, inner)
    assert logo is not None, f"{fmt}: no room for the logo"
    assert logo.width * logo.height <= 0.20 * fmt.width * fmt.height, f"{fmt.id}: logo over 20% of the area"
    assert inner.left <= logo.left and logo.right <= inner.right and inner.top <= logo.top
    assert logo.bottom <= inner.bottom
    if fmt.width >= 1.25 * fmt.height:  # horizontal: at the right, centred vertically
        assert logo.right == inner.right
        assert abs((logo.top + logo.bottom) - (inner.top + inner.bottom)) <= 1
        assert text.right + fmt.margin_px <= logo.left, "the text keeps a gutter from the logo"
    else:  # vertical (and square): at the bottom, centred horizontally
        assert logo.bottom == inner.bottom
        assert abs((logo.left + logo.right) - (inner.left + inner.right)) <= 1
        assert text.bottom + fmt.margin_px <= logo.top
    if fmt.height >= 1.25 * fmt.width:
        assert logo.bottom == inner.bottom


def test_the_logo_plan_of_every_real_format(formats):
    for fmt in formats.values():
        check_logo_plan(fmt)


def test_the_logo_plan_of_other_shapes():
    for fmt in synthetic_formats():
        check_logo_plan(fmt)


@pytest.mark.parametrize("format_id", ALL_FORMATS)
def test_the_logo_plate_in_the_pixels(theme_renders, format_id):
    """The plate (a rounded square in the text colour, the logo on it) found in the pixels: at
    the right of a horizontal banner, at the bottom of a vertical one, at most 20% of the area,
    apart from the text by at least the margin, where plan_logo puts it."""
    item = theme_renders[format_id]
    fmt, image = item.fmt, item.image
    (left, top, right, bottom), gap = find_plate(item)
    side = right - left
    m = fmt.margin_px
    assert abs((bottom - top) - side) <= 1, f"plate {left, top, right, bottom} is not square"
    assert side * (bottom - top) <= 0.20 * fmt.width * fmt.height
    assert side >= 0.12 * min(fmt.width, fmt.height)
    assert gap >= m, f"only {gap} px of background between the text and the logo"
    if format_id in ("og", "facebook-cover", "web-hero", "bang-ron-ngang"):
        assert right == fmt.width - m and abs((top + bottom) - fmt.height) <= 2, "horizontal: right, centred"
    else:
        assert bottom == fmt.height - m and abs((left + right) - fmt.width) <= 2, "vertical: bottom, centred"
    planned, _ = plan_logo(fmt, Box(m, m, fmt.width - 2 * m, fmt.height - 2 * m))
    assert planned is not None
    assert (left, top, right, bottom) == (planned.left, planned.top, planned.right, planned.bottom)
    # the plate is the text colour along its sides; the logo (other colours) is in the middle
    foreground = Image.new("RGB", (1, 1), item.job.foreground).getpixel((0, 0))
    inset = max(2, side // 40)
    middle_x, middle_y = (left + right) // 2, (top + bottom) // 2
    for point in [(left + inset, middle_y), (right - 1 - inset, middle_y), (middle_x, top + inset),
                  (middle_x, bottom - 1 - inset)]:  # fmt: skip
        assert image.getpixel(point) == foreground, f"{point} is not the plate colour"
    logo_colours = image.crop((left + side // 4, top + side // 4, right - side // 4, bottom - side // 4)).getcolors(
        1 << 20
    )
    assert logo_colours is not None and len(logo_colours) > 2, "no logo drawn on the plate"


# --------------------------------------------------------------------------- short name and margins


@pytest.mark.parametrize("format_id", ALL_FORMATS)
def test_the_short_name_sits_above_a_rule_and_the_text(theme_renders, format_id):
    item = theme_renders[format_id]
    area = text_column(item)
    header, rule, main = split_at_rule(item, area)
    assert rule is not None, f"{format_id}: no rule under the short name"
    assert header, f"{format_id}: no short name above the rule"
    assert main, f"{format_id}: no text below the rule"
    header_height = max(b - a for a, b in header)
    assert header_height < max(b - a for a, b in main), "the short name never outshouts the text"


@pytest.mark.parametrize("format_id", SCREEN)
def test_without_a_short_name_there_is_no_header(theme_renders, format_id):
    item = rendered(replace(theme_renders[format_id].job, short_name=""))
    header, rule, main = split_at_rule(item, text_column(item))
    assert rule is None and header == [] and main
    assert_nothing_in_margins(item)


def test_format_switches_for_logo_and_short_name(theme_job):
    bare = BannerFormat("bare", "t", 1200, 630, 0.06, 30, logo=False, short_name=False)
    item = rendered(replace(theme_job, banner_format=bare))
    area = text_column(item, with_logo=False)
    header, rule, main = split_at_rule(item, area)
    assert rule is None and header == []
    # no plate: the ink is text only and centred in the whole inner area
    box = item.mask.getbbox()
    assert box is not None
    assert abs((box[0] + box[2]) - 1200) <= 4, f"text not centred without a logo: {box}"
    colours = item.image.getcolors(1 << 16)
    foreground = Image.new("RGB", (1, 1), theme_job.foreground).getpixel((0, 0))
    white = next(count for count, colour in colours if colour == foreground)
    assert white < 0.2 * 1200 * 630, "no plate-sized area of the text colour"


@pytest.mark.parametrize("format_id", ALL_FORMATS)
def test_the_demo_theme_keeps_inside_the_safe_margins(theme_renders, format_id):
    assert_nothing_in_margins(theme_renders[format_id])


# --------------------------------------------------------------------------- stacked diacritics


@pytest.mark.parametrize("format_id", ALL_FORMATS)
def test_stacked_diacritics_stay_inside_the_margins(dense_renders, format_id):
    assert_nothing_in_margins(dense_renders[0][format_id])


@pytest.mark.parametrize("format_id", ALL_FORMATS)
def test_stacked_diacritics_never_touch_the_line_above(dense_renders, format_id):
    item = dense_renders[0][format_id]
    lines = assert_dense_lines_apart(item, text_column(item))
    assert lines >= 2


def test_stacked_diacritics_are_not_clipped(theme_job):
    """Where the layout puts each line, the pixels hold its full ink: the top row of the marks
    and the bottom row of the dots are inked, the rows just outside each line are background."""
    fmt = BannerFormat("plain", "t", 1200, 630, 0.06, 30, logo=False, short_name=False)
    item = rendered(replace(theme_job, text=DENSE, banner_format=fmt))
    m = fmt.margin_px
    block = text_layout.fit_text(DENSE, theme_job.fonts.main, 1200 - 2 * m, 630 - 2 * m, 30, 630 - 2 * m)
    assert block is not None and len(block.lines) >= 2
    font = text_layout.load_font(theme_job.fonts.main, block.size, text_layout.layout_engine())
    top = m + (630 - 2 * m - block.height) // 2
    inked = row_profile(item.mask)
    for line, baseline in zip(block.lines, block.baselines(top), strict=True):
        _, ink_top, _, ink_bottom = font.getbbox(line, anchor="ls")
        first, last = baseline + ink_top, baseline + ink_bottom - 1
        assert inked[first] and inked[last], f"{line}: ink missing at rows {first} or {last}"
        assert not inked[first - 1] and not inked[last + 1], f"{line}: ink beyond rows {first}..{last}"
        assert ink_top < -0.9 * block.size, "the stacked marks rise above the cap height"
    box = item.mask.getbbox()
    assert box is not None and box[3] - box[1] == block.height


@pytest.fixture
def basic_engine(monkeypatch):
    """Pillow's basic layout, as without Raqm: every font loaded from now on uses it."""
    engines: list[ImageFont.Layout] = []
    real_truetype = ImageFont.truetype

    def truetype(*args, **kwargs):
        engines.append(kwargs.get("layout_engine"))
        return real_truetype(*args, **kwargs)

    for module in (text_layout, render_module):
        monkeypatch.setattr(module, "layout_engine", lambda: ImageFont.Layout.BASIC)
    monkeypatch.setattr(ImageFont, "truetype", truetype)
    render_module.clear_caches()
    yield engines
    render_module.clear_caches()


@pytest.mark.parametrize("format_id", SCREEN)
def test_correct_without_raqm(basic_engine, theme_job, formats, format_id):
    item = rendered(replace(theme_job, text=DENSE, banner_format=formats[format_id]))
    assert basic_engine and set(basic_engine) == {ImageFont.Layout.BASIC}
    assert item.image.size == (formats[format_id].width, formats[format_id].height)
    assert_nothing_in_margins(item)
    assert assert_dense_lines_apart(item, text_column(item)) >= 2
    if format_id == "og":
        save_artifact(item.image, "banner-dense-diacritics-og-basic-layout.png")


def test_raqm_lays_out_the_renders_when_pillow_has_it(theme_job, monkeypatch):
    if not features.check_feature("raqm"):
        pytest.skip("this Pillow has no Raqm")
    engines = []
    real_truetype = ImageFont.truetype
    monkeypatch.setattr(
        ImageFont, "truetype", lambda *a, **k: engines.append(k.get("layout_engine")) or real_truetype(*a, **k)
    )
    render_module.clear_caches()
    try:
        render_banner(replace(theme_job, text="Ỷ Ỹ Ỵ " + theme_job.text))
    finally:
        render_module.clear_caches()
    assert engines and set(engines) == {ImageFont.Layout.RAQM}


# --------------------------------------------------------------------------- typography errors


def test_nfd_and_nfc_texts_give_byte_identical_files(tmp_path, theme_job):
    nfc = replace(theme_job, text=DENSE + " " + theme_job.text)
    nfd = replace(nfc, text=unicodedata.normalize("NFD", nfc.text),
                  short_name=unicodedata.normalize("NFD", nfc.short_name))  # fmt: skip
    assert nfd.text != nfc.text
    render_file(Graphic(nfc, "chu-de"), tmp_path / "nfc.png")
    render_file(Graphic(nfd, "chu-de"), tmp_path / "nfd.png")
    assert (tmp_path / "nfc.png").read_bytes() == (tmp_path / "nfd.png").read_bytes()


@pytest.mark.parametrize(("char", "code"), [("中", "U+4E2D"), ("🙂", "U+1F642")], ids=["chinese", "emoji"])
@pytest.mark.parametrize("where", ["text", "short_name"])
def test_a_missing_glyph_is_an_error_never_a_box(theme_job, formats, char, code, where):
    job = replace(theme_job, banner_format=formats["square"], **{where: f"Chung tay {char} vì cộng đồng"})
    with pytest.raises(BannerError) as raised:
        render_banner(job)
    message = str(raised.value)
    assert char in message and code in message
    assert "bdg-2021" in message and "square" in message
    assert f"Chung tay {char} vì cộng đồng" in message


def long_text(words: int) -> str:
    source = [
        "Bình",
        "đẳng",
        "giới",
        "là",
        "chìa",
        "khóa",
        "để",
        "chấm",
        "dứt",
        "bạo",
        "lực",
        "đối",
        "với",
        "phụ",
        "nữ",
        "và",
        "trẻ",
        "em",
    ]
    return " ".join(source[i % len(source)] for i in range(words))


def test_a_text_too_long_for_the_format_names_kit_text_format_and_what_fits(theme_job, formats):
    text = long_text(130)
    job = replace(theme_job, label="thông điệp 1", text=text)
    with pytest.raises(BannerError) as raised:
        render_banner(job)
    message = str(raised.value)
    for part in ("bdg-2021", "thông điệp 1", "og", "1200 × 630 px", f'"{text}"', f"{len(text)} ký tự", "30 px"):
        assert part in message, f"{part!r} missing from: {message}"
    fits = message.rsplit(': "', 1)[1].split('"', 1)[0]
    assert text.startswith(fits) and 0 < len(fits) < len(text)
    assert f"khoảng {len(fits)} ký tự" in message
    # what the message says fits does fit; one word more does not
    assert render_banner(replace(job, text=fits)).size == (1200, 630)
    longer = " ".join(text.split(" ")[: len(fits.split(" ")) + 1])
    with pytest.raises(BannerError):
        render_banner(replace(job, text=longer))


def wcag_ratio(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("foreground", "background"), [("#E0E0E0", "#C2410C"), ("#777777", "#FFFFFF")])
def test_low_contrast_is_an_error_naming_kit_text_format_and_ratio(theme_job, formats, foreground, background):
    ratio = wcag_ratio(foreground, background)
    assert ratio < 4.5
    job = replace(theme_job, foreground=foreground, background=background, banner_format=formats["web-hero"])
    with pytest.raises(BannerError) as raised:
        render_banner(job)
    message = str(raised.value)
    for part in ("bdg-2021", "web-hero", theme_job.text, "4.5:1"):
        assert part in message, f"{part!r} missing from: {message}"
    shown = re.search(r"(\d+[.,]\d+):1", message)
    assert shown, f"no ratio in: {message}"
    assert abs(float(shown.group(1).replace(",", ".")) - ratio) < 0.01, (shown.group(0), ratio)
    assert float(shown.group(1).replace(",", ".")) < 4.5, "the shown ratio must not look like a pass"


def test_contrast_at_the_limit_renders(theme_job):
    job = replace(theme_job, foreground="#FFFFFF", background="#767676")  # 4.54:1
    assert wcag_ratio("#FFFFFF", "#767676") >= 4.5
    assert render_banner(job).size == (1200, 630)


def test_a_kits_no_break_spaces_keep_word_groups_on_one_line(tmp_path, formats, fonts, monkeypatch):
    """A designer's U+00A0 in campaign.yml survives loading and keeps the group on one line in
    every screen format (the lines come from render's own call of fit_text)."""
    kit = tmp_path / "campaigns" / "kit-nbsp"
    kit.mkdir(parents=True)
    theme = "Nói không với bạo lực gia\u00a0đình, vì hạnh\u00a0phúc của mọi\u00a0nhà và sự bình\u00a0đẳng\u00a0giới"
    (kit / "campaign.yml").write_text(
        f"name: Chiến dịch thử\nshort_name: Gia\u00a0đình 2024\ntheme: {theme}\nstart: 2024-01-01\nend: 2024-12-31\n",
        encoding="utf-8",
    )
    campaigns, errors = load_campaigns(kit.parent, "campaigns/")
    assert errors == []
    assert campaigns["kit-nbsp"].theme == theme
    blocks = []
    real_fit = render_module.fit_text

    def spy(text, *args, **kwargs):
        block = real_fit(text, *args, **kwargs)
        if text == theme and block is not None:
            blocks.append(block)
        return block

    monkeypatch.setattr(render_module, "fit_text", spy)
    groups = [word for word in theme.split(" ") if "\u00a0" in word]
    for graphic in plan_graphics(campaigns["kit-nbsp"], [formats[f] for f in SCREEN], fonts):
        blocks.clear()
        render_banner(graphic.job)
        lines = blocks[-1].lines
        assert len(lines) >= 2
        assert " ".join(lines) == theme, lines
        for group in groups:
            assert any(group in line.split(" ") for line in lines), (graphic.job.banner_format.id, group, lines)


def test_the_vertical_banner_leaves_no_avoidable_one_word_last_line(dense_renders, theme_job):
    width, height, min_size = dense_renders[1]["bang-ron-doc"]
    text = "Hãy hành động để chấm dứt bạo lực với phụ nữ và trẻ em"
    block = text_layout.fit_text(text, theme_job.fonts.main, width, height, min_size, height)
    assert block is not None
    if len(block.lines[-1].split(" ")) == 1:
        font = text_layout.load_font(theme_job.fonts.main, block.size, text_layout.layout_engine())
        words = text.split(" ")
        count = len(block.lines)
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            lines = [" ".join(words[bounds[i] : bounds[i + 1]]) for i in range(count)]
            fits = text_layout.set_lines(lines, font, block.size)
            assert not (bounds[-1] - bounds[-2] >= 2 and fits.width <= width - 2 and fits.height <= height), (
                f"{block.lines} at {block.size} px; {lines} fits as well"
            )


# --------------------------------------------------------------------------- files, determinism, cache


def test_a_print_file_is_a_lossless_png_carrying_its_physical_size(theme_renders, tmp_path):
    item = theme_renders["bang-ron-doc"]
    path = tmp_path / "bang-ron-doc.png"
    save_png(item.image, path, item.fmt.dpi)
    with Image.open(path) as saved:
        assert saved.format == "PNG" and saved.mode == "RGB"
        dpi = saved.info["dpi"]
        assert dpi == pytest.approx((100, 100), abs=0.01)
        metres = [side / d * METRES_PER_INCH for side, d in zip(saved.size, dpi, strict=True)]
        assert metres == pytest.approx([0.8, 3.0], abs=0.001)
        assert ImageChops.difference(saved.convert("RGB"), item.image).getbbox() is None, "not lossless"
    preview = make_preview(item.image)
    assert max(preview.size) <= PREVIEW_MAX
    assert abs(preview.size[0] / preview.size[1] - 3150 / 11811) < 0.01


def test_a_screen_file_has_no_dpi(theme_renders, tmp_path):
    path = tmp_path / "og.png"
    save_png(theme_renders["og"].image, path, theme_renders["og"].fmt.dpi)
    with Image.open(path) as saved:
        assert saved.format == "PNG" and saved.size == (1200, 630) and "dpi" not in saved.info


def test_the_same_job_gives_the_same_bytes(theme_job, formats, tmp_path):
    for fmt_id in ("og", "square"):
        job = replace(theme_job, text=DENSE, banner_format=formats[fmt_id])
        render_file(Graphic(job, "x"), tmp_path / "a.png", tmp_path / "a-preview.png")
        render_module.clear_caches()  # a cold start draws the same
        render_file(Graphic(job, "x"), tmp_path / "b.png", tmp_path / "b-preview.png")
        assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes(), fmt_id
        assert (tmp_path / "a-preview.png").read_bytes() == (tmp_path / "b-preview.png").read_bytes()


def test_one_worker_or_two_give_the_same_files(demo, formats, fonts, tmp_path):
    graphics = plan_graphics(demo, [formats["og"], formats["web-hero"]], fonts)
    results = {}
    for workers in (1, 2):
        folder = tmp_path / f"workers-{workers}"
        tasks = [(g, folder / g.file_name, folder / "preview" / g.file_name) for g in graphics]
        outcome = dict(render_files(tasks, workers=workers))
        assert sorted(outcome) == list(range(len(tasks)))
        assert all(isinstance(seconds, float) for seconds in outcome.values()), outcome
        results[workers] = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.png")}
    assert len(results[1]) == 2 * len(graphics)
    assert results[1] == results[2]


def test_render_files_reports_errors_without_stopping(theme_job, formats, tmp_path):
    bad = replace(theme_job, text="Xin chào 中")
    tasks = [(Graphic(theme_job, "a"), tmp_path / "a.png", None), (Graphic(bad, "b"), tmp_path / "b.png", None),
             (Graphic(replace(theme_job, banner_format=formats["square"]), "c"), tmp_path / "c.png", None)]  # fmt: skip
    for workers in (1, 2):
        outcome = dict(render_files(tasks, workers=workers))
        assert isinstance(outcome[1], BannerError) and "中" in str(outcome[1])
        assert isinstance(outcome[0], float) and isinstance(outcome[2], float)
    assert (tmp_path / "a.png").is_file() and (tmp_path / "c.png").is_file() and not (tmp_path / "b.png").exists()


def test_the_cache_key_follows_everything_the_graphic_depends_on(theme_job, tmp_path):
    base = cache_key(theme_job)
    logo = tmp_path / "logo.png"
    shutil.copy2(theme_job.logo, logo)
    fonts_dir = tmp_path / "fonts"
    shutil.copytree(FONTS_DIR, fonts_dir)
    fmt = theme_job.banner_format
    # same inputs at other paths, or a change the graphic does not show: same key
    assert cache_key(replace(theme_job, logo=logo)) == base
    assert cache_key(replace(theme_job, fonts=banner_fonts(fonts_dir))) == base
    assert cache_key(replace(theme_job, banner_format=replace(fmt, title="Tên khác"))) == base
    assert cache_key(replace(theme_job, campaign_id="khac", label="thông điệp 9")) == base
    changed = {
        "text": replace(theme_job, text=theme_job.text + "!"),
        "short_name": replace(theme_job, short_name="Khác"),
        "background": replace(theme_job, background="#000000"),
        "foreground": replace(theme_job, foreground="#FFFFFE"),
        "accent": replace(theme_job, accent=None),
        "no logo": replace(theme_job, logo=None),
        "width": replace(theme_job, banner_format=replace(fmt, width=1201)),
        "margin": replace(theme_job, banner_format=replace(fmt, margin=0.07)),
        "min size": replace(theme_job, banner_format=replace(fmt, min_text_px=31)),
        "dpi": replace(theme_job, banner_format=replace(fmt, dpi=100)),
        "logo switch": replace(theme_job, banner_format=replace(fmt, logo=False)),
    }
    keys = {name: cache_key(job) for name, job in changed.items()}
    with Image.open(logo) as source:  # the same file name, another picture
        source.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(logo)
    keys["logo content"] = cache_key(replace(theme_job, logo=logo))
    header = fonts_dir / theme_job.fonts.header.name
    header.write_bytes(header.read_bytes() + b"\0")
    keys["header font"] = cache_key(replace(theme_job, fonts=banner_fonts(fonts_dir)))
    for name, key in keys.items():
        assert key != base, f"the cache key ignores the {name}"
    assert len(set(keys.values())) == len(keys)


def test_an_svg_logo_is_drawn_or_refused_with_a_banner_error(theme_job):
    job = replace(theme_job, logo=DEMO_KIT / "logo.svg")
    try:
        image = render_banner(job)
    except BannerError as error:
        assert "logo.svg" in str(error)
    else:
        assert image.size == (1200, 630)
