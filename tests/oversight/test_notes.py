"""The procesbegeleiders' own notes per gemeente: who reads and writes them, and their history."""

import pytest
import sqlalchemy as sa

from rfz_project.access import Need
from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import GemeenteNote, GemeenteNoteEvent
from rfz_project.oversight import notes
from rfz_project.oversight.notes import NOTE_MAX

from .. import factories

HOSTILE = "Let op <script>alert('x')</script> & \"planning\" 'nu' 💶\nTweede regel\tmet tab"


def _events(gemeente_id):
    return db.session.scalars(
        sa.select(GemeenteNoteEvent).where(GemeenteNoteEvent.gemeente_id == gemeente_id).order_by(GemeenteNoteEvent.id)
    ).all()


def test_a_procesbegeleider_adds_a_note_with_author_time_and_history(world):
    pb = world.actor(world.procesbegeleider)
    note = notes.add_note(pb, world.home.id, "  Belafspraak gemaakt.  ")
    assert (note.text, note.author_id, note.author_name) == ("Belafspraak gemaakt.", pb.id, "Paul Begeleider")
    assert note.created_at is not None and note.updated_at is None
    [event] = _events(world.home.id)
    assert (event.action, event.actor_name, event.note_id, event.summary) == (
        "aangemaakt",
        "Paul Begeleider",
        note.id,
        "Belafspraak gemaakt.",
    )


def test_hostile_text_is_kept_intact(world):
    note = notes.add_note(world.actor(world.procesbegeleider), world.home.id, HOSTILE)
    db.session.expire_all()
    assert db.session.get(GemeenteNote, note.id).text == HOSTILE


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_note_is_refused(world, text):
    with pytest.raises(ValidationError) as refused:
        notes.add_note(world.actor(world.procesbegeleider), world.home.id, text)
    assert "text" in refused.value.errors


def test_a_note_too_long_is_refused_with_its_length(world):
    with pytest.raises(ValidationError) as refused:
        notes.add_note(world.actor(world.procesbegeleider), world.home.id, "x" * (NOTE_MAX + 1))
    assert str(NOTE_MAX + 1) in refused.value.errors["text"][0]
    assert db.session.scalar(sa.select(sa.func.count(GemeenteNote.id))) == 0


def test_the_coordinator_reads_notes_but_writes_none(world):
    factories.gemeente_note(world.other, world.procesbegeleider, "Van een collega")
    coordinator = world.actor(world.coordinator)
    page = notes.gemeente_page(coordinator, world.other.id)
    assert [v.note.text for v in page.notes] == ["Van een collega"]
    assert not page.can_write and not page.notes[0].can_change
    with pytest.raises(NotAuthorized):
        notes.add_note(coordinator, world.other.id, "Mag niet")
    with pytest.raises(NotAuthorized):
        notes.gemeente_page(coordinator, world.other.id, Need.WRITE)


def test_a_procesbegeleider_reaches_only_the_gemeenten_assigned(world):
    pb = world.actor(world.procesbegeleider)
    with pytest.raises(NotFound):
        notes.gemeente_page(pb, world.other.id)
    with pytest.raises(NotFound):
        notes.add_note(pb, world.other.id, "Niet mijn gemeente")


@pytest.mark.parametrize("who", ["projectleider", "teamlid", "lezer", "other_projectleider", "beheerder"])
def test_gemeente_users_and_the_beheerder_find_no_notes(world, who):
    note = factories.gemeente_note(world.home, world.procesbegeleider)
    actor = world.actor(getattr(world, who))
    with pytest.raises(NotFound):
        notes.gemeente_page(actor, world.home.id)
    with pytest.raises(NotFound):
        notes.note_form(actor, world.home.id, note.id)


def test_an_unknown_gemeente_is_not_found(world):
    with pytest.raises(NotFound):
        notes.gemeente_page(world.actor(world.coordinator), 987654)


