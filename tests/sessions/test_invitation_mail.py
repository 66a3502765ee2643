"""Session invitations by e-mail: the mail and its .ics per participant, the personal "Ik kom" / "Ik kom niet"
links, and the updates and cancellations when the sessie moves, goes, or a participant is removed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.mail import worker
from rfz_project.models import (
    AuditEvent,
    InvitationStatus,
    OutboxAttachment,
    OutboxMail,
    Participant,
    Sessie,
    SessieStatus,
)
from rfz_project.projects import lifecycle
from rfz_project.sessions import invitation_mail, invitations, participants, services
from rfz_project.sessions.calendar import AMSTERDAM, sessie_uid
from rfz_project.sessions.participants import ParticipantInput
from rfz_project.sessions.services import sessie_input_from

from .. import factories
from ..helpers import outbox
from ..mail.conftest import Inbox, free_port, smtp_server

_LINK = re.compile(r"Ik kom: http://localhost(/uitnodiging/[^?\s]+)\?antwoord=ja")
HOSTILE = "Zaal <b>&amp;</b> \"de 'Maas'\" 🎉\nachteringang & lift"


@pytest.fixture
def inbox(app, monkeypatch) -> Iterator[Inbox]:
    """A real SMTP server (aiosmtpd) on loopback, and the app's mail settings pointed at it."""
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "RFZ-implementatietool <noreply@rfz.test>")
    with smtp_server(port) as received:
        yield received


@pytest.fixture
def sessie(world):
    return factories.sessie(world.project, on_date=date.today() + timedelta(days=30))


def _add(world, sessie, name="Ans", email="ans@example.nl", group="inwoner", headcount=1) -> Participant:
    return participants.add_participant(
        world.actor(world.teamlid),
        world.project.id,
        sessie.id,
        ParticipantInput(group, name=name, headcount=headcount, email=email),
    )


def _send(world, sessie, actor=None) -> int:
    return invitations.send_invitations(actor or world.actor(world.teamlid), world.project.id, sessie.id)


def _event(mail: OutboxMail):
    [attachment] = db.session.scalars(sa.select(OutboxAttachment).where(OutboxAttachment.mail_id == mail.id)).all()
    calendar = Calendar.from_ical(attachment.content)
    [event] = calendar.walk("VEVENT")
    return calendar, event, attachment


def _participant(participant_id: int) -> Participant:
    db.session.expire_all()
    return db.session.scalars(sa.select(Participant).where(Participant.id == participant_id)).one()


def _path_of(mail: OutboxMail) -> str:
    match = _LINK.search(mail.body_text)
    assert match, mail.body_text
    return match[1]


def _move(world, sessie_id: int, **changes) -> Sessie:
    _project, stored = services.get_sessie(world.actor(world.teamlid), world.project.id, sessie_id)
    data = sessie_input_from(stored)
    for name, value in changes.items():
        setattr(data, name, value)
    return services.update_sessie(world.actor(world.teamlid), world.project.id, sessie_id, data, stored.version)


# --- sending -------------------------------------------------------------------------------------------


