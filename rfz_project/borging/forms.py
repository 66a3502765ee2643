"""Forms of the borging area. Rules that need the project (its decisions, start date) live in
services.validate_task; these forms only read what was typed."""

from __future__ import annotations

from wtforms import BooleanField, DateField, DecimalField, SelectField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import TextInput

from ..forms import (
    PlainForm,
    VersionedForm,
    decision_choices,
    decision_field,
    enum_choices,
    optional_text,
    parse_dutch_amount,
    required_choice,
    required_text,
)
from ..models import TaskFrequency, TaskKind

KIND_CHOICES = enum_choices(TaskKind)
FREQUENCY_CHOICES = enum_choices(TaskFrequency)


class HoursField(DecimalField):
    """A number of hours typed the Dutch way: 2,5 or 2.5, in a text box (which may not carry `step`)."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_dutch_amount(valuelist[0].replace("uur", ""))
        if self.data is None:
            raise ValueError("Vul een aantal uren in, bijvoorbeeld 4 of 2,5.")


class RegularTaskForm(VersionedForm):
    title = required_text("Titel", "Geef de taak een titel: wat moet er blijvend gebeuren?")
    kind = required_choice(
        "Soort taak", "Kies een soort taak uit de lijst.", choices=KIND_CHOICES, default=TaskKind.MONITORING.value
    )
    description = TextAreaField(
        "Omschrijving", validators=[Optional(), Length(max=20000, message="Maximaal 20.000 tekens.")]
    )
    owner = optional_text("Eigenaar", "Wie zorgt dat het blijft gebeuren? Een naam of functie.")
    department = optional_text("Afdeling", "Bijvoorbeeld: Schuldhulpverlening, Klantcontact.")
    # The range (not negative, at most MAX_HOURS) is checked by the service, with its own messages.
    hours = HoursField(
        "Uren per periode",
        validators=[Optional()],
        description="Hoeveel uur per week, maand, kwartaal of jaar (kies hieronder), bijvoorbeeld 4 of 2,5.",
    )
    frequency = required_choice(
        "Hoe vaak", "Kies hoe vaak de taak terugkomt.", choices=FREQUENCY_CHOICES, default=TaskFrequency.MAAND.value
    )
    needs_directiebesluit = BooleanField(
        "Voor deze taak is een directiebesluit nodig (bijvoorbeeld voor extra capaciteit)"
    )
    needs_opdrachtomschrijving = BooleanField("Deze taak krijgt een opdrachtomschrijving voor een afdeling")
    decision_id = decision_field("Besluit waarop de taak rust")
    starts_on = DateField("Start op", validators=[Optional()])

    def fill_choices(self, decisions) -> None:
        self.decision_id.choices = decision_choices(decisions)


class DecisionFilterForm(PlainForm):
    """Read from the query string (GET): no CSRF token, and a bad value just means 'no filter'."""

    stap = SelectField("Fase of stap", validate_choice=False)


class RecordKeepingForm(VersionedForm):
    """The team's agreements on keeping records, on the archivering page."""

    record_keeping = TextAreaField(
        "Afspraken over vastleggen",
        validators=[Optional(), Length(max=20000, message="Maximaal 20.000 tekens.")],
        description="Waar bewaart het team besluiten, verslagen en documenten, wie houdt het bij en hoe vindt een "
        "collega het later terug? Bijvoorbeeld: de map in het zaaksysteem en de naamgeving van bestanden.",
    )
