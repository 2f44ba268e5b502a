"""What search knows of a campaign page: found by its name, official theme and messages."""

from __future__ import annotations

from loa.campaigns.section import CampaignView
from loa.search import documents as weight
from loa.search.documents import SearchDocument

CAMPAIGN_KIND = ("chien-dich", "Chiến dịch")


def campaign_document(view: CampaignView) -> SearchDocument:
    c = view.campaign
    sources = [number for number in (c.theme_source, *c.basis) if number]
    fields = [(c.name, weight.TITLE), (c.short_name, weight.TITLE), (c.theme, weight.SUMMARY),
              (" ".join(c.slogans), weight.SUMMARY), (c.organizer or "", weight.ISSUER),
              (CAMPAIGN_KIND[1], weight.KIND), (" ".join(sources), weight.REFERENCES)]  # fmt: skip
    return SearchDocument(
        url=view.url,
        kind=CAMPAIGN_KIND[0],
        kind_label=CAMPAIGN_KIND[1],
        title=c.name,
        date=c.start.isoformat(),
        year=c.start.year,
        fields=tuple(fields),
        numbers=tuple((number, weight.REFERENCES) for number in sources),
        text=" ".join([c.theme, *c.slogans]),
    )
