"""Shared form plumbing: Dutch WTForms messages, and mapping service errors onto fields."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, SelectField, StringField
from wtforms.i18n import get_translations
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from .errors import ValidationError


class DutchForm(FlaskForm):
    """WTForms' own messages in Dutch (it ships an 'nl' translation)."""

    class Meta:
        locales = ["nl_NL", "nl"]

        def get_translations(self, form):
            return get_translations(self.locales)


class VersionedForm(DutchForm):
    """Carries the version of the record as it was when the form was shown (conflict detection)."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None


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
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # never a valid id; the service refuses it with a clear message


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


class EuroField(DecimalField):
    """A euro amount typed the Dutch way (comma for cents, dots for thousands)."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_dutch_amount(valuelist[0])
        if self.data is None:
            raise ValueError("Vul een bedrag in, bijvoorbeeld 25.000 of 1250,50.")
        if abs(self.data) >= Decimal("10000000000"):
            self.data = None
            raise ValueError("Dit bedrag is te groot.")


class NumberInRange(NumberRange):
    """NumberRange that stays quiet when the value could not be read at all: the field already says so."""

    def __call__(self, form, field):
        if field.data is None:
            return
        super().__call__(form, field)
