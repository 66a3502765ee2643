"""Security events: one structured JSON line to the `rfz.security` logger and one `SecurityEvent` row.

`record` adds the row to the current database session, so it commits in the same transaction as the change
it describes; `record_and_commit` is for an event with nothing else to commit (a failed login, a download).
`refusals` is a decorator for a service that refuses with a ValidationError: it rolls back, records the
refusal with its reason, commits that, and raises the error again.

Never a password or token: keys of `details` that look like one are dropped. The address is the one passed
in (the login service has it), else the current request's (`request.remote_addr`, which ProxyFix sets from
X-Forwarded-For only behind RFZ_TRUSTED_PROXIES) - like audit.py, the request's context is picked up here
so services need no extra argument.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, ParamSpec, TypeVar

from flask import has_request_context, request

from .errors import ValidationError
from .extensions import db
from .models import SecurityEvent
from .models.base import utcnow
from .services_common import commit_or_conflict

logger = logging.getLogger("rfz.security")

# The kinds of event, with the label the Beveiligingslog shows.
KINDS: dict[str, str] = {
    "login": "Ingelogd",
    "login_failed": "Inloggen mislukt",
    "login_throttled": "Inloggen tijdelijk geblokkeerd",
    "logout": "Uitgelogd",
    "logout_everywhere": "Op alle apparaten uitgelogd",
    "session_expired": "Sessie verlopen",
    "password_changed": "Eigen wachtwoord gewijzigd",
    "password_reset": "Tijdelijk wachtwoord ingesteld",
    "password_reset_requested": "Wachtwoordherstel aangevraagd",
    "password_reset_done": "Wachtwoord hersteld met e-maillink",
    "account_created": "Account aangemaakt",
    "account_blocked": "Account geblokkeerd",
    "account_unblocked": "Account geactiveerd",
    "role_set": "Rol toegekend",
    "role_removed": "Rol ingetrokken",
    "assignment_added": "Procesbegeleider gekoppeld",
    "assignment_removed": "Procesbegeleider ontkoppeld",
    "house_style_upload": "Huisstijlsjabloon geüpload",
    "house_style_removed": "Huisstijlsjabloon verwijderd",
    "archive_import": "Projectarchief ingelezen",
    "archive_export": "Projectarchief gedownload",
    # The project's own history goes with it, so its deletion is kept here, where the beheerder reads it.
    "project_deleted": "Project verwijderd",
    # Organisation login (oidc/): an identity linked (at a first login or on "Mijn account") or unlinked, and the
    # beheerder's provider settings.
    "oidc_linked": "Organisatieaccount gekoppeld",
    "oidc_unlinked": "Organisatieaccount ontkoppeld",
    "oidc_provider_saved": "Organisatielogin van een gemeente ingesteld",
    "oidc_provider_removed": "Organisatielogin van een gemeente verwijderd",
    # Invitations by e-mail (accounts/invites.py) and the e-mail change of "Mijn account" (accounts/email_change.py).
    "invitation_sent": "Uitnodiging verstuurd",
    "invitation_resent": "Uitnodiging opnieuw verstuurd",
    "invitation_withdrawn": "Uitnodiging ingetrokken",
    "invitation_accepted": "Uitnodiging aangenomen",
    "email_change_requested": "Wijziging e-mailadres aangevraagd",
    "email_changed": "E-mailadres gewijzigd",
}
SUCCEEDED = "gelukt"
REFUSED = "geweigerd"

_SECRET_KEY = re.compile(r"pass|wachtwoord|token|secret|geheim|csrf|cookie|hash", re.IGNORECASE)


def configure_logging() -> None:
    """Send the JSON lines to stderr (where gunicorn's and the container's logs go) at level INFO, unless
    the deployment gave the `rfz.security` logger a handler of its own. They also propagate as usual."""
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _safe(details: dict[str, Any]) -> dict[str, Any]:
    kept = {key: value for key, value in details.items() if not _SECRET_KEY.search(key)}
    return json.loads(json.dumps(kept, default=str))


def _request_address() -> str:
    return (request.remote_addr or "") if has_request_context() else ""


def record(
    kind: str,
    *,
    actor: Any = None,
    target: str = "",
    result: str = SUCCEEDED,
    address: str | None = None,
    **details: Any,
) -> SecurityEvent:
    """Log one security event and add it to the session (it commits with the change it describes).

    `actor` is the User who acted (None: nobody logged in, or the command line); `target` what it was
    about (an e-mail address, a gemeente, a project); `details` extra facts, never secrets.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown security event kind {kind!r}")
    actor_id = getattr(actor, "id", None)
    actor_email = getattr(actor, "email", "") or ""
    address = (address if address is not None else _request_address())[:64]
    safe = _safe(details)
    event = SecurityEvent(
        at=utcnow(),
        kind=kind,
        actor_id=actor_id,
        actor_email=actor_email[:254],
        target=str(target)[:300],
        address=address,
        result=result[:20],
        details=safe,
    )
    db.session.add(event)
    line = {
        "event": kind,
        "at": event.at.isoformat(timespec="seconds") + "Z",
        "actor_id": actor_id,
        "actor": actor_email,
        "target": event.target,
        "address": address,
        "result": event.result,
        "details": safe,
    }
    logger.info(json.dumps(line, ensure_ascii=False, sort_keys=True))
    return event


def record_and_commit(kind: str, **arguments: Any) -> SecurityEvent:
    """`record`, for an event that has no change of its own to commit with."""
    event = record(kind, **arguments)
    commit_or_conflict()
    return event


P = ParamSpec("P")
R = TypeVar("R")


def refusals(kind: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a service `f(actor, ...)`: a ValidationError it raises is recorded as refused (with the
    reason), committed on its own after a rollback, and raised again."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def logged(*args: P.args, **kwargs: P.kwargs) -> R:
            actor = args[0] if args else kwargs.get("actor")
            # read now: the rollback below expires the actor's row
            who = SimpleNamespace(id=getattr(actor, "id", None), email=getattr(actor, "email", ""))
            try:
                return service(*args, **kwargs)
            except ValidationError as refused:
                db.session.rollback()
                record(kind, actor=who, result=REFUSED, reason=str(refused)[:2000])
                commit_or_conflict()
                raise

        return logged

    return decorate
