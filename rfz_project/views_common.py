"""Small helpers every area's views share, so each view stays: parse, call a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, request

from .access import Need
from .errors import ConflictError, ValidationError
from .forms import apply_errors
from .pages.forms import ConfirmForm
from .routekaart import current_routekaart

__all__ = [
    "form_status",
    "need_for_request",
    "require_confirmed_post",
    "current_routekaart",
    "save_or_conflict",
    "submitted_and_valid",
]

T = TypeVar("T")


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


def save_or_conflict(
    form,
    save: Callable[[], T],
    *,
    newest_version: Callable[[], int] | None = None,
    conflict_message: str = ConflictError.MESSAGE,
) -> T | None:
    """Run a service's save for a submitted form; None when it was refused.

    The service's ValidationError messages go next to the fields. On a ConflictError the form says so and,
    for an edit (`newest_version` given), takes the stored version: the user's input stays in the form, and
    saving again is then a deliberate overwrite. `save` must return what it saved (never None).
    """
    try:
        return save()
    except ValidationError as error:
        apply_errors(form, error)
    except ConflictError:
        form.form_errors.append(conflict_message)
        if newest_version is not None:
            form.version.data = str(newest_version())
    return None


def require_confirmed_post() -> None:
    """A POST-only button carries nothing but its CSRF token; without a valid one it is a bad request."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
