"""Limits on what people write, so that the build's output and memory stay linear in its input.

Without them one careless or hostile file decides the size of the whole build: 2,000 tags on
one story give 2,000 listing pages that each list it, and a 13000×13000 PNG logo of 685 KB
takes gigabytes once decoded. Each limit broken is an error naming the file and the field; the
README lists them (webmaster's guide, "Lỗi").
"""

from __future__ import annotations

MEGABYTE = 1024 * 1024

MAX_TAGS = 20  # tags of one document
MAX_TITLE_CHARS = 300  # characters of a title
MAX_TAG_CHARS = 80  # characters of one tag
MAX_BODY_BYTES = 1 * MEGABYTE  # the Markdown body of one announcement, in UTF-8
MAX_SOURCE_BYTES = 2 * MAX_BODY_BYTES  # an announcement file larger than this is not even read
MAX_ATTACHMENTS = 50  # attachments of one document
MAX_FILE_BYTES = 50 * MEGABYTE  # one attachment or one file of a campaign kit
MAX_IMAGE_PIXELS = 25_000_000  # PNG or JPEG attachments and kit logos, read from the file header


def format_megabytes(size_bytes: int) -> str:
    """A size in MB the Vietnamese way, with a decimal comma: "1,5 MB", "50 MB"."""
    text = f"{size_bytes / MEGABYTE:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + " MB"


def format_count(number: int) -> str:
    """A whole number with dots between thousands, as Vietnamese writes it: "25.000.000"."""
    return f"{number:,}".replace(",", ".")
