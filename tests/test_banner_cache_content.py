"""The banner renderer's in-process caches follow the bytes of the files, never their paths.

`mkdocs serve` rebuilds in one process. A kit's logo or a font replaced in place (same path,
same inode, same size and, as on a coarse file system or after a quick edit, the same mtime)
must give a new cache key and a graphic drawn from the new bytes: byte-identical to what a
fresh process renders from the new file. Each test renders through GraphicCache, as a build
does, then replaces a file in place and renders again in the same process.

Run as a script (`python tests/test_banner_cache_content.py <root> <cache>`), this module
renders the same graphic in a fresh process and prints its cache file."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from loa.banners.formats import BannerFormat, load_formats
from loa.banners.graphics import HEADER_FONT, MAIN_FONT, CachedGraphic, GraphicCache, banner_fonts, plan_graphics
from loa.banners.render import Box, plan_logo
from loa.content.campaign import load_campaigns

KIT_ID = "bdg-2021"
DEMO_KIT = REPO_ROOT / "assets" / "campaigns" / KIT_ID
FONTS_DIR = REPO_ROOT / "assets" / "fonts"
FORMATS_FILE = REPO_ROOT / "assets" / "banners" / "formats.yml"
OTHER_FONT = "BeVietnamPro_400Regular.ttf"  # lighter than the main font: another look, same glyphs
NEW_LOGO_COLOUR = (0, 90, 200)  # the demo logo is orange at its centre
PNG_TEXT_CHUNK_OVERHEAD = 14  # length, type, CRC (4 bytes each) and the keyword "x" with its NUL


def make_inputs(root: Path) -> None:
    """The demo kit under root/campaigns/ and the two fonts of the graphics under root/fonts/."""
    shutil.copytree(DEMO_KIT, root / "campaigns" / KIT_ID)
    (root / "fonts").mkdir()
    for name in (MAIN_FONT, HEADER_FONT):
        shutil.copy2(FONTS_DIR / name, root / "fonts" / name)


def og_format() -> BannerFormat:
    formats, errors = load_formats(FORMATS_FILE, "formats.yml")
    assert errors == []
    return formats["og"]


def render_theme(root: Path, cache_dir: Path) -> CachedGraphic:
    """The kit's theme in the og format, loaded and rendered through the cache as a build does."""
    campaigns, errors = load_campaigns(root / "campaigns", "campaigns/")
    assert errors == [], errors
    graphics = plan_graphics(campaigns[KIT_ID], [og_format()], banner_fonts(root / "fonts"))
    theme = [graphic for graphic in graphics if graphic.text_slug == "chu-de"]
    cached, errors = GraphicCache(cache_dir).get_all(theme)  # one graphic: rendered in this process
    assert errors == [], errors
    return cached[0]


