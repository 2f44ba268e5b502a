"""What a reader's browser downloads to answer a search, measured from the browser's own
network log (Resource Timing: the compressed bytes of every part of the index it fetched),
with the site served by Debian's nginx and Loa's include (gzip on), as a Sở serves it.

Each query runs in a fresh browser (nothing cached), on the home page, in two ways: the query
entered at once (what one query needs), and typed key by key at a phone's pace, so that every
prefix on the way is searched too (what the typing costs)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from urllib.request import urlopen

from loa.benchmark.measure import free_port
from loa.nginx_include import find_nginx, preview_command, write_preview_config

QUERIES = ("binh dang gioi", "đường", "57/KH")
PHONE_KEY_SECONDS = 0.25  # a reader typing on a phone
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"]

_MEASURE = """() => {
  const parts = performance.getEntriesByType("resource").filter(e => e.name.includes("/assets/search/"));
  const shown = performance.getEntriesByName("loa-search-shown").at(-1);
  const lastPart = Math.max(...parts.map(e => e.responseEnd));
  return {
    parts: parts.length,
    compressed_bytes: parts.reduce((sum, e) => sum + e.encodedBodySize, 0),
    decoded_bytes: parts.reduce((sum, e) => sum + e.decodedBodySize, 0),
    results_after_last_part_ms: shown ? shown.startTime - lastPart : null,
    results: document.querySelectorAll("#loa-search-results > li").length,
  };
}"""


class SearchMeasureFailed(Exception):
    pass


def measure_search(project: Path, work_dir: Path, queries: tuple[str, ...] = QUERIES) -> dict:
    """Bytes and timings of each query on the project's built site/ behind nginx."""
    nginx = find_nginx()
    include = project / "dist" / "nginx" / "loa-security.conf"
    if nginx is None or not Path(CHROMIUM).exists() or not include.is_file():
        return {"skipped": "needs Debian's nginx and chromium (make nginx-deps browser-deps) and a built site"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "Playwright is not installed"}
    port = free_port()
    config = write_preview_config(project / "site", include, port, work_dir)
    server = subprocess.Popen(
        preview_command(nginx, config, work_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base, server)
        figures: dict = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for query in queries:
                    figures[query] = {
                        "entered": _one_query(browser, base, query, key_seconds=None),
                        "typed": _one_query(browser, base, query, key_seconds=PHONE_KEY_SECONDS),
                    }
            finally:
                browser.close()
        return figures
    finally:
        server.terminate()
        server.wait(timeout=10)


def _one_query(browser, base: str, query: str, key_seconds: float | None) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base, wait_until="networkidle")
        box = page.locator(".md-search__input")
        if key_seconds is None:
            box.fill(query)
        else:
            box.click()
            box.press_sequentially(query, delay=key_seconds * 1000)
        page.wait_for_function(
            "q => document.querySelector('.loa-search').dataset.shown === q", arg=query, timeout=60_000
        )
        page.wait_for_load_state("networkidle")
        return page.evaluate(_MEASURE)
    finally:
        context.close()


def _wait_for(url: str, server: subprocess.Popen, limit_seconds: float = 20) -> None:
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SearchMeasureFailed(f"nginx stopped: {server.stderr.read().decode(errors='replace')}")
        try:
            with urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise SearchMeasureFailed(f"nginx did not answer {url} within {limit_seconds} s")
