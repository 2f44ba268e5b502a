"""Incremental builds (issue 9): after any sequence of edits, a build that reuses the build cache
(.cache/loa/, and the in-memory caches of a long-running process such as `mkdocs serve`) gives
byte for byte the site a clean build of the same content gives."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO_ROOT, Project, announcement, create_project
from test_build_errors import CAMPAIGN_YML, snapshot

from loa.site_build import build_site

KIT = "assets/campaigns/bdg-2021/campaign.yml"
TEMPLATE = "overrides/loa/announcement.html"
EPOCH = {"SOURCE_DATE_EPOCH": "1637712000"}  # inside the demo campaign: its bar shows
LOGO = REPO_ROOT / "assets" / "campaigns" / "bdg-2021" / "logo.png"


def cong_van(title: str, date: str, number: str, body: str = "Nội dung.", **fields: object) -> str:
    fields.setdefault("signer", "\n  name: Trần Quốc Sở\n  title: Phó Giám đốc")
    return announcement(title, date, "cong-van", number, body=body, **fields)


def starting_project(tmp_path: Path) -> Project:
    files = {
        "2021/mot.md": cong_van(
            "Công văn một",
            "2021-11-11",
            "1/STC-VP",
            "Xem [hai](hai.md).",
            tags="[ngân sách]",
            campaign="bdg-2021",
            references='["3/TB-STC"]',  # its link in the data JSON goes when ba is deleted
        ),  # fmt: skip
        "2021/hai.md": cong_van("Công văn hai", "2021-11-12", "2/STC-VP", "## Mục\n\nNội dung hai.", tags="[giá]"),
        "2021/ba.md": announcement("Thông báo ba", "2021-11-13", number="3/TB-STC", body="Xem [mục](hai.md#muc)."),
    }
    project = create_project(tmp_path, files, campaigns={"bdg-2021": CAMPAIGN_YML + "logo: logo.png\n"})
    shutil.copy2(LOGO, project.root / "assets" / "campaigns" / "bdg-2021" / "logo.png")
    (project.root / "assets" / "banners" / "formats.yml").write_text(OG_ONLY, encoding="utf-8")
    return project


# One small format keeps each build quick; the graphics still depend on the kit and its logo.
OG_ONLY = "og:\n  title: Ảnh chia sẻ\n  width: 600\n  height: 315\n  min_text_px: 12\n"


def clean_build(project: Project, tmp_path: Path, name: str) -> dict[str, str]:
    """The same content built from nothing: a copy without any cache."""
    copy = tmp_path / f"clean-{name}"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns("site", ".cache", ".site-*"))
    env = {**EPOCH, "LOA_BANNER_CACHE": str(copy / ".cache" / "banners")}
    assert build_site(copy / "mkdocs.yml", copy / "site", extra_env=env) == 0
    return snapshot(copy / "site")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def replace_logo(project: Project) -> None:
    """The kit's logo replaced in place by another image of the same size in bytes and time."""
    from PIL import Image

    logo = project.root / "assets" / "campaigns" / "bdg-2021" / "logo.png"
    stat = logo.stat()
    Image.new("RGB", (64, 64), "#00AA00").save(logo, format="PNG")
    data = logo.read_bytes()
    logo.write_bytes(data + b"\0" * max(0, stat.st_size - len(data)))  # PNG readers ignore what follows IEND
    os.utime(logo, ns=(stat.st_atime_ns, stat.st_mtime_ns))


EDITS: list[tuple[str, Callable[[Project], None]]] = [
    ("body", lambda p: edit(p.posts / "2021/hai.md", "Nội dung hai.", "Nội dung hai, đã sửa.")),
    ("title", lambda p: edit(p.posts / "2021/hai.md", "Công văn hai", "Công văn hai (sửa tiêu đề)")),
    ("date", lambda p: edit(p.posts / "2021/ba.md", "2021-11-13", "2021-11-10")),
    ("tags", lambda p: edit(p.posts / "2021/mot.md", "tags: [ngân sách]", "tags: [ngân sách, giá]")),
    ("new file", lambda p: (p.posts / "2021/bon.md").write_text(
        cong_van("Công văn bốn", "2021-11-20", "4/STC-VP", tags="[giá]"), encoding="utf-8")),  # fmt: skip
    ("deleted file", lambda p: (p.posts / "2021/ba.md").unlink()),
    ("anchor target", lambda p: edit(p.posts / "2021/hai.md", "## Mục", "## Mục lớn")),
    ("campaign kit", lambda p: edit(p.root / KIT, "chìa khóa", "chìa khoá")),
    ("logo", replace_logo),
    ("template", lambda p: edit(p.root / TEMPLATE, "Thông tin văn bản", "Thông tin về văn bản")),
    ("mkdocs.yml", lambda p: edit(p.config_file, "page_size: 10", "page_size: 1")),
]  # fmt: skip


