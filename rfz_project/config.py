"""Settings, read from the environment when the app is created (never at import time)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """A required setting is missing or malformed."""


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def _count(name: str) -> int:
    """A whole number of 0 or more from the environment (the caller checked it is set)."""
    value = os.environ[name].strip()
    if not value.isascii() or not value.isdigit():
        raise ConfigError(f"{name} moet een heel getal van 0 of meer zijn, niet {value!r}.")
    return int(value)


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, or the per-installation file `make run` creates.

    There is deliberately no default: a shared default key would let anyone forge sessions.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    raise ConfigError(
        f"SECRET_KEY ontbreekt: zet de omgevingsvariabele SECRET_KEY of maak {key_file} aan (make run doet dat voor u)."
    )


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the operator gave."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def from_environment(instance_path: Path) -> dict:
    """Settings the operator gives through the environment, on top of DEFAULTS."""
    default_db = f"sqlite:///{instance_path / 'rfz.sqlite'}"
    secure = _flag("RFZ_SESSION_COOKIE_SECURE", True)
    settings = {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(os.environ.get("DATABASE_URL", default_db)),
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
    }
    for name in ("RFZ_THEME_CLASS", "RFZ_THEME_CSS", "RFZ_BASE_URL"):
        if os.environ.get(name):
            settings[name] = os.environ[name]
    whole_numbers = (
        "RFZ_LOGIN_MAX_FAILURES",
        "RFZ_LOGIN_WINDOW_MINUTES",
        "RFZ_TRUSTED_PROXIES",
        "RFZ_IDLE_TIMEOUT_MINUTES",
        "RFZ_DOCUMENT_PROCESSES",
    )
    for name in whole_numbers:
        if os.environ.get(name):
            settings[name] = _count(name)
    settings.update(_mail_settings())
    settings.update(_oidc_settings())
    return settings


def _oidc_settings() -> dict:
    """The installation's own OpenID Connect provider (organisation login), e.g. the VNG's. All four are
    optional; with RFZ_OIDC_ISSUER set, the client id and secret are required and the issuer must be https.

    Plain http, and then only to a provider on the loopback address (127.0.0.1, ::1, localhost), is for tests
    and for trying it on one's own machine: RFZ_OIDC_ALLOW_HTTP_LOOPBACK=1 counts only together with
    RFZ_SESSION_COOKIE_SECURE=0 (what `make run` sets; a production set-up never does, its cookies need https).
    AUTHLIB_INSECURE_TRANSPORT, which would let Authlib use plain http to any host, stops the app."""
    if os.environ.get("AUTHLIB_INSECURE_TRANSPORT"):
        raise ConfigError("Zet AUTHLIB_INSECURE_TRANSPORT niet: inloggen via een organisatie gaat alleen over https.")
    settings: dict = {}
    allow_http = _flag("RFZ_OIDC_ALLOW_HTTP_LOOPBACK", False)
    if allow_http and _flag("RFZ_SESSION_COOKIE_SECURE", True):
        raise ConfigError(
            "RFZ_OIDC_ALLOW_HTTP_LOOPBACK werkt alleen op uw eigen machine, met RFZ_SESSION_COOKIE_SECURE=0."
        )
    if allow_http:
        settings["RFZ_OIDC_ALLOW_HTTP_LOOPBACK"] = True
    for name in ("RFZ_OIDC_ISSUER", "RFZ_OIDC_CLIENT_ID", "RFZ_OIDC_CLIENT_SECRET", "RFZ_OIDC_LABEL"):
        if os.environ.get(name, "").strip():
            settings[name] = os.environ[name].strip()
    issuer = settings.get("RFZ_OIDC_ISSUER")
    if issuer:
        if not issuer.startswith("https://") and not (allow_http and _loopback_http(issuer)):
            raise ConfigError(f"RFZ_OIDC_ISSUER moet een https-adres zijn, niet {issuer!r}.")
        missing = [name for name in ("RFZ_OIDC_CLIENT_ID", "RFZ_OIDC_CLIENT_SECRET") if name not in settings]
        if missing:
            raise ConfigError(f"Met RFZ_OIDC_ISSUER zijn ook {' en '.join(missing)} nodig.")
    elif "RFZ_OIDC_CLIENT_ID" in settings or "RFZ_OIDC_CLIENT_SECRET" in settings:
        raise ConfigError("RFZ_OIDC_CLIENT_ID en RFZ_OIDC_CLIENT_SECRET werken alleen samen met RFZ_OIDC_ISSUER.")
    return settings


def _mail_settings() -> dict:
    """The SMTP server, by the names Flask-Mailman uses. Without MAIL_SERVER mail stays in the outbox."""
    settings: dict = {}
    for name in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER"):
        if os.environ.get(name):
            settings[name] = os.environ[name]
    for name in ("MAIL_PORT", "MAIL_TIMEOUT"):
        if os.environ.get(name):
            settings[name] = _count(name)
    for name in ("MAIL_USE_TLS", "MAIL_USE_SSL"):
        settings[name] = _flag(name, False)
    if settings["MAIL_USE_TLS"] and settings["MAIL_USE_SSL"]:
        raise ConfigError("Zet MAIL_USE_TLS (STARTTLS, meestal poort 587) of MAIL_USE_SSL (poort 465), niet allebei.")
    return settings


def _loopback_http(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return url.startswith("http://") and (host == "localhost" or host == "::1" or host.startswith("127."))


# Defaults for every installation; the environment (or a test's config) overrides them.
DEFAULTS = {
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    # The theme is one class on <html> plus its token stylesheet, so a gemeente can swap in its own.
    "RFZ_THEME_CLASS": "voorbeeld-theme",
    "RFZ_THEME_CSS": "vendor/voorbeeld-theme.css",
    "RFZ_LOGIN_MAX_FAILURES": 5,
    "RFZ_LOGIN_WINDOW_MINUTES": 15,
    # How many reverse proxies stand in front of the app; their X-Forwarded-For (and -Proto) is trusted.
    # 0: none, the header is ignored (anyone could type it) and the client's own address counts.
    "RFZ_TRUSTED_PROXIES": 0,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # A login ends after 8 hours at most (absolute), and after 30 minutes without a request (idle).
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "RFZ_IDLE_TIMEOUT_MINUTES": 30,
    # How many processes render the zip of all documents side by side (at most the machine's cores; 0 or 1:
    # the request's own process only). Each web worker starts its own the first time it makes a zip.
    "RFZ_DOCUMENT_PROCESSES": 2,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    # Mail (mail/worker.py): no MAIL_SERVER means nothing is sent; mail waits in the outbox and the console.
    "MAIL_SERVER": "",
    "MAIL_PORT": 25,
    "MAIL_DEFAULT_SENDER": "RFZ-implementatietool <noreply@localhost>",
    # Seconds the worker waits for the SMTP server before it counts the attempt as failed.
    "MAIL_TIMEOUT": 30,
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    # Organisation login (oidc/): the installation's provider; none by default. Gemeenten' own are in the database.
    "RFZ_OIDC_ISSUER": "",
    "RFZ_OIDC_CLIENT_ID": "",
    "RFZ_OIDC_CLIENT_SECRET": "",
    "RFZ_OIDC_LABEL": "Inloggen met uw organisatieaccount",
    # Tests and one's own machine only: a provider on http://127.0.0.1 or http://localhost (see _oidc_settings).
    "RFZ_OIDC_ALLOW_HTTP_LOOPBACK": False,
}
