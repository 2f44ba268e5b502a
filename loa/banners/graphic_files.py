"""Graphics drawn into PNG files (and their small previews for web pages), on every core."""

from __future__ import annotations

import math
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from PIL import Image

from loa.banners.graphics import Graphic
from loa.banners.jobs import BannerError, BannerInputs
from loa.banners.render import render_banner

PREVIEW_MAX = 480  # px, the longer side of a gallery preview (small: readers on slow connections)


def save_png(image: Image.Image, path: Path, dpi: int | None = None) -> None:
    """Lossless PNG, with its dpi for print formats, so the file carries its physical size.
    Written to a temporary name first: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"dpi": (dpi, dpi)} if dpi else {}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".png")
    os.close(handle)
    try:
        image.save(temporary, format="PNG", **options)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def make_preview(image: Image.Image) -> Image.Image:
    """A small copy for web pages: integer reduction first, which is fast on print sizes."""
    factor = max(1, math.ceil(max(image.size) / (2 * PREVIEW_MAX)))
    preview = image.reduce(factor) if factor > 1 else image.copy()
    preview.thumbnail((PREVIEW_MAX, PREVIEW_MAX), Image.Resampling.LANCZOS)
    return preview


def render_file(graphic: Graphic, path: Path, preview: Path | None = None, inputs: BannerInputs | None = None) -> float:
    """Render one graphic to `path` (and its preview) from `inputs` (by default its files read
    now); the seconds it took."""
    began = time.perf_counter()
    image = render_banner(graphic.job, inputs)
    save_png(image, path, graphic.job.banner_format.dpi)
    if preview is not None:
        save_png(make_preview(image), preview)
    return time.perf_counter() - began


RenderTask = tuple[Graphic, Path, Path | None] | tuple[Graphic, Path, Path | None, BannerInputs | None]
"""A graphic, its file, its preview file or None, and optionally the bytes to draw it from."""


def render_files(tasks: Sequence[RenderTask], workers: int | None = None) -> Iterator[tuple[int, float | BannerError]]:
    """Render many graphics on every core; yields (task index, seconds or the error) as each
    finishes. The files do not depend on the order or the number of workers."""
    workers = min(len(tasks), workers or os.cpu_count() or 1)
    if workers <= 1:
        for index, task in enumerate(tasks):
            try:
                yield index, render_file(*task)
            except BannerError as error:
                yield index, error
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(render_file, *task): index for index, task in enumerate(tasks)}
        for future in as_completed(futures):
            error = future.exception()
            if error is not None and not isinstance(error, BannerError):
                raise error
            yield futures[future], error if error is not None else future.result()
