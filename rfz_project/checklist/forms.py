"""Forms of the checklist area. The list is one page form (for the CSRF token) holding one small
AnswerForm per item, each prefixed with the item's ref; services decide what is valid."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..errors import ValidationError
from ..forms import DutchForm, PlainForm, apply_errors, enum_choices, required_choice, strip_text, with_placeholder
from ..inputs import whole_number
from ..models import ChecklistStatus
from .services import CUSTOM_TEXT_MAX, GENERAL_LABEL, UNANSWERED_LABEL, AnswerInput, ChecklistEntry

ANSWER_CHOICES = [("", UNANSWERED_LABEL)] + enum_choices(ChecklistStatus)
GENERAL_CHOICE = "algemeen"  # an own item for every mijlpaal; no mijlpaal key is spelled so


class AnswerForm(PlainForm):
    """One item of the list; no CSRF of its own (the page form carries it)."""

    answer = RadioField("Antwoord", choices=ANSWER_CHOICES, default="", validate_choice=False)
    note = TextAreaField("Toelichting")
    version = HiddenField()
    seen = HiddenField()

    def to_input(self, ref: str) -> AnswerInput:
        return AnswerInput(
            ref=ref,
            answer=self.answer.data or "",
            note=self.note.data or "",
            version=whole_number(self.version.data),
            seen=self.seen.data or "",
        )


def _stored(entry: ChecklistEntry) -> dict:
    return {
        "answer": entry.answer_value,
        "note": entry.note,
        "version": "" if entry.version is None else str(entry.version),
        "seen": entry.seen,
    }


class ChecklistForm(DutchForm):
    """The whole list. `answers` maps ref -> AnswerForm; an item missing from a post keeps its stored
    values and is left alone, so a partial or hand-made post cannot blank other answers."""

    def build_items(self, entries: list[ChecklistEntry], formdata=None) -> None:
        self.answers: dict[str, AnswerForm] = {}
        self.conflicts: dict[str, ChecklistEntry] = {}
        self._posted = {e.ref for e in entries if formdata is not None and f"{e.ref}-seen" in formdata}
        for entry in entries:
            self.answers[entry.ref] = (
                AnswerForm(formdata, prefix=entry.ref)
                if entry.ref in self._posted
                else AnswerForm(None, prefix=entry.ref, data=_stored(entry))
            )
            self.answers[entry.ref].answer.description = entry.meta

    def inputs(self) -> list[AnswerInput]:
        return [self.answers[ref].to_input(ref) for ref in self.answers if ref in self._posted]

    def apply_errors(self, error: ValidationError) -> None:
        """Service errors are keyed `<ref>-<field>`: put each next to its own item's field."""
        for key, messages in error.errors.items():
            ref, _, name = key.rpartition("-")
            item = self.answers.get(ref)
            if item is not None and name in item._fields:
                item[name].errors = list(item[name].errors) + list(messages)
            else:
                self.form_errors.extend(messages)

    def mark_conflict(self, entry: ChecklistEntry) -> None:
        """Keep what the user typed, but take the newest version: saving again is a deliberate choice."""
        self.conflicts[entry.ref] = entry
        stored = _stored(entry)
        item = self.answers[entry.ref]
        item.version.data, item.seen.data = stored["version"], stored["seen"]

    @property
    def item_errors(self) -> list[tuple[str, object]]:
        """(ref, field) of every field with an error, in page order, for the error summary."""
        return [(ref, field) for ref, item in self.answers.items() for field in item if field.errors]


class CustomItemForm(DutchForm):
    text = TextAreaField(
        "Het punt",
        filters=[strip_text],
        description="Schrijf het op zoals de andere punten: wat doet uw gemeente als het goed is?",
        validators=[
            DataRequired("Beschrijf het punt: wat hoort uw gemeente te doen?"),
            Length(max=CUSTOM_TEXT_MAX, message=f"Maximaal {CUSTOM_TEXT_MAX} tekens."),
        ],
    )
    # The service reads an empty mijlpaal as "general"; in the form that is a choice of its own, so that the
    # empty first option can mean "nothing chosen yet".
    mijlpaal = required_choice("Bij welke mijlpaal hoort het?", "Kies een mijlpaal van dit project, of 'Algemeen'.")

    def fill_choices(self, routekaart, mijlpaal_keys) -> None:
        self.mijlpaal.choices = with_placeholder(
            [(key, routekaart.get("mijlpaal", key).label) for key in routekaart.mijlpaal_order(mijlpaal_keys)]
            + [(GENERAL_CHOICE, GENERAL_LABEL)]
        )

    def chosen_mijlpaal(self) -> str:
        """The mijlpaal as the service takes it: a key, or "" for a general item."""
        chosen = self.mijlpaal.data or ""
        return "" if chosen == GENERAL_CHOICE else chosen

    def apply_errors(self, error: ValidationError) -> None:
        apply_errors(self, error)
