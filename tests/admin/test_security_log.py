import io
import json
import logging
import time

import pytest
import sqlalchemy as sa

from rfz_project import security_log
from rfz_project.accounts.services import change_own_password, end_all_own_sessions, load_user
from rfz_project.accounts.views import SESSION_SEEN
from rfz_project.admin import services
from rfz_project.documents import services as documents
from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import MembershipRole, SecurityEvent
from tests import factories

SECRET = "geheim-wachtwoord-123"


def _events(kind):
    return list(
        db.session.scalars(sa.select(SecurityEvent).where(SecurityEvent.kind == kind).order_by(SecurityEvent.id))
    )


def _no_secrets(caplog, *events):
    for event in events:
        assert SECRET not in json.dumps(event.details) and factories.PASSWORD not in json.dumps(event.details)
    lines = [r.getMessage() for r in caplog.records if r.name == "rfz.security"]
    assert lines and all(SECRET not in line and factories.PASSWORD not in line for line in lines)
    for line in lines:
        assert {"event", "actor", "target", "address", "result"} <= set(json.loads(line))


def _actor(user):
    return load_user(user.get_id())


def test_login_success_failure_throttle_and_logout_are_recorded(world, client, auth, caplog):
    caplog.set_level(logging.INFO, logger="rfz.security")
    assert auth.login("leider@venlo.nl", SECRET).status_code == 401
    failed = _events("login_failed")[-1]
    assert (failed.actor_id, failed.target, failed.result) == (None, "leider@venlo.nl", "geweigerd")
    assert failed.address == "127.0.0.1"
    for _ in range(10):
        auth.login("leider@venlo.nl", SECRET)
    assert _events("login_throttled")[-1].result == "geweigerd"
    db.session.execute(sa.text("DELETE FROM login_attempt"))
    db.session.commit()
    assert auth.login(world.projectleider.email).status_code == 302
    ok = _events("login")[-1]
    assert (ok.actor_id, ok.actor_email, ok.result, ok.address) == (
        world.projectleider.id,
        world.projectleider.email,
        "gelukt",
        "127.0.0.1",
    )
    auth.logout()
    assert _events("logout")[-1].actor_id == world.projectleider.id
    _no_secrets(caplog, failed, ok)


def test_admin_changes_are_recorded_with_actor_and_target(world, caplog):
    caplog.set_level(logging.INFO, logger="rfz.security")
    actor = _actor(world.beheerder)
    user = services.create_user(actor, email="nieuw@venlo.nl", name="Nieuwe Collega", password="lang-genoeg-wachtwoord")
    membership = services.set_membership(actor, user.id, world.home.id, MembershipRole.TEAMLID.value)
    db.session.expire_all()  # the app does not expire on commit: load the user's new rows
    services.remove_membership(_actor(world.beheerder), user.id, membership.id)
    assignment = services.assign_procesbegeleider(actor, world.procesbegeleider.id, world.other.id)
    db.session.expire_all()
    actor = _actor(world.beheerder)
    services.unassign_procesbegeleider(actor, world.procesbegeleider.id, assignment.id)
    services.set_active(actor, user.id, False)
    services.set_active(actor, user.id, True)
    services.reset_password(actor, user.id, "een-ander-lang-wachtwoord")
    kinds = [
        "account_created",
        "role_set",
        "role_removed",
        "assignment_added",
        "assignment_removed",
        "account_blocked",
        "account_unblocked",
        "password_reset",
    ]
    for kind in kinds:
        event = _events(kind)[-1]
        assert event.actor_email == world.beheerder.email and event.result == "gelukt", kind
        assert event.target in ("nieuw@venlo.nl", world.procesbegeleider.email), kind
    rows = json.dumps([e.details for e in db.session.scalars(sa.select(SecurityEvent))])
    assert "lang-genoeg-wachtwoord" not in rows and "een-ander-lang-wachtwoord" not in rows
    assert _events("role_set")[-1].details == {"gemeente": world.home.name, "role": "teamlid"}


def test_secret_keys_are_dropped(app, world, caplog):
    caplog.set_level(logging.INFO, logger="rfz.security")
    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.0.0.9"}):
        event = security_log.record("login", target="x", password=SECRET, csrf_token=SECRET, new_password=SECRET, ok=1)
        assert event.details == {"ok": 1} and event.address == "10.0.0.9"
        db.session.rollback()
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_own_password_change_is_recorded(world, caplog):
    caplog.set_level(logging.INFO, logger="rfz.security")
    actor = _actor(world.teamlid)
    with pytest.raises(ValidationError):
        change_own_password(actor, SECRET, "nieuw-en-lang-genoeg", "nieuw-en-lang-genoeg")
    assert _events("password_changed")[-1].result == "geweigerd"
    change_own_password(_actor(world.teamlid), factories.PASSWORD, "nieuw-en-lang-genoeg", "nieuw-en-lang-genoeg")
    event = _events("password_changed")[-1]
    assert (event.result, event.actor_id) == ("gelukt", world.teamlid.id)
    _no_secrets(caplog, event)


