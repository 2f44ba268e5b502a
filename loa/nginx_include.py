"""The nginx include a Sở puts in its own `server { … }` block: security headers, gzip and caching.

It is made from the built site, not from MkDocs, so that the Content-Security-Policy allows
exactly the inline scripts the pages carry (by their sha256 hashes) and nothing else. The same
module writes the small nginx.conf of `loa preview-nginx`, which serves site/ with the include.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import pwd
import re
import shutil
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from loa.build_cache import tree_states
from loa.files import write_atomically
from loa.parallel import chunks, run_jobs

DEFAULT_INCLUDE = Path("dist/nginx/loa-security.conf")
DEFAULT_PREVIEW_DIR = Path(".cache/nginx")
DEFAULT_PREVIEW_PORT = 8080
MIME_TYPES = Path("/etc/nginx/mime.types")  # Debian's nginx

# A host announcements may embed (plugins.loa.embed_hosts): a DNS name, any case.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
EMBED_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$", re.IGNORECASE)

# <script type=…> values a browser runs (and CSP checks); any other type is a data block.
_EXECUTABLE_SCRIPT_TYPES = frozenset(
    {"", "module", "importmap", "speculationrules"}
    | {f"text/{name}" for name in ("javascript", "ecmascript", "jscript", "livescript", "x-javascript")}
    | {f"text/javascript1.{minor}" for minor in range(6)}
    | {"text/x-ecmascript", "application/javascript", "application/ecmascript"}
    | {"application/x-javascript", "application/x-ecmascript"}
)
# A comment or a script, whichever starts first (as HTML reads them: "<!--" in a script is text).
# Over a page's bytes, as they are read: decoding every page cost a fifth of the reading, and only
# its scripts (and a page that may hold blocked code) need to be text.
_COMMENT_OR_SCRIPT = re.compile(
    rb"<!--.*?-->|<script\b(?P<attributes>[^>]*)>(?P<text>.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
# What a browser reads as the end of a tag's name or attribute (HTML's tokenizer): ASCII white
# space and "/", so `<img/onerror=…>` has an attribute onerror. Names match in ASCII case only.
_SEPARATOR = r"[\t\n\f\r /]"
_SPACE = r"[\t\n\f\r ]"
_TAG = re.compile(rf"<(?P<name>[a-zA-Z][\w:-]*)(?P<attributes>{_SEPARATOR}[^>]*)?>")
_STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction"})
_SUSPECT_ATTRIBUTES = re.compile(
    rf"(?:^|{_SEPARATOR})(?:style|on[^\t\n\f\r /=>]*){_SPACE}*=|javascript:", re.IGNORECASE | re.ASCII
)
# An attribute that is inline code, as _SUSPECT_ATTRIBUTES reads it but over a lowered page: a
# name that starts after a separator or at the page's start. Each pattern starts with letters,
# which the regex engine searches fast, and looks behind them for what precedes the name.
_HANDLER_ASSIGNED = re.compile(rb"on(?<![^\t\n\f\r /]on)[^\t\n\f\r /=>]*[\t\n\f\r ]*=")
_STYLE_ASSIGNED = re.compile(rb"style(?<![^\t\n\f\r /]style)[\t\n\f\r ]*=")
_ATTRIBUTE = re.compile(
    rf"""(?P<name>[^\t\n\f\r /"'>=]+)"""
    rf"""(?:{_SPACE}*={_SPACE}*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\t\n\f\r "'=<>`]+)))?"""
)


# --------------------------------------------------------------------------- what the pages carry


@dataclass(frozen=True)
class BlockedInline:
    """Inline code in a built page that the policy blocks: the page would lose it."""

    page: str  # path in the site folder
    what: str  # e.g. 'thuộc tính onclick trên thẻ <button>'

    def __str__(self) -> str:
        return f"{self.page}: {self.what} bị Content-Security-Policy chặn"


@dataclass(frozen=True)
class SiteScripts:
    """The inline scripts of a built site, as CSP hash sources, and the inline code the policy blocks."""

    hashes: tuple[str, ...]  # "'sha256-…'", sorted
    blocked: tuple[BlockedInline, ...]


def _attributes(text: str) -> dict[str, str]:
    found = {}
    for match in _ATTRIBUTE.finditer(text or ""):
        value = next((v for v in match.group("dq", "sq", "bare") if v is not None), "")
        found.setdefault(match.group("name").lower(), value)
    return found


def is_executable_script(attributes: dict[str, str]) -> bool:
    """Whether an inline <script> with these attributes runs (and so needs a hash)."""
    return "src" not in attributes and attributes.get("type", "").strip().lower() in _EXECUTABLE_SCRIPT_TYPES


def script_hash(text: str) -> str:
    """The CSP source for an inline script: sha256 of its text as the browser reads it (UTF-8,
    line breaks normalised to LF, as HTML parsing does)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _may_hold_inline_code(markup: bytes) -> bool:
    """Whether _blocked_in could find anything in the page: a <style> element, "javascript:", or
    an attribute named on… or style given a value after a separator. Searches over the page's
    bytes, many times faster than _SUSPECT_ATTRIBUTES over every tag of every page."""
    return _may_hold_lowered(markup.lower())


def _may_hold_lowered(lowered: bytes) -> bool:
    return (
        b"<style" in lowered
        or b"javascript:" in lowered
        or _HANDLER_ASSIGNED.search(lowered) is not None
        or _STYLE_ASSIGNED.search(lowered) is not None
    )


_STYLE_ELEMENT_BLOCKED = "thẻ <style>"  # said once for a page, first, however many it holds


def _blocked_in(page: str, markup: str) -> list[BlockedInline]:
    """Inline handlers, style attributes, <style> elements and javascript: links of a page."""
    blocked = []
    if _STYLE_ELEMENT.search(markup):
        blocked.append(BlockedInline(page, _STYLE_ELEMENT_BLOCKED))
    for tag in _TAG.finditer(markup):
        if not _SUSPECT_ATTRIBUTES.search(tag.group("attributes") or ""):
            continue  # most tags: read no further
        for name, value in _attributes(tag.group("attributes")).items():
            if name == "style" or name.startswith("on"):
                blocked.append(BlockedInline(page, f'thuộc tính {name}="{value[:40]}" trên thẻ <{tag["name"]}>'))
            elif name in _URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                blocked.append(BlockedInline(page, f"liên kết javascript: trong {name} của thẻ <{tag['name']}>"))
    return blocked


@dataclass(frozen=True)
class PageScripts:
    """What one built page carries: its inline scripts that run, as CSP hash sources, and the
    inline code the policy blocks."""

    hashes: frozenset[str]
    blocked: tuple[BlockedInline, ...]


def scan_page(page: str, raw: bytes) -> PageScripts:
    """The inline scripts and blocked inline code of the page at `page` (its path in the site
    folder) whose bytes are `raw`."""
    return _scan(page, raw)[0]


def _scan(page: str, raw: bytes) -> tuple[PageScripts, bool]:
    """scan_page, and whether the markup leaves a comment, a script or a tag open at its end
    (which a scan of a whole page would read on into what follows it)."""
    hashes: set[str] = set()
    lowered = raw.lower()
    opens = False
    if b"<!--" in lowered or b"<script" in lowered:  # most content has neither
        for script in _COMMENT_OR_SCRIPT.finditer(raw):
            text, attributes = script.group("text", "attributes")  # None for a comment
            if text and is_executable_script(_attributes(attributes.decode("utf-8", errors="replace"))):
                hashes.add(script_hash(text.decode("utf-8", errors="replace")))
        raw = _COMMENT_OR_SCRIPT.sub(b"", raw)
        lowered = raw.lower()
        opens = b"<!--" in lowered or _SCRIPT_START.search(lowered) is not None
    opens = opens or not _closed_before(raw)
    blocked: list[BlockedInline] = []
    if _may_hold_lowered(lowered):
        blocked = _blocked_in(page, raw.decode("utf-8", errors="replace"))
    return PageScripts(frozenset(hashes), tuple(blocked)), opens


class ShellScan:
    """Scans the pages made by filling one shell's slots (the theme's chrome, the same for many
    pages): the shell once, and of each page only what its markup slots (its content) hold,
    whenever that is what scanning the whole page gives. It is when no slot of the shell stands
    in a comment or a script; a markup slot stands between tags, and its value closes all it
    opens; a text slot stands in text where no "<" is left open before it, or is a quoted
    attribute's whole value ('content="…"'), and its value is escaped text (no < > " ') that
    is no javascript: link, so that it can neither open nor close anything, add an attribute
    nor be blocked; and the shell itself carries no blocked code (whose place in the page would
    be lost). Otherwise each page is scanned whole."""

    def __init__(self, parts: Sequence[str], markup_slots: Collection[str]):
        """`parts`: the shell's text and its slots' names in turn (text, name, text, …, text)."""
        self.markup_slots = frozenset(markup_slots)
        texts, names = [part.encode("utf-8") for part in parts[0::2]], list(parts[1::2])
        self.markup_order = [name for name in names if name in self.markup_slots]  # as they stand in a page
        self.shell: PageScripts | None = None
        if len(set(self.markup_order)) == len(self.markup_order) and self._slots_stand_apart(texts, names):
            shell, opens = _scan("", b"".join(texts))
            self.shell = None if shell.blocked or opens else shell

    def _slots_stand_apart(self, texts: list[bytes], names: Sequence[str]) -> bool:
        empty = b"".join(texts)
        hidden = [match.span() for match in _COMMENT_OR_SCRIPT.finditer(empty)]
        tags = [match.span() for match in _TAG_BYTES.finditer(empty)]
        at = 0
        for before, after, name in zip(texts, texts[1:], names, strict=False):
            at += len(before)
            if any(start < at < end for start, end in hidden):
                return False
            in_tag = any(start < at < end for start, end in tags)
            if name in self.markup_slots:
                if in_tag:
                    return False
            elif not (before.endswith(b'="') and after.startswith(b'"') if in_tag else _closed_before(before)):
                return False
        return True

    def scan(self, page: str, values: Mapping[str, bytes], whole: bytes) -> PageScripts:
        """What the page at `page` carries: `values` (encoded) filled the shell's slots, making `whole`."""
        if self.shell is None:
            return scan_page(page, whole)
        if any(_NOT_PLAIN_TEXT.search(value) for name, value in values.items() if name not in self.markup_slots):
            return scan_page(page, whole)
        found = [self.shell]
        for name in self.markup_order:
            scanned, opens = _scan(page, values[name])
            if opens:
                return scan_page(page, whole)
            found.append(scanned)
        hashes = frozenset().union(*(part.hashes for part in found))
        blocked = [item for part in found for item in part.blocked if item.what != _STYLE_ELEMENT_BLOCKED]
        if any(item.what == _STYLE_ELEMENT_BLOCKED for part in found for item in part.blocked):
            blocked.insert(0, BlockedInline(page, _STYLE_ELEMENT_BLOCKED))
        return PageScripts(hashes, tuple(blocked))


