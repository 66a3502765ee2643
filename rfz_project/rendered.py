"""HTML made once per kept result.

A kept result (kept.py, projects/summaries.py) is the very same object for every request while the data it was
made from stays the same, so the HTML a template makes of it is the same too. On the pages with the longest
tables (the portfolio, the mijlpaal coverage, the checklist comparison, a project's lists) turning that result into
HTML costs more than everything else the page does, so `part_of` renders such a part once per process and returns
the same HTML for the same result; a new result (the data changed) gets its HTML made anew. Nothing is stored but
the HTML of the MAX_RESULTS results used last, and of each at most MAX_VARIANTS parts.

A part may use only what it is given and `url_for`: nothing of the request or the user (no `current_user`,
`request`, `session`, `csrf_token()`, flashed messages), or one user would see another's. A form in a part puts
`{{ csrf_hole }}` where its token goes; `part_of` fills in the request's own token each time. `tests/test_rendered.py`
reads every part template (and what it imports) and fails when one does. The context passed besides the result is
part of the key, so it must be hashable; the script root is in the key as well, as `url_for` builds on it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

# Names a part template may not use: they differ per request or per user.
PER_REQUEST_NAMES = frozenset(
    {"current_user", "request", "session", "g", "csrf_token", "get_flashed_messages", "config", "is_vng_user"}
)
# How a part template's name starts ("oversight/_part_portfolio.html"); the test checks every one of them.
PART_PREFIX = "_part_"
# What a part writes where a form's CSRF token goes (`{{ csrf_hole }}`): the kept HTML is the same for everyone,
# and each request fills in its own session's token (never kept). No stored text holds it: the input rules drop
# the NUL characters around it (inputs.clean_text).
CSRF_HOLE = "\x00rfz-csrf-token\x00"


# Kept results whose parts are held, at most (per process): about as many as every Kept of the app holds. An id
# is reused once its object is gone, so each entry holds its result too: while it is held, its id is its own.
MAX_RESULTS = 512
# Filter forms whose HTML is held, at most (per process).
MAX_FILTER_FORMS = 1024
# Parts held per result, at most: its template and context. A refused submit passes what the user chose as
# context, so a result could otherwise collect one HTML per posted combination; past this many, a part is
# rendered for that request only.
MAX_VARIANTS = 16


class _Held:
    """Per application: a map that holds the `most` entries used last."""

    def __init__(self) -> None:
        self.entries: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: Any, entry: Any, most: int) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > most:
                self.entries.popitem(last=False)


def _held(name: str) -> _Held:
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app, not its proxy
    return app.extensions.get(name) or app.extensions.setdefault(name, _Held())


def _checked(template: str) -> None:
    if PART_PREFIX not in template:
        raise ValueError(f"{template}: a kept part's template name starts with {PART_PREFIX}")


def part_of(template: str, value: Any, **context: Any) -> Markup:
    """`template` rendered with the kept `value` (called `value` there) and `context`, once per `value`.

    Templates call it as `{{ part_of('oversight/_part_portfolio.html', listing) }}`."""
    _checked(template)
    held = _held("rfz_rendered_parts")
    entry = held.get(id(value))
    if entry is None or entry[0] is not value:
        entry = (value, {})  # {key: HTML} of this result
        held.put(id(value), entry, MAX_RESULTS)
    key = (template, request.script_root, tuple(sorted(context.items())))
    html = entry[1].get(key)
    if html is None:
        # the template escaped what it shows
        html = Markup(render_template(template, value=value, csrf_hole=Markup(CSRF_HOLE), **context))
        if len(entry[1]) < MAX_VARIANTS:
            entry[1][key] = html
    return Markup(html.replace(CSRF_HOLE, generate_csrf())) if CSRF_HOLE in html else html


def _what_shows(form: Any) -> tuple:
    """Everything of a form that its HTML shows: per field what was sent, what it holds and its choices."""
    return tuple(
        (
            field.name,
            tuple(field.raw_data) if field.raw_data is not None else None,
            repr(field.data),
            tuple(map(tuple, field.choices)) if getattr(field, "choices", None) is not None else None,
            tuple(field.errors),
        )
        for field in form
    )


def filter_form_part(template: str, form: Any, **context: Any) -> Markup:
    """`template` rendered with a list's filter form (`form` there) and `context` (hashable: it is part of the
    key), once per what the form shows.

    A filter form is sent with GET: it carries no CSRF token and nothing of the user, so its HTML follows from its
    choices and what was filled in, which `_what_shows` reads; WTForms' rendering of a dozen selects costs more
    than reading that. Templates call it as `{{ filter_form_part('actions/_part_filters.html', form) }}`."""
    _checked(template)
    held = _held("rfz_filter_forms")
    key = (template, request.script_root, type(form).__qualname__, _what_shows(form), tuple(sorted(context.items())))
    html = held.get(key)
    if html is None:
        html = Markup(render_template(template, form=form, **context))  # the template escaped what it shows
        held.put(key, html, MAX_FILTER_FORMS)
    return html


def forget_all(app: Flask) -> None:
    """Drop every part and filter form held (tests fill the database again with the same ids and names)."""
    for name in ("rfz_rendered_parts", "rfz_filter_forms"):
        app.extensions.pop(name, None)


def register(app: Flask) -> None:
    app.add_template_global(part_of)
    app.add_template_global(filter_form_part)
