"""Setting the official text in a box (loa.banners.text_layout): the largest size that fits,
found by a search; balanced lines without an avoidable one-word last line; word groups joined
by a no-break space (U+00A0) never broken; glyph coverage of the bundled fonts.

Expected wrappings are worked out here by brute force over every way of cutting the words into
lines, measured with Pillow on the bundled font, never taken from the module's own arithmetic."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from conftest import REPO_ROOT
from PIL import ImageFont, features

from loa.banners import text_layout
from loa.banners.text_layout import NBSP, fit_text, layout_engine, load_font, missing_glyphs, wrap_balanced

FONTS = REPO_ROOT / "assets" / "fonts"
MAIN_FONT = FONTS / "BeVietnamPro_700Bold.ttf"
HEADER_FONT = FONTS / "BeVietnamPro_600SemiBold.ttf"

DEMO_THEME = (
    "Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái nhằm thực hiện "
    "bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới"
)
MESSAGE_1 = "Bình đẳng giới là chìa khóa để chấm dứt bạo lực đối với phụ nữ và trẻ em"
MESSAGE_2 = "Giãn cách xã hội, kết nối yêu thương"
FAMILY = "Nói không với bạo lực gia đình"
EPIDEMIC = "Chung tay phòng, chống dịch bệnh vì sức khỏe cộng đồng"
TRAFFIC = "An toàn giao thông là hạnh phúc của mọi nhà"
DENSE = " ".join(["ỂẪỖỘ ẾỀỂỄỆ ỐỒỔỖỘ ẤẦẨẪẬ"] * 3)

# Boxes of the main text in the real formats (text column beside or above the logo), and odd ones.
BOXES = [(772, 399), (950, 517), (1091, 384), (1332, 354), (338, 300), (500, 900), (1500, 200)]


def font_at(size: int) -> ImageFont.FreeTypeFont:
    return load_font(MAIN_FONT, size, layout_engine())


def line_width(font: ImageFont.FreeTypeFont, words: list[str]) -> float:
    return font.getlength(" ".join(words))


def greedy(words: list[str], font: ImageFont.FreeTypeFont, width: float) -> list[list[str]]:
    """Filling each line as far as it goes: the wrapping that leaves orphans."""
    lines: list[list[str]] = []
    current: list[str] = []
    for word in words:
        if current and line_width(font, [*current, word]) > width:
            lines.append(current)
            current = [word]
        else:
            current.append(word)
    lines.append(current)
    return lines


def partitions(words: list[str], count: int):
    """Every way of cutting `words` into `count` non-empty lines, in order."""
    n = len(words)
    for cuts in itertools.combinations(range(1, n), count - 1):
        bounds = (0, *cuts, n)
        yield [words[bounds[i] : bounds[i + 1]] for i in range(count)]


def narrowest_wrapping(words: list[str], font, count: int) -> float:
    """The smallest longest-line width of any wrapping of `words` in `count` lines (dynamic
    programming over every cut, each line measured once with Pillow)."""
    n = len(words)
    width = {(i, j): line_width(font, words[i:j]) for i in range(n) for j in range(i + 1, n + 1)}
    best = {(0, 0): 0.0}  # (words placed, lines used) -> smallest longest line so far
    for lines in range(1, count + 1):
        for end in range(lines, n + 1):
            options = [max(best[start, lines - 1], width[start, end]) for start in range(lines - 1, end)
                       if (start, lines - 1) in best]  # fmt: skip
            if options:
                best[end, lines] = min(options)
    return best[n, count]


def orphan_alternative(words: list[str], font, width: float, count: int) -> list[str] | None:
    """A wrapping in `count` lines, each narrower than `width` (with 2 px to spare for rounding),
    whose last line holds at least two words; None if there is none."""
    for lines in partitions(words, count):
        if len(lines[-1]) >= 2 and all(line_width(font, line) <= width - 2 for line in lines):
            return [" ".join(line) for line in lines]
    return None


# --------------------------------------------------------------------------- the largest size that fits

NAMED = {"theme": DEMO_THEME, "message-1": MESSAGE_1, "message-2": MESSAGE_2, "family": FAMILY, "dense": DENSE}
FIT_CASES = [
    pytest.param(text, (width, height), id=f"{name}-{width}x{height}")
    for name, text in NAMED.items()
    for width, height in BOXES
]


@pytest.mark.parametrize(("text", "box"), FIT_CASES)
def test_fit_text_finds_the_largest_size_that_fits(text, box):
    width, height = box
    block = fit_text(text, MAIN_FONT, width, height, 10, height)
    assert block is not None, f"{text!r} does not fit {width}×{height} even at 10 px"
    assert block.width <= width and block.height <= height, (block.width, block.height, box)
    assert " ".join(block.lines) == text, "the lines must hold every word, in order"
    # the module's own attempt at the next size up fails...
    assert fit_text(text, MAIN_FONT, width, height, block.size + 1, block.size + 1) is None, (
        f"{text!r} in {width}×{height}: chose {block.size} px but {block.size + 1} px fits too"
    )
    # ...and so do the sizes above it: the chosen size is the largest, not a local stop
    for size in range(block.size + 2, min(height, block.size + 8) + 1):
        assert fit_text(text, MAIN_FONT, width, height, size, size) is None, f"{size} px fits, > {block.size}"
    # the ink of the chosen lines at that size really is inside the box
    font = font_at(block.size)
    for line in block.lines:
        x0, _, x1, _ = font.getbbox(line, anchor="ls")
        assert x1 - x0 <= width, (line, x1 - x0, width)


def test_fit_text_searches_rather_than_trying_every_size(monkeypatch):
    """A box from 10 px to 630 px of candidate sizes is settled in a handful of real layouts."""
    calls = []
    real = text_layout.wrap_balanced

    def counting(words, font, max_width):
        calls.append(font.size)
        return real(words, font, max_width)

    monkeypatch.setattr(text_layout, "wrap_balanced", counting)
    block = fit_text(MESSAGE_1, MAIN_FONT, 1124, 630, 10, 630)
    assert block is not None
    assert len(calls) <= 12, f"{len(calls)} layouts tried (sizes {calls}): a search needs a handful"


def test_fit_text_respects_the_minimum_and_maximum_size():
    assert fit_text(MESSAGE_2, MAIN_FONT, 772, 399, 10, 40).size == 40
    assert fit_text(DEMO_THEME, MAIN_FONT, 300, 100, 30, 100) is None, "cannot fit: None, never a smaller size"
    two_lines = fit_text(MESSAGE_1, MAIN_FONT, 772, 399, 10, 399, max_lines=2)
    assert two_lines is not None and len(two_lines.lines) <= 2


# --------------------------------------------------------------------------- balanced lines


@pytest.mark.parametrize(("text", "width"), [(DEMO_THEME, 1050), (MESSAGE_1, 900), (EPIDEMIC, 700), (TRAFFIC, 500)])
def test_lines_are_balanced_not_filled(text, width):
    """As many lines as filling would give, but the longest line as short as any wrapping in
    that many lines can make it (brute force), so the lines come out of even length."""
    font = font_at(60)
    words = text.split(" ")
    filled = greedy(words, font, width)
    lines = wrap_balanced(words, font, width)
    assert lines is not None
    assert len(lines) == len(filled), (lines, filled)
    best = narrowest_wrapping(words, font, len(lines))
    longest = max(font.getlength(line) for line in lines)
    assert longest <= best + 3, f"longest line {longest:.0f} px, but {best:.0f} px is possible: {lines}"
    assert all(font.getlength(line) <= width for line in lines)


ORPHAN_CASES = [
    pytest.param(MESSAGE_2, 460, id="message-2-460"),
    pytest.param(MESSAGE_2, 860, id="message-2-860"),
    pytest.param(FAMILY, 310, id="family-310"),
    pytest.param(FAMILY, 760, id="family-760"),
    pytest.param(EPIDEMIC, 540, id="epidemic-540"),
    pytest.param(EPIDEMIC, 1560, id="epidemic-1560"),
    pytest.param(TRAFFIC, 640, id="traffic-640"),
    pytest.param(MESSAGE_1, 450, id="message-1-450"),
    pytest.param(MESSAGE_1, 720, id="message-1-720"),
]
ORPHAN_CASES += [
    pytest.param(text, width, id=name)
    for text, width, name in [(MESSAGE_2, 340, "message-2-340"), (FAMILY, 250, "family-250"),
                              (EPIDEMIC, 330, "epidemic-330")]
]  # fmt: skip


@pytest.mark.parametrize(("text", "width"), ORPHAN_CASES)
def test_no_one_word_last_line_where_avoidable(text, width):
    font = font_at(60)
    words = text.split(" ")
    filled = greedy(words, font, width)
    assert len(filled) > 1 and len(filled[-1]) == 1, f"precondition: filling leaves an orphan: {filled}"
    lines = wrap_balanced(words, font, width)
    assert lines is not None and " ".join(lines) == text
    assert all(font.getlength(line) <= width for line in lines)
    if len(lines[-1].split(" ")) == 1:
        alternative = orphan_alternative(words, font, width, len(lines))
        assert alternative is None, f"one-word last line {lines}, avoidable with {alternative}"


@pytest.mark.parametrize(("text", "box"), [(MESSAGE_2, (338, 300)), (FAMILY, (223, 300))], ids=["message-2", "family"])
def test_fit_text_leaves_no_avoidable_orphan(text, box):
    """The same through fit_text: at the size it chose, a wrapping without the orphan fits the box."""
    width, height = box
    block = fit_text(text, MAIN_FONT, width, height, 20, height)
    assert block is not None
    if len(block.lines[-1].split(" ")) == 1:
        font = font_at(block.size)
        alternative = orphan_alternative(text.split(" "), font, width, len(block.lines))
        assert alternative is None, f"{block.size} px: {block.lines}, avoidable with {alternative}"


# --------------------------------------------------------------------------- no-break spaces

GROUPED = [
    f"Nói không với bạo lực gia{NBSP}đình",
    f"Bình{NBSP}đẳng{NBSP}giới là chìa khóa để chấm dứt bạo lực đối với phụ{NBSP}nữ và trẻ{NBSP}em",
    f"Tháng hành động vì bình{NBSP}đẳng{NBSP}giới năm{NBSP}2021",
    f"Giãn cách xã{NBSP}hội, kết{NBSP}nối yêu{NBSP}thương",
]


def assert_groups_whole(text: str, lines: tuple[str, ...] | list[str]) -> None:
    """Every group joined by no-break spaces sits whole on one line: no line starts or ends
    inside it (a break there would turn its U+00A0 into the ordinary space joining the lines)."""
    assert " ".join(lines) == text, f"words lost, reordered or a group broken: {lines}"
    tokens = text.split(" ")
    for line in lines:
        assert NBSP not in (line[:1], line[-1:]), f"a line starts or ends in a no-break space: {line!r}"
        assert all(token in tokens for token in line.split(" ")), f"a group was cut: {line!r}"
    for group in (token for token in tokens if NBSP in token):
        assert any(group in line.split(" ") for line in lines), (group, lines)


@pytest.mark.parametrize("text", GROUPED, ids=["family", "message-1", "short-name", "message-2"])
def test_no_break_space_groups_are_never_broken(text):
    font = font_at(60)
    widest_group = max(font.getlength(word) for word in text.split(" "))
    for width in range(int(widest_group) + 1, int(font.getlength(text)) + 40, 17):
        lines = wrap_balanced(text.split(" "), font, width)
        assert lines is not None, width
        assert_groups_whole(text, lines)
    for width, height in BOXES:
        block = fit_text(text, MAIN_FONT, width, height, 10, height)
        assert block is not None
        assert_groups_whole(text, block.lines)


def test_a_no_break_group_wider_than_the_box_does_not_fit_rather_than_break():
    text = f"Vì{NBSP}một{NBSP}Sóc{NBSP}Trăng{NBSP}xanh,{NBSP}sạch,{NBSP}đẹp"
    assert fit_text(text, MAIN_FONT, 300, 400, 40, 400) is None
    assert wrap_balanced([text], font_at(60), 300) is None


# --------------------------------------------------------------------------- glyphs and layout engine

VIETNAMESE_LETTERS = (
    "".join(
        unicodedata.normalize("NFC", base + mark)
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for mark in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    )
    + "đĐ"
)


@pytest.mark.parametrize("font", [MAIN_FONT, HEADER_FONT], ids=lambda p: p.name)
def test_the_bundled_fonts_draw_every_vietnamese_letter(font):
    assert len(VIETNAMESE_LETTERS) == 24 * 6 + 2
    assert missing_glyphs(VIETNAMESE_LETTERS + f" 0123456789,.;:!?-–()“”{NBSP}", font) == []


@pytest.mark.parametrize("char", ["中", "🙂", "\u200b"], ids=["chinese", "emoji", "zero-width-space"])
def test_missing_glyphs_are_found(char):
    assert missing_glyphs(f"Xin chào {char} bạn", MAIN_FONT) == [char]


def test_raqm_is_used_when_pillow_has_it():
    expected = ImageFont.Layout.RAQM if features.check_feature("raqm") else ImageFont.Layout.BASIC
    assert layout_engine() == expected
    assert load_font(MAIN_FONT, 40, layout_engine()).layout_engine == expected
