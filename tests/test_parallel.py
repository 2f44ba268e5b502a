"""Work shared between forked processes (loa.parallel): the same results, the same site, the same
caches as in one process; a failure in a child reported, not lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from loa.benchmark.content import generate_content
from loa.benchmark.projects import make_loa_project
from loa.parallel import chunks, run_jobs

REPO_ROOT = Path(__file__).resolve().parent.parent


# The pytest process runs other threads (the browser tests' servers), in which run_jobs rightly
# forks nothing: the tests of forking run in a fresh interpreter.
_PROBE = """
import json, os, sys, time
from loa.parallel import ChildFailed, run_jobs

def pid_after(seconds):
    time.sleep(seconds)
    return os.getpid()

class Refused(ValueError):
    pass

parent = os.getpid()

def refuse_in_child():
    time.sleep(0.05)
    if os.getpid() != parent:
        raise Refused("trường 'date': gặp '2021-02-30'")
    return 1

def die_in_child():
    time.sleep(0.05)
    if os.getpid() != parent:
        os._exit(3)
    return 1

case = sys.argv[1]
if case == "order":
    results = run_jobs([lambda n=n: (n * n, pid_after(0.05)) for n in range(12)], processes=2)
    print(json.dumps({"parent": parent, "results": results}))
elif case == "raises":
    try:
        run_jobs([refuse_in_child for _ in range(6)], processes=2)
    except Refused as error:
        print(json.dumps({"message": str(error), "notes": error.__notes__}))
elif case == "cache":
    import sqlite3
    from pathlib import Path
    from loa.build_cache import BuildCache
    cache = BuildCache(Path(sys.argv[2]), "values")
    cache.put("kept", 0)

    def put(n):
        cache.put(f"key-{n}", n * 10)
        return pid_after(0.02)

    pids = run_jobs([lambda n=n: put(n) for n in range(10)], processes=2, carried=[cache])
    cache.save()  # keeps what the build used, the children's values included
    with sqlite3.connect(Path(sys.argv[2]) / "values.sqlite3") as database:
        keys = sorted(key for (key,) in database.execute("SELECT key FROM entries"))
    print(json.dumps({"pids": pids, "keys": keys, "value": BuildCache(Path(sys.argv[2]), "values").get("key-7")}))
elif case == "memory":
    kept = []

    def grow():  # a job that leaves 20 MB behind in whichever process ran it
        kept.append(bytearray(os.urandom(1)) * 20_000_000)
        time.sleep(0.05)
        return os.getpid()

    print(json.dumps({"parent": parent, "pids": run_jobs([grow for _ in range(24)], processes=2)}))
elif case == "replaced":
    kept = []

    def grow_in_child():  # a page a child renders: what it copies stays with it, not with the parent
        if os.getpid() != parent:
            kept.append(bytearray(os.urandom(1)) * 20_000_000)
        time.sleep(0.05)
        return os.getpid()

    print(json.dumps({"parent": parent, "pids": run_jobs([grow_in_child for _ in range(40)], processes=2)}))
elif case == "replaced-meanwhile":
    from loa.parallel import in_steps
    kept = []

    def grow_in_child():
        if os.getpid() != parent:
            kept.append(bytearray(os.urandom(1)) * 20_000_000)
        time.sleep(0.05)
        return [os.getpid(), time.monotonic()]

    def long_job():  # the search index: a job of many short steps, in this process only
        list(in_steps(time.sleep(0.02) for _ in range(150)))
        return time.monotonic()

    done, *jobs = run_jobs([grow_in_child for _ in range(60)], processes=2, parent_only=[long_job])
    print(json.dumps({"parent": parent, "done": done, "jobs": jobs}))
elif case == "parent-only":
    def child_ended_meanwhile():
        # The children of this process, seen from here while it still runs a job of its own.
        tasks = [t for t in os.listdir("/proc/self/task")]
        children = {int(c) for t in tasks for c in open(f"/proc/self/task/{t}/children").read().split()}
        deadline = time.time() + 10
        while time.time() < deadline:
            states = [open(f"/proc/{c}/stat").read().rsplit(")", 1)[1].split()[0] for c in children]
            if children and all(state == "Z" for state in states):
                return [os.getpid(), True]
            time.sleep(0.05)
        return [os.getpid(), False]

    big = [lambda n=n: (n, "kết quả lớn " * 20_000) for n in range(8)]  # 240 KB each: more than a pipe holds
    results = run_jobs(big, processes=2, parent_only=[child_ended_meanwhile])
    print(json.dumps({"parent": parent, "first": results[0], "rest": [n for n, _ in results[1:]]}))
elif case == "dies":
    try:
        run_jobs([die_in_child for _ in range(6)], processes=2)
    except ChildFailed as error:
        print(json.dumps({"message": str(error)}))
