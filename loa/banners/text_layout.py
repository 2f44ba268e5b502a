"""Setting Vietnamese text in a box: glyph coverage, balanced lines and the largest size that fits.

Lines are placed by their ink (getbbox with a baseline anchor), not by font metrics: stacked
diacritics (Ể, Ẫ, Ỗ, Ộ) rise above the font's ascent, and Pillow's multiline spacing lets
them touch the line above. Here every line's ink keeps a gap from the next line's ink.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

from loa.banners.file_content import FileContent, SharedBytes

NBSP = "\u00a0"  # the designer's "keep these words together"
LINE_GAP = 0.22  # free space between the ink of two lines, as a share of the font size
MIN_PITCH = 1.18  # baseline-to-baseline distance at least this share of the font size


def layout_engine() -> ImageFont.Layout:
    """Raqm when Pillow has it (complex shaping); the basic engine otherwise, which is correct for
    Vietnamese in NFC because every letter with its marks is one precomposed character."""
    return ImageFont.Layout.RAQM if ImageFont.core.HAVE_RAQM else ImageFont.Layout.BASIC


def font_content(font: Path | FileContent) -> FileContent:
    """A font file's bytes: given, or read now (a path alone is never a cache key)."""
    return font if isinstance(font, FileContent) else FileContent.read(font)


def load_font(font: Path | FileContent, size: int, engine: ImageFont.Layout) -> ImageFont.FreeTypeFont:
    """The font at one size, cached on the bytes of the font file."""
    return _font_at(font_content(font), size, engine)


@functools.lru_cache(maxsize=512)
def _font_at(font: FileContent, size: int, engine: ImageFont.Layout) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(SharedBytes(font.data), size, layout_engine=engine)


@functools.lru_cache(maxsize=16)
def _covered_codepoints(font: FileContent) -> frozenset[int]:
    with TTFont(io.BytesIO(font.data), lazy=True) as face:
        return frozenset(face.getBestCmap())


def clear_caches() -> None:
    """Forget every font loaded in this process (tests start cold with it)."""
    for cache in (_font_at, _covered_codepoints, _scaled_metrics):
        cache.cache_clear()


def missing_glyphs(text: str, font: Path | FileContent) -> list[str]:
    """Characters of `text` the font cannot draw (they would come out as boxes)."""
    covered = _covered_codepoints(font_content(font))
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered} | (
        {NBSP} if NBSP in text and ord(NBSP) not in covered else set()))  # fmt: skip


def split_words(text: str) -> list[str]:
    """Break points are ordinary spaces only: words joined by a no-break space stay one unit."""
    return [word for word in text.split(" ") if word.strip(" \t\r\n")]


@dataclass(frozen=True)
class SetText:
    """Lines set at one size: each line's ink box relative to its baseline, and the pitch."""

    lines: tuple[str, ...]
    size: int
    ink: tuple[tuple[int, int, int, int], ...]  # (x0, y0, x1, y1) per line, baseline at y=0
    pitch: int  # baseline to baseline

    @property
    def width(self) -> int:
        return max(x1 - x0 for x0, _, x1, _ in self.ink)

    @property
    def height(self) -> int:
        return -self.ink[0][1] + self.pitch * (len(self.lines) - 1) + self.ink[-1][3]

    def baselines(self, top: int) -> list[int]:
        """The baseline of each line when the ink of the block starts at `top`."""
        first = top - self.ink[0][1]
        return [first + index * self.pitch for index in range(len(self.lines))]


def set_lines(lines: list[str], font: ImageFont.FreeTypeFont, size: int) -> SetText:
    ink = tuple(font.getbbox(line, anchor="ls") for line in lines)
    gap = round(LINE_GAP * size)
    pitch = max([round(MIN_PITCH * size)] + [ink[i][3] - ink[i + 1][1] + gap for i in range(len(lines) - 1)])
    return SetText(tuple(lines), size, ink, pitch)


class _Widths:
    """Advance widths of the words at one size: wrapping is then arithmetic, fast enough to
    bisect over widths and sizes (the ink of the chosen lines is measured afterwards)."""

    def __init__(self, words: list[str], font: ImageFont.FreeTypeFont):
        self.words = words
        self.space = font.getlength(" ")
        self.each = [font.getlength(word) for word in words]

    def line(self, start: int, end: int) -> float:
        return sum(self.each[start:end]) + self.space * (end - start - 1)


def _wrap(widths: _Widths, max_width: float) -> list[tuple[int, int]] | None:
    """Greedy fill: (start, end) word ranges; None when one word alone is wider than the box."""
    ranges: list[tuple[int, int]] = []
    start, width = 0, 0.0
    for index, word_width in enumerate(widths.each):
        if word_width > max_width:
            return None
        if index > start and width + widths.space + word_width > max_width:
            ranges.append((start, index))
            start, width = index, word_width
        else:
            width = word_width if index == start else width + widths.space + word_width
    ranges.append((start, len(widths.each)))
    return ranges


def wrap_balanced(words: list[str], font: ImageFont.FreeTypeFont, max_width: int) -> list[str] | None:
    """As few lines as filling each line would give, but of even length, and with no one-word
    last line where another break avoids it; None when one word alone is wider than the box."""
    if not words:
        return None
    widths = _Widths(words, font)
    greedy = _wrap(widths, max_width)
    if greedy is None:
        return None
    ranges = _even_breaks(widths, len(greedy), max_width)
    return [" ".join(words[start:end]) for start, end in ranges]


