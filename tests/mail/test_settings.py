"""The SMTP settings come from the environment, by the names Flask-Mailman uses."""

from __future__ import annotations

import pytest

from rfz_project.config import ConfigError, from_environment


def test_the_mail_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    for name, value in {
        "MAIL_SERVER": "smtp.venlo.nl",
        "MAIL_PORT": "587",
        "MAIL_USE_TLS": "1",
        "MAIL_USERNAME": "rfz",
        "MAIL_PASSWORD": "geheim-van-de-server",
        "MAIL_DEFAULT_SENDER": "RFZ <noreply@venlo.nl>",
    }.items():
        monkeypatch.setenv(name, value)
    settings = from_environment(tmp_path)
    assert settings["MAIL_SERVER"] == "smtp.venlo.nl" and settings["MAIL_PORT"] == 587
    assert settings["MAIL_USE_TLS"] is True and settings["MAIL_USE_SSL"] is False
    assert settings["MAIL_USERNAME"] == "rfz" and settings["MAIL_PASSWORD"] == "geheim-van-de-server"
    assert settings["MAIL_DEFAULT_SENDER"] == "RFZ <noreply@venlo.nl>"


def test_without_mail_server_no_server_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    assert "MAIL_SERVER" not in from_environment(tmp_path)


def test_tls_and_ssl_together_stop_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("MAIL_USE_TLS", "1")
    monkeypatch.setenv("MAIL_USE_SSL", "1")
    with pytest.raises(ConfigError, match="niet allebei"):
        from_environment(tmp_path)
