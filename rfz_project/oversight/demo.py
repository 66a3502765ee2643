"""The demo's notes of the procesbegeleider about two gemeenten, with their history; the notes are in demo.toml
beside this module. Called by `demo.load_demo` once its gemeenten exist; creates nothing for a gemeente that
already has notes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import Gemeente, GemeenteNote, User
from ..toml_files import read_beside
from .notes import record_event

DEMO_NOTES = tuple(
    (note["gemeente"], note["days_ago"], note["text"]) for note in read_beside(__file__, "demo.toml")["notes"]
)


def add_demo_notes(today: date, author: User) -> int:
    """The notes of DEMO_NOTES for the gemeenten that exist and have none yet; returns the rows created."""
    names = {name for name, _days, _text in DEMO_NOTES}
    gemeenten = {g.name: g for g in db.session.scalars(sa.select(Gemeente).where(Gemeente.name.in_(names)))}
    with_notes = set(db.session.scalars(sa.select(GemeenteNote.gemeente_id).distinct()))
    created = 0
    for name, days_ago, text in DEMO_NOTES:
        gemeente = gemeenten.get(name)
        if gemeente is None or gemeente.id in with_notes:
            continue
        at = datetime.combine(today - timedelta(days=days_ago), time(10, 15))
        note = GemeenteNote(
            gemeente_id=gemeente.id, author_id=author.id, author_name=author.name, text=text, created_at=at
        )
        db.session.add(note)
        db.session.flush()  # the note's id, for its history
        record_event(author, note, "new", at=at)
        created += 2
    return created
