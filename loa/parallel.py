"""Work shared between this process and forked copies of it, to use every core of the machine.

A build is pure Python, so threads cannot run its work side by side. A forked child starts with
the parent's memory as it is (the loaded content, the model, the templates): nothing is pickled
on the way in, and each child sends back only its results. Jobs are handed out one at a time
from a shared counter, so long and short jobs even out between the processes. The results, and
so the site, are the same whatever the number of processes; `LOA_PROCESSES=1` builds in one.

`LOA_MEMORY_MB` (default 1,000) bounds the memory of all the processes together. A child shares
the parent's memory pages until either writes to them, and in Python merely using an object
writes its reference count: a child copies, page by page, what it touches. So before each job
a child measures what it has copied (its private memory) and adds the parent's resident size;
once that nears the budget it takes no more jobs and ends. Between its own jobs the parent
replaces a child that has ended while jobs remain: the new child starts with nothing copied, the
copies of the one before freed with it.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, BinaryIO, Generic, Protocol, TypeVar

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


# While run_jobs runs its parent_only jobs: how it replaces the children that have ended.
_tend_children: Callable[[], None] | None = None


def in_steps(steps: Iterable[T]) -> Iterator[T]:
    """The steps of a long parent_only job, one at a time. After each, this process replaces the
    children that have ended, as it does between jobs: a child that stopped for memory would
    otherwise leave a core idle until the job is done (the search index: 9 s at 30,000)."""
    for step in steps:
        yield step
        if _tend_children is not None:
            _tend_children()


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


# Of the budget, what the build's processes may hold when a child takes a job. The rest is left
# for the `loa build` command that waits for the build (30 MB), for the job in hand, and for what
# the parent adds meanwhile: at 30,000 announcements it builds the search index beside the
# child's pages, growing by up to 40 MB a second, and with 90% the build peaked at 1,017 MB.
_MEMORY_RESERVE = 0.85


def _resident_bytes(pid: int | str = "self") -> int | None:
    """A process's resident size, from /proc; None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _private_bytes() -> int | None:
    """This process's memory that is its own: what it allocated, and the parent's pages it copied."""
    try:
        with open("/proc/self/smaps_rollup", "rb") as rollup:
            fields = dict(line.split()[:2] for line in rollup if line.startswith(b"Private_"))
        return sum(int(value) for value in fields.values()) * 1024
    except (OSError, ValueError):
        return None


def _room_for_children() -> bool:
    """Whether a child would have room for work beside this process as it is now: at least a
    tenth of memory_budget() left to copy into."""
    resident = _resident_bytes()
    return resident is None or resident <= memory_budget() * (_MEMORY_RESERVE - 0.1)


def _child_may_go_on(parent: int, children: int) -> bool:
    """In a child, before a job: whether the parent's resident size and this child's share of
    the children's private memory still fit the budget (with room for one more job). The
    child's resident size, which counts what it shares with the parent too, is read first: when
    even that fits, its private memory (a slow read of every mapping) need not be."""
    parent_bytes, resident = _resident_bytes(parent), _resident_bytes()
    if parent_bytes is None or resident is None:
        return True  # not Linux: nothing to measure
    budget = memory_budget() * _MEMORY_RESERVE
    if parent_bytes + resident * children <= budget:
        return True
    private = _private_bytes()
    return private is None or parent_bytes + private * children <= budget


def run_jobs(
    jobs: Sequence[Callable[[], T]],
    *,
    processes: int | None = None,
    carried: Sequence[CarriedState] = (),
    parent_only: Sequence[Callable[[], T]] = (),
) -> list[T]:
    """Every job's result, in the order of `jobs` (after those of `parent_only`): SharedJobs
    started and finished at once."""
    return SharedJobs(jobs, processes=processes, carried=carried).finish(parent_only)


