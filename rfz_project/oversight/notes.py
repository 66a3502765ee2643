"""The VNG's page of one gemeente: its projects, and the procesbegeleiders' own notes about it.

Rules:
- only VNG users who oversee the gemeente see the page and its notes (others: not found); the gemeente's own
  people never do, and no page of a project shows them;
- a procesbegeleider adds notes about the gemeenten assigned to them, and changes or deletes only their own;
  the coördinator reads them and writes none (a read-only role): refused, not hidden;
- every change is kept in the notes' history (`GemeenteNoteEvent`, in the same transaction): the project
  audit trail belongs to one project, a note to the gemeente.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from .. import access
from ..access import Need
from ..audit import ACTIONS, shorten
from ..errors import NotAuthorized, NotFound, ValidationError
from ..extensions import db
from ..inputs import clean_text
from ..models import Gemeente, GemeenteNote, GemeenteNoteEvent, Project, User
from ..models.base import utcnow
from ..routekaart import current_routekaart
from ..services_common import commit_or_conflict, delete_row, expect_version
from .reach import may_write_notes, oversees, require_vng

NOTE_MAX = 5000
HISTORY_SHOWN = 50


@dataclass(frozen=True)
class ProjectLink:
    id: int
    name: str
    scope_label: str
    closed: bool


@dataclass(frozen=True)
class NoteView:
    note: GemeenteNote
    can_change: bool  # the actor wrote it and may still write about this gemeente

    @property
    def edited(self) -> bool:
        return self.note.updated_at is not None


@dataclass(frozen=True)
class GemeentePage:
    gemeente: Gemeente
    projects: list[ProjectLink]
    notes: list[NoteView]
    history: list[GemeenteNoteEvent]  # newest first, at most HISTORY_SHOWN
    more_history: bool  # older changes exist beyond those shown
    can_write: bool


@dataclass(frozen=True)
class NoteContext:
    gemeente: Gemeente
    note: GemeenteNote
    can_write: bool


def _gemeente(actor: User, gemeente_id: int, need: Need) -> Gemeente:
    """The gemeente if the actor oversees it (else not found); writing needs a procesbegeleider's assignment."""
    require_vng(actor)
    if not oversees(actor, gemeente_id):
        raise NotFound()
    gemeente = db.session.get(Gemeente, gemeente_id)
    if gemeente is None:
        raise NotFound()
    if need is not Need.READ and not may_write_notes(actor, gemeente_id):
        raise NotAuthorized()
    return gemeente


def _note(gemeente: Gemeente, note_id: int) -> GemeenteNote:
    note = db.session.scalars(
        sa.select(GemeenteNote).where(GemeenteNote.id == note_id, GemeenteNote.gemeente_id == gemeente.id)
    ).one_or_none()
    if note is None:
        raise NotFound()
    return note


def _may_change(actor: User, note: GemeenteNote) -> bool:
    return note.author_id == actor.id and may_write_notes(actor, note.gemeente_id)


def _own_note(actor: User, gemeente_id: int, note_id: int) -> tuple[Gemeente, GemeenteNote]:
    gemeente = _gemeente(actor, gemeente_id, Need.WRITE)
    note = _note(gemeente, note_id)
    if not _may_change(actor, note):
        raise NotAuthorized()
    return gemeente, note


def clean_note(text: str | None) -> str:
    return clean_text(text or "").strip()


def validate_note(text: str) -> None:
    if not text:
        raise ValidationError({"text": ["Schrijf de notitie: wat wilt u vastleggen over deze gemeente?"]})
    if len(text) > NOTE_MAX:
        raise ValidationError({"text": [f"Een notitie is maximaal {NOTE_MAX} tekens; deze is er {len(text)}."]})


def record_event(actor: User, note: GemeenteNote, kind: str, at: datetime | None = None) -> None:
    """Keep the change in the notes' history (committed with the change itself); `at` only for the demo's
    notes, which are dated in the past."""
    db.session.add(
        GemeenteNoteEvent(
            gemeente_id=note.gemeente_id,
            note_id=note.id,
            actor_id=actor.id,
            actor_name=actor.name,
            at=at or utcnow(),
            action=ACTIONS[kind],
            summary=shorten(note.text),
        )
    )


# --- reading ---------------------------------------------------------------------------------------


def gemeente_page(actor: User, gemeente_id: int, need: Need = Need.READ) -> GemeentePage:
    gemeente = _gemeente(actor, gemeente_id, need)
    rk = current_routekaart()
    projects = db.session.execute(
        access.visible_projects_query(actor)
        .with_only_columns(Project.id, Project.name, Project.scope_type, Project.closed_at)
        .where(Project.gemeente_id == gemeente.id)
        .order_by(Project.closed_at.is_not(None), Project.name, Project.id)
    ).all()
    notes = db.session.scalars(
        sa.select(GemeenteNote)
        .where(GemeenteNote.gemeente_id == gemeente.id)
        .order_by(GemeenteNote.created_at.desc(), GemeenteNote.id.desc())
    ).all()
    history = db.session.scalars(
        sa.select(GemeenteNoteEvent)
        .where(GemeenteNoteEvent.gemeente_id == gemeente.id)
        .order_by(GemeenteNoteEvent.at.desc(), GemeenteNoteEvent.id.desc())
        .limit(HISTORY_SHOWN + 1)
    ).all()

    def scope_label(key: str) -> str:
        scope = rk.get("scope_type", key)
        return scope.label if scope else key

    return GemeentePage(
        gemeente=gemeente,
        projects=[ProjectLink(p.id, p.name, scope_label(p.scope_type), p.closed_at is not None) for p in projects],
        notes=[NoteView(note=n, can_change=_may_change(actor, n)) for n in notes],
        history=list(history[:HISTORY_SHOWN]),
        more_history=len(history) > HISTORY_SHOWN,
        can_write=may_write_notes(actor, gemeente.id),
    )


def note_form(actor: User, gemeente_id: int, note_id: int, need: Need = Need.READ) -> NoteContext:
    """A note to edit: its author may change it; anyone else who oversees the gemeente only reads it."""
    if need is Need.READ:
        gemeente = _gemeente(actor, gemeente_id, Need.READ)
        note = _note(gemeente, note_id)
        return NoteContext(gemeente=gemeente, note=note, can_write=_may_change(actor, note))
    gemeente, note = _own_note(actor, gemeente_id, note_id)
    return NoteContext(gemeente=gemeente, note=note, can_write=True)


# --- writing ---------------------------------------------------------------------------------------


def add_note(actor: User, gemeente_id: int, text: str) -> GemeenteNote:
    gemeente = _gemeente(actor, gemeente_id, Need.WRITE)
    text = clean_note(text)
    validate_note(text)
    note = GemeenteNote(gemeente_id=gemeente.id, author_id=actor.id, author_name=actor.name, text=text)
    db.session.add(note)
    db.session.flush()  # the note's id, for its history
    record_event(actor, note, "new")
    commit_or_conflict()
    return note


def save_note(actor: User, gemeente_id: int, note_id: int, text: str, expected_version: int | None) -> GemeenteNote:
    _gemeente_row, note = _own_note(actor, gemeente_id, note_id)
    text = clean_note(text)
    validate_note(text)
    expect_version(note, expected_version)
    if text != note.text:
        note.text = text
        note.updated_at = utcnow()
        record_event(actor, note, "dirty")
    commit_or_conflict()
    return note


def delete_note(actor: User, gemeente_id: int, note_id: int) -> None:
    _gemeente_row, note = _own_note(actor, gemeente_id, note_id)
    record_event(actor, note, "deleted")
    delete_row(note)
