"""`make benchmark` (scripts/benchmark): Loa against Material's blog plugin and Hugo on the same content.

For each size N it generates N announcements (loa.benchmark.content), then, on this machine and
in this run: Loa cold (no `.cache/`, no `site/`), warm (again, nothing changed) and cold on a
machine that never built a site (no compiled theme templates in the user's cache), Material's
blog plugin (up to 3,000: it is quadratic), Hugo when installed, each `--runs` times; the
edit-to-page time of the preview server; peak memory and output size. It prints a table per N
as it goes and writes every figure as JSON (with the machine, the commit and the time) for
comparisons across commits.

The builds are taken in turn, run after run (Loa cold, warm, Hugo, Loa first, blog; then again),
and each ratio a target is written in is the median of the runs' own ratios: a Loa build over
the Hugo (or blog) build of the same turn, taken seconds apart; the growth from one size to the
next over a cold build of the size before, made again in each turn of the next. How fast this
machine runs drifts by a third between runs minutes apart (other machines share its cores);
within a pair the drift all but cancels, where a ratio of medians taken minutes apart carries it.

The campaign kits' graphics are rendered once, before the first size, into a banner cache that
every build shares (LOA_BANNER_CACHE): a cold build measures the site, not the banner renderer,
which `scripts/benchmark-banners` measures. `--cold-banners` renders them in every cold build.

What a run leaves before the next (a site, a cache) is moved aside, and deleted only when every
figure is taken: on an ext4 file system without a journal (this project's machines), files
created in the minutes after thousands were deleted cost up to a millisecond each (the kernel
skips the inodes it freed recently, reading each one to see), which made a cold build's time
depend on what the run before had deleted.
"""

from __future__ import annotations

import argparse
import compileall
import functools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import loa
from loa.benchmark.content import CAMPAIGN_KITS, GeneratedContent, generate_content
from loa.benchmark.measure import (
    BuildFailed,
    TimedRun,
    git_commit,
    machine,
    output_size,
    summary,
    timed_run,
    timestamp,
)
from loa.benchmark.projects import make_blog_project, make_hugo_project, make_loa_project
from loa.benchmark.search import SearchMeasureFailed, measure_search
from loa.benchmark.serve import ServeFailed, measure_edit_to_page
from loa.search.writer import SEARCH_FOLDER

DEFAULT_SIZES = "300,3000,30000"
BLOG_MAX_SIZE = 3000  # the blog plugin's time grows with the square of N
MEMORY_TARGET_MB = 1000  # 1 GB
BANNER_CACHE_VARIABLE = "LOA_BANNER_CACHE"
SEARCH_LOG = re.compile(r"chỉ mục tìm kiếm: .*? trong ([0-9.]+) s \(CPU ([0-9.]+) s\)")
ROWS = (
    ("loa_cold_previous", "Loa lạnh cỡ trước"),  # the size before, built again in each turn of this one
    ("loa_cold", "Loa lạnh (cold)"),
    ("loa_warm", "Loa ấm (warm)"),
    ("loa_first", "Loa lạnh lần đầu"),
    ("blog", "Material blog"),
    ("hugo", "Hugo"),
)
USER_CACHE_VARIABLE = "XDG_CACHE_HOME"  # where the installed theme's compiled templates are kept


def parse_arguments(argv: list[str] | None, repository: Path) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/benchmark", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"numbers of announcements (default {DEFAULT_SIZES})")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated content (default 1)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build; medians reported (default 3)")
    parser.add_argument(
        "--json",
        type=Path,
        default=repository / ".cache" / "benchmark" / "results.json",
        help="where to write the figures (default .cache/benchmark/results.json of the repository)",
    )
    parser.add_argument("--skip-blog", action="store_true", help="no Material blog builds")
    parser.add_argument("--skip-hugo", action="store_true", help="no Hugo builds, even when hugo is installed")
    parser.add_argument("--skip-serve", action="store_true", help="no edit-to-page measurement of the preview server")
    parser.add_argument("--skip-search", action="store_true", help="no measurement of searches in the browser")
    parser.add_argument("--cold-banners", action="store_true", help="render the campaign graphics in every cold build")
    parser.add_argument("--keep", type=Path, help="generate the projects in this folder and keep them")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: gặp '{args.sizes}'; cần các số nguyên dương cách nhau bằng dấu phẩy, ví dụ 300,3000")
    if not args.sizes or min(args.sizes) < 1 or args.runs < 1:
        parser.error("--sizes và --runs cần số nguyên dương")
    return args


