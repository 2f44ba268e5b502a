"""Build the site so that a failed or interrupted build leaves the last good site untouched.

MkDocs empties its output folder before it reads any content, so a build with bad content
would leave a broken or empty site. Loa builds into a fresh sibling folder, in a child process,
and swaps it in only when the build succeeded. Ctrl-C (SIGINT) and SIGTERM stop the child build
and remove its folder; the leftovers of a build killed outright (SIGKILL, power loss) are
removed by the next build; and on Linux the swap is one atomic exchange, so `site/` is never
missing. The child is a fork of this process with MkDocs, the theme and Loa already imported
(half a second of a build's start), or a new `python -m mkdocs build` where a fork is unsafe.
When nothing the build reads has changed since the last build, `loa build` does nothing at all
(site_is_up_to_date).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import importlib
import importlib.metadata
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from loa.build_cache import code_signature, file_state, tree_states
from loa.build_date import BuildDateError, build_date
from loa.files import write_atomically
from loa.nginx_include import BlockedInline, KnownPages, SiteScripts, read_site_scripts

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


# Folders of a project that are not inputs of its site: outputs, caches, tools.
_NOT_INPUTS = frozenset({".git", ".venv", "venv", ".cache", "dist", "__pycache__", "node_modules", ".pytest_cache"})


BUILD_RECORD_END = "-build.json"


def record_path(site_dir: Path) -> Path:
    """What the last successful build into `site_dir` was made from (beside it, never served)."""
    return site_dir.with_name(f".{site_dir.name}{BUILD_RECORD_END}")


def report_path(site_dir: Path) -> Path:
    """What the last successful build into `site_dir` said of it (BuildReport; beside it, never served)."""
    return site_dir.with_name(f".{site_dir.name}-report.json")


# Where a build writes its BuildReport, when `loa build` asks for one.
BUILD_REPORT_VARIABLE = "LOA_BUILD_REPORT"
_REPORT_FORMAT = 1


@dataclass(frozen=True)
class BuildReport:
    """What a build says of the site folder it made, having just written it: the signature of its
    files (site_signature), the inline scripts and blocked inline code of its pages, and the embed
    hosts of its configuration. `loa build` records and writes the nginx include from it, not
    reading the site again (two walks of thousands of files, and settings read anew)."""

    site: str
    scripts: SiteScripts
    embed_hosts: tuple[str, ...]


def report_build(site_dir: Path, pages: KnownPages, embed_hosts: Iterable[str]) -> BuildReport:
    """The report of a build into `site_dir`, at its end: `pages` are those it scanned as it
    wrote them (read again if changed since); the site's other pages are read."""
    states = tree_states(site_dir)
    return BuildReport(_signature(states), read_site_scripts(site_dir, pages, states), tuple(embed_hosts))


