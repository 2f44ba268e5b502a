"""Loa's commands read mkdocs.yml as MkDocs reads it for a build (loa.mkdocs_plugin.settings):
`INHERIT:` deep-merged as MkDocs merges it, `!ENV` resolved, the loa plugin's options validated
by its own config class with its defaults; a broken mkdocs.yml is a message naming it, exit 2.

`loa new`, `loa drift`, `loa banners` and the nginx include of `loa build` are run on projects
whose settings come from an inherited file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO_ROOT, announcement
from mkdocs.config import load_config

from loa.cli import _write_nginx_include, main
from loa.mkdocs_plugin.config import LoaConfig
from loa.mkdocs_plugin.settings import ProjectSettings, SettingsError, read_project_settings

AGENCY_YAML = """\
extra:
  agency:
    name: Sở Tài chính tỉnh Sóc Trăng
    short_code: STC
    place: Sóc Trăng
"""
SITE_URL = "https://stc.soctrang.example.vn/"
BASE_YAML = f"""\
site_name: Sở Tài chính tỉnh Sóc Trăng
site_url: {SITE_URL}
docs_dir: noi-dung
plugins:
  search: {{}}
  loa:
    page_size: 10
    home_latest: 4
    campaigns_dir: bo-nhan-dien
    fonts_dir: phong-chu
    banner_formats: kho/formats.yml
    embed_hosts: [www.youtube-nocookie.com]
{AGENCY_YAML}"""
CHILD_YAML = """\
INHERIT: cau-hinh/base.yml
plugins:
  loa:
    page_size: 5
"""
KIT_ID = "bdg-2021"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def inherit_project(root: Path, child: str = CHILD_YAML, base: str = BASE_YAML) -> Path:
    """A project whose mkdocs.yml inherits cau-hinh/base.yml; returns the mkdocs.yml."""
    write(root / "cau-hinh" / "base.yml", base)
    return write(root / "mkdocs.yml", child)


def mkdocs_view(config_file: Path) -> tuple[dict, str, str | None, object]:
    """What MkDocs itself makes of a config: the loa plugin's options, docs_dir, site_url, agency."""
    config = load_config(config_file=str(config_file))
    options = next((dict(p.config) for p in config.plugins.values() if isinstance(p.config, LoaConfig)), None)
    return options or dict(default_options()), config.docs_dir, config.site_url, config.extra.get("agency")


def default_options() -> LoaConfig:
    options = LoaConfig()
    assert options.validate() == ([], [])
    return options


def view(settings: ProjectSettings) -> tuple[dict, str, str | None, object]:
    return dict(settings.loa), str(settings.docs_dir.absolute()), settings.site_url, settings.agency


# --------------------------------------------------------------------------- reading mkdocs.yml


def test_a_child_config_overrides_page_size_and_inherits_the_rest(tmp_path):
    config = inherit_project(tmp_path)
    settings = read_project_settings(config)
    assert settings.loa.page_size == 5
    assert settings.loa.home_latest == 4
    assert settings.campaigns_dir == tmp_path / "bo-nhan-dien"
    assert settings.fonts_dir == tmp_path / "phong-chu"
    assert settings.banner_formats == tmp_path / "kho" / "formats.yml"
    assert settings.embed_hosts == ["www.youtube-nocookie.com"]
    assert settings.agency == {"name": "Sở Tài chính tỉnh Sóc Trăng", "short_code": "STC", "place": "Sóc Trăng"}
    assert settings.site_url == SITE_URL
    assert settings.docs_dir == tmp_path / "noi-dung"  # relative to the child, as MkDocs resolves it
    (tmp_path / "noi-dung").mkdir()  # MkDocs' own loader wants the docs folder to exist
    assert view(settings) == mkdocs_view(config)


