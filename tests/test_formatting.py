from datetime import date, datetime
from decimal import Decimal

import pytest

from rfz_project import formatting
from rfz_project.formatting import datum, euro
from rfz_project.forms import parse_dutch_amount


def test_dates_are_written_the_dutch_way():
    assert datum(date(2025, 3, 3)) == "3\u00a0maart 2025"
    assert datum(None) == "—"


def test_a_date_breaks_only_before_the_year_and_an_amount_never_after_the_euro():
    """No-break spaces: a date takes at most two lines in a narrow column, and € stays with its amount."""
    assert datum(date(2025, 3, 3)).split(" ") == ["3\u00a0maart", "2025"]
    assert euro(Decimal("12345.5")).split(" ") == ["€\u00a012.345,50"]
    assert formatting.tijdstip(datetime(2025, 3, 3, 13, 5)) == "3\u00a0maart 2025, 14:05"


def test_documents_can_ask_for_plain_spaces():
    assert datum(date(2025, 3, 3), space=" ") == "3 maart 2025"
    assert euro(Decimal("1250"), space=" ") == "€ 1.250,00"


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("12345.5"), "€\u00a012.345,50"),
        (0, "€\u00a00,00"),
        (Decimal("-1250"), "€\u00a0-1.250,00"),
        (Decimal("1234567.891"), "€\u00a01.234.567,89"),
        (None, "—"),
    ],
)
def test_amounts_are_written_as_euros(value, expected):
    assert euro(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("25.000", Decimal("25000")),
        ("25000,50", Decimal("25000.50")),
        ("€ 1.250,75", Decimal("1250.75")),
        ("12.5", Decimal("12.5")),
        ("", None),
        ("twaalf", None),
        ("NaN", None),
        ("1e400", Decimal("1e400")),
    ],
)
def test_dutch_amounts_are_read(text, expected):
    assert parse_dutch_amount(text) == expected


@pytest.mark.parametrize("count, expected", [(0, "0 acties"), (1, "1 actie"), (2, "2 acties")])
def test_counts_take_the_dutch_singular_only_for_one(count, expected):
    assert formatting.aantal(count, "actie", "acties") == expected
