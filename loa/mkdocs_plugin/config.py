"""Options of the `loa` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class LoaConfig(Config):
    page_size = opt.Type(int, default=10)
    """Announcements per listing page."""

    home_latest = opt.Type(int, default=6)
    """Announcements shown on the home page."""

    campaigns_dir = opt.Type(str, default="assets/campaigns")
    """Campaign identity kits, relative to mkdocs.yml (CONTENT-MODEL.md, section 3)."""

    fonts_dir = opt.Type(str, default="assets/fonts")
    """Bundled web fonts, relative to mkdocs.yml, published under assets/fonts/."""

    banner_formats = opt.Type(str, default="assets/banners/formats.yml")
    """The banner formats file, relative to mkdocs.yml."""

    build_cache_dir = opt.Type(str, default=".cache/loa")
    """Rendered bodies and pages, by the content that made them, kept between builds."""

    banner_cache_dir = opt.Type(str, default=".cache/banners")
    """Rendered graphics, kept between builds (the LOA_BANNER_CACHE variable overrides it)."""

    embed_hosts = opt.ListOfItems(opt.Type(str), default=[])
    """Hosts whose pages announcement bodies may embed in an <iframe> (https only), e.g.
    www.youtube-nocookie.com. Empty by default: no body may embed another site."""
