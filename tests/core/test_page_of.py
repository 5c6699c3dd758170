"""``Page.of``: a query page (rows, next cursor) shown row by row."""

from core.pagination import Page


def test_each_row_is_shown_and_the_cursor_kept():
    assert Page.of(([1, 2], "next"), str) == Page(items=["1", "2"], next_cursor="next")


def test_the_last_page_has_no_cursor():
    assert Page.of(([], None), str) == Page(items=[], next_cursor=None)