def write_build_report(path: Path, report: BuildReport) -> None:
    scripts = report.scripts
    data = {
        "format": _REPORT_FORMAT,
        "site": report.site,
        "hashes": list(scripts.hashes),
        "blocked": [[blocked.page, blocked.what] for blocked in scripts.blocked],
        "embed_hosts": list(report.embed_hosts),
    }
    write_atomically(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def read_build_report(path: Path) -> BuildReport | None:
    """The report at `path`; None when there is none, or it cannot be read."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != _REPORT_FORMAT:
            return None
        blocked = tuple(BlockedInline(page, what) for page, what in data["blocked"])
        scripts = SiteScripts(tuple(data["hashes"]), blocked)
        return BuildReport(data["site"], scripts, tuple(data["embed_hosts"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def project_file_states(project_dir: Path, site_dir: Path) -> dict[str, tuple[int, ...]]:
    """Every file of the project folder (outputs, caches and tools left out) with its size,
    times and inode: what changes whenever a file is written, added or removed."""
    states: dict[str, tuple[int, ...]] = {}
    project, site_dir = project_dir.resolve(), site_dir.resolve()
    skipped = {site_dir.name} if site_dir.parent == project else set()
    for folder, subfolders, names in os.walk(project):
        built = {
            name[1 : -len("-build.json")] for name in names if name.startswith(".") and name.endswith("-build.json")
        }
        # Left out: outputs (the site folder, and any folder `loa build` built: `make serve`
        # builds elsewhere while site/ stays), caches, tools.
        subfolders[:] = sorted(d for d in subfolders if d not in _NOT_INPUTS and d not in skipped and d not in built
                               and not d.startswith(f".{site_dir.name}-"))  # fmt: skip
        for name in names:
            if name.startswith(f".{site_dir.name}-"):
                continue
            path = os.path.join(folder, name)
            states[path] = file_state(path)  # a broken symlink has none: the build reports it
    return states


def input_fingerprint(config_file: Path, site_dir: Path, env: dict[str, str]) -> str:
    """A digest of everything a build reads: every file of the project folder (by path, size,
    times and inode, outputs and caches left out), Loa's code, the engine's version, the build
    date and the environment variables Loa reads."""
    digest = hashlib.blake2b(digest_size=20)
    for path, state in sorted(project_file_states(config_file.resolve().parent, site_dir).items()):
        digest.update(f"{path}|{state}\n".encode("utf-8", "surrogateescape"))
    versions = [importlib.metadata.version(name) for name in ("mkdocs", "mkdocs-material", "Markdown", "Jinja2")]
    variables = sorted((k, v) for k, v in env.items() if k.startswith(("LOA_", "SOURCE_DATE_EPOCH")))
    digest.update(repr((code_signature(), versions, variables, build_date(env).isoformat(), sys.executable)).encode())
    return digest.hexdigest()


def site_signature(site_dir: Path) -> str:
    """A digest of the built site's files as they are now (each by its path in the folder, size,
    times and inode): a site changed by hand is rebuilt."""
    return _signature(tree_states(site_dir))


def _signature(states: dict[str, tuple[int, ...]]) -> str:
    listing = "".join(f"{path}|{state}\n" for path, state in states.items())
    return hashlib.blake2b(listing.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def site_is_up_to_date(config_file: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> bool:
    """Whether `site_dir` is what a build of the project as it is now would give: nothing the
    build reads has changed since the last successful build made it, and nobody changed it."""
    site_dir = site_dir.resolve()
    try:
        record = json.loads(record_path(site_dir).read_text(encoding="utf-8"))
        env = {**os.environ, **(extra_env or {})}
        return (
            site_dir.is_dir()
            and record.get("inputs") == input_fingerprint(config_file, site_dir, env)
            and record.get("site") == site_signature(site_dir)
        )
    except (OSError, ValueError, BuildDateError):
        return False


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
        try:
            inputs = input_fingerprint(config_file, site_dir, env)
        except (OSError, BuildDateError):
            inputs = None  # the build itself reports what is wrong
        record_path(site_dir).unlink(missing_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site_dir), dir=site_dir.parent))
        staging_report = staging.with_name(staging.name + "-report.json")
        try:
            child_env = {**env, BUILD_REPORT_VARIABLE: str(staging_report)}
            code = run_stoppable(start_build(config_file, staging, child_env))
            if code != 0:
                return code
            staging.chmod(0o755)  # mkdtemp makes a private folder; a web server must read it
            swap_in(staging, site_dir)  # the files keep their states: the report's signature holds
            report = read_build_report(staging_report)
            if report is not None:
                staging_report.replace(report_path(site_dir))
            else:  # a build without Loa's plugin says nothing
                report_path(site_dir).unlink(missing_ok=True)
            if inputs is not None:
                record = {"inputs": inputs, "site": report.site if report else site_signature(site_dir)}
                record_path(site_dir).write_text(json.dumps(record), encoding="utf-8")
            return 0
        except BuildInterrupted as interrupted:
            print(f"Đã dừng xây dựng ({interrupted}); {site_dir.name}/ giữ nguyên bản trước.", file=sys.stderr)
            return interrupted.exit_code
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # after a swap it holds the previous site
            staging_report.unlink(missing_ok=True)


def remove_leftovers(site_dir: Path) -> None:
    """Remove staging and retired folders that a killed build left beside `site_dir`.

    Called with the build lock held, so no running build's folder is removed."""
    for prefix in (staging_prefix(site_dir), f".{site_dir.name}-old"):
        for leftover in site_dir.parent.glob(prefix + "*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover.is_file():  # a staging folder's report
                leftover.unlink(missing_ok=True)


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


# Imported before the fork, so that the child starts building at once: MkDocs' command line and
# build, the theme's plugin and Loa's (the theme's templates and assets are read by the build).
_PRELOADED = ("mkdocs.__main__", "mkdocs.commands.build", "material.plugins.search.plugin", "loa.mkdocs_plugin.plugin")


def start_build(config_file: Path, site_dir: Path, env: dict[str, str]) -> ForkedBuild | subprocess.Popen:
    """Start `mkdocs build` of `config_file` into `site_dir` with the environment `env`, in a
    forked child; in a new interpreter where forking is unsafe (another thread could hold a
    lock the child would need) or impossible."""
    arguments = ["build", "--clean", "--config-file", str(config_file), "--site-dir", str(site_dir)]
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return subprocess.Popen([sys.executable, "-m", "mkdocs", *arguments], env=env, preexec_fn=_child_setup)
    for module in _PRELOADED:
        with contextlib.suppress(ImportError):  # the child reports what is missing
            importlib.import_module(module)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # else the child would write this process's buffered output again
    parent = os.getpid()
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(ready_read)
        _run_mkdocs_in_child(parent, ready_write, arguments, env)
    os.close(ready_write)
    try:
        os.read(ready_read, 1)  # its own process group exists before anyone may signal it
    finally:
        os.close(ready_read)
    return ForkedBuild(pid)


def _run_mkdocs_in_child(parent: int, ready: int, arguments: list[str], env: dict[str, str]) -> NoReturn:
    """In the forked child: MkDocs' own command line, as `python -m mkdocs` runs it, then exit
    with its status without running the parent's clean-ups."""
    code = 1
    try:
        _child_setup()
        os.close(ready)
        if os.getppid() != parent:  # the parent died before the child asked to follow it
            return
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.environ.clear()
        os.environ.update(env)
        from mkdocs.__main__ import cli

        try:
            cli.main(args=arguments, prog_name="mkdocs")
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported, and the build fails
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


class ForkedBuild:
    """A forked child build, waited for and stopped as a subprocess.Popen is."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if timeout is None:
            if self.returncode is None:
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
            return self.returncode
        deadline = time.monotonic() + timeout
        while (code := self.poll()) is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"mkdocs build (pid {self.pid})", timeout)
            time.sleep(0.05)
        return code

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def run_stoppable(process: ForkedBuild | subprocess.Popen) -> int:
    """Wait for a child build; on SIGINT or SIGTERM stop it and its workers, then raise
    BuildInterrupted. Signals can only be caught in the main thread; elsewhere the child simply runs."""
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


def _stop_group(process: ForkedBuild | subprocess.Popen, signum: int) -> None:
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
