"""Build the site so that a failed or interrupted build leaves the last good site untouched.

MkDocs empties its output folder before it reads any content, so a build with bad content
would leave a broken or empty site. Loa builds into a fresh sibling folder and swaps it in
only when the build succeeded. Ctrl-C (SIGINT) and SIGTERM stop the child build and remove
its folder; the leftovers of a build killed outright (SIGKILL, power loss) are removed by the
next build; and on Linux the swap is one atomic exchange, so `site/` is never missing.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step
_PR_SET_PDEATHSIG = 1  # prctl(2): a signal for the child when its parent dies
_STOP_GRACE_SECONDS = 10  # how long a stopped child build may take to exit before it is killed
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


class BuildInterrupted(Exception):
    """SIGINT or SIGTERM arrived during the build; the child build was stopped."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def staging_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}-building-"


def build_site(config_file: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> int:
    """Run the MkDocs build into a staging folder; on success swap it in for `site_dir`.

    Returns the build's exit code (128 + the signal's number when interrupted); on failure or
    interruption `site_dir` is exactly as it was and no staging folder is left behind.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    with _build_lock(site_dir):
        remove_leftovers(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site_dir), dir=site_dir.parent))
        try:
            command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--config-file", str(config_file)]
            code = run_stoppable([*command, "--site-dir", str(staging)], env)
            if code != 0:
                return code
            staging.chmod(0o755)  # mkdtemp makes a private folder; a web server must read it
            swap_in(staging, site_dir)
            return 0
        except BuildInterrupted as interrupted:
            print(f"Đã dừng xây dựng ({interrupted}); {site_dir.name}/ giữ nguyên bản trước.", file=sys.stderr)
            return interrupted.exit_code
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # after a swap it holds the previous site


def remove_leftovers(site_dir: Path) -> None:
    """Remove staging and retired folders that a killed build left beside `site_dir`.

    Called with the build lock held, so no running build's folder is removed."""
    for prefix in (staging_prefix(site_dir), f".{site_dir.name}-old"):
        for leftover in site_dir.parent.glob(prefix + "*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def swap_in(new_dir: Path, site_dir: Path) -> None:
    """Put `new_dir` at `site_dir`; afterwards `new_dir` holds the previous site, if there was one.

    On Linux both paths are exchanged in one renameat2 call: at every moment `site_dir` is
    either the old or the new site. Elsewhere (or on a file system that cannot exchange) the
    old site is moved aside first, which leaves a moment without it."""
    if not site_dir.exists():
        new_dir.rename(site_dir)
        return
    if _exchange(new_dir, site_dir):
        return
    retired = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    site_dir.rename(retired)
    new_dir.rename(site_dir)
    retired.rename(new_dir)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when this system cannot."""
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


@contextlib.contextmanager
def _build_lock(site_dir: Path) -> Iterator[None]:
    """One build at a time per site folder: a second build waits for the first."""
    lock_path = site_dir.with_name(f".{site_dir.name}-build.lock")
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Đang chờ một lần xây dựng khác vào {site_dir.name}/ kết thúc…", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _child_setup() -> None:
    """In the child: its own process group (so its workers are stopped with it) and, on Linux,
    SIGTERM when the parent dies, so a killed `loa build` leaves no orphan build running."""
    os.setsid()
    if _libc is not None:
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def run_stoppable(command: list[str], env: dict[str, str]) -> int:
    """Run a child build; on SIGINT or SIGTERM stop it and its workers, then raise BuildInterrupted.

    Signals can only be caught in the main thread; elsewhere the child simply runs."""
    process = subprocess.Popen(command, env=env, preexec_fn=_child_setup)
    if threading.current_thread() is not threading.main_thread():
        return process.wait()

    def interrupt(signum: int, _frame: object) -> None:
        raise BuildInterrupted(signum)

    previous = {signum: signal.signal(signum, interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        return process.wait()
    except BuildInterrupted as interrupted:
        for signum in previous:  # a second Ctrl-C must not cut the clean-up short
            signal.signal(signum, signal.SIG_IGN)
        _stop_group(process, interrupted.signum)
        raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop_group(process: subprocess.Popen, signum: int) -> None:
    """Pass the signal to the child's process group; kill what is still there after a grace time."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)
    try:
        process.wait(timeout=_STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # workers the build started and left behind
