"""The fields of a Nghị định 30/2020/NĐ-CP document, found in its structured text.

The layout read (Phụ lục I): a two-column header (parent agency and issuing agency at the left,
then "Số: …" and, for a công văn, "V/v …"; quốc hiệu, tiêu ngữ and "Sóc Trăng, ngày … tháng …
năm …" at the right); for other types the type name in capitals and the subject under it; the
body from "Kính gửi" on; the closing, nơi nhận at the left and the signature at the right.

Every field remembers the source lines it came from. Nothing is guessed silently: a field that is
not there is named as missing, a blank number or day (a document not issued yet) is an error.
Plain dataclasses and functions: no files, no engine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from loa.content.agency import Agency
from loa.content.document_types import DOCUMENT_TYPES
from loa.content.errors import ContentError
from loa.content.hidden_characters import BODY_FIELD
from loa.content.loader import NUMBER_PATTERN, UNISSUED_NUMBER
from loa.importing.blocks import Block, Line, Paragraph, SourceDocument, Table, join_lines, two_columns
from loa.importing.letter_case import agency_case, authority_case, name_case, title_case
from loa.importing.markdown_body import body_markdown
from loa.importing.patterns import (
    ABOUT_PREFIX,
    ADDRESSEE,
    AUTHORITY,
    END_OF_TEXT,
    LIST_MARKER,
    MOTTO,
    NATIONAL_NAME,
    NUMBER_LINE,
    PLACE_DATE,
    RECIPIENTS_LABEL,
    SIGNED,
    SIGNER_TITLE_WORDS,
    SUBJECT_PREFIX,
    TYPE_MARKS,
    is_rule,
    is_signature_start,
    is_upper,
    looks_like_type_name,
    type_name_code,
)

# The fields looked for, in the order they are reported.
FIELDS = (
    "type",
    "number",
    "date",
    "place",
    "parent",
    "issuer",
    "title",
    "recipients",
    "signer.authority",
    "signer.title",
    "signer.name",
    BODY_FIELD,
)
_UNISSUED = "văn bản có vẻ chưa ban hành (bản chưa cấp số, chưa ghi ngày): hãy nhập bản đã ban hành"
_AGENCY_START = re.compile(
    r"^(UBND|HĐND|ỦY BAN|UỶ BAN|HỘI ĐỒNG|SỞ|BỘ|BAN|CỤC|TỔNG CỤC|CHI CỤC|VĂN PHÒNG|PHÒNG|THANH TRA|TRUNG TÂM|"
    r"KHO BẠC|TRƯỜNG|BỆNH VIỆN|VIỆN|ĐÀI|VỤ)\b"
)
_UNIT_PHRASE = re.compile(r"\b(tỉnh|thành phố|huyện|quận|thị xã|thị trấn|phường|xã)\s+\S.*$")
_SIGNED_INSIDE = re.compile(r"\((?:đã\s+)?ký[^)]*\)", re.I)


@dataclass(frozen=True)
class Source:
    """One line a field was read from: its text and where it is."""

    text: str
    where: str

    @classmethod
    def of(cls, line: Line) -> Source:
        return cls(line.text, line.where)


@dataclass(frozen=True)
class Found:
    """A field's value and the source lines it came from; `note` says how it was derived."""

    value: object
    sources: tuple[Source, ...]
    note: str = ""


@dataclass
class Recognized:
    """What the recogniser found: fields by name (FIELDS) and errors."""

    fields: dict[str, Found] = field(default_factory=dict)
    problems: list[ContentError] = field(default_factory=list)

    def value(self, name: str):
        found = self.fields.get(name)
        return found.value if found is not None else None

    @property
    def missing(self) -> list[str]:
        return [name for name in FIELDS if name not in self.fields]


@dataclass
class _Header:
    left: list[Line] = field(default_factory=list)
    right: list[Line] = field(default_factory=list)


def recognize(document: SourceDocument, agency: Agency, path: str) -> Recognized:
    """The fields of `document`; `path` names the source file in messages."""
    return _Recogniser(document, agency, path).run()