def test_the_page_lists_the_gemeentes_projects_and_newest_notes_first(world):
    closed = factories.project(world.home, name="Afgerond project")
    closed.closed_at = closed.created_at
    db.session.commit()
    pb = world.actor(world.procesbegeleider)
    notes.add_note(pb, world.home.id, "Eerste")
    notes.add_note(pb, world.home.id, "Tweede")
    page = notes.gemeente_page(pb, world.home.id)
    assert [(p.name, p.closed) for p in page.projects] == [("Venlo project", False), ("Afgerond project", True)]
    assert page.projects[0].scope_label == "Hele routekaart"
    assert [v.note.text for v in page.notes] == ["Tweede", "Eerste"]
    assert page.can_write and all(v.can_change for v in page.notes)


def test_the_author_edits_a_note_with_its_version(world):
    pb = world.actor(world.procesbegeleider)
    note = notes.add_note(pb, world.home.id, "Eerst")
    saved = notes.save_note(pb, world.home.id, note.id, "Daarna", note.version)
    assert saved.text == "Daarna" and saved.updated_at is not None
    assert [e.action for e in _events(world.home.id)] == ["aangemaakt", "gewijzigd"]
    assert _events(world.home.id)[1].summary == "Daarna"


def test_an_edit_from_a_stale_form_is_a_conflict(world):
    pb = world.actor(world.procesbegeleider)
    note = notes.add_note(pb, world.home.id, "Eerst")
    stale = note.version
    notes.save_note(pb, world.home.id, note.id, "Tweede versie", stale)
    with pytest.raises(ConflictError):
        notes.save_note(pb, world.home.id, note.id, "Overschrijft", stale)
    db.session.expire_all()
    assert db.session.get(GemeenteNote, note.id).text == "Tweede versie"


def test_saving_the_same_text_changes_nothing(world):
    pb = world.actor(world.procesbegeleider)
    note = notes.add_note(pb, world.home.id, "Zelfde")
    notes.save_note(pb, world.home.id, note.id, "Zelfde", note.version)
    assert [e.action for e in _events(world.home.id)] == ["aangemaakt"]


def test_another_procesbegeleider_reads_but_does_not_change_a_colleagues_note(world):
    colleague = factories.user("pb2@vng.nl", is_procesbegeleider=True, assigned_to=[world.home], name="Collega")
    note = factories.gemeente_note(world.home, world.procesbegeleider, "Van Paul")
    context = notes.note_form(colleague, world.home.id, note.id)
    assert context.note.text == "Van Paul" and not context.can_write
    with pytest.raises(NotAuthorized):
        notes.save_note(colleague, world.home.id, note.id, "Gewijzigd", note.version)
    with pytest.raises(NotAuthorized):
        notes.delete_note(colleague, world.home.id, note.id)
    assert notes.add_note(colleague, world.home.id, "Eigen notitie").author_name == "Collega"


def test_a_note_of_another_gemeente_is_not_found_through_this_one(world):
    both = factories.user("pb3@vng.nl", is_procesbegeleider=True, assigned_to=[world.home, world.other])
    note = factories.gemeente_note(world.other, both)
    with pytest.raises(NotFound):
        notes.note_form(both, world.home.id, note.id)
    with pytest.raises(NotFound):
        notes.delete_note(both, world.home.id, note.id)


def test_a_procesbegeleider_no_longer_assigned_cannot_change_their_old_note(world):
    note = factories.gemeente_note(world.other, world.procesbegeleider)
    with pytest.raises(NotFound):
        notes.save_note(world.actor(world.procesbegeleider), world.other.id, note.id, "x", note.version)


def test_deleting_keeps_the_deletion_in_the_history(world):
    pb = world.actor(world.procesbegeleider)
    note = notes.add_note(pb, world.home.id, "Weg ermee")
    notes.delete_note(pb, world.home.id, note.id)
    assert db.session.get(GemeenteNote, note.id) is None
    page = notes.gemeente_page(pb, world.home.id)
    assert page.notes == []
    assert [(e.action, e.summary) for e in page.history] == [("verwijderd", "Weg ermee"), ("aangemaakt", "Weg ermee")]


def test_the_history_shows_the_latest_changes_and_says_there_are_more(world, monkeypatch):
    monkeypatch.setattr(notes, "HISTORY_SHOWN", 2)
    pb = world.actor(world.procesbegeleider)
    for text in ("Een", "Twee", "Drie"):
        notes.add_note(pb, world.home.id, text)
    page = notes.gemeente_page(pb, world.home.id)
    assert [e.summary for e in page.history] == ["Drie", "Twee"] and page.more_history