def test_each_participant_with_an_address_gets_the_invitation_with_an_ics(world, sessie):
    ans = _add(world, sessie, "Ans", "ans@example.nl", "inwoner")
    bram = _add(world, sessie, "Bram", "bram@schuldhulp.example", "professional")
    _add(world, sessie, "", "", "inwoner", headcount=4)

    assert _send(world, sessie) == 2

    mails = outbox()
    assert sorted(m.recipient for m in mails) == ["ans@example.nl", "bram@schuldhulp.example"]
    stored = services.get_sessie(world.actor(world.teamlid), world.project.id, sessie.id)[1]
    assert stored.status == SessieStatus.GEPLAND  # "Gepland (uitnodigingen verstuurd)"
    for mail, participant in zip(mails, (ans, bram), strict=True):
        calendar, event, attachment = _event(mail)
        assert attachment.content_type.startswith("text/calendar; method=REQUEST")
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == sessie_uid(world.project, sessie)
        assert event["SEQUENCE"] == stored.version == _participant(participant.id).mailed_sequence
        assert str(event["ATTENDEE"]) == f"mailto:{participant.email}"
        assert event["ATTENDEE"].params["CN"] == participant.name
        assert str(event["ORGANIZER"]).startswith("mailto:")
        assert event.decoded("DTSTART") == datetime.combine(sessie.on_date, time(13, 30), tzinfo=AMSTERDAM)
        assert "Stadhuis" in mail.body_text and "13:30" in mail.body_text and "15:30" in mail.body_text
    inwoner, professional = mails
    assert str(_event(inwoner)[1]["SUMMARY"]) == "Praat mee over hulp bij geldzorgen (gemeente Venlo)"
    assert str(_event(professional)[1]["SUMMARY"]).startswith("Sessie met inwoners")
    assert inwoner.body_text.startswith("Beste Ans,") and "geldzorgen" in inwoner.subject
    assert "Meedoen kost u niets" in inwoner.body_text
    assert professional.body_text.startswith("Beste Bram,") and "Een collega in uw plaats" in professional.body_text
    assert professional.body_text.count("http://localhost/uitnodiging/") == 2  # Ik kom, Ik kom niet
    assert _path_of(inwoner) != _path_of(professional)


def test_the_invitation_names_the_reply_day_and_the_contact_person(world, sessie):
    world.teamlid.phone, world.teamlid.job_title = "077 123 45 67", "Beleidsadviseur"
    db.session.merge(world.teamlid)
    db.session.execute(sa.update(Sessie).where(Sessie.id == sessie.id).values(contact_user_id=world.teamlid.id))
    db.session.commit()
    _add(world, sessie)
    _send(world, sessie)

    [mail] = outbox()
    deadline = sessie.on_date - timedelta(days=7)
    assert f"vóór {invitation_mail.DAGEN[deadline.weekday()]} {deadline.day} " in mail.body_text
    assert "Tom Lid" in mail.body_text and "077 123 45 67" in mail.body_text and "tl@venlo.nl" in mail.body_text
    assert "Beleidsadviseur, gemeente Venlo" in mail.body_text
    _calendar, event, _attachment = _event(mail)
    assert str(event["ORGANIZER"]) == "mailto:tl@venlo.nl"
    assert mail.reply_to == "tl@venlo.nl"  # an answer to the mail itself reaches the contact person


def test_sending_again_mails_only_those_not_mailed_yet(world, sessie):
    _add(world, sessie, "Ans", "ans@example.nl")
    assert _send(world, sessie) == 1
    assert _send(world, sessie) == 0
    _add(world, sessie, "Cor", "cor@example.nl")

    assert _send(world, sessie) == 1

    assert [m.recipient for m in outbox()] == ["ans@example.nl", "cor@example.nl"]


def test_a_participant_without_an_address_is_counted_and_not_mailed(world, sessie):
    _add(world, sessie, "Ans", "ans@example.nl")
    _add(world, sessie, "", "", headcount=5)

    plan = invitations.invitation_plan(world.actor(world.teamlid), world.project.id, sessie.id)
    assert [p.name for p in plan.to_mail] == ["Ans"] and plan.people_without_email == 5
    _send(world, sessie)

    assert [m.recipient for m in outbox()] == ["ans@example.nl"]
    assert services.sessie_page(world.actor(world.teamlid), world.project.id, sessie.id).headcount == 6


def test_a_lezer_cannot_send(world, sessie):
    _add(world, sessie)
    with pytest.raises(NotAuthorized):
        _send(world, sessie, world.actor(world.lezer))
    assert outbox() == []


def test_a_sessie_that_started_sends_nothing(world):
    today = factories.sessie(world.project, on_date=date.today() - timedelta(days=1))
    _add(world, today)
    with pytest.raises(ValidationError):
        _send(world, today)
    assert outbox() == []


