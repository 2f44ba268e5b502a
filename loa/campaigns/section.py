"""The campaign pages as data: each kit with its status, documents, files and graphics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from loa.campaigns import urls
from loa.content.announcement import Announcement
from loa.content.campaign import Campaign
from loa.content.collection import NewsCollection
from loa.news.section import Reference


@dataclass(frozen=True)
class GalleryGraphic:
    """A rendered graphic of the campaign, as its gallery shows it."""

    label: str  # "chủ đề", "thông điệp 1"
    text: str  # the official text the graphic carries
    format_id: str
    format_title: str
    size: str  # "1200 × 630 px", "5,0 m × 0,8 m (…)"
    url: str  # site-relative, the full file
    preview_url: str
    size_bytes: int
    width: int
    height: int


@dataclass
class CampaignView:
    campaign: Campaign
    url: str
    status: str
    announcements: list[Announcement]
    theme_source: Reference | None
    basis: list[Reference]
    graphics: list[GalleryGraphic] = field(default_factory=list)

    @property
    def og_image(self) -> GalleryGraphic | None:
        """The theme in the Open Graph format: the picture when the page is shared."""
        return next((g for g in self.graphics if g.format_id == "og" and g.label == "chủ đề"), None)

    def graphics_by_label(self) -> list[tuple[str, list[GalleryGraphic]]]:
        labels = list(dict.fromkeys(g.label for g in self.graphics))
        return [(label, [g for g in self.graphics if g.label == label]) for label in labels]

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


class CampaignSection:
    """Every campaign's page view on the build date, and the order of the campaign index."""

    def __init__(
        self,
        campaigns: dict[str, Campaign],
        collection: NewsCollection,
        today: dt.date,
        graphics: dict[str, list[GalleryGraphic]] | None = None,
    ):
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
                graphics=(graphics or {}).get(campaign_id, []),
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
