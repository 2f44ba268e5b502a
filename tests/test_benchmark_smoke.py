"""The benchmark (`make benchmark`) stays runnable: its generator follows the content model, and the
whole benchmark runs at N = 20 (Loa cold and warm, the preview server's edit-to-page time) into
JSON with every figure. The real sizes run only in `make benchmark`."""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

from loa.benchmark.content import DOCUMENT_TYPES, MAX_TAGS, MAX_TITLE_CHARS, NUMBER_MARKS, generate_content
from loa.benchmark.measure import TimedRun, timed_run
from loa.benchmark.run import Retirement, in_turn, paired_ratio

REPO_ROOT = Path(__file__).resolve().parent.parent
SMOKE_SIZE = 20
# số/ký hiệu, the year optional: 2768/STC-VP, 15/TB-STC, 7/2021/QĐ-STC
NUMBER = re.compile(r"^(?P<sequence>[1-9][0-9]{0,5})(?:/(?P<year>[0-9]{4}))?/(?P<symbol>\w+(?:-\w+)+)$")


def test_generator_is_deterministic_and_follows_the_content_model() -> None:
    content = generate_content(300, seed=1)
    again = generate_content(300, seed=1)
    assert [a.markdown() for a in content.announcements] == [a.markdown() for a in again.announcements]
    assert [a.markdown() for a in generate_content(300, seed=2).announcements] != [
        a.markdown() for a in content.announcements
    ]

    items = content.announcements
    assert {a.type_code for a in items} == {code for code, _, _ in DOCUMENT_TYPES}
    assert len({a.slug for a in items}) == len(items)
    assert {a.campaign for a in items} >= {kit.id for kit in content.campaigns}
    assert any(a.attachments for a in items) and any(a.draft for a in items)
    assert len({a.date.year for a in items}) == 8
    numbers_per_year = collections.Counter()
    for item in items:
        text = item.markdown()
        assert unicodedata.is_normalized("NFC", text)
        assert len(item.title) <= MAX_TITLE_CHARS and len(item.tags) <= MAX_TAGS
        assert all(len(tag) <= 80 for tag in item.tags)
        assert "\nsigner:" in text if item.type_code != "tin-tuc" else "\nauthor:" in text
        number = next(
            (line.split(": ", 1)[1].strip('"') for line in text.splitlines() if line.startswith("number:")), None
        )
        assert (number is None) == (item.type_code == "tin-tuc" or item.draft)
        if number is not None:
            match = NUMBER.match(number)
            assert match, number
            assert match["year"] in (None, str(item.date.year))
            mark = NUMBER_MARKS[item.type_code]
            assert match["symbol"].startswith(f"{mark}-" if mark else "STC-"), number
            numbers_per_year[(int(match["sequence"]), item.date.year)] += 1  # numbering restarts each year
        for _, data in item.attachments:
            assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert max(numbers_per_year.values()) == 1
    assert any(a.title.startswith("V/v ") for a in items if a.type_code == "cong-van")


