"""CSRF protection is on in the real configuration (the other request tests switch it off)."""

import pytest

from rfz_project import create_app
from rfz_project.extensions import db

from . import factories
from .conftest import app_config


@pytest.fixture
def csrf_app(app):
    protected = create_app(app_config(app.config["SQLALCHEMY_DATABASE_URI"], WTF_CSRF_ENABLED=True))
    with protected.app_context():
        factories.World.build()
        yield protected
        db.session.remove()


def test_login_without_csrf_token_is_refused(csrf_app):
    response = csrf_app.test_client().post("/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "Formulier verlopen" in response.get_data(as_text=True)


def test_login_with_the_token_from_the_form_works(csrf_app):
    import re

    client = csrf_app.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
