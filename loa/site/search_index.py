"""Loa's pages in the engine's search index (Material's lunr index), with the diacritic-free
words of every entry so that "binh dang gioi" finds "bình đẳng giới"."""

from __future__ import annotations

import json

from loa.news.search import add_folded_terms


def extend_search_index(index_json: str, entries: list[dict]) -> str:
    """The index with Loa's entries appended and folded words added to every entry."""
    index = json.loads(index_json)
    index["docs"] = [add_folded_terms(entry) for entry in [*index["docs"], *entries]]
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
