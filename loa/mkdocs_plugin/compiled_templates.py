"""Compiled templates kept between builds.

Compiling the theme's templates (Material's base, header, navigation…) took nearly half a
second of every build from nothing, on one core. The project's own templates (`overrides/`) are
kept in its build cache; an installed theme's are kept per user, as Python keeps the compiled
modules of installed packages, so a build from nothing (no `.cache/`) compiles only the
project's own. A compiled template is found by its name and file, its source (Jinja checks it),
and the environment's options that shape compiled code, so nothing stale is ever used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

_INSTALLED, _PROJECT = "i", "p"  # the first letter of a key: where the compiled template is kept


def user_cache_dir() -> Path:
    """Where the user's caches go: $XDG_CACHE_HOME, else ~/.cache."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "loa" / "templates"


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """The templates under `project_dir` compiled into `project_cache`, the others (an installed
    theme's) into `installed_cache`."""

    def __init__(self, environment: jinja2.Environment, project_dir: Path, project_cache: Path, installed_cache: Path):
        super().__init__(str(project_cache))
        self.project_dir = os.path.join(os.path.realpath(project_dir), "")
        self.installed_cache = str(installed_cache)
        autoescape = environment.autoescape
        options = (
            jinja2.__version__,
            f"{type(environment).__module__}.{type(environment).__qualname__}",
            sorted(environment.extensions),
            autoescape if isinstance(autoescape, bool) else getattr(autoescape, "__qualname__", type(autoescape)),
            environment.block_start_string, environment.block_end_string,
            environment.variable_start_string, environment.variable_end_string,
            environment.comment_start_string, environment.comment_end_string,
            environment.line_statement_prefix, environment.line_comment_prefix,
            environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
            environment.keep_trailing_newline, environment.optimized,
        )  # fmt: skip
        self.options = repr(options)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        where = _PROJECT if filename is None or os.path.realpath(filename).startswith(self.project_dir) else _INSTALLED
        return where + hashlib.sha1(f"{name}|{filename}|{self.options}".encode(), usedforsecurity=False).hexdigest()

    def _get_cache_filename(self, bucket: Bucket) -> str:
        folder = self.installed_cache if bucket.key.startswith(_INSTALLED) else self.directory
        return os.path.join(folder, self.pattern % (bucket.key,))

    def load_bytecode(self, bucket: Bucket) -> None:
        """A compiled template kept before; a cache folder that cannot be read is a cache missed."""
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a compiled template; a cache folder that cannot be written is a cache missed."""
        with contextlib.suppress(OSError):
            os.makedirs(os.path.dirname(self._get_cache_filename(bucket)), exist_ok=True)
            super().dump_bytecode(bucket)