_TAG_BYTES = re.compile(rb"<[a-zA-Z][^>]*>")  # a tag, as far as a scan can span one
_NOT_PLAIN_TEXT = re.compile(rb"[<>\"']|javascript:", re.IGNORECASE)
_SCRIPT_START = re.compile(rb"<script\b")  # over lowered bytes


def _closed_before(text: bytes) -> bool:
    """Whether every "<" of `text` is closed by a ">" after it (what follows is not in a tag)."""
    return text.rfind(b"<") < text.rfind(b">") or b"<" not in text


# A page as a build wrote it and scanned it: the file's state then (loa.build_cache.file_state),
# and what it carries. A page whose state has changed since is read again.
KnownPages = Mapping[str, tuple[tuple[int, ...], PageScripts]]


def read_site_scripts(
    site_dir: Path, known: KnownPages | None = None, states: Mapping[str, tuple[int, ...]] | None = None
) -> SiteScripts:
    """Every distinct inline executable script of every built .html file, and the inline code
    that a policy without 'unsafe-inline' blocks. Pages in `known` (what the build scanned as it
    wrote them) are not read again while their files are as the build left them; the others are
    read on every core. `states`: the site's files as tree_states gives them, if known already."""
    known = known or {}
    found: list[PageScripts] = []
    unread: list[str] = []
    for page, state in (tree_states(site_dir) if states is None else states).items():
        if not page.endswith(".html"):
            continue
        scanned = known.get(page)
        if scanned is not None and scanned[0] == state:
            found.append(scanned[1])
        else:
            unread.append(page)
    jobs = [functools.partial(_scripts_of, site_dir, run) for run in chunks(unread, _PAGES_PER_JOB)]
    for run_found in run_jobs(jobs):
        found += run_found
    hashes = {source for page in found for source in page.hashes}
    blocked = sorted((b for page in found for b in page.blocked), key=lambda b: b.page.split("/"))  # as paths sort
    return SiteScripts(tuple(sorted(hashes)), tuple(blocked))


