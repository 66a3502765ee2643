"""What users send, made safe to store and to show: one normaliser for text, a strict reader for whole
numbers, and the one range of dates the tool accepts.

Forms (forms.py, through the Meta of every form), the archive import and the document builder all use
these, so what is typed, what is imported and what is printed follow the same rules. This module imports
nothing of the app (only Werkzeug, for the URL converter): every layer may use it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from werkzeug.routing import IntegerConverter
from werkzeug.routing import ValidationError as RoutingValidationError

# Newlines as typed on Windows (\r\n) and old Macs (\r), Word's "manual line break" (vertical tab) when
# text is pasted, and Unicode's NEXT LINE: all become "\n".
_NEWLINES = re.compile("\r\n|[\r\x0b\x85]")

# What no text of the tool may hold: the C0 control characters except tab and newline, DEL and the C1
# controls, lone surrogates (half a UTF-16 pair, not a character), and the 66 noncharacters (U+FDD0 to
# U+FDEF and the last two code points of every plane, among them U+FFFE and U+FFFF). XML 1.0 (Word and
# PowerPoint files) forbids most of these, PostgreSQL refuses NUL in text, and none of them means anything
# to a reader.
_NONCHARACTERS = "".join(chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF))
_UNWANTED = re.compile(f"[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_NONCHARACTERS}]")


def clean_text(text: str) -> str:
    """`text` with one kind of newline ("\\n") and without the characters no text may hold; tabs stay."""
    return _UNWANTED.sub("", _NEWLINES.sub("\n", text))


def clean_value(value: Any) -> Any:
    """clean_text for a string, and for every string inside lists, tuples and dicts; anything else as it is."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    if isinstance(value, tuple):
        return tuple(clean_value(item) for item in value)
    if isinstance(value, dict):
        return {clean_value(key): clean_value(item) for key, item in value.items()}
    return value


# The largest number an id or count column holds: they are INTEGER, 32 bits signed, on PostgreSQL.
MAX_INT = 2**31 - 1


def whole_number(text: Any, maximum: int = MAX_INT) -> int | None:
    """The number `text` spells in the digits 0-9, if it lies from 0 to `maximum`; else None.

    `str.isdigit()` is no test for this: it is true for "²", which int() refuses, and for "٣", which int()
    reads as 3; and a number of 20 digits fits no column.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


# The dates the tool accepts, in every date field and every service that takes a date. The tool plans
# projects, sessions, deadlines and decisions of this century; a fixed range (not one relative to today)
# means the same input is valid tomorrow and in an archive imported years later, and it keeps every date
# derived from it (phase ends, reminders) far from the limits of Python's date.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_RANGE_MESSAGE = "Vul een datum in tussen 1 januari 2000 en 31 december 2100."


def date_in_range(value: date) -> bool:
    """Whether a date (or the day of a datetime) lies from EARLIEST_DATE to LATEST_DATE."""
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


class IdConverter(IntegerConverter):
    """`<int:...>` in the app's routes: the digits 0-9 only, and a number an id column can hold; anything
    else (`/projecten/99999999999999999999`) is a page that does not exist (404), not a database error."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = whole_number(value)
        if number is None:
            raise RoutingValidationError()
        return number