class SharedJobs(Generic[T]):
    """Jobs shared between this process and up to `processes - 1` forked children (default:
    usable_cores()), started now and finished later: the children start taking jobs at once,
    and this process joins them in finish(), so that it may do other work in between (a build
    renders its pages while MkDocs renders its own). The children take the jobs one at a time
    from the front and this process from the back: put last the jobs that touch most of this
    process's memory, which a child would copy. A job that raises stops the work, and its
    exception is raised in finish() with the child's traceback. Serial (every job in finish())
    in a process that runs other threads, with one job or one core, or when this process leaves
    no room in memory_budget(); a child stops taking jobs when it would overrun it, and is
    replaced by a fresh one when room is left."""

    def __init__(
        self, jobs: Sequence[Callable[[], T]], *, processes: int | None = None, carried: Sequence[CarriedState] = ()
    ):
        self.jobs, self.carried = jobs, carried
        self.processes = min(processes or usable_cores(), len(jobs)) if _room_for_children() else 1
        # Forking while another thread runs (a preview's server) could copy a lock that thread holds.
        self.forking = self.processes > 1 and hasattr(os, "fork") and threading.active_count() == 1
        self.children: list[tuple[int, BinaryIO]] = []  # (pid, the file it sends its results in)
        self.results: dict[int, T] = {}
        self.files = contextlib.ExitStack()
        # Objects frozen before (a build freezes what it has loaded) stay frozen after.
        self.frozen_before = gc.get_freeze_count() > 0
        if not self.forking:
            return
        # The jobs not yet taken: [first, end), in shared memory with its own lock.
        self.untaken = multiprocessing.get_context("fork").Array("l", [0, len(jobs)])
        self.parent = os.getpid()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()  # else a child could write the parent's buffered output again
        try:
            for _ in range(self.processes - 1):
                self._fork_child()
        except BaseException:
            self.cancel()
            raise

    def finish(self, parent_only: Sequence[Callable[[], T]] = (), then: Callable[[], None] | None = None) -> list[T]:
        """Every job's result in the order of the jobs, after those of `parent_only`: jobs this
        process runs first, while the children go on (one that builds much in memory, which a
        child could not stop halfway). `then`: what this process does once every job is taken,
        while the children end theirs (a cache's last writes)."""
        if not self.forking:
            results = [job() for job in [*parent_only, *self.jobs]]
            if then is not None:
                then()
            return results
        global _tend_children
        try:
            tending_before, _tend_children = _tend_children, self._replace_ended_children
            try:
                first = [job() for job in parent_only]
            finally:
                _tend_children = tending_before
            while (index := self._take(from_back=True)) is not None:
                self.results[index] = self.jobs[index]()
                self._replace_ended_children()
            if then is not None:
                then()
            for pid, results_file in self.children:
                self._take_results(pid, results_file)
        except BaseException:
            self.cancel()
            raise
        finally:
            self._wait_for_children()
        return [*first, *(self.results[index] for index in range(len(self.jobs)))]

    def cancel(self) -> None:
        """Stop the children (the work is given up: a failed build)."""
        if self.forking and not self.frozen_before:
            gc.unfreeze()
        for pid, _ in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        self._wait_for_children()

    def _wait_for_children(self) -> None:
        for pid, _ in self.children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.children = []
        self.files.close()

    def _take(self, from_back: bool = False) -> int | None:
        with self.untaken.get_lock():
            first, end = self.untaken[0], self.untaken[1]
            if first >= end:
                return None
            if from_back:
                self.untaken[1] = end - 1
                return end - 1
            self.untaken[0] = first + 1
            return first

    def _work(self) -> dict[int, T]:  # in a child
        done = {}
        while _child_may_go_on(self.parent, self.processes - 1) and (index := self._take()) is not None:
            done[index] = self.jobs[index]()
        return done

    def _fork_child(self) -> None:
        # Results go through a file, not a pipe: a child whose results outgrow a pipe's buffer
        # would wait, holding its memory, until this process has done its own jobs.
        results_file = self.files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 - closed by `files`
        # The garbage collector of a child would write to every object the parent has, and so
        # copy all their memory pages: what exists at the fork is kept out of its sight.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: work, send, and leave without running the parent's clean-ups
            _child(self._work, self.carried, results_file)
        if not self.frozen_before:
            gc.unfreeze()
        self.children.append((pid, results_file))

    def _take_results(self, pid: int, results_file: BinaryIO, status: int | None = None) -> None:
        done, changes = _receive(pid, results_file, status)
        self.results.update(done)
        for state, change in zip(self.carried, changes, strict=True):
            state.absorb(change)

    def _replace_ended_children(self) -> None:
        """A child that stopped for memory while jobs remain leaves a core idle: it is replaced by
        a new one, which starts with nothing copied (the copies of the one that ended are freed)."""
        for pid, results_file in list(self.children):
            ended, status = os.waitpid(pid, os.WNOHANG)
            if ended:
                self.children.remove((pid, results_file))
                self._take_results(pid, results_file, status)
                if self.untaken[0] < self.untaken[1] and _room_for_children():
                    self._fork_child()


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in runs of `size`: jobs big enough that handing them out costs nothing."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def _child(work: Callable[[], dict], carried: Sequence[CarriedState], results_file: BinaryIO) -> None:
    status = 1
    try:
        try:
            for state in carried:
                state.begin_child()
            done = work()
            data = pickle.dumps(("done", done, [state.child_changes() for state in carried]), pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
            data = pickle.dumps(("failed", _picklable(error), traceback.format_exc()), pickle.HIGHEST_PROTOCOL)
        results_file.write(data)
        results_file.flush()
        status = 0
    finally:
        os._exit(status)


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - an exception that cannot travel travels as its text
        return RuntimeError(f"{type(error).__name__}: {error}")


def _receive(pid: int, results_file: BinaryIO, status: int | None = None) -> tuple[dict, list]:
    """A child's results and carried changes, once it has ended (with `status`, if it has been
    waited for already); its exception raised again here."""
    if status is None:
        _, status = os.waitpid(pid, 0)
    results_file.seek(0)
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes many objects and no garbage: collections would only walk them
    try:
        payload = pickle.load(results_file)  # noqa: S301 - from our own child, through a private file
    except (EOFError, pickle.UnpicklingError):
        raise ChildFailed(f"tiến trình con {pid} dừng mà không gửi kết quả (mã {status})") from None
    finally:
        if collecting:
            gc.enable()
    if payload[0] == "failed":
        _, error, child_traceback = payload
        error.add_note(f"Trong tiến trình con {pid}:\n{child_traceback}")
        raise error
    return payload[1], payload[2]
