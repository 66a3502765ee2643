"""Who comes to a sessie: a sessie of 2.5 hours has room for a small group, and the status of every participant
is saved in one submit without overwriting what someone else changed meanwhile."""

import pytest
import sqlalchemy as sa

from rfz_project.errors import NotAuthorized, ValidationError
from rfz_project.extensions import db
from rfz_project.models import InvitationStatus, Participant, SessieStatus
from rfz_project.sessions import participants
from rfz_project.sessions.participants import MAX_HEADCOUNT, MAX_SESSIE_HEADCOUNT, InvitationChoice, ParticipantInput

from .. import factories


@pytest.fixture
def teamlid(world):
    return world.actor(world.teamlid)


@pytest.fixture
def sessie(world):
    return factories.sessie(world.project)


def add(world, actor, sessie, headcount, invitation="uitgenodigd", name=""):
    return participants.add_participant(
        actor,
        world.project.id,
        sessie.id,
        ParticipantInput("inwoner", name=name, headcount=headcount, invitation=invitation),
    )


def stored() -> dict[int, str]:
    db.session.expire_all()
    return {p.id: p.invitation.value for p in db.session.scalars(sa.select(Participant))}


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Participant))


# --- how many people ---------------------------------------------------------------------------------


def test_one_row_holds_at_most_thirty_people_and_says_why(world, teamlid, sessie):
    assert MAX_HEADCOUNT == 30
    assert add(world, teamlid, sessie, 30).headcount == 30
    with pytest.raises(ValidationError) as error:
        add(world, teamlid, sessie, 31)
    (message,) = error.value.errors["headcount"]
    assert "hoogstens 30 personen" in message and "2,5 uur" in message
    assert count() == 1


@pytest.mark.parametrize("headcount", [500, 0, -3])
def test_a_headcount_outside_the_limits_is_refused(world, teamlid, sessie, headcount):
    with pytest.raises(ValidationError) as error:
        add(world, teamlid, sessie, headcount)
    assert "headcount" in error.value.errors and count() == 0


def test_the_sessie_as_a_whole_holds_at_most_forty_people(world, teamlid, sessie):
    assert MAX_SESSIE_HEADCOUNT == 40
    add(world, teamlid, sessie, 30)
    add(world, teamlid, sessie, 9)
    add(world, teamlid, sessie, 1, name="Sanne")  # 40: full
    with pytest.raises(ValidationError) as error:
        add(world, teamlid, sessie, 2)
    (message,) = error.value.errors["headcount"]
    assert "42 mensen" in message and "hoogstens 40" in message and "De sessie is vol" in message
    assert count() == 3


def test_the_message_says_how_many_still_fit(world, teamlid, sessie):
    add(world, teamlid, sessie, 30)
    with pytest.raises(ValidationError) as error:
        add(world, teamlid, sessie, 15)
    assert "Er kunnen er nog 10 bij" in error.value.errors["headcount"][0]


def test_people_who_cancelled_do_not_count_towards_the_limit(world, teamlid, sessie):
    add(world, teamlid, sessie, 30, invitation="afgemeld")
    add(world, teamlid, sessie, 30)
    add(world, teamlid, sessie, 10)
    add(world, teamlid, sessie, 5, invitation="afgemeld")
    assert count() == 4


def test_the_limit_counts_each_sessie_on_its_own(world, teamlid, sessie):
    other = factories.sessie(world.project, on_date=factories.date(2026, 3, 17))
    add(world, teamlid, sessie, 30)
    add(world, teamlid, sessie, 10)
    add(world, teamlid, other, 30)
    assert count() == 3


# --- the status of every participant in one submit --------------------------------------------------


def test_every_participants_status_is_saved_in_one_call(world, teamlid, sessie):
    group = add(world, teamlid, sessie, 4, invitation="aangemeld")
    ans = add(world, teamlid, sessie, 1, name="Ans")
    bram = add(world, teamlid, sessie, 1, name="Bram")
    changed = participants.set_invitations(
        teamlid,
        world.project.id,
        sessie.id,
        {
            group.id: InvitationChoice("aangemeld", "aanwezig"),
            ans.id: InvitationChoice("uitgenodigd", "afgemeld"),
            bram.id: InvitationChoice("uitgenodigd", "uitgenodigd"),
        },
    )
    assert {p.id for p in changed} == {group.id, ans.id}
    assert stored() == {group.id: "aanwezig", ans.id: "afgemeld", bram.id: "uitgenodigd"}


