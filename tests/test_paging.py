"""Which rows a page holds and what its pager shows (rfz_project/paging.py)."""

from dataclasses import dataclass

import pytest
from werkzeug.datastructures import MultiDict

from rfz_project.paging import filter_args, page_args, page_of, requested_page


def test_a_page_holds_its_slice_of_the_whole_list():
    paging = page_of(2, total=500, size=50)
    assert (paging.number, paging.pages, paging.offset, paging.first, paging.last) == (2, 10, 50, 51, 100)
    assert (paging.previous, paging.next, paging.needed) == (1, 3, True)


def test_the_last_page_may_be_short():
    paging = page_of(3, total=120, size=50)
    assert (paging.first, paging.last, paging.next) == (101, 120, None)


@pytest.mark.parametrize("requested, shown", [(None, 1), (0, 1), (7, 3), (3, 3)])
def test_a_page_out_of_range_shows_the_nearest_page(requested, shown):
    paging = page_of(requested, total=101, size=50)
    assert paging.number == shown
    assert paging.beyond_the_end is (requested == 7)


def test_an_empty_list_is_one_empty_page_without_a_pager():
    paging = page_of(4, total=0, size=50)
    assert (paging.number, paging.pages, paging.first, paging.last, paging.needed) == (1, 1, 0, 0, False)


@pytest.mark.parametrize(
    "number, window",
    [
        (1, [1, 2, 3, None, 10]),
        (5, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (4, [1, 2, 3, 4, 5, 6, None, 10]),
        (10, [1, None, 8, 9, 10]),
    ],
)
def test_the_pager_links_the_first_last_and_nearby_pages(number, window):
    assert page_of(number, total=500, size=50).window == window


@pytest.mark.parametrize("text, page", [("3", 3), ("", 1), ("0", 1), ("-2", 1), ("abc", 1), ("²", 1), ("9" * 30, 1)])
def test_the_page_number_in_the_address_is_read_safely(text, page):
    assert requested_page(MultiDict({"pagina": text})) == page


def test_the_first_page_needs_no_argument_in_its_address():
    assert page_args(1) == {} and page_args(4) == {"pagina": 4}


def test_filter_args_leave_out_the_defaults_and_write_true_as_one():
    @dataclass(frozen=True)
    class Filters:
        zoek: str = ""
        sort: str = "naam"
        closed: bool = False

    assert filter_args(Filters()) == {}
    assert filter_args(Filters(zoek="Zorg & <b>", sort="naam", closed=True)) == {"zoek": "Zorg & <b>", "closed": "1"}
    assert filter_args(Filters(sort="datum")) == {"sort": "datum"}
