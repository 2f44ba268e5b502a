"""mkdocs.yml as Loa's commands (`loa new`, `drift`, `banners`, the nginx include) need it,
read the way MkDocs reads it for a build: `INHERIT:` merged, `!ENV` resolved, every option
validated by MkDocs' own schema, and the loa plugin's options by the plugin's own config class
with its defaults. Nothing is built, and MkDocs' log stays quiet: the build reports warnings."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs import exceptions
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig

from loa.mkdocs_plugin.config import LoaConfig


class SettingsError(Exception):
    """mkdocs.yml cannot be read or is not valid; the message names the file and says why."""


class _CommandConfig(MkDocsConfig):
    """MkDocs' own schema, except that the docs folder need not exist yet: `loa new` makes it."""

    docs_dir = config_options.DocsDir(default="docs", exists=False)


@dataclass(frozen=True)
class ProjectSettings:
    """What the commands need of a project's mkdocs.yml. Paths are the config file's folder as
    given (so messages show `docs/…` when the command was given `mkdocs.yml`) joined with the
    paths MkDocs and the plugin resolve."""

    config_file: Path
    project_dir: Path
    docs_dir: Path
    site_url: str | None
    agency: object  # `extra.agency` as written; loa.content.agency.load_agency checks it
    loa: LoaConfig  # the loa plugin's options, validated, with its defaults

    @property
    def campaigns_dir(self) -> Path:
        return self.project_dir / self.loa.campaigns_dir

    @property
    def fonts_dir(self) -> Path:
        return self.project_dir / self.loa.fonts_dir

    @property
    def banner_formats(self) -> Path:
        return self.project_dir / self.loa.banner_formats

    @property
    def embed_hosts(self) -> list[str]:
        return list(self.loa.embed_hosts)


def read_project_settings(config_file: Path) -> ProjectSettings:
    """The settings of the project whose mkdocs.yml is `config_file`; SettingsError naming the
    file when it is missing, unreadable or invalid as MkDocs sees it."""
    if not config_file.is_file():
        raise SettingsError(f"{config_file}: không thấy tệp cấu hình; cần đường dẫn tới mkdocs.yml")
    config_path = os.path.abspath(config_file)  # as MkDocs' load_config names it
    config = _CommandConfig(config_file_path=config_path)
    with _quiet_mkdocs_log():
        try:
            with open(config_path, "rb") as handle:
                config.load_file(handle)  # INHERIT, !ENV and !relative, as MkDocs loads it
            errors, _warnings = config.validate()
        except (exceptions.ConfigurationError, OSError, UnicodeDecodeError) as error:
            raise SettingsError(f"{config_file}: không đọc được cấu hình: {error}") from error
    if errors:
        found = "; ".join(f"trường '{key}': {error}" for key, error in errors)
        raise SettingsError(f"{config_file}: cấu hình không hợp lệ, {found}")
    project_dir = config_file.parent
    extra = config.extra or {}
    return ProjectSettings(
        config_file=config_file,
        project_dir=project_dir,
        docs_dir=_as_given(config.docs_dir, os.path.dirname(config_path), project_dir),
        site_url=config.site_url,
        agency=extra.get("agency"),
        loa=_loa_options(config),
    )


def _as_given(path: str, config_dir: str, project_dir: Path) -> Path:
    """An absolute path MkDocs resolved, under the config file's folder as the command was given
    it when it lies inside that folder."""
    relative = os.path.relpath(path, config_dir)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(path)
    return project_dir / relative


def _loa_options(config: MkDocsConfig) -> LoaConfig:
    """The loa plugin's validated options; its defaults when the plugin is not in `plugins`
    (or is switched off with `enabled: false`)."""
    for plugin in config.plugins.values():
        if isinstance(plugin.config, LoaConfig):
            return plugin.config
    defaults = LoaConfig()
    errors, _ = defaults.validate()
    assert not errors, errors  # the plugin's own defaults are valid
    return defaults


@contextmanager
def _quiet_mkdocs_log() -> Iterator[None]:
    """MkDocs and its plugins log while a config loads (debug lines, deprecation notes): not for
    the webmaster's commands, whose own messages say what is wrong."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)
