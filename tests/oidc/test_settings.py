"""The installation's provider comes from the environment (RFZ_OIDC_*); plain http never does."""

from __future__ import annotations

import pytest

from rfz_project.config import DEFAULTS, ConfigError, from_environment


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    for name in ("RFZ_OIDC_ISSUER", "RFZ_OIDC_CLIENT_ID", "RFZ_OIDC_CLIENT_SECRET", "RFZ_OIDC_LABEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AUTHLIB_INSECURE_TRANSPORT", raising=False)
    monkeypatch.delenv("RFZ_OIDC_ALLOW_HTTP_LOOPBACK", raising=False)
    return monkeypatch


def test_the_installations_provider_comes_from_the_environment(tmp_path, environment):
    environment.setenv("RFZ_OIDC_ISSUER", "https://login.vng.nl/realms/medewerkers")
    environment.setenv("RFZ_OIDC_CLIENT_ID", "rfz")
    environment.setenv("RFZ_OIDC_CLIENT_SECRET", "geheim")
    environment.setenv("RFZ_OIDC_LABEL", "Inloggen met uw VNG-account")

    settings = from_environment(tmp_path)

    assert settings["RFZ_OIDC_ISSUER"] == "https://login.vng.nl/realms/medewerkers"
    assert (settings["RFZ_OIDC_CLIENT_ID"], settings["RFZ_OIDC_CLIENT_SECRET"]) == ("rfz", "geheim")
    assert settings["RFZ_OIDC_LABEL"] == "Inloggen met uw VNG-account"
    assert "RFZ_OIDC_ALLOW_HTTP_LOOPBACK" not in settings  # so the default, False, holds


def test_the_default_label_and_no_provider(tmp_path, environment):
    settings = from_environment(tmp_path)

    assert "RFZ_OIDC_ISSUER" not in settings
    assert DEFAULTS["RFZ_OIDC_LABEL"] == "Inloggen met uw organisatieaccount"
    assert DEFAULTS["RFZ_OIDC_ALLOW_HTTP_LOOPBACK"] is False


def test_a_plain_http_issuer_stops_the_app(tmp_path, environment):
    environment.setenv("RFZ_OIDC_ISSUER", "http://localhost:8080/realms/test")
    environment.setenv("RFZ_OIDC_CLIENT_ID", "rfz")
    environment.setenv("RFZ_OIDC_CLIENT_SECRET", "geheim")

    with pytest.raises(ConfigError, match="https"):
        from_environment(tmp_path)


def test_http_on_loopback_is_only_for_ones_own_machine(tmp_path, environment):
    environment.setenv("RFZ_OIDC_ISSUER", "http://localhost:9400")
    environment.setenv("RFZ_OIDC_CLIENT_ID", "rfz")
    environment.setenv("RFZ_OIDC_CLIENT_SECRET", "geheim")
    environment.setenv("RFZ_OIDC_ALLOW_HTTP_LOOPBACK", "1")
    environment.delenv("RFZ_SESSION_COOKIE_SECURE", raising=False)

    with pytest.raises(ConfigError, match="RFZ_SESSION_COOKIE_SECURE=0"):
        from_environment(tmp_path)

    environment.setenv("RFZ_SESSION_COOKIE_SECURE", "0")
    assert from_environment(tmp_path)["RFZ_OIDC_ALLOW_HTTP_LOOPBACK"] is True

    environment.setenv("RFZ_OIDC_ISSUER", "http://login.gemeente.nl")  # http, but not on this machine
    with pytest.raises(ConfigError, match="https"):
        from_environment(tmp_path)


def test_authlibs_insecure_transport_stops_the_app(tmp_path, environment):
    environment.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")

    with pytest.raises(ConfigError, match="AUTHLIB_INSECURE_TRANSPORT"):
        from_environment(tmp_path)


def test_an_issuer_without_client_stops_the_app(tmp_path, environment):
    environment.setenv("RFZ_OIDC_ISSUER", "https://login.vng.nl")

    with pytest.raises(ConfigError, match="RFZ_OIDC_CLIENT_ID en RFZ_OIDC_CLIENT_SECRET"):
        from_environment(tmp_path)
