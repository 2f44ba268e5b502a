"""An announcement: one official document or news story, as the webmaster wrote it."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from loa.build_cache import content_key
from loa.content.document_types import DocumentType


@dataclass(frozen=True)
class Signer:
    """Who signed: "KT. Giám đốc" / "Phó Giám đốc" / "Trần Quốc Sở"."""

    name: str
    title: str
    authority: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A file published with the announcement."""

    source_path: str  # relative to the docs folder, with forward slashes
    title: str
    size_bytes: int

    @property
    def file_type(self) -> str:
        """What a reader is told the file is: "PDF", "DOCX"..."""
        name = self.source_path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[-1].upper() if "." in name else "Tệp"


@dataclass
class Announcement:
    """One Markdown file under `docs/tin-tuc/posts/`, validated and in NFC."""

    source_path: str  # relative to the docs folder, e.g. "tin-tuc/posts/2021/x.md"
    slug: str
    title: str
    date: dt.date
    doc_type: DocumentType
    number: str | None
    issuer: str
    place: str
    body: str
    author: str | None = None
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    effective: dt.date | None = None
    campaign: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    draft: bool = False
    body_line: int = 1  # the file line where the body starts, for reports on its text

    @property
    def year(self) -> int:
        return self.date.year

    @functools.cached_property
    def digest(self) -> str:
        """A digest of everything the announcement holds, for the keys of the pages that show
        it. Made once per object, by the process that loads it (loa.content.repository), and
        carried with it: a long preview keeps the announcements that did not change, and with
        them their digests. An announcement is never changed once loaded."""
        return content_key(repr(self))

    @property
    def sort_key(self) -> tuple:
        """Newest first; on the same day the higher number first, then by title A to Z."""
        return (-self.date.toordinal(), -_number_sequence(self.number), self.title)


def _number_sequence(number: str | None) -> int:
    """The running number of "2768/STC-VP" (2768), used to order one day's documents."""
    if not number:
        return 0
    head = number.split("/", 1)[0]
    return int(head) if head.isdigit() else 0
