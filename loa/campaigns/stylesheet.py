"""Each campaign's identity colours as a stylesheet class, `loa-campaign-colours--<id>`.

The portal's Content-Security-Policy (`style-src 'self'`) blocks inline `style="…"` attributes,
so the pages name a class and the build publishes the colours of every kit in one file.
"""

from __future__ import annotations

from collections.abc import Iterable

from loa.colors import HEX_COLOUR
from loa.content.campaign import KIT_ID, Campaign

CLASS_PREFIX = "loa-campaign-colours--"


def colours_class(campaign_id: str) -> str:
    """The class that gives an element the campaign's colours (as custom properties)."""
    return CLASS_PREFIX + campaign_id


def campaign_stylesheet(campaigns: Iterable[Campaign]) -> str:
    """One rule per campaign setting --loa-campaign-primary, -on-primary and -accent (the primary
    when the kit has no accent), in kit order. The kits are validated already; an id or colour
    that could break out of its rule is refused all the same, as a ValueError."""
    rules = []
    for campaign in sorted(campaigns, key=lambda c: c.id):
        if not KIT_ID.match(campaign.id):
            raise ValueError(f"campaign id {campaign.id!r} is not a kit id (a-z, 0-9 and hyphens)")
        colours = campaign.colours
        properties = {
            "--loa-campaign-primary": colours.primary,
            "--loa-campaign-on-primary": colours.on_primary,
            "--loa-campaign-accent": colours.accent or colours.primary,
        }
        for name, value in properties.items():
            if not HEX_COLOUR.match(value):
                raise ValueError(f"campaign {campaign.id}: {name} is {value!r}, not a #RRGGBB colour")
        declarations = " ".join(f"{name}: {value};" for name, value in properties.items())
        rules.append(f".{colours_class(campaign.id)} {{ {declarations} }}\n")
    header = "/* Loa: the campaigns' identity colours, from their kits (written by the build). */\n"
    return header + "".join(rules)
