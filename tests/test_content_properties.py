"""Property-based tests (hypothesis) of the content model's text rules: slugs, Nghị định 30
dates, document numbers and front matter. Whatever people type, the result is valid or the
error is a clear ContentError (or FrontMatterError, for the front-matter parser alone): never
another exception."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from loa.content.agency import Agency
from loa.content.collection import number_key
from loa.content.errors import ContentError
from loa.content.frontmatter import FrontMatterError, SourceText, parse_source, parse_yaml_document
from loa.content.hidden_characters import check_markdown_text
from loa.content.loader import NUMBER_PATTERN, UNISSUED_NUMBER, load_announcement
from loa.vietnamese import format_issue_date, format_short_date, slugify

SLUG = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$")
AGENCY = Agency(name="Sở Tài chính tỉnh Sóc Trăng", short_code="STC", place="Sóc Trăng")
SOURCE = "tin-tuc/posts/2021/thong-bao.md"
FOLDER = Path("/nonexistent-loa-docs")  # nothing is read from disk: read_text gives the text

VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
vietnamese_words = st.text(
    alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ", min_size=1, max_size=40
).filter(lambda text: text.strip() != "")
# Text as people paste it: Vietnamese, punctuation, digits, and the odd invisible or exotic character.
pasted_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " -/:.,;\"'#[]{}&*!|>%@`\t\n0123456789"),
        st.sampled_from(["\u00a0", "\u200b", "\ufeff", "\u00ad", "\u202e", "\r", "\x00", "Ð", "İ", "ß", "\u0301"]),
        st.characters(),
    ),
    max_size=200,
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- slugs


@FAST
@given(pasted_text)
@example("Hưởng ứng Tháng hành động vì bình đẳng giới")
@example("--Đ--")
@example("İstanbul")
def test_a_slug_is_ascii_with_single_inner_dashes(text):
    slug = slugify(text)
    assert SLUG.match(slug), slug
    assert slugify(slug) == slug, "slugify is idempotent"


@FAST
@given(pasted_text)
def test_nfd_and_nfc_give_the_same_slug(text):
    assert slugify(unicodedata.normalize("NFD", text)) == slugify(unicodedata.normalize("NFC", text))


@FAST
@given(vietnamese_words)
def test_every_vietnamese_word_keeps_its_letters_in_the_slug(words):
    slug = slugify(words)
    assert slug, words
    assert len(slug.replace("-", "")) == len(words.replace(" ", ""))  # one ASCII letter per letter, đ -> d


# --------------------------------------------------------------------------- dates


@FAST
@given(st.dates())
def test_short_dates_read_back(day):
    text = format_short_date(day)
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{1,4})", text)
    assert match, text
    assert dt.date(int(match[3]), int(match[2]), int(match[1])) == day


@FAST
@given(st.dates(), st.one_of(st.none(), vietnamese_words))
def test_issue_dates_follow_nghi_dinh_30_and_read_back(day, place):
    text = format_issue_date(day, place)
    prefix = f"{place}, " if place else ""
    assert text.startswith(prefix)
    match = re.fullmatch(r"ngày (\d{2}) tháng (\d{1,2}) năm (\d{1,4})", text[len(prefix) :])
    assert match, text
    assert dt.date(int(match[3]), int(match[2]), int(match[1])) == day
    # a leading zero for the months 1 and 2 only
    assert len(match[2]) == (2 if day.month <= 2 else len(str(day.month)))


# --------------------------------------------------------------------------- numbers

symbols = st.lists(st.text(alphabet="ABCDĐHKQTSLVXNGPabcđ", min_size=1, max_size=6), min_size=1, max_size=3).map(
    lambda parts: "-".join(parts)
)


@FAST
@given(st.integers(0, 999_999), st.one_of(st.none(), st.integers(1000, 9999)), symbols)
def test_well_formed_numbers_match_and_keep_their_parts(sequence, year, symbol):
    number = f"{sequence}/{year}/{symbol}" if year else f"{sequence}/{symbol}"
    match = NUMBER_PATTERN.match(number)
    assert match, number
    assert int(match["seq"]) == sequence and match["symbol"] == symbol
    assert not UNISSUED_NUMBER.match(number)
    unissued = f"/{symbol}"
    assert UNISSUED_NUMBER.match(unissued) and not NUMBER_PATTERN.match(unissued)


@FAST
@given(pasted_text)
def test_whatever_matches_the_number_pattern_is_a_number(text):
    match = NUMBER_PATTERN.match(text)
    if match:
        assert match["seq"].isdigit() and "/" in text
        assert not any(char.isspace() for char in text)
    assert isinstance(number_key(text), str)


@FAST
@given(st.integers(1, 9999), symbols, st.sampled_from(["lower", "fold", "zero", "year"]))
def test_respellings_of_a_number_have_its_key(sequence, symbol, how):
    number = f"{sequence}/{symbol}"
    respelt = {
        "lower": number.lower(),
        "fold": number.replace("Đ", "D").replace("đ", "d"),
        "zero": f"0{sequence}/{symbol}",
        "year": f"{sequence}/2021/{symbol}",
    }[how]
    assert number_key(respelt) == number_key(number)


def _announcement_text(number: str, draft: bool, doc_type: str = "cong-van") -> str:
    lines = ["---", "title: Văn bản thử", "date: 2021-11-11", f"type: {doc_type}", f"number: {number}"]
    if draft:
        lines.append("draft: true")
    return "\n".join([*lines, "---", "Nội dung.", ""])


def _load(text: str) -> tuple[object, list[ContentError]]:
    return load_announcement(FOLDER / SOURCE, SOURCE, AGENCY, {"bdg-2021"}, read_text=lambda _path: text)


def _check_outcome(item: object, errors: list[ContentError]) -> None:
    """An announcement and no errors, or no announcement and clear errors."""
    assert (item is None) == bool(errors)
    for error in errors:
        assert isinstance(error, ContentError)
        assert error.path == SOURCE
        assert str(error).startswith(SOURCE) and "trường '" in str(error) and "; cần " in str(error)


@FAST
@given(
    st.one_of(pasted_text, symbols.map(lambda s: f"/{s}"), st.integers(0, 10**7).map(str)),
    st.booleans(),
    st.sampled_from(["cong-van", "thong-bao", "tin-tuc"]),
)
@example("/STC-VP", True, "cong-van")
@example("/STC-VP", False, "cong-van")
@example("2768/STC-VP", False, "cong-van")
def test_the_loader_accepts_a_number_or_names_it(number, draft, doc_type):
    item, errors = _load(_announcement_text(json.dumps(number, ensure_ascii=False), draft, doc_type))
    _check_outcome(item, errors)
    if item is not None:
        assert (
            item.number is None or NUMBER_PATTERN.match(item.number) or (draft and UNISSUED_NUMBER.match(item.number))
        )
    else:
        assert {error.key for error in errors} == {"number"}, errors


# --------------------------------------------------------------------------- front matter

yaml_lines = st.lists(
    st.one_of(
        st.builds(
            lambda key, value: f"{key}: {value}",
            st.sampled_from(["title", "date", "type", "number", "tags", "signer", "attachments", "draft", "x"]),
            pasted_text.map(lambda text: text.replace("\n", " ")),
        ),
        st.sampled_from(["  - a", "  name: A", "- x", "? [a]", ": b", "&a [1]", "*a", "!!python/object:os.system x"]),
        pasted_text.map(lambda text: text.replace("\n", " ")),
    ),
    max_size=8,
)
sources = st.one_of(
    pasted_text,
    st.builds(lambda lines, body: "---\n" + "\n".join(lines) + "\n---\n" + body, yaml_lines, pasted_text),
)


@settings(max_examples=300, deadline=None)
@given(sources)
@example("---\n" + "[" * 5000 + "\n---\n")
@example("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n")
@example("---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n")
@example("---\ndate:\u00a02021-11-11\n---\n")
def test_front_matter_parses_or_says_why(text):
    try:
        source = parse_source(text)
    except FrontMatterError as error:
        assert str(error)
        return
    assert isinstance(source, SourceText) and isinstance(source.meta, dict)


@settings(max_examples=100, deadline=None)
@given(pasted_text)
def test_a_yaml_document_parses_or_says_why(text):
    try:
        assert isinstance(parse_yaml_document(text).meta, dict)
    except FrontMatterError as error:
        assert str(error)


@settings(max_examples=200, deadline=None)
@given(sources)
@example("---\ntitle: A\ndate: 2021-11-11\ntype: cong-van\nnumber: 1/STC-VP\nattachments: ['\\0']\n---\n")
@example("---\ntitle: A\ndate: 2021-11-11\ntype: thong-bao\nnumber: 1/TB-STC\ntags: [" + "a," * 30 + "]\n---\n")
def test_any_source_loads_or_gets_clear_errors(text):
    item, errors = _load(text)
    _check_outcome(item, errors)
    if item is not None:
        assert SLUG.match(item.slug) and item.slug


VALID = _announcement_text("2768/STC-VP", draft=False)


@FAST
@given(st.integers(0, len(VALID) - 1), st.sampled_from(["\u200b", "\u00ad", "\u202e", "\u2066", "\ufeff", "\x07"]))
def test_a_hidden_character_anywhere_is_named_on_its_line(position, char):
    assume(not (char == "\ufeff" and position == 0))  # a byte-order mark opening the file is allowed
    text = VALID[:position] + char + VALID[position:]
    line = VALID.count("\n", 0, position) + 1
    errors = check_markdown_text(SOURCE, text)
    label = f"U+{ord(char):04X} "
    assert any(e.line == line and label in e.found for e in errors), errors
    item, load_errors = _load(text)
    assert item is None and any(label in str(e) for e in load_errors)
