"""What every spreadsheet export shares: text that a spreadsheet shows but never runs, and Dutch-Excel CSV.

Spreadsheet programs run a cell that starts with = + - @ as a formula (CSV injection), so such text
gets a leading apostrophe: the text stays readable and is never executed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from .inputs import clean_text

DATE_FORMAT = "dd-mm-yyyy"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text as a spreadsheet shows it but never runs it, without the characters an .xlsx file (XML) cannot
    hold (inputs.clean_text: stored rows may predate the forms' cleaning); tab and newline stay."""
    text = clean_text(text or "")
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """Semicolon-separated with a BOM and Windows line ends: what Excel with Dutch settings opens correctly by
    double-click. The cells are written as given: the caller has neutralised its texts."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
