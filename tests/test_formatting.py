from datetime import date
from decimal import Decimal

import pytest

from rfz_project.formatting import datum, euro
from rfz_project.forms import parse_dutch_amount


def test_dates_are_written_the_dutch_way():
    assert datum(date(2025, 3, 3)) == "3 maart 2025"
    assert datum(None) == "—"


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("12345.5"), "€ 12.345,50"),
        (0, "€ 0,00"),
        (Decimal("-1250"), "€ -1.250,00"),
        (Decimal("1234567.891"), "€ 1.234.567,89"),
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
