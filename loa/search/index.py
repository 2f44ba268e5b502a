"""The search index as static files in small parts, so that answering a query fetches only
what it needs: a few word lists and the records of the results shown.

- `index.json` (fetched first, revalidated): the part names, the kinds of page, and how many
  documents there are. Every other part is named by a digest of its bytes, so a browser may
  keep it for ever and a rebuild rewrites only the parts that changed.
- word shards `s-*.json`, one per first two letters of a key: for each key, its document
  frequency and, per spelling, the documents with a weight, as [id delta, weight, ...]. A key
  in many documents ("binh", "2021") has a part of its own, `t-*.json`, so a query for a rare
  word does not download a frequent one sharing its first letters.
- records `d-*.json`, RECORDS_PER_PART documents each: what a result shows.
- facets `f-*.json`: each document's kind and year, to narrow results without fetching them.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import json
import operator
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from loa.search.documents import BODY, BODY_REPEATS, SearchDocument
from loa.search.terms import number_key, numbers_in, word_key, words

INDEX_FILE = "index.json"
FORMAT_VERSION = 1
SHARD_PREFIX = 2  # letters of a key that name its shard
OWN_PART_BYTES = 2048  # a key whose lists are longer than this gets a part of its own
RECORDS_PER_PART = 24
MAX_WEIGHT = 99


def document_terms(document: SearchDocument) -> dict[str, int]:
    """Each spelling of a document with its weight: the sum of the weights of the fields it
    appears in, a body's repeats counted up to BODY_REPEATS. A spelling's key is
    word_key(spelling), a document number's key is its spelling (number_key folds already)."""
    weights: dict[str, int] = {}
    for text, weight in document.fields:
        if weight == BODY:
            for word, count in Counter(words(text)).items():
                weights[word] = weights.get(word, 0) + BODY * (count if count < BODY_REPEATS else BODY_REPEATS)
        else:
            for word in _distinct_words(text):
                weights[word] = weights.get(word, 0) + weight
    numbers = list(document.numbers) + [(number, BODY) for number in numbers_in(document.text)]
    for number, weight in numbers:
        key = number_key(number)
        weights[key] = max(weights.get(key, 0), weight)
    if weights and max(weights.values()) > MAX_WEIGHT:
        return {term: min(weight, MAX_WEIGHT) for term, weight in weights.items()}
    return weights


@functools.lru_cache(maxsize=8192)  # a type's name, an issuer, a signer, tags: the same in many documents
def _distinct_words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(words(text)))


@dataclass
class _Postings:
    """The documents of one spelling of a key, in the compact form of a build of many
    thousand documents (a list of tuples would hold hundreds of megabytes at 30,000)."""

    ids: array
    weights: bytearray

    def encoded(self) -> list[int]:
        """[id delta, weight, id delta, weight, ...]."""
        flat: list[int] = [0] * (2 * len(self.ids))
        flat[0::2] = map(operator.sub, self.ids, itertools.chain((0,), self.ids))
        flat[1::2] = self.weights
        return flat

    def insert(self, document_id: int, weight: int) -> None:
        at = bisect.bisect_left(self.ids, document_id)
        self.ids.insert(at, document_id)
        self.weights.insert(at, weight)

    def remove(self, document_id: int) -> None:
        at = bisect.bisect_left(self.ids, document_id)
        del self.ids[at], self.weights[at]


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _part(letter: str, value: object) -> tuple[str, bytes]:
    """A part of the index: its name, a digest of its bytes, and the bytes."""
    data = _dumps(value)
    return f"{letter}-{hashlib.blake2b(data, digest_size=6).hexdigest()}.json", data


def build_search_index(documents: Iterable[SearchDocument]) -> Iterator[tuple[str, bytes]]:
    """Every file of the index as (name, bytes), each part as soon as it is made and INDEX_FILE
    last, for the documents in the order results tie in (the news first, newest first). Nothing
    is kept: at 30,000 documents the terms of every document, or every part at once, would be
    a few hundred megabytes of the build's peak."""
    return SearchIndex(keep=False).parts(documents)


