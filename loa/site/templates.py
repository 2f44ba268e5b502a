"""The Jinja environments Loa's templates are rendered in.

The theme's templates that show Loa's content (its chrome's campaign bar, the home page, the
404 page) are the engine's: prepare_templates gives its environment Loa's filters and globals.
Loa's templates of its own pages (an announcement, a listing page, an item of a listing…) are
rendered thousands of times a build, in an environment of Loa's (page_templates): it loads them
as the engine does, a project's overrides first, and keeps each template's globals in a plain
dict. Jinja's default, a ChainMap over the environment's globals, is copied in Python at every
render and every macro import: about 4% of the CPU time of a build from nothing.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

import jinja2

from loa.campaigns import urls as campaign_urls
from loa.news import urls
from loa.site.template_filters import TEMPLATE_FILTERS

if TYPE_CHECKING:
    from loa.site.model import SiteModel


class PageTemplates(jinja2.Environment):
    """The environment of Loa's page templates, made for one build (page_templates): its globals
    are set before any template is loaded and never change, so each template may hold a copy."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def prepare_templates(templates: jinja2.Environment, model: SiteModel) -> None:
    """Give a template environment what Loa's templates use: its filters and globals."""
    templates.filters.update(TEMPLATE_FILTERS)
    templates.globals["loa_urls"] = urls
    templates.globals["loa_campaign_urls"] = campaign_urls
    templates.globals["loa_running_campaigns"] = model.campaigns.running()


def page_templates(engine: jinja2.Environment, model: SiteModel) -> PageTemplates:
    """The environment Loa renders its pages in, for one build of `model`: templates found by the
    engine's loader, escaped as the engine escapes, with Loa's filters and globals. Without the
    engine's own (a theme's i18n, another plugin's filters): Loa's templates do not use them."""
    templates = PageTemplates(loader=engine.loader, autoescape=engine.autoescape, auto_reload=False)
    prepare_templates(templates, model)
    return templates
