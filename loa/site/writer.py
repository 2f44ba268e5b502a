"""Writing a site folder again without touching what did not change."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from loa.build_cache import stat_state


class SiteWriter:
    """Writes pages, skipping those whose bytes are what it wrote last time, and removes what a
    rebuild no longer makes: so `mkdocs serve --dirty` touches only what an edit changed."""

    def __init__(self) -> None:
        self._digests: dict[str, bytes] = {}  # site path -> digest of what was written there
        self._paths: set[str] = set()  # every path of the last build, MkDocs' files included

    def write(self, site_dir: Path, path: str, data: bytes) -> tuple[int, ...] | None:
        """Write `data` at `path` unless it is there already; the written file's state
        (loa.build_cache.file_state), None when nothing was written."""
        digest = hashlib.blake2b(data, digest_size=16).digest()
        target = site_dir / path
        if self._digests.get(path) == digest and target.is_file():
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as stream:
            stream.write(data)
            state = stat_state(os.fstat(stream.fileno()))
        self._digests[path] = digest
        return state

    def remove_stale(self, site_dir: Path, paths: set[str]) -> None:
        for stale in self._paths - paths:
            target = site_dir / stale
            target.unlink(missing_ok=True)
            self._digests.pop(stale, None)
            for folder in target.parents:  # and the folders it leaves empty
                if folder == site_dir or not folder.is_relative_to(site_dir) or not folder.is_dir():
                    break
                if any(folder.iterdir()):
                    break
                folder.rmdir()
        self._paths = paths
