"""The routekaart and its toolkit as content: one TOML file, validated into frozen dataclasses.

Code refers to stable keys; labels and texts live only in `routekaart.toml`.
"""

from .loader import RoutekaartError, get_routekaart, load_routekaart
from .model import (
    ChecklistItem,
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
)

__all__ = [
    "ChecklistItem",
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
    "get_routekaart",
    "load_routekaart",
]