def main(argv: list[str] | None = None, repository: Path | None = None) -> int:
    repository = repository or Path(__file__).parent.parent.parent
    args = parse_arguments(argv, repository)
    python = sys.executable
    hugo = None if args.skip_hugo else shutil.which("hugo")
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="loa-benchmark-"))
    work.mkdir(parents=True, exist_ok=True)
    retire = Retirement(work / "retired")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    _compile_loa()
    results: dict = {
        "timestamp": timestamp(),
        **git_commit(repository),
        "machine": machine(),
        "settings": {
            "sizes": args.sizes,
            "seed": args.seed,
            "runs": args.runs,
            "cold_includes_banners": args.cold_banners,
            "blog_max_size": BLOG_MAX_SIZE,
            "hugo": _hugo_version(hugo) if hugo else None,
        },
        "sizes": {},
    }
    info = results["machine"]
    print(f"Máy: {info['machine']}, {info['cpu_count']} lõi ({info['cpu_model']}), Python {info['python']}")
    print(f"Mã nguồn: {results['commit']}{' (có thay đổi chưa commit)' if results['dirty'] else ''}", flush=True)
    try:
        if not args.cold_banners:
            env[BANNER_CACHE_VARIABLE] = str(work / "banner-cache")
            results["banners"] = _prime_banner_cache(python, repository, work, env, retire)
            print(
                f"Ảnh chiến dịch ({len(CAMPAIGN_KITS)} bộ nhận diện) vẽ trước một lần: "
                f"{results['banners']['seconds']:.1f} s, không tính vào các lần xây dựng bên dưới",
                flush=True,
            )
        previous: dict | None = None
        for size in args.sizes:
            previous_project = work / str(previous["announcements"]) / "loa" if previous else None
            base = work / str(size)
            figures = _benchmark_size(size, args, python, hugo, repository, base, env, retire, previous_project)
            results["sizes"][str(size)] = figures
            _add_ratios(figures, previous)
            _print_ratios(figures)
            _write_json(args.json, results)
            previous = figures
    except (BuildFailed, ServeFailed, SearchMeasureFailed) as failure:
        retire.delete()
        _write_json(args.json, results)
        print(f"\nBenchmark dừng: {failure}", file=sys.stderr)
        if not args.keep:
            print(f"(các dự án sinh ra còn ở {work})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nĐã dừng benchmark.", file=sys.stderr)
        retire.delete()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return 130
    print(f"\nKết quả JSON: {args.json}")
    retire.delete()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _compile_loa() -> None:
    """Loa's modules compiled to bytecode before anything is timed, as on a user's machine after
    its first build (`make site`'s install does it too): with PYTHONDONTWRITEBYTECODE set, as in
    many containers, every build would otherwise compile Loa's source again (0.1 s)."""
    compileall.compile_dir(Path(loa.__file__).parent, quiet=1)


