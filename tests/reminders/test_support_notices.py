"""Notices of support requests: a new one to the gemeente's procesbegeleiders, taken and closed to who asked."""

from __future__ import annotations

import pytest

from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import MailPreference, SupportRequest, User
from rfz_project.support import services
from rfz_project.support.services import Closing, RequestInput

from .. import factories
from .conftest import outbox

QUESTION = "Wij willen graag hulp bij het kiezen van de mijlpalen."


def _ask(world) -> SupportRequest:
    asked = services.ask_support(
        world.actor(world.projectleider),
        world.project.id,
        RequestInput(support_kind="scope_bepalen", message=QUESTION),
    )
    return asked.request


def _take(world, request: SupportRequest) -> SupportRequest:
    return services.take_request(world.actor(world.procesbegeleider), world.project.id, request.id, request.version)


def test_a_new_request_notifies_the_procesbegeleiders_of_the_gemeente_only(world, base_url):
    factories.user("pb2@vng.nl", is_procesbegeleider=True, assigned_to=[world.other], name="Peter Kampen")

    request = _ask(world)

    [notice] = outbox()
    assert notice.recipient == "pb@vng.nl"
    assert notice.subject == "Nieuwe hulpvraag van Venlo"
    assert "Petra Leider van de gemeente Venlo" in notice.body_text and QUESTION in notice.body_text
    assert f"{base_url}/projecten/{world.project.id}/ondersteuning/{request.id}" in notice.body_text


def test_a_refused_request_sends_nothing(world):
    with pytest.raises(ValidationError):
        services.ask_support(world.actor(world.projectleider), world.project.id, RequestInput("scope_bepalen", ""))

    assert outbox() == []


def test_the_same_request_twice_notifies_once(world):
    _ask(world)
    _ask(world)

    assert len(outbox("pb@vng.nl")) == 1


def test_taking_a_request_tells_who_asked_who_handles_it(world, base_url):
    request = _ask(world)

    _take(world, request)

    [notice] = outbox("pl@venlo.nl")
    assert notice.subject == "Uw hulpvraag is in behandeling"
    assert "in behandeling genomen door Paul Begeleider" in notice.body_text
    assert f"{base_url}/projecten/{world.project.id}/ondersteuning/{request.id}" in notice.body_text


def test_closing_a_request_sends_the_reply_to_who_asked(world):
    request = _take(world, _ask(world))

    services.close_request(
        world.actor(world.procesbegeleider),
        world.project.id,
        request.id,
        Closing("afgewezen", "Dit kan uw eigen team het best zelf doen."),
        request.version,
    )

    notices = outbox("pl@venlo.nl")
    assert [n.subject for n in notices] == ["Uw hulpvraag is in behandeling", "Uw hulpvraag is afgewezen"]
    assert "afgesloten als 'afgewezen' door Paul Begeleider" in notices[1].body_text
    assert "Dit kan uw eigen team het best zelf doen." in notices[1].body_text


def test_support_notices_switched_off_are_not_sent(world):
    for user in (world.projectleider, world.procesbegeleider):
        db.session.add(MailPreference(user_id=user.id, support_notices=False))
    db.session.commit()

    _take(world, _ask(world))

    assert outbox() == []


def test_an_inactive_asker_gets_no_notice(world):
    request = _ask(world)
    db.session.get(User, world.projectleider.id).active = False
    db.session.commit()

    _take(world, request)

    assert outbox("pl@venlo.nl") == []


def test_asking_through_the_page_mails_the_link_of_the_request(client, logged_in_leider):
    world = logged_in_leider

    response = client.post(
        f"/projecten/{world.project.id}/ondersteuning", data={"support_kind": "scope_bepalen", "message": QUESTION}
    )

    assert response.status_code == 302
    request_path = response.headers["Location"]
    [notice] = outbox("pb@vng.nl")
    assert f"http://localhost{request_path}" in notice.body_text
