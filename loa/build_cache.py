"""Values keyed by the content that made them, kept between builds.

A key is a digest of everything a value depends on, so a stale value can never be found under
it: an edited body has another key, and its old rendering is simply not asked for again. The
values live in memory for the life of the process (so `mkdocs serve` reuses them across
rebuilds) and on disk under `.cache/loa/` (so `make site` reuses them across builds). Each save
keeps only what the build used, so the cache does not grow without end.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import zlib
from pathlib import Path
from typing import Any

import loa

# Bump when what is cached changes shape; the package version is part of every key too.
FORMAT = "1"
_IN_MEMORY: dict[tuple[str, str], dict[str, Any]] = {}


def file_state(path: str | Path) -> tuple[int, ...]:
    """A file's size, times and inode: it changes whenever the file is written or replaced
    (ctime cannot be set back by hand). Empty for a file that cannot be read (a broken symlink)."""
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


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
    digest = hashlib.blake2b(digest_size=20)
    for part in (FORMAT, loa.__version__, code_signature(), *parts):
        text = part if isinstance(part, str) else repr(part)  # texts as they are: no copy through repr
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00\x01" if isinstance(part, str) else b"\x00\x02")
    return digest.hexdigest()


def _writer() -> tuple[str, str, str]:
    """What wrote a cache file: its format, Loa's version and code."""
    return (str(FORMAT), loa.__version__, code_signature())


class BuildCache:
    """One namespace of cached values ("bodies", "sources"…), in a folder or in memory only."""

    def __init__(self, folder: Path | None, namespace: str):
        self.path = folder / f"{namespace}.pickle" if folder else None
        memory_key = (str(self.path or ""), namespace)
        if memory_key not in _IN_MEMORY:
            _IN_MEMORY[memory_key] = self._read()
        self._entries = _IN_MEMORY[memory_key]
        self._used: set[str] = set()
        self.hits = self.misses = 0

    def _read(self) -> dict[str, Any]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            with self.path.open("rb") as stream:
                # Every key holds Loa's code: a cache written by other code cannot be used, and is
                # not even loaded (at 30,000 announcements it is several hundred megabytes).
                if pickle.load(stream) != _writer():  # noqa: S301 - the build's own cache, in the project
                    return {}
                entries = pickle.load(stream)  # noqa: S301
        except Exception:  # a cache from another version, or cut short: start afresh
            return {}
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> Any | None:
        value = self._entries.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = value
        self._used.add(key)

    def get_text(self, key: str) -> str | None:
        """A text kept compressed (rendered pages: a fifth of the memory and disk)."""
        packed = self.get(key)
        return zlib.decompress(packed).decode("utf-8") if packed is not None else None

    def put_text(self, key: str, text: str) -> None:
        self.put(key, zlib.compress(text.encode("utf-8"), 1))

    def save(self) -> None:
        """Keep what this build used, in memory and on disk (written whole, then renamed)."""
        for key in [k for k in self._entries if k not in self._used]:
            del self._entries[key]
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(_writer(), stream, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(self._entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
