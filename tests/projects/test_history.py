"""The history page reads as Dutch: field labels, routekaart labels, names instead of ids."""

from datetime import date

import pytest
import sqlalchemy as sa

from rfz_project.archive.services import IMPORTED_MARK
from rfz_project.audit import SKIPPED_FIELDS
from rfz_project.extensions import db
from rfz_project.models import AuditEvent, TaskKind
from rfz_project.projects import history
from rfz_project.projects.steps import StepInput, update_step

from .. import factories

RAW_KEYS = ("session_type", "needs_directiebesluit", "gemeente_id", "item_key", "owner_id", "op_zoek", "ambitie")


def _entries(world, entity=None):
    page = history.history_page(world.actor(world.lezer), world.project.id)
    return [e for e in page.events if entity is None or e.entity == entity]


def _changes(entry) -> dict[str, tuple[str, str]]:
    return {c.field: (c.before, c.after) for c in entry.changes}


def _event(world, entity, changes, **values):
    values.setdefault("actor_name", "Tom Lid")
    db.session.add(
        AuditEvent(project_id=world.project.id, entity=entity, action="gewijzigd", changes=changes, **values)
    )
    db.session.commit()


def test_every_audited_field_has_a_dutch_label_or_is_left_out():
    """A new column on an audited model needs its label here, so the history never shows a column name; also a
    private one, which the history names with "(niet bewaard: persoonsgegevens)" for its value."""
    for model in history.audited_models().values():
        for key in history.audited_fields(model):
            assert key in history.FIELD_LABELS.get(model, {}) or key in history.COMMON_LABELS, (model, key)


def test_an_unknown_field_reads_as_words_never_as_a_column_name():
    assert history.field_label(None, "needs_directiebesluit") == "Needs directiebesluit"
    assert history.field_label(None, "custom_item_id") == "Custom item"


def test_a_new_project_shows_labels_and_leaves_out_its_gemeente(world):
    created = next(e for e in _entries(world, "Project") if e.is_new)
    changes = _changes(created)
    assert changes["Naam van het project"][1] == "Venlo project"
    assert changes["Gebruik van de routekaart"][1] == "Hele routekaart"
    assert changes["Aanleiding"][1] == "Ambitie van de organisatie"
    assert changes["Startdatum"][1] == "5\u00a0januari 2026"
    assert not any("gemeente" in field.lower() for field in changes)


def test_routekaart_keys_show_their_labels(world):
    factories.sessie(world.project)
    factories.checklist_answer(world.project, "in_beeld_dpia")
    sessie = _changes(next(e for e in _entries(world, "Sessie")))
    assert sessie["Soort sessie"] == ("leeg", "Sessie met inwoners")
    assert sessie["Werkvorm"][1].startswith("Optie A")
    mijlpaal = next(e for e in _entries(world, "Mijlpaal in de reikwijdte") if e.summary == "Op zoek")
    assert _changes(mijlpaal)["Mijlpaal"][1] == "Op zoek"
    answer = next(e for e in _entries(world, "Checklistantwoord"))
    assert answer.summary.startswith("We ontvangen signalen") and _changes(answer)["Antwoord"][1] == "Doen we al"


def test_a_sessie_without_its_own_title_is_named_by_its_type(world):
    factories.sessie(world.project)
    assert next(e for e in _entries(world, "Sessie")).summary == "Sessie met inwoners"


def test_booleans_enums_and_dates_read_as_dutch(world):
    factories.regular_task(world.project, kind=TaskKind.BELEID, needs_directiebesluit=True, starts_on=date(2026, 3, 1))
    changes = _changes(next(e for e in _entries(world, "Reguliere taak")))
    assert changes["Directiebesluit nodig"][1] == "ja"
    assert changes["Soort taak"][1] == "Taak voor beleid"
    assert changes["Start op"][1] == "1\u00a0maart 2026"


