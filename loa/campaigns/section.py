"""The campaign pages as data: each kit with its status, documents, files and banners."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from loa.campaigns import urls
from loa.content.announcement import Announcement
from loa.content.campaign import Campaign
from loa.content.collection import NewsCollection
from loa.news.section import Reference

BANNER_FOLDER = "banners"
BANNER_TYPES = (".png", ".jpg", ".jpeg", ".webp", ".pdf", ".tif", ".tiff")
_PREVIEWABLE = (".png", ".jpg", ".jpeg", ".webp")


@dataclass(frozen=True)
class Banner:
    """A finished banner graphic of a campaign, shown in its gallery."""

    source: Path
    url: str  # site-relative
    size_bytes: int

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def title(self) -> str:
        return self.source.name

    @property
    def alt(self) -> str:
        return f"Băng rôn {self.source.stem}"

    @property
    def previewable(self) -> bool:
        return self.source.suffix.lower() in _PREVIEWABLE

    @property
    def file_type(self) -> str:
        return self.source.suffix.lstrip(".").upper()


@dataclass
class CampaignView:
    campaign: Campaign
    url: str
    status: str
    announcements: list[Announcement]
    theme_source: Reference | None
    basis: list[Reference]
    banners: list[Banner] = field(default_factory=list)

    @property
    def logo_url(self) -> str | None:
        c = self.campaign
        return urls.quoted(urls.kit_file_url(c.id, c.logo)) if c.logo else None

    def file_url(self, name: str) -> str:
        return urls.quoted(urls.kit_file_url(self.campaign.id, name))

    @property
    def description(self) -> str:
        c = self.campaign
        return f"{c.name} ({c.start:%d/%m/%Y} - {c.end:%d/%m/%Y}). Chủ đề: {c.theme}"


def find_banners(campaign: Campaign) -> list[Banner]:
    """Finished banners the designers keep in the kit's banners/ folder."""
    folder = campaign.folder / BANNER_FOLDER
    if not folder.is_dir():
        return []
    return [
        Banner(path, urls.banner_url(campaign.id, path.name), path.stat().st_size)
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix.lower() in BANNER_TYPES
    ]


class CampaignSection:
    """Every campaign's page view on the build date, and the order of the campaign index."""

    def __init__(self, campaigns: dict[str, Campaign], collection: NewsCollection, today: dt.date):
        self.today = today
        by_campaign: dict[str, list[Announcement]] = {}
        for item in collection.items:  # newest first
            if item.campaign:
                by_campaign.setdefault(item.campaign, []).append(item)
        self.views: dict[str, CampaignView] = {}
        for campaign_id, campaign in sorted(campaigns.items()):
            source = campaign.theme_source
            self.views[campaign_id] = CampaignView(
                campaign=campaign,
                url=urls.campaign_url(campaign_id),
                status=campaign.status(today),
                announcements=by_campaign.get(campaign_id, []),
                theme_source=Reference(source, collection.find_by_number(source)) if source else None,
                basis=[Reference(n, collection.find_by_number(n)) for n in campaign.basis],
                banners=find_banners(campaign),
            )

    def running(self) -> list[CampaignView]:
        return [v for v in self._by_start() if v.campaign.is_running(self.today)]

    def index_groups(self) -> list[tuple[str, list[CampaignView]]]:
        """Current and upcoming campaigns first, then past ones by year, newest year first."""
        views = self._by_start()
        groups = [
            ("Đang diễn ra", [v for v in views if v.campaign.is_running(self.today)]),
            ("Sắp diễn ra", [v for v in views if v.campaign.start > self.today]),
        ]
        past = sorted((v for v in views if v.campaign.end < self.today), key=lambda v: v.campaign.start, reverse=True)
        for year in sorted({v.campaign.start.year for v in past}, reverse=True):
            groups.append((f"Năm {year}", [v for v in past if v.campaign.start.year == year]))
        return [(title, items) for title, items in groups if items]

    def _by_start(self) -> list[CampaignView]:
        return sorted(self.views.values(), key=lambda v: (v.campaign.start, v.campaign.id))
