"""Campaign graphics in the site build: rendered through the cache (LOA_BANNER_CACHE, or the
project's .cache/banners), only what is missing or changed; published under
/chien-dich/<id>/bang-ron/ with previews under bang-ron/xem-truoc/; a gallery with download
links on the campaign page; the og graphic as og:image of the campaign page and of its
announcements.

The builds run `python -m loa build` (build_site) in a subprocess, with the output captured.
Screen formats and a small print format at 72 dpi keep the builds fast; one cache folder is
shared by the builds of this module."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO_ROOT, Project, announcement, create_project, link_target, meta_content, read_page
from PIL import Image

KIT_ID = "thu-nghiem"
THEME = "Chung tay xây dựng nông thôn mới, đô thị văn minh vì một Sóc Trăng giàu đẹp"
SLOGAN_1 = "Mỗi người dân là một chiến sĩ bảo vệ môi trường"
SLOGAN_2 = "Sống xanh, sống sạch, sống khỏe"
SLOGAN_2_NEW = "Sống xanh, sống sạch, sống khỏe mỗi ngày"
TEXTS = {
    "chu-de": ("Chủ đề", THEME),
    "thong-diep-1": ("Thông điệp 1", SLOGAN_1),
    "thong-diep-2": ("Thông điệp 2", SLOGAN_2),
}
METRES_PER_INCH = 0.0254
FORMATS = {  # id: (title, width, height, dpi)
    "og": ("Ảnh chia sẻ mạng xã hội (Open Graph)", 1200, 630, None),
    "square": ("Ảnh vuông mạng xã hội", 1080, 1080, None),
    "web-hero": ("Ảnh đầu trang web", 1920, 600, None),
    "bang-ron-nho": (
        "Băng rôn nhỏ 0,6 m × 0,2 m",
        round(0.6 / METRES_PER_INCH * 72),
        round(0.2 / METRES_PER_INCH * 72),
        72,
    ),
}
FORMATS_FILE = (
    "og:\n  title: Ảnh chia sẻ mạng xã hội (Open Graph)\n  width: 1200\n  height: 630\n  min_text_px: 30\n"
    "square:\n  title: Ảnh vuông mạng xã hội\n  width: 1080\n  height: 1080\n  min_text_px: 36\n"
    "web-hero:\n  title: Ảnh đầu trang web\n  width: 1920\n  height: 600\n  min_text_px: 32\n"
    "bang-ron-nho:\n  title: Băng rôn nhỏ 0,6 m × 0,2 m\n"
    "  width_m: 0.6\n  height_m: 0.2\n  dpi: 72\n  min_text_mm: 20\n"
)
SITE_URL = "https://stc.soctrang.example.vn/"
BUILD_DATE = "1717200000"  # 2024-06-01: the campaign is running
GRAPHICS_LOG = re.compile(r"Ảnh chiến dịch: (\d+) ảnh, vẽ mới (\d+), dùng lại (\d+)")
ANNOUNCEMENTS = {
    "2024/van-ban-chien-dich.md": announcement("Kế hoạch hưởng ứng chiến dịch", "2024-03-01", "ke-hoach",
                                               "12/KH-STC", campaign=KIT_ID),
    "2024/van-ban-khac.md": announcement("Thông báo lịch tiếp công dân", "2024-03-02", "thong-bao", "13/TB-STC"),
}  # fmt: skip
WITH_CAMPAIGN_URL = "tin-tuc/2024/van-ban-chien-dich/"
WITHOUT_CAMPAIGN_URL = "tin-tuc/2024/van-ban-khac/"


def kit_yaml(slogan_2: str = SLOGAN_2) -> str:
    return (
        f"name: Chiến dịch thử nghiệm xây dựng nông thôn mới\nshort_name: Nông thôn mới 2024\ntheme: {THEME}\n"
        f"start: 2024-01-01\nend: 2024-12-31\nslogans:\n  - {SLOGAN_1}\n  - {slogan_2}\n"
        'colors:\n  primary: "#14532D"\n  on_primary: "#FFFFFF"\n  accent: "#FACC15"\nlogo: logo.png\n'
    )


def make_site_project(root: Path, name: str, formats: str = FORMATS_FILE, kit: str | None = None) -> Project:
    project = create_project(root, ANNOUNCEMENTS, campaigns={KIT_ID: kit or kit_yaml()}, name=name)
    kit_dir = project.root / "assets" / "campaigns" / KIT_ID
    (kit_dir / "logo.png").write_bytes((REPO_ROOT / "assets" / "campaigns" / "bdg-2021" / "logo.png").read_bytes())
    (project.root / "assets" / "banners" / "formats.yml").write_text(formats, encoding="utf-8")
    return project


@dataclass(frozen=True)
class Build:
    code: int
    output: str
    site: Path
    cache: dict[str, tuple[int, str]]  # cache file name -> (mtime_ns, sha256) after the build

    def counts(self) -> tuple[int, int, int]:
        found = GRAPHICS_LOG.findall(self.output)
        assert len(found) == 1, f"no single graphics line in the build output:\n{self.output}"
        return tuple(int(n) for n in found[0])  # type: ignore[return-value]


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    if not folder.is_dir():
        return {}
    return {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in folder.iterdir() if p.is_file()}  # fmt: skip


def build(project: Project, site: Path, cache: Path | None) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_DATE}
    env.pop("LOA_BANNER_CACHE", None)
    if cache is not None:
        env["LOA_BANNER_CACHE"] = str(cache)
    result = subprocess.run([sys.executable, "-m", "loa", "--config-file", str(project.config_file), "build",
                             "--site-dir", str(site)], env=env, capture_output=True, text=True, check=False,
                            timeout=600)  # fmt: skip
    folder = cache if cache is not None else project.root / ".cache" / "banners"
    return Build(result.returncode, result.stdout + result.stderr, site, snapshot(folder))


# --------------------------------------------------------------------------- module builds


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("banner-cache")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return make_site_project(tmp_path_factory.mktemp("banner-site"), "project")


@pytest.fixture(scope="module")
def first(project, cache) -> Build:
    result = build(project, project.root / "site-1", cache)
    assert result.code == 0, result.output
    return result


@pytest.fixture(scope="module")
def second(first, project, cache) -> Build:
    """The same project built again with the same cache."""
    result = build(project, project.root / "site-2", cache)
    assert result.code == 0, result.output
    return result


@pytest.fixture(scope="module")
def changed(second, project, cache) -> Build:
    """Message 2 edited in campaign.yml, then built again with the same cache."""
    kit = project.root / "assets" / "campaigns" / KIT_ID / "campaign.yml"
    kit.write_text(kit_yaml(SLOGAN_2_NEW), encoding="utf-8")
    result = build(project, project.root / "site-3", cache)
    assert result.code == 0, result.output
    return result


def banner_files(site: Path) -> dict[str, bytes]:
    folder = site / "chien-dich" / KIT_ID / "bang-ron"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.png")}


def expected_names() -> set[str]:
    return {f"{KIT_ID}-{fmt}-{slug}.png" for fmt in FORMATS for slug in TEXTS}


# --------------------------------------------------------------------------- the cache


def test_the_first_build_renders_every_graphic(first):
    count = len(FORMATS) * len(TEXTS)
    assert first.counts() == (count, count, 0)
    assert len([n for n in first.cache if n.endswith("-preview.png")]) == count
    assert len(first.cache) == 2 * count, sorted(first.cache)


def test_an_unchanged_build_renders_nothing(first, second):
    count = len(FORMATS) * len(TEXTS)
    assert second.counts() == (count, 0, count)
    assert "vẽ mới 0" in second.output
    assert second.cache == first.cache, "the cached files were written again (mtime or content changed)"
    assert banner_files(second.site) == banner_files(first.site)


def test_a_changed_message_renders_only_its_graphics(first, second, changed):
    count = len(FORMATS) * len(TEXTS)
    assert changed.counts() == (count, len(FORMATS), count - len(FORMATS))
    new = {name: value for name, value in changed.cache.items() if name not in second.cache}
    assert len(new) == 2 * len(FORMATS), sorted(new)
    for name, value in second.cache.items():
        assert changed.cache[name] == value, f"{name} was touched"
    before, after = banner_files(second.site), banner_files(changed.site)
    assert set(before) == set(after)
    new_contents = {digest for _, digest in new.values()}
    for name in after:
        if "-thong-diep-2.png" in name:
            assert after[name] != before[name], name
            assert hashlib.sha256(after[name]).hexdigest() in new_contents, f"{name} is not a new cache file"
        else:
            assert after[name] == before[name], f"{name} changed though its text did not"
    page = read_page(changed.site, f"chien-dich/{KIT_ID}/")
    assert any(SLOGAN_2_NEW in (img.get("alt") or "") for img in page.select(".loa-campaign__gallery img"))


def test_the_default_cache_is_the_projects_and_renders_the_same_bytes(tmp_path, first):
    """Without LOA_BANNER_CACHE the graphics go to <project>/.cache/banners; rendered again from
    nothing in another process, the same inputs give byte-identical files under the same keys."""
    fresh = make_site_project(tmp_path, "fresh")
    result = build(fresh, fresh.root / "site", None)
    assert result.code == 0, result.output
    count = len(FORMATS) * len(TEXTS)
    assert result.counts() == (count, count, 0)
    assert (fresh.root / ".cache" / "banners").is_dir()
    assert {name: digest for name, (_, digest) in result.cache.items()} == {
        name: digest for name, (_, digest) in first.cache.items()
    }
    assert banner_files(result.site) == banner_files(first.site)


def test_a_graphic_that_cannot_be_made_fails_the_build(tmp_path, cache):
    formats = FORMATS_FILE + "tem:\n  title: Tem\n  width: 240\n  height: 120\n  min_text_px: 28\n"
    project = make_site_project(tmp_path, "tem", formats=formats)
    result = build(project, project.root / "site", cache)
    assert result.code != 0
    assert KIT_ID in result.output and "khổ tem" in result.output and THEME in result.output
    assert not (project.root / "site").exists()


# --------------------------------------------------------------------------- the gallery


def test_the_campaign_page_shows_a_gallery_of_every_format_and_text(first):
    site = first.site
    page_url = f"chien-dich/{KIT_ID}/"
    page = read_page(site, page_url)
    gallery = page.select_one(".loa-campaign__gallery")
    assert [h.text() for h in gallery.select("h3")] == [label for label, _ in TEXTS.values()]
    figures = gallery.select("figure")
    assert len(figures) == len(FORMATS) * len(TEXTS)
    seen = set()
    for figure in figures:
        img = figure.select_one("img")
        link = figure.select_one("a[download]")
        full = link_target(site, page_url, link.get("href"))
        preview = link_target(site, page_url, img.get("src"))
        assert full.is_file(), f"download link {link.get('href')} resolves to nothing"
        assert preview.is_file(), f"preview {img.get('src')} resolves to nothing"
        assert full.parent == site / "chien-dich" / KIT_ID / "bang-ron"
        assert preview.parent == full.parent / "xem-truoc"
        match = re.fullmatch(rf"{KIT_ID}-(.+)-(chu-de|thong-diep-\d)\.png", full.name)
        assert match, full.name
        fmt, slug = match.groups()
        seen.add((fmt, slug))
        title, width, height, dpi = FORMATS[fmt]
        label, text = TEXTS[slug]
        assert link.text() == title
        assert text in (img.get("alt") or ""), img.get("alt")
        caption = figure.select_one("figcaption").text()
        with Image.open(full) as image:
            assert image.format == "PNG" and image.size == (width, height)
            if dpi:
                assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.01)
                assert f"{width} × {height} px, {dpi} dpi" in caption
            else:
                assert f"{width} × {height} px" in caption and "dpi" not in image.info
        with Image.open(preview) as small:
            assert max(small.size) <= 480, f"{preview.name}: preview {small.size}"
            assert abs(small.size[0] / small.size[1] - width / height) < 0.02
        assert full.stat().st_size > preview.stat().st_size
        shown_kb = re.search(r"PNG, (\d+) KB", caption)
        assert shown_kb and abs(int(shown_kb.group(1)) - full.stat().st_size / 1024) <= 1, caption
    assert seen == {(fmt, slug) for fmt in FORMATS for slug in TEXTS}
    assert set(banner_files(site)) == expected_names() | {f"xem-truoc/{n}" for n in expected_names()}


def og_image_of(site: Path, url: str) -> tuple[str | None, str | None, str | None]:
    page = read_page(site, url)
    return meta_content(page, "og:image"), meta_content(page, "og:image:width"), meta_content(page, "og:image:height")


@pytest.mark.parametrize("url", [f"chien-dich/{KIT_ID}/", WITH_CAMPAIGN_URL], ids=["campaign", "announcement"])
def test_the_campaign_og_graphic_is_the_og_image(first, url):
    image_url, width, height = og_image_of(first.site, url)
    assert image_url is not None, f"no og:image on /{url}"
    assert image_url.startswith(SITE_URL), image_url
    path = unquote(urlsplit(image_url).path).lstrip("/")
    assert path == f"chien-dich/{KIT_ID}/bang-ron/{KIT_ID}-og-chu-de.png"
    file = first.site / path
    assert file.is_file()
    with Image.open(file) as image:
        assert image.size == (1200, 630)
    assert (width, height) == ("1200", "630")


def test_an_announcement_without_a_campaign_has_no_og_image(first):
    assert og_image_of(first.site, WITHOUT_CAMPAIGN_URL) == (None, None, None)
    assert (first.site / WITH_CAMPAIGN_URL / "index.html").is_file()