_PAGES_PER_JOB = 200


def _scripts_of(site_dir: Path, pages: Sequence[str]) -> list[PageScripts]:
    return [scan_page(page, (site_dir / page).read_bytes()) for page in pages]


# --------------------------------------------------------------------------- the headers


def check_embed_hosts(embed_hosts: Iterable[object]) -> list[str]:
    """What is wrong with plugins.loa.embed_hosts (each a host name such as www.youtube-nocookie.com)."""
    return [
        f"mkdocs.yml: plugins.loa.embed_hosts: gặp {host!r}; cần tên máy chủ, ví dụ www.youtube-nocookie.com"
        for host in embed_hosts
        if not isinstance(host, str) or not EMBED_HOST.match(host)
    ]


def content_security_policy(script_hashes: Sequence[str], embed_hosts: Sequence[str] = ()) -> str:
    """The policy: the site's own files only. Material's inline scripts by hash; its search runs in
    a worker that fetches the index (worker-src, connect-src); its CSS draws icons from data: SVGs;
    frames only from the embed hosts, over https."""
    problems = check_embed_hosts(embed_hosts)
    if problems:
        raise ValueError("; ".join(problems))
    frames = " ".join(sorted({f"https://{host.lower()}" for host in embed_hosts})) or "'none'"
    directives = [
        "default-src 'none'",
        " ".join(["script-src 'self'", *script_hashes]),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        f"frame-src {frames}",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    return "; ".join(directives)


def security_headers(policy: str) -> list[tuple[str, str]]:
    """The headers every response carries, 404 pages included."""
    return [
        ("Content-Security-Policy", policy),  # what the pages may load and run
        ("X-Content-Type-Options", "nosniff"),  # a file is only ever what its Content-Type says
        ("Referrer-Policy", "strict-origin-when-cross-origin"),  # other sites see the origin, not the page
        ("X-Frame-Options", "DENY"),  # no framing (browsers without frame-ancestors)
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),  # no page asks for these
    ]


