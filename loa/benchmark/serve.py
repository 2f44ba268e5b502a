"""Edit-to-page time of the preview server (`make serve`): from the write of an edited announcement
to the first HTTP response of its page that shows the edit, as a webmaster waits for it."""

from __future__ import annotations

import contextlib
import http.client
import re
import secrets
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from loa.benchmark.content import GeneratedContent
from loa.benchmark.measure import free_port, stop_process_group

# The preview server as the Makefile's `serve` target runs it, followed by host:port: Loa's own
# command once it has one (`python -m loa serve --help` exits 0), else MkDocs' server.
LOA_SERVE = ("-m", "loa", "serve", "--dev-addr")
MKDOCS_SERVE = ("-m", "mkdocs", "serve", "--dirty", "--dev-addr")
POLL_SECONDS = 0.02
EDIT_TIMEOUT_SECONDS = 60
EDITS = 5


class ServeFailed(Exception):
    """The server did not start, died, or did not show an edit in time."""


def serve_arguments(python: str, project: Path, env: dict[str, str]) -> tuple[str, ...]:
    """LOA_SERVE when `loa serve` exists, else MKDOCS_SERVE."""
    try:
        probe = subprocess.run(
            [python, *LOA_SERVE[:3], "--help"], cwd=project, env=env, capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return MKDOCS_SERVE
    return LOA_SERVE if probe.returncode == 0 else MKDOCS_SERVE


def measure_edit_to_page(
    python: str,
    project: Path,
    content: GeneratedContent,
    env: dict[str, str],
    log_file: Path,
    edits: int = EDITS,
    startup_timeout: float = 120,
) -> dict:
    """Start the server, wait for it, then edit `edits` different announcements one after another;
    the seconds from each write to the page served with the edit. The server's process group is
    stopped and the edited files restored whatever happens."""
    published = content.published
    if len(published) < edits:
        raise ServeFailed(f"{len(published)} văn bản đã công bố, cần ít nhất {edits} để đo")
    targets = [published[(len(published) - 1) * k // max(edits - 1, 1)] for k in range(edits)]
    arguments = serve_arguments(python, project, env)
    port = free_port()
    command = [python, *arguments, f"127.0.0.1:{port}"]
    originals: dict[Path, bytes] = {}
    with log_file.open("ab") as log:
        log.write(f"$ {' '.join(command)}\n".encode())
        log.flush()
        started = time.perf_counter()
        server = subprocess.Popen(
            command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            base = f"http://127.0.0.1:{port}{_served_path(project / 'mkdocs.yml')}"
            first_url = base + targets[0].url
            _wait_for(server, first_url, None, startup_timeout, log_file, "máy chủ xem trước chưa phục vụ trang")
            startup = time.perf_counter() - started
            seconds = []
            for index, item in enumerate(targets):
                _wait_until_quiet(log_file)
                marker = f"loabenchmark{index}{secrets.token_hex(4)}"
                path = project / "docs" / item.source
                originals[path] = path.read_bytes()
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n\n{marker}\n")
                written = time.perf_counter()
                _wait_for(
                    server,
                    base + item.url,
                    marker,
                    EDIT_TIMEOUT_SECONDS,
                    log_file,
                    f"sau {EDIT_TIMEOUT_SECONDS} s trang /{item.url} vẫn chưa có chỗ sửa ({item.source})",
                )
                seconds.append(time.perf_counter() - written)
        finally:
            stop_process_group(server)
            for path, data in originals.items():
                path.write_bytes(data)
    return {
        "command": " ".join(["python", *arguments, "127.0.0.1:<port>"]),
        "startup_seconds": startup,
        "edits_seconds": seconds,
        "median_seconds": statistics.median(seconds),
        "edited": [item.source for item in targets],
    }


def _wait_for(
    server: subprocess.Popen, url: str, marker: str | None, timeout: float, log_file: Path, failure: str
) -> None:
    """Poll `url` every POLL_SECONDS until it answers 200 (with `marker` in its body, if given)."""
    deadline = time.perf_counter() + timeout
    expected = marker.encode() if marker else None
    while True:
        if server.poll() is not None:
            raise ServeFailed(f"máy chủ xem trước đã dừng (mã {server.returncode}):\n{_tail(log_file)}")
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise ServeFailed(f"{failure} ({url}):\n{_tail(log_file)}")
        # Refused while the server starts, 404 or a dropped connection while it rebuilds: poll again.
        with (
            contextlib.suppress(OSError, http.client.HTTPException),
            urllib.request.urlopen(url, timeout=max(remaining, 0.1)) as response,
        ):
            if response.status == 200 and (expected is None or expected in response.read()):
                return
        time.sleep(POLL_SECONDS)


def _wait_until_quiet(log_file: Path, quiet_seconds: float = 0.5, limit_seconds: float = 30) -> None:
    """Before an edit: let the server finish what it was doing (its log stops growing)."""
    deadline = time.perf_counter() + limit_seconds
    size, since = log_file.stat().st_size, time.perf_counter()
    while time.perf_counter() < deadline:
        time.sleep(0.1)
        current = log_file.stat().st_size
        if current != size:
            size, since = current, time.perf_counter()
        elif time.perf_counter() - since >= quiet_seconds:
            return


def _served_path(config_file: Path) -> str:
    """The path the preview server serves the site under: that of site_url, as MkDocs does."""
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config_file.read_text(encoding="utf-8"), re.M)
    path = urllib.parse.urlsplit(match[1]).path if match else "/"
    return path if path.endswith("/") else path + "/"


def _tail(log_file: Path, lines: int = 20) -> str:
    return "\n".join(log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
