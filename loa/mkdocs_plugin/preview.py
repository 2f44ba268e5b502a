"""What `mkdocs serve` keeps between rebuilds, for rebuilds of announcements alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from loa.content.repository import is_announcement_source
from loa.mkdocs_plugin.shell import ShellFactory


@dataclass
class ServeState:
    """What the last full build of `mkdocs serve` left, for rebuilds of announcements alone."""

    config: MkDocsConfig
    env: jinja2.Environment
    nav: Navigation
    mkdocs_files: Files
    shells: ShellFactory
    files: dict[str, tuple[int, ...]]  # the project's files as they were then


def is_announcement_file(path: Path, docs_dir: Path) -> bool:
    """Whether a file of the project is an announcement's source."""
    try:
        return is_announcement_source(path.resolve().relative_to(docs_dir).as_posix())
    except ValueError:
        return False