def _even_breaks(widths: _Widths, line_count: int, max_width: float) -> list[tuple[int, int]]:
    """The breaks into `line_count` lines whose longest line is the shortest possible (dynamic
    programming over break points), preferring a last line of two words or more when the
    longest line still fits the box that way."""
    count = len(widths.each)
    if line_count == 1:
        return [(0, count)]

    def solve(last_line_min: int) -> tuple[float, list[tuple[int, int]]] | None:
        # best[k][i]: (longest line, breaks) setting words[:i] in k lines
        best: list[dict[int, tuple[float, list[tuple[int, int]]]]] = [{0: (0.0, [])}]
        for lines in range(1, line_count + 1):
            row: dict[int, tuple[float, list[tuple[int, int]]]] = {}
            last = lines == line_count
            ends = [count] if last else range(lines, count - (line_count - lines) + 1)
            for end in ends:
                for start, (longest, breaks) in best[lines - 1].items():
                    if start >= end or (last and end - start < last_line_min):
                        continue
                    candidate = max(longest, widths.line(start, end))
                    if end not in row or candidate < row[end][0]:
                        row[end] = (candidate, [*breaks, (start, end)])
            best.append(row)
        return best[line_count].get(count)

    plain = solve(1)
    assert plain is not None  # the greedy fill found this many lines, so some breaks exist
    if count > line_count:  # room for a last line of two words
        preferred = solve(2)
        if preferred is not None and preferred[0] <= max_width:
            return preferred[1]
    return plain[1]


REFERENCE_SIZE = 256  # metrics measured once at this size are scaled to estimate other sizes


class _ScaledMetrics:
    """Word advances and per-character ink of one font at the reference size.

    Glyph metrics scale with the size (up to a pixel of hinting), so a candidate size is first
    judged on these scaled figures, arithmetic only; the chosen size is then checked on the
    real measurements. This keeps the search for the largest size cheap (a 1200 × 630 graphic
    in a few tens of milliseconds)."""

    def __init__(self, font: FileContent, engine: ImageFont.Layout):
        self.font = load_font(font, REFERENCE_SIZE, engine)
        self.space = self.font.getlength(" ")
        self._advance: dict[str, float] = {}
        self._ink: dict[str, tuple[int, int]] = {}

    def advance(self, word: str) -> float:
        if word not in self._advance:
            self._advance[word] = self.font.getlength(word)
        return self._advance[word]

    def ink(self, line: str) -> tuple[int, int]:
        """(top, bottom) of the line's ink relative to the baseline, from its characters."""
        tops, bottoms = [], []
        for ch in line:
            if ch not in self._ink:
                _, top, _, bottom = self.font.getbbox(ch, anchor="ls")
                self._ink[ch] = (top, bottom) if bottom > top else (0, 0)
            top, bottom = self._ink[ch]
            tops.append(top)
            bottoms.append(bottom)
        return min(tops), max(bottoms)

    def estimate(self, words: list[str], size: int, box_width: int, box_height: int, max_lines: int) -> bool:
        """Whether the text probably fits at `size`."""
        scale = size / REFERENCE_SIZE
        widths = _Widths.__new__(_Widths)
        widths.words, widths.space = words, self.space * scale
        widths.each = [self.advance(word) * scale for word in words]
        ranges = _wrap(widths, box_width)
        if ranges is None or (max_lines and len(ranges) > max_lines):
            return False
        inks = [self.ink(" ".join(words[a:b])) for a, b in ranges]
        gap = LINE_GAP * size
        pitch = max([MIN_PITCH * size] + [(inks[i][1] - inks[i + 1][0]) * scale + gap for i in range(len(inks) - 1)])
        height = -inks[0][0] * scale + pitch * (len(inks) - 1) + inks[-1][1] * scale
        return height <= box_height


@functools.lru_cache(maxsize=8)
def _scaled_metrics(font: FileContent, engine: ImageFont.Layout) -> _ScaledMetrics:
    return _ScaledMetrics(font, engine)


def fit_text(
    text: str,
    font: Path | FileContent,
    box_width: int,
    box_height: int,
    min_size: int,
    max_size: int,
    max_lines: int = 0,
) -> SetText | None:
    """The largest size at which `text` fits the box in balanced lines, found by bisection on
    estimated metrics and confirmed on real ones; None when it does not fit at `min_size`."""
    words = split_words(text)
    if not words:
        return None
    font = font_content(font)
    engine = layout_engine()
    metrics = _scaled_metrics(font, engine)

    def attempt(size: int) -> SetText | None:
        sized = load_font(font, size, engine)
        lines = wrap_balanced(words, sized, box_width)
        if lines is None or (max_lines and len(lines) > max_lines):
            return None
        block = set_lines(lines, sized, size)
        return block if block.height <= box_height and block.width <= box_width else None

    low, high = min_size, max(min_size, max_size)
    while low < high:  # the largest size whose estimate fits
        middle = (low + high + 1) // 2
        if metrics.estimate(words, middle, box_width, box_height, max_lines):
            low = middle
        else:
            high = middle - 1
    size = low
    best = attempt(size)
    while best is None and size > min_size:  # the estimate was a little generous
        size = max(min_size, size - max(1, size // 50))
        best = attempt(size)
    while best is not None and size < max_size:  # or a little cautious
        larger = attempt(size + 1)
        if larger is None:
            break
        best, size = larger, size + 1
    return best


def longest_fitting_prefix(text: str, font: Path | FileContent, box_width: int, box_height: int, size: int) -> str:
    """The longest run of leading words that fits at `size`: what would fit, for error messages."""
    words = split_words(text)
    font = font_content(font)
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if fit_text(" ".join(words[:middle]), font, box_width, box_height, size, size) is not None:
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low])
