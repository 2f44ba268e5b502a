"""Loa's commands: `loa build` (the site, atomically) and `loa new` (a new announcement)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from loa.content.agency import load_agency
from loa.content.document_types import DOCUMENT_TYPES
from loa.scaffold import ScaffoldError, create_announcement
from loa.site_build import build_site


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its Python tags (!!python/name, !ENV)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_site_config(config_file: Path) -> dict:
    with config_file.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_ConfigLoader) or {}  # noqa: S506 - a safe loader


def _command_build(args: argparse.Namespace) -> int:
    code = build_site(args.config_file, args.site_dir)
    if code == 0:
        print(f"Đã xây dựng cổng thông tin vào {args.site_dir}/.")
    else:
        print(f"Xây dựng thất bại; {args.site_dir}/ giữ nguyên bản trước.", file=sys.stderr)
    return code


def _command_new(args: argparse.Namespace) -> int:
    if not args.config_file.is_file():
        print(f"{args.config_file}: không thấy tệp cấu hình; cần đường dẫn tới mkdocs.yml", file=sys.stderr)
        return 2
    config = read_site_config(args.config_file)
    agency, errors = load_agency((config.get("extra") or {}).get("agency"), str(args.config_file))
    if agency is None:
        print("\n".join(str(e) for e in errors), file=sys.stderr)
        return 2
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        print(f"--date: gặp '{args.date}'; cần một ngày có thật dạng YYYY-MM-DD", file=sys.stderr)
        return 2
    docs_dir = args.config_file.parent / config.get("docs_dir", "docs")
    try:
        path = create_announcement(docs_dir, agency, args.title, args.type, args.number, date)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Đã tạo {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="loa", description="Loa: cổng thông tin điện tử tĩnh")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="tệp cấu hình (mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="xây dựng trang; lỗi nội dung thì giữ nguyên bản trước")
    build.add_argument("--site-dir", type=Path, default=Path("site"))
    build.set_defaults(run=_command_build)

    new = commands.add_parser("new", help="tạo một văn bản, thông báo mới")
    new.add_argument("--title", required=True, help="tiêu đề; với công văn là trích yếu")
    new.add_argument("--type", required=True, choices=list(DOCUMENT_TYPES), help="loại văn bản")
    new.add_argument("--number", help="số, ký hiệu, ví dụ 123/STC-VP (không dùng với tin-tuc)")
    new.add_argument("--date", required=True, help="ngày ban hành, YYYY-MM-DD")
    new.set_defaults(run=_command_new)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
