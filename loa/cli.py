"""Loa's commands: `loa build` (the site, atomically, and its nginx include), `loa new` (a new
announcement), `loa import` (announcements from official documents, .docx or PDF), `loa drift`
(quotes of campaign texts that differ from the official text), `loa banners` (the campaigns'
graphics) and `loa preview-nginx` (site/ through Debian's nginx)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from loa.content.agency import Agency, load_agency
from loa.content.document_types import DOCUMENT_TYPES
from loa.content.errors import ContentErrors
from loa.content.repository import find_campaign_ids
from loa.content.site_content import load_site_content
from loa.mkdocs_plugin.settings import ProjectSettings, SettingsError, read_project_settings
from loa.nginx_include import (
    DEFAULT_INCLUDE,
    DEFAULT_PREVIEW_DIR,
    DEFAULT_PREVIEW_PORT,
    MIME_TYPES,
    check_embed_hosts,
    find_nginx,
    preview_command,
    write_nginx_include,
    write_preview_config,
)
from loa.scaffold import ScaffoldError, create_announcement
from loa.site_build import BuildReport, build_site, read_build_report, report_path, site_is_up_to_date


def _settings(config_file: Path) -> ProjectSettings | None:
    """mkdocs.yml read for a command as MkDocs reads it, or None after saying why it cannot be."""
    try:
        return read_project_settings(config_file)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return None


def _command_build(args: argparse.Namespace) -> int:
    if args.nginx_include.is_file() and site_is_up_to_date(args.config_file, args.site_dir):
        print(f"Không có gì thay đổi từ lần xây dựng trước; {args.site_dir}/ đã là bản mới nhất.")
        return 0
    code = build_site(args.config_file, args.site_dir)
    if code == 0:
        print(f"Đã xây dựng cổng thông tin vào {args.site_dir}/.")
    else:
        print(f"Xây dựng thất bại; {args.site_dir}/ giữ nguyên bản trước.", file=sys.stderr)
        return code
    # What the build said of the site it just made: its pages are not read again.
    report = read_build_report(report_path(args.site_dir.resolve()))
    return _write_nginx_include(args.config_file, args.site_dir, args.nginx_include, report)


def _write_nginx_include(
    config_file: Path, site_dir: Path, include_file: Path, report: BuildReport | None = None
) -> int:
    """After a successful build: the include with the security headers of the site just built,
    from the build's report, or else from the site folder and mkdocs.yml."""
    if report is not None:
        embed_hosts, scripts = list(report.embed_hosts), report.scripts
    else:
        settings = _settings(config_file)
        if settings is None:
            return 2
        embed_hosts, scripts = settings.embed_hosts, None
    problems = check_embed_hosts(embed_hosts)
    if problems:
        print("\n".join(problems) + f"\nChưa ghi cấu hình nginx {include_file}.", file=sys.stderr)
        return 2
    try:
        scripts = write_nginx_include(site_dir, include_file, embed_hosts, scripts)
    except OSError as error:
        print(f"{include_file}: không ghi được cấu hình nginx: {error}", file=sys.stderr)
        return 1
    for blocked in scripts.blocked:
        print(f"Cảnh báo: {blocked}", file=sys.stderr)
    print(f"Đã ghi cấu hình nginx (tiêu đề bảo mật, nén, bộ nhớ đệm) vào {include_file}.")
    return 0


def _settings_and_agency(config_file: Path) -> tuple[ProjectSettings, Agency] | None:
    """mkdocs.yml and its agency, for a command that writes announcements; None after saying why."""
    settings = _settings(config_file)
    if settings is None:
        return None
    agency, errors = load_agency(settings.agency, str(config_file))
    if agency is None:
        print("\n".join(str(e) for e in errors), file=sys.stderr)
        return None
    return settings, agency


def _command_new(args: argparse.Namespace) -> int:
    loaded = _settings_and_agency(args.config_file)
    if loaded is None:
        return 2
    settings, agency = loaded
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        print(f"--date: gặp '{args.date}'; cần một ngày có thật dạng YYYY-MM-DD", file=sys.stderr)
        return 2
    campaign_ids = find_campaign_ids(settings.campaigns_dir)
    try:
        path = create_announcement(settings.docs_dir, agency, args.title, args.type, args.number, date, campaign_ids)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Đã tạo {path}")
    return 0


def _command_import(args: argparse.Namespace) -> int:
    """Announcements from official documents (.docx, or PDF with a text layer), originals attached."""
    from loa.importing.command import import_documents  # python-docx and pdfplumber load only here

    loaded = _settings_and_agency(args.config_file)
    if loaded is None:
        return 2
    settings, agency = loaded
    campaign_ids = find_campaign_ids(settings.campaigns_dir)
    return import_documents(args.files, settings.docs_dir, agency, campaign_ids, dry_run=args.dry_run)


