"""The OpenID Connect flow in the browser, with Authlib's Flask client (web layer: it uses the session).

Authorization code flow with PKCE (S256). Authlib keeps the state, nonce, PKCE verifier and redirect URI in
the (signed) session under the state's name, checks the returned state against it, exchanges the code, and
checks the ID token: signature against the provider's keys, `aud`, `exp`/`iat`, `nonce` and (given here
explicitly) `iss`, which must be the configured issuer exactly. The discovery document is checked too
(services.check_metadata): a document that names another issuer is refused.

One client object per provider and settings, kept for METADATA_MAX_AGE so discovery is not fetched on every
login; a changed setting (another issuer, id or secret) makes a new one.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import session
from joserfc.errors import JoseError

from ..errors import NotFound
from ..inputs import whole_number
from ..links import page_url
from .services import INSTALLATION, PROVIDER_TIMEOUT, SCOPE, ProviderSettings, check_metadata, provider_for

METADATA_MAX_AGE = 3600
# Kept in the login session: which provider logged this session in (for the provider's logout).
SESSION_PROVIDER = "_rfz_oidc_provider"


class FlowFailed(Exception):
    """The login flow broke off: `reason` (English, for the security log) says where."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Kept:
    fingerprint: str
    made_at: float
    app: FlaskOAuth2App
    checked: bool = False


_clients: dict[str, _Kept] = {}


def _fingerprint(provider: ProviderSettings) -> str:
    material = "\0".join((provider.issuer, provider.client_id, provider.client_secret))
    return hashlib.sha256(material.encode()).hexdigest()


def client_for(provider: ProviderSettings) -> FlaskOAuth2App:
    name = f"rfz-{provider.key}"
    fingerprint = _fingerprint(provider)
    kept = _clients.get(name)
    if kept is None or kept.fingerprint != fingerprint or time.monotonic() - kept.made_at > METADATA_MAX_AGE:
        app = FlaskOAuth2App(
            FlaskIntegration(name),
            name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "default_timeout": PROVIDER_TIMEOUT},
        )
        kept = _clients[name] = _Kept(fingerprint, time.monotonic(), app)
    if not kept.checked:
        try:
            check_metadata(provider, kept.app.load_server_metadata())
        except ValueError:
            _clients.pop(name, None)
            raise
        kept.checked = True
    return kept.app


def forget_clients() -> None:
    """Drop every kept client (tests; a provider whose keys or endpoints changed is also picked up after
    METADATA_MAX_AGE by itself)."""
    _clients.clear()


def start(provider: ProviderSettings, redirect_uri: str):
    """The redirect to the provider's login page; FlowFailed when the provider cannot be reached."""
    try:
        return client_for(provider).authorize_redirect(redirect_uri)
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError, RuntimeError) as error:
        raise FlowFailed(f"start: {type(error).__name__}: {error}") from error


def finish(provider: ProviderSettings) -> dict[str, Any]:
    """The checked ID token's claims for the provider's answer on the callback URL; FlowFailed otherwise."""
    try:
        token = client_for(provider).authorize_access_token(
            claims_options={"iss": {"essential": True, "values": [provider.issuer]}}
        )
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError, RuntimeError) as error:
        raise FlowFailed(f"callback: {type(error).__name__}: {error}") from error
    claims = token.get("userinfo")
    if not claims:
        raise FlowFailed("callback: no ID token in the token response")
    return dict(claims)


def logout_url(provider: ProviderSettings, post_logout_redirect_uri: str) -> str | None:
    """The provider's end_session_endpoint (RP-initiated logout) with our client id and where to come back,
    or None when it has none or cannot be reached: the local logout has happened either way."""
    try:
        app = client_for(provider)
        if not app.load_server_metadata().get("end_session_endpoint"):
            return None
        return app.create_logout_url(post_logout_redirect_uri=post_logout_redirect_uri, client_id=provider.client_id)[
            "url"
        ]
    except (AuthlibBaseError, requests.RequestException, ValueError, KeyError, RuntimeError):
        return None


def provider_logout_url() -> str | None:
    """For the logout, called before the session is ended: the provider's end-session address when this
    session was started by a provider that has one (the provider then sends the user to the login page)."""
    key = session.get(SESSION_PROVIDER)
    if not isinstance(key, str):
        return None
    gemeente_id = None
    if key != INSTALLATION:
        gemeente_id = whole_number(key.removeprefix("gemeente-"))
        if gemeente_id is None:
            return None
    try:
        provider = provider_for(gemeente_id)
    except NotFound:
        return None
    return logout_url(provider, page_url("accounts.login"))
