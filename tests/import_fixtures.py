"""Documents for the import tests, laid out per Nghị định 30/2020/NĐ-CP, and what each must give.

Each document is described once (`Spec`) and written two ways: as a Word file with python-docx
(the header in a borderless two-column table, in two tables' rows or in text boxes; the closing in
a two-column table) and as HTML with the same layout, printed to PDF by Debian's Chromium. The
first is the real công văn of ../shared/source-documents/ (copied to tests/data/), numbered and dated (2768/STC-VP,
11/11/2021, as the demo does); `CONG_VAN_UNISSUED` is the same text as it really is, unnumbered
and with its day blank. `SCAN` is a PDF whose only page is a screenshot (no text layer).
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw

REPO_ROOT = Path(__file__).resolve().parent.parent
FONTS = REPO_ROOT / "assets" / "fonts"
# A copy of ../shared/source-documents/cong-van-soc-trang-2021.txt: a clean checkout has no ../shared.
SOURCE_DOCUMENT = Path(__file__).resolve().parent / "data" / "cong-van-soc-trang-2021.txt"

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_MARKUP = re.compile(r"(\*\*\*.+?\*\*\*|\*\*.+?\*\*|\*.+?\*)")


@dataclass(frozen=True)
class Centered:
    """A centred paragraph of the body (a heading: "QUYẾT ĐỊNH:")."""

    text: str


@dataclass(frozen=True)
class BodyTable:
    """A ruled table of the body; the first row is its heading."""

    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Expected:
    """The fields an import of the document must give."""

    type: str
    number: str
    date: str
    issuer: str
    parent: str | None
    place: str
    title: str
    recipients: tuple[str, ...]
    signer_name: str
    signer_title: str
    signer_authority: str | None
    body_has: tuple[str, ...]  # Markdown that must be in the body, each as written
    body_lacks: tuple[str, ...] = ()  # text that must not be in it (header, signature)


@dataclass(frozen=True)
class Spec:
    """One document. Text uses a small markup: **bold**, *italic*, ***both***; "\\n" in a line is a
    line break inside one paragraph."""

    name: str
    parent: tuple[str, ...]
    issuer: tuple[str, ...]
    number: str
    place_date: str
    subject: tuple[str, ...]  # "V/v …" lines of a công văn, or the subject under the type name
    type_name: str | None
    addressee: tuple[str, ...]  # one "Kính gửi: …" paragraph, or "Kính gửi:" and a list
    body: tuple[str | Centered | BodyTable, ...]
    signature: tuple[str, ...]  # authority and title lines, "(Đã ký)", the name
    recipients: tuple[str, ...]
    expected: Expected
    header: str = "table"  # "table", "two-tables" or "text-boxes"
    nfd: bool = False
    signature_image: bool = False


# --------------------------------------------------------------------------- the documents

_SOURCE_LINES = [line.strip() for line in SOURCE_DOCUMENT.read_text(encoding="utf-8").splitlines()]


def _source_body() -> tuple[str, ...]:
    """The body paragraphs of the real công văn, from its first paragraph after "Kính gửi" to its
    last before "Nơi nhận" (its theme quote is in italics there already)."""
    start = next(i for i, line in enumerate(_SOURCE_LINES) if line.startswith("Theo Kế hoạch"))
    end = next(i for i, line in enumerate(_SOURCE_LINES) if line.startswith("Nơi nhận"))
    return tuple(line for line in _SOURCE_LINES[start:end] if line)


CONG_VAN = Spec(
    name="cong-van-2768",
    parent=("UBND TỈNH SÓC TRĂNG",),
    issuer=("SỞ TÀI CHÍNH",),
    number="Số: 2768/STC-VP",
    place_date="Sóc Trăng, ngày 11 tháng 11 năm 2021",
    subject=(
        "V/v hưởng ứng Tháng hành",
        "động vì bình đẳng giới và",
        "phòng, chống bạo lực trên cơ",
        "sở giới năm 2021",
    ),
    type_name=None,
    addressee=("Kính gửi: Chánh Văn phòng, Chánh Thanh tra và\nTrưởng các phòng chuyên môn thuộc Sở Tài chính.",),
    body=_source_body(),
    signature=("**KT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC**", "*(Đã ký)*", "**Trần Quốc Sở**"),
    recipients=("- Như trên;", "- Ban Giám đốc;", "- Công TTĐT Sở;", "- Lưu: VP."),
    expected=Expected(
        type="cong-van",
        number="2768/STC-VP",
        date="2021-11-11",
        issuer="Sở Tài chính tỉnh Sóc Trăng",
        parent="Ủy ban nhân dân tỉnh Sóc Trăng",
        place="Sóc Trăng",
        title="Hưởng ứng Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới năm 2021",
        recipients=("Như trên", "Ban Giám đốc", "Công TTĐT Sở", "Lưu: VP"),
        signer_name="Trần Quốc Sở",
        signer_title="Phó Giám đốc",
        signer_authority="KT. Giám đốc",
        body_has=(
            "Kính gửi: Chánh Văn phòng, Chánh Thanh tra và Trưởng các phòng chuyên môn thuộc Sở Tài chính.",
            "Theo Kế hoạch số 57/KH-SLĐTBXH ngày 02/11/2021 của Sở Lao động Thương binh và Xã hội tỉnh Sóc Trăng",
            "1\\. Đẩy mạnh phổ biến, tuyên truyền các chính sách an sinh xã hội",
            "2\\. Triển khai và vận động công chức",
            "3\\. Treo băng rôn, khẩu hiệu tại cơ quan",
            "\\- Chủ đề Tháng hành động năm 2021: “*Đảm bảo an sinh xã hội, tăng cường quyền năng và tạo cơ hội "
            "cho phụ nữ và trẻ em gái nhằm thực hiện bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới*”",
            "\\- Thời gian: Từ ngày 15/11/2021 đến ngày 15/12/2021.",
            "gửi về Sở Lao động – Thương binh và Xã hội theo quy định./.",
        ),
        body_lacks=("CỘNG HÒA", "Hạnh phúc", "Số:", "V/v", "Nơi nhận", "Lưu: VP", "GIÁM ĐỐC", "Trần Quốc Sở", "Đã ký"),
    ),
)

CONG_VAN_UNISSUED = replace(
    CONG_VAN,
    name="cong-van-chua-so",
    number="Số: /STC-VP",
    place_date="Sóc Trăng, ngày      tháng 11 năm 2021",
)

KE_HOACH = Spec(
    name="ke-hoach-57",
    parent=("UBND TỈNH SÓC TRĂNG",),
    issuer=("SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"),
    number="Số: 57/KH-SLĐTBXH",
    place_date="Sóc Trăng, ngày 02 tháng 11 năm 2021",
    subject=(
        "Tổ chức triển khai Tháng hành động vì bình đẳng giới và phòng ngừa,",
        "ứng phó với bạo lực trên cơ sở giới năm 2021",
    ),
    type_name="KẾ HOẠCH",
    addressee=(),
    body=(
        "Căn cứ Công văn số 3496/LĐTBXH-BĐG ngày 15/10/2021 của Bộ Lao động - Thương binh và Xã hội về việc tổ "
        "chức Tháng hành động vì bình đẳng giới năm 2021, Sở Lao động - Thương binh và Xã hội xây dựng Kế hoạch "
        "triển khai trên địa bàn tỉnh như sau:",
        "**I. MỤC ĐÍCH, YÊU CẦU**",
        "1. Nâng cao nhận thức, thay đổi hành vi của cán bộ, công chức và người dân về bình đẳng giới.",
        "2. Các hoạt động được tổ chức thiết thực, hiệu quả, phù hợp với tình hình dịch COVID-19.",
        "**II. NỘI DUNG HOẠT ĐỘNG**",
        "1. Chủ đề: “*Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái nhằm thực "
        "hiện bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới*”.",
        "2. Thời gian: từ ngày 15/11/2021 đến ngày 15/12/2021.",
        "a) Treo băng rôn, khẩu hiệu tại trụ sở các cơ quan, đơn vị;",
        "b) Tuyên truyền trên cổng thông tin điện tử và mạng xã hội của cơ quan, đơn vị.",
        "**III. TỔ CHỨC THỰC HIỆN**",
        "Các sở, ban ngành tỉnh, Ủy ban nhân dân các huyện, thị xã, thành phố báo cáo kết quả về Sở Lao động - "
        "Thương binh và Xã hội **trước ngày 20/12/2021**./.",
    ),
    signature=("**KT. GIÁM ĐỐC**", "**PHÓ GIÁM ĐỐC**", "*(Đã ký)*", "**Huỳnh Thị Mỹ Linh**"),
    recipients=(
        "- Bộ LĐTBXH (b/c);",
        "- UBND tỉnh (b/c);",
        "- Các sở, ban ngành tỉnh;",
        "- UBND các huyện, thị xã,",
        "thành phố;",
        "- Lưu: VT, BĐG.",
    ),
    header="two-tables",
    expected=Expected(
        type="ke-hoach",
        number="57/KH-SLĐTBXH",
        date="2021-11-02",
        issuer="Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng",
        parent="Ủy ban nhân dân tỉnh Sóc Trăng",
        place="Sóc Trăng",
        title="Tổ chức triển khai Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở "
        "giới năm 2021",
        recipients=(
            "Bộ LĐTBXH (b/c)",
            "UBND tỉnh (b/c)",
            "Các sở, ban ngành tỉnh",
            "UBND các huyện, thị xã, thành phố",
            "Lưu: VT, BĐG",
        ),
        signer_name="Huỳnh Thị Mỹ Linh",
        signer_title="Phó Giám đốc",
        signer_authority="KT. Giám đốc",
        body_has=(
            "Căn cứ Công văn số 3496/LĐTBXH-BĐG ngày 15/10/2021",
            "**I. MỤC ĐÍCH, YÊU CẦU**",
            "1\\. Nâng cao nhận thức, thay đổi hành vi",
            "**II. NỘI DUNG HOẠT ĐỘNG**",
            "1\\. Chủ đề: “*Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái nhằm thực "
            "hiện bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới*”.",
            "a) Treo băng rôn, khẩu hiệu tại trụ sở các cơ quan, đơn vị;",
            "b) Tuyên truyền trên cổng thông tin điện tử",
            "**III. TỔ CHỨC THỰC HIỆN**",
            "Thương binh và Xã hội **trước ngày 20/12/2021**./.",
        ),
        body_lacks=("KẾ HOẠCH", "Tổ chức triển khai Tháng", "THƯƠNG BINH", "Nơi nhận", "Huỳnh Thị Mỹ Linh", "Đã ký"),
    ),
)

THONG_BAO = Spec(
    name="thong-bao-15",
    parent=("UBND TỈNH SÓC TRĂNG",),
    issuer=("SỞ TÀI CHÍNH",),
    number="Số: 15/TB-STC",
    place_date="Sóc Trăng, ngày 05 tháng 01 năm 2022",
    subject=("Lịch tiếp công dân định kỳ năm 2022 của Giám đốc Sở Tài chính",),
    type_name="THÔNG BÁO",
    addressee=(),
    body=(
        "Thực hiện Luật Tiếp công dân năm 2013, Giám đốc Sở Tài chính thông báo lịch tiếp công dân định kỳ "
        "quý I năm 2022 như sau:",
        BodyTable(
            (
                ("Tháng", "Ngày tiếp", "Người tiếp", "Địa điểm"),
                ("1", "Thứ Năm, 13/01/2022", "Giám đốc Sở", "Phòng tiếp công dân"),
                ("2", "Thứ Năm, 10/02/2022", "Phó Giám đốc Sở", "Phòng tiếp công dân"),
                ("3", "Thứ Năm, 10/3/2022", "Giám đốc Sở", "Phòng tiếp công dân"),
            )
        ),
        "Công dân đến liên hệ mang theo **giấy tờ tùy thân**; khi thay đổi lịch, Văn phòng Sở "
        "*thông báo trước ít nhất 03 ngày*./.",
    ),
    signature=("**GIÁM ĐỐC**", "*(Đã ký)*", "**Nguyễn Văn An**"),
    recipients=("- Ban Tiếp công dân tỉnh;", "- Các phòng thuộc Sở;", "- Cổng TTĐT Sở;", "- Lưu: VT, VP."),
    expected=Expected(
        type="thong-bao",
        number="15/TB-STC",
        date="2022-01-05",
        issuer="Sở Tài chính tỉnh Sóc Trăng",
        parent="Ủy ban nhân dân tỉnh Sóc Trăng",
        place="Sóc Trăng",
        title="Lịch tiếp công dân định kỳ năm 2022 của Giám đốc Sở Tài chính",
        recipients=("Ban Tiếp công dân tỉnh", "Các phòng thuộc Sở", "Cổng TTĐT Sở", "Lưu: VT, VP"),
        signer_name="Nguyễn Văn An",
        signer_title="Giám đốc",
        signer_authority=None,
        body_has=(
            "Thực hiện Luật Tiếp công dân năm 2013",
            "| Tháng | Ngày tiếp | Người tiếp | Địa điểm |\n| --- | --- | --- | --- |\n"
            "| 1 | Thứ Năm, 13/01/2022 | Giám đốc Sở | Phòng tiếp công dân |\n"
            "| 2 | Thứ Năm, 10/02/2022 | Phó Giám đốc Sở | Phòng tiếp công dân |\n"
            "| 3 | Thứ Năm, 10/3/2022 | Giám đốc Sở | Phòng tiếp công dân |",
            "mang theo **giấy tờ tùy thân**; khi thay đổi lịch, Văn phòng Sở *thông báo trước ít nhất 03 ngày*./.",
        ),
        body_lacks=("THÔNG BÁO", "Nơi nhận", "Nguyễn Văn An", "Đã ký", "GIÁM ĐỐC"),
    ),
)

QUYET_DINH = Spec(
    name="quyet-dinh-23",
    parent=(),
    issuer=("ỦY BAN NHÂN DÂN", "TỈNH SÓC TRĂNG"),
    number="Số: 23/QĐ-UBND",
    place_date="Sóc Trăng, ngày 08 tháng 3 năm 2022",
    subject=("Về việc ban hành Quy chế quản lý, sử dụng tài sản công", "tại cơ quan Sở Tài chính tỉnh Sóc Trăng"),
    type_name="QUYẾT ĐỊNH",
    addressee=(),
    body=(
        Centered("**ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG**"),
        "*Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;*",
        "*Căn cứ Luật Quản lý, sử dụng tài sản công ngày 21 tháng 6 năm 2017;*",
        "*Theo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 33/TTr-STC ngày 01 tháng 3 năm 2022.*",
        Centered("**QUYẾT ĐỊNH:**"),
        "**Điều 1.** Ban hành kèm theo Quyết định này Quy chế quản lý, sử dụng tài sản công tại cơ quan Sở Tài "
        "chính tỉnh Sóc Trăng.",
        "**Điều 2.** Quyết định này có hiệu lực thi hành kể từ ngày ký.",
        "**Điều 3.** Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tài chính và Thủ trưởng các cơ quan, đơn vị "
        "có liên quan chịu trách nhiệm thi hành Quyết định này./.",
    ),
    signature=("**TM. ỦY BAN NHÂN DÂN**", "**KT. CHỦ TỊCH**", "**PHÓ CHỦ TỊCH**", "*(Đã ký)*", "**Lê Minh Khoa**"),
    recipients=("- Như Điều 3;", "- TT. Tỉnh ủy, TT. HĐND tỉnh;", "- CT, các PCT UBND tỉnh;", "- Lưu: VT, KT."),
    expected=Expected(
        type="quyet-dinh",
        number="23/QĐ-UBND",
        date="2022-03-08",
        issuer="Ủy ban nhân dân tỉnh Sóc Trăng",
        parent=None,
        place="Sóc Trăng",
        title="Ban hành Quy chế quản lý, sử dụng tài sản công tại cơ quan Sở Tài chính tỉnh Sóc Trăng",
        recipients=("Như Điều 3", "TT. Tỉnh ủy, TT. HĐND tỉnh", "CT, các PCT UBND tỉnh", "Lưu: VT, KT"),
        signer_name="Lê Minh Khoa",
        signer_title="Phó Chủ tịch",
        signer_authority="TM. Ủy ban nhân dân / KT. Chủ tịch",
        body_has=(
            "**ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG**",
            "*Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;*",
            "*Theo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 33/TTr-STC ngày 01 tháng 3 năm 2022.*",
            "**QUYẾT ĐỊNH:**",
            "**Điều 1.** Ban hành kèm theo Quyết định này Quy chế quản lý, sử dụng tài sản công",
            "**Điều 2.** Quyết định này có hiệu lực thi hành kể từ ngày ký.",
            "**Điều 3.** Chánh Văn phòng Ủy ban nhân dân tỉnh",
        ),
        body_lacks=("Về việc", "TM.", "KT.", "PHÓ CHỦ TỊCH", "Lê Minh Khoa", "Nơi nhận", "Như Điều 3", "Đã ký"),
    ),
)

CONG_VAN_TL = Spec(
    name="cong-van-105",
    parent=("UBND TỈNH SÓC TRĂNG",),
    issuer=("SỞ TÀI CHÍNH",),
    number="Số: 105/STC-VP",
    place_date="Sóc Trăng, ngày 20 tháng 4 năm 2022",
    subject=("V/v cập nhật thông tin cán bộ, công chức", "trên Hệ thống quản lý văn bản"),
    type_name=None,
    addressee=("Kính gửi:", "- Các phòng chuyên môn thuộc Sở;", "- Thanh tra Sở."),
    body=(
        "Để phục vụ công tác quản lý, Văn phòng Sở đề nghị các phòng chuyên môn và Thanh tra Sở rà soát, cập nhật "
        "thông tin cán bộ, công chức trên Hệ thống quản lý văn bản và điều hành **trước ngày 29/4/2022**.",
        "Đầu mối liên hệ: bà Lâm Thị Ngọc Hân, Văn phòng Sở, điện thoại 0299 3 000 000 (số minh họa)./.",
    ),
    signature=("**TL. GIÁM ĐỐC**", "**CHÁNH VĂN PHÒNG**", "*(đã ký)*", "**Lâm Thị Ngọc Hân**"),
    recipients=("- Như trên;", "- Ban Giám đốc (b/c);", "- Lưu: VT, VP."),
    signature_image=True,
    expected=Expected(
        type="cong-van",
        number="105/STC-VP",
        date="2022-04-20",
        issuer="Sở Tài chính tỉnh Sóc Trăng",
        parent="Ủy ban nhân dân tỉnh Sóc Trăng",
        place="Sóc Trăng",
        title="Cập nhật thông tin cán bộ, công chức trên Hệ thống quản lý văn bản",
        recipients=("Như trên", "Ban Giám đốc (b/c)", "Lưu: VT, VP"),
        signer_name="Lâm Thị Ngọc Hân",
        signer_title="Chánh Văn phòng",
        signer_authority="TL. Giám đốc",
        body_has=(
            "Kính gửi:\n\n\\- Các phòng chuyên môn thuộc Sở;\n\n\\- Thanh tra Sở.",
            "trên Hệ thống quản lý văn bản và điều hành **trước ngày 29/4/2022**.",
            "Đầu mối liên hệ: bà Lâm Thị Ngọc Hân, Văn phòng Sở",
        ),
        body_lacks=("V/v", "TL.", "CHÁNH VĂN PHÒNG", "Nơi nhận", "đã ký", "Ban Giám đốc (b/c)"),
    ),
)

BAO_CAO_NFD = Spec(
    name="bao-cao-120-nfd",
    parent=("UBND TỈNH SÓC TRĂNG",),
    issuer=("SỞ TÀI CHÍNH",),
    number="Số: 120/BC-STC",
    place_date="Sóc Trăng, ngày 17 tháng 12 năm 2021",
    subject=(
        "Kết quả hưởng ứng Tháng hành động vì bình đẳng giới",
        "và phòng, chống bạo lực trên cơ sở giới năm 2021",
    ),
    type_name="BÁO CÁO",
    addressee=(),
    body=(
        "Thực hiện Công văn số 2768/STC-VP ngày 11/11/2021 của Sở Tài chính, các phòng chuyên môn đã hưởng ứng "
        "Tháng hành động; Sở Tài chính báo cáo kết quả như sau:",
        "**1. Công tác tuyên truyền**",
        "- Treo 02 băng rôn tại trụ sở cơ quan;",
        "- Đăng 03 tin, bài trên Cổng Thông tin điện tử của Sở.",
        "**2. Đánh giá chung**",
        "Các hoạt động được triển khai *kịp thời, đúng chủ đề* của Tháng hành động./.",
    ),
    signature=("**KT. GIÁM ĐỐC**", "**PHÓ GIÁM ĐỐC**", "*(Đã ký)*", "**Trần Quốc Sở**"),
    recipients=("- Sở LĐTBXH;", "- Ban Giám đốc;", "- Lưu: VT, VP."),
    nfd=True,
    expected=Expected(
        type="bao-cao",
        number="120/BC-STC",
        date="2021-12-17",
        issuer="Sở Tài chính tỉnh Sóc Trăng",
        parent="Ủy ban nhân dân tỉnh Sóc Trăng",
        place="Sóc Trăng",
        title="Kết quả hưởng ứng Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới năm 2021",
        recipients=("Sở LĐTBXH", "Ban Giám đốc", "Lưu: VT, VP"),
        signer_name="Trần Quốc Sở",
        signer_title="Phó Giám đốc",
        signer_authority="KT. Giám đốc",
        body_has=(
            "Thực hiện Công văn số 2768/STC-VP ngày 11/11/2021 của Sở Tài chính",
            "**1. Công tác tuyên truyền**",
            "\\- Treo 02 băng rôn tại trụ sở cơ quan;",
            "\\- Đăng 03 tin, bài trên Cổng Thông tin điện tử của Sở.",
            "**2. Đánh giá chung**",
            "Các hoạt động được triển khai *kịp thời, đúng chủ đề* của Tháng hành động./.",
        ),
        body_lacks=("BÁO CÁO", "Nơi nhận", "Trần Quốc Sở", "Đã ký"),
    ),
)

GIAY_MOI = Spec(
    name="giay-moi-07",
    parent=("UBND TỈNH SÓC TRĂNG",),
    issuer=("SỞ TÀI CHÍNH",),
    number="Số: 07/GM-STC",
    place_date="Sóc Trăng, ngày 03 tháng 3 năm 2023",
    subject=("Dự tập huấn sử dụng chữ ký số và gửi, nhận văn bản điện tử",),
    type_name="GIẤY MỜI",
    addressee=("Kính gửi: Trưởng các phòng chuyên môn thuộc Sở.",),
    body=(
        "Sở Tài chính trân trọng kính mời đại diện lãnh đạo và công chức phụ trách văn thư của các phòng dự tập huấn:",
        "- Thời gian: **08 giờ 00, ngày 09/3/2023** (thứ Năm).",
        "- Địa điểm: Hội trường Sở Tài chính.",
        "Rất mong quý đại biểu tham dự đúng thời gian./.",
    ),
    signature=("**Q. GIÁM ĐỐC**", "*(Đã ký)*", "**Nguyễn Văn An**"),
    recipients=("- Như trên;", "- Lưu: VT, VP."),
    header="text-boxes",
    expected=Expected(
        type="giay-moi",
        number="07/GM-STC",
        date="2023-03-03",
        issuer="Sở Tài chính tỉnh Sóc Trăng",
        parent="Ủy ban nhân dân tỉnh Sóc Trăng",
        place="Sóc Trăng",
        title="Dự tập huấn sử dụng chữ ký số và gửi, nhận văn bản điện tử",
        recipients=("Như trên", "Lưu: VT, VP"),
        signer_name="Nguyễn Văn An",
        signer_title="Q. Giám đốc",
        signer_authority=None,
        body_has=(
            "Kính gửi: Trưởng các phòng chuyên môn thuộc Sở.",
            "Sở Tài chính trân trọng kính mời",
            "\\- Thời gian: **08 giờ 00, ngày 09/3/2023** (thứ Năm).",
            "\\- Địa điểm: Hội trường Sở Tài chính.",
            "Rất mong quý đại biểu tham dự đúng thời gian./.",
        ),
        body_lacks=("GIẤY MỜI", "CỘNG HÒA", "Số:", "Nơi nhận", "Q. GIÁM ĐỐC", "Nguyễn Văn An"),
    ),
)

# Every document that imports; CONG_VAN_UNISSUED is the error case.
DOCUMENTS = (CONG_VAN, KE_HOACH, THONG_BAO, QUYET_DINH, CONG_VAN_TL, BAO_CAO_NFD, GIAY_MOI)


# --------------------------------------------------------------------------- markup


def runs(text: str) -> list[tuple[str, bool, bool]]:
    """The small markup as (text, bold, italic) runs."""
    out = []
    for piece in _MARKUP.split(text):
        if not piece:
            continue
        if piece.startswith("***") and piece.endswith("***") and len(piece) > 6:
            out.append((piece[3:-3], True, True))
        elif piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            out.append((piece[2:-2], True, False))
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            out.append((piece[1:-1], False, True))
        else:
            out.append((piece, False, False))
    return out


def _plain(text: str) -> str:
    return "".join(piece for piece, _b, _i in runs(text))


def _form(spec: Spec, text: str) -> str:
    return unicodedata.normalize("NFD", text) if spec.nfd else text


# --------------------------------------------------------------------------- Word


def signature_png() -> bytes:
    """A small drawn signature, as scanned signatures are pasted into documents."""
    image = Image.new("RGB", (240, 90), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(10, 60), (60, 20), (90, 70), (140, 25), (190, 65), (230, 30)], fill=(20, 40, 160), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def write_docx(spec: Spec, path: Path) -> Path:
    """The document as a .docx: Times New Roman 13 pt, A4, NĐ 30 margins."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    text = lambda value: _form(spec, value)  # noqa: E731 - the one transformation of every text

    left = [*((line, False) for line in spec.parent), *((f"**{line}**", False) for line in spec.issuer)]
    number_and_subject = [(spec.number, False)] + ([("\n".join(spec.subject), False)] if spec.type_name is None else [])
    right_top = [(f"**{NATIONAL_NAME}**", False), (f"**{MOTTO}**", False)]
    right_date = [(f"*{spec.place_date}*", False)]
    if spec.header == "text-boxes":
        _text_box_header(document, [*left, *number_and_subject], [*right_top, *right_date], text)
    elif spec.header == "two-tables":
        _header_table(document, [left, right_top], text)
        _header_table(document, [number_and_subject, right_date], text)
    else:
        _header_table(document, [[*left, *number_and_subject], [*right_top, *right_date]], text)

    if spec.type_name:
        _paragraph(document, f"**{spec.type_name}**", text, centered=True, space_before=12)
        for line in spec.subject:
            _paragraph(document, f"**{line}**", text, centered=True)
    for line in spec.addressee:
        _paragraph(document, line, text, centered=not line.startswith("-"), space_before=12 if "gửi" in line else 0)
    for item in spec.body:
        if isinstance(item, BodyTable):
            _body_table(document, item, text)
        elif isinstance(item, Centered):
            _paragraph(document, item.text, text, centered=True, space_before=6)
        else:
            _paragraph(document, item, text, indent=True)
    _closing_table(document, spec, text)
    document.save(str(path))
    return path