# --------------------------------------------------------------------------- the include

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SHORT = "public, max-age=3600"
GZIP_TYPES = (
    "text/css application/javascript application/json application/atom+xml application/xml text/xml "
    "application/manifest+json image/svg+xml text/plain font/ttf font/otf"
)  # text/html is always compressed; woff2 is compressed already


@dataclass(frozen=True)
class Location:
    """A location block of the include: how long its files are cached, and their types if the
    usual mime.types does not know them."""

    match: str  # what follows `location`, regular expressions quoted (they may hold braces)
    cache_control: str
    why: str
    types: tuple[tuple[str, str], ...] = ()
    default_type: str | None = None


LOCATIONS = (
    Location(
        r'~ "^/assets/(?:javascripts/bundle|javascripts/workers/search|stylesheets/main|stylesheets/palette)'
        r'\.[0-9a-f]{8,}\.min\.(?:js|css)$"',
        IMMUTABLE,
        "Material's fingerprinted files: a new version has a new name",
    ),
    Location(
        r'~ "^/assets/fonts/[^/]+\.(?:woff2|woff|ttf|otf)$"',
        IMMUTABLE,
        "the bundled fonts (a changed font must get a new file name)",
        types=(("font/woff2", "woff2"), ("font/woff", "woff"), ("font/ttf", "ttf"), ("font/otf", "otf")),
    ),
    Location(
        r'~ "^/assets/search/[a-z]-[0-9a-f]{12}\.json$"',
        IMMUTABLE,
        "the parts of the search index, each named by a digest of its bytes (its index.json is revalidated)",
        types=(("application/json", "json"),),
    ),
    Location(
        "= /feed.xml", REVALIDATE, "the Atom feed: always the newest announcements", default_type="application/atom+xml"
    ),
    Location(
        r'~ "\.(?:html|xml|json|webmanifest)$"',
        REVALIDATE,
        "pages, sitemap, open data and the search index: revalidated on every visit",
        types=(
            ("text/html", "html"),
            ("application/xml", "xml"),
            ("application/json", "json"),
            ("application/manifest+json", "webmanifest"),
        ),
    ),
    Location(r'~ "\.(?:css|js)$"', REVALIDATE, "Loa's own stylesheets and scripts, named without a fingerprint"),
    Location(
        r'~ "\.csv$"', SHORT, "open data attachments: Debian's mime.types has no CSV", types=(("text/csv", "csv"),)
    ),
    Location(
        "/", SHORT, "everything else: pictures, attachments, the kits' files, folder addresses (/tin-tuc -> /tin-tuc/)"
    ),
)


def _header_lines(headers: Sequence[tuple[str, str]], indent: str) -> list[str]:
    lines = []
    for name, value in headers:
        if '"' in value or "$" in value or "\\" in value:
            raise ValueError(f"header {name} has a character nginx would read: {value!r}")
        lines.append(f'{indent}add_header {name} "{value}" always;')
    return lines


