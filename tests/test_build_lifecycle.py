"""Interrupted and killed builds (issue 8): SIGINT and SIGTERM stop the child build and remove
its staging folder, a killed build leaves no orphan and its leftovers go with the next build,
and the swap never leaves site/ missing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import Project, announcement, copy_demo, create_project
from test_build_errors import snapshot

from loa.site_build import build_site, swap_in

# A MkDocs hook that holds the build after the pages are written, so a test can interrupt it
# mid-build, with the staging folder full.
SLOW_HOOK = """\
import pathlib, time

def on_post_build(config):
    pathlib.Path(config.config_file_path).with_name("hook-started").touch()
    time.sleep(120)
"""


def slow_project(tmp_path: Path) -> Project:
    project = create_project(tmp_path, {"2024/mot.md": announcement("Thông báo một", "2024-01-05", number="1/TB-STC")})
    assert build_site(project.config_file, project.site_dir) == 0  # the last good site
    (project.root / "slow_hook.py").write_text(SLOW_HOOK, encoding="utf-8")
    with project.config_file.open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - slow_hook.py\n")
    return project


def start_build(project: Project) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "loa", "build", "--site-dir", "site"],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    started = project.root / "hook-started"
    deadline = time.monotonic() + 60
    while not started.exists():
        assert process.poll() is None, f"the build ended before the hook ran:\n{process.stdout.read()}"
        assert time.monotonic() < deadline, "the slow hook never ran"
        time.sleep(0.05)
    return process


def build_processes(project: Project) -> list[int]:
    """Processes building this project (read from /proc): `loa build` and the child it forks to
    run MkDocs (whose command line is its parent's), or a `mkdocs build` it started."""
    found = []
    root = project.root.resolve()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            folder = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue
        if ("mkdocs build" in command or "loa build" in command) and (str(root) in command or folder == root):
            found.append(int(entry.name))
    return found


def staging_folders(project: Project) -> list[str]:
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site-building-"))


def wait_until_gone(project: Project, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while build_processes(project) and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_child_build_and_removes_its_folder(tmp_path: Path, signum: int, code: int) -> None:
    project = slow_project(tmp_path)
    before = snapshot(project.site_dir)
    process = start_build(project)
    assert staging_folders(project), "the build should be writing into a staging folder"
    assert build_processes(project), "the child mkdocs build should be running"

    process.send_signal(signum)
    output, _ = process.communicate(timeout=30)

    assert process.returncode == code, output
    assert f"Đã dừng xây dựng ({signal.Signals(signum).name})" in output
    assert build_processes(project) == [], "the child mkdocs build is still running"
    assert staging_folders(project) == []
    assert snapshot(project.site_dir) == before


def test_a_killed_build_leaves_no_orphan_and_the_next_build_removes_its_folder(tmp_path: Path) -> None:
    project = slow_project(tmp_path)
    before = snapshot(project.site_dir)
    process = start_build(project)
    process.kill()  # SIGKILL: no clean-up can run in the killed process
    process.wait(timeout=10)

    wait_until_gone(project)
    assert build_processes(project) == [], "the child build outlived its killed parent"
    leftovers = staging_folders(project)
    assert len(leftovers) == 1 and snapshot(project.site_dir) == before

    (project.root / "mkdocs.yml").write_text(
        (project.root / "mkdocs.yml").read_text(encoding="utf-8").replace("hooks:\n  - slow_hook.py\n", ""),
        encoding="utf-8",
    )
    retired = project.root / ".site-old"
    retired.mkdir()
    (retired / "index.html").write_text("cũ", encoding="utf-8")
    assert build_site(project.config_file, project.site_dir) == 0
    assert staging_folders(project) == [] and not retired.exists()
    assert (project.site_dir / "tin-tuc" / "2024" / "mot" / "index.html").is_file()


def test_the_swap_never_leaves_the_site_missing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("0", encoding="utf-8")
    missing: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not (site / "index.html").exists():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for version in range(1, 301):
            new = tmp_path / f".site-building-{version}"
            new.mkdir()
            (new / "index.html").write_text(str(version), encoding="utf-8")
            swap_in(new, site)
            # the staging path now holds the previous site: the paths were exchanged, not moved aside
            assert (new / "index.html").read_text(encoding="utf-8") == str(version - 1)
            for child in new.iterdir():
                child.unlink()
            new.rmdir()
    finally:
        done.set()
        watcher.join()
    assert (site / "index.html").read_text(encoding="utf-8") == "300"
    assert missing == [], f"site/index.html was missing {len(missing)} times during the swaps"


def test_the_first_build_moves_the_staging_folder_into_place(tmp_path: Path) -> None:
    new = tmp_path / "staging"
    new.mkdir()
    (new / "index.html").write_text("mới", encoding="utf-8")
    swap_in(new, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "mới"
    assert not new.exists()


def test_signals_are_left_as_they_were_after_a_build(tmp_path: Path) -> None:
    project = create_project(tmp_path, {"2024/mot.md": announcement("Thông báo một", "2024-01-05", number="1/TB-STC")})
    handlers = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    assert build_site(project.config_file, project.site_dir) == 0
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == handlers
    assert os.access(project.site_dir, os.R_OK | os.X_OK) and project.site_dir.stat().st_mode & 0o755 == 0o755


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    """With the same SOURCE_DATE_EPOCH, the same content gives the same bytes, file for file."""

    snapshots = []
    for name in ("first", "second"):
        root = copy_demo(tmp_path / name)
        env = {"SOURCE_DATE_EPOCH": "1637712000", "LOA_BANNER_CACHE": str(tmp_path / "banners")}
        assert build_site(root / "mkdocs.yml", root / "site", extra_env=env) == 0
        snapshots.append(snapshot(root / "site"))
    assert len(snapshots[0]) > 100
    differing = sorted(
        path for path in snapshots[0].keys() | snapshots[1].keys() if snapshots[0].get(path) != snapshots[1].get(path)
    )
    assert differing == []


# build_site in a fresh interpreter (the test process may run threads of its own), telling which
# child processes it started as new interpreters; with "thread", while another thread runs.
BUILD_AND_TELL = """
import json, subprocess, sys, threading
from pathlib import Path
from loa import site_build

started = []
real_popen = subprocess.Popen

def popen(command, *args, **kwargs):
    started.append(list(command))
    return real_popen(command, *args, **kwargs)

site_build.subprocess.Popen = popen
stop = threading.Event()
if sys.argv[3] == "thread":
    threading.Thread(target=stop.wait).start()
code = site_build.build_site(Path(sys.argv[1]), Path(sys.argv[2]), extra_env={"SOURCE_DATE_EPOCH": "1704412800"})
stop.set()
print(json.dumps({"code": code, "started": [command[1:4] for command in started]}))
"""


def test_a_build_forks_mkdocs_and_with_other_threads_starts_it_anew(tmp_path: Path) -> None:
    """MkDocs runs in a fork of the build's process, its modules already imported; in a process
    that runs other threads (a fork could copy a lock one of them holds) it runs in a new
    interpreter. Both give the same site, byte for byte."""
    files = {"2024/mot.md": announcement("Thông báo một", "2024-01-05", number="1/TB-STC")}
    told = {}
    for way in ("fork", "thread"):
        project = create_project(tmp_path, files, name=way)
        run = subprocess.run(
            [sys.executable, "-c", BUILD_AND_TELL, str(project.config_file), str(project.site_dir), way],
            capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr[-3000:]
        told[way] = json.loads(run.stdout.strip().splitlines()[-1])
        assert told[way]["code"] == 0
    assert told["fork"]["started"] == []
    assert told["thread"]["started"] == [["-m", "mkdocs", "build"]]
    assert snapshot(tmp_path / "thread" / "site") == snapshot(tmp_path / "fork" / "site")


# A MkDocs hook, as another plugin: it replaces the feed's content before the build writes it,
# and reads the open data's content once the files are written.
DATA_HOOK = """\
import json, pathlib

def on_env(env, config, files):
    files.get_file_from_path("feed.xml").content_string = "<feed>thay bởi hook</feed>"
    return env

def on_post_build(config):
    files = config.extra["_hook_files"]
    data = files.get_file_from_path("tin-tuc/van-ban.json").content_string
    pathlib.Path(config.config_file_path).with_name("data-read-by-hook.json").write_text(data, encoding="utf-8")

def on_files(files, config):
    config.extra["_hook_files"] = files
    return files
"""


def test_a_build_from_nothing_writes_the_data_files_as_other_plugins_see_them(tmp_path: Path) -> None:
    """A build from nothing makes the data files before Loa's pages start (loa.site.model.
    start_pages): what another plugin puts in their place is written, and what it reads of them
    after they are written is what was written."""
    files = {
        "2024/mot.md": announcement("Thông báo một", "2024-01-05", number="1/TB-STC"),
        "2024/hai.md": announcement("Kế hoạch hai", "2024-02-05", doc_type="ke-hoach", number="2/KH-STC"),
    }
    project = create_project(tmp_path, files)
    (project.root / "data_hook.py").write_text(DATA_HOOK, encoding="utf-8")
    with project.config_file.open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - data_hook.py\n")
    assert build_site(project.config_file, project.site_dir) == 0
    assert (project.site_dir / "feed.xml").read_text(encoding="utf-8") == "<feed>thay bởi hook</feed>"
    written = (project.site_dir / "tin-tuc" / "van-ban.json").read_text(encoding="utf-8")
    assert "Kế hoạch hai" in written
    assert (project.root / "data-read-by-hook.json").read_text(encoding="utf-8") == written
