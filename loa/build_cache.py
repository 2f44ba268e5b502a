"""Values keyed by the content that made them, kept between builds.

A key is a digest of everything a value depends on, so a stale value can never be found under
it: an edited body has another key, and its old rendering is simply not asked for again. The
values live on disk under `.cache/loa/`, one SQLite file per namespace, written as they are
made and read as they are asked for: a build holds none of them in memory (at 30,000
announcements the rendered pages alone were 150 MB), and the processes of a build on several
cores (loa.parallel) write to the same file. Each save keeps only what the build used, so the
cache does not grow without end. Without a folder, values are kept in this process only.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sqlite3
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

import loa

# Bump when what is cached changes shape; the package version is part of every key too.
FORMAT = "4"
_IN_MEMORY: dict[str, dict[str, Any]] = {}  # namespace -> values, for caches without a folder
_FLUSH_BYTES = 4_000_000  # values written in transactions of about this size
_OPEN: weakref.WeakSet[BuildCache] = weakref.WeakSet()  # caches with a connection, closed before a fork
# In a long process (a preview, see remember_values): the values its caches of values the model
# holds anyway read or put, by file and key, so that each rebuild takes them from here rather
# than reading and unpickling them again (3,000 bodies: a sixth of a rebuild).
_REMEMBERED: dict[Path, dict[str, Any]] = {}
_REMEMBERING: list[bool] = [False]
T = TypeVar("T")


def remember_values(enabled: bool) -> None:
    """Whether cache files' values are remembered in this process from now on (a preview's
    rebuilds); turning it off forgets them."""
    _REMEMBERING[0] = enabled
    if not enabled:
        _REMEMBERED.clear()


def remembered_in_preview(function: Callable[[str], T], maxsize: int) -> Callable[[str], T]:
    """`function` of a text, its results remembered (most recent first) in a long process (a
    preview's rebuilds read most texts again) and only there (remember_values): a build reads
    each once, and would hold them for nothing (the bodies' paragraphs: 19 MB at 30,000
    announcements, measured; the bodies' texts: up to `maxsize` of them)."""
    remembered = functools.lru_cache(maxsize=maxsize)(function)

    @functools.wraps(function)
    def call(text: str) -> T:
        return remembered(text) if _REMEMBERING[0] else function(text)

    return call


class MadeFromKept(Generic[T]):
    """What a preview's rebuilds make again from every announcement (its line of the data JSON,
    its search document), kept by the object it was made from: a long process keeps the
    announcements whose files did not change, and such a value is given back as long as the
    rest it was made with (`made_with`) is equal. A round of asks ends with end_round(), which
    forgets what the round did not ask for. Outside a preview (remember_values off), values are
    made afresh and nothing is kept: a build would only hold them in memory for nothing."""

    def __init__(self) -> None:
        self._earlier: dict[int, tuple[object, tuple, T]] = {}  # id -> (the object, kept alive; made with; value)
        self._now: dict[int, tuple[object, tuple, T]] = {}

    def value(self, owner: object, made_with: tuple, make: Callable[[], T]) -> T:
        if not _REMEMBERING[0]:
            return make()
        known = self._earlier.get(id(owner))
        if known is None or known[0] is not owner or known[1] != made_with:
            known = (owner, made_with, make())
        self._now[id(owner)] = known
        return known[2]

    def end_round(self) -> None:
        self._earlier, self._now = self._now, {}


def file_state(path: str | Path) -> tuple[int, ...]:
    """A file's size, times and inode: it changes whenever the file is written or replaced
    (ctime cannot be set back by hand). Empty for a file that cannot be read (a broken symlink)."""
    try:
        return stat_state(os.stat(path))
    except OSError:
        return ()


def stat_state(stat: os.stat_result) -> tuple[int, ...]:
    """file_state from a file's stat."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def tree_states(folder: str | Path) -> dict[str, tuple[int, ...]]:
    """Every file under `folder` ('/'-separated path relative to it) with its file_state, in
    path order; folders that are symbolic links are not entered."""
    states: dict[str, tuple[int, ...]] = {}

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + entry.name + "/")
                elif not entry.is_symlink() or not os.path.isdir(entry.path):
                    try:
                        states[prefix + entry.name] = stat_state(entry.stat())
                    except OSError:  # a broken symbolic link
                        states[prefix + entry.name] = ()

    walk(os.fspath(folder), "")
    return states


def files_signature(folders: list[Path], suffixes: tuple[str, ...]) -> str:
    """A digest of the files under `folders` with these suffixes, by path, size, times and
    inode: it changes whenever a file is written, added or removed."""
    digest = hashlib.blake2b(digest_size=20)
    for folder in folders:
        for current, subfolders, names in os.walk(folder):
            subfolders[:] = sorted(d for d in subfolders if d not in _NOT_TEMPLATES)
            for name in sorted(names):
                if name.endswith(suffixes):
                    path = os.path.join(current, name)
                    digest.update(f"{path}|{file_state(path)}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# A theme's folders of static files and icons (Material's .icons holds thousands of SVGs): not
# templates Loa renders, and too many to look at on every rebuild.
_NOT_TEMPLATES = frozenset({".icons", "assets", "__pycache__"})


_CODE: list[str] = []


def code_signature() -> str:
    """Loa's own code as it is in this process: a value cached by an older Loa is not reused."""
    if not _CODE:
        _CODE.append(files_signature([Path(loa.__file__).parent], (".py",)))
    return _CODE[0]


def content_key(*parts: object) -> str:
    """A digest of the parts (their repr), with Loa's code and the cache format."""
    digest = _key_start(code_signature()).copy()
    for part in parts:
        text = part if isinstance(part, str) else repr(part)  # texts as they are: no copy through repr
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00\x01" if isinstance(part, str) else b"\x00\x02")
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def _key_start(code: str) -> hashlib.blake2b:
    """The digest of what starts every key (the format, Loa's version and code), to copy."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (FORMAT, loa.__version__, code):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x00\x01")
    return digest


def _writer() -> tuple[str, str, str]:
    """What wrote a cache file: its format, Loa's version and code."""
    return (str(FORMAT), loa.__version__, code_signature())


class BuildCache:
    """One namespace of cached values ("bodies", "pages"), in a folder or in memory only."""

    def __init__(self, folder: Path | None, namespace: str, held_anyway: bool = False):
        """`held_anyway`: the build holds every value it takes from this cache to its end (the
        model holds each announcement's body), so a long process (remember_values) may keep them
        all at no cost. Not the pages: a preview would hold the whole site's HTML."""
        self.path = folder / f"{namespace}.sqlite3" if folder else None
        self._memory = _IN_MEMORY.setdefault(namespace, {}) if folder is None else None
        remembering = self.path is not None and held_anyway and _REMEMBERING[0]
        self._remembered = _REMEMBERED.setdefault(self.path, {}) if remembering else None  # type: ignore[arg-type]
        self._pending: dict[str, bytes] = {}  # values not yet written, packed (_pack)
        self._pending_bytes = 0
        self._connection: sqlite3.Connection | None = None
        self._used: set[str] = set()
        self._put: set[str] | None = None  # in a forked child without a folder: the keys it put
        # A file that held nothing when opened (a cold build) is not asked for what this build
        # did not put itself: 13,000 lookups that all miss cost a quarter of a second at 3,000.
        self._started_empty = False
        if folder is not None:
            (folder / f"{namespace}.pickle").unlink(missing_ok=True)  # the format before this one
            # Made (or made afresh) now, before the build's processes share it.
            self._started_empty = self._database().execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None

    def get(self, key: str) -> Any | None:
        value = self._lookup(key)
        if value is not None:
            self._used.add(key)
        return value

    def _lookup(self, key: str) -> Any | None:
        if self._memory is not None:
            return self._memory.get(key)
        if self._remembered is not None and key in self._remembered:
            return self._remembered[key]
        packed = self._pending.get(key)
        if packed is None and (not self._started_empty or key in self._used):
            try:
                row = self._database().execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            except sqlite3.DatabaseError:
                return None  # damaged since it was opened: a miss, the value is made again
            packed = row[0] if row else None
        try:
            value = _unpack(packed) if packed is not None else None
        except Exception:  # noqa: BLE001 - a value cut short: made again
            return None
        if self._remembered is not None and value is not None:
            self._remembered[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._used.add(key)
        if self._memory is not None:
            self._memory[key] = value
            if self._put is not None:
                self._put.add(key)
            return
        if self._remembered is not None:
            self._remembered[key] = value
        packed = _pack(value)
        self._pending[key] = packed
        self._pending_bytes += len(packed)
        if self._pending_bytes > _FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the values put since the last flush, in one transaction."""
        if not self._pending:
            return
        database = self._database()
        with _transaction(database):
            database.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self._pending.items())
        self._pending, self._pending_bytes = {}, 0

    def save(self, prune: bool = True) -> None:
        """Write what is pending; with `prune`, also forget every value this build did not use."""
        if self._memory is not None:
            for key in [k for k in self._memory if k not in self._used] if prune else []:
                del self._memory[key]
            return
        self.flush()
        started_empty, self._started_empty = self._started_empty, False
        if not prune:
            return
        if self._remembered is not None:
            for key in [k for k in self._remembered if k not in self._used]:
                del self._remembered[key]
        database = self._database()
        if not started_empty:  # a file this build filled holds only what it used
            with _transaction(database):
                database.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                database.executemany("INSERT INTO used VALUES (?)", ((key,) for key in self._used))
                database.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
                database.execute("DROP TABLE used")
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _database(self) -> sqlite3.Connection:
        if self._connection is None:
            assert self.path is not None
            self._connection = _open(self.path)
            _OPEN.add(self)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # A forked child of the build (loa.parallel) writes its values to the file itself; the parent
    # keeps what it used (and, without a folder, the values it put).

    def begin_child(self) -> None:
        self._used, self._pending, self._pending_bytes = set(), {}, 0  # the parent writes its own
        self._put = set() if self._memory is not None else None

    def child_changes(self) -> tuple[set[str], dict[str, Any]]:
        self.flush()
        put = {key: self._memory[key] for key in self._put or ()} if self._memory is not None else {}
        return self._used, put

    def absorb(self, changes: tuple[set[str], dict[str, Any]]) -> None:
        used, put = changes
        if self._memory is not None:
            self._memory.update(put)
        self._used |= used


_TEXT_MARK = b"\x00"  # before a text stored as UTF-8; a pickle starts with its protocol, b"\x80"


def _pack(value: Any) -> bytes:
    """A value as stored: a text (a rendered page, an item) as its UTF-8, anything else pickled.
    Pickling a text would keep a UTF-8 copy of it inside the text itself for as long as it lives
    (CPython caches it there): 10% of a 30,000-announcement build's memory, with the bodies."""
    if type(value) is str:
        return _TEXT_MARK + value.encode("utf-8", "surrogatepass")
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(packed: bytes) -> Any:
    if packed[:1] == _TEXT_MARK:
        return packed[1:].decode("utf-8", "surrogatepass")
    return pickle.loads(packed)  # noqa: S301 - the build's own cache


def _close_before_fork() -> None:
    """SQLite's state for an open file must not cross a fork (a child that opened the file
    again would share its lock records and could damage it): every connection is closed before
    one, and opened again when next needed."""
    for cache in list(_OPEN):
        cache.close()


os.register_at_fork(before=_close_before_fork)


# Values are large (a rendered page: tens of kilobytes): in a table with row ids they go to the
# end of the file, the keys alone into the key's index; a table without row ids sorts whole rows
# by their random keys, and wrote a cold build's 40 MB two and a half times slower.
_ENTRIES = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)"


def _open(path: Path) -> sqlite3.Connection:
    """The cache file, made afresh when it is damaged or was written by other code (none of its
    keys could match)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in (1, 2):
        connection = sqlite3.connect(path, timeout=120, isolation_level=None)
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode=WAL")  # readers and one writer at a time
            connection.execute("PRAGMA synchronous=OFF")  # a cache: a crash may lose it, never the site
            connection.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            connection.execute(_ENTRIES)
            row = connection.execute("SELECT value FROM meta WHERE name = 'writer'").fetchone()
            if row is None or row[0] != repr(_writer()):
                with _transaction(connection):  # its table too: an older format's may be of another shape
                    connection.execute("DROP TABLE entries")
                    connection.execute(_ENTRIES)
                    connection.execute("INSERT OR REPLACE INTO meta VALUES ('writer', ?)", (repr(_writer()),))
            return connection
        except sqlite3.DatabaseError as error:
            connection.close()
            # Only a file that is not a database, or is damaged, is made afresh: one that another
            # process of the build holds (busy, locked) is not.
            if attempt == 2 or getattr(error, "sqlite_errorname", "") not in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
                raise
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
    raise AssertionError("not reached")


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection):
    connection.execute("BEGIN IMMEDIATE")  # takes the write lock now, waiting for another process
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