def test_ids_show_the_names_of_the_records(world):
    theme = factories.theme(world.project, name="Bereikbaarheid")
    decision = factories.decision(world.project, title="Budget voor het loket")
    factories.action(world.project, theme=theme, decision_id=decision.id, owner="Team Loket")
    changes = _changes(next(e for e in _entries(world, "Actie")))
    assert changes["Thema"][1] == "Bereikbaarheid"
    assert changes["Besluit"][1] == "Budget voor het loket"
    assert changes["Eigenaar"][1] == "Team Loket"
    actor = world.actor(world.teamlid)
    update_step(
        actor, world.project.id, "voorbereiding.reikwijdte", StepInput("bezig", world.teamlid.id, None, ""), None
    )
    step = next(e for e in _entries(world, "Stap"))
    assert step.summary == "Reikwijdte bepalen" and _changes(step)["Eigenaar"] == ("leeg", "Tom Lid")


def test_an_id_of_a_deleted_record_says_so(world):
    theme = factories.theme(world.project)
    factories.action(world.project, theme=theme)
    db.session.delete(theme)
    db.session.commit()
    created = next(e for e in _entries(world, "Actie") if e.is_new)
    assert _changes(created)["Thema"][1] == history.GONE


def test_ids_of_another_project_are_not_looked_up(world):
    foreign = factories.theme(world.other_project, name="Van Kampen")
    _event(world, "Actie", {"theme_id": ["leeg", str(foreign.id)]})
    assert _changes(_entries(world, "Actie")[0])["Thema"] == ("leeg", history.GONE)


def test_events_written_before_the_labels_are_read_the_same_way(world):
    """Older events stored Dutch words or column names as field names; they still mean their column."""
    _event(
        world,
        "Stap",
        {"eigenaar": ["leeg", str(world.teamlid.id)], "status": ["Te doen", "Bezig"]},
        summary="voorbereiding.reikwijdte",
    )
    _event(world, "Sessie", {"session_type": ["leeg", "inwoners"], "datum": ["leeg", "3 maart 2026"]})
    _event(world, "Project", {"reikwijdte": ["Combinatie", "Hele routekaart"], "reasons": ["[]", "['ambitie']"]})
    project, sessie, step = _entries(world)[:3]
    assert _changes(step) == {"Eigenaar": ("leeg", "Tom Lid"), "Status": ("Te doen", "Bezig")}
    assert step.summary == "Reikwijdte bepalen"
    assert _changes(sessie) == {"Soort sessie": ("leeg", "Sessie met inwoners"), "Datum": ("leeg", "3 maart 2026")}
    assert _changes(project)["Aanleiding"] == ("leeg", "Ambitie van de organisatie")
    assert "Gebruik van de routekaart" in _changes(project)


def test_imported_history_shows_no_ids_of_the_other_installation(world):
    _event(
        world,
        "Actie",
        {"theme_id": ["leeg", "1"], "title": ["a", "b"]},
        actor_id=None,
        actor_name="Iemand" + IMPORTED_MARK,
    )
    assert _changes(_entries(world, "Actie")[0]) == {"Titel": ("a", "b")}


def test_the_history_page_shows_no_internal_keys(world, client, auth):
    factories.sessie(world.project)
    factories.regular_task(world.project, needs_directiebesluit=True)
    factories.checklist_answer(world.project, "in_beeld_dpia")
    update_step(
        world.actor(world.teamlid),
        world.project.id,
        "voorbereiding.reikwijdte",
        StepInput("bezig", world.teamlid.id, None, ""),
        None,
    )
    auth.login("lezer@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/geschiedenis").get_data(as_text=True)
    assert "Soort sessie: Sessie met inwoners" in page and "Directiebesluit nodig: ja" in page
    assert "Eigenaar: Tom Lid" in page
    for key in RAW_KEYS:
        assert key not in page, key


@pytest.mark.parametrize("imported", [False, True])
def test_unreadable_changes_are_skipped_not_fatal(world, imported):
    _event(
        world,
        "Onbekend",
        {"iets_anders": ["x", "y"], "kapot": "geen paar"},
        actor_id=None,
        actor_name="Iemand" + (IMPORTED_MARK if imported else ""),
    )
    entry = _entries(world, "Onbekend")[0]
    assert _changes(entry) == {"Iets anders": ("x", "y")}


def test_skipped_fields_never_reach_the_history(world):
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.project_id == world.project.id)).all()
    assert events and not any(set(e.changes) & SKIPPED_FIELDS for e in events)
