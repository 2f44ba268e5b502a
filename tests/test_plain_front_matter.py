"""Front matter read without PyYAML (loa.content.plain_front_matter) is the mapping YAML reads,
or is left to YAML: compared on thousands of generated texts built from every mark that means
structure in YAML, on the demo's and the benchmark's files, and through the loader's errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import DEMO_POSTS
from hypothesis import example, given, settings
from hypothesis import strategies as st

from loa.benchmark.content import generate_content
from loa.content.frontmatter import _TextDateLoader, parse_source, split_front_matter
from loa.content.plain_front_matter import plain_mapping
from loa.scaffold import announcement_text


def yaml_mapping(text: str) -> object:
    try:
        return yaml.load(text, Loader=_TextDateLoader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError, UnicodeEncodeError) as error:
        return type(error)


def assert_as_yaml(text: str) -> None:
    plain = plain_mapping(text)
    if plain is not None:
        assert plain == yaml_mapping(text), text
        # the same types too: True is not 1, '' is not None
        assert repr(plain) == repr(yaml_mapping(text)), text


# Pieces of values: words (Vietnamese, NFD too), and every character or word that means
# something to YAML somewhere: quotes, escapes, comment marks, colons, flow marks, indicators,
# booleans, nulls, numbers, dates, tabs and line breaks of other kinds.
_WORDS = st.sampled_from(
    ["Như trên", "Lưu: VT", "Sở Tài chính", "2768/STC-VP", "bình đẳng giới", "Đ", "a", "x y", "Tiê\u0301ng"]
)
_MARKS = st.sampled_from(
    ["'", "''", '"', "\\", "\\n", "#", " #", "# ", ":", ": ", ",", ", ", "[", "]", "{", "}", "-", "- ", "?", "&a",
     "*a", "!", "!!str ", "|", ">", "%", "@", "`", "~", " ", "  ", "\t", "\r", "\u2028", "\x85", "\ufeff", "\x00"]
)  # fmt: skip
_SCALAR_WORDS = st.sampled_from(
    ["yes", "No", "ON", "off", "true", "False", "null", "Null", "~", "", "123", "-5", "0x1f", "1_000", ".5", "1e3",
     "1:20", "2021-11-11", "2021-02-30", "2021-11-11 10:00:00", "=", "<<", ".inf", "0o17", "+1", "nan"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_WORDS, _MARKS, _SCALAR_WORDS), max_size=4).map("".join)
# Mostly what a webmaster writes: words with the marks that are text in some places only.
_USUAL_TEXT = st.lists(
    st.one_of(_WORDS, _WORDS, st.sampled_from(["'", '"', "#", " #", ":", ", ", "[", "]", "-", "~", " ", "yes"])),
    min_size=1,
    max_size=3,
).map("".join)


def _double_quoted(text: str) -> str:
    return '"' + text + '"'


def _single_quoted(text: str) -> str:
    return "'" + text + "'"


def _values(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        text,
        _SCALAR_WORDS,
        text.map(_double_quoted),
        text.map(_single_quoted),
        st.lists(st.one_of(text, text.map(_double_quoted), text.map(_single_quoted)), max_size=3).map(
            lambda items: "[" + ", ".join(items) + "]"
        ),
        st.builds(lambda value, end: value + end, text.map(_double_quoted), st.sampled_from([" # c", "#c", " ", ""])),
    )


_KEYS = st.sampled_from(["title", "date", "tags", "signer", "name", "file", "yes", "Title", "a b", "x-y", "_k", "on"])
_INDENTS = st.sampled_from(["", "  ", "    ", " ", "\t"])


_USUAL_KEYS = st.sampled_from(["title", "date", "type", "number", "signer", "recipients", "tags", "attachments"])
_USUAL_INDENTS = st.sampled_from(["", "  ", "    "])


@st.composite
def _front_matter(draw: st.DrawFn, usual: bool = False) -> str:
    """Front matter of every shape; `usual`: the keys, indents and words a webmaster writes."""
    value = _values(_USUAL_TEXT if usual else _TEXT)
    keys, indents = (_USUAL_KEYS, _USUAL_INDENTS) if usual else (_KEYS, _INDENTS)
    shapes = ["inline", "inline", "mapping", "sequence", "attachments", "empty"] + ([] if usual else ["odd"])
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(keys)
        shape = draw(st.sampled_from(shapes))
        if shape == "inline":
            lines.append(f"{key}: {draw(value)}")
        elif shape in ("mapping", "sequence"):
            lines.append(f"{key}:")
            indent = draw(indents)
            for _ in range(draw(st.integers(0, 3))):
                head = f"{draw(keys)}: " if shape == "mapping" else "- "
                lines.append(f"{indent}{head}{draw(value)}")
        elif shape == "attachments":
            lines.append(f"{key}:")
            indent = draw(indents)
            for _ in range(draw(st.integers(1, 2))):
                lines.append(f"{indent}- file: {draw(value)}")
                lines.append(f"{indent}{draw(st.sampled_from(['  ', ' ', '   ']))}title: {draw(value)}")
        elif shape == "empty":
            lines.append(f"{key}:{draw(st.sampled_from(['', ' ', ' # chú thích']))}")
        else:
            lines.append(
                draw(st.sampled_from(["# chú thích", "", "  ", "---", "...", "  tiếp dòng trên", f"{key} : x"]))
            )
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


@settings(max_examples=3000, deadline=None)
@given(_front_matter())
@example("title: x\ntitle: y\n")
@example('title: "a\\"b"\n')
@example("tags: [a, b,]\n")
@example("tags: [a #b]\n")
@example("tags: [a, ")
@example("signer:  # người ký\n  name:  # họ tên\n  title: B # chức vụ\nrecipients:\n- a\n- b\n")
@example("tags: [a, b #c]\n")
@example("tags: [a, 'b' #c]\n")
@example("title: a\n  b\n")
@example("recipients:\n- Như trên\n- 'Lưu: VT'\n")
@example("attachments:\n  - file: a.pdf\n    title: A\n  - b.pdf\n")
@example("title: 'it''s'\nsigner:\n  name: A\n  title: B\n")
def test_plain_front_matter_is_what_yaml_reads(text: str) -> None:
    assert_as_yaml(text)


@settings(max_examples=2000, deadline=None)
@given(_front_matter(usual=True))
def test_usual_front_matter_is_what_yaml_reads(text: str) -> None:
    assert_as_yaml(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:#'\"[], -\n\t{}~!&*|>?%@`\\1y")), max_size=40))
def test_any_short_text_is_read_as_yaml_reads_it_or_left_to_yaml(text: str) -> None:
    assert_as_yaml(text)


def _front_matters(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        parts = split_front_matter(text)
        assert parts is not None
        found.append(parts[0])
    return found


def test_the_demo_the_scaffold_and_the_benchmark_archive_need_no_yaml_parser() -> None:
    """The plain way is the way Loa's own files are written: the demo's, `loa new`'s, the
    benchmark's; and a list may sit under its key, as YAML allows."""
    demo = [path.read_text(encoding="utf-8") for path in sorted(Path(DEMO_POSTS).rglob("*.md"))]
    generated = [a.markdown() for a in generate_content(400, seed=3).announcements]
    new = [announcement_text(title, code, number, dt.date(2024, 3, 5)) for title, code, number in
           [("Kế hoạch năm 2024", "ke-hoach", "5/KH-STC"), ("Tin: họp", "tin-tuc", None)]]  # fmt: skip
    listed = [
        "---\ntitle: A\nrecipients:\n- Như trên\n- 'Lưu: VT'\ntags:\n  - x\nsummary: 'Phong trào ''5 tốt'''\n---\n"
    ]
    texts = _front_matters(demo + generated + new + listed)
    assert len(texts) > 400
    for text in texts:
        assert plain_mapping(text) is not None, text
        assert_as_yaml(text)


@pytest.mark.parametrize(
    ("text", "field"),
    [("---\ntitle: a\ntitle: b\n---\n", "title"), ("---\ntitle: [a\n---\n", "(phần đầu)")],
)
def test_what_yaml_refuses_is_still_reported_by_yaml(text: str, field: str) -> None:
    from loa.content.frontmatter import FrontMatterError

    with pytest.raises(FrontMatterError) as raised:
        parse_source(text)
    assert raised.value.field == field
