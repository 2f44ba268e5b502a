"""Loading every announcement of a site and every campaign id, with all their errors."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from loa.content.agency import Agency
from loa.content.announcement import Announcement
from loa.content.campaign import KIT_ID
from loa.content.collection import check_collection
from loa.content.errors import ContentError
from loa.content.loader import load_announcement

NEWS_FOLDER = "tin-tuc/posts/"


def is_announcement_source(src_uri: str) -> bool:
    return src_uri.startswith(NEWS_FOLDER) and src_uri.endswith(".md")


def find_campaign_ids(campaigns_dir: Path) -> set[str]:
    """Ids of the campaign kits: the folders of assets/campaigns/ that hold a campaign.yml."""
    if not campaigns_dir.is_dir():
        return set()
    return {kit.name for kit in campaigns_dir.iterdir() if (kit / "campaign.yml").is_file() and KIT_ID.match(kit.name)}


@dataclass
class LoadedNews:
    published: list[Announcement] = field(default_factory=list)
    drafts: list[Announcement] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)


def load_news(
    docs_dir: Path, src_uris: Iterable[str], agency: Agency, campaign_ids: Collection[str], shown_prefix: str = ""
) -> LoadedNews:
    """Load and check every announcement; errors of all files are gathered, none stops the rest.

    `shown_prefix` is the docs folder as the webmaster sees it ("docs/"), put before paths in errors.
    """
    news = LoadedNews()
    for src_uri in sorted(src_uris):
        item, errors = load_announcement(docs_dir / src_uri, src_uri, agency, campaign_ids, docs_dir=docs_dir)
        news.errors.extend(errors)
        if item is not None:
            (news.drafts if item.draft else news.published).append(item)
    news.errors.extend(check_collection(news.published))
    news.errors = [replace(error, path=shown_prefix + error.path) for error in news.errors]
    return news
