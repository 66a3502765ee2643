"""The values of an imported archive, checked with the rules the tool holds its own data to.

Every column value of project.json goes through `column_value`: the type of the column (from the model),
the text rules of a form (`inputs.clean_text`), whole numbers within `inputs.MAX_INT`, the tool's date
range (`inputs.date_in_range`), amounts that fit their Numeric column, lengths that fit their String
column, enum values the model knows, and routekaart keys that the current routekaart holds. A problem is
returned as a Dutch sentence, so the import can list every problem at once and refuse the whole archive.

What is checked here per column is derived from the model; only the columns that hold routekaart keys
(which the schema cannot tell) are named, in ROUTEKAART_COLUMNS.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from ..audit import MAX_VALUE_LENGTH
from ..inputs import DATE_RANGE_MESSAGE, MAX_INT, clean_text, clean_value, date_in_range
from ..routekaart import current_routekaart
from ..routekaart.model import Routekaart


class Invalid(ValueError):
    """A value that does not fit its column; the message is Dutch and says why."""


def _routekaart_key(kind: str) -> Callable[[Routekaart, str], bool]:
    return lambda rk, key: rk.get(kind, key) is not None


def _session_option(rk: Routekaart, key: str) -> bool:
    return key in {o.key for o in rk.session_options}


def _checklist_item(rk: Routekaart, key: str) -> bool:
    return key in {i.key for i in rk.checklist}


# (table, column) -> how to know a key of the routekaart; the kind names what the message says
ROUTEKAART_COLUMNS: dict[tuple[str, str], tuple[str, Callable[[Routekaart, str], bool]]] = {
    ("project", "scope_type"): ("soort project", _routekaart_key("scope_type")),
    ("project", "rol"): ("rol", _routekaart_key("rol")),
    ("project", "spoor"): ("spoor", _routekaart_key("spoor")),
    ("project_mijlpaal", "mijlpaal"): ("mijlpaal", _routekaart_key("mijlpaal")),
    ("step_state", "step_key"): ("stap", _routekaart_key("step")),
    ("decision", "step_key"): ("stap", _routekaart_key("step")),
    ("team_member", "discipline"): ("discipline", _routekaart_key("discipline")),
    ("sessie", "session_type"): ("soort sessie", _routekaart_key("session_type")),
    ("sessie", "option"): ("optie", _session_option),
    ("sessie_mijlpaal", "mijlpaal"): ("mijlpaal", _routekaart_key("mijlpaal")),
    ("finding", "mijlpaal"): ("mijlpaal", _routekaart_key("mijlpaal")),
    ("finding", "rol"): ("rol", _routekaart_key("rol")),
    ("action", "mijlpaal"): ("mijlpaal", _routekaart_key("mijlpaal")),
    ("action", "rol"): ("rol", _routekaart_key("rol")),
    ("checklist_answer", "item_key"): ("checklistpunt", _checklist_item),
    ("custom_checklist_item", "mijlpaal"): ("mijlpaal", _routekaart_key("mijlpaal")),
    ("house_style_template", "template_key"): ("document", _routekaart_key("document")),
    ("support_request", "support_kind"): ("soort ondersteuning", _routekaart_key("support_kind")),
}


def _date(value: date) -> date:
    if not date_in_range(value):
        raise Invalid(f"de datum {value.isoformat()} valt buiten het bereik ({DATE_RANGE_MESSAGE.lower()})")
    return value


def _number(column: sa.Column, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid("geen bedrag of getal")
    number = Decimal(str(value))
    if not number.is_finite():
        raise Invalid(f"'{value}' is geen getal")
    precision, scale = column.type.precision, column.type.scale  # type: ignore[attr-defined]
    if number < 0:
        raise Invalid(f"{value} is negatief")
    if precision is not None and scale is not None:
        if number >= Decimal(10) ** (precision - scale):
            raise Invalid(f"{value} is te groot")
        if number != number.quantize(Decimal(1).scaleb(-scale)):
            raise Invalid(f"{value} heeft meer dan {scale} decimalen")
    return number


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("geen heel getal")
    if not 0 <= value <= MAX_INT:
        raise Invalid(f"{value} ligt niet tussen 0 en {MAX_INT}")
    return value


def _text(column: sa.Column, value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("geen tekst")
    text = clean_text(value)  # the same text rules as a form (forms.InputMeta)
    length = getattr(column.type, "length", None)
    if length is not None and len(text) > length:
        raise Invalid(f"de tekst is langer dan {length} tekens")
    return text


def _audit_changes(value: Any) -> dict:
    """audit.py writes {column name: [before, after]}, both short texts; the history page labels them."""
    if not isinstance(value, dict):
        raise Invalid("geen lijst van wijzigingen")
    for field, pair in value.items():
        if not isinstance(field, str) or len(field) > 100:
            raise Invalid("een wijziging zonder geldige veldnaam")
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(v, str) and len(v) <= MAX_VALUE_LENGTH for v in pair)
        ):
            raise Invalid(f"de wijziging van '{clean_text(field)[:40]}' is geen paar van twee teksten")
    return clean_value(value)


def _key_list(kind: str, noun: str, plural: str) -> Callable[[Any], list]:
    """A JSON list of routekaart keys of one kind (the project's reasons, the disciplines left out)."""

    def key_list(value: Any) -> list:
        rk = current_routekaart()
        if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
            raise Invalid(f"geen lijst van {plural}")
        unknown = [k for k in value if rk.get(kind, k) is None]
        if unknown:
            raise Invalid(f"onbekende {noun} '{clean_text(unknown[0])[:40]}'")
        return list(value)

    return key_list


JSON_COLUMNS: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("audit_event", "changes"): _audit_changes,
    ("project", "reasons"): _key_list("reason", "aanleiding", "aanleidingen"),
    ("project", "left_out_disciplines"): _key_list("discipline", "discipline", "disciplines"),
}