def test_an_invalid_address_is_refused_at_the_field(world, sessie):
    with pytest.raises(ValidationError) as refused:
        _add(world, sessie, "Ans", "ans at example")
    assert "email" in refused.value.errors


def test_the_address_stays_out_of_the_history(world, sessie):
    _add(world, sessie, "Ans", "geheim@example.nl")
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.entity == "Deelnemer")).all()
    assert events and all("geheim@example.nl" not in str(e.changes) + e.summary for e in events)


# --- the answer through the personal link ----------------------------------------------------------


def test_the_link_says_yes_no_and_can_change(world, sessie, client):
    ans = _add(world, sessie).id
    _send(world, sessie)
    path = _path_of(outbox()[0])

    page = client.get(path + "?antwoord=ja")
    assert page.status_code == 200 and "Ik kom niet" in page.get_data(as_text=True)
    response = client.post(path, data={"answer": "ja"})
    assert response.status_code == 302
    assert _participant(ans).invitation == InvitationStatus.AANGEMELD
    assert "U bent aangemeld" in client.get(path).get_data(as_text=True)

    client.post(path, data={"answer": "nee"})
    assert _participant(ans).invitation == InvitationStatus.AFGEMELD
    client.post(path, data={"answer": "ja"})
    assert _participant(ans).invitation == InvitationStatus.AANGEMELD


def _fill_up(world, sessie, people: int) -> None:
    """Anonymous rows of inwoners, as many people as asked, without addresses."""
    while people:
        row = min(people, participants.MAX_HEADCOUNT)
        _add(world, sessie, name="", email="", headcount=row)
        people -= row


