"""Announcement bodies: relative links and summaries."""

from loa.news.body import BodyRenderer, first_paragraph, shorten

PUBLISHED = {
    "tin-tuc/posts/2021/files/phu-luc.pdf": "tin-tuc/posts/2021/files/phu-luc.pdf",
    "tin-tuc/posts/2022/quy-che.md": "tin-tuc/2022/quy-che/",
}


def render(text: str) -> tuple[str, list[str]]:
    renderer = BodyRenderer(["attr_list", "tables"])
    body = renderer.render(text, "tin-tuc/posts/2021", "../..", PUBLISHED.get)
    return body.html, body.broken_links


def test_relative_links_point_where_the_targets_are_published():
    html, broken = render("[Phụ lục](files/phu-luc.pdf#trang-2) và [quy chế](../2022/quy-che.md)")
    assert 'href="../../tin-tuc/posts/2021/files/phu-luc.pdf#trang-2"' in html
    assert 'href="../../tin-tuc/2022/quy-che/"' in html
    assert broken == []


def test_absolute_and_anchor_links_are_left_alone_and_missing_targets_reported():
    html, broken = render("[Cổng](https://chinhphu.vn) [mục](#muc-1) [hỏng](files/khong-co.pdf)")
    assert 'href="https://chinhphu.vn"' in html
    assert 'href="#muc-1"' in html
    assert broken == ["files/khong-co.pdf"]


def test_one_renderer_keeps_no_state_between_bodies():
    renderer = BodyRenderer()
    first = renderer.render("[hỏng](x.pdf) <script>x()</script>", "tin-tuc/posts/2021", "../..", PUBLISHED.get)
    assert first.broken_links == ["x.pdf"] and first.problems
    second = renderer.render("Đoạn hai.", "tin-tuc/posts/2021", "../..", PUBLISHED.get)
    assert second.broken_links == [] and second.problems == ()
    assert second.html == "<p>Đoạn hai.</p>"


def test_summary_skips_the_addressee_line_of_a_cong_van():
    html = "<p>Kính gửi: Các phòng thuộc Sở.</p><p>Thực hiện <em>Kế hoạch</em> số 57.</p>"
    assert first_paragraph(html) == "Thực hiện Kế hoạch số 57."


def test_shorten_cuts_at_a_word_boundary():
    text = "Đẩy mạnh phổ biến, tuyên truyền các chính sách an sinh xã hội"
    short = shorten(text, 30)
    assert short.endswith("…")
    assert text.startswith(short[:-1])
    assert len(short) <= 31
    assert shorten(text, 500) == text
