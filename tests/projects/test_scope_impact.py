"""Narrowing the scope: what falls outside it is shown and must be confirmed; nothing is deleted."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from rfz_project.errors import ConflictError, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Action, ChecklistAnswer, Project, Sessie
from rfz_project.projects.scope import UNCONFIRMED_MESSAGE, change_impact, update_scope

from .. import factories
from ..test_query_counts import count_queries
from .test_services import scope

# The world's project covers the whole routekaart; this keeps two of its eight mijlpalen.
KEEP = ["op_zoek", "in_contact"]
DROPPED = ("in_beeld", "in_gesprek", "rust_en_overzicht", "plaatje_compleet", "trots_en_fit", "toekomst_tegemoet")


@pytest.fixture
def records(world):
    """Records of the world's project about mijlpalen that stay, that leave, and about none."""
    project = world.project
    factories.sessie(project, mijlpalen=("op_zoek",), on_date=date(2026, 3, 3))
    factories.sessie(project, mijlpalen=("op_zoek", "in_gesprek"), on_date=date(2026, 3, 17))
    factories.sessie(project, mijlpalen=("in_beeld",), on_date=date(2026, 3, 10))
    factories.sessie(project, session_type="kick_off", mijlpalen=(), on_date=date(2026, 2, 24))
    factories.checklist_answer(project, "in_beeld_dpia")
    factories.checklist_answer(project, "in_beeld_avg", answer=None, note="Navragen bij de FG")
    factories.checklist_answer(project, "in_beeld_beleidsplan", answer=None, note="  ")  # nothing given
    factories.checklist_answer(project, "in_contact_aanmelden_zonder_drempels")  # stays
    own_leaving = factories.custom_checklist_item(world.home, "Wij delen signalen binnen een week.", "in_gesprek")
    own_staying = factories.custom_checklist_item(world.home, "Wij bellen binnen drie dagen.", "in_contact")
    factories.checklist_answer(project, custom_item=own_leaving, answer="nog_niet")
    factories.checklist_answer(project, custom_item=own_staying, answer="nog_niet")
    factories.checklist_answer(world.other_project, "in_beeld_dpia")  # another project's
    factories.action(project, "Intake in één gesprek", mijlpaal="in_gesprek")
    factories.action(project, "Signalen koppelen", mijlpaal="in_beeld")
    factories.action(project, "Website herschrijven", mijlpaal="op_zoek")
    factories.action(project, "Algemene folder")
    factories.action(world.other_project, "Van een ander project", mijlpaal="in_beeld")
    return project


def test_narrowing_lists_each_kind_of_record_about_the_leaving_mijlpalen(world, records):
    actor = world.actor(world.projectleider)
    impact = change_impact(actor, records.id, scope(mijlpalen=KEEP), records.version)
    assert impact.leaving == DROPPED
    assert impact.leaving_labels[:2] == ("In beeld", "In gesprek")
    # In date order; a sessie that also covers a mijlpaal that stays is affected too.
    assert [s.on_date for s in impact.sessies] == [date(2026, 3, 10), date(2026, 3, 17)]
    assert impact.sessies[0].title.endswith("In beeld")
    # A status or a note is an answer; a blank row is not. The gemeente's own item counts too.
    assert impact.answers == 3
    assert [a.title for a in impact.actions] == ["Intake in één gesprek", "Signalen koppelen"]
    assert impact.affects_records and impact.confirmation == " ".join(DROPPED)


def test_widening_or_keeping_the_mijlpalen_affects_nothing(world, records):
    actor = world.actor(world.projectleider)
    narrow = scope(mijlpalen=KEEP)
    confirmation = change_impact(actor, records.id, narrow, records.version).confirmation
    update_scope(actor, records.id, narrow, records.version, confirmation)
    version = db.session.get(Project, records.id).version
    for wider in (scope(mijlpalen=[*KEEP, "in_beeld"]), scope("hele_routekaart", mijlpalen=[])):
        impact = change_impact(actor, records.id, wider, version)
        assert impact.leaving == () and not impact.affects_records and not impact.needs_confirmation(None)


def test_leaving_mijlpalen_without_records_need_no_confirmation(world):
    actor = world.actor(world.projectleider)
    impact = change_impact(actor, world.project.id, scope(mijlpalen=KEEP), world.project.version)
    assert impact.leaving == DROPPED and not impact.affects_records
    update_scope(actor, world.project.id, scope(mijlpalen=KEEP), world.project.version)  # saves as before
    db.session.expire_all()
    assert db.session.get(Project, world.project.id).name == "Beter bereik"


def test_saving_a_narrower_scope_needs_the_confirmation_of_those_mijlpalen(world, records):
    actor = world.actor(world.projectleider)
    version = records.version
    with pytest.raises(ValidationError) as refused:
        update_scope(actor, records.id, scope(mijlpalen=KEEP), version)
    assert refused.value.errors == {"mijlpalen": [UNCONFIRMED_MESSAGE]}
    # Confirming other mijlpalen than those that leave is no confirmation.
    with pytest.raises(ValidationError):
        update_scope(actor, records.id, scope(mijlpalen=KEEP), version, "in_beeld")
    update_scope(actor, records.id, scope(mijlpalen=KEEP), version, " ".join(DROPPED))
    db.session.expire_all()
    stored = db.session.get(Project, records.id)
    assert stored.version == version + 1
    # Nothing was deleted.
    for model, count in ((Sessie, 4), (ChecklistAnswer, 6), (Action, 4)):
        assert db.session.scalar(sa.select(sa.func.count()).where(model.project_id == records.id)) == count


