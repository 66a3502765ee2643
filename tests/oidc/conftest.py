"""A real OpenID provider over HTTP for the organisation login tests: oidc-provider-mock, in a thread, on a
free loopback port. A test chooses who logs in (the `sub`) and what the provider says about them (claims set
with the provider's own PUT /users/<sub>), then walks the flow as a browser would: our start page, the
provider's authorization form, and back to our callback with the code and state."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
import sqlalchemy as sa
from oidc_provider_mock import run_server_in_thread

from rfz_project.extensions import db
from rfz_project.models import OidcProvider
from rfz_project.oidc import client as oidc_client

from ..mail.conftest import free_port


@dataclass(frozen=True)
class Provider:
    issuer: str

    def set_user(self, sub: str, **claims) -> None:
        """What the provider will say about this person (the claims go into the ID token)."""
        answer = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert answer.status_code == 204, answer.text


@contextmanager
def provider_server(**options) -> Iterator[Provider]:
    """A provider on http://localhost:<free port>; it demands a nonce, as ours always sends one."""
    port = free_port()
    with run_server_in_thread(port=port, require_nonce=True, **options):
        yield Provider(f"http://localhost:{port}")


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with provider_server() as running:
        yield running


@pytest.fixture(scope="module")
def gemeente_provider() -> Iterator[Provider]:
    """A second provider: the one a gemeente runs itself (another issuer than the installation's)."""
    with provider_server() as running:
        yield running


@pytest.fixture(scope="module")
def expired_provider() -> Iterator[Provider]:
    """A provider whose ID tokens expired ten minutes before they were made (past Authlib's leeway)."""
    with provider_server(access_token_max_age=timedelta(minutes=-10)) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_clients():
    """Each test discovers its providers afresh (a test may tamper with a kept client's metadata)."""
    oidc_client.forget_clients()
    yield
    oidc_client.forget_clients()


@pytest.fixture
def installation(app, provider, monkeypatch) -> Provider:
    """The installation's provider (RFZ_OIDC_*), over http on loopback as the test configuration allows."""
    monkeypatch.setitem(app.config, "RFZ_OIDC_ALLOW_HTTP_LOOPBACK", True)
    monkeypatch.setitem(app.config, "RFZ_OIDC_ISSUER", provider.issuer)
    monkeypatch.setitem(app.config, "RFZ_OIDC_CLIENT_ID", "rfz-tool")
    monkeypatch.setitem(app.config, "RFZ_OIDC_CLIENT_SECRET", "installatie-geheim")
    return provider


@pytest.fixture
def allow_loopback(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "RFZ_OIDC_ALLOW_HTTP_LOOPBACK", True)


def walk(
    client,
    sub: str,
    start: str = "/inloggen/organisatie",
    tamper_authorize: Callable[[str], str] | None = None,
    tamper_callback: Callable[[str], str] | None = None,
):
    """Our start page, the provider's form (choosing `sub`), and back: the response of our callback."""
    started = client.get(start)
    assert started.status_code == 302, started.get_data(as_text=True)
    authorize = started.headers["Location"]
    if tamper_authorize:
        authorize = tamper_authorize(authorize)
    answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    callback = answer.headers["Location"]
    if tamper_callback:
        callback = tamper_callback(callback)
    parts = urlsplit(callback)
    assert parts.netloc == "localhost", callback  # the test client's own host
    return client.get(f"{parts.path}?{parts.query}")


# --- a gemeente's own provider, saved through the beheerder's page (test_gemeente_provider, test_invitations) ---

SECRET = "heel-geheim-clientgeheim-42"


def _save(client, gemeente_id, provider, **changes):
    data = {
        "issuer": provider.issuer,
        "client_id": "rfz-venlo",
        "client_secret": SECRET,
        "label": "",
        "version": "",
    }
    data.update(changes)
    if data.pop("passwords_off", False):
        data["passwords_off"] = "y"
    return client.post(f"/beheer/gemeenten/{gemeente_id}/organisatielogin", data=data)


def _stored(gemeente_id) -> OidcProvider | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(OidcProvider).where(OidcProvider.gemeente_id == gemeente_id))


@pytest.fixture
def venlo_provider(world, client, auth, gemeente_provider, allow_loopback):
    """Venlo's own provider, saved through the beheerder's page (passwords still on); logged out again."""
    auth.login("beheer@rfz.nl")
    response = _save(client, world.home.id, gemeente_provider)
    assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    return gemeente_provider


def _switch_passwords(world, off: bool) -> None:
    stored = _stored(world.home.id)
    stored.passwords_off = off
    db.session.commit()
