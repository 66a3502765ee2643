import pytest
import sqlalchemy as sa

from rfz_project import create_app
from rfz_project.accounts.services import safe_next_url
from rfz_project.extensions import db
from rfz_project.models import LoginAttempt, User

from .. import factories


def test_login_with_right_password_goes_to_the_start_page(world, client, auth):
    response = auth.login("pl@venlo.nl")
    assert response.status_code == 302 and response.headers["Location"] == "/start"
    page = client.get("/start").get_data(as_text=True)
    assert "Venlo project" in page and "Kampen project" not in page


def test_email_is_matched_case_insensitively(world, auth):
    assert auth.login("  PL@Venlo.NL ").status_code == 302


def test_wrong_password_gives_a_dutch_message_and_keeps_the_email(world, auth):
    response = auth.login("pl@venlo.nl", "verkeerd")
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Deze combinatie van e-mailadres en wachtwoord kennen we niet." in page
    assert 'value="pl@venlo.nl"' in page
    assert "verkeerd" not in page


def test_empty_login_form_shows_errors_next_to_the_fields(world, client):
    response = client.post("/inloggen", data={"email": "", "password": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="email-fout"' in page and "Vul uw e-mailadres in." in page
    assert 'aria-describedby="email-fout"' in page


def test_passwords_are_stored_hashed(world):
    stored = db.session.get(User, world.projectleider.id)
    assert factories.PASSWORD not in stored.password_hash and stored.check_password(factories.PASSWORD)


def test_blocked_account_cannot_log_in(world, auth):
    db.session.get(User, world.teamlid.id).active = False
    db.session.commit()
    assert auth.login("tl@venlo.nl").status_code == 401


def test_failed_logins_lock_the_account_for_every_worker(world, app, backend, auth, client):
    """The count lives in the database, so a second app (another gunicorn worker) sees it too."""
    for _ in range(app.config["RFZ_LOGIN_MAX_FAILURES"]):
        assert auth.login("pl@venlo.nl", "fout").status_code == 401
    other_worker = create_app(dict(app.config))
    with other_worker.app_context():
        response = other_worker.test_client().post(
            "/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD}
        )
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.get_data(as_text=True)


def test_successful_login_clears_the_failures(world, auth):
    auth.login("pl@venlo.nl", "fout")
    auth.login("pl@venlo.nl")
    count = db.session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt))
    assert count == 0


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/projecten/3", "/projecten/3"),
        ("https://evil.example/", None),
        ("//evil.example/pad", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_next_only_redirects_within_this_site(target, expected):
    assert safe_next_url(target) == expected


def test_login_follows_a_safe_next(world, client):
    response = client.post(
        "/inloggen",
        data={"email": "pl@venlo.nl", "password": factories.PASSWORD, "next": f"/projecten/{world.project.id}"},
    )
    assert response.headers["Location"] == f"/projecten/{world.project.id}"


def test_login_ignores_an_external_next(world, client):
    response = client.post(
        "/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD, "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/start"


def test_logout_needs_a_post(world, client, auth):
    auth.login("pl@venlo.nl")
    assert client.get("/uitloggen").status_code == 405
    assert auth.logout().status_code == 302
    assert client.get("/start").status_code == 302


def test_pages_need_login(client, world):
    response = client.get(f"/projecten/{world.project.id}")
    assert response.status_code == 302 and "/inloggen?next=" in response.headers["Location"]


def test_session_cookie_flags_in_production_config(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "uit-de-omgeving")
    monkeypatch.delenv("RFZ_SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SECRET_KEY"] == "uit-de-omgeving"


def test_app_refuses_to_start_without_a_secret(tmp_path, monkeypatch):
    from rfz_project.config import ConfigError, from_environment

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        from_environment(tmp_path)


def test_postgres_urls_use_psycopg3():
    from rfz_project.config import normalise_database_url

    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
