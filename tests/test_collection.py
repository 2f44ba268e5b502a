"""The published collection: ordering, indexes, neighbours, look-up by number and cross-file checks."""

import datetime as dt
import itertools
import posixpath

from loa.content.announcement import Announcement
from loa.content.collection import NewsCollection, check_collection
from loa.content.document_types import DOCUMENT_TYPES


def ann(path, day, number=None, type_code=None, tags=(), title=None):
    """An announcement as the loader would give it; `path` is relative to docs/tin-tuc/posts/."""
    if type_code is None:
        type_code = "cong-van" if number else "tin-tuc"
    stem = posixpath.basename(path).rsplit(".", 1)[0]
    return Announcement(
        source_path=f"tin-tuc/posts/{path}",
        slug=stem,
        title=title or f"Văn bản {stem}",
        date=dt.date.fromisoformat(day),
        doc_type=DOCUMENT_TYPES[type_code],
        number=number,
        issuer="Sở Tài chính tỉnh Sóc Trăng",
        place="Sóc Trăng",
        body="Nội dung.\n",
        tags=list(tags),
    )


def slugs(items):
    return [item.slug for item in items]


# --- ordering ----------------------------------------------------------------------------------------------------


def test_items_are_newest_first():
    items = [
        ann("2021/b.md", "2021-11-11", "10/STC-VP"),
        ann("2022/d.md", "2022-02-05"),
        ann("2020/a.md", "2020-12-31", "99/STC-VP"),
        ann("2021/c.md", "2021-12-01"),
    ]
    news = NewsCollection(items)
    assert len(news) == 4
    assert slugs(news.items) == ["d", "c", "b", "a"]


def test_same_day_is_ordered_by_number_descending_not_as_text():
    items = [
        ann("2021/nine.md", "2021-11-11", "9/STC-VP"),
        ann("2021/one-twenty.md", "2021-11-11", "120/STC-VP"),
        ann("2021/fifteen.md", "2021-11-11", "15/TB-STC", "thong-bao"),
        ann("2021/zero-two.md", "2021-11-11", "02/KH-STC", "ke-hoach"),
        ann("2021/next-day.md", "2021-11-12", "1/STC-VP"),
    ]
    assert slugs(NewsCollection(items).items) == ["next-day", "one-twenty", "fifteen", "nine", "zero-two"]


def test_number_with_a_year_part_orders_by_its_running_number():
    items = [
        ann("2021/small.md", "2021-11-11", "5/2021/QĐ-STC", "quyet-dinh"),
        ann("2021/big.md", "2021-11-11", "30/2021/QĐ-STC", "quyet-dinh"),
    ]
    assert slugs(NewsCollection(items).items) == ["big", "small"]


def test_order_does_not_depend_on_the_input_order():
    items = [
        ann("2021/a.md", "2021-11-11", "9/STC-VP"),
        ann("2021/b.md", "2021-11-11", "120/STC-VP"),
        ann("2021/c.md", "2021-11-11", title="Tin thứ nhất"),
        ann("2021/d.md", "2021-11-11", title="Tin thứ hai"),
        ann("2021/e.md", "2021-03-01"),
    ]
    orders = {tuple(slugs(NewsCollection(p).items)) for p in itertools.permutations(items)}
    assert len(orders) == 1
    (order,) = orders
    assert order[:2] == ("b", "a")
    assert order[-1] == "e"


def test_empty_collection():
    news = NewsCollection([])
    assert len(news) == 0
    assert news.items == []
    assert news.find_by_number("01/STC-VP") is None


# --- indexes -----------------------------------------------------------------------------------------------------


def test_by_type_lists_each_type_newest_first():
    items = [
        ann("2021/cv-old.md", "2021-01-05", "01/STC-VP"),
        ann("2021/tb.md", "2021-06-01", "15/TB-STC", "thong-bao"),
        ann("2021/cv-new.md", "2021-11-11", "2768/STC-VP"),
        ann("2021/tin.md", "2021-07-07"),
    ]
    news = NewsCollection(items)
    assert slugs(news.by_type["cong-van"]) == ["cv-new", "cv-old"]
    assert slugs(news.by_type["thong-bao"]) == ["tb"]
    assert slugs(news.by_type["tin-tuc"]) == ["tin"]
    assert "ke-hoach" not in news.by_type or news.by_type["ke-hoach"] == []