def nginx_include(policy: str) -> str:
    """The include's text for a `server { … }` block. nginx drops every inherited add_header in a
    location that has one of its own, so each location repeats the security headers."""
    headers = security_headers(policy)
    lines = [
        "# Loa: security headers, compression and caching for the portal (written by `loa build`;",
        "# edits are lost at the next build). Include it inside your server { … } block, whose root is",
        "# the built site/ folder; see the README, section 'Máy chủ nginx'.",
        "",
        "charset utf-8;",
        "charset_types text/css text/plain text/xml application/javascript application/json",
        "              application/atom+xml application/xml application/manifest+json image/svg+xml text/csv;",
        "index index.html;",
        "error_page 404 /404.html;",
        "absolute_redirect off;  # /tin-tuc -> /tin-tuc/ stays on the address the reader used",
        "server_tokens off;",
        "",
        "gzip on;",
        "gzip_vary on;",
        "gzip_proxied any;",
        "gzip_comp_level 6;",
        "gzip_min_length 256;",
        f"gzip_types {GZIP_TYPES};",
        "",
        "# Every response, 404 pages included (`always`). Repeated in each location below.",
        *_header_lines(headers, ""),
    ]
    for location in LOCATIONS:
        lines += ["", f"# {location.why}", f"location {location.match} {{"]
        if location.types or location.default_type:
            known = " ".join(f"{mime} {extension};" for mime, extension in location.types)
            lines.append(f"    types {{ {known} }}" if known else "    types {}")
        if location.default_type:
            lines.append(f"    default_type {location.default_type};")
        lines += _header_lines([*headers, ("Cache-Control", location.cache_control)], "    ")
        lines.append("}")
    return "\n".join(lines) + "\n"


def write_nginx_include(
    site_dir: Path, include_file: Path, embed_hosts: Sequence[str] = (), scripts: SiteScripts | None = None
) -> SiteScripts:
    """Write the include of the built site, reading it unless the build said what its pages carry
    (`scripts`); returns what the pages carry (blocked inline code included, for the build to report)."""
    scripts = read_site_scripts(site_dir) if scripts is None else scripts
    write_atomically(include_file, nginx_include(content_security_policy(scripts.hashes, embed_hosts)).encode())
    return scripts


# --------------------------------------------------------------------------- the preview


def _quoted(path: Path) -> str:
    """A path as an nginx string: quoted, and refused if nginx would read part of it as a variable."""
    text = str(path)
    if any(character in text for character in '"$\\'):
        raise ValueError(f'nginx cannot use the path {text!r} (it holds ", $ or \\)')
    return f'"{text}"'


def _owner(path: Path) -> str | None:
    try:
        return pwd.getpwuid(path.stat().st_uid).pw_name
    except KeyError:  # a uid without a name: nginx keeps its default user
        return None


def preview_config(site_dir: Path, include_file: Path, port: int, work_dir: Path) -> str:
    """nginx.conf serving `site_dir` with the include on 127.0.0.1:`port`, in the foreground, with
    every file nginx writes (pid, temporary files) inside `work_dir` and errors on stderr."""
    site_dir, include_file, work_dir = site_dir.resolve(), include_file.resolve(), work_dir.resolve()
    # Started as root, nginx runs its workers as `nobody`, who may not read a private folder:
    # they run as the site's owner instead.
    user = f"user {_owner(site_dir)};\n" if os.geteuid() == 0 and _owner(site_dir) else ""
    temp_paths = "".join(
        f"    {kind}_temp_path {_quoted(work_dir / kind)};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        "# Loa: preview of the built portal through nginx (`loa preview-nginx`); not for production.\n"
        f"{user}daemon off;\n"
        "worker_processes 1;\n"
        f"pid {_quoted(work_dir / 'nginx.pid')};\n"
        "error_log stderr;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    include {_quoted(MIME_TYPES)};\n"
        "    default_type application/octet-stream;\n"
        "    access_log off;\n"
        "    log_not_found off;\n"
        f"{temp_paths}"
        "    server {\n"
        f"        listen 127.0.0.1:{port};\n"
        "        server_name localhost;\n"
        f"        root {_quoted(site_dir)};\n"
        f"        include {_quoted(include_file)};\n"
        "    }\n"
        "}\n"
    )


def write_preview_config(site_dir: Path, include_file: Path, port: int, work_dir: Path) -> Path:
    """Write the preview's nginx.conf into `work_dir`; returns its path."""
    work_dir.mkdir(parents=True, exist_ok=True)
    config_file = work_dir / "nginx.conf"
    write_atomically(config_file, preview_config(site_dir, include_file, port, work_dir).encode())
    return config_file


def find_nginx() -> str | None:
    """Debian's nginx binary; /usr/sbin is not on every user's PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def preview_command(nginx: str, config_file: Path, work_dir: Path) -> list[str]:
    """nginx in the foreground with the preview's config, its files under `work_dir`, errors on stderr."""
    return [nginx, "-e", "stderr", "-p", str(work_dir.resolve()), "-c", str(config_file.resolve())]
