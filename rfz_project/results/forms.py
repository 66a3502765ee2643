from wtforms import DateField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import DutchForm, VersionedForm, enum_choices, optional_int, record_id, required_choice, strip_text
from ..models import AgreementKind
from .services import LANES


class FindingForm(DutchForm):
    text = TextAreaField(
        "Bevinding",
        validators=[DataRequired("Beschrijf de bevinding."), Length(max=10000, message="Maximaal 10.000 tekens.")],
    )
    mijlpaal = SelectField("Mijlpaal", validate_choice=False)
    rol = SelectField("Perspectief of rol", validate_choice=False)
    theme_id = SelectField("Thema", coerce=optional_int, validate_choice=False)

    def fill_choices(self, routekaart, mijlpaal_keys, themes) -> None:
        self.mijlpaal.choices = [("", "Geen specifieke mijlpaal")] + [
            (k, routekaart.get("mijlpaal", k).label) for k in routekaart.mijlpaal_order(mijlpaal_keys)
        ]
        self.rol.choices = [("", "Geen specifieke rol")] + [(r.key, r.label) for r in routekaart.rollen]
        self.theme_id.choices = [("", "Nog geen thema")] + [(t.id, t.name) for t in themes]


class EditFindingForm(FindingForm, VersionedForm):
    """A finding on its own page, with the version it was shown at."""


class BundleForm(DutchForm):
    finding_ids = SelectMultipleField("Bevindingen", coerce=record_id, validate_choice=False)
    theme_id = SelectField("Naar thema", coerce=optional_int, validate_choice=False)
    # Checked by the themes' own rule in the service (actions.services.validated_theme_name), as on the themes page.
    new_theme = StringField(
        "Of: naar een nieuw thema",
        filters=[strip_text],
        description="Typ de naam van het nieuwe thema; het wordt meteen gemaakt. Kies hierboven dan geen thema.",
    )


class ColumnForm(VersionedForm):
    title = StringField(
        "Stap in de reis",
        filters=[strip_text],
        validators=[DataRequired("Geef de stap in de reis een naam."), Length(max=200)],
    )
    inwoner = TextAreaField(LANES[0][1], validators=[Optional(), Length(max=5000)])
    frontstage = TextAreaField(LANES[1][1], validators=[Optional(), Length(max=5000)])
    backstage = TextAreaField(LANES[2][1], validators=[Optional(), Length(max=5000)])
    support = TextAreaField(LANES[3][1], validators=[Optional(), Length(max=5000)])


class MoveForm(DutchForm):
    direction = HiddenField()


class AgreementForm(DutchForm):
    who = StringField(
        "Wie", filters=[strip_text], validators=[DataRequired("Vul in wie de afspraak op zich neemt."), Length(max=120)]
    )
    kind = required_choice("Wat", "Kies een soort afspraak uit de lijst.", choices=enum_choices(AgreementKind))
    description = TextAreaField("Toelichting", validators=[Optional(), Length(max=5000)])
    due_date = DateField("Uiterlijk", validators=[Optional()])


class EditAgreementForm(AgreementForm, VersionedForm):
    """An agreement on its own page, with the version it was shown at."""