class Retirement:
    """Moves what a run left aside, into one folder deleted when the benchmark ends."""

    def __init__(self, folder: Path):
        self.folder, self.count = folder, 0

    def __call__(self, path: Path) -> None:
        if path.exists() or path.is_symlink():
            self.folder.mkdir(parents=True, exist_ok=True)
            self.count += 1
            path.rename(self.folder / f"{self.count}-{path.name}")

    def delete(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _benchmark_size(
    size: int,
    args: argparse.Namespace,
    python: str,
    hugo: str | None,
    repository: Path,
    base: Path,
    env: dict,
    retire: Retirement,
    previous_project: Path | None = None,
) -> dict:
    """Every figure of one size. `previous_project`: the Loa project of the size before, built
    cold again in each turn, just before this size's cold build: the growth from one size to
    the next is paired run by run too."""
    # What an earlier run kept here (--keep) is moved aside and deleted at the end, as every
    # output is: deleted here, the last run's 150,000 files at 30,000 (site, Hugo's, sources)
    # would slow the creation of every file of this size's builds (README: the benchmark).
    retire(base)
    logs = base / "logs"
    logs.mkdir(parents=True)
    began = time.perf_counter()
    content = generate_content(size, args.seed)
    loa_project = make_loa_project(base / "loa", content, repository)
    generated = time.perf_counter() - began
    figures: dict = {
        "announcements": size,
        "published": len(content.published),
        "drafts": size - len(content.published),
        "with_campaign": sum(a.campaign is not None for a in content.announcements),
        "with_attachments": sum(bool(a.attachments) for a in content.announcements),
        "generate_seconds": generated,
        "builds": {},
    }
    print(
        f"\n{size} văn bản ({figures['published']} công bố, {figures['drafts']} bản nháp, "
        f"{figures['with_campaign']} thuộc chiến dịch, {figures['with_attachments']} có tệp đính kèm), "
        f"sinh trong {generated:.1f} s; {args.runs} lần mỗi phép đo"
    )
    builds = figures["builds"]

    loa_command = [python, "-m", "loa", "build", "--site-dir", "site"]
    first_runs = iter(range(args.runs))

    def loa_build(
        project: Path = loa_project, log: str = "loa.log", extra_env: dict | None = None, cold: bool = True
    ) -> TimedRun:
        """A Loa build of `project`; a cold one with its cache and site moved aside first."""
        for leftover in (".cache", "site") if cold else ():
            retire(project / leftover)
        return timed_run(loa_command, project, {**env, **(extra_env or {})}, logs / log)

    def loa_first() -> TimedRun:  # as on a machine that never built a site: no compiled theme templates either
        user_cache = base / f"user-cache-{next(first_runs)}"
        return loa_build(log="loa-first.log", extra_env={USER_CACHE_VARIABLE: str(user_cache)})

    taken: dict[str, Callable[[], TimedRun]] = {}
    if previous_project is not None:
        taken["loa_cold_previous"] = functools.partial(loa_build, previous_project, "loa-previous.log")
    taken["loa_cold"] = loa_build
    taken["loa_warm"] = functools.partial(loa_build, cold=False)  # right after the cold one

    def loa_output(project: Path) -> dict:
        return output_size(project / "site", project / "site" / SEARCH_FOLDER)

    # What each build's output is, measured once the turns are over (the three of this size's
    # Loa builds give the same site: it is measured once).
    this_output = functools.cache(functools.partial(loa_output, loa_project))
    outputs: dict[str, Callable[[], dict]] = {key: this_output for key in ("loa_cold", "loa_warm", "loa_first")}
    if previous_project is not None:
        outputs["loa_cold_previous"] = functools.partial(loa_output, previous_project)
    if hugo is None:
        builds["hugo"] = {"skipped": "--skip-hugo" if args.skip_hugo else "hugo is not installed"}
    else:
        hugo_project = make_hugo_project(base / "hugo", content)

        def hugo_build() -> TimedRun:
            for leftover in ("public", "resources", ".hugo_build.lock"):
                retire(hugo_project / leftover)
            return timed_run([hugo, "--destination", "public"], hugo_project, env, logs / "hugo.log")

        taken["hugo"] = hugo_build
        outputs["hugo"] = lambda: output_size(hugo_project / "public", None)
    taken["loa_first"] = loa_first
    if args.skip_blog:
        builds["blog"] = {"skipped": "--skip-blog"}
    elif size > BLOG_MAX_SIZE:
        builds["blog"] = {"skipped": f"above {BLOG_MAX_SIZE} announcements (quadratic)"}
    else:
        blog_project = make_blog_project(base / "blog", content)
        blog_command = [python, "-m", "mkdocs", "build", "--clean", "--site-dir", "site"]

        def blog_build() -> TimedRun:
            retire(blog_project / "site")
            return timed_run(blog_command, blog_project, env, logs / "blog.log")

        taken["blog"] = blog_build
        search_index = blog_project / "site" / "search" / "search_index.json"
        outputs["blog"] = lambda: output_size(blog_project / "site", search_index)

    def print_turn(turn: int, taken_now: dict[str, TimedRun]) -> None:
        shown = ", ".join(f"{dict(ROWS)[key]} {run.seconds:.2f} s" for key, run in taken_now.items())
        print(f"  lượt {turn}/{args.runs}: {shown}", flush=True)

    runs = in_turn(args.runs, taken, print_turn)
    header = (
        f"{'phép đo':<16} | {'trung vị':>9} | {'nhỏ nhất':>9} | {'lớn nhất':>9} | {'RAM đỉnh':>8} | "
        f"{'kết quả':>9} | {'số tệp':>7}"
    )
    print(header)
    print("-" * len(header), flush=True)
    for key, _ in ROWS:
        if key in runs:
            builds[key] = {**summary(runs[key]), "output": outputs[key]()}
        if key in builds:
            _print_row(key, builds[key])
    log_text = (logs / "loa.log").read_text(encoding="utf-8", errors="replace")
    figures["loa_log"] = {
        "errors": sum("ERROR" in line for line in log_text.splitlines()),
        "warnings": sum("WARNING" in line for line in log_text.splitlines()),
    }
    figures["search_build"] = _search_build_share(log_text, runs["loa_cold"])
    if args.skip_search:
        figures["search"] = {"skipped": "--skip-search"}
    else:
        figures["search"] = measure_search(loa_project, base / "nginx")
    _print_search(figures)

    if args.skip_serve:
        figures["serve"] = {"skipped": "--skip-serve"}
    else:
        # The server builds the site before it serves: give it the time of a few cold builds.
        startup_timeout = 120 + 5 * builds["loa_cold"]["median_seconds"]
        figures["serve"] = measure_edit_to_page(
            python, loa_project, content, env, logs / "serve.log", startup_timeout=startup_timeout
        )
    return figures


def _search_build_share(log_text: str, cold_runs: list) -> dict:
    """The search index's part of a cold build, in CPU time: the plugin logs its wall and CPU
    seconds, and the benchmark measures the build's CPU time (all its processes). Its wall time
    alone would mislead: it is made while the other cores write pages, sharing the machine."""
    runs = log_text.split("$ ")[1:]  # each run's output, in the order cold, warm, cold, warm…
    cold = [found[0] for found in (SEARCH_LOG.findall(run) for run in runs[::2]) if found]
    if not cold:
        return {"seconds": None, "cpu_seconds": None, "share_of_cold_build": None}
    cpu = statistics.median(float(c) for _, c in cold)
    build_cpu = statistics.median(r.cpu_seconds for r in cold_runs)
    return {
        "seconds": statistics.median(float(s) for s, _ in cold),
        "cpu_seconds": cpu,
        "build_cpu_seconds": build_cpu,
        "share_of_cold_build": cpu / build_cpu,  # of the CPU time
    }


def _print_search(figures: dict) -> None:
    share = figures["search_build"]
    if share["seconds"] is not None:
        print(f"  chỉ mục tìm kiếm khi xây dựng lạnh: CPU {share['cpu_seconds']:.2f} s / "
              f"{share['build_cpu_seconds']:.2f} s = {100 * share['share_of_cold_build']:.0f}% "
              f"thời gian CPU (mục tiêu < 20%; {share['seconds']:.2f} s đồng hồ, song song với các trang)")  # fmt: skip
    search = figures["search"]
    if "skipped" in search:
        print(f"  tìm kiếm trong trình duyệt: bỏ qua ({search['skipped']})", flush=True)
        return
    print(f"  {'truy vấn':<16} | {'cách nhập':<12} | {'phần':>4} | {'KB nén':>7} | {'KB gốc':>7} | "
          f"{'kết quả sau phần cuối':>21}")  # fmt: skip
    for query, ways in search.items():
        for way, label in (("entered", "cả câu"), ("typed", "gõ từng phím")):
            seen = ways[way]
            # Typed key by key, the last part may arrive while the reader still types: no latency.
            after = f"{seen['results_after_last_part_ms']:.0f} ms" if way == "entered" else "–"
            print(f"  {query:<16} | {label:<12} | {seen['parts']:>4} | {seen['compressed_bytes'] / 1024:>7.1f} | "
                  f"{seen['decoded_bytes'] / 1024:>7.1f} | {after:>21}")  # fmt: skip
    sys.stdout.flush()


def in_turn(
    runs: int,
    builds: dict[str, Callable[[], TimedRun]],
    each_turn: Callable[[int, dict[str, TimedRun]], None] | None = None,
) -> dict[str, list[TimedRun]]:
    """Each build's runs, the builds taken in turn `runs` times (in the order of `builds`), so
    that the runs a ratio pairs are taken seconds apart (paired_ratio); `each_turn` is told each
    turn's runs as it ends (its number, from 1)."""
    taken: dict[str, list[TimedRun]] = {name: [] for name in builds}
    for turn in range(1, runs + 1):
        taken_now = {name: build() for name, build in builds.items()}
        for name, run in taken_now.items():
            taken[name].append(run)
        if each_turn is not None:
            each_turn(turn, taken_now)
    return taken


def paired_ratio(figures: dict, numerator: str, denominator: str) -> float | None:
    """The median of the runs' ratios: each run of `numerator` over the run of `denominator` taken
    in the same turn (in_turn). None when either was not built."""
    top, bottom = (figures["builds"].get(key, {}).get("runs_seconds") for key in (numerator, denominator))
    if not top or not bottom:
        return None
    return statistics.median(a / b for a, b in zip(top, bottom, strict=True))


def _prime_banner_cache(python: str, repository: Path, work: Path, env: dict, retire: Retirement) -> dict:
    """One build of the kits alone, so that the banner cache holds every graphic the sizes need."""
    folder = work / "banner-priming"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(env[BANNER_CACHE_VARIABLE], ignore_errors=True)
    make_loa_project(folder, GeneratedContent([], CAMPAIGN_KITS), repository)
    run = timed_run([python, "-m", "loa", "build", "--site-dir", "site"], folder, env, work / "banner-priming.log")
    retire(folder)
    return {"seconds": run.seconds, "peak_total_mb": run.peak_total_mb, "kits": [k.id for k in CAMPAIGN_KITS]}


def _print_row(key: str, figures: dict) -> None:
    label = dict(ROWS)[key]
    if "skipped" in figures:
        print(f"{label:<16} | bỏ qua: {figures['skipped']}", flush=True)
        return
    output = figures["output"]
    print(
        f"{label:<16} | {figures['median_seconds']:>7.2f} s | {figures['min_seconds']:>7.2f} s | "
        f"{figures['max_seconds']:>7.2f} s | {figures['peak_total_mb']:>5.0f} MB | {output['bytes'] / 1e6:>6.1f} MB | "
        f"{output['files']:>7}",
        flush=True,
    )


def _add_ratios(figures: dict, previous: dict | None) -> None:
    """The ratios the targets of issue 9 are written in, each paired run by run (paired_ratio):
    against Hugo and the blog, and from the size before (built again in this size's turns)."""
    figures["ratios"] = {
        "warm_over_hugo_cold": paired_ratio(figures, "loa_warm", "hugo"),
        "cold_over_hugo": paired_ratio(figures, "loa_cold", "hugo"),
        "first_over_hugo": paired_ratio(figures, "loa_first", "hugo"),
        "cold_over_blog": paired_ratio(figures, "loa_cold", "blog"),
        "cold_over_previous_size": paired_ratio(figures, "loa_cold", "loa_cold_previous"),
        "previous_size": previous["announcements"] if previous else None,
    }


def _print_ratios(figures: dict) -> None:
    ratios, size = figures["ratios"], figures["announcements"]

    def line(label: str, value: float | None, target: str) -> None:
        shown = f"{value:.2f}" if value is not None else "–"
        print(f"  {label:<34} {shown:>8}   (mục tiêu {target})")

    line("Loa ấm / Hugo lạnh", ratios["warm_over_hugo_cold"], "≤ 1")
    line("Loa lạnh / Hugo", ratios["cold_over_hugo"], "≤ 2")
    line("Loa lạnh lần đầu / Hugo", ratios["first_over_hugo"], "≤ 2, cả biên dịch mẫu của theme")
    line("Loa lạnh / Material blog", ratios["cold_over_blog"], "≤ 0.25")
    if ratios["previous_size"]:
        growth = size / ratios["previous_size"]
        label = f"Loa lạnh({size}) / Loa lạnh({ratios['previous_size']})"
        line(label, ratios["cold_over_previous_size"], f"≤ {1.1 * growth:.3g}, tuyến tính ×{growth:.3g}")
    peak = figures["builds"]["loa_cold"]["peak_total_mb"]
    label = "RAM đỉnh Loa lạnh (MB, mọi tiến trình)"
    print(f"  {label:<34} {peak:>8.0f}   (mục tiêu < {MEMORY_TARGET_MB} ở 30000 văn bản)")
    serve = figures["serve"]
    if "skipped" in serve:
        print(f"  {'sửa → trang (make serve)':<34} {'bỏ qua':>8}")
    else:
        each = ", ".join(f"{s:.2f}" for s in serve["edits_seconds"])
        print(
            f"  {'sửa → trang (make serve), trung vị':<34} {serve['median_seconds']:>6.2f} s   (mục tiêu ≤ 1 s; "
            f"5 lần: {each}; khởi động {serve['startup_seconds']:.1f} s)"
        )
    sys.stdout.flush()


def _hugo_version(hugo: str) -> str:
    try:
        return subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def _write_json(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)
