"""The only exceptions services raise; views and error handlers map them to responses."""

from __future__ import annotations


class NotFound(Exception):
    """Does not exist, or the actor may not know it exists (always a 404)."""


class NotAuthorized(Exception):
    """The actor may see this but not do this (a 403)."""


class ProjectClosed(NotAuthorized):
    """The project is closed, so read-only for everyone until a projectleider reopens it (a 403 that says so:
    the user's role is not the reason). The message is Dutch, for the error page."""


class ValidationError(Exception):
    """Input refused; `errors` maps a form field name (or '' for the form) to Dutch messages."""

    def __init__(self, errors: dict[str, list[str]] | str):
        if isinstance(errors, str):
            errors = {"": [errors]}
        self.errors = errors
        super().__init__("; ".join(m for msgs in errors.values() for m in msgs))


class ConflictError(Exception):
    """Someone else changed the record since the form was loaded."""

    MESSAGE = (
        "Iemand anders heeft dit intussen gewijzigd. Hieronder ziet u de nieuwste versie; "
        "uw eigen invoer staat nog in het formulier. Controleer en sla opnieuw op."
    )