def _command_drift(args: argparse.Namespace) -> int:
    """Report quotes of campaign themes and messages that differ from the official text."""
    settings = _settings(args.config_file)
    if settings is None:
        return 2
    agency, errors = load_agency(settings.agency, str(args.config_file))
    if agency is None:
        print(ContentErrors(errors).report(), file=sys.stderr)
        return 2
    docs_dir = settings.docs_dir
    sources = [p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")]
    content = load_site_content(agency, settings.project_dir, docs_dir, sources, settings.campaigns_dir)
    if content.errors:
        print(ContentErrors(content.errors).report(), file=sys.stderr)
        return 2
    drifts = content.drifts()
    for drift in drifts:
        print(drift)
    print(f"{len(drifts)} trích dẫn khác văn bản chính thức của chiến dịch." if drifts
          else "Mọi trích dẫn chủ đề, thông điệp chiến dịch đều đúng văn bản chính thức.")  # fmt: skip
    return 0


def _command_banners(args: argparse.Namespace) -> int:
    """Render the kits' graphics into a folder, for designers."""
    from loa.banners.command import render_kits  # Pillow: loaded by the commands that draw, not by every one

    settings = _settings(args.config_file)
    if settings is None:
        return 2
    return render_kits(
        project_dir=settings.project_dir,
        campaigns_dir=settings.campaigns_dir,
        formats_file=settings.banner_formats,
        fonts_dir=settings.fonts_dir,
        out_dir=args.out,
        campaign_ids=args.campaign or (),
        format_ids=args.format or (),
    )


def _command_preview_nginx(args: argparse.Namespace) -> int:
    """Serve the built site with its include through nginx, in the foreground until Ctrl-C: the
    command becomes nginx (exec), so the signal stops it and no daemon is left behind."""
    nginx = find_nginx()
    missing = [
        (nginx is None, "không thấy nginx; cài bằng `make nginx-deps` (gói nginx của Debian)"),
        (not MIME_TYPES.is_file(), f"không thấy {MIME_TYPES}; cài bằng `make nginx-deps`"),
        (not (args.site_dir / "index.html").is_file(), f"{args.site_dir}/ chưa có trang; chạy `make site` trước"),
        (not args.nginx_include.is_file(), f"không thấy {args.nginx_include}; chạy `make site` trước"),
    ]
    problems = [message for failed, message in missing if failed]
    if problems or nginx is None:
        print("\n".join(problems), file=sys.stderr)
        return 2
    config_file = write_preview_config(args.site_dir, args.nginx_include, args.port, args.work_dir)
    command = preview_command(nginx, config_file, args.work_dir)
    if args.check:
        return subprocess.run([*command, "-t"], check=False).returncode
    print(f"Xem trước qua nginx: http://127.0.0.1:{args.port}/  (Ctrl-C để dừng)", flush=True)
    os.execv(nginx, command)
    return 1  # not reached: nginx has replaced this process


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="loa", description="Loa: cổng thông tin điện tử tĩnh")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="tệp cấu hình (mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="xây dựng trang; lỗi nội dung thì giữ nguyên bản trước")
    build.add_argument("--site-dir", type=Path, default=Path("site"))
    build.add_argument(
        "--nginx-include",
        type=Path,
        default=DEFAULT_INCLUDE,
        help=f"tệp cấu hình nginx ghi ra (mặc định {DEFAULT_INCLUDE})",
    )
    build.set_defaults(run=_command_build)

    new = commands.add_parser("new", help="tạo một văn bản, thông báo mới")
    new.add_argument("--title", required=True, help="tiêu đề; với công văn là trích yếu")
    new.add_argument("--type", required=True, choices=list(DOCUMENT_TYPES), help="loại văn bản")
    new.add_argument("--number", help="số, ký hiệu, ví dụ 123/STC-VP (không dùng với tin-tuc)")
    new.add_argument("--date", required=True, help="ngày ban hành, YYYY-MM-DD")
    new.set_defaults(run=_command_new)

    imports = commands.add_parser(
        "import", help="nhập văn bản (.docx hoặc PDF có lớp chữ) theo Nghị định 30 thành tệp văn bản của cổng"
    )
    imports.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="tệp .docx hoặc .pdf (nhiều tệp được)")
    imports.add_argument("--dry-run", action="store_true", help="chỉ in tệp sẽ ghi, không ghi gì")
    imports.set_defaults(run=_command_import)

    drift = commands.add_parser("drift", help="báo trích dẫn chủ đề, thông điệp chiến dịch khác văn bản chính thức")
    drift.set_defaults(run=_command_drift)

    banners = commands.add_parser("banners", help="tạo ảnh, băng rôn chủ đề và thông điệp của các chiến dịch")
    banners.add_argument("--campaign", action="append", help="chỉ bộ nhận diện này (lặp lại được)")
    banners.add_argument("--format", action="append", help="chỉ khổ này, ví dụ og (lặp lại được)")
    banners.add_argument("--out", type=Path, default=Path("dist/banners"), help="thư mục ghi ảnh")
    banners.set_defaults(run=_command_banners)

    preview = commands.add_parser(
        "preview-nginx", help="xem trước site/ qua nginx với cấu hình bảo mật (Ctrl-C để dừng)"
    )
    preview.add_argument("--port", type=int, default=DEFAULT_PREVIEW_PORT, help="cổng trên 127.0.0.1")
    preview.add_argument("--site-dir", type=Path, default=Path("site"))
    preview.add_argument("--nginx-include", type=Path, default=DEFAULT_INCLUDE, help="tệp cấu hình `loa build` đã ghi")
    preview.add_argument("--work-dir", type=Path, default=DEFAULT_PREVIEW_DIR, help="nơi ghi nginx.conf, pid, tệp tạm")
    preview.add_argument("--check", action="store_true", help="chỉ kiểm tra cấu hình (nginx -t) rồi thoát")
    preview.set_defaults(run=_command_preview_nginx)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
