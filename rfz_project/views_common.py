"""Small helpers every area's views share, so each view stays: parse, call a service, render."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request

from .access import Need
from .errors import ValidationError
from .forms import apply_errors
from .routekaart import Routekaart


def routekaart() -> Routekaart:
    return current_app.extensions["routekaart"]


def need_for_request() -> Need:
    """Reading a page needs READ; posting to it needs WRITE (checked before the form is read)."""
    return Need.WRITE if request.method == "POST" else Need.READ


def form_status(form) -> int:
    """400 for a submitted form shown again (it had errors), 200 for a fresh one."""
    return 400 if form.is_submitted() else 200


def submitted_and_valid(form, domain_check: Callable[[], None]) -> bool:
    """True when a submitted form passes its own field checks and the service's domain rules.

    Both run even when the first fails, so the user sees every problem after one submit instead of
    discovering the domain rules one round trip later.
    """
    if not form.is_submitted():
        return False
    form_ok = form.validate()
    try:
        domain_check()
    except ValidationError as error:
        apply_errors(form, error)
        return False
    return form_ok