def test_a_plugin_list_in_the_child_replaces_the_inherited_one_as_in_mkdocs(tmp_path):
    """MkDocs deep-merges mappings and replaces lists: a plugin list written as a list replaces."""
    child = "INHERIT: cau-hinh/base.yml\nplugins:\n  - search\n  - loa:\n      page_size: 5\n"
    config = inherit_project(tmp_path, child=child)
    settings = read_project_settings(config)
    assert (settings.loa.page_size, settings.loa.campaigns_dir) == (5, "assets/campaigns")
    (tmp_path / "noi-dung").mkdir()
    assert view(settings) == mkdocs_view(config)


def test_inheritance_over_two_levels(tmp_path):
    write(tmp_path / "chung" / "goc.yml", BASE_YAML)
    write(tmp_path / "cau-hinh" / "base.yml", "INHERIT: ../chung/goc.yml\nplugins:\n  loa:\n    home_latest: 9\n")
    config = write(tmp_path / "mkdocs.yml", CHILD_YAML)
    settings = read_project_settings(config)
    assert (settings.loa.page_size, settings.loa.home_latest, settings.loa.campaigns_dir) == (5, 9, "bo-nhan-dien")


@pytest.mark.parametrize(
    "plugins",
    [
        "",
        "plugins: [search]\n",
        "plugins:\n  - loa\n",
        "plugins:\n  - loa:\n",
        "plugins:\n  - loa:\n      enabled: false\n",
    ],
    ids=["no-plugins-key", "without-loa", "loa-without-options", "loa-null-options", "loa-disabled"],
)
def test_the_defaults_are_the_plugin_config_class_defaults(tmp_path, plugins):
    config = write(tmp_path / "mkdocs.yml", f"site_name: Cổng\n{plugins}{AGENCY_YAML}")
    settings = read_project_settings(config)
    assert settings.loa.home_latest == 6
    assert settings.loa.page_size == 10
    assert settings.loa.campaigns_dir == "assets/campaigns"
    assert settings.loa.embed_hosts == []
    assert dict(settings.loa) == dict(default_options())
    assert settings.docs_dir == tmp_path / "docs"
    assert settings.site_url is None


def test_env_tags_are_resolved(tmp_path, monkeypatch):
    monkeypatch.setenv("LOA_TEST_SITE_URL", "https://so.example.vn/")
    monkeypatch.delenv("LOA_TEST_UNSET", raising=False)
    text = (
        "site_name: Cổng\nsite_url: !ENV LOA_TEST_SITE_URL\n"
        "plugins:\n  - loa:\n      campaigns_dir: !ENV [LOA_TEST_UNSET, bo-nhan-dien]\n" + AGENCY_YAML
    )
    settings = read_project_settings(write(tmp_path / "mkdocs.yml", text))
    assert settings.site_url == "https://so.example.vn/"
    assert settings.loa.campaigns_dir == "bo-nhan-dien"


def test_paths_follow_the_config_file_as_given(tmp_path, monkeypatch):
    """Given `mkdocs.yml` (relative), the commands show `docs/…`, as the webmaster knows it."""
    write(tmp_path / "mkdocs.yml", "site_name: Cổng\n" + AGENCY_YAML)
    monkeypatch.chdir(tmp_path)
    settings = read_project_settings(Path("mkdocs.yml"))
    assert (settings.project_dir, settings.docs_dir, settings.campaigns_dir) == (
        Path("."),
        Path("docs"),
        Path("assets/campaigns"),
    )