def test_a_stale_version_is_a_conflict_before_the_confirmation_too(world, records):
    actor = world.actor(world.projectleider)
    with pytest.raises(ConflictError):
        change_impact(actor, records.id, scope(mijlpalen=KEEP), records.version - 1)


def test_the_impact_takes_one_query_per_kind_whatever_the_number_of_records(world, records):
    def queries() -> int:
        db.session.expire_all()
        actor = world.actor(world.projectleider)
        version = db.session.get(Project, records.id).version
        with count_queries() as statements:
            impact = change_impact(actor, records.id, scope(mijlpalen=KEEP), version)
        return len(statements), len(impact.sessies)

    few = queries()
    for day in range(1, 15):
        factories.sessie(records, mijlpalen=("in_beeld", "trots_en_fit"), on_date=date(2026, 4, day))
        factories.action(records, f"Actie {day}", mijlpaal="trots_en_fit")
    many = queries()
    assert many[0] == few[0] and many[1] == few[1] + 14


# --- the scope form -----------------------------------------------------------------------------------


def form_data(project_version: int, **changes) -> dict:
    data = {
        "name": "Smaller",
        "mijlpalen": KEEP,
        "spoor": "inwoner",
        "central_question": "Hoe vinden inwoners ons eerder?",
        "reasons": ["nieuw_beleid"],
        "reason_note": "",
        "start_date": "2026-03-02",
        "gemeente_id": "",
        "version": str(project_version),
    }
    data.update(changes)
    return data


def stored(project_id: int) -> Project:
    db.session.expire_all()
    return db.session.scalars(
        sa.select(Project).where(Project.id == project_id).options(selectinload(Project.mijlpaal_rows))
    ).one()


def test_narrowing_shows_what_is_affected_and_saves_nothing_until_confirmed(logged_in_leider, records, client):
    url = f"/projecten/{records.id}/reikwijdte/combinatie"
    version = records.version
    first = client.post(url, data=form_data(version))
    page = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "Bevestig de nieuwe reikwijdte" in page
    assert "In beeld, In gesprek, Rust en overzicht" in page
    assert "2 sessies (" in page and "3 antwoorden op de checklist" in page
    assert "2 acties (Intake in één gesprek, Signalen koppelen)" in page
    assert f'name="confirmed_leaving" value="{" ".join(DROPPED)}"' in page
    assert 'value="Smaller"' in page  # what the user typed stays in the form
    assert stored(records.id).name == "Venlo project" and len(stored(records.id).mijlpaal_keys) == 8
    # The confirm button posts the same form with the mijlpalen the user agreed to drop.
    confirmed = client.post(url, data=form_data(version, confirmed_leaving=" ".join(DROPPED)))
    assert confirmed.status_code == 302
    project = stored(records.id)
    assert project.name == "Smaller" and project.mijlpaal_keys == KEEP and project.version == version + 1


def test_changing_the_mijlpalen_after_the_question_asks_again(logged_in_leider, records, client):
    url = f"/projecten/{records.id}/reikwijdte/combinatie"
    other_choice = form_data(records.version, mijlpalen=["op_zoek", "in_beeld"], confirmed_leaving=" ".join(DROPPED))
    response = client.post(url, data=other_choice)
    assert response.status_code == 200 and "Bevestig de nieuwe reikwijdte" in response.get_data(as_text=True)
    assert stored(records.id).name == "Venlo project"


def test_a_stale_version_is_still_a_conflict_when_confirming(logged_in_leider, records, client):
    url = f"/projecten/{records.id}/reikwijdte/combinatie"
    version = records.version
    assert client.post(url, data=form_data(version)).status_code == 200  # the question
    # Meanwhile someone else saves the scope (widening, so without a question).
    assert (
        client.post(url.replace("combinatie", "hele_routekaart"), data=form_data(version, name="Anders")).status_code
        == 302
    )
    response = client.post(url, data=form_data(version, confirmed_leaving=" ".join(DROPPED)))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Iemand anders heeft dit intussen gewijzigd" in page
    assert "Bevestig de nieuwe reikwijdte" not in page
    assert stored(records.id).name == "Anders"
    # With a stale version the question itself is not asked either: the conflict comes first.
    response = client.post(url, data=form_data(version))
    assert response.status_code == 400 and "Bevestig de nieuwe reikwijdte" not in response.get_data(as_text=True)


def test_widening_saves_directly_as_before(logged_in_leider, records, client):
    response = client.post(
        f"/projecten/{records.id}/reikwijdte/hele_routekaart", data=form_data(records.version, mijlpalen=[])
    )
    assert response.status_code == 302 and stored(records.id).name == "Smaller"
