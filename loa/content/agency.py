"""Site identity: the agency behind the portal (mkdocs.yml, `extra.agency`)."""

from __future__ import annotations

from dataclasses import dataclass

from loa.content.errors import ContentError, describe
from loa.vietnamese import to_nfc

_REQUIRED = {
    "name": "tên cơ quan, ví dụ 'Sở Tài chính tỉnh Sóc Trăng'",
    "short_code": "chữ viết tắt dùng trong số ký hiệu, ví dụ 'STC'",
    "place": "địa danh, ví dụ 'Sóc Trăng'",
}
_OPTIONAL = ("parent", "address", "phone", "email")


@dataclass(frozen=True)
class Agency:
    name: str
    short_code: str
    place: str
    parent: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


def load_agency(raw: object, source: str = "mkdocs.yml") -> tuple[Agency | None, list[ContentError]]:
    """Read `extra.agency`; return the agency or the errors that prevent it."""
    if not isinstance(raw, dict):
        return None, [ContentError(source, "extra.agency", describe(raw), "một bảng khóa name, short_code, place")]
    errors: list[ContentError] = []
    values: dict[str, str | None] = {}
    for key, expected in _REQUIRED.items():
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            errors.append(ContentError(source, f"extra.agency.{key}", describe(value), expected))
        else:
            values[key] = to_nfc(value.strip())
    for key in _OPTIONAL:
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, (str, int)):
            errors.append(ContentError(source, f"extra.agency.{key}", describe(value), "một dòng chữ"))
        else:
            values[key] = to_nfc(str(value).strip())
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    for key in unknown:
        errors.append(
            ContentError(
                source,
                f"extra.agency.{key}",
                "một khóa không có trong mô hình",
                "một trong " + ", ".join([*_REQUIRED, *_OPTIONAL]),
            )
        )
    if errors:
        return None, errors
    return Agency(**values), []  # type: ignore[arg-type]