def _paragraph(container, line: str, text, *, centered=False, indent=False, space_before=0, size=None):
    paragraph = container.add_paragraph()
    if centered:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.space_after = Pt(6 if indent else 0)
    _add_runs(paragraph, line, text, size)
    return paragraph


def _add_runs(paragraph, line: str, text, size=None) -> None:
    for piece, bold, italic in runs(line):
        for k, part in enumerate(piece.split("\n")):
            run = paragraph.add_run()
            if k:
                run.add_break()
            run.add_text(text(part))
            run.bold = bold or None
            run.italic = italic or None
            if size:
                run.font.size = Pt(size)


def _cell_paragraphs(cell, lines, text, size=None) -> None:
    first = True
    for line, _ in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_runs(paragraph, line, text, size)


def _header_table(document, columns, text) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, (Cm(6.5), Cm(10)), strict=True):
        cell.width = width
    for cell, lines in zip(table.rows[0].cells, columns, strict=True):
        _cell_paragraphs(cell, lines, text)


def _body_table(document, item: BodyTable, text) -> None:
    table = document.add_table(rows=len(item.rows), cols=len(item.rows[0]))
    table.style = document.styles["Table Grid"]
    for r, row in enumerate(item.rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            _add_runs(cell.paragraphs[0], f"**{value}**" if r == 0 else value, text)


def _closing_table(document, spec: Spec, text) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    lines = [("***Nơi nhận:***", False), *((line, False) for line in spec.recipients)]
    first = True
    for line, _ in lines:
        paragraph = left.paragraphs[0] if first else left.add_paragraph()
        first = False
        _add_runs(paragraph, line, text, size=11 if not line.startswith("*") else 12)
    first = True
    for line in spec.signature:
        paragraph = right.paragraphs[0] if first else right.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line.startswith("*(") and spec.signature_image:
            _add_runs(paragraph, line, text)
            right.add_paragraph().add_run().add_picture(io.BytesIO(signature_png()), width=Cm(3))
            continue
        _add_runs(paragraph, line, text)


_WPS_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
  <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{z}" behindDoc="0" locked="0"
    layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
    <wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>
    <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
    <wp:extent cx="{cx}" cy="1700000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>
    <wp:docPr id="{z}" name="Hộp văn bản {z}"/><wp:cNvGraphicFramePr/>
    <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
      <wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="1700000"/></a:xfrm>
        <a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></wps:spPr>
        <wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
    </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape style="position:absolute;margin-left:{pt}pt;width:{wpt}pt;height:134pt">
    <v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent></w:r>"""


def _box_paragraphs(lines, text) -> str:
    """Text-box paragraphs as WordprocessingML: centred, bold and italic runs, breaks."""
    out = []
    for line, _ in lines:
        runs_xml = []
        for piece, bold, italic in runs(line):
            for k, part in enumerate(piece.split("\n")):
                props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
                brk = "<w:br/>" if k else ""
                runs_xml.append(
                    f'<w:r><w:rPr>{props}</w:rPr>{brk}<w:t xml:space="preserve">{html.escape(text(part))}</w:t></w:r>'
                )
        out.append(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{"".join(runs_xml)}</w:p>')
    return "".join(out)


def _text_box_header(document, left, right, text) -> None:
    """The header as two text boxes anchored in one empty paragraph (DrawingML, with the VML
    copy old Word reads)."""
    paragraph = document.add_paragraph()
    boxes = ((0, 2_340_000, left, 1), (2_520_000, 3_600_000, right, 2))
    for x, cx, lines, z in boxes:
        xml = _WPS_BOX.format(x=x, cx=cx, z=z, pt=x / 12700, wpt=cx / 12700, content=_box_paragraphs(lines, text))
        paragraph._p.append(parse_xml(xml))


# --------------------------------------------------------------------------- HTML and PDF


def _inline_html(spec: Spec, line: str) -> str:
    parts = []
    for piece, bold, italic in runs(line):
        value = html.escape(_form(spec, piece)).replace("\n", "<br>")
        if italic:
            value = f"<i>{value}</i>"
        if bold:
            value = f"<b>{value}</b>"
        parts.append(value)
    return "".join(parts)


def _font_faces() -> str:
    """The repository's own Be Vietnam Pro (every Vietnamese letter, in four faces), so the PDFs
    are the same on every machine."""
    faces = (
        ("normal", "normal", "BeVietnamPro_400Regular.ttf"),
        ("bold", "normal", "BeVietnamPro_700Bold.ttf"),
        ("normal", "italic", "BeVietnamPro_400Regular_Italic.ttf"),
        ("bold", "italic", "BeVietnamPro_700Bold_Italic.ttf"),
    )
    return "\n".join(
        f"@font-face {{ font-family: 'Doc'; font-weight: {w}; font-style: {s}; src: url('{(FONTS / f).as_uri()}'); }}"
        for w, s, f in faces
    )


_CSS = """
@page { size: A4; margin: 2cm 1.5cm 2cm 3cm; }
body { font-family: 'Doc'; font-size: 12pt; line-height: 1.25; margin: 0; }
p { margin: 0; }
table.cols { width: 100%; border-collapse: collapse; }
table.cols td { vertical-align: top; text-align: center; padding: 0; }
table.cols td.left { width: 38%; }
.rule { width: 30%; margin: 2pt auto 4pt; border-top: 1px solid #000; height: 0; }
.boxes { position: relative; height: 4.6cm; }
.boxes .box { position: absolute; top: 0; text-align: center; }
.type { text-align: center; font-weight: bold; font-size: 14pt; margin-top: 12pt; }
.subject { text-align: center; font-weight: bold; }
.addressee { text-align: center; margin: 12pt 0 6pt; }
.addressee.item { text-align: left; margin: 0 0 0 3cm; }
.body { text-align: justify; text-indent: 1cm; margin: 0 0 6pt; }
.centered { text-align: center; margin: 6pt 0; }
table.grid { width: 100%; border-collapse: collapse; margin: 0 0 6pt; }
table.grid td, table.grid th { border: 1px solid #000; padding: 2pt 4pt; font-size: 12pt; vertical-align: top; }
table.closing { width: 100%; border-collapse: collapse; margin-top: 12pt; }
table.closing td { vertical-align: top; padding: 0; }
table.closing td.left { width: 48%; font-size: 11pt; }
table.closing td.left .label { font-size: 12pt; }
table.closing td.right { text-align: center; }
.signed { margin: 18pt 0; }
img.signature { width: 3cm; display: block; margin: 0 auto; }
"""


def document_html(spec: Spec, image_url: str | None = None) -> str:
    """The document as an HTML page with the NĐ 30 layout, to print to PDF."""
    h = lambda line: _inline_html(spec, line)  # noqa: E731
    left = [f"<p>{h(line)}</p>" for line in spec.parent] + [f"<p><b>{h(line)}</b></p>" for line in spec.issuer]
    left.append('<div class="rule"></div>')
    number = [f"<p>{h(spec.number)}</p>"]
    if spec.type_name is None:
        number.append(f"<p>{h(chr(10).join(spec.subject))}</p>")
    right_top = [f"<p><b>{h(NATIONAL_NAME)}</b></p>", f"<p><b>{h(MOTTO)}</b></p>", '<div class="rule"></div>']
    right_date = [f"<p><i>{h(spec.place_date)}</i></p>"]
    if spec.header == "text-boxes":
        header = (
            '<div class="boxes">'
            f'<div class="box" style="left:0;width:38%">{"".join(left + number)}</div>'
            f'<div class="box" style="left:40%;width:60%">{"".join(right_top + right_date)}</div></div>'
        )
    elif spec.header == "two-tables":
        header = "".join(
            f'<table class="cols"><tr><td class="left">{"".join(a)}</td><td>{"".join(b)}</td></tr></table>'
            for a, b in ((left, right_top), (number, right_date))
        )
    else:
        header = (
            f'<table class="cols"><tr><td class="left">{"".join(left + number)}</td>'
            f"<td>{''.join(right_top + right_date)}</td></tr></table>"
        )
    parts = [header]
    if spec.type_name:
        parts.append(f'<p class="type">{h(spec.type_name)}</p>')
        parts += [f'<p class="subject">{h(line)}</p>' for line in spec.subject]
    for line in spec.addressee:
        kind = "addressee item" if line.startswith("-") else "addressee"
        parts.append(f'<p class="{kind}">{h(line)}</p>')
    for item in spec.body:
        if isinstance(item, BodyTable):
            head = "".join(f"<th>{h(cell)}</th>" for cell in item.rows[0])
            rows = "".join("<tr>" + "".join(f"<td>{h(c)}</td>" for c in row) + "</tr>" for row in item.rows[1:])
            parts.append(f'<table class="grid"><tr>{head}</tr>{rows}</table>')
        elif isinstance(item, Centered):
            parts.append(f'<p class="centered">{h(item.text)}</p>')
        else:
            parts.append(f'<p class="body">{h(item)}</p>')
    recipients = "".join(f"<p>{h(line)}</p>" for line in spec.recipients)
    signature = []
    for line in spec.signature:
        if line.startswith("*("):
            signature.append(f'<p class="signed">{h(line)}</p>')
            if spec.signature_image and image_url:
                signature.append(f'<img class="signature" src="{image_url}" alt="">')
        else:
            signature.append(f"<p>{h(line)}</p>")
    parts.append(
        '<table class="closing"><tr>'
        f'<td class="left"><p class="label"><b><i>{h("Nơi nhận:")}</i></b></p>{recipients}</td>'
        f'<td class="right">{"".join(signature)}</td></tr></table>'
    )
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<style>{_font_faces()}{_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


def print_pdf(browser, spec: Spec, folder: Path) -> Path:
    """The document printed to PDF by Chromium, from its HTML in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    image = folder / "signature.png"
    if not image.exists():
        image.write_bytes(signature_png())
    page_file = folder / f"{spec.name}.html"
    page_file.write_text(document_html(spec, image.as_uri()), encoding="utf-8")
    target = folder / f"{spec.name}.pdf"
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        page.pdf(path=str(target), format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    return target


def print_scan(browser, spec: Spec, folder: Path) -> Path:
    """A "scanned" PDF: a page holding only a screenshot of the document, so no text layer."""
    folder.mkdir(parents=True, exist_ok=True)
    page_file = folder / f"{spec.name}-for-scan.html"
    page_file.write_text(document_html(spec), encoding="utf-8")
    page = browser.new_page(viewport={"width": 794, "height": 1123})
    try:
        page.goto(page_file.as_uri())
        shot = folder / "scan.png"
        page.screenshot(path=str(shot))
        holder = folder / "scan.html"
        image = f'<img src="{shot.as_uri()}" style="display:block;width:90%">'
        holder.write_text(f'<!doctype html><html><body style="margin:0">{image}</body></html>', encoding="utf-8")
        page.goto(holder.as_uri())
        target = folder / "ban-quet.pdf"
        page.pdf(path=str(target), format="A4")
    finally:
        page.close()
    return target
