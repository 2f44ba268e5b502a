"""A machine-readable list of published announcements (Thông tư 22/2023/TT-BTTTT asks for
structured, shareable data on portals)."""

from __future__ import annotations

import json

from loa.build_cache import MadeFromKept
from loa.news.section import AnnouncementView, NewsSection

FORMAT_VERSION = 1


def _announcement_record(view: AnnouncementView, base: str) -> dict:
    item = view.item
    signer = item.signer
    return {
        "slug": item.slug,
        "url": base + view.url,
        "type": item.doc_type.code,
        "type_name": item.doc_type.name,
        "number": item.number,
        "title": item.title,
        "date": item.date.isoformat(),
        "issuer": item.issuer,
        "place": item.place,
        "signer": {"name": signer.name, "title": signer.title, "authority": signer.authority} if signer else None,
        "author": item.author,
        "recipients": item.recipients,
        "references": [{"number": r.number, "url": base + r.url if r.url else None} for r in view.references],
        "effective": item.effective.isoformat() if item.effective else None,
        "campaign": item.campaign,
        "tags": item.tags,
        "summary": view.summary,
        "attachments": [
            {
                "title": a.title,
                "url": base + view.attachment_url(a),
                "file_type": a.file_type,
                "size_bytes": a.size_bytes,
            }
            for a in item.attachments
        ],
    }


_RECORD_LINES: MadeFromKept[str] = MadeFromKept()  # a preview's lines, by announcement


def _record_line(view: AnnouncementView, base: str) -> str:
    """An announcement's line of the JSON; in a preview, made again only when what it shows changed."""
    made_with = (view.url, view.summary, base, *(reference.url for reference in view.references))
    return _RECORD_LINES.value(view.item, made_with, lambda: _dumps(_announcement_record(view, base)))


def build_data_json(section: NewsSection, site_url: str) -> str:
    """JSON of every published announcement, newest first; same content, same bytes."""
    base = site_url.rstrip("/") + "/"
    agency = section.agency
    head = {
        "format_version": FORMAT_VERSION,
        "agency": {
            "name": agency.name,
            "parent": agency.parent,
            "short_code": agency.short_code,
            "place": agency.place,
        },
        "count": len(section.collection),
    }
    # One announcement a line: readable, and written by json's C encoder (indent= is pure Python,
    # and was a fifth of a preview rebuild at 3,000 announcements).
    records = [_record_line(section.view(item), base) for item in section.collection.items]
    _RECORD_LINES.end_round()
    body = ",\n".join(records)
    return _dumps(head)[:-1] + ',"announcements":[\n' + body + ("\n" if records else "") + "]}\n"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
