"""All the content of a site loaded at once: campaign kits and announcements, with every error.

The build and the webmaster's commands load content the same way, through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from loa.content.agency import Agency
from loa.content.campaign import Campaign, load_campaigns
from loa.content.errors import ContentError
from loa.content.published_files import check_published_files
from loa.content.repository import LoadedNews, find_campaign_ids, is_announcement_source, load_news
from loa.content.theme_quotes import Drift, drift_report


@dataclass
class SiteContent:
    campaigns: dict[str, Campaign]
    news: LoadedNews
    errors: list[ContentError]
    shown_docs: str

    def drifts(self) -> list[Drift]:
        """Quotes of campaign themes and messages that differ from the official text (drafts too,
        so that the webmaster can mend a quote before publishing)."""
        return drift_report([*self.news.published, *self.news.drafts], self.campaigns, self.shown_docs)


def load_site_content(
    agency: Agency,
    project_dir: Path,
    docs_dir: Path,
    src_uris: Iterable[str],
    campaigns_dir: Path,
) -> SiteContent:
    """Load the kits under `campaigns_dir` and the announcements among `src_uris` (docs-relative:
    every file MkDocs found in docs/, each checked to be publishable)."""
    src_uris = list(src_uris)
    campaigns, errors = load_campaigns(campaigns_dir, shown_path(campaigns_dir, project_dir))
    shown_docs = shown_path(docs_dir, project_dir)
    errors += check_published_files(docs_dir, src_uris, shown_docs)
    announcement_sources = [uri for uri in src_uris if is_announcement_source(uri)]
    news = load_news(docs_dir, announcement_sources, agency, find_campaign_ids(campaigns_dir), shown_docs)
    return SiteContent(campaigns, news, errors + news.errors, shown_docs)


def shown_path(folder: Path, project_dir: Path) -> str:
    """A folder as the people who edit it see it, relative to mkdocs.yml: "docs/"."""
    try:
        return folder.resolve().relative_to(project_dir.resolve()).as_posix() + "/"
    except ValueError:
        return folder.as_posix().rstrip("/") + "/"
