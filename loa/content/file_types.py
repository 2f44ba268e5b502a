"""Which files a portal may publish, and whether a file's bytes are what its name says.

A file is served from the portal's own origin with the type its extension gives it: an
`.html`, `.svg` or `.js` file runs script as the portal, and an `.html` page renamed `.pdf`
is still a page to a browser that sniffs. So only document and image types are published,
and downloads are checked by their first bytes ("magic numbers"). Image sizes are read from
the header (PNG IHDR, JPEG SOF) so that no image is ever decoded to be checked.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

# What an announcement may attach: the documents and images a portal publishes, and CSV for
# open data (the demo publishes its budget figures as CSV).
ATTACHMENT_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip", "jpg", "jpeg", "png", "csv")
# Everything else MkDocs may copy from docs/: pages, images of pages, robots.txt, the favicon.
PAGE_FILE_TYPES = (*ATTACHMENT_TYPES, "md", "gif", "webp", "txt", "ico")
# The files of a campaign kit, offered for download: SVG too, once checked to be inert.
KIT_FILE_TYPES = (*ATTACHMENT_TYPES, "gif", "webp", "txt", "svg")
# Types a browser runs or renders as active content; named as such in messages.
ACTIVE_TYPES = frozenset(
    {"html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs", "wasm", "swf", "jar"}
    | {"exe", "msi", "dll", "bat", "cmd", "com", "scr", "vbs", "ps1", "sh", "php", "asp", "aspx", "jsp", "hta"}
)

_PNG = b"\x89PNG\r\n\x1a\n"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # an archive, or an empty one; docx, xlsx, odt, ods are zip archives
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # the compound file of .doc and .xls
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (_PNG,),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "ico": (b"\x00\x00\x01\x00",),
    "zip": _ZIP,
    "docx": _ZIP[:1],
    "xlsx": _ZIP[:1],
    "odt": _ZIP[:1],
    "ods": _ZIP[:1],
    "doc": _OLE,
    "xls": _OLE,
}
TEXT_TYPES = frozenset({"csv", "txt"})  # UTF-8 text without NUL bytes
IMAGE_SIZE_TYPES = frozenset({"png", "jpg", "jpeg"})

# What a file's first bytes say it is, for messages ("nội dung là HTML, không phải PDF").
_SNIFFED = (
    (b"%PDF-", "PDF"),
    (_PNG, "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"PK\x03\x04", "ZIP"),
    (_OLE[0], "tài liệu Office cũ (doc/xls)"),
    (b"MZ", "chương trình Windows (exe)"),
    (b"\x7fELF", "chương trình Linux"),
)
_MARKUP = re.compile(rb"^\s*<(?:!doctype\s+html|html|head|body|script|svg|\?xml|!--|[a-z])", re.I)
_TEXT_CHUNK = 1024 * 1024


def extension(name: str) -> str:
    """The lowercase extension of a file name without its dot, or "" when there is none."""
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def describe_type(ext: str) -> str:
    """How a refused type is named in a message."""
    if not ext:
        return "một tệp không có phần mở rộng"
    if ext in ACTIVE_TYPES:
        return f"tệp .{ext} (nội dung chủ động: trình duyệt chạy được nó trên tên miền của cổng)"
    return f"tệp .{ext}"


def content_problem(path: Path, ext: str) -> str | None:
    """Why the bytes of `path` are not a file of type `ext`, or None when they are (or `ext`
    has no signature to check)."""
    if ext in TEXT_TYPES:
        return _text_problem(path)
    signatures = SIGNATURES.get(ext)
    if signatures is None:
        return None
    with path.open("rb") as stream:
        head = stream.read(64)
    if any(head.startswith(signature) for signature in signatures):
        return None
    return f"nội dung {sniff(head)}, không phải tệp {ext.upper()}"


def sniff(head: bytes) -> str:
    """What the first bytes of a file look like, said for a message."""
    if not head:
        return "rỗng"
    body = head.removeprefix(b"\xef\xbb\xbf")
    for signature, kind in _SNIFFED:
        if body.startswith(signature):
            return f"là {kind}"
    if _MARKUP.match(body):
        return "là HTML/XML"
    return "không rõ loại"


def _text_problem(path: Path) -> str | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as stream:
        while chunk := stream.read(_TEXT_CHUNK):
            if b"\x00" in chunk:
                return "nội dung nhị phân (có byte NUL), không phải chữ UTF-8"
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "nội dung không phải chữ UTF-8"
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "nội dung không phải chữ UTF-8"
    return None


def image_size(path: Path, ext: str) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG from its header, without decoding; None when the
    header cannot be read."""
    with path.open("rb") as stream:
        if ext == "png":
            return _png_size(stream.read(24))
        return _jpeg_size(stream)


