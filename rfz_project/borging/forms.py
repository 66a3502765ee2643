"""Forms of the borging area. Rules that need the project (its decisions, start date) live in
services.validate_task; these forms only read what was typed."""

from __future__ import annotations

from wtforms import BooleanField, DateField, DecimalField, Form, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import VersionedForm, optional_int, parse_dutch_amount, strip_text
from ..models import TaskFrequency, TaskKind

KIND_CHOICES = [(k.value, k.label) for k in TaskKind]
FREQUENCY_CHOICES = [(f.value, f.label) for f in TaskFrequency]


class HoursField(DecimalField):
    """A number of hours typed the Dutch way: 2,5 or 2.5."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_dutch_amount(valuelist[0].replace("uur", ""))
        if self.data is None:
            raise ValueError("Vul een aantal uren in, bijvoorbeeld 4 of 2,5.")


class RegularTaskForm(VersionedForm):
    title = StringField(
        "Titel",
        filters=[strip_text],
        validators=[
            DataRequired("Geef de taak een titel: wat moet er blijvend gebeuren?"),
            Length(max=200, message="Maximaal 200 tekens."),
        ],
    )
    kind = SelectField("Soort taak", choices=KIND_CHOICES, default=TaskKind.MONITORING.value, validate_choice=False)
    description = TextAreaField(
        "Omschrijving", validators=[Optional(), Length(max=20000, message="Maximaal 20.000 tekens.")]
    )
    owner = StringField(
        "Eigenaar",
        filters=[strip_text],
        description="Wie zorgt dat het blijft gebeuren? Een naam of functie.",
        validators=[Optional(), Length(max=120, message="Maximaal 120 tekens.")],
    )
    department = StringField(
        "Afdeling",
        filters=[strip_text],
        description="Bijvoorbeeld: Schuldhulpverlening, Klantcontact.",
        validators=[Optional(), Length(max=120, message="Maximaal 120 tekens.")],
    )
    # The range (not negative, at most MAX_HOURS) is checked by the service, with its own messages.
    hours = HoursField(
        "Uren per periode",
        validators=[Optional()],
        description="Hoeveel uur per week, maand, kwartaal of jaar (kies hieronder), bijvoorbeeld 4 of 2,5.",
    )
    frequency = SelectField(
        "Hoe vaak", choices=FREQUENCY_CHOICES, default=TaskFrequency.MAAND.value, validate_choice=False
    )
    needs_directiebesluit = BooleanField(
        "Voor deze taak is een directiebesluit nodig (bijvoorbeeld voor extra capaciteit)"
    )
    needs_opdrachtomschrijving = BooleanField("Deze taak krijgt een opdrachtomschrijving voor een afdeling")
    decision_id = SelectField(
        "Besluit waarop de taak rust",
        coerce=optional_int,
        validate_choice=False,
        description="Het besluit dat al genomen is, als dat er is.",
    )
    starts_on = DateField("Start op", validators=[Optional()])

    def fill_choices(self, decisions) -> None:
        self.decision_id.choices = [("", "Nog geen besluit")] + [(d.id, d.title) for d in decisions]


class DecisionFilterForm(Form):
    """Read from the query string (GET): no CSRF token, and a bad value just means 'no filter'."""

    stap = SelectField("Fase of stap", validate_choice=False)
