"""Forms of the VNG's oversight pages. Services decide what is valid; these only carry the input."""

from __future__ import annotations

from wtforms import StringField, TextAreaField

from ..forms import DutchForm, PlainForm, VersionedForm

NOTE_HELP = (
    "Bijvoorbeeld wat u met de gemeente afsprak of waar u op wilt letten. Alleen procesbegeleiders en "
    "coördinatoren van de VNG lezen dit."
)


class GemeenteSearchForm(PlainForm):
    """The search on gemeente name of the coverage matrix (a query string)."""

    # A longer search is cut to the length of a name by the service: a search never fails.
    zoek = StringField("Zoek op gemeente", description="Een deel van de naam is genoeg.")


def _note_field() -> TextAreaField:
    # The service checks that a note is there and not too long, with its own messages (one rule, one place);
    # no maxlength in the page, which would cut a long paste off without a word.
    return TextAreaField("Notitie", description=NOTE_HELP)


class NoteForm(DutchForm):
    text = _note_field()


class EditNoteForm(VersionedForm):
    text = _note_field()