def test_upload_verdicts_are_recorded(world):
    actor = _actor(world.beheerder)
    with pytest.raises(ValidationError):
        documents.upload_house_style(actor, world.home.id, "projectplan", "kapot.docx", b"geen docx")
    refused = _events("house_style_upload")[-1]
    assert refused.result == "geweigerd" and refused.target == world.home.name and refused.details["reason"]
    documents.upload_house_style(
        _actor(world.beheerder),
        world.home.id,
        "projectplan",
        "eigen.docx",
        documents._standard("projectplan").read_bytes(),
    )
    assert _events("house_style_upload")[-1].result == "gelukt"
    documents.remove_house_style(_actor(world.beheerder), world.home.id, "projectplan")
    removed = _events("house_style_removed")[-1]
    assert (removed.target, removed.details) == (world.home.name, {"template": "projectplan"})


def test_archive_export_and_refused_import_are_recorded(world, client, auth):
    auth.login(world.projectleider.email)
    exported = client.get(f"/projecten/{world.project.id}/archief.zip")
    assert exported.status_code == 200
    export = _events("archive_export")[-1]
    assert (export.actor_id, export.target, export.address) == (world.projectleider.id, world.project.name, "127.0.0.1")
    response = client.post(
        "/projecten/importeren",
        data={"gemeente_id": str(world.home.id), "archive": (io.BytesIO(b"geen zip"), "a.zip")},
    )
    assert response.status_code == 400
    refused = _events("archive_import")[-1]
    assert refused.result == "geweigerd" and refused.actor_id == world.projectleider.id
    assert refused.address == "127.0.0.1" and refused.details["reason"]
    imported = client.post(
        "/projecten/importeren",
        data={"gemeente_id": str(world.home.id), "archive": (io.BytesIO(exported.data), "a.zip")},
    )
    assert imported.status_code == 302
    accepted = _events("archive_import")[-1]
    assert (accepted.result, accepted.target, accepted.actor_id) == ("gelukt", world.home.name, world.projectleider.id)


def test_the_page_filters_and_pages(world, client, auth):
    for number in range(60):
        security_log.record("login_failed", target=f"iemand{number}@test.nl", result="geweigerd", address="1.2.3.4")
    security_log.record("account_blocked", actor=world.beheerder, target="blok@venlo.nl")
    db.session.commit()
    auth.login("beheer@rfz.nl")
    first = client.get("/beheer/beveiligingslog").get_data(as_text=True)
    assert "Beveiligingslog" in first and "pagina 1 van 2" in first and "Volgende pagina" in first
    second = client.get("/beheer/beveiligingslog?pagina=2").get_data(as_text=True)
    assert "pagina 2 van 2" in second
    assert client.get("/beheer/beveiligingslog?pagina=²").status_code == 200
    filtered = client.get("/beheer/beveiligingslog?soort=account_blocked").get_data(as_text=True)
    assert "blok@venlo.nl" in filtered and "iemand1@test.nl" not in filtered and "Account geblokkeerd" in filtered
    searched = client.get("/beheer/beveiligingslog?zoek=IEMAND59").get_data(as_text=True)
    assert "iemand59@test.nl" in searched and "iemand58@test.nl" not in searched


def test_a_non_beheerder_cannot_see_it(world, client, auth):
    auth.login(world.projectleider.email)
    assert client.get("/beheer/beveiligingslog").status_code == 403


def test_log_out_everywhere_and_an_expired_session_are_recorded(world, client, auth):
    auth.login(world.lezer.email)
    with client.session_transaction() as session:
        session[SESSION_SEEN] = int(time.time()) - 31 * 60
    client.get("/start")
    expired = _events("session_expired")[-1]
    assert (expired.actor_id, expired.result, expired.details) == (
        world.lezer.id,
        "verlopen",
        {"reason": "niet gebruikt"},
    )
    end_all_own_sessions(_actor(world.teamlid))
    assert _events("logout_everywhere")[-1].actor_id == world.teamlid.id


def test_a_blocked_account_logging_in_is_recorded(world, auth):
    services.set_active(_actor(world.beheerder), world.teamlid.id, False)
    assert auth.login(world.teamlid.email).status_code == 401
    failed = _events("login_failed")[-1]
    assert failed.target == world.teamlid.email and failed.details == {"reason": "geblokkeerd account"}


def test_the_log_lines_have_a_handler(app):
    assert logging.getLogger("rfz.security").handlers
