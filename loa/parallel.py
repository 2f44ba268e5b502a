"""Work shared between this process and forked copies of it, to use every core of the machine.

A build is pure Python, so threads cannot run its work side by side. A forked child starts with
the parent's memory as it is (the loaded content, the model, the templates): nothing is pickled
on the way in, and each child sends back only its results. Jobs are handed out one at a time
from a shared counter, so long and short jobs even out between the processes. The results, and
so the site, are the same whatever the number of processes; `LOA_PROCESSES=1` builds in one,
and `LOA_MEMORY_MB` (default 1,000) bounds how many copies of a large build may run at once.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
PROCESSES_VARIABLE = "LOA_PROCESSES"
MEMORY_VARIABLE = "LOA_MEMORY_MB"


class CarriedState(Protocol):
    """State a child changes besides its results (a cache it fills), carried back to the parent."""

    def begin_child(self) -> None:
        """In a new child: forget what the parent had recorded, record from now on."""

    def child_changes(self) -> Any:
        """In the child, at its end: what it recorded (picklable)."""

    def absorb(self, changes: Any) -> None:
        """In the parent: take in what a child recorded."""


class ChildFailed(RuntimeError):
    """A child process died without sending its results."""


def usable_cores() -> int:
    """How many processes a build may run: LOA_PROCESSES if set, else the cores this process may use."""
    setting = os.environ.get(PROCESSES_VARIABLE, "").strip()
    if setting.isdigit() and int(setting) >= 1:
        return int(setting)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def memory_budget() -> int:
    """The bytes a build may use in all its processes together: LOA_MEMORY_MB, else 1 GB."""
    setting = os.environ.get(MEMORY_VARIABLE, "").strip()
    return int(setting) * 1_000_000 if setting.isdigit() and int(setting) > 0 else 1_000_000_000


def _processes_in_memory() -> int:
    """How many processes fit the memory budget, each a copy of this one at worst: a child
    shares the parent's memory only until either of them touches it, and in Python counting the
    references to an object touches it. A large archive's last steps run in one process."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 1 << 16  # not Linux: no figure, no limit
    return max(1, memory_budget() // max(resident, 1))


def run_jobs(
    jobs: Sequence[Callable[[], T]], *, processes: int | None = None, carried: Sequence[CarriedState] = ()
) -> list[T]:
    """Every job's result, in the order of `jobs`. This process and up to `processes - 1` forked
    children (default: usable_cores()) take the jobs one at a time; put the longest first. A job
    that raises stops the work, and its exception is raised here with the child's traceback.
    Serial in a process that runs other threads, with one job or one core, or when a second
    copy of this process would not fit memory_budget()."""
    processes = min(processes or usable_cores(), len(jobs), _processes_in_memory())
    # Forking while another thread runs (a preview's server) could copy a lock that thread holds.
    if processes <= 1 or not hasattr(os, "fork") or threading.active_count() > 1:
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")
    next_job = context.Value("l", 0)  # shared memory with its own lock

    def take() -> int | None:
        with next_job.get_lock():
            index = next_job.value
            if index >= len(jobs):
                return None
            next_job.value = index + 1
            return index

    def work() -> dict[int, T]:
        done = {}
        while (index := take()) is not None:
            done[index] = jobs[index]()
        return done

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # else a child could write the parent's buffered output again
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    # The garbage collector of a child would write to every object the parent has, and so copy
    # all their memory pages: what exists at the fork is kept out of its sight.
    gc.freeze()
    try:
        for _ in range(processes - 1):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: work, send, and leave without running the parent's clean-ups
                os.close(read_end)
                _child(work, carried, write_end)
            os.close(write_end)
            children.append((pid, read_end))
        gc.unfreeze()
        results = work()
        for pid, read_end in children:
            done, changes = _receive(pid, read_end)
            results.update(done)
            for state, change in zip(carried, changes, strict=True):
                state.absorb(change)
    except BaseException:
        gc.unfreeze()
        for pid, _ in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        raise
    finally:
        for pid, read_end in children:
            with contextlib.suppress(OSError):
                os.close(read_end)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    return [results[index] for index in range(len(jobs))]


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in runs of `size`: jobs big enough that handing them out costs nothing."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def _child(work: Callable[[], dict], carried: Sequence[CarriedState], write_end: int) -> None:
    status = 1
    try:
        try:
            for state in carried:
                state.begin_child()
            done = work()
            data = pickle.dumps(("done", done, [state.child_changes() for state in carried]), pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
            data = pickle.dumps(("failed", _picklable(error), traceback.format_exc()), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as stream:
            stream.write(data)
        status = 0
    finally:
        os._exit(status)


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - an exception that cannot travel travels as its text
        return RuntimeError(f"{type(error).__name__}: {error}")


def _receive(pid: int, read_end: int) -> tuple[dict, list]:
    """A child's results and carried changes; its exception raised again here."""
    with os.fdopen(read_end, "rb", closefd=False) as stream:
        try:
            payload = pickle.load(stream)  # noqa: S301 - from our own child, through a private pipe
        except EOFError:
            _, status = os.waitpid(pid, 0)
            raise ChildFailed(f"tiến trình con {pid} dừng mà không gửi kết quả (mã {status})") from None
    if payload[0] == "failed":
        _, error, child_traceback = payload
        error.add_note(f"Trong tiến trình con {pid}:\n{child_traceback}")
        raise error
    return payload[1], payload[2]
