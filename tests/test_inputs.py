"""inputs.py: the text normaliser, the whole-number reader and the date range, on their own."""

from datetime import date, datetime

import pytest

from rfz_project.inputs import MAX_INT, clean_text, clean_value, date_in_range, whole_number


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("a\x00b", "ab"),
        ("a\r\nb\rc\x0bd\x85e", "a\nb\nc\nd\ne"),
        ("tab\tstays\nnewline too", "tab\tstays\nnewline too"),
        ("\x01\x08\x0c\x0e\x1f\x7f\x80\x9f", ""),
        ("\ufffe\uffff\ufdd0\ufdef\U0001fffe\U0010ffff", ""),
        ("half a pair \ud800\udfff", "half a pair "),
        ("<b>&\"'</b> 💶 é ß \u00a0 \u200d \u2028", "<b>&\"'</b> 💶 é ß \u00a0 \u200d \u2028"),
    ],
)
def test_clean_text(typed, stored):
    assert clean_text(typed) == stored


def test_clean_value_reaches_into_lists_and_dicts_and_leaves_the_rest():
    assert clean_value(["a\x00", ("b\ufffe",), {"k\x00": "v\x01"}, 3, None]) == ["a", ("b",), {"k": "v"}, 3, None]


@pytest.mark.parametrize(
    "text, number",
    [("0", 0), (" 12 ", 12), (str(MAX_INT), MAX_INT), (str(MAX_INT + 1), None), ("99999999999999999999", None)]
    + [(t, None) for t in ("²", "٣", "-1", "+1", "1.0", "1e3", "1_000", "", " ", "0x10")],
)
def test_whole_number(text, number):
    assert whole_number(text) == number


def test_whole_number_of_what_is_no_text():
    assert whole_number(None) is None and whole_number(5) is None


def test_date_range():
    assert date_in_range(date(2000, 1, 1)) and date_in_range(date(2100, 12, 31))
    assert not date_in_range(date(1999, 12, 31)) and not date_in_range(date(9999, 12, 31))
    assert date_in_range(datetime(2026, 3, 2, 13, 30))
