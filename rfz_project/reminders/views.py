"""Routes of this area (filled in as the area grows)."""

from . import bp  # noqa: F401
