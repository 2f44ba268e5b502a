"""The designer's command: `python -m loa banners [--campaign ID] [--format ID] [--out DIR]`
(also scripts/render-banners and `make banners`), through the real command line and through
render_kits with test folders. Screen formats only, except one test (marked `slow`) that
renders the demo kit's print formats once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import ARTIFACTS, REPO_ROOT
from PIL import Image

from loa.banners.command import render_kits

FORMATS_FILE = REPO_ROOT / "assets" / "banners" / "formats.yml"
FONTS_DIR = REPO_ROOT / "assets" / "fonts"
DEMO_KIT = REPO_ROOT / "assets" / "campaigns" / "bdg-2021"
DEMO_TEXTS = ("chu-de", "thong-diep-1", "thong-diep-2")
METRES_PER_INCH = 0.0254
SCREEN_SIZES = {"og": (1200, 630), "square": (1080, 1080), "facebook-cover": (1640, 624), "web-hero": (1920, 600)}
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] (\S+\.png) \((.+)\) (\d+\.\d\d) s$")

THEME = "Chung tay xây dựng nông thôn mới, đô thị văn minh vì một Sóc Trăng giàu đẹp"
SLOGANS = ("Vì cộng đồng", "Mỗi người dân là một chiến sĩ bảo vệ môi trường xanh, sạch, đẹp")


def kit_yaml(name: str, short_name: str, theme: str = THEME, slogans=SLOGANS, logo: str | None = "logo.png") -> str:
    lines = [f"name: {name}", f"short_name: {short_name}", f"theme: {theme}", "start: 2024-01-01",
             "end: 2024-12-31", "slogans:", *[f"  - {s}" for s in slogans],
             'colors:\n  primary: "#1D4ED8"\n  on_primary: "#FFFFFF"\n  accent: "#FACC15"']  # fmt: skip
    if logo:
        lines.append(f"logo: {logo}")
    return "\n".join(lines) + "\n"


def make_kits(root: Path, kits: dict[str, str], logo: Path = DEMO_KIT / "logo.png") -> Path:
    """assets/campaigns/<id>/campaign.yml (+ logo.png) under `root`; returns the campaigns folder."""
    campaigns = root / "assets" / "campaigns"
    for kit_id, text in kits.items():
        folder = campaigns / kit_id
        folder.mkdir(parents=True)
        (folder / "campaign.yml").write_text(text, encoding="utf-8")
        (folder / logo.name).write_bytes(logo.read_bytes())
    return campaigns


def write_formats(root: Path, text: str) -> Path:
    path = root / "assets" / "banners" / "formats.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def screen_formats(*ids: str) -> str:
    return "".join(f"{i}:\n  title: Khổ {i}\n  width: {w}\n  height: {h}\n" for i, (w, h) in SCREEN_SIZES.items()
                   if i in ids)  # fmt: skip


def run_kits(root: Path, campaigns: Path, formats: Path, out: Path, **options) -> int:
    return render_kits(project_dir=root, campaigns_dir=campaigns, formats_file=formats, fonts_dir=FONTS_DIR,
                       out_dir=out, **options)  # fmt: skip


def run_command(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "loa", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          check=False, timeout=300)  # fmt: skip


def progress_lines(stdout: str) -> dict[str, tuple[int, int, str, float]]:
    found = {}
    for line in stdout.splitlines():
        match = PROGRESS.match(line)
        if match:
            done, total, path, size, seconds = match.groups()
            assert path not in found, f"two progress lines for {path}"
            found[path] = (int(done), int(total), size, float(seconds))
    return found


def summary_rows(stdout: str) -> dict[str, list[str]]:
    """The summary table: file, size, bytes, time, after a header line naming the columns."""
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("tệp") and "kích thước" in line)
    for column in ("dung lượng", "thời gian"):
        assert column in lines[header]
    rows = {}
    for line in lines[header + 1 :]:
        if not line.strip() or re.match(r"^\d+ ảnh trong", line):
            break
        path, rest = line.split(None, 1)
        rows[path] = rest.rsplit(None, 2)
    return rows


def check_summary(stdout: str, files: list[Path]) -> None:
    rows = summary_rows(stdout)
    assert set(rows) == {str(f) for f in files}, "one summary row per file written"
    for file in files:
        size_text, bytes_text, seconds = rows[str(file)]
        with Image.open(file) as image:
            assert f"{image.size[0]} × {image.size[1]} px" in size_text
        assert int(bytes_text.replace(".", "")) == file.stat().st_size
        assert re.fullmatch(r"\d+\.\d\ds", seconds), seconds
    assert re.search(rf"^{len(files)} ảnh trong \d+\.\d\d s$", stdout, re.M)


# --------------------------------------------------------------------------- the real command line


def test_python_m_loa_banners_renders_the_demo_kit(tmp_path):
    out = tmp_path / "anh"
    result = run_command("--config-file", str(REPO_ROOT / "mkdocs.yml"), "banners", "--format", "og",
                         "--format", "square", "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    files = sorted((out / "bdg-2021").glob("*.png"))
    expected = {f"bdg-2021-{f}-{t}.png" for f in ("og", "square") for t in DEMO_TEXTS}
    assert {f.name for f in files} == expected
    assert {p.name for p in out.rglob("*") if p.is_file()} == expected, "nothing else written"
    for file in files:
        with Image.open(file) as image:
            fmt = "og" if "-og-" in file.name else "square"
            assert image.format == "PNG" and image.size == SCREEN_SIZES[fmt]
    progress = progress_lines(result.stdout)
    assert set(progress) == {str(f) for f in files}, result.stdout
    assert sorted(done for done, _, _, _ in progress.values()) == list(range(1, 7))
    assert {total for _, total, _, _ in progress.values()} == {6}
    assert {size for _, _, size, _ in progress.values()} == {"1200 × 630 px", "1080 × 1080 px"}
    check_summary(result.stdout, files)


def test_an_unknown_format_is_refused_with_the_known_ones(tmp_path):
    out = tmp_path / "anh"
    result = run_command("--config-file", str(REPO_ROOT / "mkdocs.yml"), "banners", "--format", "og",
                         "--format", "a4", "--out", str(out))  # fmt: skip
    assert result.returncode != 0
    assert "--format" in result.stderr and "a4" in result.stderr
    known = re.findall(r"^([a-z0-9-]+):\s*$", FORMATS_FILE.read_text(encoding="utf-8"), re.M)
    assert len(known) >= 6
    for format_id in known:
        assert format_id in result.stderr, f"{format_id} not listed in: {result.stderr}"
    assert not out.exists() or not any(out.rglob("*.png")), "nothing rendered"


def test_an_unknown_campaign_is_refused_with_the_known_ones(tmp_path):
    result = run_command("--config-file", str(REPO_ROOT / "mkdocs.yml"), "banners", "--campaign", "khong-co",
                         "--out", str(tmp_path / "anh"))  # fmt: skip
    assert result.returncode != 0
    assert "khong-co" in result.stderr and "bdg-2021" in result.stderr
    assert not (tmp_path / "anh").exists()


def test_the_script_renders_banners(tmp_path):
    out = tmp_path / "anh"
    result = subprocess.run([str(REPO_ROOT / "scripts" / "render-banners"), "--campaign", "bdg-2021", "--format",
                             "web-hero", "--out", str(out)], capture_output=True, text=True, check=False,
                            cwd=tmp_path, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert {f.name for f in out.rglob("*.png")} == {f"bdg-2021-web-hero-{t}.png" for t in DEMO_TEXTS}


def test_make_banners_writes_into_dist_banners():
    result = subprocess.run(["make", "-n", "banners"], cwd=REPO_ROOT, capture_output=True,
                            text=True, check=False)  # fmt: skip
    if result.returncode != 0 and "No rule" in result.stderr:
        pytest.fail(result.stderr)
    assert re.search(r"python -m loa banners --out dist/banners\s*$", result.stdout, re.M), result.stdout


# --------------------------------------------------------------------------- render_kits on test folders


@pytest.fixture
def two_kits(tmp_path) -> tuple[Path, Path]:
    kits = {
        "kit-a": kit_yaml("Chiến dịch A", "Chiến dịch A 2024"),
        "kit-b": kit_yaml("Chiến dịch B", "Chiến dịch B 2024", slogans=SLOGANS[:1]),
    }
    campaigns = make_kits(tmp_path, kits)
    formats = write_formats(tmp_path, screen_formats("og", "web-hero"))
    return campaigns, formats


def test_every_kit_is_rendered_by_default(tmp_path, two_kits, capsys):
    campaigns, formats = two_kits
    out = tmp_path / "out"
    assert run_kits(tmp_path, campaigns, formats, out) == 0
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.png")}
    expected = {f"kit-a/kit-a-{f}-{t}.png" for f in ("og", "web-hero") for t in DEMO_TEXTS}
    expected |= {f"kit-b/kit-b-{f}-{t}.png" for f in ("og", "web-hero") for t in DEMO_TEXTS[:2]}
    assert written == expected
    stdout = capsys.readouterr().out
    assert len(progress_lines(stdout)) == len(expected)
    check_summary(stdout, sorted(out.rglob("*.png")))


def test_campaign_and_format_select_what_is_rendered(tmp_path, two_kits, capsys):
    campaigns, formats = two_kits
    out = tmp_path / "out"
    assert run_kits(tmp_path, campaigns, formats, out, campaign_ids=["kit-b"], format_ids=["web-hero"]) == 0
    assert {p.name for p in out.rglob("*.png")} == {"kit-b-web-hero-chu-de.png", "kit-b-web-hero-thong-diep-1.png"}
    for file in out.rglob("*.png"):
        with Image.open(file) as image:
            assert image.size == (1920, 600)


def test_a_new_format_in_the_formats_file_is_rendered_at_its_size(tmp_path, two_kits, capsys):
    campaigns, _ = two_kits
    extra = (
        "zalo-cover:\n  title: Ảnh bìa Zalo\n  width: 1590\n  height: 400\n"
        "pano:\n  title: Pano nhỏ\n  width_m: 1.2\n  height_m: 0.6\n  dpi: 72\n"
    )
    formats = write_formats(tmp_path, screen_formats("og") + extra)
    out = tmp_path / "out"
    assert run_kits(tmp_path, campaigns, formats, out, campaign_ids=["kit-b"]) == 0
    with Image.open(out / "kit-b" / "kit-b-zalo-cover-chu-de.png") as image:
        assert image.size == (1590, 400) and "dpi" not in image.info
    with Image.open(out / "kit-b" / "kit-b-pano-thong-diep-1.png") as image:
        assert image.size == (round(1.2 / METRES_PER_INCH * 72), round(0.6 / METRES_PER_INCH * 72))
        assert image.info["dpi"] == pytest.approx((72, 72), abs=0.01)
    assert "1,2 m × 0,6 m (3402 × 1701 px, 72 dpi)" in capsys.readouterr().out


def test_an_error_exits_non_zero_and_the_other_graphics_are_still_written(tmp_path, capsys):
    """A stamp-sized format the theme cannot fit: that graphic fails with a message naming kit,
    text, format and what fits; every other graphic is written; the exit code is 1."""
    campaigns = make_kits(tmp_path, {"kit-a": kit_yaml("Chiến dịch A", "A")})
    formats = write_formats(tmp_path, screen_formats("og") + "tem:\n  title: Tem\n  width: 360\n  height: 180\n"
                            "  min_text_px: 28\n")  # fmt: skip
    out = tmp_path / "out"
    code = run_kits(tmp_path, campaigns, formats, out)
    captured = capsys.readouterr()
    assert code == 1
    written = {p.name for p in out.rglob("*.png")}
    assert {f"kit-a-og-{t}.png" for t in DEMO_TEXTS} <= written
    assert "kit-a-tem-thong-diep-1.png" in written, "the short message fits the stamp"
    assert "kit-a-tem-chu-de.png" not in written
    assert re.search(r"^\[\d+/\d+\] LỖI kit-a-tem-chu-de\.png: ", captured.err, re.M), captured.err
    failures = captured.err.split("ảnh không tạo được:", 1)[1]
    for part in ("kit-a", "chủ đề", "tem", THEME, "ký tự"):
        assert part in failures, f"{part!r} missing from: {failures}"
    check_summary(captured.out, sorted(out.rglob("*.png")))


def test_a_broken_formats_file_names_file_format_and_field(tmp_path, capsys):
    campaigns = make_kits(tmp_path, {"kit-a": kit_yaml("Chiến dịch A", "A")})
    formats = write_formats(tmp_path, screen_formats("og") + "bang-ron:\n  width_m: 5.0\n  height_m: nam\n")
    out = tmp_path / "out"
    assert run_kits(tmp_path, campaigns, formats, out) == 2
    err = capsys.readouterr().err
    assert "assets/banners/formats.yml:5" in err and "'bang-ron.height_m'" in err and "'nam'" in err
    assert not out.exists()


def test_nfd_and_nfc_kits_give_byte_identical_files(tmp_path, capsys):
    text = kit_yaml("Chiến dịch Ể Ẫ Ỗ Ộ", "Tháng hành động Ể Ẫ Ỗ Ộ", theme="ỂẪỖỘ ẾỀỂỄỆ ỐỒỔỖỘ " + THEME)
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    campaigns = make_kits(tmp_path, {"kit-nfc": text, "kit-nfd": nfd})
    formats = write_formats(tmp_path, screen_formats("og", "square"))
    out = tmp_path / "out"
    assert run_kits(tmp_path, campaigns, formats, out) == 0
    for fmt in ("og", "square"):
        for slug in DEMO_TEXTS:
            composed = (out / "kit-nfc" / f"kit-nfc-{fmt}-{slug}.png").read_bytes()
            decomposed = (out / "kit-nfd" / f"kit-nfd-{fmt}-{slug}.png").read_bytes()
            assert composed == decomposed, f"{fmt} {slug}"


def test_a_kit_with_an_svg_logo_does_not_crash_the_command(tmp_path, capsys):
    campaigns = make_kits(tmp_path, {"kit-svg": kit_yaml("Chiến dịch SVG", "SVG", logo="logo.svg")},
                          logo=DEMO_KIT / "logo.svg")  # fmt: skip
    formats = write_formats(tmp_path, screen_formats("og"))
    code = run_kits(tmp_path, campaigns, formats, tmp_path / "out")
    err = capsys.readouterr().err
    assert code == 0 or (code == 1 and "logo.svg" in err)


# --------------------------------------------------------------------------- print formats (once)


@pytest.mark.slow
def test_the_demo_kit_print_formats(tmp_path):
    """The demo kit's two print banners through the real command, once: exact pixel sizes,
    lossless RGB PNG with 100 dpi, and so their size in metres."""
    out = tmp_path / "in"
    result = run_command("--config-file", str(REPO_ROOT / "mkdocs.yml"), "banners", "--campaign", "bdg-2021",
                         "--format", "bang-ron-ngang", "--format", "bang-ron-doc", "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    expected = {"bang-ron-ngang": (5.0, 0.8), "bang-ron-doc": (0.8, 3.0)}
    files = sorted((out / "bdg-2021").glob("*.png"))
    assert {f.name for f in files} == {f"bdg-2021-{f}-{t}.png" for f in expected for t in DEMO_TEXTS}
    for file in files:
        metres = expected["bang-ron-ngang" if "-ngang-" in file.name else "bang-ron-doc"]
        with Image.open(file) as image:  # the header only: the pixels are not decoded
            assert image.format == "PNG" and image.mode == "RGB"
            assert image.size == tuple(round(m / METRES_PER_INCH * 100) for m in metres)
            assert image.info["dpi"] == pytest.approx((100, 100), abs=0.01)
            shown = [side / dpi * METRES_PER_INCH for side, dpi in zip(image.size, image.info["dpi"], strict=True)]
            assert shown == pytest.approx(list(metres), abs=0.001)
    progress = progress_lines(result.stdout)
    assert {size for _, _, size, _ in progress.values()} == {"5,0 m × 0,8 m (19685 × 3150 px, 100 dpi)",
                                                              "0,8 m × 3,0 m (3150 × 11811 px, 100 dpi)"}  # fmt: skip
    check_summary(result.stdout, files)
    with Image.open(out / "bdg-2021" / "bdg-2021-bang-ron-doc-thong-diep-2.png") as image:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        image.reduce(8).save(ARTIFACTS / "banner-bdg-2021-bang-ron-doc-thong-diep-2.png")