def _png_size(head: bytes) -> tuple[int, int] | None:
    # signature, then the IHDR chunk: length (4), "IHDR", width (4), height (4)
    if len(head) < 24 or not head.startswith(_PNG) or head[12:16] != b"IHDR":
        return None
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    return (width, height) if width and height else None


# Start-of-frame markers carry the size; C4 (Huffman tables), C8 (reserved) and CC (arithmetic
# coding conditions) share the range but are not frames.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})  # TEM, RSTn, SOI: no length
_JPEG_MAX_SEGMENTS = 1000


def _jpeg_size(stream) -> tuple[int, int] | None:
    if stream.read(2) != b"\xff\xd8":
        return None
    for _ in range(_JPEG_MAX_SEGMENTS):
        if stream.read(1) != b"\xff":
            return None
        marker = stream.read(1)
        while marker == b"\xff":  # fill bytes
            marker = stream.read(1)
        if not marker:
            return None
        code = marker[0]
        if code in _JPEG_STANDALONE:
            continue
        if code in (0xD9, 0xDA):  # end of image, or the scan began before any frame header
            return None
        length_bytes = stream.read(2)
        if len(length_bytes) < 2:
            return None
        length = int.from_bytes(length_bytes, "big")
        if length < 2:
            return None
        if code in _JPEG_FRAMES:
            frame = stream.read(5)  # precision, height, width
            if len(frame) < 5:
                return None
            height, width = int.from_bytes(frame[1:3], "big"), int.from_bytes(frame[3:5], "big")
            return (width, height) if width and height else None
        stream.seek(length - 2, 1)
    return None


# An SVG is published as image/svg+xml and runs its scripts when opened: it must be a drawing.
_SVG_RULES = (
    (re.compile(r"<\s*script\b", re.I), "thẻ <script>"),
    (re.compile(r"<\s*foreignObject\b", re.I), "thẻ <foreignObject> (nhúng HTML)"),
    (re.compile(r"<\s*(?:iframe|embed|object)\b", re.I), "thẻ nhúng (<iframe>, <embed>, <object>)"),
    (re.compile(r"<!\s*(?:DOCTYPE|ENTITY)\b", re.I), "khai báo <!DOCTYPE>/<!ENTITY>"),
    (re.compile(r"javascript\s*:", re.I), "liên kết 'javascript:'"),
    (re.compile(r"@import\b", re.I), "@import trong CSS"),
)
_SVG_EVENT = re.compile(r"""[\s/"'](on[a-z]+)\s*=""", re.I)
_SVG_LINK = re.compile(r"""\b(?:xlink:)?(?:href|src)\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_SVG_CSS_URL = re.compile(r"""url\(\s*["']?\s*([^)"'\s]*)""", re.I)


def svg_problems(text: str) -> list[str]:
    """What makes an SVG more than a drawing: scripts, event handlers, links out of the file."""
    problems = [label for pattern, label in _SVG_RULES if pattern.search(text)]
    events = sorted({match.group(1).lower() for match in _SVG_EVENT.finditer(text)})
    if events:
        problems.append("thuộc tính sự kiện " + ", ".join(events))
    for match in _SVG_LINK.finditer(text):
        if not match.group(2).strip().startswith("#"):
            problems.append(f"liên kết ra ngoài tệp '{match.group(2).strip()[:80]}'")
    for match in _SVG_CSS_URL.finditer(text):
        if not match.group(1).startswith("#"):
            problems.append(f"url() ra ngoài tệp '{match.group(1)[:80]}'")
    return problems