class _Recogniser:
    def __init__(self, document: SourceDocument, agency: Agency, path: str):
        self.blocks = list(document.blocks)
        self.agency = agency
        self.path = path
        self.result = Recognized()
        self.places = [agency.place]

    # ------------------------------------------------------------------ helpers

    def found(self, name: str, value: object, lines: list[Line] | tuple[Line, ...], note: str = "") -> None:
        self.result.fields[name] = Found(value, tuple(Source.of(line) for line in lines), note)

    def problem(self, name: str, found: str, expected: str) -> None:
        self.result.problems.append(ContentError(self.path, name, found, expected))

    # ------------------------------------------------------------------ the document

    def run(self) -> Recognized:
        header, index = self._header()
        type_line, type_subject, below_subject, body = self._type_and_subject(header, index)
        number_line, left_subject = self._left_column(header)
        subject = left_subject or below_subject or type_subject
        body, closing_left, closing_right, after = self._split_closing(body)

        self._number(number_line)
        self._date(self._date_line(header))
        self._agencies(header)
        self._type(type_line, subject, number_line)
        self._title(subject)
        self._recipients(closing_left)
        self._signer(closing_right)
        self._body(body, after)
        return self.result

    def _header(self) -> tuple[_Header, int]:
        """The header's columns: the first two-column block (a table, text boxes or, in a PDF,
        the top of the page split at its gutter), and a second one if the first lacks the
        number or the date (some templates put them in a table of their own)."""
        header = _Header()
        index = 0
        while index < len(self.blocks) and index < 2:
            columns = two_columns(self.blocks[index])
            if columns is None or not _looks_like_header(columns):
                break
            header.left += _lines(columns[0])
            header.right += _lines(columns[1])
            index += 1
            if _has_number_and_date(header):
                break
        return header, index

    def _left_column(self, header: _Header) -> tuple[Line | None, list[Line]]:
        """The number line and the "V/v" subject lines under it."""
        number_line = None
        subject: list[Line] = []
        for line in header.left:
            if number_line is None and NUMBER_LINE.match(line.text):
                number_line = line
            elif (subject and not is_rule(line.text)) or (number_line is not None and SUBJECT_PREFIX.match(line.text)):
                subject.append(line)  # "V/v …" under the number, and its wrapped lines
        return number_line, subject

    def _date_line(self, header: _Header) -> Line | None:
        return next((line for line in (*header.right, *header.left) if PLACE_DATE.match(line.text)), None)

    def _type_and_subject(self, header: _Header, index: int) -> tuple[Line | None, list[Line], list[Line], list[Block]]:
        """Lines under the header columns, up to the body: header lines some layouts put there
        (the agency, the number, the date, "V/v"), the type name in capitals and the subject under
        it. The body starts at the first other line ("Kính gửi", "Căn cứ", a paragraph).
        Returns the type line, the subject under it, a "V/v" subject found here, the body."""
        type_line: Line | None = None
        type_subject: list[Line] = []
        below_subject: list[Line] = []
        is_letter = any(SUBJECT_PREFIX.match(x.text) for x in header.left)  # a công văn has no type name
        position = index
        while position < len(self.blocks):
            block = self.blocks[position]
            if not isinstance(block, Paragraph):
                break
            lines = list(block.lines)
            k = 0
            while k < len(lines):
                line, text = lines[k], lines[k].text
                if not is_letter and type_line is None and SUBJECT_PREFIX.match(text):
                    below_subject, is_letter = lines[k:], True  # "V/v …" and its wrapped lines
                    break
                if self._header_line(header, line, type_line is not None):
                    k += 1
                    continue
                if not is_letter and type_line is None and not type_subject and _is_type_line(line):
                    type_line = line
                elif type_line is not None and _is_subject_line(line, type_subject):
                    type_subject.append(line)
                elif not (is_rule(text) or NATIONAL_NAME.match(text) or MOTTO.match(text)):
                    rest = Paragraph(tuple(lines[k:]), block.centered)
                    return type_line, type_subject, below_subject, [rest, *self.blocks[position + 1 :]]
                k += 1
            position += 1
        return type_line, type_subject, below_subject, list(self.blocks[position:])

    def _header_line(self, header: _Header, line: Line, after_type: bool) -> bool:
        """Whether a line under the columns still belongs to the header; if so it is added to it."""
        has_number = any(NUMBER_LINE.match(x.text) for x in header.left)
        parts = line.split_at_tabs()
        if len(parts) > 1 and any(_header_part(p.text) or (not has_number and is_upper(p.text)) for p in parts):
            # a header typed with tabs: "UBND TỈNH … <tab> CỘNG HÒA …", "Số: … <tab> Sóc Trăng, ngày …"
            for k, part in enumerate(parts):
                right = _header_part(part.text) in ("date", "nation") or (k > 0 and not NUMBER_LINE.match(part.text))
                (header.right if right else header.left).append(part)
            return True
        text = line.text
        if NUMBER_LINE.match(text) and not has_number:
            header.left.append(line)
            return True
        if PLACE_DATE.match(text) and not any(PLACE_DATE.match(x.text) for x in (*header.right, *header.left)):
            header.right.append(line)
            return True
        if NATIONAL_NAME.match(text) or MOTTO.match(text):
            header.right.append(line)
            return True
        if not has_number and not after_type and is_upper(text) and type_name_code(text) is None:
            header.left.append(line)  # no header columns: the agency's name, above the number
            return True
        return False

    # ------------------------------------------------------------------ closing

    def _split_closing(self, body: list[Block]) -> tuple[list[Block], list[Line], list[Line], list[Block]]:
        """The body blocks, the closing's left (nơi nhận) and right (signature) lines, and what
        follows the closing (an appendix). The closing is the last two-column block holding nơi
        nhận or a signature; without one, the paragraphs from "Nơi nhận" or from a signature line
        right after the text's "./."."""
        for position in range(len(body) - 1, 0, -1):
            columns = two_columns(body[position])
            if columns is not None and _looks_like_closing(columns):
                return body[:position], _lines(columns[0]), _lines(columns[1]), body[position + 1 :]
        for position, block in enumerate(body):
            if not isinstance(block, Paragraph) or position == 0:
                continue
            previous = body[position - 1]
            ends_text = isinstance(previous, Paragraph) and previous.text.endswith(END_OF_TEXT)
            if RECIPIENTS_LABEL.match(block.text) or (ends_text and is_signature_start(block.lines[0].text)):
                left, right = _closing_paragraphs(body[position:])
                return body[:position], left, right, []
        return body, [], [], []

    # ------------------------------------------------------------------ fields

    def _number(self, line: Line | None) -> None:
        if line is None:
            self.problem("number", "không thấy dòng 'Số: …' ở phần đầu", "dòng 'Số: 2768/STC-VP' dưới tên cơ quan")
            return
        raw = NUMBER_LINE.match(line.text).group("number")  # type: ignore[union-attr]
        number = re.sub(r"\s+", "", raw).replace("–", "-").replace("—", "-")
        shown = f"'{line.text}' ({line.where})"
        unissued = UNISSUED_NUMBER.match(re.sub(r"^[._…]+", "", number)) or not number
        if unissued:
            self.problem("number", f"{shown}: phần số để trống", f"số văn thư đã cấp, ví dụ 2768/STC-VP; {_UNISSUED}")
            return
        if not NUMBER_PATTERN.match(number):
            self.problem("number", shown, "số, ký hiệu dạng số/ký hiệu, ví dụ 2768/STC-VP hoặc 57/KH-STC")
            return
        self.found("number", number, [line])

    def _date(self, line: Line | None) -> None:
        if line is None:
            self.problem("date", "không thấy dòng địa danh, ngày tháng", "dòng 'Sóc Trăng, ngày 11 tháng 11 năm 2021'")
            return
        match = PLACE_DATE.match(line.text)
        assert match is not None
        shown = f"'{line.text}' ({line.where})"
        place = match.group("place")
        if place:
            self.found("place", name_case(place), [line])
            self.places.append(name_case(place))
        day, month, year = match.group("day"), match.group("month"), match.group("year")
        blank = [label for label, value in (("ngày", day), ("tháng", month), ("năm", year)) if not value]
        if blank:
            self.problem("date", f"{shown}: để trống {', '.join(blank)}", f"ngày ban hành đầy đủ; {_UNISSUED}")
            return
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError:
            self.problem("date", f"{shown} (ngày không có thật)", "một ngày có thật, ví dụ ngày 11 tháng 11 năm 2021")
            return
        self.found("date", date, [line])

    def _agencies(self, header: _Header) -> None:
        """Parent and issuer from the left column above the number: the issuer is set bold, the
        parent not (NĐ 30); when the weights do not tell, each name starts with a kind of agency
        and a line that does not continues the name above (a name wrapped over two lines)."""
        lines: list[Line] = []
        for line in header.left:
            if NUMBER_LINE.match(line.text):
                break
            if not is_rule(line.text) and line.text:
                lines.append(line)
        if not lines:
            return
        parent_lines, issuer_lines = _split_agencies(lines)
        parent = agency_case(join_lines(x.text for x in parent_lines), self.places) if parent_lines else None
        issuer = agency_case(join_lines(x.text for x in issuer_lines), self.places)
        note = ""
        if parent and self.agency.parent and parent.casefold() == self.agency.parent.casefold():
            parent = self.agency.parent
        if parent:
            self.found("parent", parent, parent_lines)
            completed = _with_locality(issuer, parent)
            if completed != issuer:
                issuer, note = completed, f"thêm '{completed[len(issuer) + 1 :]}' từ tên cơ quan chủ quản"
        if issuer.casefold() == self.agency.name.casefold():
            issuer = self.agency.name
            note = (note + "; " if note else "") + "trùng tên cơ quan trong mkdocs.yml (extra.agency.name)"
        self.found("issuer", issuer, issuer_lines, note)

    def _type(self, type_line: Line | None, subject: list[Line], number_line: Line | None) -> None:
        number = self.result.value("number")
        mark = _type_mark(number) if number else None
        if type_line is not None:
            code = type_name_code(type_line.text)
            if code is None:
                known = ", ".join(t.name.upper() for t in DOCUMENT_TYPES.values() if t.official and t.number_mark)
                self.problem(
                    "type",
                    f"tên loại văn bản '{type_line.text}' ({type_line.where})",
                    f"một loại văn bản của mô hình nội dung: {known} (hoặc công văn, có dòng V/v)",
                )
                return
            sources = [type_line]
        elif subject and SUBJECT_PREFIX.match(subject[0].text):
            code, sources = "cong-van", [subject[0]]
        elif mark is not None and number_line is not None:
            code, sources = TYPE_MARKS[mark], [number_line]
        else:
            found = "không thấy tên loại văn bản, dòng V/v hay chữ viết tắt loại trong số ký hiệu"
            self.problem("type", found, "tên loại in hoa dưới phần đầu (KẾ HOẠCH, THÔNG BÁO…) hoặc dòng 'V/v …'")
            return
        expected_mark = DOCUMENT_TYPES[code].number_mark
        if number and number_line is not None and mark != expected_mark:
            name = DOCUMENT_TYPES[code].name
            found = (
                f"'{sources[0].text}' ({sources[0].where}) là {name.lower()}, nhưng số '{number}' ({number_line.where})"
            )
            found += f" mang chữ viết tắt '{mark}'" if mark else " không có chữ viết tắt loại văn bản"
            need = f"số ký hiệu của {name.lower()} bắt đầu bằng '{expected_mark}-'" if expected_mark else (
                "số ký hiệu công văn không có chữ viết tắt loại văn bản")  # fmt: skip
            self.problem("type", found, need)
            return
        note = "từ chữ viết tắt trong số ký hiệu" if sources[0] is number_line else ""
        self.found("type", code, sources, note)

    def _title(self, subject: list[Line]) -> None:
        if not subject:
            self.problem("title", "không thấy trích yếu (dòng 'V/v …' của công văn, dòng dưới tên loại văn bản)",
                         "trích yếu nội dung ở phần đầu văn bản")  # fmt: skip
            return
        text = join_lines(line.text for line in subject)
        text = ABOUT_PREFIX.sub("", SUBJECT_PREFIX.sub("", text)).strip()
        if not text:
            self.problem("title", f"'{subject[0].text}' ({subject[0].where}) không có nội dung", "trích yếu nội dung")
            return
        self.found("title", text[:1].upper() + text[1:], subject)

    def _recipients(self, lines: list[Line]) -> None:
        label = next((k for k, line in enumerate(lines) if RECIPIENTS_LABEL.match(line.text)), None)
        if label is None:
            return
        items: list[tuple[str, list[Line]]] = []
        first_rest = RECIPIENTS_LABEL.sub("", lines[label].text, count=1).strip()
        entries = ([(first_rest, lines[label])] if first_rest else []) + [(x.text, x) for x in lines[label + 1 :]]
        for text, line in entries:
            if not text or is_rule(text):
                continue
            if not items or re.match(r"^[-–•+]", text):
                items.append((text, [line]))
            else:  # a recipient wrapped over two lines
                items[-1] = (join_lines([items[-1][0], text]), [*items[-1][1], line])
        cleaned = [(_clean_recipient(text), source) for text, source in items]
        cleaned = [(text, source) for text, source in cleaned if text]
        if cleaned:
            self.found("recipients", [text for text, _ in cleaned], [line for _, src in cleaned for line in src])

    def _signer(self, lines: list[Line]) -> None:
        """Authority lines (KT./TL./TM./TUQ./Q.), the title, the name; "(Đã ký)" and images are
        not part of it. Several authority lines ("TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH") are one
        `authority` joined with " / "."""
        lines = [x for x in lines if x.text and not is_rule(x.text) and not SIGNED.match(x.text)]
        lines = [x for x in lines if x.text.casefold() != "đã ký"]
        if not lines:
            return
        last = lines[-1]
        name_text = " ".join(_SIGNED_INSIDE.sub(" ", last.text).split())
        has_name = not AUTHORITY.match(name_text) and (
            not is_upper(name_text) or (len(lines) >= 2 and not SIGNER_TITLE_WORDS.search(name_text))
        )
        above = lines[:-1] if has_name else lines
        if has_name and name_text:
            self.found("signer.name", name_case(name_text), [last])
        authority: list[Line] = []
        title: list[Line] = []
        for line in above:
            if AUTHORITY.match(line.text) and not title:
                authority.append(line)
            else:
                title.append(line)
        if not title and authority and AUTHORITY.match(authority[-1].text).group("mark") == "Q":  # type: ignore[union-attr]
            title = [authority.pop()]  # "Q. GIÁM ĐỐC" alone: the acting director's title
        if authority:
            value = " / ".join(authority_case(x.text, self.places) for x in authority)
            self.found("signer.authority", value, authority)
        if title:
            text = join_lines(x.text for x in title)
            value = authority_case(text, self.places) if AUTHORITY.match(text) else title_case(text, self.places)
            self.found("signer.title", value, title)

    def _body(self, blocks: list[Block], after: list[Block]) -> None:
        text = body_markdown(blocks)
        if not text.strip():
            self.problem(BODY_FIELD, "không thấy nội dung giữa phần đầu và phần ký",
                         "nội dung văn bản (từ 'Kính gửi' hoặc dưới trích yếu đến trước 'Nơi nhận')")  # fmt: skip
            return
        sources = [_first_line(blocks)] if _first_line(blocks) else []
        appendix = body_markdown(after)
        note = ""
        if appendix.strip():
            text = text + "\n\n" + appendix
            note = "có phần sau chữ ký (phụ lục): đưa vào cuối nội dung"
        self.found(BODY_FIELD, text + "\n", [x for x in sources if x is not None], note)