def test_by_year_lists_each_year_newest_first():
    items = [
        ann("2021/a.md", "2021-01-05"),
        ann("2022/b.md", "2022-12-31"),
        ann("2021/c.md", "2021-12-31"),
        ann("2022/d.md", "2022-01-01"),
    ]
    news = NewsCollection(items)
    assert sorted(news.by_year) == [2021, 2022]
    assert slugs(news.by_year[2022]) == ["b", "d"]
    assert slugs(news.by_year[2021]) == ["c", "a"]


def test_by_tag_groups_tags_by_slug():
    items = [
        ann("2021/a.md", "2021-11-15", tags=["Bình đẳng giới", "ngân sách"]),
        ann("2021/b.md", "2021-11-20", tags=["bình đẳng giới"]),
        ann("2021/c.md", "2021-11-25", tags=["BÌNH ĐẲNG GIỚI", "Chuyển đổi số"]),
        ann("2021/d.md", "2021-11-30"),
    ]
    news = NewsCollection(items)
    assert sorted(news.by_tag) == ["binh-dang-gioi", "chuyen-doi-so", "ngan-sach"]
    assert slugs(news.by_tag["binh-dang-gioi"]) == ["c", "b", "a"]
    assert slugs(news.by_tag["ngan-sach"]) == ["a"]
    assert slugs(news.by_tag["chuyen-doi-so"]) == ["c"]
    assert sorted(news.tags) == sorted(news.by_tag)
    tag = news.tags["binh-dang-gioi"]
    assert tag.slug == "binh-dang-gioi"
    assert tag.name in {"Bình đẳng giới", "bình đẳng giới", "BÌNH ĐẲNG GIỚI"}
    assert news.tags["chuyen-doi-so"].name == "Chuyển đổi số"


def test_a_tag_repeated_in_one_item_lists_it_once():
    news = NewsCollection([ann("2021/a.md", "2021-11-15", tags=["ngân sách", "ngân sách"])])
    assert slugs(news.by_tag["ngan-sach"]) == ["a"]


def test_tag_spelled_twice_in_one_item_lists_it_once():
    news = NewsCollection([ann("2021/a.md", "2021-11-15", tags=["Bình đẳng giới", "bình đẳng giới"])])
    assert slugs(news.by_tag["binh-dang-gioi"]) == ["a"]


# --- neighbours --------------------------------------------------------------------------------------------------


def test_newer_and_older():
    first = ann("2021/first.md", "2021-01-01")
    second = ann("2021/second.md", "2021-06-01")
    third = ann("2022/third.md", "2022-01-01")
    news = NewsCollection([second, third, first])
    assert news.newer(third) is None
    assert news.older(third) is second
    assert news.newer(second) is third
    assert news.older(second) is first
    assert news.newer(first) is second
    assert news.older(first) is None


def test_single_item_has_no_neighbours():
    only = ann("2021/only.md", "2021-01-01")
    news = NewsCollection([only])
    assert news.newer(only) is None
    assert news.older(only) is None


# --- find_by_number ----------------------------------------------------------------------------------------------


def numbered_over_two_years():
    of_2021 = ann("2021/cv-01-2021.md", "2021-01-04", "01/STC-VP")
    of_2022 = ann("2022/cv-01-2022.md", "2022-01-05", "01/STC-VP")
    return of_2021, of_2022


def test_find_by_number_takes_the_one_of_the_referring_year():
    of_2021, of_2022 = numbered_over_two_years()
    june_2022 = ann("2022/tb-2022.md", "2022-06-10", "40/TB-STC", "thong-bao")
    june_2021 = ann("2021/tb-2021.md", "2021-06-10", "40/TB-STC", "thong-bao")
    news = NewsCollection([of_2022, june_2021, of_2021, june_2022])
    assert news.find_by_number("01/STC-VP", as_of=june_2022) is of_2022
    assert news.find_by_number("01/STC-VP", as_of=june_2021) is of_2021


def test_find_by_number_never_points_to_a_document_issued_later():
    of_2021, of_2022 = numbered_over_two_years()
    early_2022 = ann("2022/early.md", "2022-01-02")  # before 01/STC-VP of 2022 was issued
    news = NewsCollection([of_2021, of_2022, early_2022])
    assert news.find_by_number("01/STC-VP", as_of=early_2022) is of_2021


