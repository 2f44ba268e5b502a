"""Compiled templates kept between builds (loa.mkdocs_plugin.compiled_templates): the project's in
its build cache, an installed theme's per user; reused only for the same source and the same
environment options; a cache that cannot be written is a cache missed, not a failed build."""

from __future__ import annotations

from pathlib import Path

import jinja2

from loa.mkdocs_plugin.compiled_templates import CompiledTemplates, user_cache_dir


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    project, theme = tmp_path / "project" / "overrides", tmp_path / "site-packages" / "theme"
    for folder, text in ((project, "Dự án: {{ x }}"), (theme, "{% block b %}Giao diện: {{ x }}{% endblock %}")):
        folder.mkdir(parents=True)
        (folder / ("own.html" if folder is project else "base.html")).write_text(text, encoding="utf-8")
    return project, theme


def _environment(project: Path, theme: Path, **options: object) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(project), str(theme)]), **options)  # noqa: S701


def _cached(folder: Path) -> list[Path]:
    return sorted(folder.glob("__jinja2_*.cache")) if folder.is_dir() else []


def test_the_projects_templates_go_to_its_cache_and_the_themes_to_the_users(tmp_path: Path) -> None:
    project, theme = _folders(tmp_path)
    project_cache, user_cache = tmp_path / "project" / ".cache" / "jinja", tmp_path / "user" / "templates"
    environment = _environment(project, theme)
    environment.bytecode_cache = CompiledTemplates(environment, tmp_path / "project", project_cache, user_cache)
    assert environment.get_template("own.html").render(x=1) == "Dự án: 1"
    assert environment.get_template("base.html").render(x=2) == "Giao diện: 2"
    assert len(_cached(project_cache)) == 1 and len(_cached(user_cache)) == 1

    # A build from nothing (no project cache) finds the theme's compiled, compiles its own again.
    compiled: list[str] = []
    again = _environment(project, theme)
    real_compile = again.compile

    def compile_and_tell(source, name=None, filename=None, raw=False, defer_init=False):  # noqa: ANN001, ANN202
        compiled.append(name)
        return real_compile(source, name, filename, raw, defer_init)

    again.compile = compile_and_tell  # type: ignore[method-assign]
    again.bytecode_cache = CompiledTemplates(again, tmp_path / "project", tmp_path / "empty" / "jinja", user_cache)
    assert again.get_template("base.html").render(x=3) == "Giao diện: 3"
    assert again.get_template("own.html").render(x=4) == "Dự án: 4"
    assert compiled == ["own.html"]


def test_a_changed_source_or_environment_is_compiled_again(tmp_path: Path) -> None:
    project, theme = _folders(tmp_path)
    user_cache = tmp_path / "user"
    first = _environment(project, theme)
    first.bytecode_cache = CompiledTemplates(first, tmp_path / "project", tmp_path / "p", user_cache)
    first.get_template("base.html")
    other = _environment(project, theme, trim_blocks=True)  # another shape of compiled code
    other.bytecode_cache = CompiledTemplates(other, tmp_path / "project", tmp_path / "p", user_cache)
    other.get_template("base.html")
    assert len(_cached(user_cache)) == 2
    (theme / "base.html").write_text("Đã sửa: {{ x }}", encoding="utf-8")
    edited = _environment(project, theme)
    edited.bytecode_cache = CompiledTemplates(edited, tmp_path / "project", tmp_path / "p", user_cache)
    assert edited.get_template("base.html").render(x=5) == "Đã sửa: 5"  # Jinja checks the source


def test_a_cache_that_cannot_be_written_is_a_cache_missed(tmp_path: Path) -> None:
    project, theme = _folders(tmp_path)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    environment = _environment(project, theme)
    environment.bytecode_cache = CompiledTemplates(environment, tmp_path / "project", blocked / "p", blocked / "u")
    assert environment.get_template("base.html").render(x=6) == "Giao diện: 6"


def test_the_users_cache_follows_xdg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_dir() == tmp_path / "loa" / "templates"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert user_cache_dir() == Path.home() / ".cache" / "loa" / "templates"
