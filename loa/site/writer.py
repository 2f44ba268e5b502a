"""Writing a site folder again without touching what did not change."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from loa.build_cache import stat_state


class SiteWriter:
    """Writes pages, skipping those whose bytes are what it wrote last time, and removes what a
    rebuild no longer makes: so `mkdocs serve --dirty` touches only what an edit changed."""

    def __init__(self, rewrites: bool = True) -> None:
        """`rewrites`: the folder is written again by later builds (a preview), so each page's
        digest is kept to skip it next time; a build into an empty folder keeps none."""
        self._digests: dict[str, bytes] | None = {} if rewrites else None  # site path -> digest written there
        self._paths: set[str] = set()  # every path of the last build, MkDocs' files included

    def write(self, site_dir: Path, path: str, data: bytes) -> tuple[int, ...] | None:
        """Write `data` at `path` unless it is there already; the written file's state
        (loa.build_cache.file_state), None when nothing was written."""
        target = os.path.join(site_dir, path)
        if self._digests is not None:
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if self._digests.get(path) == digest and os.path.isfile(target):
                return None
            self._digests[path] = digest
        _make_folder(os.path.dirname(target))
        with open(target, "wb") as stream:
            stream.write(data)
            return stat_state(os.fstat(stream.fileno()))

    def remove_stale(self, site_dir: Path, paths: set[str]) -> None:
        for stale in self._paths - paths:
            target = site_dir / stale
            target.unlink(missing_ok=True)
            if self._digests is not None:
                self._digests.pop(stale, None)
            for folder in target.parents:  # and the folders it leaves empty
                if folder == site_dir or not folder.is_relative_to(site_dir) or not folder.is_dir():
                    break
                if any(folder.iterdir()):
                    break
                folder.rmdir()
        self._paths = paths


def _make_folder(folder: str) -> None:
    """The folder made, with its parents: one system call for most pages, each in a folder of
    its own under folders already made (os.makedirs asks after every parent first)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