def test_reading_is_fast_quiet_and_builds_nothing(tmp_path, capfd):
    read_project_settings(REPO_ROOT / "mkdocs.yml")  # imports done once, as in any command
    began = time.perf_counter()
    settings = read_project_settings(REPO_ROOT / "mkdocs.yml")
    elapsed = time.perf_counter() - began
    assert elapsed < 0.5, f"reading mkdocs.yml took {elapsed:.2f} s"
    assert settings.agency["short_code"] == "STC"
    noisy = write(tmp_path / "mkdocs.yml", "site_name: Cổng\nkhoa_la: 1\nplugins:\n  - loa:\n      khong_co: 1\n")
    read_project_settings(noisy)  # MkDocs warns about both unknown keys in a build
    assert capfd.readouterr() == ("", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml"], "reading built or wrote something"


BROKEN = {
    "yaml": "site_name: [không đóng ngoặc\n",
    "missing-inherited-file": "INHERIT: khong-co.yml\nsite_name: Cổng\n",
    "not-a-mapping": "- site_name\n- Cổng\n",
    "plugin-option-type": "site_name: Cổng\nplugins:\n  - loa:\n      page_size: mười\n" + AGENCY_YAML,
    "unknown-plugin": "site_name: Cổng\nplugins:\n  - khong-co-plugin-nay\n" + AGENCY_YAML,
    "site-url": "site_name: Cổng\nsite_url: không phải địa chỉ\n" + AGENCY_YAML,
    "python-name-of-nothing": "site_name: Cổng\nx: !!python/name:khong_co_mo_dun.ham\n",
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_config_is_a_settings_error_naming_it(tmp_path, text):
    config = write(tmp_path / "mkdocs.yml", text)
    with pytest.raises(SettingsError) as raised:
        read_project_settings(config)
    assert str(raised.value).startswith(f"{config}: ")


@pytest.mark.parametrize("command", ["new", "drift", "banners"])
@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_config_gives_a_clean_message_and_exit_code_2(tmp_path, capfd, command, text):
    config = write(tmp_path / "mkdocs.yml", text)
    argv = ["--config-file", str(config), command]
    if command == "new":
        argv += ["--title", "Lịch tiếp công dân", "--type", "thong-bao", "--number", "5/TB-STC", "--date", "2026-03-02"]
    assert main(argv) == 2
    out, err = capfd.readouterr()
    assert out == ""
    assert err.startswith(f"{config}: "), err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml"]


def test_a_broken_config_gives_no_traceback_from_the_command_line(tmp_path):
    config = write(tmp_path / "mkdocs.yml", BROKEN["plugin-option-type"])
    env = {key: value for key, value in os.environ.items() if key != "NO_MKDOCS_2_WARNING"}
    result = subprocess.run([sys.executable, "-m", "loa", "--config-file", str(config), "drift"],
                            capture_output=True, text=True, check=False, env=env, cwd=REPO_ROOT)  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{config}: cấu hình không hợp lệ") and "page_size" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_missing_config_file_says_so(tmp_path, capsys):
    assert main(["--config-file", str(tmp_path / "mkdocs.yml"), "drift"]) == 2
    assert "không thấy tệp cấu hình" in capsys.readouterr().err


# --------------------------------------------------------------------------- the commands in an INHERIT project


def new(config: Path, title: str, number: str | None, date: str, type_code: str = "cong-van") -> int:
    argv = ["--config-file", str(config), "new", "--title", title, "--type", type_code, "--date", date]
    return main(argv + (["--number", number] if number else []))


def test_loa_new_in_an_inherit_project(tmp_path, capsys):
    config = inherit_project(tmp_path)
    assert new(config, "Tăng cường quản lý tài sản công", "123/STC-VP", "2026-02-05") == 0
    created = tmp_path / "noi-dung" / "tin-tuc" / "posts" / "2026" / "tang-cuong-quan-ly-tai-san-cong.md"
    assert created.is_file()
    assert str(created) in capsys.readouterr().out
    assert not (tmp_path / "docs").exists()


@pytest.mark.parametrize(
    ("issued", "respelt"),
    [("205/STC-VP", "205/stc-vp"), ("205/STC-VP", "0205/STC-VP"), ("205/STC-VP", "205/2021/STC-VP"),
     ("7/STC-ĐT", "7/STC-DT"), ("205/STC-VP", "205/STC-VP")],
)  # fmt: skip
def test_loa_new_refuses_a_near_duplicate_number_in_the_same_year(tmp_path, capsys, issued, respelt):
    config = inherit_project(tmp_path)
    existing = tmp_path / "noi-dung" / "tin-tuc" / "posts" / "2021" / "so-da-cap.md"
    write(existing, announcement("Công văn đã cấp số", "2021-03-01", "cong-van", issued))
    capsys.readouterr()
    assert new(config, "Công văn khác", respelt, "2021-09-01") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{existing}: số '{respelt}' ")
    assert f"'{issued}'" in err and "năm 2021" in err
    assert ("gần trùng" in err) == (issued != respelt)
    assert not (existing.parent / "cong-van-khac.md").exists()


def test_loa_new_accepts_the_same_number_in_another_year(tmp_path, capsys):
    config = inherit_project(tmp_path)
    write(tmp_path / "noi-dung" / "tin-tuc" / "posts" / "2021" / "so-205.md",
          announcement("Công văn số 205", "2021-03-01", "cong-van", "205/STC-VP"))  # fmt: skip
    assert new(config, "Công văn khác", "205/stc-vp", "2022-01-10") == 0
    assert (tmp_path / "noi-dung" / "tin-tuc" / "posts" / "2022" / "cong-van-khac.md").is_file()


def kit_project(root: Path) -> Path:
    """The demo's docs, kit, fonts and formats at the places base.yml names."""
    config = inherit_project(root)
    shutil.copytree(REPO_ROOT / "docs", root / "noi-dung")
    shutil.copytree(REPO_ROOT / "assets" / "campaigns" / KIT_ID, root / "bo-nhan-dien" / KIT_ID)
    shutil.copytree(REPO_ROOT / "assets" / "fonts", root / "phong-chu")
    write(root / "kho" / "formats.yml", (REPO_ROOT / "assets" / "banners" / "formats.yml").read_text("utf-8"))
    return config


def test_loa_drift_in_an_inherit_project(tmp_path, capsys):
    config = kit_project(tmp_path)
    assert main(["--config-file", str(config), "drift"]) == 0
    out = capsys.readouterr().out
    assert f"trích dẫn chủ đề của chiến dịch {KIT_ID} khác văn bản chính thức: thêm 'cường'" in out, out


def test_loa_new_counts_the_announcements_of_the_inherited_campaigns_dir(tmp_path, capsys):
    """The demo's công văn 2768/STC-VP belongs to the kit under the inherited campaigns_dir: it
    loads, as in the build, and its number is taken."""
    config = kit_project(tmp_path)
    assert new(config, "Công văn khác", "2768/stc-vp", "2021-12-01") == 1
    err = capsys.readouterr().err
    taken = tmp_path / "noi-dung" / "tin-tuc" / "posts" / "2021" / "huong-ung-thang-hanh-dong-vi-binh-dang-gioi-2021.md"
    assert err.startswith(f"{taken}: số '2768/stc-vp' gần trùng số '2768/STC-VP' đã cấp trong năm 2021"), err


def test_loa_banners_in_an_inherit_project(tmp_path, capsys):
    config = kit_project(tmp_path)
    out_dir = tmp_path / "anh"
    assert main(["--config-file", str(config), "banners", "--campaign", KIT_ID, "--format", "og",
                 "--out", str(out_dir)]) == 0, capsys.readouterr().err  # fmt: skip
    assert sorted(p.name for p in (out_dir / KIT_ID).iterdir()) == [
        f"{KIT_ID}-og-chu-de.png",
        f"{KIT_ID}-og-thong-diep-1.png",
        f"{KIT_ID}-og-thong-diep-2.png",
    ]


def test_the_nginx_include_takes_the_inherited_embed_hosts(tmp_path):
    config = inherit_project(tmp_path)
    site = tmp_path / "site"
    write(site / "index.html", "<!doctype html><title>Cổng</title>")
    include = tmp_path / "loa-headers.conf"
    assert _write_nginx_include(config, site, include) == 0
    assert "frame-src https://www.youtube-nocookie.com" in include.read_text(encoding="utf-8")
