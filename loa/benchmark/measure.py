"""Timed builds, their peak memory and output size, and the machine and commit the figures belong to."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import os
import platform
import signal
import socket
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


class BuildFailed(Exception):
    """A build exited non-zero; the message names the command, the folder and the end of its log."""


@dataclass(frozen=True)
class TimedRun:
    seconds: float
    peak_mb: float  # the largest resident set of one process: the command or a descendant it waited for
    peak_total_mb: float  # the largest memory of the command and all its descendants at once (TreeMemory)
    cpu_seconds: float  # user and system time of the command and every descendant it waited for


MB = 1_000_000  # figures are in decimal megabytes: the target "under 1 GB" is 1,000 MB


class TreeMemory:
    """The memory a command and all its descendants use together, sampled in a thread: the sum
    of their proportional set sizes (PSS, /proc/PID/smaps_rollup), in which a page shared by
    forked processes counts once in all. The resident sizes of single processes (ru_maxrss)
    would count it once per process, or miss the children."""

    def __init__(self, root: int, interval: float = 0.1):
        self.root, self.interval, self.peak_bytes = root, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak_bytes / MB

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, sum(_pss_bytes(pid) for pid in _tree(self.root)))
            self._stop.wait(self.interval)


def _tree(root: int) -> list[int]:
    """`root` and every process descended from it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    parent = int(stat.read().rsplit(b")", 1)[1].split()[1])  # the name may hold spaces
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            children.setdefault(parent, []).append(int(entry))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending += children.get(pid, [])
    return found


def _pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass  # gone meanwhile, or a zombie
    return 0


def timed_run(command: list[str], cwd: Path, env: dict[str, str], log_file: Path) -> TimedRun:
    """Run `command` to its end, its output into `log_file`; wall time and peak memory.

    Memory twice: the command's tree together (TreeMemory, what the machine must have), and the
    largest single process (os.wait4 merges the usage of the descendants it waited for: Linux
    keeps the largest ru_maxrss). The file system's pending writes (the previous build's output)
    are flushed first, so that no run pays for the writes of the one before."""
    os.sync()
    with log_file.open("ab") as log:
        log.write(f"$ {' '.join(command)}\n".encode())
        log.flush()
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        memory = TreeMemory(process.pid)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # Ctrl-C: stop the build and everything it started
            stop_process_group(process)
            raise
        finally:
            peak_total_mb = memory.stop()
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "\n".join(log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        raise BuildFailed(f"{' '.join(command)} (in {cwd}) exited with {process.returncode}:\n{tail}")
    cpu_seconds = usage.ru_utime + usage.ru_stime
    return TimedRun(elapsed, usage.ru_maxrss * 1024 / MB, peak_total_mb, cpu_seconds)  # ru_maxrss: KiB on Linux


def stop_process_group(process: subprocess.Popen, grace_seconds: float = 10) -> None:
    """SIGTERM to the process group `process` leads, SIGKILL if it has not exited after the grace."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(grace_seconds)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def summary(runs: list[TimedRun]) -> dict:
    """Median, min and max seconds and the peak memory of several runs of one build."""
    seconds = [r.seconds for r in runs]
    return {
        "median_seconds": statistics.median(seconds),
        "min_seconds": min(seconds),
        "max_seconds": max(seconds),
        "runs_seconds": seconds,
        "median_cpu_seconds": statistics.median(r.cpu_seconds for r in runs),
        "peak_mb": max(r.peak_mb for r in runs),
        "runs_peak_mb": [r.peak_mb for r in runs],
        "peak_total_mb": max(r.peak_total_mb for r in runs),
        "runs_peak_total_mb": [r.peak_total_mb for r in runs],
    }


def output_size(site_dir: Path, search_index: Path | None) -> dict:
    """Total bytes and file count of a built site; the search index's size, raw and gzipped
    (`search_index` is its file, or the folder of its parts)."""
    total, files = 0, 0
    for folder, _, names in os.walk(site_dir):
        for name in names:
            total += os.stat(os.path.join(folder, name), follow_symlinks=False).st_size
            files += 1
    result: dict = {"bytes": total, "files": files, "search_index_bytes": None, "search_index_gzip_bytes": None}
    parts = sorted(search_index.iterdir()) if search_index is not None and search_index.is_dir() else [search_index]
    parts = [part for part in parts if part is not None and part.is_file()]
    if parts:
        data = [part.read_bytes() for part in parts]
        result["search_index_bytes"] = sum(len(d) for d in data)
        result["search_index_gzip_bytes"] = sum(len(gzip.compress(d, compresslevel=6, mtime=0)) for d in data)
        result["search_index_files"] = len(parts)
    return result


def machine() -> dict:
    """What the figures were measured on."""
    cpu_model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def git_commit(repository: Path) -> dict:
    """The commit the benchmark ran on and whether the tree had changes ("unknown" outside git)."""

    def git(*arguments: str) -> str | None:
        try:
            result = subprocess.run(
                ["git", *arguments], cwd=repository, capture_output=True, text=True, check=False, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return result.stdout.strip() if result.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain") if commit else None
    return {"commit": commit or "unknown", "dirty": bool(status) if status is not None else None}


def timestamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
