"""The designer's command: render every kit (or some kits and formats) into a folder."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from loa.banners.formats import load_formats
from loa.banners.graphic_files import render_files
from loa.banners.graphics import banner_fonts, plan_graphics, raster_logo
from loa.banners.jobs import BannerError
from loa.content.campaign import load_campaigns
from loa.content.errors import ContentErrors
from loa.content.site_content import shown_path


def render_kits(
    project_dir: Path,
    campaigns_dir: Path,
    formats_file: Path,
    fonts_dir: Path,
    out_dir: Path,
    campaign_ids: Sequence[str] = (),
    format_ids: Sequence[str] = (),
) -> int:
    """Render, print a progress line per graphic and a summary table; the exit code."""
    campaigns, errors = load_campaigns(campaigns_dir, shown_path(campaigns_dir, project_dir))
    formats, format_errors = load_formats(
        formats_file, shown_path(formats_file.parent, project_dir) + formats_file.name
    )
    errors += format_errors
    if errors:
        print(ContentErrors(errors, consequence="chưa tạo ảnh").report(), file=sys.stderr)
        return 2
    chosen_campaigns = _choose(campaigns, campaign_ids, "--campaign", "bộ nhận diện")
    chosen_formats = _choose(formats, format_ids, "--format", "khổ")
    if chosen_campaigns is None or chosen_formats is None:
        return 2
    for campaign in chosen_campaigns:
        _, note = raster_logo(campaign)
        if note:
            print(f"Lưu ý: {note}", file=sys.stderr)
    graphics = [g for c in chosen_campaigns for g in plan_graphics(c, chosen_formats, banner_fonts(fonts_dir))]
    tasks = [(g, out_dir / g.job.campaign_id / g.file_name, None) for g in graphics]
    rows: dict[int, tuple[str, str, int, float]] = {}
    failures: list[str] = []
    started = time.perf_counter()
    for done, (index, result) in enumerate(render_files(tasks), start=1):
        graphic, target, _ = tasks[index]
        if isinstance(result, BannerError):
            failures.append(str(result))
            print(f"[{done}/{len(tasks)}] LỖI {graphic.file_name}: {result}", file=sys.stderr, flush=True)
            continue
        size = graphic.job.banner_format.describe_size()
        rows[index] = (str(target), size, target.stat().st_size, result)
        print(f"[{done}/{len(tasks)}] {target} ({size}) {result:.2f} s", flush=True)
    _print_summary([rows[i] for i in sorted(rows)], time.perf_counter() - started)
    if failures:
        print(f"{len(failures)} ảnh không tạo được:", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    return 0


def _choose(available: dict, wanted: Sequence[str], option: str, what: str) -> list | None:
    unknown = [w for w in wanted if w not in available]
    if unknown:
        print(f"{option}: không có {what} {', '.join(unknown)}; có: {', '.join(available)}", file=sys.stderr)
        return None
    return [available[w] for w in wanted] if wanted else list(available.values())


def _print_summary(rows: list[tuple[str, str, int, float]], total: float) -> None:
    if not rows:
        return
    width = max(len(r[0]) for r in rows)
    size_width = max(len(r[1]) for r in rows)
    print()
    print(f"{'tệp':<{width}}  {'kích thước':<{size_width}}  {'dung lượng':>12}  {'thời gian':>9}")
    for path, size, size_bytes, elapsed in rows:
        shown_bytes = f"{size_bytes:,}".replace(",", ".")
        print(f"{path:<{width}}  {size:<{size_width}}  {shown_bytes:>12}  {elapsed:>8.2f}s")
    print(f"{len(rows)} ảnh trong {total:.2f} s")
