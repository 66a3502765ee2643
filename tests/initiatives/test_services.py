"""Initiatives through their services: publishing, approval, withdrawal, the catalogue and taking one over."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from rfz_project.actions.services import delete_action
from rfz_project.errors import NotAuthorized, NotFound, ProjectClosed, ValidationError
from rfz_project.extensions import db
from rfz_project.initiatives import services, visibility
from rfz_project.models import (
    Action,
    Initiative,
    InitiativeAdoption,
    InitiativeStatus,
    Project,
)
from rfz_project.projects import lifecycle

from .. import factories
from ..test_query_counts import count_queries

HOSTILE = "Geld <script>alert('x')</script> & \"samen\" 'nu' 💶\nnieuwe regel"


def valid_input(**changes) -> services.InitiativeInput:
    data = {
        "title": "Spreekuur in de bibliotheek",
        "how_it_works": "Elke dinsdag zonder afspraak binnenlopen.",
        "link": "https://www.venlo.nl/geldzorgen",
        "mijlpalen": ["in_contact", "in_gesprek"],
        "rol": "professional",
        "laag": "inspiratie",
        "contact_name": "Marieke Janssen",
        "contact_function": "Teamleider",
        "contact_phone": "077 359 66 66",
        "contact_email": "m.janssen@venlo.example",
    }
    return services.InitiativeInput(**{**data, **changes})


def errors_of(excinfo) -> dict:
    return excinfo.value.errors


# --- publishing ------------------------------------------------------------------------------------


def test_publishing_an_action_waits_for_approval_with_the_consent_recorded(world, leider):
    action = factories.action(world.project, mijlpaal="in_beeld", rol="communicatie", description="Zo doen we het.")
    source = services.source_from_action(leider, world.project.id, action.id)
    assert source.prefill.title == action.title and source.prefill.mijlpalen == ["in_beeld"]
    assert source.prefill.contact_name == "Petra Leider" and source.prefill.contact_email == "pl@venlo.nl"
    initiative = services.publish_from_action(leider, world.project.id, action.id, valid_input(), consent=True)
    stored = db.session.get(Initiative, initiative.id)
    assert stored.status is InitiativeStatus.WACHT
    assert stored.source_action_id == action.id and stored.gemeente_id == world.home.id
    assert stored.consent_by_id == world.projectleider.id and stored.consent_by_name == "Petra Leider"
    assert stored.consent_at is not None
    assert sorted(
        r.mijlpaal
        for r in db.session.scalars(
            sa.select(Initiative)
            .where(Initiative.id == stored.id)
            .options(sa.orm.selectinload(Initiative.mijlpaal_rows))
        )
        .one()
        .mijlpaal_rows
    ) == ["in_contact", "in_gesprek"]


def test_publishing_from_a_checklist_item_answered_doen_we_al(world, leider):
    factories.checklist_answer(world.project, "in_beeld_dpia", answer="doen_we_al")
    source = services.source_from_item(leider, world.project.id, "in_beeld_dpia")
    assert source.prefill.laag == "basis" and source.prefill.mijlpalen == ["in_beeld"]
    initiative = services.publish_from_item(leider, world.project.id, "in_beeld_dpia", valid_input(), consent=True)
    assert initiative.source_item_key == "in_beeld_dpia" and initiative.source_action_id is None


@pytest.mark.parametrize("answer", ["nog_niet", "aan_de_slag", "nvt", None])
def test_a_checklist_item_not_answered_doen_we_al_cannot_be_shared(world, leider, answer):
    if answer:
        factories.checklist_answer(world.project, "in_beeld_dpia", answer=answer)
    with pytest.raises(ValidationError):
        services.source_from_item(leider, world.project.id, "in_beeld_dpia")
    with pytest.raises(ValidationError):
        services.publish_from_item(leider, world.project.id, "in_beeld_dpia", valid_input(), consent=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 0


def test_an_unknown_checklist_item_is_not_found(world, leider):
    with pytest.raises(NotFound):
        services.source_from_item(leider, world.project.id, "bestaat_niet")


def test_an_action_of_another_project_is_not_found(world, leider):
    foreign = factories.action(world.other_project, title="Van Kampen")
    with pytest.raises(NotFound):
        services.source_from_action(leider, world.project.id, foreign.id)
    with pytest.raises(NotFound):
        services.publish_from_action(leider, world.project.id, foreign.id, valid_input(), consent=True)


@pytest.mark.parametrize("who", ["teamlid", "lezer", "procesbegeleider", "coordinator"])
def test_only_the_projectleider_publishes(world, who):
    action = factories.action(world.project)
    with pytest.raises(NotAuthorized):
        services.source_from_action(world.actor(getattr(world, who)), world.project.id, action.id)


def test_a_user_of_another_gemeente_cannot_publish_from_its_project(world):
    action = factories.action(world.project)
    with pytest.raises(NotFound):
        services.source_from_action(world.actor(world.other_projectleider), world.project.id, action.id)


def test_a_closed_project_publishes_nothing(world, leider):
    action = factories.action(world.project)
    lifecycle.close(leider, world.project.id, "Klaar")
    with pytest.raises(ProjectClosed):
        services.source_from_action(world.actor(world.projectleider), world.project.id, action.id)


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://venlo.nl/x", "www.venlo.nl", "https://", "http://a b.nl"]
)
def test_only_an_http_or_https_link_is_accepted(world, leider, link):
    action = factories.action(world.project)
    with pytest.raises(ValidationError) as refused:
        services.publish_from_action(leider, world.project.id, action.id, valid_input(link=link), consent=True)
    assert "link" in errors_of(refused)


def test_without_consent_nothing_is_submitted(world, leider):
    action = factories.action(world.project)
    with pytest.raises(ValidationError) as refused:
        services.publish_from_action(leider, world.project.id, action.id, valid_input(), consent=False)
    assert errors_of(refused) == {"consent": [services.CONSENT_MISSING]}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 0


def test_every_field_problem_is_reported_at_once(world, leider):
    action = factories.action(world.project)
    bad = valid_input(
        title="",
        how_it_works="",
        mijlpalen=[],
        laag="",
        rol="geen_rol",
        contact_name="",
        contact_phone="",
        contact_email="",
    )
    with pytest.raises(ValidationError) as refused:
        services.publish_from_action(leider, world.project.id, action.id, bad, consent=True)
    assert set(errors_of(refused)) == {
        "title",
        "how_it_works",
        "mijlpalen",
        "laag",
        "rol",
        "contact_name",
        "contact_email",
    }


def test_an_action_shared_already_is_not_shared_twice(world, leider):
    action = factories.action(world.project)
    services.publish_from_action(leider, world.project.id, action.id, valid_input(), consent=True)
    with pytest.raises(ValidationError, match="al gedeeld"):
        services.publish_from_action(world.actor(world.projectleider), world.project.id, action.id, valid_input(), True)


def test_hostile_text_and_emoji_are_kept_as_typed(world, leider):
    action = factories.action(world.project)
    initiative = services.publish_from_action(
        leider, world.project.id, action.id, valid_input(title=HOSTILE[:60], how_it_works=HOSTILE), consent=True
    )
    db.session.expire_all()
    stored = db.session.get(Initiative, initiative.id)
    assert stored.how_it_works == HOSTILE and stored.title == HOSTILE[:60]


# --- visibility, approval, withdrawal --------------------------------------------------------------


@pytest.mark.parametrize("status", ["wacht_op_goedkeuring", "afgewezen", "ingetrokken"])
def test_an_unpublished_initiative_is_invisible_to_other_gemeenten(world, status):
    initiative = factories.initiative(world.project, status=status)
    outsider = world.actor(world.other_projectleider)
    with pytest.raises(NotFound):
        services.initiative_page(outsider, initiative.id)
    assert services.catalogue(outsider).rows == []
    # ... and to a procesbegeleider of other gemeenten
    other_pb = factories.user(is_procesbegeleider=True, assigned_to=[world.other])
    with pytest.raises(NotFound):
        services.initiative_page(world.actor(other_pb), initiative.id)
    # its own gemeente and the VNG users of that gemeente see it
    for who in (world.lezer, world.procesbegeleider, world.coordinator):
        assert services.initiative_page(world.actor(who), initiative.id).initiative.id == initiative.id
        assert [r.id for r in services.catalogue(world.actor(who)).rows] == [initiative.id]


def test_an_approved_initiative_is_visible_to_everyone_but_its_project_only_to_its_gemeente(world):
    initiative = factories.initiative(world.project)
    page = services.initiative_page(world.actor(world.other_projectleider), initiative.id)
    assert page.source_project is None and not page.is_own and page.source_label == ""
    assert [r.id for r in services.catalogue(world.actor(world.other_projectleider)).rows] == [initiative.id]
    assert services.initiative_page(world.actor(world.lezer), initiative.id).source_project.id == world.project.id


def test_a_procesbegeleider_of_the_gemeente_approves(world):
    initiative = factories.initiative(world.project, status="wacht_op_goedkeuring")
    services.approve(world.actor(world.procesbegeleider), initiative.id, initiative.version)
    stored = db.session.get(Initiative, initiative.id)
    assert stored.status is InitiativeStatus.GOEDGEKEURD and stored.reviewed_by_name == "Paul Begeleider"
    assert services.initiative_page(world.actor(world.other_projectleider), initiative.id)


def test_the_coordinator_rejects_with_a_reason_the_gemeente_reads(world):
    initiative = factories.initiative(world.project, status="wacht_op_goedkeuring")
    with pytest.raises(ValidationError):
        services.reject(world.actor(world.coordinator), initiative.id, "  ", initiative.version)
    services.reject(world.actor(world.coordinator), initiative.id, HOSTILE, initiative.version)
    page = services.initiative_page(world.actor(world.projectleider), initiative.id)
    assert page.initiative.status is InitiativeStatus.AFGEWEZEN and page.initiative.rejection_reason == HOSTILE


@pytest.mark.parametrize("who", ["projectleider", "teamlid", "lezer"])
def test_gemeente_users_cannot_approve(world, who):
    initiative = factories.initiative(world.project, status="wacht_op_goedkeuring")
    with pytest.raises(NotAuthorized):
        services.approve(world.actor(getattr(world, who)), initiative.id, initiative.version)


def test_a_procesbegeleider_of_another_gemeente_does_not_even_find_it(world):
    initiative = factories.initiative(world.project, status="wacht_op_goedkeuring")
    other_pb = factories.user(is_procesbegeleider=True, assigned_to=[world.other])
    with pytest.raises(NotFound):
        services.approve(world.actor(other_pb), initiative.id, initiative.version)
    assert services.review_queue(world.actor(other_pb)).rows == []


def test_approving_twice_or_a_stale_version_is_refused(world):
    initiative = factories.initiative(world.project, status="wacht_op_goedkeuring")
    from rfz_project.errors import ConflictError

    with pytest.raises(ConflictError):
        services.approve(world.actor(world.procesbegeleider), initiative.id, initiative.version + 5)
    services.approve(world.actor(world.procesbegeleider), initiative.id, initiative.version)
    with pytest.raises(ValidationError):
        services.approve(world.actor(world.coordinator), initiative.id, initiative.version + 1)


def test_the_queue_is_for_vng_users_only(world):
    waiting = factories.initiative(world.project, status="wacht_op_goedkeuring")
    factories.initiative(world.project, title="Al goedgekeurd")
    assert [r.id for r in services.review_queue(world.actor(world.procesbegeleider)).rows] == [waiting.id]
    assert [r.id for r in services.review_queue(world.actor(world.coordinator)).rows] == [waiting.id]
    with pytest.raises(NotAuthorized):
        services.review_queue(world.actor(world.projectleider))


def test_withdrawing_hides_it_from_other_gemeenten_and_keeps_the_copies(world):
    initiative = factories.initiative(world.project)
    kampen = world.actor(world.other_projectleider)
    action = services.adopt(kampen, initiative.id, world.other_project.id)
    services.withdraw(world.actor(world.projectleider), initiative.id)
    with pytest.raises(NotFound):
        services.initiative_page(world.actor(world.other_projectleider), initiative.id)
    assert db.session.get(Action, action.id).source_initiative_id == initiative.id
    assert services.initiative_page(world.actor(world.teamlid), initiative.id).initiative.status is (
        InitiativeStatus.INGETROKKEN
    )


@pytest.mark.parametrize("who", ["procesbegeleider", "coordinator"])
def test_vng_users_withdraw_too(world, who):
    initiative = factories.initiative(world.project)
    services.withdraw(world.actor(getattr(world, who)), initiative.id)
    assert db.session.get(Initiative, initiative.id).status is InitiativeStatus.INGETROKKEN


def test_a_teamlid_cannot_withdraw_and_a_withdrawn_one_cannot_be_withdrawn_again(world):
    initiative = factories.initiative(world.project)
    with pytest.raises(NotAuthorized):
        services.withdraw(world.actor(world.teamlid), initiative.id)
    with pytest.raises(NotFound):
        visibility.get_initiative(world.actor(world.projectleider), initiative.id + 1000)
    services.withdraw(world.actor(world.projectleider), initiative.id)
    with pytest.raises(ValidationError):
        services.withdraw(world.actor(world.projectleider), initiative.id)


# --- the catalogue ---------------------------------------------------------------------------------


def test_the_catalogue_searches_and_filters(world):
    a = factories.initiative(
        world.project, "Spreekuur", mijlpalen=("in_contact",), rol="professional", laag="inspiratie"
    )
    b = factories.initiative(
        world.other_project,
        "Betaalkalender",
        mijlpalen=("rust_en_overzicht",),
        rol="informatie_data",
        laag="basis",
        how_it_works="Een herinnering 100% op tijd_echt",
    )
    reader = world.actor(world.lezer)
    ids = lambda **f: [r.id for r in services.catalogue(reader, services.CatalogueFilter(**f)).rows]  # noqa: E731
    assert set(ids()) == {a.id, b.id}
    assert ids(q="spreek") == [a.id]
    assert ids(q="kampen") == [b.id]  # the gemeente's name
    assert ids(q="100%") == [b.id] and ids(q="p_t") == []  # LIKE wildcards are plain characters
    assert ids(mijlpaal="rust_en_overzicht") == [b.id]
    assert ids(rol="professional") == [a.id]
    assert ids(laag="basis") == [b.id]
    assert set(ids(mijlpaal="bestaat_niet", rol="<x>")) == {a.id, b.id}  # unknown filter values mean no filter


def test_the_catalogue_pages(world, monkeypatch):
    from rfz_project import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 3)
    for n in range(7):
        factories.initiative(world.other_project, f"Initiatief {n}")
    reader = world.actor(world.lezer)
    first, last = services.catalogue(reader, page=1), services.catalogue(reader, page=9)
    assert len(first.rows) == 3 and first.paging.total == 7
    assert last.paging.number == 3 and len(last.rows) == 1


def test_the_catalogue_takes_the_same_number_of_queries_for_many_initiatives(world):
    def queries() -> int:
        reader = world.actor(world.other_projectleider)
        with count_queries() as statements:
            services.catalogue(reader, services.CatalogueFilter(q="e"))
        return len(statements)

    factories.initiative(world.project)
    few = queries()
    for n in range(12):
        initiative = factories.initiative(world.project, f"Nog een {n}", mijlpalen=("op_zoek", "in_beeld"))
        db.session.add(InitiativeAdoption(initiative_id=initiative.id, project_id=world.other_project.id))
        db.session.commit()
    assert queries() == few


def test_the_detail_page_takes_the_same_number_of_queries_for_many_adopters(world):
    initiative = factories.initiative(world.project)

    def queries() -> int:
        reader = world.actor(world.other_projectleider)
        with count_queries() as statements:
            services.initiative_page(reader, initiative.id)
        return len(statements)

    services.adopt(world.actor(world.other_projectleider), initiative.id, world.other_project.id)
    few = queries()
    for n in range(5):
        gemeente = factories.gemeente(f"Extra {n}")
        project = factories.project(gemeente, name=f"Project {n}")
        db.session.add(InitiativeAdoption(initiative_id=initiative.id, project_id=project.id))
        db.session.commit()
    assert queries() == few


# --- taking one over -------------------------------------------------------------------------------


def test_adopting_creates_a_linked_action_and_records_who_uses_it(world):
    initiative = factories.initiative(world.project, mijlpalen=("op_zoek", "in_contact"), link="https://venlo.nl/x")
    kampen = world.actor(world.other_projectleider)
    action = services.adopt(kampen, initiative.id, world.other_project.id)
    stored = db.session.get(Action, action.id)
    assert stored.project_id == world.other_project.id and stored.source_initiative_id == initiative.id
    assert stored.mijlpaal == "op_zoek"  # the first of its mijlpalen in the project's scope
    assert "https://venlo.nl/x" in stored.description and "Venlo" in stored.description
    page = services.initiative_page(world.actor(world.projectleider), initiative.id)
    assert [a.gemeente_name for a in page.adopters] == ["Kampen"]
    assert page.adopters[0].project_id is None  # Venlo does not see Kampen's project
    assert services.initiative_page(kampen, initiative.id).adopters[0].project_id == world.other_project.id


def test_adopting_twice_into_the_same_project_is_refused(world):
    initiative = factories.initiative(world.project)
    services.adopt(world.actor(world.other_projectleider), initiative.id, world.other_project.id)
    with pytest.raises(ValidationError) as refused:
        services.adopt(world.actor(world.other_projectleider), initiative.id, world.other_project.id)
    assert errors_of(refused) == {"project_id": [services.ALREADY_ADOPTED]}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InitiativeAdoption)) == 1


def test_after_its_action_is_deleted_an_initiative_can_be_taken_over_again(world):
    initiative = factories.initiative(world.project)
    kampen = world.actor(world.other_projectleider)
    first = services.adopt(kampen, initiative.id, world.other_project.id)
    assert not services.initiative_page(kampen, initiative.id).can_adopt
    delete_action(kampen, world.other_project.id, first.id)
    page = services.initiative_page(kampen, initiative.id)
    assert page.can_adopt and [c.adopted for c in page.project_choices] == [False]
    again = services.adopt(kampen, initiative.id, world.other_project.id)
    adoptions = db.session.scalars(sa.select(InitiativeAdoption)).all()
    assert len(adoptions) == 1 and adoptions[0].action_id == again.id  # the one adoption, linked anew
    with pytest.raises(ValidationError) as refused:
        services.adopt(kampen, initiative.id, world.other_project.id)
    assert errors_of(refused) == {"project_id": [services.ALREADY_ADOPTED]}


def test_adopting_into_a_project_the_user_may_not_change_is_refused(world):
    initiative = factories.initiative(world.other_project)
    with pytest.raises(NotAuthorized):
        services.adopt(world.actor(world.lezer), initiative.id, world.project.id)
    with pytest.raises(NotAuthorized):
        services.adopt(world.actor(world.coordinator), initiative.id, world.project.id)
    kampen_project = factories.project(world.other, name="Tweede Kampen project")
    with pytest.raises(NotFound):
        services.adopt(world.actor(world.projectleider), initiative.id, kampen_project.id)


def test_adopting_into_a_closed_project_is_refused(world, leider):
    initiative = factories.initiative(world.other_project)
    lifecycle.close(leider, world.project.id, "Klaar")
    choices = services.initiative_page(world.actor(world.projectleider), initiative.id).project_choices
    assert choices == []
    with pytest.raises(ProjectClosed):
        services.adopt(world.actor(world.projectleider), initiative.id, world.project.id)


def test_only_an_approved_initiative_can_be_adopted(world):
    initiative = factories.initiative(world.project, status="wacht_op_goedkeuring")
    second = factories.project(world.home, name="Tweede Venlo project")
    with pytest.raises(ValidationError):
        services.adopt(world.actor(world.projectleider), initiative.id, second.id)


def test_deleting_the_source_project_keeps_the_initiative_without_its_project(world, leider):
    action = factories.action(world.project)
    initiative = services.publish_from_action(leider, world.project.id, action.id, valid_input(), consent=True)
    services.approve(world.actor(world.coordinator), initiative.id, initiative.version)
    services.adopt(world.actor(world.other_projectleider), initiative.id, world.other_project.id)
    project_name = world.project.name
    lifecycle.delete(world.actor(world.projectleider), world.project.id, project_name)
    db.session.expire_all()
    stored = db.session.get(Initiative, initiative.id)
    assert stored.project_id is None and stored.source_action_id is None
    page = services.initiative_page(world.actor(world.other_projectleider), initiative.id)
    assert [a.gemeente_name for a in page.adopters] == ["Kampen"]
    assert db.session.get(Project, world.other_project.id) is not None
