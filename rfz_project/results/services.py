"""Recording and bundling what the sessions produce.

Findings belong to a session of the project; a theme or action they point at must belong to the same
project. Changes to a finished session's results go through the session's lifecycle (reopen first).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import access
from ..access import Need
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..models import (
    Action,
    Agreement,
    AgreementKind,
    BlueprintColumn,
    Finding,
    Project,
    Sessie,
    SessieStatus,
    Theme,
    User,
)
from ..routekaart import Routekaart, current_routekaart
from ..services_common import commit_or_conflict, expect_version
from ..sessions.services import READ_ONLY_MESSAGE, get_sessie

# The lanes of a Service Blueprint board, top to bottom.
LANES = (
    ("inwoner", "Wat de inwoner doet"),
    ("frontstage", "Wat de professional doet, zichtbaar voor de inwoner"),
    ("backstage", "Wat er achter de schermen gebeurt"),
    ("support", "Ondersteunende systemen en informatie"),
)
ACTION_TITLE_LENGTH = 120


def _writable_sessie(actor: User, project_id: int, sessie_id: int) -> tuple[Project, Sessie]:
    project, sessie = get_sessie(actor, project_id, sessie_id, Need.WRITE)
    if sessie.status == SessieStatus.AFGEROND:
        raise ValidationError(READ_ONLY_MESSAGE)
    return project, sessie


# --- the results page of one session ---------------------------------------------------------------


@dataclass(frozen=True)
class SessieResults:
    project: Project
    sessie: Sessie
    findings: list[Finding]
    columns: list[BlueprintColumn]
    agreements: list[Agreement]
    can_write: bool

    @property
    def read_only(self) -> bool:
        return self.sessie.status == SessieStatus.AFGEROND


def sessie_results(actor: User, project_id: int, sessie_id: int) -> SessieResults:
    project, sessie = get_sessie(actor, project_id, sessie_id)
    findings = list(
        db.session.scalars(
            sa.select(Finding)
            .where(Finding.sessie_id == sessie.id)
            .options(selectinload(Finding.theme), selectinload(Finding.action))
            .order_by(Finding.id)
        )
    )
    columns = list(
        db.session.scalars(
            sa.select(BlueprintColumn)
            .where(BlueprintColumn.sessie_id == sessie.id)
            .order_by(BlueprintColumn.position, BlueprintColumn.id)
        )
    )
    agreements = list(
        db.session.scalars(sa.select(Agreement).where(Agreement.sessie_id == sessie.id).order_by(Agreement.id))
    )
    return SessieResults(
        project=project,
        sessie=sessie,
        findings=findings,
        columns=columns,
        agreements=agreements,
        can_write=access.can(actor, project, Need.WRITE),
    )


# --- findings --------------------------------------------------------------------------------------


@dataclass
class FindingInput:
    text: str
    mijlpaal: str | None = None
    rol: str | None = None
    theme_id: int | None = None


def _theme_of(project: Project, theme_id: int | None) -> Theme | None:
    if theme_id is None:
        return None
    theme = db.session.scalars(sa.select(Theme).where(Theme.id == theme_id, Theme.project_id == project.id)).first()
    if theme is None:
        raise ValidationError({"theme_id": ["Kies een thema van dit project."]})
    return theme


def _validate_finding(rk: Routekaart, project: Project, sessie: Sessie, data: FindingInput) -> None:
    errors = {}
    if not data.text.strip():
        errors["text"] = ["Beschrijf de bevinding."]
    allowed = set(sessie.mijlpaal_keys) or set(project.mijlpaal_keys)
    if data.mijlpaal and data.mijlpaal not in allowed:
        errors["mijlpaal"] = ["Kies een mijlpaal van deze sessie."]
    if data.rol and rk.get("rol", data.rol) is None:
        errors["rol"] = ["Kies een rol uit de lijst."]
    if errors:
        raise ValidationError(errors)


def add_finding(actor: User, project_id: int, sessie_id: int, data: FindingInput) -> Finding:
    project, sessie = _writable_sessie(actor, project_id, sessie_id)
    _validate_finding(current_routekaart(), project, sessie, data)
    theme = _theme_of(project, data.theme_id)
    finding = Finding(
        project_id=project.id,
        sessie_id=sessie.id,
        text=data.text.strip(),
        mijlpaal=data.mijlpaal or None,
        rol=data.rol or None,
        theme_id=theme.id if theme else None,
    )
    db.session.add(finding)
    db.session.commit()
    return finding


def _finding_of(project: Project, finding_id: int) -> Finding:
    finding = db.session.scalars(
        sa.select(Finding)
        .where(Finding.id == finding_id, Finding.project_id == project.id)
        .options(selectinload(Finding.sessie))
    ).first()
    if finding is None:
        raise NotFound()
    return finding


def delete_finding(actor: User, project_id: int, finding_id: int) -> None:
    project = access.get_project(actor, project_id, Need.WRITE)
    finding = _finding_of(project, finding_id)
    if finding.sessie.status == SessieStatus.AFGEROND:
        raise ValidationError(READ_ONLY_MESSAGE)
    db.session.delete(finding)
    db.session.commit()


def assign_theme(actor: User, project_id: int, finding_ids: list[int], theme_id: int | None) -> int:
    """Bundle findings in a theme (or take them out of one); returns how many changed."""
    project = access.get_project(actor, project_id, Need.WRITE)
    theme = _theme_of(project, theme_id)
    findings = list(
        db.session.scalars(
            sa.select(Finding).where(Finding.project_id == project.id, Finding.id.in_(finding_ids or [-1]))
        )
    )
    if len(findings) != len(set(finding_ids)) or not findings:
        raise ValidationError({"finding_ids": ["Kies bevindingen uit de lijst."]})
    for finding in findings:
        finding.theme_id = theme.id if theme else None
    commit_or_conflict()
    return len(findings)


def finding_to_action(actor: User, project_id: int, finding_id: int, expected_version: int | None) -> Action:
    """Make an action of a finding in one step; the finding keeps a link to it."""
    project = access.get_project(actor, project_id, Need.WRITE)
    finding = _finding_of(project, finding_id)
    expect_version(finding, expected_version)
    if finding.action_id is not None:
        raise ValidationError("Van deze bevinding is al een actie gemaakt.")
    text = finding.text.strip()
    title = text.splitlines()[0][:ACTION_TITLE_LENGTH]
    action = Action(
        project_id=project.id,
        theme_id=finding.theme_id,
        title=title,
        description=text,
        mijlpaal=finding.mijlpaal,
        rol=finding.rol if finding.rol != "inwoner" else None,
    )
    db.session.add(action)
    db.session.flush()
    finding.action_id = action.id
    commit_or_conflict()
    return action


# --- the results of a whole project, by theme ------------------------------------------------------


@dataclass(frozen=True)
class ThemeGroup:
    theme: Theme | None
    findings: list[Finding]


@dataclass(frozen=True)
class ProjectResults:
    project: Project
    groups: list[ThemeGroup]
    themes: list[Theme]
    per_mijlpaal: dict[str, int]
    total: int
    can_write: bool


def project_results(actor: User, project_id: int) -> ProjectResults:
    project = access.get_project(
        actor, project_id, Need.READ, options=[selectinload(Project.mijlpaal_rows), selectinload(Project.gemeente)]
    )
    themes = list(db.session.scalars(sa.select(Theme).where(Theme.project_id == project.id).order_by(Theme.name)))
    findings = list(
        db.session.scalars(
            sa.select(Finding)
            .where(Finding.project_id == project.id)
            .options(selectinload(Finding.sessie).selectinload(Sessie.mijlpaal_rows), selectinload(Finding.action))
            .order_by(Finding.id)
        )
    )
    by_theme: dict[int | None, list[Finding]] = defaultdict(list)
    per_mijlpaal: dict[str, int] = defaultdict(int)
    for finding in findings:
        by_theme[finding.theme_id].append(finding)
        per_mijlpaal[finding.mijlpaal or ""] += 1
    groups = [ThemeGroup(theme=t, findings=by_theme.get(t.id, [])) for t in themes]
    groups.append(ThemeGroup(theme=None, findings=by_theme.get(None, [])))
    return ProjectResults(
        project=project,
        groups=groups,
        themes=themes,
        per_mijlpaal=dict(per_mijlpaal),
        total=len(findings),
        can_write=access.can(actor, project, Need.WRITE),
    )


# --- Service Blueprint board -----------------------------------------------------------------------


@dataclass
class ColumnInput:
    title: str
    inwoner: str = ""
    frontstage: str = ""
    backstage: str = ""
    support: str = ""


def _board(sessie: Sessie) -> list[BlueprintColumn]:
    return list(
        db.session.scalars(
            sa.select(BlueprintColumn)
            .where(BlueprintColumn.sessie_id == sessie.id)
            .order_by(BlueprintColumn.position, BlueprintColumn.id)
        )
    )


def _validate_column(data: ColumnInput) -> None:
    if not data.title.strip():
        raise ValidationError(
            {"title": ["Geef de stap in de reis een naam, bijvoorbeeld 'Brief van de woningcorporatie'."]}
        )


def add_column(actor: User, project_id: int, sessie_id: int, data: ColumnInput) -> BlueprintColumn:
    _project, sessie = _writable_sessie(actor, project_id, sessie_id)
    _validate_column(data)
    board = _board(sessie)
    column = BlueprintColumn(
        sessie_id=sessie.id,
        position=len(board),
        title=data.title.strip()[:200],
        **{lane: getattr(data, lane).strip() for lane, _label in LANES},
    )
    db.session.add(column)
    db.session.commit()
    return column


def _column_of(sessie: Sessie, column_id: int) -> tuple[list[BlueprintColumn], BlueprintColumn]:
    board = _board(sessie)
    column = next((c for c in board if c.id == column_id), None)
    if column is None:
        raise NotFound()
    return board, column


def update_column(
    actor: User, project_id: int, sessie_id: int, column_id: int, data: ColumnInput, expected_version: int | None
) -> BlueprintColumn:
    _project, sessie = _writable_sessie(actor, project_id, sessie_id)
    _board_columns, column = _column_of(sessie, column_id)
    expect_version(column, expected_version)
    _validate_column(data)
    column.title = data.title.strip()[:200]
    for lane, _label in LANES:
        setattr(column, lane, getattr(data, lane).strip())
    commit_or_conflict()
    return column


def move_column(actor: User, project_id: int, sessie_id: int, column_id: int, direction: int) -> None:
    """Swap a column with its neighbour (direction -1 = earlier in the journey, +1 = later)."""
    _project, sessie = _writable_sessie(actor, project_id, sessie_id)
    board, column = _column_of(sessie, column_id)
    index = board.index(column)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(board):
        return
    board[index], board[target] = board[target], board[index]
    for position, item in enumerate(board):
        item.position = position
    commit_or_conflict()


def delete_column(actor: User, project_id: int, sessie_id: int, column_id: int) -> None:
    _project, sessie = _writable_sessie(actor, project_id, sessie_id)
    board, column = _column_of(sessie, column_id)
    db.session.delete(column)
    for position, item in enumerate(c for c in board if c.id != column.id):
        item.position = position
    db.session.commit()


# --- agreements ------------------------------------------------------------------------------------


@dataclass
class AgreementInput:
    who: str
    kind: str = "uitwerken"
    description: str = ""
    due_date: date | None = None


def add_agreement(actor: User, project_id: int, sessie_id: int, data: AgreementInput) -> Agreement:
    _project, sessie = _writable_sessie(actor, project_id, sessie_id)
    errors = {}
    if not data.who.strip():
        errors["who"] = ["Vul in wie de afspraak op zich neemt."]
    if data.kind not in {k.value for k in AgreementKind}:
        errors["kind"] = ["Kies een soort afspraak uit de lijst."]
    if errors:
        raise ValidationError(errors)
    agreement = Agreement(
        sessie_id=sessie.id,
        who=data.who.strip()[:120],
        kind=AgreementKind(data.kind),
        description=data.description.strip(),
        due_date=data.due_date,
    )
    db.session.add(agreement)
    db.session.commit()
    return agreement


def delete_agreement(actor: User, project_id: int, sessie_id: int, agreement_id: int) -> None:
    _project, sessie = _writable_sessie(actor, project_id, sessie_id)
    agreement = db.session.scalars(
        sa.select(Agreement).where(Agreement.id == agreement_id, Agreement.sessie_id == sessie.id)
    ).first()
    if agreement is None:
        raise NotFound()
    db.session.delete(agreement)
    db.session.commit()