def _convert(column: sa.Column, value: Any) -> Any:
    kind = column.type
    try:
        if isinstance(kind, sa.Enum) and kind.enum_class is not None:
            return kind.enum_class(value)
        if isinstance(kind, sa.DateTime):
            if not isinstance(value, str):
                raise Invalid("geen tijdstip")
            return _date(datetime.fromisoformat(value))
        if isinstance(kind, sa.Date):
            if not isinstance(value, str):
                raise Invalid("geen datum")
            return _date(date.fromisoformat(value))
        if isinstance(kind, sa.Time):
            if not isinstance(value, str):
                raise Invalid("geen tijd")
            return time.fromisoformat(value)
        if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
            return _number(column, value)
        if isinstance(kind, sa.Boolean):
            if not isinstance(value, bool):
                raise Invalid("geen ja of nee")
            return value
        if isinstance(kind, sa.Integer):
            return _whole(value)
        if isinstance(kind, (sa.String, sa.Text)):
            return _text(column, value)
        if isinstance(kind, sa.Float):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise Invalid("geen getal")
            return value
    except Invalid:
        raise
    except (ValueError, TypeError, InvalidOperation, OverflowError) as exc:
        raise Invalid("een waarde van het verkeerde soort") from exc
    check = JSON_COLUMNS.get((column.table.name, column.name))
    if check is not None:
        return check(value)
    return clean_value(value)


def column_value(column: sa.Column, value: Any) -> Any:
    """The value the column gets for this JSON value; Invalid (with a Dutch reason) when it does not fit."""
    if value is None:
        if not column.nullable and not column.primary_key:
            raise Invalid("ontbreekt")
        return None
    typed = _convert(column, value)
    key_rule = ROUTEKAART_COLUMNS.get((column.table.name, column.name))
    if key_rule is not None and typed is not None:
        what, known = key_rule
        if not known(current_routekaart(), typed):
            raise Invalid(f"onbekende {what} '{typed[:40]}'")
    return typed


def describe(column: sa.Column, row_number: int, reason: str) -> str:
    """One line of the refusal: where in the archive, and what is wrong."""
    return f"{column.table.name}.{column.name} (rij {row_number}): {reason}"
