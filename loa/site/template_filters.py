"""Jinja filters the news templates use, so formatting rules and URLs live in Python, once."""

from __future__ import annotations

from loa.campaigns import urls as campaign_urls
from loa.news import urls
from loa.vietnamese import (
    format_file_size,
    format_issue_date,
    format_short_date,
    recipient_lines,
    slugify,
    subject_line,
    upper_vietnamese,
)

TEMPLATE_FILTERS = {
    "short_date": format_short_date,
    "issue_date": format_issue_date,
    "upper_vi": upper_vietnamese,
    "file_size": format_file_size,
    "subject_line": subject_line,
    "recipient_lines": recipient_lines,
    "announcement_url": urls.announcement_url,
    "type_url": urls.type_url,
    "tag_url": lambda name: urls.tag_url(slugify(name)),
    "campaign_url": campaign_urls.campaign_url,
    "slug": slugify,
}
