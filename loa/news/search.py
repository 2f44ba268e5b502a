"""What search knows of an announcement: its number, title, signer and text, each counting
as much as a reader expects (a number or a signer's name first, a word of the body last)."""

from __future__ import annotations

from loa.build_cache import remembered_in_preview
from loa.news.body import plain_text
from loa.news.section import AnnouncementView
from loa.search import documents as weight
from loa.search.documents import SearchDocument

# A preview's rebuild reads the text of an unchanged body once.
_body_text = remembered_in_preview(plain_text, maxsize=4096)


def announcement_document(view: AnnouncementView) -> SearchDocument:
    item = view.item
    fields = [(item.title, weight.TITLE), (item.doc_type.name, weight.KIND), (item.issuer, weight.ISSUER),
              (" ".join(item.tags), weight.TAGS), (view.summary, weight.SUMMARY),
              (" ".join(item.references), weight.REFERENCES)]  # fmt: skip
    numbers = [(reference, weight.REFERENCES) for reference in item.references]
    if item.number:
        fields.append((item.number, weight.NUMBER))
        numbers.append((item.number, weight.NUMBER))
    if item.signer:
        fields += [(item.signer.name, weight.SIGNER), (item.signer.title, weight.ISSUER)]
    if item.author:
        fields.append((item.author, weight.SIGNER))
    text = _body_text(view.body_html)
    fields.append((text, weight.BODY))
    return SearchDocument(
        url=view.url,
        kind=item.doc_type.code,
        kind_label=item.doc_type.name,
        title=item.title,
        number=item.number,
        date=item.date.isoformat(),
        year=item.date.year,
        fields=tuple(fields),
        numbers=tuple(numbers),
        text=text,
    )
