"""Markdown bodies to HTML with one reusable converter, and the summary drawn from them."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import markdown

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
# A công văn opens with its addressee line; it says who, not what, so it is no summary.
_ADDRESSEE = re.compile(r"^\s*(Kính gửi|Kính gởi)\s*:", re.I)


class BodyRenderer:
    """Converts announcement bodies; one converter reused, as building one costs more than a page."""

    def __init__(self, extensions: Sequence = (), extension_configs: dict | None = None):
        self._markdown = markdown.Markdown(extensions=list(extensions), extension_configs=extension_configs or {})

    def render(self, text: str) -> str:
        self._markdown.reset()
        return self._markdown.convert(text)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def first_paragraph(body_html: str) -> str | None:
    """The first paragraph that says what the document is about."""
    for match in _PARAGRAPH.finditer(body_html):
        text = plain_text(match.group(1))
        if text and not _ADDRESSEE.match(text):
            return text
    return None


def shorten(text: str, limit: int = 300) -> str:
    """Cut at a word boundary, for listings and meta descriptions."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