class SearchIndex:
    """The index of a site's documents, kept between a preview's rebuilds: an edit that changes a
    few documents and moves none updates their words, their shards and their records only, and
    gives the same files as a build from nothing (tested)."""

    MOST_CHANGED = 64  # documents an update changes in place; more, or any moved, rebuild all

    def __init__(self, keep: bool = True):
        self.keep = keep  # whether everything is kept, for the next update
        self._reset()

    def _reset(self) -> None:
        self.documents: list[SearchDocument] = []
        self.terms: list[dict[str, int]] = []
        self.postings: dict[str, dict[str, _Postings]] = {}
        self.entries: dict[str, list] = {}  # key -> [frequency, its lists or the name of its part]
        self.own_parts: dict[str, tuple[str, bytes]] = {}  # key -> its part, for a frequent key
        self.by_prefix: dict[str, set[str]] = {}  # first letters -> the keys of its shard
        self.shards: dict[str, tuple[str, bytes]] = {}  # first letters -> part
        self.records: list[list] = []  # what a result shows, the kind as its code
        self.record_parts: list[tuple[str, bytes]] = []
        self.kinds: dict[str, str] = {}  # code -> label, in the order the documents first have them
        self.facets: dict[str, list] = {"kinds": [], "years": []}

    def update(self, documents: Iterable[SearchDocument]) -> dict[str, bytes]:
        """The index's files for these documents, by name."""
        documents = list(documents)
        changed = self._changed(documents)
        if changed is None:
            return dict(self.parts(documents))
        self._index_changed(documents, changed)
        return self._files()

    def parts(self, documents: Iterable[SearchDocument]) -> Iterator[tuple[str, bytes]]:
        """The whole index from nothing, part by part, INDEX_FILE last."""
        self._reset()
        pending: list[list] = []
        by_spelling: dict[str, _Postings] = {}
        appenders: dict[str, tuple[Callable[[int], None], Callable[[int], None]]] = {}
        for document_id, document in enumerate(documents):
            terms = document_terms(document)
            if self.keep:
                self.documents.append(document)
                self.terms.append(terms)
            for spelling, weight in terms.items():
                append = appenders.get(spelling)  # a posting at a time: half a million at 3,000 documents
                if append is None:
                    found = by_spelling[spelling] = _Postings(array("I"), bytearray())
                    append = appenders[spelling] = (found.ids.append, found.weights.append)
                append[0](document_id)
                append[1](weight)
            record = _record(document)
            self.kinds.setdefault(document.kind, document.kind_label)
            (self.records if self.keep else pending).append(record)
            self.facets["kinds"].append(list(self.kinds).index(document.kind))
            self.facets["years"].append(document.year or 0)
            if len(pending) == RECORDS_PER_PART:
                yield self._record_part(pending)
                pending = []
        if pending:
            yield self._record_part(pending)
        if self.keep:
            self.record_parts = [self._record_part(self.records[at : at + RECORDS_PER_PART])
                                 for at in range(0, len(self.records), RECORDS_PER_PART)]  # fmt: skip
            yield from self.record_parts
        for spelling, found in by_spelling.items():
            self.postings.setdefault(word_key(spelling), {})[spelling] = found
        del by_spelling, appenders
        by_prefix: dict[str, list[str]] = {}
        for key in self.postings:
            by_prefix.setdefault(key[:SHARD_PREFIX], []).append(key)
        for prefix, keys in by_prefix.items():  # a shard at a time: a build from nothing keeps none
            for key in keys:
                own_part = self._enter(key)
                if own_part is not None:
                    yield own_part
            yield self._dump_shard(prefix)
            if not self.keep:
                for key in keys:
                    del self.postings[key], self.entries[key]
        yield from self._index_files()

    def _changed(self, documents: list[SearchDocument]) -> list[int] | None:
        if not self.keep or len(documents) != len(self.documents):
            return None
        pairs = enumerate(zip(documents, self.documents, strict=True))
        changed = [number for number, (new, old) in pairs if new != old]
        if len(changed) > self.MOST_CHANGED or any(documents[n].url != self.documents[n].url for n in changed):
            return None  # many edits, or documents that moved: their ids change
        return changed

    def _index_changed(self, documents: list[SearchDocument], changed: list[int]) -> None:
        dirty: set[str] = set()
        for document_id in changed:
            old, new = self.terms[document_id], document_terms(documents[document_id])
            for spelling, weight in old.items():
                if new.get(spelling) != weight:
                    key = word_key(spelling)
                    spellings = self.postings[key]
                    spellings[spelling].remove(document_id)
                    if not spellings[spelling].ids:
                        del spellings[spelling]
                    dirty.add(key)
            for spelling, weight in new.items():
                if old.get(spelling) != weight:
                    key = word_key(spelling)
                    found = self.postings.setdefault(key, {}).get(spelling)
                    if found is None:
                        found = self.postings[key][spelling] = _Postings(array("I"), bytearray())
                    found.insert(document_id, weight)
                    dirty.add(key)
            self.terms[document_id] = new
            self.documents[document_id] = documents[document_id]
            self.records[document_id] = _record(documents[document_id])
        for key in dirty:
            if self.postings.get(key):
                self._enter(key)
            else:
                self.postings.pop(key, None)
                self.entries.pop(key, None)
                self.own_parts.pop(key, None)
                self.by_prefix.get(key[:SHARD_PREFIX], set()).discard(key)
        for prefix in {key[:SHARD_PREFIX] for key in dirty}:
            self._dump_shard(prefix)
        kinds: dict[str, str] = {}
        for record in self.records:
            kinds.setdefault(record[1], record[6])
        self.facets = {"kinds": [list(kinds).index(r[1]) for r in self.records], "years": [r[7] for r in self.records]}
        if list(kinds.items()) != list(self.kinds.items()):  # every record names its kind anew
            self.kinds = kinds
            parts = range(len(self.record_parts))
        else:
            parts = sorted({document_id // RECORDS_PER_PART for document_id in changed})
        for part in parts:
            start = part * RECORDS_PER_PART
            self.record_parts[part] = self._record_part(self.records[start : start + RECORDS_PER_PART])

    def _enter(self, key: str) -> tuple[str, bytes] | None:
        """A key's entry in its shard: its document frequency and, per spelling, its documents;
        in a part of its own (returned) when they are many."""
        spellings = self.postings[key]
        lists = {spelling: found.encoded() for spelling, found in sorted(spellings.items())}
        if len(spellings) == 1:
            frequency = len(next(iter(spellings.values())).ids)
        else:
            frequency = len(set().union(*(found.ids for found in spellings.values())))
        self.own_parts.pop(key, None)
        self.by_prefix.setdefault(key[:SHARD_PREFIX], set()).add(key)
        if sum(len(flat) for flat in lists.values()) * 3 <= OWN_PART_BYTES:
            self.entries[key] = [frequency, lists]
            return None
        own_part = _part("t", lists)
        if self.keep:
            self.own_parts[key] = own_part
        self.entries[key] = [frequency, own_part[0]]
        return own_part

    def _dump_shard(self, prefix: str) -> tuple[str, bytes]:
        keys = self.by_prefix.get(prefix)
        if not keys:
            self.shards.pop(prefix, None)
            self.by_prefix.pop(prefix, None)
            return ("", b"")
        part = _part("s", {key: self.entries[key] for key in sorted(keys)})
        self.shards[prefix] = part if self.keep else (part[0], b"")  # the name is enough for the index file
        return part

    def _record_part(self, records: list[list]) -> tuple[str, bytes]:
        order = {kind: number for number, kind in enumerate(self.kinds)}
        part = _part("d", [[r[0], order[r[1]], *r[2:6]] for r in records])
        if not self.keep:
            self.record_parts.append((part[0], b""))  # the name is enough for the index file
        return part

    def _index_files(self) -> Iterator[tuple[str, bytes]]:
        """The facets, then the index file that names every part."""
        year_runs: list[list[int]] = []
        for year in self.facets["years"]:
            if year_runs and year_runs[-1][0] == year:
                year_runs[-1][1] += 1
            else:
                year_runs.append([year, 1])
        facets = _part("f", {"kinds": self.facets["kinds"], "years": year_runs})
        yield facets
        yield (
            INDEX_FILE,
            _dumps(
                {
                    "version": FORMAT_VERSION,
                    "documents": len(self.facets["kinds"]),
                    "kinds": [[kind, label] for kind, label in self.kinds.items()],
                    "shards": {prefix: self.shards[prefix][0] for prefix in sorted(self.shards)},
                    "records_per_part": RECORDS_PER_PART,
                    "records": [name for name, _ in self.record_parts],
                    "facets": facets[0],
                }
            ),
        )

    def _files(self) -> dict[str, bytes]:
        files = dict([*self.own_parts.values(), *self.shards.values(), *self.record_parts])
        files.update(self._index_files())
        return files


def _record(document: SearchDocument) -> list:
    """What a result shows of a document, then what narrows results: [url, kind, number, date,
    title, excerpt text, kind label, year]."""
    return [document.url, document.kind, document.number, document.date, document.title, document.excerpt_source,
            document.kind_label, document.year or 0]  # fmt: skip
