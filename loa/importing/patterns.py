"""The fixed words of the Nghị định 30/2020/NĐ-CP layout (Phụ lục I), as patterns.

Both the PDF reader (where the header and the closing begin and end) and the recogniser (which
line holds which field) rely on them, so they live here once. Patterns apply to NFC text.
"""

from __future__ import annotations

import re

from loa.content.document_types import DOCUMENT_TYPES
from loa.vietnamese import upper_vietnamese

NATIONAL_NAME = re.compile(r"^CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM$", re.I)
MOTTO = re.compile(r"^Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc$", re.I)
# "Số: 2768/STC-VP", "Số:2768/STC-VP", "Số 2768/STC-VP", and the unissued "Số:     /STC-VP".
NUMBER_LINE = re.compile(r"^Số\s*(?::|(?=\s*[0-9/.…_]))\s*(?P<number>.*)$")
# "Sóc Trăng, ngày 11 tháng 11 năm 2021"; the day or month may be blank ("ngày    tháng 11").
PLACE_DATE = re.compile(
    r"^(?:(?P<place>[^,]+?)\s*,\s*)?ngày\s*(?P<day>[0-9]*)[\s._…]*tháng\s*(?P<month>[0-9]*)[\s._…]*"
    r"năm\s*(?P<year>[0-9]*)\s*\.?$",
    re.I,
)
SUBJECT_PREFIX = re.compile(r"^(?:V/v|V/V|v/v)\b[\s.:]*")
ABOUT_PREFIX = re.compile(r"^Về\s+việc\b[\s:]*", re.I)
ADDRESSEE = re.compile(r"^Kính\s+g[ửở]i\s*:?", re.I)
RECIPIENTS_LABEL = re.compile(r"^Nơi\s+nhận\s*:?\s*", re.I)
# The authority lines above the signer's title: ký thay, thừa lệnh, thay mặt, thừa ủy quyền, quyền.
AUTHORITY = re.compile(r"^(?P<mark>KT|TL|TM|TUQ|Q)\s*\.\s*(?P<rest>.*)$")
SIGNED = re.compile(r"^\((?:đã\s+ký|ký|ký\s+tên|ký,.*|đã\s+ký.*)\)$", re.I)
# A rule under a heading, typed as characters: "______", "-----", "***".
RULE = re.compile(r"^[\s\-_–—=*.·~]+$")
# A line a body paragraph starts with on its own: numbered points, dashes, articles, sections.
LIST_MARKER = re.compile(
    r"^(?:[-–+•]\s|[0-9]+(?:\.[0-9]+)*[.)]\s|[a-zđ][)]\s|[IVXLC]+[.]\s|Điều\s+[0-9]+[.:]|Chương\s+[IVXLC0-9]+|Mục\s+[0-9]+)"
)
END_OF_TEXT = "./."

# Type names as printed ("KẾ HOẠCH") to their codes; a công văn carries "V/v" instead.
TYPE_NAMES: dict[str, str] = {
    upper_vietnamese(t.name): t.code for t in DOCUMENT_TYPES.values() if t.official and t.code != "cong-van"
}
TYPE_MARKS: dict[str, str] = {t.number_mark: t.code for t in DOCUMENT_TYPES.values() if t.number_mark}


def is_rule(text: str) -> bool:
    return bool(text.strip()) and bool(RULE.match(text))


def is_upper(text: str) -> bool:
    """Whether a line is written in capitals (it has letters and none is lower-case)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(not ch.islower() for ch in letters)


def type_name_code(text: str) -> str | None:
    """The type code of a type-name line ("KẾ HOẠCH" -> "ke-hoach"), else None."""
    return TYPE_NAMES.get(" ".join(upper_vietnamese(text).split()).rstrip(":"))


def looks_like_type_name(text: str) -> bool:
    """A short line in capitals right under the header: a type name, known or not."""
    words = text.split()
    return 0 < len(words) <= 5 and is_upper(text) and not is_rule(text)


# Words of a signer's title in capitals ("PHÓ GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "KẾ TOÁN TRƯỞNG").
SIGNER_TITLE_WORDS = re.compile(r"GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG|CHÁNH|PHÓ|CHỦ NHIỆM|BÍ THƯ|TỔNG THƯ KÝ")


def is_signature_start(text: str) -> bool:
    """The first line of a signature block: an authority line, or a signer's title in capitals (a
    heading in capitals of the body, "NỘI DUNG", is neither)."""
    if AUTHORITY.match(text):
        return True
    return is_upper(text) and 0 < len(text.split()) <= 8 and bool(SIGNER_TITLE_WORDS.search(text))
