"""The bytes of an input file (a font, a logo) as read once, named by their digest.

The renderer's in-process caches are keyed on these digests, never on paths: `mkdocs serve`
rebuilds in one process, and a logo or font replaced in place (same path, possibly the same
size and, on a coarse file system or after a quick edit, the same mtime) must never be drawn
from what was cached for the old bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class FileContent:
    """A file's bytes and their SHA-256; equal (and hashed) by the digest alone, so that the
    same bytes at two paths share one cache entry and new bytes at one path never do."""

    path: Path = field(compare=False)
    digest: str
    data: bytes = field(compare=False, repr=False)

    @classmethod
    def read(cls, path: Path) -> FileContent:
        """The file as it is now: read and hashed on every call (nothing about a path, its size
        or its mtime tells for sure that the bytes are unchanged)."""
        data = path.read_bytes()
        return cls(path, hashlib.sha256(data).hexdigest(), data)

    @property
    def name(self) -> str:
        return self.path.name


class SharedBytes:
    """A file-like reader handing out the very bytes object it holds (no copy): Pillow keeps what
    `read()` returns for the life of a font, and one font file is loaded at many sizes."""

    def __init__(self, data: bytes):
        self._data = data

    def read(self) -> bytes:
        return self._data
