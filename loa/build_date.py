"""The date a build is "made on": campaign statuses and the campaign bar depend on it.

SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) fixes it, so
that a build is reproducible and tests can place a build inside or outside a campaign;
otherwise it is today, in Vietnam.
"""

from __future__ import annotations

import datetime as dt
import os

VIETNAM = dt.timezone(dt.timedelta(hours=7))
VARIABLE = "SOURCE_DATE_EPOCH"


class BuildDateError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a number of seconds."""


def build_date(environ: dict[str, str] | None = None) -> dt.date:
    environ = os.environ if environ is None else environ
    value = environ.get(VARIABLE, "").strip()
    if not value:
        return dt.datetime.now(VIETNAM).date()
    expected = "cần số giây kể từ 1970-01-01 (Unix time), ví dụ 1637712000"
    if not value.isdigit():
        raise BuildDateError(f"biến môi trường {VARIABLE}: gặp '{value}'; {expected}")
    try:
        return dt.datetime.fromtimestamp(int(value), VIETNAM).date()
    except (ValueError, OverflowError, OSError) as error:  # milliseconds, or beyond year 9999
        raise BuildDateError(
            f"biến môi trường {VARIABLE}: gặp '{value}', ngoài khoảng ngày có thể; {expected}"
        ) from error
