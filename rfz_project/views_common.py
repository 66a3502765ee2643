"""Small helpers every area's views share, so each view stays: parse, call a service, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from .access import Need
from .errors import ConflictError, ValidationError
from .forms import apply_errors
from .pages.forms import ConfirmForm
from .routekaart import current_routekaart
from .services_common import RecordForm
from .sessions.calendar import sessie_title

__all__ = [
    "RecordPages",
    "confirm_delete",
    "current_routekaart",
    "flash_outcome",
    "form_page",
    "form_status",
    "need_for_request",
    "record_form",
    "render_sessie_page",
    "require_confirmed_post",
    "save_or_conflict",
    "shown_record",
    "submitted_and_valid",
]

T = TypeVar("T")


class TitledRecord(Protocol):
    """A record the add, edit and delete pages name by its title."""

    title: str
    version: int


R = TypeVar("R", bound=TitledRecord)


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
    newest_version: Callable[[], int | None] | None = None,
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
            version = newest_version()
            form.version.data = "" if version is None else str(version)
    return None


def flash_outcome(action: Callable[[], T], success: str | Callable[[T], str] | None = None) -> bool:
    """Run the service call behind a button and flash how it went; False when it was refused.

    A button has no form to show a refusal on, so the service's message becomes a flashed error.
    """
    result = _or_refusal_flashed(action)
    if isinstance(result, _Refused):
        return False
    if success is not None:
        flash(success(result) if callable(success) else success, "success")
    return True


def loaded_or_flashed(load: Callable[[], T]) -> T | None:
    """What a page is about, or None after flashing why it may not be opened now (a ValidationError or a
    conflict: e.g. an initiative that is no longer waiting for review), so the view sends the user back."""
    result = _or_refusal_flashed(load)
    return None if isinstance(result, _Refused) else result


class _Refused:
    """What `_or_refusal_flashed` returns for a refused call (None may be a call's own result)."""


def _or_refusal_flashed(action: Callable[[], T]) -> T | _Refused:
    try:
        return action()
    except ValidationError as error:
        flash(str(error), "error")
    except ConflictError:
        flash(ConflictError.MESSAGE, "error")
    return _Refused()


def render_sessie_page(template: str, sessie, **context) -> str:
    """A page about one sessie: its header names the sessie by its title (type, number, date)."""
    return render_template(template, sessie=sessie, title=sessie_title(current_routekaart(), sessie), **context)


def require_confirmed_post(form=None) -> None:
    """A POST-only button carries its CSRF token (and `form`'s hidden fields); without a valid one it is a
    bad request."""
    if not (form or ConfirmForm()).validate_on_submit():
        abort(400)


def form_page(
    form,
    *,
    valid: bool,
    save: Callable[[], T],
    saved_message: Callable[[T], str],
    next_url: str,
    template: str,
    newest_version: Callable[[], int | None] | None = None,
    conflict_message: str = ConflictError.MESSAGE,
    **context,
) -> ResponseReturnValue:
    """The one shape of an add or edit page: a valid submission is saved (see `save_or_conflict`),
    announced and followed by a redirect; otherwise the form is shown, with 400 after a refused submit."""
    if valid:
        saved = save_or_conflict(form, save, newest_version=newest_version, conflict_message=conflict_message)
        if saved is not None:
            flash(saved_message(saved), "success")
            return redirect(next_url)
    return render_template(template, form=form, **context), form_status(form)


def confirm_delete(
    *, project, what: str, cancel_url: str, delete: Callable[[], object], deleted_message: str, next_url: str
) -> ResponseReturnValue:
    """Ask before deleting `what`; a confirmed POST runs the service's delete and goes on to `next_url`
    (a refusal by the service is flashed there too)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        flash_outcome(delete, deleted_message)
        return redirect(next_url)
    return render_template("projects/confirm_delete.html", project=project, form=form, what=what, cancel_url=cancel_url)


def shown_record(record: T | None) -> T | None:
    """The record an edit form shows: the stored one on GET; on POST the form shows what was posted."""
    return record if request.method == "GET" else None


def record_form(form_class: Callable[..., Any], record, **kwargs) -> Any:
    """The form for a record: its stored values and version on GET (none when adding), the posted data on POST."""
    shown = shown_record(record)
    form = form_class(obj=shown, **kwargs)
    if shown is not None:
        form.version.data = str(shown.version)
    return form


C = TypeVar("C", bound=RecordForm)


@dataclass(frozen=True)
class RecordPages(Generic[C, R]):
    """The add, edit and delete pages of one kind of record in a project, listed on one page (an action, a
    regular task, a risk). Every such kind follows the same flow; these facts are all that tell them apart.

    The messages are built from `noun` ("de actie"), so every kind says the same things the same way.
    `add_routes` puts the three pages on the area's blueprint.
    """

    noun: str  # with its article: "de actie"
    record_name: str  # what the template calls the record: "action"; its id is the URL argument "action_id"
    rule: str  # the pages' URL below the blueprint's prefix, without /nieuw or the id: "/taken"
    endpoint_suffix: str  # after new, edit and delete in the endpoints' names: "_task" for .new_task; or ""
    template: str
    list_endpoint: str
    load: Callable[..., C]  # the service's form context: (actor, project_id, record_id, need)
    form_for: Callable[[C], Any]
    valid: Callable[[Any, C], bool]  # the form's and the service's checks, see `submitted_and_valid`
    read_input: Callable[[Any], Any]  # what the service's save takes from the form
    save: Callable[..., R]  # the service's save: (actor, project_id, data, record_id, expected_version)
    delete: Callable[[Any, int, int], object]  # the service's delete: (actor, project_id, record_id)

    @property
    def id_arg(self) -> str:
        """The URL argument with the record's id: "action_id"."""
        return f"{self.record_name}_id"

    @property
    def edit_endpoint(self) -> str:
        return f".edit{self.endpoint_suffix}"

    @property
    def _capitalised(self) -> str:
        return self.noun[:1].upper() + self.noun[1:]

    @property
    def changed_meanwhile(self) -> str:
        # Also when a record the new one points at was deleted between the check and the save.
        return f"Intussen is er iets aan dit project veranderd. Controleer uw keuzes en sla {self.noun} opnieuw op."

    def new(self, project_id: int) -> ResponseReturnValue:
        context = self.load(current_user, project_id, None, Need.WRITE)
        form = self.form_for(context)
        return form_page(
            form,
            valid=self.valid(form, context),
            save=lambda: self.save(current_user, project_id, self.read_input(form)),
            saved_message=lambda record: f"{self._capitalised} '{record.title}' is toegevoegd.",
            conflict_message=self.changed_meanwhile,
            next_url=url_for(self.list_endpoint, project_id=project_id),
            template=self.template,
            project=context.project,
            can_write=True,
            **{self.record_name: None},
        )

    def edit(self, project_id: int, record_id: int) -> ResponseReturnValue:
        context = self.load(current_user, project_id, record_id, need_for_request())
        form = self.form_for(context)
        return form_page(
            form,
            valid=self.valid(form, context),
            save=lambda: self.save(current_user, project_id, self.read_input(form), record_id, form.expected_version()),
            saved_message=lambda _record: f"{self._capitalised} is opgeslagen.",
            newest_version=lambda: self.load(current_user, project_id, record_id, Need.READ).existing.version,
            next_url=url_for(self.list_endpoint, project_id=project_id),
            template=self.template,
            project=context.project,
            can_write=context.can_write,
            **{self.record_name: context.existing},
        )

    def confirm_delete(self, project_id: int, record_id: int) -> ResponseReturnValue:
        context = self.load(current_user, project_id, record_id, Need.WRITE)
        title = context.existing.title
        edit_args: dict[str, Any] = {"project_id": project_id, self.id_arg: record_id}
        return confirm_delete(
            project=context.project,
            what=f"{self.noun} '{title}'",
            cancel_url=url_for(self.edit_endpoint, **edit_args),
            delete=lambda: self.delete(current_user, project_id, record_id),
            deleted_message=f"{self._capitalised} '{title}' is verwijderd.",
            next_url=url_for(self.list_endpoint, project_id=project_id),
        )

    def add_routes(self, bp: Blueprint) -> None:
        """The three pages on `bp`, each for GET and POST: `rule`/nieuw (endpoint new + suffix), `rule`/<id>
        (edit + suffix) and `rule`/<id>/verwijderen (delete + suffix). The project id is part of the rule or
        of the blueprint's URL prefix."""

        def new(project_id: int) -> ResponseReturnValue:
            return self.new(project_id)

        def edit(project_id: int, **ids: int) -> ResponseReturnValue:
            return self.edit(project_id, ids[self.id_arg])

        def delete(project_id: int, **ids: int) -> ResponseReturnValue:
            return self.confirm_delete(project_id, ids[self.id_arg])

        record = f"{self.rule}/<int:{self.id_arg}>"
        methods = ["GET", "POST"]
        bp.add_url_rule(f"{self.rule}/nieuw", f"new{self.endpoint_suffix}", new, methods=methods)
        bp.add_url_rule(record, f"edit{self.endpoint_suffix}", edit, methods=methods)
        bp.add_url_rule(f"{record}/verwijderen", f"delete{self.endpoint_suffix}", delete, methods=methods)


def attachment(content: bytes, mimetype: str, filename: str) -> Response:
    """A file to download (an export), never kept in a cache: it holds a project's or the VNG's data."""
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