def test_a_row_someone_else_changed_is_refused_and_nothing_is_saved(world, teamlid, sessie):
    ans = add(world, teamlid, sessie, 1, name="Ans")
    bram = add(world, teamlid, sessie, 1, name="Bram")
    leider = world.actor(world.projectleider)
    participants.set_invitations(
        leider, world.project.id, sessie.id, {ans.id: InvitationChoice("uitgenodigd", "aangemeld")}
    )
    with pytest.raises(ValidationError) as error:
        participants.set_invitations(
            teamlid,
            world.project.id,
            sessie.id,
            {ans.id: InvitationChoice("uitgenodigd", "afgemeld"), bram.id: InvitationChoice("uitgenodigd", "aanwezig")},
        )
    assert list(error.value.errors) == [f"invitation-{ans.id}"]
    assert "intussen op 'Aangemeld' gezet" in error.value.errors[f"invitation-{ans.id}"][0]
    assert stored() == {ans.id: "aangemeld", bram.id: "uitgenodigd"}


def test_a_row_left_as_shown_keeps_what_someone_else_saved(world, teamlid, sessie):
    ans = add(world, teamlid, sessie, 1, name="Ans")
    bram = add(world, teamlid, sessie, 1, name="Bram")
    leider = world.actor(world.projectleider)
    participants.set_invitations(
        leider, world.project.id, sessie.id, {ans.id: InvitationChoice("uitgenodigd", "aanwezig")}
    )
    participants.set_invitations(
        teamlid,
        world.project.id,
        sessie.id,
        {ans.id: InvitationChoice("uitgenodigd", "uitgenodigd"), bram.id: InvitationChoice("uitgenodigd", "aanwezig")},
    )
    assert stored() == {ans.id: "aanwezig", bram.id: "aanwezig"}


def test_the_same_change_made_by_someone_else_is_no_conflict(world, teamlid, sessie):
    ans = add(world, teamlid, sessie, 1, name="Ans")
    leider = world.actor(world.projectleider)
    participants.set_invitations(
        leider, world.project.id, sessie.id, {ans.id: InvitationChoice("uitgenodigd", "aanwezig")}
    )
    changed = participants.set_invitations(
        teamlid, world.project.id, sessie.id, {ans.id: InvitationChoice("uitgenodigd", "aanwezig")}
    )
    assert changed == [] and stored() == {ans.id: "aanwezig"}


def test_an_unknown_status_is_refused_at_its_row(world, teamlid, sessie):
    ans = add(world, teamlid, sessie, 1, name="Ans")
    with pytest.raises(ValidationError) as error:
        participants.set_invitations(
            teamlid, world.project.id, sessie.id, {ans.id: InvitationChoice("uitgenodigd", "misschien")}
        )
    assert error.value.errors == {f"invitation-{ans.id}": ["Kies een status uit de lijst."]}


def test_a_removed_participant_or_one_of_another_sessie_is_refused_for_the_form(world, teamlid, sessie):
    ans = add(world, teamlid, sessie, 1, name="Ans")
    other = factories.sessie(world.project, on_date=factories.date(2026, 3, 17))
    elsewhere = add(world, teamlid, other, 1, name="Bram")
    for missing in (elsewhere.id, 999_999):
        with pytest.raises(ValidationError) as error:
            participants.set_invitations(
                teamlid,
                world.project.id,
                sessie.id,
                {
                    ans.id: InvitationChoice("uitgenodigd", "aanwezig"),
                    missing: InvitationChoice("uitgenodigd", "aanwezig"),
                },
            )
        assert "intussen verwijderd" in error.value.errors[""][0]
    assert stored() == {ans.id: "uitgenodigd", elsewhere.id: "uitgenodigd"}


def test_bringing_back_people_who_cancelled_keeps_to_the_limit(world, teamlid, sessie):
    away = add(world, teamlid, sessie, 30, invitation="afgemeld")
    add(world, teamlid, sessie, 30)
    with pytest.raises(ValidationError) as error:
        participants.set_invitations(
            teamlid, world.project.id, sessie.id, {away.id: InvitationChoice("afgemeld", "aangemeld")}
        )
    assert "hoogstens 40" in error.value.errors[f"invitation-{away.id}"][0]
    assert stored()[away.id] == "afgemeld"


def test_a_lezer_and_a_finished_sessie_cannot_change_the_status(world, teamlid, sessie):
    ans = add(world, teamlid, sessie, 1, name="Ans")
    choice = {ans.id: InvitationChoice("uitgenodigd", "aanwezig")}
    with pytest.raises(NotAuthorized):
        participants.set_invitations(world.actor(world.lezer), world.project.id, sessie.id, choice)
    db.session.get(type(sessie), sessie.id).status = SessieStatus.AFGEROND
    db.session.commit()
    with pytest.raises(ValidationError, match="afgerond"):
        participants.set_invitations(teamlid, world.project.id, sessie.id, choice)
    assert db.session.get(Participant, ans.id).invitation == InvitationStatus.UITGENODIGD
