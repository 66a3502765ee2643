"""A project's scope: which way of using the routekaart, which mijlpalen or rol, and why.

Creating a project and changing its scope both go through `validate_scope`, so the rules are the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from .. import access, audit
from ..access import Need
from ..errors import NotAuthorized, NotFound, ValidationError
from ..extensions import db
from ..inputs import DATE_RANGE_MESSAGE, date_in_range
from ..inputs_from import input_from
from ..models import Gemeente, Project, ProjectMijlpaal, User
from ..routekaart import Routekaart, ScopeType, current_routekaart
from ..services_common import commit_or_conflict, expect_version, save_row
from .scope_impact import ScopeImpact, scope_impact


@dataclass
class ScopeInput:
    name: str
    scope_type: str
    mijlpalen: list[str] = field(default_factory=list)
    rol: str | None = None
    spoor: str = "inwoner"
    central_question: str = ""
    reasons: list[str] = field(default_factory=list)
    reason_note: str = ""
    start_date: date | None = None


def scope_type(key: str) -> ScopeType:
    """The scope type a URL names; an unknown key is a page that does not exist."""
    scope = current_routekaart().get("scope_type", key)
    if scope is None:
        raise NotFound()
    return scope


def _mijlpaal_errors(rk: Routekaart, scope: ScopeType, chosen: list[str], mijlpalen: list[str]) -> list[str]:
    errors = []
    unknown = [k for k in chosen if rk.get("mijlpaal", k) is None]
    if unknown or len(set(chosen)) != len(chosen):
        errors.append("Kies alleen mijlpalen uit de lijst, elk één keer.")
    if scope.selection == "meerdere_mijlpalen" and len(mijlpalen) < 2:
        errors.append("Kies minstens twee mijlpalen voor een combinatie. Wilt u er één? Kies dan 'Eén mijlpaal'.")
    elif scope.selection == "meerdere_mijlpalen" and len(mijlpalen) == len(rk.mijlpalen):
        errors.append("U koos alle mijlpalen. Kies dan 'Hele routekaart', of laat er minstens één weg.")
    elif scope.selection == "een_mijlpaal" and len(mijlpalen) != 1:
        errors.append("Kies precies één mijlpaal.")
    elif scope.selection == "checklist" and not mijlpalen:
        errors.append("Kies minstens één mijlpaal voor de checklist.")
    return errors


@dataclass(frozen=True)
class ValidScope:
    """What a valid ScopeInput comes to: the mijlpalen and rol its scope type implies."""

    mijlpalen: list[str]
    rol: str | None
    start_date: date


def validate_scope(rk: Routekaart, data: ScopeInput) -> ValidScope:
    """The scope the input describes, or ValidationError with a message per field."""
    errors: dict[str, list[str]] = {}
    scope = rk.get("scope_type", data.scope_type)
    if scope is None:
        raise ValidationError({"scope_type": ["Kies een van de vijf manieren om de routekaart te gebruiken."]})
    chosen = [k for k in data.mijlpalen if k]
    whole_route = scope.selection in ("alle_mijlpalen", "een_rol")
    mijlpalen = list(rk.keys("mijlpaal")) if whole_route else rk.mijlpaal_order(chosen)
    mijlpaal_errors = _mijlpaal_errors(rk, scope, chosen, mijlpalen)
    if mijlpaal_errors:
        errors["mijlpalen"] = mijlpaal_errors
    rol = None
    if scope.selection == "een_rol":
        role = rk.get("rol", data.rol or "")
        if role is None or role.is_inwoner:
            errors["rol"] = ["Kies één rol om de hele routekaart vanuit te bekijken."]
        else:
            rol = role.key
    if rk.get("spoor", data.spoor or "") is None:
        errors["spoor"] = ["Kies een spoor uit de lijst."]
    if [r for r in data.reasons if rk.get("reason", r) is None]:
        errors["reasons"] = ["Kies alleen aanleidingen uit de lijst."]
    if not data.name.strip():
        errors["name"] = ["Geef het project een naam."]
    if not data.central_question.strip():
        errors["central_question"] = ["Beschrijf de centrale vraag: wat wilt u verbeteren en waarom?"]
    if data.start_date is None:
        errors["start_date"] = ["Vul een startdatum in."]
    elif not date_in_range(data.start_date):
        errors["start_date"] = [DATE_RANGE_MESSAGE]
    if errors or data.start_date is None:
        raise ValidationError(errors)
    return ValidScope(mijlpalen=mijlpalen, rol=rol, start_date=data.start_date)


def scope_record_errors(rk: Routekaart, data: ScopeInput) -> dict[str, list[str]]:
    """The problems validate_scope finds, as a dict: none of its rules depends on the moment the scope is
    entered, so a stored project (an imported one too) keeps them all."""
    try:
        validate_scope(rk, data)
    except ValidationError as exc:
        return exc.errors
    return {}


def check_scope(data: ScopeInput) -> None:
    """The scope rules alone (for a form that reports them with its own field checks)."""
    validate_scope(current_routekaart(), data)


def _apply_scope(project: Project, data: ScopeInput, valid: ValidScope) -> None:
    project.name = data.name.strip()
    project.scope_type = data.scope_type
    project.rol = valid.rol
    project.spoor = data.spoor
    project.central_question = data.central_question.strip()
    project.reasons = list(dict.fromkeys(data.reasons))
    project.reason_note = data.reason_note.strip()
    project.start_date = valid.start_date
    current = {row.mijlpaal: row for row in project.mijlpaal_rows}
    for key in set(current) - set(valid.mijlpalen):
        project.mijlpaal_rows.remove(current[key])
    for key in valid.mijlpalen:
        if key not in current:
            project.mijlpaal_rows.append(ProjectMijlpaal(mijlpaal=key))


def manageable_gemeenten(actor: User) -> list[Gemeente]:
    """Gemeenten in which the actor may start a project."""
    ids = access.gemeente_ids_where(actor, Need.MANAGE)
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.name)))


def gemeenten_to_start_in(actor: User) -> list[Gemeente]:
    """The wizard's gemeenten; someone who may start a project nowhere may not open the wizard."""
    gemeenten = manageable_gemeenten(actor)
    if not gemeenten:
        raise NotAuthorized()
    return gemeenten


