"""Dutch formatting of dates and amounts, shared by pages and (later) documents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from .routekaart import current_routekaart

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


# Between the parts that must stay on one line: "€" and its amount, a day and its month. A date then
# takes at most two lines in a narrow column ("3 maart" / "2025"), and an amount never loses its "€".
NBSP = "\u00a0"


def datum(value: date | datetime | None, missing: str = "—", *, space: str = NBSP) -> str:
    """3 maart 2025 (with a no-break space after the day; `space=" "` for text that is not a page)"""
    if value is None:
        return missing
    return f"{value.day}{space}{MAANDEN[value.month - 1]} {value.year}"


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def tijdstip(value: datetime | None, missing: str = "—") -> str:
    """A stored (naive UTC) moment in Dutch local time: 3 maart 2025, 14:05"""
    if value is None:
        return missing
    local = value.replace(tzinfo=UTC).astimezone(AMSTERDAM)
    return f"{datum(local)}, {local:%H:%M}"


def euro(value: Decimal | int | float | None, missing: str = "—", *, space: str = NBSP) -> str:
    """€ 12.345,50 (with a no-break space after the €; `space=" "` for text that is not a page)"""
    if value is None:
        return missing
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""  # Dutch style puts the minus after the euro sign: € -1.250,00
    whole, cents = f"{abs(amount):.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"€{space}{sign}{grouped},{cents}"


def uren(value: Decimal | None, missing: str = "—") -> str:
    """Hours the Dutch way without needless decimals: 52, 2,5, 1.234,5."""
    if value is None:
        return missing
    amount = Decimal(value).quantize(Decimal("0.1"))
    whole, tenth = f"{abs(amount):.1f}".split(".")
    text = f"{int(whole):,}".replace(",", ".") + ("" if tenth == "0" else f",{tenth}")
    return f"-{text}" if amount < 0 else text


def aantal(count: int, one: str, many: str) -> str:
    """A count with the right Dutch form: 1 actie, 2 acties, 0 acties."""
    return f"{count} {vorm(count, one, many)}"


def vorm(count: int, one: str, many: str) -> str:
    """The word alone, in the form a count asks for: "1 sessie blijft", "2 sessies blijven"."""
    return one if count == 1 else many


def register(app: Flask) -> None:
    app.add_template_filter(aantal)
    app.add_template_filter(vorm)
    app.add_template_filter(datum)
    app.add_template_filter(euro)
    app.add_template_filter(uren)
    app.add_template_filter(tijdstip)

    @app.context_processor
    def inject_globals():
        return {
            "routekaart": current_routekaart(),
            "theme_class": current_app.config["RFZ_THEME_CLASS"],
            "theme_css": current_app.config["RFZ_THEME_CSS"],
        }
