"""A participant's own edit page: who they are and where the invitation goes, without losing what was typed,
and without overwriting what someone else changed meanwhile. A mailed participant who gets another address:
the old address is told the invitation lapses there, and the new one can be sent the invitation."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import AuditEvent, InvitationStatus, Participant, SessieStatus
from rfz_project.sessions import invitations, participants
from rfz_project.sessions.participants import MAX_SESSIE_HEADCOUNT, ParticipantInput

from .. import factories
from ..helpers import outbox

HOSTILE = "Ans <b>&amp;</b> \"de 'Maas'\" 🎉"


@pytest.fixture
def sessie(world):
    return factories.sessie(world.project, on_date=date.today() + timedelta(days=30))


def _add(world, sessie, name="Ans", email="ans@example.nl", headcount=1, invitation="uitgenodigd") -> Participant:
    return participants.add_participant(
        world.actor(world.teamlid),
        world.project.id,
        sessie.id,
        ParticipantInput("inwoner", name=name, headcount=headcount, invitation=invitation, email=email),
    )


def _update(world, sessie, participant_id: int, version: int | None, **values) -> participants.ParticipantChange:
    data = ParticipantInput(
        values.get("group", "inwoner"),
        name=values.get("name", "Ans"),
        organisation=values.get("organisation", ""),
        headcount=values.get("headcount", 1),
        email=values.get("email", "ans@example.nl"),
    )
    return participants.update_participant(
        world.actor(world.teamlid), world.project.id, sessie.id, participant_id, data, version
    )


def _stored(participant_id: int) -> Participant:
    db.session.expire_all()
    return db.session.scalars(sa.select(Participant).where(Participant.id == participant_id)).one()


def _send(world, sessie) -> int:
    return invitations.send_invitations(world.actor(world.teamlid), world.project.id, sessie.id)


# --- the service -------------------------------------------------------------------------------------


def test_an_edit_changes_who_the_participant_is_and_keeps_the_status(world, sessie):
    ans = _add(world, sessie, invitation="aangemeld")
    version = ans.version
    _update(world, sessie, ans.id, version, group="professional", name=HOSTILE, organisation="Schuldhulp\nNoord")

    stored = _stored(ans.id)
    assert (stored.group.value, stored.name, stored.organisation) == ("professional", HOSTILE, "Schuldhulp\nNoord")
    assert stored.invitation == InvitationStatus.AANGEMELD and stored.version == version + 1


def test_an_edit_from_an_older_form_is_a_conflict_that_changes_nothing(world, sessie):
    ans = _add(world, sessie)
    version = ans.version
    _update(world, sessie, ans.id, version, name="Anna")
    with pytest.raises(ConflictError):
        _update(world, sessie, ans.id, version, name="Annie")
    with pytest.raises(ConflictError):
        _update(world, sessie, ans.id, None, name="Annie")
    assert _stored(ans.id).name == "Anna"


def test_an_edit_keeps_to_the_rules_of_a_new_participant(world, sessie):
    ans = _add(world, sessie)
    for values, field in (
        ({"headcount": 2}, "headcount"),  # a name is one person
        ({"name": "", "headcount": 0}, "headcount"),
        ({"group": "buurman"}, "group"),
        ({"email": "geen adres"}, "email"),
    ):
        with pytest.raises(ValidationError) as refused:
            _update(world, sessie, ans.id, ans.version, **values)
        assert field in refused.value.errors, values
    assert _stored(ans.id).name == "Ans" and _stored(ans.id).version == ans.version


def test_a_larger_number_may_not_bring_the_sessie_over_its_limit(world, sessie):
    group = _add(world, sessie, name="", email="", headcount=20)
    _add(world, sessie, name="", email="", headcount=MAX_SESSIE_HEADCOUNT - 25)
    _update(world, sessie, group.id, group.version, name="", email="", headcount=25)  # exactly full
    with pytest.raises(ValidationError) as refused:
        _update(world, sessie, group.id, _stored(group.id).version, name="", email="", headcount=26)
    assert "hoogstens 40" in refused.value.errors["headcount"][0]
    assert _stored(group.id).headcount == 25


def test_a_participant_of_another_sessie_or_project_is_not_found(world, sessie):
    other_sessie = factories.sessie(world.project, on_date=date.today() + timedelta(days=40))
    theirs = factories.participant(other_sessie, name="Bram")
    foreign = factories.participant(factories.sessie(world.other_project), name="Vreemde")
    for participant in (theirs, foreign):
        with pytest.raises(NotFound):
            _update(world, sessie, participant.id, participant.version, name="gekaapt")
    assert _stored(theirs.id).name == "Bram" and _stored(foreign.id).name == "Vreemde"


def test_a_lezer_cannot_edit_and_a_finished_sessie_is_read_only(world, sessie):
    ans = _add(world, sessie)
    with pytest.raises(NotAuthorized):
        participants.update_participant(
            world.actor(world.lezer), world.project.id, sessie.id, ans.id, ParticipantInput("inwoner"), ans.version
        )
    db.session.execute(sa.update(type(sessie)).where(type(sessie).id == sessie.id).values(status=SessieStatus.AFGEROND))
    db.session.commit()
    with pytest.raises(ValidationError):
        _update(world, sessie, ans.id, ans.version, name="Anna")
    assert _stored(ans.id).name == "Ans"


def test_a_new_address_of_a_mailed_participant_tells_the_old_one_and_can_be_sent_the_invitation(world, sessie):
    ans = _add(world, sessie)
    _send(world, sessie)
    version = _stored(ans.id).version

    change = _update(world, sessie, ans.id, version, email="ans.nieuw@example.nl")

    assert change.old_address_told
    cancel = outbox()[-1]
    assert cancel.recipient == "ans@example.nl" and cancel.subject.startswith("Uitnodiging vervalt op dit adres")
    assert "voortaan naar een ander e-mailadres" in cancel.body_text and "ans.nieuw" not in cancel.body_text
    assert _stored(ans.id).mailed_sequence is None
    assert _send(world, sessie) == 1
    assert outbox()[-1].recipient == "ans.nieuw@example.nl"


def test_the_same_address_in_other_capitals_or_an_unmailed_participant_sends_nothing(world, sessie):
    ans = _add(world, sessie)
    bram = _add(world, sessie, name="Bram", email="bram@example.nl")
    _send(world, sessie)
    mails = len(outbox())
    bram_version = _stored(bram.id).version

    assert not _update(world, sessie, ans.id, _stored(ans.id).version, email="Ans@Example.nl").old_address_told
    kees = _add(world, sessie, name="Kees", email="")
    assert not _update(world, sessie, kees.id, kees.version, name="Kees", email="kees@example.nl").old_address_told
    assert len(outbox()) == mails and _stored(ans.id).mailed_sequence is not None
    assert _stored(bram.id).version == bram_version


def test_after_the_start_a_new_address_sends_nothing(world):
    started = factories.sessie(world.project, on_date=date.today() - timedelta(days=1))
    ans = factories.participant(started)
    db.session.execute(
        sa.update(Participant).where(Participant.id == ans.id).values(email="ans@example.nl", mailed_sequence=0)
    )
    db.session.commit()
    change = _update(world, started, ans.id, _stored(ans.id).version, email="ans.nieuw@example.nl")
    assert not change.old_address_told and outbox() == []
    assert _stored(ans.id).mailed_sequence is None  # the new address has had nothing


def test_the_change_is_in_the_history_without_the_address(world, sessie):
    ans = _add(world, sessie, email="geheim@example.nl")
    _update(world, sessie, ans.id, ans.version, name="Anna", email="ook.geheim@example.nl")
    event = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.entity == "Deelnemer", AuditEvent.entity_id == ans.id)
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event is not None and "geheim" not in str(event.changes) + event.summary


# --- the page ----------------------------------------------------------------------------------------


def test_the_page_shows_the_participant_and_saves_what_is_typed(world, sessie, client, auth):
    ans = _add(world, sessie).id
    auth.login("tl@venlo.nl")
    url = f"/projecten/{world.project.id}/sessies/{sessie.id}"
    assert f"{url}/deelnemers/{ans}" in client.get(url).get_data(as_text=True)  # the link in the list

    page = client.get(f"{url}/deelnemers/{ans}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'value="Ans"' in text and 'value="ans@example.nl"' in text
    version = _stored(ans).version

    response = client.post(
        f"{url}/deelnemers/{ans}",
        data={"group": "inwoner", "name": HOSTILE, "headcount": "1", "email": "", "version": str(version)},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}#deelnemers")
    assert _stored(ans).name == HOSTILE and _stored(ans).email == ""


def test_a_refused_or_conflicting_save_keeps_what_was_typed(world, sessie, client, auth):
    ans = _add(world, sessie).id
    auth.login("tl@venlo.nl")
    path = f"/projecten/{world.project.id}/sessies/{sessie.id}/deelnemers/{ans}"
    version = _stored(ans).version

    refused = client.post(path, data={"group": "inwoner", "name": "Anna", "headcount": "3", "version": str(version)})
    assert refused.status_code == 400 and "Met een naam erbij gaat het om één persoon" in refused.get_data(True)
    assert 'value="Anna"' in refused.get_data(as_text=True)

    stale = client.post(path, data={"group": "inwoner", "name": "Annie", "headcount": "1", "version": str(version - 1)})
    text = stale.get_data(as_text=True)
    assert stale.status_code == 400 and 'value="Annie"' in text and f'value="{version}"' in text
    assert _stored(ans).name == "Ans"


def test_the_page_of_a_mailed_participant_says_what_a_new_address_does(world, sessie, client, auth):
    ans = _add(world, sessie).id
    _send(world, sessie)
    auth.login("tl@venlo.nl")
    text = client.get(f"/projecten/{world.project.id}/sessies/{sessie.id}/deelnemers/{ans}").get_data(True)
    assert "het oude adres bericht dat de uitnodiging daar vervalt" in text


@pytest.mark.parametrize(
    "email, says",
    [
        ("ans.nieuw@example.nl", "stuur de uitnodiging naar het nieuwe adres"),
        ("", "kreeg bericht dat de uitnodiging daar vervalt."),
    ],
)
def test_the_page_says_what_happened_to_the_old_address(world, sessie, client, auth, email, says):
    ans = _add(world, sessie).id
    _send(world, sessie)
    version = _stored(ans).version
    path = f"/projecten/{world.project.id}/sessies/{sessie.id}/deelnemers/{ans}"
    auth.login("tl@venlo.nl")

    response = client.post(
        path,
        data={"group": "inwoner", "name": "Ans", "headcount": "1", "email": email, "version": str(version)},
        follow_redirects=True,
    )
    assert response.status_code == 200 and says in response.get_data(as_text=True)
    assert outbox()[-1].recipient == "ans@example.nl" and _stored(ans).email == email


def _link_of(mail) -> str:
    match = re.search(r"Ik kom: http://localhost(/uitnodiging/[^?\s]+)\?antwoord=ja", mail.body_text)
    assert match, mail.body_text
    return match[1]


def test_the_link_mailed_to_the_old_address_stops_working_and_the_new_one_works(world, sessie, client):
    ans = _add(world, sessie).id
    _send(world, sessie)
    old_link = _link_of(outbox()[-1])
    _update(world, sessie, ans, _stored(ans).version, email="ans.nieuw@example.nl")
    _send(world, sessie)
    new_link = _link_of(outbox()[-1])

    assert new_link != old_link
    assert client.get(old_link).status_code == 404
    assert client.post(old_link, data={"answer": "ja"}).status_code == 404
    assert client.post(new_link, data={"answer": "ja"}).status_code == 302
    assert _stored(ans).invitation == InvitationStatus.AANGEMELD


def test_a_link_of_an_address_taken_away_stops_working(world, sessie, client):
    ans = _add(world, sessie)
    _send(world, sessie)
    old_link = _link_of(outbox()[-1])
    _update(world, sessie, ans.id, _stored(ans.id).version, email="")
    assert client.get(old_link).status_code == 404
