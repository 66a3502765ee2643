"""Forms of the initiatives area. The rules (a web link, a way to reach the contact, routekaart keys) live in
services.validate_initiative; these forms only read what was typed."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import (
    DutchForm,
    NeededWhen,
    PlainForm,
    VersionedForm,
    optional_int,
    optional_text,
    required_text,
    strip_text,
)
from .services import (
    EMAIL_MAX,
    LINK_MAX,
    PHONE_MAX,
    REASON_MAX,
    SEARCH_MAX,
    TEXT_MAX,
    InitiativeInput,
)

# The steps of publishing, on one address: the form, its preview, back to the form, and submitting.
STEP_PREVIEW = "voorbeeld"
STEP_EDIT = "bewerken"
STEP_SUBMIT = "indienen"
STEPS = (STEP_PREVIEW, STEP_EDIT, STEP_SUBMIT)
CONSENT_TEXT = (
    "De contactpersoon weet ervan en vindt het goed dat naam, functie, telefoonnummer en e-mailadres "
    "zichtbaar zijn voor alle gemeenten die de tool gebruiken."
)
# The fields the preview carries along as hidden fields, so going back loses nothing.
CARRIED = (
    "title",
    "how_it_works",
    "link",
    "mijlpalen",
    "rol",
    "laag",
    "contact_name",
    "contact_function",
    "contact_phone",
    "contact_email",
)


def _choices(items, empty: str | None) -> list[tuple[str, str]]:
    return ([("", empty)] if empty is not None else []) + [(item.key, item.label) for item in items]


class InitiativeForm(DutchForm):
    title = required_text("Titel", "Geef het initiatief een titel.")
    how_it_works = TextAreaField(
        "Hoe het werkt",
        description="In een paar zinnen: wat doet uw gemeente, voor wie, en wat is er nodig om het over te nemen?",
        validators=[Length(max=TEXT_MAX, message=f"Maximaal {TEXT_MAX} tekens.")],
    )
    link = StringField(
        "Link naar meer informatie",
        filters=[strip_text],
        description="Een webadres dat begint met https://, bijvoorbeeld een pagina op de site van uw gemeente.",
        validators=[Optional(), Length(max=LINK_MAX, message=f"Maximaal {LINK_MAX} tekens.")],
    )
    mijlpalen = SelectMultipleField("Mijlpalen", validate_choice=False)
    rol = SelectField("Rol", validate_choice=False)
    laag = SelectField("Laag", validate_choice=False)
    contact_name = required_text("Naam van de contactpersoon", "Vul de naam van de contactpersoon in.", max_length=120)
    contact_function = optional_text("Functie", "Bijvoorbeeld: beleidsadviseur schuldhulpverlening.")
    contact_phone = StringField(
        "Telefoonnummer (nodig zonder e-mailadres)",
        filters=[strip_text],
        validators=[NeededWhen(), Optional(), Length(max=PHONE_MAX, message=f"Maximaal {PHONE_MAX} tekens.")],
    )
    contact_email = StringField(
        "E-mailadres (nodig zonder telefoonnummer)",
        filters=[strip_text],
        validators=[NeededWhen(), Optional(), Length(max=EMAIL_MAX, message=f"Maximaal {EMAIL_MAX} tekens.")],
    )
    # The short label names the field in the error summary; the preview shows CONSENT_TEXT beside the box.
    consent = BooleanField(
        "Toestemming voor de contactgegevens",
        description="Zonder deze toestemming kunt u het initiatief niet indienen.",
    )
    stap = HiddenField()

    def fill_choices(self, routekaart) -> None:
        self.mijlpalen.choices = _choices(routekaart.mijlpalen, None)
        self.rol.choices = _choices(routekaart.rollen, "Geen bepaalde rol")
        self.laag.choices = [("", "Kies …"), *_choices(routekaart.lagen, None)]

    def fill_from(self, data: InitiativeInput) -> None:
        for name in CARRIED:
            self[name].data = getattr(data, name)

    def values(self) -> InitiativeInput:
        texts: dict[str, str] = {name: self[name].data or "" for name in CARRIED if name != "mijlpalen"}
        return InitiativeInput(mijlpalen=list(self.mijlpalen.data or []), **texts)

    @property
    def step(self) -> str:
        return self.stap.data if self.stap.data in STEPS else STEP_PREVIEW


class RejectForm(VersionedForm):
    reason = TextAreaField(
        "Waarom wordt het initiatief niet opgenomen?",
        description="De gemeente leest deze uitleg bij haar initiatief.",
        validators=[Length(max=REASON_MAX, message=f"Maximaal {REASON_MAX} tekens.")],
    )


class AdoptForm(DutchForm):
    project_id = SelectField("Project", coerce=optional_int, validate_choice=False)

    def fill_choices(self, choices) -> None:
        self.project_id.choices = [("", "Kies …")] + [(c.id, c.label) for c in choices if not c.adopted]


class CatalogueFilterForm(PlainForm):
    """Read from the query string (GET): no CSRF token, and a bad value just means 'no filter'."""

    q = StringField(
        "Zoeken", filters=[strip_text], validators=[Length(max=SEARCH_MAX)], description="In titel, uitleg en gemeente."
    )
    mijlpaal = SelectField("Mijlpaal", validate_choice=False)
    rol = SelectField("Rol", validate_choice=False)
    laag = SelectField("Laag", validate_choice=False)

    def fill_choices(self, routekaart) -> None:
        self.mijlpaal.choices = _choices(routekaart.mijlpalen, "Alle mijlpalen")
        self.rol.choices = _choices(routekaart.rollen, "Alle rollen")
        self.laag.choices = _choices(routekaart.lagen, "Alle lagen")

    def values(self) -> dict:
        return {name: self[name].data or "" for name in ("q", "mijlpaal", "rol", "laag")}
