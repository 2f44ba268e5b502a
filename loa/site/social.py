"""Open Graph pictures of pages: what a shared link shows."""

from __future__ import annotations

import html
from urllib.parse import quote

from loa.campaigns.section import GalleryGraphic


def og_image_tags(image: GalleryGraphic | None, site_url: str) -> str:
    """The campaign's theme graphic as the page's picture, when the page has one."""
    if image is None:
        return ""
    url = html.escape(site_url + quote(image.url))
    return (
        f'<meta property="og:image" content="{url}">'
        f'<meta property="og:image:width" content="{image.width}">'
        f'<meta property="og:image:height" content="{image.height}">'
        f'<meta property="og:image:alt" content="{html.escape(image.text)}">'
        '<meta name="twitter:card" content="summary_large_image">'
    )