# ---------------------------------------------------------------------- small rules


def _lines(paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> list[Line]:
    return [line for p in paragraphs for line in p.lines if line.text]


def _header_part(text: str) -> str | None:
    """What a part of a header line is: "number", "date", "nation" (quốc hiệu, tiêu ngữ), or None."""
    if NUMBER_LINE.match(text):
        return "number"
    if PLACE_DATE.match(text):
        return "date"
    if NATIONAL_NAME.match(text) or MOTTO.match(text):
        return "nation"
    return None


def _looks_like_header(columns: tuple[list[Paragraph], list[Paragraph]]) -> bool:
    texts = [line.text for line in _lines(columns[0]) + _lines(columns[1])]
    return any(NATIONAL_NAME.match(t) or NUMBER_LINE.match(t) or PLACE_DATE.match(t) for t in texts)


def _has_number_and_date(header: _Header) -> bool:
    return any(NUMBER_LINE.match(x.text) for x in header.left) and any(
        PLACE_DATE.match(x.text) for x in (*header.right, *header.left)
    )


def _looks_like_closing(columns: tuple[list[Paragraph], list[Paragraph]]) -> bool:
    left, right = _lines(columns[0]), _lines(columns[1])
    if any(RECIPIENTS_LABEL.match(x.text) for x in left):
        return True
    # a signature: its first line an authority or a title, its last the signer's name
    if len(right) < 2 or not is_signature_start(right[0].text):
        return False
    return not is_upper(right[-1].text) or any(SIGNED.match(x.text) for x in right)


def _closing_paragraphs(blocks: list[Block]) -> tuple[list[Line], list[Line]]:
    """Nơi nhận and the signature written as paragraphs: the label, the dashed lines under it and
    their wrapped continuations go left, the rest is the signature."""
    left: list[Line] = []
    right: list[Line] = []
    last_went_left = False
    for block in blocks:
        columns = two_columns(block)
        if columns is not None:
            left += _lines(columns[0])
            right += _lines(columns[1])
            continue
        lines = _lines([block]) if isinstance(block, Paragraph) else []
        for line in lines:
            text = line.text
            dash = re.match(r"^[-–•+]", text) is not None
            if RECIPIENTS_LABEL.match(text) or (left and (dash or (last_went_left and not is_upper(text)))):
                left.append(line)
                last_went_left = True
            else:
                right.append(line)
                last_went_left = False
    return left, right


def _is_type_line(line: Line) -> bool:
    return type_name_code(line.text) is not None or looks_like_type_name(line.text)


def _is_subject_line(line: Line, subject: list[Line]) -> bool:
    """The subject under a type name: bold lines in normal case (NĐ 30), or one line that begins
    with "Về việc"; never a heading in capitals or the first line of the body."""
    text = line.text
    if is_upper(text) or is_rule(text) or ADDRESSEE.match(text) or LIST_MARKER.match(text):
        return False
    if re.match(r"^(Căn cứ|Thực hiện|Theo|Nhằm|Kính)\b", text):
        return False
    if line.bold:
        return True
    return not subject and bool(ABOUT_PREFIX.match(text))


def _split_agencies(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(parent lines, issuer lines)."""
    weights = {line.bold for line in lines}
    if len(weights) == 2 and not lines[0].bold:
        first_bold = next(k for k, line in enumerate(lines) if line.bold)
        return lines[:first_bold], lines[first_bold:]
    names: list[list[Line]] = []
    for line in lines:
        if not names or _AGENCY_START.match(line.text.upper()):
            names.append([line])
        else:
            names[-1].append(line)
    if len(names) == 1:
        return [], names[0]
    return names[-2], names[-1]


def _with_locality(issuer: str, parent: str) -> str:
    """A provincial agency's header omits its province, which the parent line carries ("UBND
    TỈNH SÓC TRĂNG" over "SỞ TÀI CHÍNH"): its full name adds it ("Sở Tài chính tỉnh Sóc Trăng")."""
    if _UNIT_PHRASE.search(issuer):
        return issuer
    unit = _UNIT_PHRASE.search(parent)
    if unit is None:
        return issuer
    if issuer.casefold() == "văn phòng":
        return f"{issuer} {parent}"
    return f"{issuer} {unit.group(0)}"


def _type_mark(number: str) -> str | None:
    """The type mark of a number ("57/KH-STC" -> "KH"), or None (a công văn's "2768/STC-VP")."""
    symbol = number.rsplit("/", 1)[-1]
    first = re.split(r"[-.]", symbol, maxsplit=1)[0]
    return first if first in TYPE_MARKS else None


def _clean_recipient(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"^[-–•+]\s*", "", text)
    return text.rstrip(" ;,").removesuffix(".").rstrip(" ;,")


def _first_line(blocks: list[Block]) -> Line | None:
    for block in blocks:
        if isinstance(block, Paragraph) and block.lines:
            return block.lines[0]
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    for paragraph in cell:
                        if paragraph.lines:
                            return paragraph.lines[0]
    return None
