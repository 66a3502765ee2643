"""Small helpers shared by the request tests."""

from __future__ import annotations

import re

_ERROR = re.compile(r"Fout:</span>([^<]*)")


def errors_in(page: str) -> list[str]:
    """The field error messages on a rendered page (the text after each visually hidden 'Fout:')."""
    return [e.strip() for e in _ERROR.findall(page)]
