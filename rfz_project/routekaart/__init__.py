"""The routekaart and its toolkit as content: one TOML file, validated into frozen dataclasses.

Code refers to stable keys; labels and texts live only in `routekaart.toml`. The running app's
routekaart (loaded and validated once, in create_app) is `current_routekaart()`.
"""

from flask import current_app

from .loader import RoutekaartError, get_routekaart, load_routekaart
from .model import (
    ChecklistItem,
    Criterion,
    Document,
    Laag,
    Mijlpaal,
    Phase,
    Reason,
    Rol,
    Routekaart,
    ScopeType,
    SessionOption,
    SessionType,
    Spoor,
    Step,
    SupportKind,
)

__all__ = [
    "ChecklistItem",
    "Criterion",
    "Document",
    "Laag",
    "Mijlpaal",
    "Phase",
    "Reason",
    "Rol",
    "Routekaart",
    "RoutekaartError",
    "ScopeType",
    "SessionOption",
    "SessionType",
    "Spoor",
    "Step",
    "SupportKind",
    "current_routekaart",
    "get_routekaart",
    "load_routekaart",
]


def current_routekaart() -> Routekaart:
    """The routekaart of the running app: the one accessor every service, view and builder uses."""
    return current_app.extensions["routekaart"]
