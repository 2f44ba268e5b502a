"""Writing the search index into a site, touching only the parts that changed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from loa.files import write_atomically
from loa.search.index import INDEX_FILE

SEARCH_FOLDER = "assets/search"  # site-relative


def write_search_index(folder: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """Write the index's parts into `folder` as they come, then the index file that names them,
    and remove the parts it no longer names; how many files the index has. A part's name is a
    digest of its bytes, so one already there is the same part: a preview's rebuild writes only
    what an edit changed."""
    folder.mkdir(parents=True, exist_ok=True)
    names: set[str] = set()
    index_data = None
    for name, data in files:
        names.add(name)
        if name == INDEX_FILE:
            index_data = data
        elif not (folder / name).is_file():
            write_atomically(folder / name, data)
    if index_data is None:
        raise ValueError(f"the search index has no {INDEX_FILE}")
    write_atomically(folder / INDEX_FILE, index_data)
    for stale in folder.iterdir():
        if stale.name not in names:
            stale.unlink()
    return len(names)
