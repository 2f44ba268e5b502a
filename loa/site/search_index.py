"""Loa's pages in the engine's search index (Material's lunr index), with the diacritic-free
words of every entry so that "binh dang gioi" finds "bình đẳng giới"."""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from loa.news.search import add_folded_terms


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_search_index(path: Path, index_json: str, entries: Iterable[dict]) -> None:
    """Write the engine's index with Loa's entries appended and folded words added to every
    entry, one entry at a time: at 30,000 announcements the whole index as one text was a few
    hundred megabytes of a build's peak memory."""
    index = json.loads(index_json)
    docs = index.pop("docs", [])
    head = _dumps(index)[:-1] + ("," if index else "")  # the keys before "docs", as the engine wrote them
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(head + '"docs":[')
            for number, entry in enumerate(itertools.chain(docs, entries)):
                out.write(("," if number else "") + _dumps(add_folded_terms(entry)))
            out.write("]}")
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
