"""The graphics of a campaign kit (its theme and each message, in each format), their files,
and a cache that renders only what is missing or changed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from loa.banners.file_content import FileContent
from loa.banners.formats import BannerFormat
from loa.banners.jobs import BannerError, BannerFonts, BannerInputs, BannerJob, read_inputs
from loa.content.campaign import Campaign

RENDERER_VERSION = "1"  # change when the drawing changes, so that caches render again
MAIN_FONT = "BeVietnamPro_700Bold.ttf"
HEADER_FONT = "BeVietnamPro_600SemiBold.ttf"


def banner_fonts(fonts_dir: Path) -> BannerFonts:
    return BannerFonts(main=fonts_dir / MAIN_FONT, header=fonts_dir / HEADER_FONT)


@dataclass(frozen=True)
class Graphic:
    """One graphic to make: a job and the file it goes to."""

    job: BannerJob
    text_slug: str  # "chu-de", "thong-diep-1"

    @property
    def file_name(self) -> str:
        return f"{self.job.campaign_id}-{self.job.banner_format.id}-{self.text_slug}.png"


def raster_logo(campaign: Campaign) -> tuple[Path | None, str | None]:
    """The logo file the renderer can draw, and a note when there is none.

    Pillow does not read SVG: for an SVG logo the kit's PNG of the same name is used (keep a
    high-resolution PNG next to the SVG); without one the graphics go without the logo."""
    if not campaign.logo:
        return None, None
    logo = campaign.folder / campaign.logo
    if logo.suffix.lower() != ".svg":
        return logo, None
    png = logo.with_suffix(".png")
    if png.is_file():
        return png, None
    return None, (
        f"bộ nhận diện {campaign.id}: biểu trưng {campaign.logo} là SVG, trình vẽ ảnh cần PNG; "
        f"ảnh, băng rôn được tạo không có biểu trưng. Thêm {png.name} (độ phân giải cao) vào {campaign.id}/"
    )


def plan_graphics(campaign: Campaign, formats: list[BannerFormat], fonts: BannerFonts) -> list[Graphic]:
    """The theme and each message of the kit, in each format, in that order."""
    texts = [("chủ đề", "chu-de", campaign.theme)] + [
        (f"thông điệp {n}", f"thong-diep-{n}", slogan) for n, slogan in enumerate(campaign.slogans, start=1)
    ]
    logo, _ = raster_logo(campaign)
    colours = campaign.colours
    return [
        Graphic(
            BannerJob(
                campaign_id=campaign.id,
                label=label,
                text=text,
                short_name=campaign.short_name,
                background=colours.primary,
                foreground=colours.on_primary,
                accent=colours.accent,
                logo=logo,
                banner_format=fmt,
                fonts=fonts,
            ),
            slug,
        )  # fmt: skip
        for label, slug, text in texts
        for fmt in formats
    ]


def file_digest(path: Path) -> str:
    """Content hash of a file, from its bytes read now: never remembered by path, size or mtime,
    which do not tell that the bytes are unchanged (a file replaced in place within the mtime
    granularity of the file system keeps all three)."""
    return FileContent.read(path).digest


def cache_key(job: BannerJob, inputs: BannerInputs | None = None) -> str:
    """Made of everything the graphic depends on: text, kit colours and logo (its bytes), fonts
    (their bytes), format. `inputs` are the files as read for the build, by default read now."""
    inputs = inputs or read_inputs(job)
    described = {
        "renderer": RENDERER_VERSION,
        "text": job.text,
        "short_name": job.short_name,
        "colours": [job.background, job.foreground, job.accent],
        "logo": inputs.logo.digest if inputs.logo else None,
        "fonts": [inputs.main_font.digest, inputs.header_font.digest],
        "format": {k: v for k, v in asdict(job.banner_format).items() if k != "title"},
    }
    return hashlib.sha256(json.dumps(described, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class CachedGraphic:
    graphic: Graphic
    path: Path
    preview: Path
    rendered: bool  # False when the cache already had it


class GraphicCache:
    """Rendered graphics by cache key: unchanged inputs are never rendered again."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_all(self, graphics: list[Graphic]) -> tuple[list[CachedGraphic], list[BannerError]]:
        """Every graphic from the cache, rendering (in parallel) only those it lacks.

        Each input file (fonts, logos) is read once per call, that is once per build, and a
        graphic is both keyed and drawn from those very bytes."""
        readings: dict[Path, FileContent] = {}

        def read_once(path: Path) -> FileContent:
            if path not in readings:
                readings[path] = FileContent.read(path)
            return readings[path]

        planned = []
        errors: list[BannerError] = []
        for graphic in graphics:
            try:
                inputs = read_inputs(graphic.job, read_once)
            except BannerError as error:
                errors.append(error)
                continue
            key = cache_key(graphic.job, inputs)
            path, preview = self.folder / f"{key}.png", self.folder / f"{key}-preview.png"
            planned.append((graphic, path, preview, inputs, not (path.is_file() and preview.is_file())))
        missing = [(graphic, path, preview, inputs) for graphic, path, preview, inputs, needed in planned if needed]
        if missing:  # Pillow and the drawing code are loaded only when something is drawn (0.1 s)
            from loa.banners.graphic_files import render_files

            errors += [result for _, result in render_files(missing) if isinstance(result, BannerError)]
        cached = [CachedGraphic(g, path, preview, rendered=needed) for g, path, preview, _, needed in planned]
        return cached, errors