def test_benchmark_runs_at_20_announcements(tmp_path: Path) -> None:
    results_file = tmp_path / "results.json"
    work = tmp_path / "work"
    command = [
        sys.executable,
        str(REPO_ROOT / "scripts" / "benchmark"),
        *("--sizes", f"{SMOKE_SIZE // 4},{SMOKE_SIZE}", "--runs", "1", "--skip-blog", "--skip-hugo"),
        *("--keep", str(work), "--json", str(results_file)),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Loa lạnh (cold)" in run.stdout and "sửa → trang" in run.stdout
    # The builds are taken in turn: at the second size, the first size's cold build again, then
    # this size's cold build and the warm one right after it (in_turn).
    this_size = r"Loa lạnh \(cold\) [0-9.]+ s, Loa ấm \(warm\) [0-9.]+ s, Loa lạnh lần đầu [0-9.]+ s"
    assert len(re.findall("lượt 1/1: " + this_size, run.stdout)) == 1, run.stdout  # the first size
    assert re.search("lượt 1/1: Loa lạnh cỡ trước [0-9.]+ s, " + this_size, run.stdout), run.stdout

    results = json.loads(results_file.read_text(encoding="utf-8"))
    assert results["commit"] and results["timestamp"]
    assert {"machine", "cpu_count", "cpu_model", "python"} <= results["machine"].keys()
    figures = results["sizes"][str(SMOKE_SIZE)]
    assert figures["announcements"] == SMOKE_SIZE and figures["published"] > 0
    assert figures["loa_log"]["errors"] == 0  # the generated project builds without a content error
    for key in ("loa_cold", "loa_warm", "loa_first"):
        build = figures["builds"][key]
        assert 0 < build["min_seconds"] <= build["median_seconds"] <= build["max_seconds"]
        assert len(build["runs_seconds"]) == 1
        assert 20 < build["peak_mb"] < 2000  # `mkdocs build`, the grandchild, is counted: more than Python alone
        assert 20 < build["peak_total_mb"] < 2000
        output = build["output"]
        assert output["files"] > SMOKE_SIZE and output["bytes"] > 0
        assert 0 < output["search_index_gzip_bytes"] < output["search_index_bytes"]
    assert figures["builds"]["blog"] == {"skipped": "--skip-blog"}
    assert figures["builds"]["hugo"] == {"skipped": "--skip-hugo"}
    serve = figures["serve"]
    assert len(serve["edits_seconds"]) == 5 and all(0 < s < 60 for s in serve["edits_seconds"])
    assert serve["median_seconds"] > 0 and serve["startup_seconds"] > 0
    assert set(figures["ratios"]) >= {"warm_over_hugo_cold", "cold_over_hugo", "first_over_hugo", "cold_over_blog"}
    # The growth from the size before: over its cold build made again in this size's turn.
    before = figures["builds"]["loa_cold_previous"]
    assert figures["ratios"]["previous_size"] == SMOKE_SIZE // 4 and len(before["runs_seconds"]) == 1
    assert figures["ratios"]["cold_over_previous_size"] == build_seconds(figures, "loa_cold") / before["median_seconds"]
    assert before["output"]["files"] < figures["builds"]["loa_cold"]["output"]["files"]
    assert "loa_cold_previous" not in results["sizes"][str(SMOKE_SIZE // 4)]["builds"]
    # The first build on a machine compiles the theme's templates into a user cache of its own.
    assert any((work / str(SMOKE_SIZE) / "user-cache-0" / "loa" / "templates").iterdir())
    search_build = figures["search_build"]  # in CPU time: the index is made while other cores write pages
    assert search_build["seconds"] > 0 and 0 < search_build["cpu_seconds"] < search_build["build_cpu_seconds"]
    assert search_build["share_of_cold_build"] == search_build["cpu_seconds"] / search_build["build_cpu_seconds"]
    assert search_build["build_cpu_seconds"] == figures["builds"]["loa_cold"]["median_cpu_seconds"]
    search = figures["search"]  # measured in Chromium behind nginx, from the browser's own figures
    assert set(search) == {"binh dang gioi", "đường", "57/KH"}
    for ways in search.values():
        for seen in (ways["entered"], ways["typed"]):
            assert seen["parts"] >= 3 and 0 < seen["compressed_bytes"] < seen["decoded_bytes"]
        assert ways["typed"]["parts"] >= ways["entered"]["parts"]
        assert 0 <= ways["entered"]["results_after_last_part_ms"] < 5000
    assert "chỉ mục tìm kiếm khi xây dựng lạnh" in run.stdout and "gõ từng phím" in run.stdout

    project = work / str(SMOKE_SIZE) / "loa"
    site = project / "site"
    for item in generate_content(SMOKE_SIZE, seed=1).published:
        page = site / item.url / "index.html"
        assert page.is_file(), f"{item.source} has no page at /{item.url}"
        assert "loabenchmark" not in (project / "docs" / item.source).read_text(encoding="utf-8")


# A parent of 30 MB that forks two children, each of which fills 150 MB of its own and holds it.
_FORKING = """
import os, time
ballast = bytearray(b"x" * 30_000_000)
children = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        own = bytearray(150_000_000)
        own[::4096] = b"x" * len(range(0, len(own), 4096))  # every page touched, so resident
        time.sleep(1.5)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
"""


def test_the_memory_of_forked_workers_is_counted_together(tmp_path: Path) -> None:
    """A build that forks workers (loa.parallel) needs the memory of all its processes at once:
    the benchmark's figure is their sum, not the largest of them."""
    run = timed_run([sys.executable, "-c", _FORKING], tmp_path, {}, tmp_path / "log")
    # Both children and the parent at the same time. (The largest single process, peak_mb, cannot
    # be checked from here: a command started from a process as big as pytest inherits its size.)
    assert 300 < run.peak_total_mb < 450


_BUSY_CHILD = """
import os, time
pid = os.fork()
if pid == 0:
    end = time.process_time() + 0.6
    while time.process_time() < end:
        pass
    os._exit(0)
os.waitpid(pid, 0)
"""


def test_the_cpu_time_of_forked_workers_is_counted(tmp_path: Path) -> None:
    """A build's CPU time (against which the search index's share is taken) holds its workers'."""
    run = timed_run([sys.executable, "-c", _BUSY_CHILD], tmp_path, {}, tmp_path / "log")
    assert run.cpu_seconds >= 0.6 and run.seconds >= 0.6


def test_leftovers_are_moved_aside_and_deleted_at_the_end(tmp_path: Path) -> None:
    site = tmp_path / "project" / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("x", encoding="utf-8")
    retire = Retirement(tmp_path / "retired")
    retire(site)
    retire(tmp_path / "project" / "missing")  # nothing there: nothing to do
    assert not site.exists() and (tmp_path / "retired" / "1-site" / "a" / "index.html").is_file()
    retire.delete()
    assert not (tmp_path / "retired").exists()


def build_seconds(figures: dict, key: str) -> float:
    return figures["builds"][key]["median_seconds"]


def test_builds_are_taken_in_turn_and_ratios_paired_run_by_run() -> None:
    """A ratio compares the runs of one turn, taken seconds apart: on a machine whose speed drifts
    between turns, the median of the pairs' ratios is not the ratio of the medians."""
    order: list[str] = []
    seconds = {"loa_cold": iter([4.0, 6.0, 5.0]), "hugo": iter([2.0, 2.0, 2.6])}

    def build(name: str):
        def run() -> TimedRun:
            order.append(name)
            return TimedRun(next(seconds[name]), 50.0, 60.0, 1.0)

        return run

    turns: list[tuple[int, list[str]]] = []
    runs = in_turn(3, {"loa_cold": build("loa_cold"), "hugo": build("hugo")}, lambda n, now: turns.append((n, [*now])))
    assert order == ["loa_cold", "hugo"] * 3
    assert turns == [(1, ["loa_cold", "hugo"]), (2, ["loa_cold", "hugo"]), (3, ["loa_cold", "hugo"])]
    figures = {"builds": {name: {"runs_seconds": [r.seconds for r in taken]} for name, taken in runs.items()}}
    figures["builds"]["blog"] = {"skipped": "--skip-blog"}
    assert paired_ratio(figures, "loa_cold", "hugo") == 2.0  # pairs 2.0, 3.0, 1.92; medians' ratio 5.0 / 2.0
    assert paired_ratio(figures, "loa_cold", "blog") is None
