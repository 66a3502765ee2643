"""Forms of support on request. The rules that need the project (which sessies, which kinds) are the
service's (`validate_request`, `closing_errors`); these forms read what was typed."""

from __future__ import annotations

from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import NeededWhen, PlainForm, VersionedForm, optional_int, strip_text
from ..models import Sessie
from ..routekaart import SupportKind
from . import services

CHOOSE_SESSIE = "Kies een sessie …"


class SupportRequestForm(VersionedForm):
    """Asking the VNG for support (the version field stays empty: a request is new)."""

    support_kind = RadioField("Waarmee wilt u hulp?", validate_choice=False)
    message = TextAreaField(
        "Uw vraag aan de VNG",
        filters=[strip_text],
        description="Wat wilt u bereiken, wat heeft u al gedaan en wanneer heeft u de hulp nodig?",
        validators=[
            DataRequired(services.MESSAGE_MISSING),
            Length(max=services.MAX_MESSAGE, message=services.MESSAGE_TOO_LONG),
        ],
    )
    sessie_id = SelectField(
        "Sessie (nodig bij een vraag om een procesbegeleider)",
        coerce=optional_int,
        validate_choice=False,
        validators=[NeededWhen()],
        description="De procesbegeleider die de vraag oppakt, wordt de procesbegeleider van deze sessie.",
    )

    def fill_choices(self, kinds: tuple[SupportKind, ...], sessies: list[Sessie]) -> None:
        self.support_kind.choices = [(kind.key, kind.label) for kind in kinds]
        self.sessie_id.choices = [("", CHOOSE_SESSIE)] + [(s.id, services.sessie_label(s)) for s in sessies]

    def read_input(self) -> services.RequestInput:
        return services.RequestInput(
            support_kind=self.support_kind.data or "",
            message=self.message.data or "",
            sessie_id=self.sessie_id.data if isinstance(self.sessie_id.data, int) else None,
        )


class TakeForm(VersionedForm):
    """The button 'In behandeling nemen': its CSRF token and the version the page showed."""


class CloseForm(VersionedForm):
    outcome = RadioField(
        "Hoe sluit u de hulpvraag af?",
        choices=[(status.value, status.label) for status in services.CLOSING_STATUSES],
        validate_choice=False,
    )
    reply = TextAreaField(
        "Antwoord aan de gemeente",
        filters=[strip_text],
        description="De gemeente leest dit bij de hulpvraag. Bij een afwijzing is het antwoord verplicht.",
        validators=[NeededWhen(), Length(max=services.MAX_REPLY, message=services.REPLY_TOO_LONG)],
    )

    def read_input(self) -> services.Closing:
        return services.Closing(outcome=self.outcome.data or "", reply=self.reply.data or "")


class QueueFilterForm(PlainForm):
    """Read from the query string: an unknown value shows the open requests."""

    status = SelectField(
        "Toon", choices=list(services.QUEUE_FILTERS), default=services.QUEUE_OPEN, validate_choice=False
    )
