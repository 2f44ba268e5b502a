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

import hashlib
import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from loa.search.documents import BODY, BODY_REPEATS, SearchDocument
from loa.search.terms import number_key, numbers_in, word_key, words

INDEX_FILE = "index.json"
FORMAT_VERSION = 1
SHARD_PREFIX = 2  # letters of a key that name its shard
OWN_PART_BYTES = 2048  # a key whose lists are longer than this gets a part of its own
RECORDS_PER_PART = 24
MAX_WEIGHT = 99


def document_terms(document: SearchDocument) -> dict[tuple[str, str], int]:
    """Each (key, spelling) of a document with its weight: the sum of the weights of the fields
    it appears in, a body's repeats counted up to BODY_REPEATS."""
    weights: dict[tuple[str, str], int] = {}
    for text, weight in document.fields:
        if weight == BODY:
            for word, count in Counter(words(text)).items():
                term = (word_key(word), word)
                weights[term] = weights.get(term, 0) + BODY * (count if count < BODY_REPEATS else BODY_REPEATS)
        else:
            for word in set(words(text)):
                term = (word_key(word), word)
                weights[term] = weights.get(term, 0) + weight
    numbers = list(document.numbers) + [(number, BODY) for number in numbers_in(document.text)]
    for number, weight in numbers:
        key = number_key(number)
        weights[(key, key)] = max(weights.get((key, key), 0), weight)
    return {term: weight if weight < MAX_WEIGHT else MAX_WEIGHT for term, weight in weights.items()}


@dataclass
class _Postings:
    """The documents of one spelling of a key, in the compact form of a build of many
    thousand documents (a list of tuples would hold hundreds of megabytes at 30,000)."""

    ids: array
    weights: bytearray

    def encoded(self) -> list[int]:
        flat, previous = [], 0
        for document_id, weight in zip(self.ids, self.weights, strict=True):
            flat += (document_id - previous, weight)
            previous = document_id
        return flat


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _part_name(letter: str, data: bytes) -> str:
    return f"{letter}-{hashlib.blake2b(data, digest_size=6).hexdigest()}.json"


def build_search_index(
    documents: Iterable[SearchDocument], memo: dict[SearchDocument, dict] | None = None
) -> dict[str, bytes]:
    """Every file of the index, by name (INDEX_FILE included), for the documents in the order
    results tie in (the news first, newest first).

    `memo` (a preview's rebuilds): each document's terms from the last build, updated here, so
    that an edit weighs again only the documents it changed. A build of the whole archive keeps
    none: at 30,000 documents they would be several hundred megabytes."""
    used: dict[SearchDocument, dict] = {}
    postings: dict[str, dict[str, _Postings]] = defaultdict(dict)
    records, kinds_of, years = [], [], []
    kinds: dict[str, str] = {}
    for document_id, document in enumerate(documents):
        terms = memo.get(document) if memo is not None else None
        if terms is None:
            terms = document_terms(document)
        if memo is not None:
            used[document] = terms
        for (key, spelling), weight in terms.items():
            spellings = postings[key]
            found = spellings.get(spelling)
            if found is None:
                found = spellings[spelling] = _Postings(array("I"), bytearray())
            found.ids.append(document_id)
            found.weights.append(weight)
        kinds.setdefault(document.kind, document.kind_label)
        kinds_of.append(document.kind)
        years.append(document.year or 0)
        records.append([document.url, document.kind, document.number, document.date, document.title,
                        document.excerpt_source])  # fmt: skip
    if memo is not None:
        memo.clear()
        memo.update(used)
    files: dict[str, bytes] = {}

    def add(letter: str, value: object) -> str:
        data = _dumps(value)
        name = _part_name(letter, data)
        files[name] = data
        return name

    shards: dict[str, dict[str, list]] = defaultdict(dict)
    for key in sorted(postings):
        spellings = postings[key]
        lists = {spelling: found.encoded() for spelling, found in sorted(spellings.items())}
        if len(spellings) == 1:
            frequency = len(next(iter(spellings.values())).ids)
        else:
            frequency = len(set().union(*(found.ids for found in spellings.values())))
        size = sum(len(flat) for flat in lists.values()) * 3
        shards[key[:SHARD_PREFIX]][key] = [frequency, add("t", lists) if size > OWN_PART_BYTES else lists]
    kind_order = sorted(kinds, key=lambda kind: (-kinds_of.count(kind), kinds[kind]))
    kind_index = {kind: number for number, kind in enumerate(kind_order)}
    year_runs: list[list[int]] = []
    for year in years:
        if year_runs and year_runs[-1][0] == year:
            year_runs[-1][1] += 1
        else:
            year_runs.append([year, 1])
    for record in records:
        record[1] = kind_index[record[1]]
    meta = {
        "version": FORMAT_VERSION,
        "documents": len(records),
        "kinds": [[kind, kinds[kind]] for kind in kind_order],
        "shards": {prefix: add("s", shards[prefix]) for prefix in sorted(shards)},
        "records_per_part": RECORDS_PER_PART,
        "records": [add("d", records[at : at + RECORDS_PER_PART]) for at in range(0, len(records), RECORDS_PER_PART)],
        "facets": add("f", {"kinds": [kind_index[kind] for kind in kinds_of], "years": year_runs}),
    }
    files[INDEX_FILE] = _dumps(meta)
    return files