def can_start_project(actor: User) -> bool:
    return bool(access.gemeente_ids_where(actor, Need.MANAGE))


def project_for_scope_edit(actor: User, project_id: int) -> Project:
    return access.get_project(actor, project_id, Need.MANAGE, options=[selectinload(Project.mijlpaal_rows)])


def create_project(actor: User, gemeente_id: int | None, data: ScopeInput) -> Project:
    if gemeente_id not in access.gemeente_ids_where(actor, Need.MANAGE):
        raise ValidationError({"gemeente_id": ["Kies een gemeente waarvoor u projecten mag starten."]})
    valid = validate_scope(current_routekaart(), data)
    audit.set_context(db.session, None, actor)
    project = Project(gemeente_id=gemeente_id, created_by_id=actor.id, mijlpaal_rows=[])
    _apply_scope(project, data, valid)
    return save_row(project)


# Said when a save skips the confirmation (the form always asks first; this guards every other caller).
UNCONFIRMED_MESSAGE = (
    "Met deze reikwijdte vallen sessies, checklistantwoorden of acties buiten het project. Bevestig eerst dat u "
    "dat wilt."
)


def change_impact(actor: User, project_id: int, data: ScopeInput, expected_version: int | None) -> ScopeImpact:
    """What the proposed scope leaves outside it; ConflictError when someone changed the project meanwhile,
    so a stale form says so before it asks to confirm."""
    rk = current_routekaart()
    project = project_for_scope_edit(actor, project_id)
    expect_version(project, expected_version)
    return scope_impact(rk, project, validate_scope(rk, data).mijlpalen)


def update_scope(
    actor: User, project_id: int, data: ScopeInput, expected_version: int | None, confirmed: str | None = None
) -> Project:
    """Save the scope. When records fall outside the new scope, only with `confirmed` set to the impact's
    `confirmation` (the mijlpalen the user agreed to drop); nothing is deleted either way."""
    rk = current_routekaart()
    project = project_for_scope_edit(actor, project_id)
    expect_version(project, expected_version)
    valid = validate_scope(rk, data)
    if scope_impact(rk, project, valid.mijlpalen).needs_confirmation(confirmed):
        raise ValidationError({"mijlpalen": [UNCONFIRMED_MESSAGE]})
    _apply_scope(project, data, valid)
    flag_modified(project, "name")  # always UPDATE the row, so the version moves even if only mijlpalen changed
    commit_or_conflict()
    return project


def scope_input_from(project: Project) -> ScopeInput:
    return input_from(ScopeInput, project, mijlpalen=project.mijlpaal_keys, reasons=list(project.reasons or []))
