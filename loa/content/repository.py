"""Loading every announcement of a site and every campaign id, with all their errors."""

from __future__ import annotations

import functools
import os
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from loa.build_cache import content_key, file_state
from loa.content.agency import Agency
from loa.content.announcement import Announcement
from loa.content.campaign import KIT_ID
from loa.content.collection import check_collection
from loa.content.errors import ContentError
from loa.content.limits import MAX_SOURCE_BYTES
from loa.content.loader import load_announcement
from loa.parallel import SharedJobs, chunks, run_jobs

NEWS_FOLDER = "tin-tuc/posts/"


def is_announcement_source(src_uri: str) -> bool:
    return src_uri.startswith(NEWS_FOLDER) and src_uri.endswith(".md")


def find_campaign_ids(campaigns_dir: Path) -> set[str]:
    """Ids of the campaign kits: the folders of assets/campaigns/ that hold a campaign.yml."""
    if not campaigns_dir.is_dir():
        return set()
    return {kit.name for kit in campaigns_dir.iterdir() if (kit / "campaign.yml").is_file() and KIT_ID.match(kit.name)}


@dataclass
class LoadedNews:
    published: list[Announcement] = field(default_factory=list)
    drafts: list[Announcement] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)


class _LoadMemory:
    """What this process loaded, so that `mkdocs serve` reloads only the files an edit touched.

    `loaded`: announcements by their text and what they were checked against, with the state of
    their attachments then. `keys`: the key of each file's text when it was last read, with the
    file's state (size, times, inode) then: a file whose state is unchanged is not read again
    (reading 3,000 files was half of a preview's rebuild). Any write changes the state (its
    change time at least). Loads shared with forked children (loa.parallel) are carried back."""

    def __init__(self) -> None:
        self.loaded: dict[str, tuple[Announcement, list[tuple[str, tuple[int, ...]]]]] = {}
        self.keys: dict[str, tuple[tuple[int, ...], tuple, str]] = {}
        self._recorded: tuple[set[str], set[str]] | None = None  # in a child: the loaded and keys it added

    def remember(self, key: str, item: Announcement, attachment_states: list[tuple[str, tuple[int, ...]]]) -> None:
        self.loaded[key] = (item, attachment_states)
        if self._recorded is not None:
            self._recorded[0].add(key)

    def remember_key(self, path: str, state: tuple[int, ...], context: tuple, key: str) -> None:
        self.keys[path] = (state, context, key)
        if self._recorded is not None:
            self._recorded[1].add(path)

    def begin_child(self) -> None:
        self._recorded = (set(), set())

    def child_changes(self) -> tuple[dict, dict]:
        assert self._recorded is not None
        loaded, keys = self._recorded
        return {k: self.loaded[k] for k in loaded}, {k: self.keys[k] for k in keys}

    def absorb(self, changes: tuple[dict, dict]) -> None:
        self.loaded.update(changes[0])
        self.keys.update(changes[1])


_MEMORY = _LoadMemory()
_FILES_PER_JOB = 100


def _remembered(key: str, docs_dir: Path) -> Announcement | None:
    """The announcement loaded from this text before, if its attachments are as they were then."""
    remembered = _MEMORY.loaded.get(key)
    if remembered is None or any(file_state(docs_dir / p) != s for p, s in remembered[1]):
        return None
    return remembered[0]


def _context(docs_dir: Path, agency: Agency, campaign_ids: Collection[str]) -> tuple:
    """What an announcement is checked against, besides its own file."""
    return (str(docs_dir), repr(agency), sorted(campaign_ids))


def _unchanged(path: str, state: tuple[int, ...], context: tuple, docs_dir: Path) -> Announcement | None:
    """The announcement this process loaded from `path`, when the file is as it was (its text
    need not be read again) and so are its attachments and what it was checked against."""
    known = _MEMORY.keys.get(path)
    if state and known is not None and known[:2] == (state, context):
        return _remembered(known[2], docs_dir)
    return None