def test_one_who_said_no_cannot_say_yes_once_the_sessie_is_full(world, sessie, client):
    ans = _add(world, sessie).id
    _send(world, sessie)
    _fill_up(world, sessie, participants.MAX_SESSIE_HEADCOUNT - 1)
    path = _path_of(outbox()[0])
    invitations.answer(path.rsplit("/", 1)[1], "nee")
    _fill_up(world, sessie, 1)  # the place Ans gave up is taken

    response = client.post(path, data={"answer": "ja"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "geen plaats meer" in text and "Uw antwoord is niet veranderd" in text
    assert "U komt niet." in text
    assert _participant(ans).invitation == InvitationStatus.AFGEMELD


def test_one_who_said_no_can_say_yes_while_there_is_room(world, sessie, client):
    ans = _add(world, sessie).id
    _send(world, sessie)
    _fill_up(world, sessie, participants.MAX_SESSIE_HEADCOUNT - 1)
    path = _path_of(outbox()[0])
    client.post(path, data={"answer": "nee"})

    assert client.post(path, data={"answer": "ja"}).status_code == 302
    assert _participant(ans).invitation == InvitationStatus.AANGEMELD
    # counted already: saying yes again on the full sessie is no change, so not refused
    assert client.post(path, data={"answer": "ja"}).status_code == 302


def test_the_full_message_names_the_contact_person(world, sessie):
    db.session.execute(sa.update(Sessie).where(Sessie.id == sessie.id).values(contact_user_id=world.teamlid.id))
    db.session.commit()
    ans = _add(world, sessie).id
    token = invitation_mail.token_for(world.project.id, sessie.id, ans)
    invitations.answer(token, "nee")
    _fill_up(world, sessie, participants.MAX_SESSIE_HEADCOUNT)

    with pytest.raises(ValidationError) as refused:
        invitations.answer(token, "ja")
    assert "contact op met Tom Lid (tl@venlo.nl)" in str(refused.value)
    assert _participant(ans).invitation == InvitationStatus.AFGEMELD
    assert invitations.answer(token, "nee").participant.invitation == InvitationStatus.AFGEMELD


def test_opening_the_link_changes_nothing(world, sessie, client):
    ans = _add(world, sessie).id
    _send(world, sessie)
    path = _path_of(outbox()[0])

    for query in ("", "?antwoord=ja", "?antwoord=nee", "?answer=ja"):
        assert client.get(path + query).status_code == 200
    assert _participant(ans).invitation == InvitationStatus.UITGENODIGD


def test_an_answer_is_kept_in_the_history_as_the_participants(world, sessie, client):
    ans = _add(world, sessie).id
    _send(world, sessie)
    client.post(_path_of(outbox()[0]), data={"answer": "nee"})

    event = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.entity == "Deelnemer", AuditEvent.entity_id == ans)
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event.actor_id is None and "via de link" in event.actor_name
    assert event.changes["invitation"] == ["Uitgenodigd", "Afgemeld"]


def test_an_unknown_answer_changes_nothing(world, sessie, client):
    ans = _add(world, sessie).id
    path = "/uitnodiging/" + invitation_mail.token_for(world.project.id, sessie.id, ans)
    assert client.post(path, data={"answer": "misschien"}).status_code == 400
    assert _participant(ans).invitation == InvitationStatus.UITGENODIGD


def test_a_forged_token_is_not_found(world, sessie, client):
    ans = _add(world, sessie).id
    genuine = invitation_mail.token_for(world.project.id, sessie.id, ans)
    for token in ("nep", genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"), "x" * 400):
        assert client.get(f"/uitnodiging/{token}").status_code == 404
        assert client.post(f"/uitnodiging/{token}", data={"answer": "ja"}).status_code == 404
    assert _participant(ans).invitation == InvitationStatus.UITGENODIGD


def test_a_token_for_another_projects_participant_is_not_found(world, sessie, client):
    other_sessie = factories.sessie(world.other_project, on_date=date.today() + timedelta(days=30))
    stranger = factories.participant(other_sessie, name="Vreemde").id
    for project_id, sessie_id in ((world.project.id, sessie.id), (world.project.id, other_sessie.id)):
        token = invitation_mail.token_for(project_id, sessie_id, stranger)
        assert client.get(f"/uitnodiging/{token}").status_code == 404
        assert client.post(f"/uitnodiging/{token}", data={"answer": "ja"}).status_code == 404
    assert _participant(stranger).invitation == InvitationStatus.UITGENODIGD


def test_a_removed_participants_link_is_not_found(world, sessie, client):
    ans = _add(world, sessie).id
    token = invitation_mail.token_for(world.project.id, sessie.id, ans)
    participants.remove_participant(world.actor(world.teamlid), world.project.id, sessie.id, ans)
    assert client.get(f"/uitnodiging/{token}").status_code == 404


def test_after_the_start_the_page_says_the_sessie_is_past(world, client):
    past = factories.sessie(world.project, on_date=date.today() - timedelta(days=1))
    ans = factories.participant(past).id
    path = "/uitnodiging/" + invitation_mail.token_for(world.project.id, past.id, ans)

    assert "al begonnen of voorbij" in client.get(path).get_data(as_text=True)
    assert client.post(path, data={"answer": "ja"}).status_code == 400
    assert _participant(ans).invitation == InvitationStatus.UITGENODIGD


def test_the_answer_closes_when_the_sessie_starts(world, sessie):
    ans = _add(world, sessie).id
    token = invitation_mail.token_for(world.project.id, sessie.id, ans)
    with pytest.raises(ValidationError):
        invitations.answer(token, "ja", now=sessie.starts_at)
    assert invitations.answer(token, "ja", now=sessie.starts_at - timedelta(minutes=1)).past is False


def test_the_answer_form_needs_its_csrf_token_also_without_logging_in(app, world, sessie, client, monkeypatch):
    ans = _add(world, sessie).id
    path = "/uitnodiging/" + invitation_mail.token_for(world.project.id, sessie.id, ans)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    assert client.post(path, data={"answer": "ja"}).status_code == 400
    assert _participant(ans).invitation == InvitationStatus.UITGENODIGD
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))[1]
    assert client.post(path, data={"answer": "ja", "csrf_token": token}).status_code == 302
    assert _participant(ans).invitation == InvitationStatus.AANGEMELD


