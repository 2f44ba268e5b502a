"""The campaigns' graphics for the site: rendered through the cache, published with previews,
and shown in each campaign's gallery."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from loa.banners.formats import BannerFormat
from loa.banners.graphics import GraphicCache, banner_fonts, plan_graphics, raster_logo
from loa.campaigns import urls
from loa.campaigns.section import GalleryGraphic
from loa.content.campaign import Campaign


@dataclass
class Gallery:
    """Each kit's graphics, the files to publish (site path, file), and what the build says of them."""

    graphics: dict[str, list[GalleryGraphic]] = field(default_factory=dict)
    files: list[tuple[str, Path]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings: an SVG logo without its PNG…
    errors: list[str] = field(default_factory=list)  # graphics that cannot be made right
    summary: str = ""


def render_gallery(campaigns: list[Campaign], formats: list[BannerFormat], fonts_dir: Path, cache_dir: Path) -> Gallery:
    """Every kit's graphics from the cache, rendering only what is missing or changed."""
    began = time.perf_counter()
    gallery = Gallery()
    fonts = banner_fonts(fonts_dir)
    for campaign in campaigns:
        _, note = raster_logo(campaign)
        if note:
            gallery.notes.append(note)
    planned = [g for campaign in campaigns for g in plan_graphics(campaign, formats, fonts)]
    cached, errors = GraphicCache(cache_dir).get_all(planned)
    gallery.errors = [str(error) for error in errors]
    if errors:
        return gallery
    for item in cached:
        job, name = item.graphic.job, item.graphic.file_name
        url = urls.banner_url(job.campaign_id, name)
        preview_url = urls.banner_preview_url(job.campaign_id, name)
        gallery.files += [(url, item.path), (preview_url, item.preview)]
        fmt = job.banner_format
        gallery.graphics.setdefault(job.campaign_id, []).append(
            GalleryGraphic(
                label=job.label,
                text=job.text,
                format_id=fmt.id,
                format_title=fmt.title,
                size=fmt.describe_size(),
                url=url,
                preview_url=preview_url,
                size_bytes=item.path.stat().st_size,
                width=fmt.width,
                height=fmt.height,
            )  # fmt: skip
        )
    rendered = sum(item.rendered for item in cached)
    gallery.summary = (
        f"Ảnh chiến dịch: {len(cached)} ảnh, vẽ mới {rendered}, dùng lại {len(cached) - rendered} "
        f"({time.perf_counter() - began:.2f} s)"
    )
    return gallery
