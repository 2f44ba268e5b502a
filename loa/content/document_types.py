"""The document types of the content model (CONTENT-MODEL.md, section 2)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentType:
    """A kind of document: its code in front matter, its name and its number mark."""

    code: str
    name: str
    number_mark: str | None
    official: bool = True

    @property
    def needs_number(self) -> bool:
        return self.official

    @property
    def has_subject_line(self) -> bool:
        """A công văn carries its subject as "V/v ..." under the number, not as a heading."""
        return self.code == "cong-van"


DOCUMENT_TYPES: dict[str, DocumentType] = {
    t.code: t
    for t in (
        DocumentType("cong-van", "Công văn", None),
        DocumentType("thong-bao", "Thông báo", "TB"),
        DocumentType("ke-hoach", "Kế hoạch", "KH"),
        DocumentType("quyet-dinh", "Quyết định", "QĐ"),
        DocumentType("chi-thi", "Chỉ thị", "CT"),
        DocumentType("huong-dan", "Hướng dẫn", "HD"),
        DocumentType("bao-cao", "Báo cáo", "BC"),
        DocumentType("to-trinh", "Tờ trình", "TTr"),
        DocumentType("giay-moi", "Giấy mời", "GM"),
        DocumentType("tin-tuc", "Tin tức", None, official=False),
    )
}
