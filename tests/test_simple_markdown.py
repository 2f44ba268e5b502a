"""The plain-body shortcut gives Python-Markdown's HTML, byte for byte, or steps aside."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loa.benchmark.content import generate_content
from loa.content.frontmatter import parse_source
from loa.news.body import BodyRenderer
from loa.news.simple_markdown import simple_body_html, simple_markdown_applies

# The extensions MkDocs always adds, with those of Loa's mkdocs.yml, configured as the renderer does.
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list"]
CONFIGS = {"tables": {"use_align_attribute": True}, "toc": {"permalink": False}}
# Every extension the shortcut accepts, at once.
ALL_ACCEPTED = [
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "md_in_html", "sane_lists", "tables", "toc",
]  # fmt: skip


def python_markdown(text: str, extensions: list[str] = EXTENSIONS) -> str:
    return markdown.Markdown(extensions=extensions, extension_configs=CONFIGS).convert(text)


# Pieces from which bodies are strung: plain words, and everything that may make Markdown of them.
WORDS = ["Điều", "1", "2019", "Ủy ban", "công văn", "số", "a", "QUYẾT ĐỊNH", "88.773", "x"]
MARKS = [
    " ", "  ", "\n", "\n\n", "\n\n\n", ".", ",", ":", ";", "!", "?", "(", ")", '"', "“", "'", "/", "%",
    "-", "+", "=", "#", "*", "**", "***", ">", "|", "\\.", "\\", "- ", "* ", "+ ", "1. ", "1\\.", "1)",
    "| ", " |", "|---|", "|:-:|", "---:", ":", "---", "===", "    ", "\t", "_", "`", "[", "]", "<", "&",
    "{", "}", "~", "^", "@", "\r\n", "\x02", "  \n", "[TOC]", "!!! note", "*[a]: b", ": ", "Term\n: d",
]  # fmt: skip
ANY_TEXT = st.lists(st.sampled_from(WORDS + MARKS), max_size=40).map("".join)


@st.composite
def plain_bodies(draw) -> str:
    """Bodies of the shape the shortcut takes, with some of the marks put inside."""
    cell = st.lists(st.sampled_from(WORDS + ["**", " ", "-", "#", "1. ", ":"]), min_size=0, max_size=4).map("".join)
    line = st.lists(st.sampled_from(WORDS + ["**", " ", ".", "1\\.", "#", "-", ":", "*", "|"]), min_size=1,
                    max_size=8).map("".join)  # fmt: skip
    blocks = []
    for kind in draw(st.lists(st.sampled_from(["paragraph", "list", "table"]), min_size=1, max_size=5)):
        if kind == "paragraph":
            blocks.append("\n".join(draw(st.lists(line, min_size=1, max_size=3))))
        elif kind == "list":
            blocks.append("\n".join("- " + item for item in draw(st.lists(line, min_size=1, max_size=3))))
        else:
            width = draw(st.integers(1, 3))
            header = draw(st.lists(cell, min_size=width, max_size=width))
            rule = draw(st.lists(st.sampled_from(["---", ":-", "-:", ":-:", " --- "]), min_size=width, max_size=width))
            rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=0, max_size=3))
            blocks.append("\n".join("|" + "|".join(row) + "|" for row in [header, rule, *rows]))
    return draw(st.sampled_from(["", "\n"])) + "\n\n".join(blocks) + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
@example("**Điều 1.** Ban hành\n\n- Thời gian: 13 giờ\n- Địa điểm: Hội trường")
@example("- a\n\n- b")  # one loose list, not two lists
@example("1. a")  # an ordered list
@example("a\n# b")  # a heading inside what looks like a paragraph
def test_any_text_gets_python_markdowns_html_or_is_left_to_it(text):
    html = simple_body_html(text)
    if html is not None:
        assert html == python_markdown(text)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_bodies())
@example("|a|b|\n|---|-:|\n|**x**||")
@example("Điều ** a** và **b **")  # not bold: a space inside the asterisks
@example("Điều **a\nb** c")  # bold over two lines
def test_plain_bodies_get_python_markdowns_html(text):
    html = simple_body_html(text)
    if html is not None:
        assert html == python_markdown(text)
        assert html == python_markdown(text, ALL_ACCEPTED)


def test_the_benchmarks_bodies_all_take_the_shortcut_and_match():
    """The generated công văn (paragraphs, numbered points, lists, tables) are what it is for."""
    bodies = [parse_source(item.markdown()).body for item in generate_content(300, seed=3).announcements]
    for mark in ("\n- ", "\n|---", "\n1\\.", "**"):
        assert any(mark in body for body in bodies), mark
    for body in bodies:
        assert simple_body_html(body) == python_markdown(body)


@pytest.mark.parametrize(
    "text",
    ["Xem [phụ lục](files/a.pdf).", "## Mục 1", "Dòng một  \nDòng hai", "a <b>c</b>", "| a |\n| - |", "- a\n  - b"],
)
def test_anything_else_is_left_to_python_markdown(text):
    assert simple_body_html(text) is None


def test_a_table_without_the_tables_extension_is_text():
    table = "| a | b |\n|---|---|\n| c | d |"
    assert simple_body_html(table) is not None
    assert simple_body_html(table, tables=False) is None


@pytest.mark.parametrize(
    ("extensions", "configs", "applies"),
    [
        (EXTENSIONS, CONFIGS, True),
        (["markdown.extensions.toc", "tables"], {}, True),
        (EXTENSIONS + ["pymdownx.magiclink"], {}, False),  # turns bare addresses into links
        (EXTENSIONS + ["smarty"], {}, False),  # turns quotes into curly ones
        (EXTENSIONS, {"toc": {"marker": "MỤC LỤC"}}, False),  # a paragraph that is a table of contents
    ],
)
def test_the_shortcut_is_used_only_with_extensions_that_leave_such_bodies_alone(extensions, configs, applies):
    assert simple_markdown_applies(extensions, configs) is applies


def test_the_renderer_gives_the_same_result_either_way():
    """smarty keeps the shortcut off; this body has nothing smarty would change."""
    body = "Kính gửi: Các phòng.\n\n**Điều 1.** Ban hành.\n\n| STT | Đơn vị |\n|---:|---|\n| 1 | Sở |"
    fast = BodyRenderer(EXTENSIONS, CONFIGS).render(body, "tin-tuc/posts/2021", "../..")
    slow = BodyRenderer(EXTENSIONS + ["smarty"], CONFIGS).render(body.replace('"', ""), "tin-tuc/posts/2021", "../..")
    assert fast == slow
    assert fast.html.startswith("<p>Kính gửi: Các phòng.</p>\n<p><strong>Điều 1.</strong>")


def test_the_renderer_takes_the_shortcut_for_a_plain_body(monkeypatch):
    renderer = BodyRenderer(EXTENSIONS, CONFIGS)
    monkeypatch.setattr(renderer._markdown, "convert", lambda text: pytest.fail("Python-Markdown was run"))
    assert renderer.render("**Điều 1.** Ban hành.").html == "<p><strong>Điều 1.</strong> Ban hành.</p>"
