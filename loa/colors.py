"""Colours as designers write them (#RRGGBB) and the WCAG contrast between two of them."""

from __future__ import annotations

import math
import re

HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
MINIMUM_CONTRAST = 4.5  # WCAG 2.x AA for normal text


def parse_hex(colour: str) -> tuple[int, int, int]:
    """(r, g, b) of "#RRGGBB"; ValueError for anything else."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, from 1 (same colour) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def format_ratio(ratio: float) -> str:
    """A contrast ratio to two decimals, never rounded up to the minimum it misses
    (4.49998 is "4.49:1", not "4.50:1")."""
    shown = round(ratio, 2)
    if ratio < MINIMUM_CONTRAST <= shown:
        shown = math.floor(ratio * 100) / 100
    return f"{shown:.2f}:1"
