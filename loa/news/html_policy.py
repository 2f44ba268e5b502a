"""What HTML an announcement body may carry onto the agency's pages.

Bodies may use plain HTML (tables, line breaks, sub- and superscripts…), but nothing that
runs code, loads from another host or escapes the page's Content-Security-Policy: scripts,
frames and plug-ins, event handlers, `javascript:`/`data:` URLs, inline styles, forms. Each
finding is a `Violation` that the news section reports as an error naming file and line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Elements that run code, embed another document, change the page's base or submit data.
FORBIDDEN_ELEMENTS = {
    "script": "mã chạy trên trang",
    "noscript": "phần dành cho trình duyệt tắt JavaScript",
    "iframe": "khung nhúng trang khác",
    "frame": "khung nhúng trang khác",
    "frameset": "khung nhúng trang khác",
    "object": "đối tượng nhúng (plug-in)",
    "embed": "đối tượng nhúng (plug-in)",
    "applet": "đối tượng nhúng (plug-in)",
    "base": "thẻ đổi địa chỉ gốc của trang",
    "meta": "thẻ meta (chuyển hướng, mã hóa)",
    "link": "thẻ nạp tài nguyên",
    "style": "khối CSS (bị chính sách bảo mật nội dung CSP chặn)",
    "form": "biểu mẫu gửi dữ liệu",
    "input": "ô nhập liệu",
    "button": "nút bấm",
    "select": "ô chọn",
    "textarea": "ô nhập liệu",
    "template": "mẫu HTML ẩn",
}
# Attributes whose value is fetched or followed as a URL.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "cite", "longdesc"}
    | {"manifest", "ping", "lowsrc", "dynsrc", "srcset", "imagesrcset"}
)
# Elements whose URL the browser fetches at once (not links the reader follows).
_LOADING_ELEMENTS = frozenset({"img", "audio", "video", "source", "track", "picture", "input", "image"})
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
# Browsers drop these anywhere in a URL before reading its scheme ("java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
ALLOWED_SCHEMES_EXPECTED = "liên kết http(s)://, mailto:, tel: hoặc đường dẫn tới tệp, trang trên cổng"


def _shown(value: str, limit: int = 80) -> str:
    """A value as an error shows it: control characters visible, long values cut."""
    visible = "".join(f"\\x{ord(ch):02x}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in value)
    return visible if len(visible) <= limit else visible[:limit] + "…"


@dataclass(frozen=True)
class Violation:
    """One thing in a body that may not be published; `snippet` helps to find its line."""

    found: str
    expected: str
    snippet: str


def url_scheme_violation(url: str) -> str | None:
    """The forbidden scheme of a URL ("javascript:"), or None."""
    cleaned = _URL_NOISE.sub("", html.unescape(url)).lower()
    return next((scheme for scheme in _BAD_SCHEMES if cleaned.startswith(scheme)), None)


def _external_host(url: str) -> str | None:
    parts = urlsplit(_URL_NOISE.sub("", url))
    if parts.netloc or url.strip().startswith("//"):
        return parts.hostname or parts.netloc
    return None


def check_element(
    tag: str, attributes: Iterable[tuple[str, str | None]], embed_hosts: Collection[str]
) -> list[Violation]:
    """Violations of one element (from raw HTML or from Markdown with attribute lists)."""
    tag = tag.lower()
    attributes = [(name.lower(), html.unescape(value or ""), value or "") for name, value in attributes]
    found: list[Violation] = []
    if tag == "iframe":
        src = next((value for name, value, _ in attributes if name == "src"), "")
        host = _external_host(src)
        if host is None or host.lower() not in {h.lower() for h in embed_hosts} or not src.strip().startswith("https:"):
            allowed = ", ".join(sorted(embed_hosts)) or "danh sách đang trống"
            found.append(
                Violation(
                    f"thẻ <iframe> nhúng '{_shown(src) or '(không có src)'}'",
                    "chỉ nhúng iframe https:// từ máy chủ trong plugins.loa.embed_hosts của mkdocs.yml "
                    f"({allowed}); nếu không, đặt liên kết thay cho khung nhúng",
                    "<iframe",
                )
            )
    elif tag in FORBIDDEN_ELEMENTS:
        found.append(
            Violation(
                f"thẻ <{tag}> ({FORBIDDEN_ELEMENTS[tag]})",
                "HTML thường (đoạn, bảng, danh sách, liên kết, ảnh trên cổng); bỏ thẻ này",
                f"<{tag}",
            )
        )
    for name, value, written in attributes:
        if name.startswith("on"):
            found.append(
                Violation(
                    f'thuộc tính sự kiện {name}="{_shown(value)}" trên thẻ <{tag}>',
                    "HTML không có thuộc tính on… (mã chạy khi người đọc thao tác)",
                    name,
                )
            )
        elif name == "style":
            found.append(
                Violation(
                    f'thuộc tính style="{_shown(value)}" trên thẻ <{tag}>',
                    "định dạng bằng Markdown, không dùng style (bị chính sách bảo mật nội dung CSP chặn)",
                    "style",
                )
            )
        elif name in URL_ATTRIBUTES:
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name else [value]
            for url in urls:
                scheme = url_scheme_violation(url)
                if scheme:
                    shown = f'địa chỉ {scheme} trong {name}="{_shown(value)}"'
                    found.append(Violation(shown, ALLOWED_SCHEMES_EXPECTED, written.strip()[:40] or name))
                elif tag in _LOADING_ELEMENTS and _external_host(url):
                    found.append(
                        Violation(
                            f"<{tag}> nạp '{_shown(url)}' từ máy chủ bên ngoài",
                            "ảnh, tệp đặt trong docs/ (cổng không tải gì từ máy chủ khác)",
                            url[:40],
                        )
                    )
    return found


class _RawHtmlScanner(HTMLParser):
    """Collects the violations of a fragment of raw HTML."""

    def __init__(self, embed_hosts: Collection[str]):
        super().__init__(convert_charrefs=True)
        self.embed_hosts = embed_hosts
        self.violations: list[Violation] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.violations += check_element(tag, attrs, self.embed_hosts)

    handle_startendtag = handle_starttag


def check_raw_html(fragment: str, embed_hosts: Collection[str] = ()) -> list[Violation]:
    """Violations in a piece of raw HTML written in a body."""
    scanner = _RawHtmlScanner(embed_hosts)
    scanner.feed(fragment)
    scanner.close()
    return scanner.violations