def test_find_by_number_on_the_same_day():
    of_2021, of_2022 = numbered_over_two_years()
    same_day = ann("2022/same-day.md", "2022-01-05")
    news = NewsCollection([of_2021, of_2022, same_day])
    assert news.find_by_number("01/STC-VP", as_of=same_day) is of_2022


def test_find_by_number_without_a_referring_document_takes_the_latest():
    of_2021, of_2022 = numbered_over_two_years()
    news = NewsCollection([of_2021, of_2022])
    assert news.find_by_number("01/STC-VP") is of_2022


def test_find_by_number_unknown_number():
    of_2021, of_2022 = numbered_over_two_years()
    news = NewsCollection([of_2021, of_2022])
    assert news.find_by_number("02/STC-VP") is None
    assert news.find_by_number("02/STC-VP", as_of=of_2022) is None


def test_find_by_number_is_exact():
    item = ann("2021/kh.md", "2021-05-05", "57/KH-SLĐTBXH", "ke-hoach")
    news = NewsCollection([item])
    assert news.find_by_number("57/KH-SLĐTBXH") is item
    assert news.find_by_number("57/KH") is None
    assert news.find_by_number("57") is None


# --- check_collection --------------------------------------------------------------------------------------------


def test_valid_collection_has_no_error():
    items = [
        ann("2021/a.md", "2021-01-04", "01/STC-VP"),
        ann("2021/b.md", "2021-01-05", "02/STC-VP"),
        ann("2021/c.md", "2021-01-05", "01/TB-STC", "thong-bao"),
        ann("2021/d.md", "2021-02-01"),
        ann("2021/e.md", "2021-02-01"),
    ]
    assert check_collection(items) == []


def test_same_slug_in_two_year_folders_gives_one_error_per_file():
    a = ann("2021/hoi-nghi-tong-ket.md", "2021-12-20")
    b = ann("2022/hoi-nghi-tong-ket.md", "2022-12-20")
    errors = check_collection([a, b, ann("2022/khac.md", "2022-01-01")])
    assert sorted(e.path for e in errors) == [a.source_path, b.source_path]
    by_path = {e.path: e for e in errors}
    assert b.source_path in by_path[a.source_path].found
    assert a.source_path in by_path[b.source_path].found
    for error in errors:
        assert error.field == "(tên tệp)"
        assert "hoi-nghi-tong-ket" in error.found
        assert error.expected
        assert str(error).startswith(error.path)


def test_same_slug_three_times_names_both_others():
    items = [ann(f"{year}/tin.md", f"{year}-05-05") for year in (2020, 2021, 2022)]
    errors = check_collection(items)
    assert len(errors) == 3
    for error in errors:
        others = [i.source_path for i in items if i.source_path != error.path]
        assert all(other in error.found for other in others)
        assert error.path not in error.found


def test_same_number_in_the_same_year_is_an_error():
    a = ann("2021/a.md", "2021-03-01", "15/TB-STC", "thong-bao")
    b = ann("2021/b.md", "2021-09-01", "15/TB-STC", "thong-bao")
    errors = check_collection([a, b])
    assert sorted(e.path for e in errors) == [a.source_path, b.source_path]
    for error, other in ((e, b if e.path == a.source_path else a) for e in errors):
        assert error.field == "number"
        assert "15/TB-STC" in error.found
        assert "2021" in error.found
        assert other.source_path in error.found


def test_same_number_in_different_years_is_not_an_error():
    of_2021, of_2022 = numbered_over_two_years()
    assert check_collection([of_2021, of_2022]) == []


def test_news_without_numbers_never_clash_on_numbers():
    items = [ann(f"2021/tin-{i}.md", "2021-05-05") for i in range(3)]
    assert check_collection(items) == []


def test_reserved_slug_trang_is_an_error():
    reserved = ann("2021/trang.md", "2021-05-05")
    errors = check_collection([reserved, ann("2021/trang-chu.md", "2021-05-06")])
    assert len(errors) == 1
    (error,) = errors
    assert error.path == reserved.source_path
    assert error.field == "(tên tệp)"
    assert "trang" in error.found
    assert "trang" in error.expected