# --- moving, deleting, removing ----------------------------------------------------------------------


def test_moving_the_sessie_sends_an_update_only_to_those_mailed(world, sessie):
    _add(world, sessie, "Ans", "ans@example.nl")
    _send(world, sessie)
    later = _add(world, sessie, "Cor", "cor@example.nl")  # not mailed yet
    [first] = outbox()
    new_day = sessie.on_date + timedelta(days=7)

    moved = _move(world, sessie.id, on_date=new_day, start_time=time(10, 0))

    mails = outbox()
    assert [m.recipient for m in mails] == ["ans@example.nl", "ans@example.nl"]
    update = mails[1]
    calendar, event, _attachment = _event(update)
    _c, first_event, _a = _event(first)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == str(first_event["UID"])
    assert event["SEQUENCE"] > first_event["SEQUENCE"] and event["SEQUENCE"] == moved.version
    assert event.decoded("DTSTART") == datetime.combine(new_day, time(10, 0), tzinfo=AMSTERDAM)
    assert "Datum: was " in update.body_text and "Begintijd: was 13:30 uur, nu 10:00 uur" in update.body_text
    assert _participant(later.id).mailed_sequence is None


def test_an_edit_that_moves_nothing_sends_nothing(world, sessie):
    _add(world, sessie)
    _send(world, sessie)
    _move(world, sessie.id, agenda="Koffie, kennismaken, in gesprek")
    assert len(outbox()) == 1


def test_a_second_move_gets_a_higher_sequence_again(world, sessie):
    _add(world, sessie)
    _send(world, sessie)
    _move(world, sessie.id, location="Bibliotheek")
    _move(world, sessie.id, duration_minutes=90)

    sequences = [_event(m)[1]["SEQUENCE"] for m in outbox()]
    assert len(sequences) == 3 and sequences == sorted(set(sequences))


