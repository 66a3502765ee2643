"""Shared form plumbing: Dutch WTForms messages, the input rules every field follows, and mapping service
errors onto fields."""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import (
    DateTimeField,
    DecimalField,
    Form,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms import validators as wtf_validators
from wtforms.i18n import get_translations
from wtforms.validators import DataRequired, Length, NumberRange, Optional, StopValidation
from wtforms.widgets import TextInput

from .errors import ValidationError
from .inputs import DATE_RANGE_MESSAGE, MAX_INT, clean_value, date_in_range, whole_number


def _within_database_integer(form, field) -> None:
    if isinstance(field.data, int) and abs(field.data) > MAX_INT:
        raise wtf_validators.ValidationError("Dit getal is te groot.")


def _date_in_range(form, field) -> None:
    value = field.data  # a date, a datetime, or a time (TimeField is a DateTimeField too)
    if isinstance(value, date) and not date_in_range(value):
        raise wtf_validators.ValidationError(DATE_RANGE_MESSAGE)


@functools.cache
def _dutch_translations():
    """WTForms' Dutch messages, read once: finding the translation file costs more than building a form."""
    return get_translations(InputMeta.locales)


class InputMeta:
    """The Meta of every form of the app (DutchForm, PlainForm): WTForms' own messages in Dutch (it ships
    an 'nl' translation), and the input rules of inputs.py added to every field as it is bound, so no form
    can forget them:
    - text (every value, also of selects and hidden fields) goes through `clean_value` before the field's
      own filters and validators: one kind of newline, no control characters or noncharacters. Passwords
      are left exactly as typed: they are only hashed, never stored or shown;
    - a whole number must fit the database's integer;
    - a date must lie in the tool's date range (inputs.EARLIEST_DATE to LATEST_DATE).
    """

    locales = ["nl_NL", "nl"]

    def get_translations(self, form):
        return _dutch_translations()

    def bind_field(self, form, unbound_field, options):
        kind = unbound_field.field_class
        options = dict(options)
        if not issubclass(kind, PasswordField):
            options["filters"] = [clean_value, *(unbound_field.kwargs.get("filters") or ())]
        extra = []
        if issubclass(kind, IntegerField):
            extra.append(_within_database_integer)
        if issubclass(kind, DateTimeField):
            extra.append(_date_in_range)
        if extra:
            options["validators"] = [*(unbound_field.kwargs.get("validators") or ()), *extra]
        return super().bind_field(form, unbound_field, options)  # type: ignore[misc]


class DutchForm(FlaskForm):
    """Every form that is posted: CSRF protection, Dutch messages and the input rules of InputMeta."""

    Meta = InputMeta


class PlainForm(Form):
    """A form without a CSRF token of its own (read from the query string, or part of a page form), with
    the same Dutch messages and input rules as DutchForm."""

    Meta = InputMeta


class VersionedForm(DutchForm):
    """Carries the version of the record as it was when the form was shown (conflict detection)."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        return whole_number(self.version.data)


def strip_text(value):
    """WTForms filter: surrounding spaces (often pasted along) are never meant."""
    return value.strip() if isinstance(value, str) else value


def required_text(label: str, missing: str, *, max_length: int = 200) -> StringField:
    """A one-line text a record cannot do without (a title, a name): `missing` asks for it; surrounding spaces
    go, and it may be as long as its column."""
    return StringField(
        label,
        filters=[strip_text],
        validators=[DataRequired(missing), Length(max=max_length, message=f"Maximaal {max_length} tekens.")],
    )


def optional_text(label: str, description: str, *, max_length: int = 120) -> StringField:
    """A one-line text that may stay empty (an owner, a department); surrounding spaces go."""
    return StringField(
        label,
        filters=[strip_text],
        description=description,
        validators=[Optional(), Length(max=max_length, message=f"Maximaal {max_length} tekens.")],
    )


def enum_choices(labelled) -> list[tuple[str, str]]:
    """A select's choices for a LabelledEnum: the stored value, shown by its Dutch label."""
    return [(member.value, member.label) for member in labelled]


# The empty first option of every select the user must answer: HTML asks it of a `required` select, and it
# stays selected until the user picks, so nothing is chosen for them by accident.
CHOOSE_LABEL = "Kies …"


def with_placeholder(choices) -> list:
    """A required select's choices: the empty 'Kies …' first, then the real ones."""
    return [("", CHOOSE_LABEL), *choices]


class ChoiceMade:
    """A required select posted at its empty first option gets `message`. A select the request left out keeps
    its default and is the service's to judge, as before."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if field.raw_data and field.data in (None, ""):
            raise StopValidation(self.message)


def required_choice(label: str, missing: str, *, choices=None, **kwargs) -> SelectField:
    """A select the user must answer: its choices start with the empty 'Kies …' (give `choices` here, or pass
    them through `with_placeholder` when they are filled later), and posting that gets `missing`: the message
    the service gives for a missing value, so the user reads it once (apply_errors drops repeats). Which
    other values are valid is the service's rule (validate_choice is off)."""
    return SelectField(
        label,
        choices=None if choices is None else with_placeholder(choices),
        validators=[ChoiceMade(missing)],
        validate_choice=False,
        **kwargs,
    )


class NeededWhen:
    """Marks a field that is needed in some cases only, which its label names ("Plaats (nodig bij een sessie op
    locatie)"): the form macros then do not call it "(niet verplicht)". The service checks the case itself."""

    field_flags = {"needed_when": True}

    def __call__(self, form, field) -> None:
        return None


def decision_field(label: str) -> SelectField:
    """The project's decision a record rests on, if it is taken yet; fill it with `decision_choices`."""
    return SelectField(
        label, coerce=optional_int, validate_choice=False, description="Het besluit dat al genomen is, als dat er is."
    )


def decision_choices(decisions) -> list[tuple[object, str]]:
    return [("", "Nog geen besluit")] + [(d.id, d.title) for d in decisions]


def apply_errors(form: FlaskForm, error: ValidationError) -> None:
    """Put a service's validation messages next to the fields they concern."""
    for name, messages in error.errors.items():
        field = form._fields.get(name) if name else None
        if field is None:
            form.form_errors.extend(m for m in messages if m not in form.form_errors)
        else:
            field.errors = list(field.errors) + [m for m in messages if m not in field.errors]


def optional_int(value) -> int | None:
    """Coerce for select fields with an empty 'nobody' choice."""
    if value in (None, "", "None"):
        return None
    if isinstance(value, int):
        return value
    number = whole_number(value)
    # -1 is never a valid id (also for a number no id column holds); the service refuses it with a clear message
    return -1 if number is None else number


def record_id(value) -> int:
    """Coerce for fields that hold ids: anything but an id the database can hold is the field's error."""
    if isinstance(value, int):
        return value
    number = whole_number(value)
    if number is None:
        raise ValueError("Dit is geen geldige keuze.")
    return number


def parse_dutch_amount(text: str):
    """'€ 25.000,50', '25000,50' and '25000.50' all mean 25000.50; returns None when unreadable."""
    cleaned = (text or "").replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


# The one hint every amount field shows, and the example its error message gives.
AMOUNT_HINT = "Bijvoorbeeld 7500 of 7.500,50."


class EuroField(DecimalField):
    """A euro amount typed the Dutch way (comma for cents, dots for thousands): a text box, since a number
    box refuses "25.000,50" (and a text box may not carry `min` or `step`)."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_dutch_amount(valuelist[0])
        if self.data is None:
            raise ValueError(f"Vul een bedrag in. {AMOUNT_HINT}")
        if abs(self.data) >= Decimal("10000000000"):
            self.data = None
            raise ValueError("Dit bedrag is te groot.")


class NumberInRange(NumberRange):
    """NumberRange that stays quiet when the value could not be read at all: the field already says so."""

    def __call__(self, form, field):
        if field.data is None:
            return
        super().__call__(form, field)
