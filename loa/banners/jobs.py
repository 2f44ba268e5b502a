"""What one banner graphic is made of (its job) and the bytes it is drawn from: no drawing here,
so that planning graphics and finding them in the cache (every build) need not load Pillow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loa.banners.file_content import FileContent
from loa.banners.formats import BannerFormat


class BannerError(Exception):
    """The graphic cannot be made right; the message names kit, text, format and what would fit."""


@dataclass(frozen=True)
class BannerFonts:
    main: Path  # the official text
    header: Path  # the campaign's short name


@dataclass(frozen=True)
class BannerJob:
    """Everything one graphic depends on (and so everything its cache key is made of)."""

    campaign_id: str
    label: str  # "chủ đề" or "thông điệp 1": which official text
    text: str
    short_name: str
    background: str  # #RRGGBB
    foreground: str
    accent: str | None
    logo: Path | None
    banner_format: BannerFormat
    fonts: BannerFonts

    def describe(self) -> str:
        return f"bộ nhận diện {self.campaign_id}, {self.label}, khổ {self.banner_format.id}"


@dataclass(frozen=True)
class BannerInputs:
    """The bytes of the files one graphic is drawn from, each read once: the graphic and the
    cache key made of their digests come from the same bytes, even if a file changes meanwhile."""

    main_font: FileContent
    header_font: FileContent
    logo: FileContent | None


def read_inputs(job: BannerJob, read: Callable[[Path], FileContent] = FileContent.read) -> BannerInputs:
    """The job's fonts and logo as they are now (`read` may share one reading among the jobs
    of a build); BannerError naming the file when one cannot be read."""

    def read_file(path: Path, what: str) -> FileContent:
        try:
            return read(path)
        except OSError as error:
            raise BannerError(f"{job.describe()}: không đọc được {what} {path.name} ({error.strerror or error}); "
                              f"cần một tệp đọc được ở {path}") from error  # fmt: skip

    return BannerInputs(
        main_font=read_file(job.fonts.main, "phông"),
        header_font=read_file(job.fonts.header, "phông"),
        logo=read_file(job.logo, "biểu trưng") if job.logo else None,
    )