def render_in_fresh_process(root: Path, cache_dir: Path) -> Path:
    """The cache file of the same graphic rendered by a new Python process (no cache of this one)."""
    result = subprocess.run([sys.executable, __file__, str(root), str(cache_dir)],
                            capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.is_file()
    return path


def replace_in_place(path: Path, data: bytes) -> None:
    """New bytes in the same file (same inode), as many bytes as before, the old mtime restored."""
    before = path.stat()
    assert len(data) == before.st_size, "the replacement must have the same size"
    with path.open("r+b") as handle:
        handle.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    assert path.read_bytes() == data


def solid_png(colour: tuple[int, int, int], size_bytes: int) -> bytes:
    """A 512 × 512 PNG of one colour, padded with a text chunk to exactly `size_bytes` bytes."""
    image = Image.new("RGB", (512, 512), colour)
    plain = io.BytesIO()
    image.save(plain, format="PNG")
    padding = size_bytes - len(plain.getvalue()) - PNG_TEXT_CHUNK_OVERHEAD
    assert padding >= 0
    info = PngInfo()
    info.add_text("x", "a" * padding)
    padded = io.BytesIO()
    image.save(padded, format="PNG", pnginfo=info)
    assert len(padded.getvalue()) == size_bytes
    return padded.getvalue()


def logo_box(fmt: BannerFormat) -> Box:
    m = fmt.margin_px
    box, _ = plan_logo(fmt, Box(m, m, fmt.width - 2 * m, fmt.height - 2 * m))
    assert box is not None, "the og format has a logo"
    return box


def centre_pixel(path: Path, box: Box) -> tuple[int, int, int]:
    with Image.open(path) as image:
        return image.convert("RGB").getpixel((box.left + box.width // 2, box.top + box.height // 2))


def text_pixels(path: Path, box: Box) -> bytes:
    """The pixels left of the logo plate: the short name and the theme."""
    with Image.open(path) as image:
        return image.convert("RGB").crop((0, 0, box.left, image.height)).tobytes()


def assert_same_files(graphic: CachedGraphic, fresh: Path) -> None:
    assert graphic.path.name == fresh.name, "the same bytes give the same key in any process"
    assert graphic.path.read_bytes() == fresh.read_bytes(), "the graphic differs from a fresh render"
    fresh_preview = fresh.with_name(graphic.preview.name)
    assert graphic.preview.read_bytes() == fresh_preview.read_bytes(), "the preview differs from a fresh render"


def test_a_logo_replaced_in_place_with_the_same_size_and_mtime_is_drawn_anew(tmp_path):
    make_inputs(tmp_path)
    cache = tmp_path / "cache"
    box = logo_box(og_format())
    before = render_theme(tmp_path, cache)
    assert before.rendered
    old_centre = centre_pixel(before.path, box)
    assert max(abs(a - b) for a, b in zip(old_centre, NEW_LOGO_COLOUR, strict=True)) > 60, old_centre

    logo = tmp_path / "campaigns" / KIT_ID / "logo.png"
    replace_in_place(logo, solid_png(NEW_LOGO_COLOUR, logo.stat().st_size))
    after = render_theme(tmp_path, cache)

    assert after.path.name != before.path.name, "the cache key ignores the new logo"
    assert after.rendered, "the graphic of the old logo was reused"
    new_centre = centre_pixel(after.path, box)
    assert max(abs(a - b) for a, b in zip(new_centre, NEW_LOGO_COLOUR, strict=True)) <= 2, new_centre
    assert centre_pixel(before.path, box) == old_centre, "the old graphic was overwritten"
    assert_same_files(after, render_in_fresh_process(tmp_path, tmp_path / "fresh-cache"))


def test_a_font_replaced_in_place_with_the_same_size_and_mtime_is_drawn_anew(tmp_path):
    make_inputs(tmp_path)
    cache = tmp_path / "cache"
    box = logo_box(og_format())
    before = render_theme(tmp_path, cache)
    assert before.rendered

    main_font = tmp_path / "fonts" / MAIN_FONT
    other = (FONTS_DIR / OTHER_FONT).read_bytes()
    assert len(other) < main_font.stat().st_size
    # Bytes after the last table are ignored by FreeType and fontTools: the other font, padded.
    replace_in_place(main_font, other + bytes(main_font.stat().st_size - len(other)))
    after = render_theme(tmp_path, cache)

    assert after.path.name != before.path.name, "the cache key ignores the new font"
    assert after.rendered, "the graphic of the old font was reused"
    assert text_pixels(after.path, box) != text_pixels(before.path, box), "the text is still drawn in the old font"
    assert_same_files(after, render_in_fresh_process(tmp_path, tmp_path / "fresh-cache"))


def test_the_same_bytes_back_in_place_reuse_the_first_graphic(tmp_path):
    """Putting the old logo back finds the graphic of the old logo, untouched."""
    make_inputs(tmp_path)
    cache = tmp_path / "cache"
    logo = tmp_path / "campaigns" / KIT_ID / "logo.png"
    original = logo.read_bytes()
    first = render_theme(tmp_path, cache)
    drawn = first.path.read_bytes()
    replace_in_place(logo, solid_png(NEW_LOGO_COLOUR, len(original)))
    assert render_theme(tmp_path, cache).path != first.path
    replace_in_place(logo, original)
    again = render_theme(tmp_path, cache)
    assert again.path == first.path and not again.rendered
    assert again.path.read_bytes() == drawn


if __name__ == "__main__":
    print(render_theme(Path(sys.argv[1]), Path(sys.argv[2])).path)
