"""Forms of the actions area. Rules that need the project (its themes, decisions, start date) live in
services.validate_action; these forms only read what was typed."""

from __future__ import annotations

from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import (
    AMOUNT_HINT,
    EuroField,
    NumberInRange,
    PlainForm,
    VersionedForm,
    decision_choices,
    decision_field,
    enum_choices,
    optional_int,
    optional_text,
    required_choice,
    required_text,
    strip_text,
)
from ..models import ActionStatus, ActionTiming
from .services import DECISION_FILTERS, DIRECTIONS, NO_THEME, NO_THEME_LABEL, SORTS

STATUS_CHOICES = enum_choices(ActionStatus)
TIMING_CHOICES = enum_choices(ActionTiming)


def _routekaart_choices(items, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(item.key, item.label) for item in items]


class ActionForm(VersionedForm):
    title = required_text("Titel", "Geef de actie een titel: wat gaat er gebeuren?")
    description = TextAreaField(
        "Omschrijving", validators=[Optional(), Length(max=20000, message="Maximaal 20.000 tekens.")]
    )
    theme_id = SelectField("Thema", coerce=optional_int, validate_choice=False)
    mijlpaal = SelectField("Mijlpaal", validate_choice=False)
    rol = SelectField("Rol", validate_choice=False)
    owner = optional_text("Eigenaar", "Wie zorgt dat het gebeurt? Een naam of functie.")
    deadline = DateField("Deadline", validators=[Optional()])
    budget = EuroField(
        "Budget in euro",
        places=2,
        description=AMOUNT_HINT,
        validators=[Optional(), NumberInRange(min=0, message="Het budget kan niet negatief zijn.")],
    )
    status = required_choice(
        "Status", "Kies een status uit de lijst.", choices=STATUS_CHOICES, default=ActionStatus.OPEN.value
    )
    timing = required_choice(
        "Wanneer",
        "Kies of dit een quick win is of iets voor later.",
        choices=TIMING_CHOICES,
        default=ActionTiming.ONBEPAALD.value,
        description="In de resultatensessie kiest u wat nu kan (quick win) en wat later komt.",
    )
    needs_decision = BooleanField("Voor deze actie is een besluit nodig (bijvoorbeeld omdat ze budget vraagt)")
    decision_id = decision_field("Besluit")

    def fill_choices(self, routekaart, themes, decisions) -> None:
        self.theme_id.choices = [("", "Geen thema")] + [(t.id, t.name) for t in themes]
        self.mijlpaal.choices = _routekaart_choices(routekaart.mijlpalen, "Geen mijlpaal")
        self.rol.choices = _routekaart_choices(routekaart.rollen, "Geen rol")
        self.decision_id.choices = decision_choices(decisions)


class ThemeForm(VersionedForm):
    name = required_text("Naam van het thema", "Geef het thema een naam.")
    description = TextAreaField(
        "Omschrijving", validators=[Optional(), Length(max=5000, message="Maximaal 5000 tekens.")]
    )


class ActionFilterForm(PlainForm):
    """Read from the query string (GET): no CSRF token, and a bad value just means 'no filter'."""

    theme = SelectField("Thema", validate_choice=False)
    mijlpaal = SelectField("Mijlpaal", validate_choice=False)
    rol = SelectField("Rol", validate_choice=False)
    status = SelectField("Status", choices=[("", "Alle statussen")] + STATUS_CHOICES, validate_choice=False)
    timing = SelectField("Wanneer", choices=[("", "Alle momenten")] + TIMING_CHOICES, validate_choice=False)
    owner = StringField("Eigenaar bevat", filters=[strip_text])
    overdue = BooleanField("Alleen acties die te laat zijn")
    decision = SelectField("Besluit", choices=list(DECISION_FILTERS), validate_choice=False)
    sort = SelectField("Sorteren op", choices=list(SORTS), default="deadline", validate_choice=False)
    direction = SelectField("Volgorde", choices=list(DIRECTIONS), default="asc", validate_choice=False)

    def fill_choices(self, routekaart, themes) -> None:
        self.theme.choices = (
            [("", "Alle thema's")] + [(str(t.id), t.name) for t in themes] + [(NO_THEME, NO_THEME_LABEL)]
        )
        self.mijlpaal.choices = _routekaart_choices(routekaart.mijlpalen, "Alle mijlpalen")
        self.rol.choices = _routekaart_choices(routekaart.rollen, "Alle rollen")

    def values(self) -> dict:
        return {
            name: self[name].data or ("" if name != "overdue" else False)
            for name in (
                "theme",
                "mijlpaal",
                "rol",
                "status",
                "timing",
                "owner",
                "overdue",
                "decision",
                "sort",
                "direction",
            )
        }
