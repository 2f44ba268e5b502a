"""What a build writes, as data: each output's path, kind, content or file to copy, and inputs.

An engine writes outputs as they are, except pages, whose content goes into the theme's chrome
with their `PageMeta` (title, description, Open Graph…). `inputs` name what an output was made
from (source files, kits, templates, settings), so a change can be traced to what it touches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PAGE, DATA, FILE = "page", "data", "file"


@dataclass(frozen=True)
class PageMeta:
    """What the theme's chrome shows of a page besides its content."""

    url: str  # site-relative directory URL: "tin-tuc/2021/x/"
    title: str
    description: str
    og_type: str  # "article" or "website"
    section: str  # the URL of the navigation section it belongs to ("tin-tuc/"): its tab is current
    og_image_tags: str = ""  # HTML <meta> tags of the page's picture, already escaped


@dataclass(frozen=True)
class Output:
    path: str  # where in the site folder: "tin-tuc/2021/x/index.html", "feed.xml"
    kind: str  # PAGE (content goes into the chrome), DATA (text written as it is) or FILE (copied)
    content: str | None = None  # PAGE: Loa's HTML of the page; DATA: the text (or `make`'s)
    source: Path | None = None  # FILE: the file to copy
    inputs: frozenset[str] = field(default_factory=frozenset)
    page: PageMeta | None = None
    # DATA: what makes the text when it is written (the open data of a large archive is tens of
    # megabytes, and making it a second of one core): not held, nor made before it is needed.
    make: Callable[[], str] | None = None

    def text(self) -> str:
        """A DATA output's text."""
        if self.content is not None:
            return self.content
        assert self.make is not None, self.path
        return self.make()
