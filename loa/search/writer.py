"""Writing the search index into a site, touching only the parts that changed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from loa.search.index import INDEX_FILE

SEARCH_FOLDER = "assets/search"  # site-relative


def write_search_index(folder: Path, files: dict[str, bytes]) -> None:
    """Write the index's parts into `folder`, then the index file that names them, and remove
    the parts it no longer names. A part's name is a digest of its bytes, so one already there
    is the same part: a preview's rebuild writes only what an edit changed."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        if name != INDEX_FILE and not (folder / name).is_file():
            _write_atomically(folder / name, data)
    _write_atomically(folder / INDEX_FILE, files[INDEX_FILE])
    for stale in folder.iterdir():
        if stale.name not in files:
            stale.unlink()


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