"""


def _probe(*arguments: str, memory_mb: str = "") -> dict:
    env = {**os.environ, "LOA_PROCESSES": "", "LOA_MEMORY_MB": memory_mb}
    command = [sys.executable, "-c", _PROBE, *arguments]
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert run.returncode == 0 and run.stdout, run.stderr
    return json.loads(run.stdout)


def test_jobs_run_in_several_processes_and_come_back_in_order() -> None:
    found = _probe("order")
    assert [square for square, _ in found["results"]] == [n * n for n in range(12)]
    pids = {pid for _, pid in found["results"]}
    assert found["parent"] in pids and len(pids) == 2  # the parent took jobs, and one child did


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_one_process_when_asked_or_when_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [lambda: _pid_after(0.02) for _ in range(6)]
    monkeypatch.setenv("LOA_PROCESSES", "1")
    assert set(run_jobs(jobs)) == {os.getpid()}
    monkeypatch.delenv("LOA_PROCESSES")
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # a preview's server, say
    server.start()
    try:
        assert set(run_jobs(jobs, processes=2)) == {os.getpid()}
    finally:
        stop.set()
        server.join()


def test_an_exception_in_a_child_is_raised_here_with_where_it_happened() -> None:
    found = _probe("raises")
    assert "2021-02-30" in found["message"]
    notes = "\n".join(found["notes"])
    assert "tiến trình con" in notes and "refuse_in_child" in notes  # the child's own traceback


def test_a_child_that_dies_is_reported() -> None:
    assert "không gửi kết quả" in _probe("dies")["message"]


def test_what_children_put_in_a_cache_is_kept(tmp_path: Path) -> None:
    found = _probe("cache", str(tmp_path))
    assert len(set(found["pids"])) == 2
    assert found["keys"] == sorted(["kept", *(f"key-{n}" for n in range(10))])  # the children's too
    assert found["value"] == 70


def test_a_child_stops_taking_jobs_before_the_processes_together_outgrow_the_memory_budget() -> None:
    """Each job keeps 20 MB: with a budget of 300 MB the child stops after a few jobs (what it
    copies and what it keeps counts), and this process does the rest; with room, they share."""
    tight = _probe("memory", memory_mb="300")
    child_jobs = Counter(pid for pid in tight["pids"] if pid != tight["parent"])
    assert child_jobs and max(child_jobs.values()) <= 8 and len(tight["pids"]) == 24
    roomy = _probe("memory", memory_mb="4000")
    assert sum(pid != roomy["parent"] for pid in roomy["pids"]) >= 8
    no_room = _probe("memory", memory_mb="20")  # this process alone is larger: no child at all
    assert set(no_room["pids"]) == {no_room["parent"]}


def test_a_child_that_stopped_for_memory_is_replaced_while_jobs_remain() -> None:
    """Jobs that leave 20 MB in a child only: each child stops within the 300 MB budget, and a
    fresh one (nothing copied) takes over, so that both cores keep working to the end."""
    found = _probe("replaced", memory_mb="300")
    child_jobs = Counter(pid for pid in found["pids"] if pid != found["parent"])
    assert len(found["pids"]) == 40
    assert len(child_jobs) >= 2 and max(child_jobs.values()) <= 13
    assert sum(child_jobs.values()) >= 14  # the children did a good share, more than one could


def test_children_are_replaced_while_this_process_runs_a_long_job_in_steps() -> None:
    """While this process builds the search index (a parent_only job, in_steps), a child that
    stopped for memory is replaced between the index's steps, not only once the index is done."""
    found = _probe("replaced-meanwhile", memory_mb="300")
    before_the_end = {pid for pid, at in found["jobs"] if pid != found["parent"] and at < found["done"]}
    assert len(before_the_end) >= 2


def test_this_process_takes_jobs_from_the_back() -> None:
    """Children take the first jobs and this process the last ones: a build puts last the pages
    that touch most of the memory a child would copy (listings)."""
    found = _probe("order")
    pids = [pid for _, pid in found["results"]]
    assert pids[0] != found["parent"] and pids[-1] == found["parent"]


def test_parent_only_jobs_run_here_and_a_child_with_large_results_does_not_wait_for_them() -> None:
    """The search index (parent_only) is built in this process; meanwhile a child that has done its
    jobs ends, its memory freed, even when its results are more than a pipe holds."""
    found = _probe("parent-only")
    assert found["first"] == [found["parent"], True]
    assert found["rest"] == list(range(8))


def test_chunks_cover_every_item_once() -> None:
    assert chunks(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert chunks([], 3) == []


def _build(project: Path, site: Path, processes: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LOA_PROCESSES": processes, "SOURCE_DATE_EPOCH": "1637712000"}
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(site)]
    run = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _cache_keys(project: Path) -> dict[str, set[str]]:
    keys = {}
    for namespace in ("bodies", "pages"):
        with sqlite3.connect(project / ".cache" / "loa" / f"{namespace}.sqlite3") as database:
            keys[namespace] = {key for (key,) in database.execute("SELECT key FROM entries")}
    return keys


def test_a_build_on_two_cores_makes_the_same_site_and_caches_as_on_one(tmp_path: Path) -> None:
    """Enough announcements that loading, bodies, pages and the search index are each shared."""
    project = make_loa_project(tmp_path / "project", generate_content(260, seed=4), REPO_ROOT)
    _build(project, tmp_path / "one", "1")
    one_cache = _cache_keys(project)
    (project / ".cache").rename(tmp_path / "cache-of-one")
    _build(project, tmp_path / "two", "2")
    assert _tree(tmp_path / "two") == _tree(tmp_path / "one")
    assert _cache_keys(project) == one_cache
    assert len(one_cache["pages"]) > 260 and len(one_cache["bodies"]) > 200


def test_errors_of_files_loaded_in_a_child_are_all_reported(tmp_path: Path) -> None:
    """Files are loaded in runs of 100 by whichever process is free: an error is reported with its
    file, field and line wherever it was found, and the build stops with all of them."""
    project = make_loa_project(tmp_path / "project", generate_content(320, seed=5), REPO_ROOT)
    sources = sorted((project / "docs" / "tin-tuc" / "posts").rglob("*.md"))
    broken = [sources[5], sources[150], sources[-5]]  # in three different runs
    for source in broken:
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("\ndate: ", "\ndate: 2021-02-30\nold_date: ", 1), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LOA_PROCESSES": "2"}
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(tmp_path / "site")]
    run = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert run.returncode != 0
    for source in broken:
        shown = source.relative_to(project).as_posix()
        assert f"{shown}:" in run.stderr and "2021-02-30" in run.stderr, f"{shown} not reported"