def _load_one(
    docs_dir: Path,
    src_uri: str,
    state: tuple[int, ...],
    agency: Agency,
    campaign_ids: Collection[str],
) -> tuple[Announcement | None, list[ContentError]]:
    """One announcement whose file changed (or was never read) since this process last loaded
    it, in state `state`: from memory when its text is one loaded before, else loaded and checked."""
    path = docs_dir / src_uri
    context = _context(docs_dir, agency, campaign_ids)
    try:
        raw = path.read_text(encoding="utf-8") if state and state[0] <= MAX_SOURCE_BYTES else None
    except (OSError, UnicodeDecodeError):
        raw = None  # load_announcement says what is wrong
    if raw is None:
        return load_announcement(path, src_uri, agency, campaign_ids, docs_dir=docs_dir)
    key = content_key("announcement", raw, src_uri, *context)
    _MEMORY.remember_key(str(path), state, context, key)
    item = _remembered(key, docs_dir)
    if item is not None:
        return item, []
    item, errors = load_announcement(
        path, src_uri, agency, campaign_ids, read_text=lambda _path: raw, docs_dir=docs_dir
    )
    if item is not None and not errors:
        item.digest  # noqa: B018 - made here, where the load is shared between cores, not later in one process
        _MEMORY.remember(key, item, [(a.source_path, file_state(docs_dir / a.source_path)) for a in item.attachments])
    return item, errors


def start_loading(docs_dir: Path, agency: Agency, campaign_ids: Collection[str]) -> SharedJobs:
    """Start loading the announcement files under docs/tin-tuc/posts/ on the other cores now,
    before the engine has listed the site's files (that takes it a while, on one core): what is
    loaded is remembered, as a preview's rebuild remembers it, and load_news, called with the
    engine's list once the jobs are finished, takes from memory every file that has not changed."""
    found = []
    for folder, subfolders, names in os.walk(docs_dir / NEWS_FOLDER, followlinks=True):  # as MkDocs walks docs/
        subfolders.sort()
        relative = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
        found += [f"{relative}/{name}" for name in sorted(names) if is_announcement_source(f"{relative}/{name}")]

    def load(run: Sequence[str]) -> None:
        for src_uri in run:
            _load_one(docs_dir, src_uri, file_state(docs_dir / src_uri), agency, campaign_ids)

    return SharedJobs([functools.partial(load, run) for run in chunks(found, _FILES_PER_JOB)], carried=[_MEMORY])


def load_news(
    docs_dir: Path,
    src_uris: Iterable[str],
    agency: Agency,
    campaign_ids: Collection[str],
    shown_prefix: str = "",
) -> LoadedNews:
    """Load and check every announcement; errors of all files are gathered, none stops the rest.

    `shown_prefix` is the docs folder as the webmaster sees it ("docs/"), put before paths in errors.
    """
    news = LoadedNews()

    def load(run: Sequence[str]) -> list[tuple[Announcement | None, list[ContentError]]]:
        return [_load_one(docs_dir, uri, states[uri], agency, campaign_ids) for uri in run]

    # A preview's rebuild finds most files unchanged, in memory: only the others are shared out
    # (an announcement a child loaded comes back a copy, and a preview tells pages by their objects).
    context = _context(docs_dir, agency, campaign_ids)
    found: dict[str, tuple[Announcement | None, list[ContentError]]] = {}
    states: dict[str, tuple[int, ...]] = {}  # of the files to load
    docs = os.fspath(docs_dir)
    for src_uri in src_uris:
        path = os.path.join(docs, src_uri)  # as str(docs_dir / src_uri), without making a Path
        state = file_state(path)
        item = _unchanged(path, state, context, docs_dir)
        if item is not None:
            found[src_uri] = (item, [])
        else:
            states[src_uri] = state
    runs = chunks(sorted(states), _FILES_PER_JOB)
    loaded = run_jobs([functools.partial(load, run) for run in runs], carried=[_MEMORY])
    for run, results in zip(runs, loaded, strict=True):
        found.update(zip(run, results, strict=True))
    for item, errors in (found[src_uri] for src_uri in sorted(found)):
        news.errors.extend(errors)
        if item is not None:
            (news.drafts if item.draft else news.published).append(item)
    news.errors.extend(check_collection(news.published))
    news.errors = [replace(error, path=shown_prefix + error.path) for error in news.errors]
    return news
