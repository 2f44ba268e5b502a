"""Quotes of a campaign's official text that drifted from it.

Announcements quote the campaign theme and messages, and quotes drift ("tăng cường quyền
năng" for "tăng quyền năng"). A signed document's text is never edited, so a drift is not an
error: it is reported, naming the file, the line and the differing words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from loa.content.announcement import Announcement
from loa.content.campaign import Campaign

# Text between quotation marks: curly, straight, or guillemets.
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"|«([^»]+)»")
_MARKDOWN_MARKS = re.compile(r"[*_`\\]")
_WORD = re.compile(r"\w+")
MIN_WORDS = 5  # shorter quotes are names and phrases, not quotes of a theme
SIMILAR = 0.6  # share of words in common above which a quote is taken for the official text


@dataclass(frozen=True)
class Drift:
    """One quote that differs from the official text it quotes."""

    path: str
    line: int
    campaign: str
    official_label: str  # "chủ đề" or "thông điệp 2"
    quote: str
    differences: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: trích dẫn {self.official_label} của chiến dịch {self.campaign} "
            f"khác văn bản chính thức: {'; '.join(self.differences)}"
        )


def _words(text: str) -> list[str]:
    return _WORD.findall(_MARKDOWN_MARKS.sub("", text))


def describe_differences(quote: list[str], official: list[str]) -> list[str]:
    """The differing words, as a clerk would say them."""
    found = []
    matcher = SequenceMatcher(a=official, b=quote, autojunk=False)
    for tag, o1, o2, q1, q2 in matcher.get_opcodes():
        theirs, ours = " ".join(official[o1:o2]), " ".join(quote[q1:q2])
        after = f" (sau '{official[o1 - 1]}')" if o1 > 0 else " (ở đầu)"
        if tag == "replace":
            found.append(f"'{ours}' thay cho '{theirs}'")
        elif tag == "insert":
            found.append(f"thêm '{ours}'{after}")
        elif tag == "delete":
            found.append(f"thiếu '{theirs}'{after}")
    return found


def find_drifts(item: Announcement, campaign: Campaign, shown_path: str) -> list[Drift]:
    """Every quote in the body that is close to the theme or a message, but not the same."""
    officials = [("chủ đề", campaign.theme)] + [
        (f"thông điệp {index}", slogan) for index, slogan in enumerate(campaign.slogans, start=1)
    ]
    official_words = [(label, _words(text)) for label, text in officials]
    drifts = []
    for match in _QUOTE.finditer(item.body):
        quoted = next(group for group in match.groups() if group is not None)
        words = _words(quoted)
        if len(words) < MIN_WORDS:
            continue
        lowered = [w.lower() for w in words]
        label, official = max(
            official_words,
            key=lambda pair: SequenceMatcher(a=[w.lower() for w in pair[1]], b=lowered, autojunk=False).ratio(),
        )
        similarity = SequenceMatcher(a=[w.lower() for w in official], b=lowered, autojunk=False).ratio()
        if similarity < SIMILAR or words == official:
            continue
        line = item.body_line + item.body.count("\n", 0, match.start())
        text = " ".join(_MARKDOWN_MARKS.sub("", quoted).split())
        differences = tuple(describe_differences(words, official))
        drifts.append(Drift(shown_path, line, campaign.id, label, text, differences))
    return drifts


def drift_report(
    announcements: Iterable[Announcement], campaigns: dict[str, Campaign], shown_prefix: str
) -> list[Drift]:
    """Drifts of all announcements that belong to a campaign, in file order."""
    report = []
    for item in sorted(announcements, key=lambda a: a.source_path):
        campaign = campaigns.get(item.campaign) if item.campaign else None
        if campaign is not None:
            report += find_drifts(item, campaign, shown_prefix + item.source_path)
    return report