def test_every_edit_gives_what_a_clean_build_gives(tmp_path: Path) -> None:
    project = starting_project(tmp_path)
    env = {**EPOCH, "LOA_BANNER_CACHE": str(project.root / ".cache" / "banners")}
    assert build_site(project.config_file, project.site_dir, extra_env=env) == 0
    assert (project.root / ".cache" / "loa" / "pages.sqlite3").is_file(), "the build keeps no cache"
    for name, apply in EDITS:
        apply(project)
        assert build_site(project.config_file, project.site_dir, extra_env=env) == 0, name
        incremental = snapshot(project.site_dir)
        clean = clean_build(project, tmp_path, name.replace(" ", "-"))
        differing = sorted(p for p in incremental.keys() | clean.keys() if incremental.get(p) != clean.get(p))
        assert differing == [], f"after the edit '{name}' the incremental build differs from a clean one"


def test_a_long_running_process_reuses_its_caches_correctly(tmp_path: Path, monkeypatch) -> None:
    """As `mkdocs serve` does: builds in one process, the in-memory caches kept between them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = starting_project(tmp_path)
    for key, value in {**EPOCH, "NO_MKDOCS_2_WARNING": "1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("LOA_BANNER_CACHE", str(project.root / ".cache" / "banners"))
    monkeypatch.chdir(project.root)

    def build_in_process() -> dict[str, str]:
        build(load_config(config_file=str(project.config_file), site_dir=str(project.site_dir)))
        return snapshot(project.site_dir)

    build_in_process()
    for name, apply in EDITS[:6] + EDITS[7:9]:
        apply(project)
        served = build_in_process()
        clean = clean_build(project, tmp_path, "serve-" + name.replace(" ", "-"))
        differing = sorted(p for p in served.keys() | clean.keys() if served.get(p) != clean.get(p))
        assert differing == [], f"after the edit '{name}' the rebuilt site differs from a clean one"


@pytest.mark.parametrize("cache_file", ["bodies.sqlite3", "pages.sqlite3", "sources.sqlite3"])
def test_a_damaged_cache_is_rebuilt_not_trusted(tmp_path: Path, cache_file: str) -> None:
    project = starting_project(tmp_path)
    env = {**EPOCH, "LOA_BANNER_CACHE": str(project.root / ".cache" / "banners")}
    assert build_site(project.config_file, project.site_dir, extra_env=env) == 0
    before = snapshot(project.site_dir)
    for leftover in (project.root / ".cache" / "loa").glob(cache_file + "-*"):
        leftover.unlink()  # the database's journal, whose pages would mend the file
    (project.root / ".cache" / "loa" / cache_file).write_bytes(b"not a database" * 100)
    assert build_site(project.config_file, project.site_dir, extra_env=env) == 0
    assert snapshot(project.site_dir) == before


def test_nothing_changed_means_nothing_is_built(tmp_path: Path) -> None:
    """`loa build` twice: the second does nothing; any change to an input, or to the built site
    itself, builds again."""
    import subprocess
    import sys

    from loa.site_build import site_is_up_to_date

    project = starting_project(tmp_path)
    build_env = {**EPOCH, "LOA_BANNER_CACHE": str(project.root / ".cache" / "banners")}

    def loa_build() -> str:
        command = [sys.executable, "-m", "loa", "build", "--site-dir", "site"]  # the include goes to dist/
        done = subprocess.run(command, cwd=project.root, env={**os.environ, **build_env}, capture_output=True,
                              text=True, check=True)  # fmt: skip
        return done.stdout

    assert "Đã xây dựng" in loa_build()
    assert site_is_up_to_date(project.config_file, project.site_dir, build_env)
    before = snapshot(project.site_dir)
    assert "Không có gì thay đổi" in loa_build()
    assert snapshot(project.site_dir) == before
    edit(project.posts / "2021/hai.md", "Nội dung hai.", "Nội dung hai mới.")
    assert not site_is_up_to_date(project.config_file, project.site_dir, build_env)
    assert "Đã xây dựng" in loa_build()
    (project.site_dir / "index.html").write_text("sửa tay", encoding="utf-8")
    assert "Đã xây dựng" in loa_build()
    assert site_is_up_to_date(project.config_file, project.site_dir, build_env)
    assert not site_is_up_to_date(
        project.config_file, project.site_dir, {**build_env, "SOURCE_DATE_EPOCH": "1700000000"}
    )


def test_a_preview_rebuilds_edited_announcements_alone_as_a_clean_build_would(tmp_path: Path, monkeypatch) -> None:
    """`mkdocs serve --dirty`: after a full build, edits of announcement files are rebuilt by Loa
    alone (no MkDocs rebuild); each result equals a clean build. Other edits fall back to MkDocs."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = starting_project(tmp_path)
    for key, value in {**EPOCH, "NO_MKDOCS_2_WARNING": "1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("LOA_BANNER_CACHE", str(project.root / ".cache" / "banners"))
    monkeypatch.chdir(project.root)
    config = load_config(config_file=str(project.config_file), site_dir=str(project.site_dir))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        plugin = config.plugins["loa"]
        for name, apply in EDITS[:7]:  # bodies, titles, dates, tags, a new file, a deleted file, an anchor
            apply(project)
            assert plugin.rebuild_announcements(), f"the edit '{name}' should not need MkDocs"
            served = snapshot(project.site_dir)
            clean = clean_build(project, tmp_path, "fast-" + name.replace(" ", "-"))
            differing = sorted(p for p in served.keys() | clean.keys() if served.get(p) != clean.get(p))
            assert differing == [], f"after the edit '{name}' the preview differs from a clean build"
        EDITS[7][1](project)  # the campaign kit: not an announcement
        assert not plugin.rebuild_announcements()
    finally:
        config.plugins.on_shutdown()  # the preview's values are no longer remembered


def test_a_preview_does_not_watch_the_site_loa_build_made(tmp_path: Path) -> None:
    """`make serve` builds into a folder of its own while the site/ of `make site` stays in the
    project: its thousands of files are outputs, neither inputs to watch nor to fingerprint."""
    from loa.site_build import project_file_states, record_path

    project = starting_project(tmp_path)
    built = project.root / "site" / "tin-tuc" / "index.html"
    built.parent.mkdir(parents=True)
    built.write_text("<p>đã xây dựng</p>", encoding="utf-8")
    elsewhere = tmp_path / "serve-site"
    assert str(built) in project_file_states(project.root, elsewhere), "without a build record it is a folder"
    record_path(project.root / "site").write_text("{}", encoding="utf-8")
    states = project_file_states(project.root, elsewhere)
    assert not [path for path in states if path.startswith(str(project.root / "site") + os.sep)]
    assert str(project.posts / "2021" / "mot.md") in states


def test_a_cache_written_by_other_code_is_not_used(tmp_path: Path, monkeypatch) -> None:
    """Every key holds Loa's code, so a cache of another version cannot be used: its values are
    dropped when it is opened (after an upgrade, at 30,000 announcements, that was hundreds of
    megabytes), and the file of the format before this one is removed."""
    from loa import build_cache

    cache = build_cache.BuildCache(tmp_path, "bodies")
    cache.put("k", "giá trị")
    cache.save()
    cache.close()
    assert build_cache.BuildCache(tmp_path, "bodies").get("k") == "giá trị"
    monkeypatch.setattr(build_cache, "code_signature", lambda: "mã khác")
    assert build_cache.BuildCache(tmp_path, "bodies").get("k") is None
    monkeypatch.undo()
    assert build_cache.BuildCache(tmp_path, "bodies").get("k") is None  # dropped, not kept aside
    (tmp_path / "pages.pickle").write_bytes(pickle.dumps({"k": "giá trị"}))  # an old format
    assert build_cache.BuildCache(tmp_path, "pages").get("k") is None
    assert not (tmp_path / "pages.pickle").exists()


def test_a_cache_file_of_the_format_before_is_made_over(tmp_path: Path) -> None:
    """Format 2 kept its values in a table without row ids (slow to fill with large values): a
    file of it is emptied and takes the new table, which then keeps values as any other."""
    import sqlite3

    from loa import build_cache

    old = sqlite3.connect(tmp_path / "pages.sqlite3", isolation_level=None)
    old.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
    old.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID")
    old.execute("INSERT INTO meta VALUES ('writer', ?)", (repr(("2", *build_cache._writer()[1:])),))
    old.execute("INSERT INTO entries VALUES ('k', ?)", (pickle.dumps("cũ"),))
    old.close()
    cache = build_cache.BuildCache(tmp_path, "pages")
    assert cache.get("k") is None
    cache.put("k", "mới")
    cache.save()
    cache.close()
    assert build_cache.BuildCache(tmp_path, "pages").get("k") == "mới"
    tables = sqlite3.connect(tmp_path / "pages.sqlite3").execute("SELECT sql FROM sqlite_master WHERE name = 'entries'")
    assert "WITHOUT ROWID" not in tables.fetchone()[0]


def test_a_build_holds_no_cached_value_in_memory(tmp_path: Path) -> None:
    """Values go to the file as they are made (in transactions of a few megabytes), and what a
    build did not use is forgotten when it saves."""
    from loa import build_cache

    cache = build_cache.BuildCache(tmp_path, "pages")
    texts = {f"trang-{n}": f"<p>Trang {n}</p>" + os.urandom(3000).hex() for n in range(3000)}  # 18 MB
    for key, text in texts.items():
        cache.put(key, text)
    assert len(cache._pending) < 1500  # written as the build goes, not kept to the end
    cache.save()
    later = build_cache.BuildCache(tmp_path, "pages")
    assert later.get("trang-5") == texts["trang-5"]
    later.save()  # this build used one value
    assert build_cache.BuildCache(tmp_path, "pages").get("trang-6") is None
    assert build_cache.BuildCache(tmp_path, "pages").get("trang-5") is not None


def test_a_cache_that_started_empty_reads_back_only_what_its_build_wrote(tmp_path: Path) -> None:
    """A cold build does not look up the file for values nobody wrote; what it wrote itself
    (and flushed) it still finds; after its save, the next build reads everything again."""
    from loa import build_cache

    cold = build_cache.BuildCache(tmp_path, "pages")
    other = build_cache.BuildCache(tmp_path, "pages")  # as another process of the same build
    other.put("từ-tiến-trình-khác", "b")
    other.flush()
    cold.put("của-nó", "a")
    cold.flush()
    assert cold.get("của-nó") == "a"
    assert cold.get("từ-tiến-trình-khác") is None  # not asked for: made again, the same value
    cold.save()
    assert cold.get("từ-tiến-trình-khác") == "b"
    warm = build_cache.BuildCache(tmp_path, "pages")
    assert warm.get("của-nó") == "a"
    warm.save()  # a build that did not start empty forgets what it did not use
    assert build_cache.BuildCache(tmp_path, "pages").get("từ-tiến-trình-khác") is None


def test_a_preview_takes_cached_values_from_memory_and_a_build_does_not(tmp_path: Path) -> None:
    """While remember_values is on (a preview), the values of a cache the model holds anyway
    (bodies) are kept in the process: a later build's cache gives the very objects back, without
    reading and unpickling them; a save that prunes forgets them too. Off (a build), and for the
    pages (a preview would hold the whole site), each lookup reads a copy from the file."""
    from loa import build_cache

    def bodies() -> build_cache.BuildCache:
        return build_cache.BuildCache(tmp_path, "bodies", held_anyway=True)

    value = ("thân văn bản", frozenset({"muc"}))
    first = bodies()
    first.put("khóa", value)
    first.save()
    assert bodies().get("khóa") is not value  # a copy from the file
    pages = build_cache.BuildCache(tmp_path, "pages")
    pages.put("trang", ["<html>"])
    pages.save()
    build_cache.remember_values(True)
    try:
        page = build_cache.BuildCache(tmp_path, "pages").get("trang")
        assert page == ["<html>"] and build_cache.BuildCache(tmp_path, "pages").get("trang") is not page
        remembering = bodies()
        read = remembering.get("khóa")
        assert read == value and read is not value
        remembering.put("mới", ["giá trị"])
        remembering.save(prune=False)
        later = bodies()
        assert later.get("khóa") is read  # from memory, the very object
        assert later.get("mới") is remembering.get("mới")
        later.save()  # used "khóa" and "mới"
        pruning = bodies()
        assert pruning.get("khóa") is read
        pruning.save()  # used only "khóa": "mới" is forgotten in memory and in the file
        assert bodies().get("mới") is None
    finally:
        build_cache.remember_values(False)
    assert bodies().get("khóa") is not read


def test_values_made_from_kept_announcements_are_made_again_when_anything_else_changes() -> None:
    from loa import build_cache

    made: list[str] = []

    def make(text: str) -> Callable[[], str]:
        return lambda: made.append(text) or text

    kept: build_cache.MadeFromKept[str] = build_cache.MadeFromKept()
    owner, other = object(), object()
    assert kept.value(owner, ("a",), make("một")) == "một"
    kept.value(owner, ("a",), make("một"))
    assert made == ["một", "một"], "outside a preview nothing is kept"
    build_cache.remember_values(True)
    try:
        made.clear()
        assert kept.value(owner, ("a",), make("một")) == "một"
        assert kept.value(other, ("a",), make("hai")) == "hai"
        kept.end_round()
        assert kept.value(owner, ("a",), make("không gọi")) == "một"  # same object, same rest: kept
        assert kept.value(other, ("b",), make("hai mới")) == "hai mới"  # what it was made with changed
        assert kept.value(object(), ("a",), make("ba")) == "ba"  # another object
        kept.end_round()
        kept.end_round()  # a round that asked for nothing forgets everything
        assert kept.value(owner, ("a",), make("một lại")) == "một lại"
        assert made == ["một", "hai", "hai mới", "ba", "một lại"]
    finally:
        build_cache.remember_values(False)


def test_a_text_put_in_the_cache_or_a_pickled_body_keeps_no_utf8_copy_of_itself(tmp_path: Path) -> None:
    """CPython keeps a text's UTF-8 inside the text once pickle has asked for it, for as long as
    the text lives: the bodies and listing items a build holds grew by a tenth of the build's
    memory at 30,000 announcements. The cache stores a text as its UTF-8, and a rendered body
    pickles its HTML as bytes; both come back equal."""
    import sys

    from loa import build_cache
    from loa.news.body import BodyLink, RenderedBody

    text = "<p>Hưởng ứng Tháng hành động vì bình đẳng giới</p>\n" * 200
    size = sys.getsizeof(text)
    cache = build_cache.BuildCache(tmp_path, "pages")
    cache.put("trang", text)
    assert sys.getsizeof(text) == size
    cache.save()
    assert build_cache.BuildCache(tmp_path, "pages").get("trang") == text

    html = "<h2>Điều 1. Phạm vi điều chỉnh</h2>\n" * 100
    body = RenderedBody(html, frozenset({"dieu-1"}), (BodyLink("../2021/x.md", "tin-tuc/2021/x/", "", 3),), ())
    size = sys.getsizeof(html)
    again = pickle.loads(pickle.dumps(body, pickle.HIGHEST_PROTOCOL))
    assert sys.getsizeof(html) == size
    assert again == body and again.html == html
    bodies = build_cache.BuildCache(tmp_path, "bodies")
    bodies.put("thân", body)
    bodies.save()
    assert build_cache.BuildCache(tmp_path, "bodies").get("thân") == body
    assert sys.getsizeof(html) == size
    # A value that is not a text is pickled as before, whatever its first character would be.
    values = {"số": 0, "danh sách": ["\x00", b"\x00"], "rỗng": ""}
    for key, value in values.items():
        bodies.put(key, value)
    bodies.save()
    assert {key: build_cache.BuildCache(tmp_path, "bodies").get(key) for key in values} == values


def test_texts_of_bodies_are_remembered_in_a_preview_only() -> None:
    """A preview reads most bodies again at every rebuild, and remembers their texts; a build
    reads each once, and would only hold them (19 MB of paragraphs at 30,000 announcements)."""
    from loa import build_cache

    calls: list[str] = []
    text_of = build_cache.remembered_in_preview(lambda html: calls.append(html) or html.upper(), maxsize=8)
    assert [text_of("a"), text_of("a")] == ["A", "A"]
    assert calls == ["a", "a"], "outside a preview nothing is kept"
    build_cache.remember_values(True)
    try:
        calls.clear()
        assert [text_of("b"), text_of("b"), text_of("c")] == ["B", "B", "C"]
        assert calls == ["b", "c"]
    finally:
        build_cache.remember_values(False)