def test_deleting_the_sessie_cancels_it_for_those_mailed(world, sessie):
    _add(world, sessie, "Ans", "ans@example.nl")
    _add(world, sessie, "Bo", "")
    _send(world, sessie)
    [invitation] = outbox()

    services.delete_sessie(world.actor(world.teamlid), world.project.id, sessie.id)

    mails = outbox()
    assert [m.recipient for m in mails] == ["ans@example.nl", "ans@example.nl"]
    calendar, event, attachment = _event(mails[1])
    assert calendar["METHOD"] == "CANCEL" and attachment.content_type.startswith("text/calendar; method=CANCEL")
    assert str(event["UID"]) == sessie_uid(world.project, sessie)
    assert event["SEQUENCE"] > _event(invitation)[1]["SEQUENCE"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert "gaat niet door" in mails[1].body_text


def test_deleting_the_whole_project_cancels_its_sessies_to_come_for_those_mailed(world, sessie):
    _add(world, sessie, "Ans", "ans@example.nl")
    _send(world, sessie)
    held = factories.sessie(world.project, on_date=date.today() + timedelta(days=20))
    _add(world, held, "Cor", "cor@example.nl")
    _send(world, held)
    held.on_date = date.today() - timedelta(days=3)  # it has taken place since
    db.session.commit()
    mailed_before = len(outbox())
    assert lifecycle.deletion_page(world.actor(world.projectleider), world.project.id).to_be_told == 1

    lifecycle.delete(world.actor(world.projectleider), world.project.id, "Venlo project")

    mails = outbox()[mailed_before:]
    assert [m.recipient for m in mails] == ["ans@example.nl"]  # the sessie that was held is not called off
    calendar, event, _attachment = _event(mails[0])
    assert calendar["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert "gaat niet door" in mails[0].body_text


def test_the_project_delete_page_says_who_will_be_told(world, sessie, client, auth):
    _add(world, sessie)
    _add(world, sessie, "Bo", "bo@example.nl")
    _send(world, sessie)
    auth.login("pl@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/verwijderen").get_data(as_text=True)
    assert "2 deelnemers kregen per e-mail een uitnodiging voor een sessie die nog komt" in page
    assert "Zij krijgen bericht dat de sessie niet doorgaat" in page


def test_removing_a_mailed_participant_cancels_for_that_one_only(world, sessie):
    ans = _add(world, sessie, "Ans", "ans@example.nl")
    _add(world, sessie, "Bram", "bram@example.nl")
    _send(world, sessie)

    participants.remove_participant(world.actor(world.teamlid), world.project.id, sessie.id, ans.id)

    mails = outbox()
    assert len(mails) == 3 and mails[2].recipient == "ans@example.nl"
    calendar, event, _attachment = _event(mails[2])
    assert calendar["METHOD"] == "CANCEL" and str(event["ATTENDEE"]) == "mailto:ans@example.nl"
    assert "niet meer op de lijst" in mails[2].body_text


def test_removing_one_never_mailed_sends_nothing(world, sessie):
    ans = _add(world, sessie)
    participants.remove_participant(world.actor(world.teamlid), world.project.id, sessie.id, ans.id)
    assert outbox() == []


# --- pages ---------------------------------------------------------------------------------------------


def test_the_confirmation_page_counts_and_its_post_sends(world, sessie, client, auth):
    _add(world, sessie, "Ans", "ans@example.nl")
    _add(world, sessie, "", "", headcount=3)
    auth.login("tl@venlo.nl")
    url = f"/projecten/{world.project.id}/sessies/{sessie.id}/uitnodiging-versturen"

    page = client.get(url).get_data(as_text=True)
    assert "1 deelnemer krijgt nu een e-mail" in page and "3 personen hebben geen e-mailadres" in page
    assert 'href="' + url + '"' in client.get(f"/projecten/{world.project.id}/sessies/{sessie.id}").get_data(
        as_text=True
    )
    assert outbox() == []
    response = client.post(url)
    assert response.status_code == 302
    assert [m.recipient for m in outbox()] == ["ans@example.nl"]


def test_the_participant_form_takes_and_shows_the_address(world, sessie, client, auth):
    auth.login("tl@venlo.nl")
    url = f"/projecten/{world.project.id}/sessies/{sessie.id}"
    refused = client.post(
        url + "/deelnemers",
        data={"group": "inwoner", "name": "Ans", "headcount": "1", "invitation": "uitgenodigd", "email": "geen adres"},
    )
    assert refused.status_code == 400 and 'id="email"' in refused.get_data(as_text=True)
    assert "geen adres" in refused.get_data(as_text=True)  # what was typed is kept
    client.post(
        url + "/deelnemers",
        data={
            "group": "inwoner",
            "name": "Ans",
            "headcount": "1",
            "invitation": "uitgenodigd",
            "email": "ans@example.nl",
        },
    )
    assert "ans@example.nl" in client.get(url).get_data(as_text=True)


def test_the_delete_confirmation_says_the_participants_will_be_told(world, sessie, client, auth):
    _add(world, sessie)
    _send(world, sessie)
    auth.login("tl@venlo.nl")
    page = client.get(f"/projecten/{world.project.id}/sessies/{sessie.id}/verwijderen").get_data(as_text=True)
    assert "1 deelnemer kreeg de uitnodiging per e-mail" in page and "niet doorgaat" in page


# --- hostile text and a real SMTP server -------------------------------------------------------------


def test_hostile_text_is_intact_in_the_mail_and_the_ics(world, sessie):
    _move(world, sessie.id, title="Sessie <script>\"&'\n😀", location=HOSTILE, route=HOSTILE)
    _add(world, sessie, "Ans <b>&\"'😀", "ans@example.nl", "professional")
    _send(world, sessie)

    [mail] = outbox()
    assert "\n" not in mail.subject and "<script>\"&'" in mail.subject
    assert f"Waar: {HOSTILE}" in mail.body_text and "Beste Ans <b>&\"'😀," in mail.body_text
    _calendar, event, _attachment = _event(mail)
    assert str(event["LOCATION"]) == HOSTILE
    assert str(event["DESCRIPTION"]) == mail.body_text
    assert event["ATTENDEE"].params["CN"] == "Ans <b>&\"'😀"


def test_an_invitation_reaches_a_real_smtp_server_with_its_calendar_part(app, world, sessie, inbox):
    _move(world, sessie.id, location=HOSTILE)
    _add(world, sessie, "Ans 😀", "ans@example.nl")
    _send(world, sessie)

    assert worker.deliver_due(app).sent == 1

    [message] = inbox.messages
    assert inbox.recipients == [["ans@example.nl"]]
    parts = [p for p in message.walk() if not p.is_multipart()]
    text = next(p for p in parts if p.get_content_type() == "text/plain")
    assert HOSTILE in text.get_payload(decode=True).decode().replace("\r\n", "\n")
    [ics] = [p for p in parts if p.get_content_type() == "text/calendar"]
    assert ics.get_param("method") == "REQUEST" and ics.get_filename() == "uitnodiging.ics"
    calendar = Calendar.from_ical(ics.get_payload(decode=True))
    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST" and str(event["LOCATION"]) == HOSTILE
    assert str(event["ATTENDEE"]) == "mailto:ans@example.nl"


def test_a_participants_link_does_not_reach_another_participant(world, sessie):
    ans, bram = _add(world, sessie, "Ans", "a@example.nl"), _add(world, sessie, "Bram", "b@example.nl")
    token = invitation_mail.token_for(world.project.id, sessie.id, ans.id)
    assert invitations.answer(token, "nee").participant.id == ans.id
    assert _participant(bram.id).invitation == InvitationStatus.UITGENODIGD
    with pytest.raises(NotFound):
        invitations.answer(invitation_mail.token_for(world.project.id, sessie.id + 999, ans.id), "ja")


def test_invited_after_the_reply_day_the_mail_asks_for_an_answer_soon(world):
    soon = factories.sessie(world.project, on_date=date.today() + timedelta(days=3))  # a week before: gone
    _add(world, soon)
    _send(world, soon)
    [mail] = outbox()
    assert "zo snel mogelijk" in mail.body_text and "vóór" not in mail.body_text


def test_an_inwoner_reads_plain_words_on_the_answer_page(world, sessie, client):
    ans = _add(world, sessie).id
    page = client.get("/uitnodiging/" + invitation_mail.token_for(world.project.id, sessie.id, ans))
    text = page.get_data(as_text=True)
    assert invitation_mail.INWONER_TITLE in text and "Sessie met inwoners" not in text
    assert _participant(ans).invitation == InvitationStatus.UITGENODIGD


def test_the_edit_form_says_who_will_hear_of_a_move(world, sessie, client, auth):
    _add(world, sessie)
    url = f"/projecten/{world.project.id}/sessies/{sessie.id}/bewerken"
    auth.login("tl@venlo.nl")
    assert "de uitnodiging per e-mail gekregen" not in client.get(url).get_data(as_text=True)
    _send(world, sessie)
    assert "1 deelnemer heeft de uitnodiging per e-mail gekregen" in client.get(url).get_data(as_text=True)


def test_a_move_refused_as_a_conflict_sends_nothing(world, sessie):
    _add(world, sessie)
    _send(world, sessie)
    _project, stored = services.get_sessie(world.actor(world.teamlid), world.project.id, sessie.id)
    data = sessie_input_from(stored)
    data.on_date = sessie.on_date + timedelta(days=1)
    with pytest.raises(ConflictError):
        services.update_sessie(world.actor(world.teamlid), world.project.id, sessie.id, data, stored.version - 1)
    db.session.rollback()
    assert len(outbox()) == 1
