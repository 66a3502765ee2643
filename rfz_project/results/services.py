"""Recording and bundling what the sessies produce.

Findings belong to a sessie of the project; a theme or action they point at must belong to the same
project. A finished sessie's results are read-only until the sessie is reopened: every change here loads
the sessie through `sessie_to_change` (or checks `require_open`), the sessies' one rule for that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..access import Need
from ..actions.services import ThemeInfo, validated_theme_name, with_themes
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
    SessieMijlpaal,
    SessieStatus,
    Theme,
    User,
)
from ..paging import Paging, page_of
from ..projects import facts
from ..projects.summaries import kept_while_unchanged, load_project
from ..routekaart import Routekaart, current_routekaart
from ..services_common import commit_or_conflict, delete_row, expect_version, lock_project, save_row, text_errors
from ..sessions.calendar import title_from
from ..sessions.services import get_sessie, is_read_only, require_open, sessie_to_change

# The lanes of a Service Blueprint board, top to bottom.
LANES = (
    ("inwoner", "Wat de inwoner doet"),
    ("frontstage", "Wat de professional doet, zichtbaar voor de inwoner"),
    ("backstage", "Wat er achter de schermen gebeurt"),
    ("support", "Ondersteunende systemen en informatie"),
)
ACTION_TITLE_LENGTH = 120

# --- the results page of one sessie ----------------------------------------------------------------


@dataclass(frozen=True)
class SessieResults:
    project: Project
    sessie: Sessie
    findings: list[Finding]
    columns: list[BlueprintColumn]
    agreements: list[Agreement]
    themes: list[Theme]  # to choose from for a new finding
    can_write: bool

    @property
    def read_only(self) -> bool:
        return is_read_only(self.sessie)


def _themes(project: Project) -> list[Theme]:
    return list(db.session.scalars(sa.select(Theme).where(Theme.project_id == project.id).order_by(Theme.name)))


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
    columns = _board(sessie)
    agreements = list(
        db.session.scalars(sa.select(Agreement).where(Agreement.sessie_id == sessie.id).order_by(Agreement.id))
    )
    return SessieResults(
        project=project,
        sessie=sessie,
        findings=findings,
        columns=columns,
        agreements=agreements,
        themes=_themes(project),
        can_write=access.can(actor, project, Need.WRITE),
    )


R = TypeVar("R")


@dataclass(frozen=True)
class ResultPage(Generic[R]):
    """One record of an open sessie's results on its own edit page (a finding, a board column, an agreement)."""

    project: Project
    sessie: Sessie
    record: R
    themes: list[Theme] = field(default_factory=list)  # for a finding: the themes it may be bundled in


def _to_edit(
    actor: User, project_id: int, sessie_id: int, model: type[R], record_id: int, options: Sequence[Any] = ()
) -> tuple[Project, Sessie, R]:
    """A record of this sessie to change: only for who may change it, while the sessie is open (a finished
    one: ValidationError)."""
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    return project, sessie, access.record_in_sessie(project, sessie, model, record_id, options)


# --- findings --------------------------------------------------------------------------------------


@dataclass
class FindingInput:
    text: str
    mijlpaal: str | None = None
    rol: str | None = None
    theme_id: int | None = None


def _theme_of(project: Project, theme_id: int | None) -> Theme | None:
    """The chosen theme, if any; one of another project is a wrong choice in the form, not a missing page."""
    if theme_id is None:
        return None
    try:
        return access.record_in_project(project, Theme, theme_id)
    except NotFound:
        raise ValidationError({"theme_id": ["Kies een thema van dit project."]}) from None


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
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
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
    return save_row(finding)


def finding_page(actor: User, project_id: int, sessie_id: int, finding_id: int) -> ResultPage[Finding]:
    project, sessie, finding = _to_edit(
        actor, project_id, sessie_id, Finding, finding_id, [selectinload(Finding.action)]
    )
    return ResultPage(project, sessie, finding, _themes(project))


def update_finding(
    actor: User, project_id: int, sessie_id: int, finding_id: int, data: FindingInput, expected_version: int | None
) -> Finding:
    """Change a finding's text, mijlpaal, rol or theme; an action made from it stays as it is."""
    project, sessie, finding = _to_edit(actor, project_id, sessie_id, Finding, finding_id)
    expect_version(finding, expected_version)
    _validate_finding(current_routekaart(), project, sessie, data)
    theme = _theme_of(project, data.theme_id)
    finding.text = data.text.strip()
    finding.mijlpaal, finding.rol = data.mijlpaal or None, data.rol or None
    finding.theme_id = theme.id if theme else None
    commit_or_conflict()
    return finding


def delete_finding(actor: User, project_id: int, finding_id: int) -> None:
    _project, finding = access.get_in_project(
        actor, project_id, Finding, finding_id, Need.WRITE, options=[selectinload(Finding.sessie)]
    )
    require_open(finding.sessie)
    delete_row(finding)


@dataclass(frozen=True)
class Bundled:
    """What a bundle did: how many findings moved, to which theme (None: out of their theme), and whether that
    theme was made for it."""

    count: int
    theme: Theme | None
    new_theme: bool = False


def _bundle_theme(project: Project, theme_id: int | None, new_theme: str) -> tuple[Theme | None, dict[str, list]]:
    """The theme to bundle in: a chosen one of this project, or a new one with a name the themes page would
    accept too (its own rule, `validated_theme_name`). Not yet added to the session."""
    if not new_theme.strip():
        try:
            return _theme_of(project, theme_id), {}
        except ValidationError as error:
            return None, error.errors
    if theme_id is not None:
        return None, {"new_theme": ["Kies een bestaand thema of typ een nieuw thema, niet allebei."]}
    try:
        name = validated_theme_name(project, new_theme)
    except ValidationError as error:
        return None, {"new_theme": [m for messages in error.errors.values() for m in messages]}
    return Theme(project_id=project.id, name=name), {}


def assign_theme(
    actor: User, project_id: int, finding_ids: list[int], theme_id: int | None, new_theme: str = ""
) -> Bundled:
    """Bundle findings in a theme (or take them out of one), in a theme made here when `new_theme` names one:
    the theme and the findings in it are saved together, or neither."""
    project = access.get_project(actor, project_id, Need.WRITE)
    if new_theme.strip():
        lock_project(project)  # two people making the same theme at once: the second is told it exists
    theme, errors = _bundle_theme(project, theme_id, new_theme)
    findings = list(
        db.session.scalars(
            sa.select(Finding).where(Finding.project_id == project.id, Finding.id.in_(finding_ids or [-1]))
        )
    )
    if len(findings) != len(set(finding_ids)) or not findings:
        errors["finding_ids"] = ["Kies bevindingen uit de lijst."]
    if errors:
        raise ValidationError(errors)
    is_new = theme is not None and theme.id is None
    if is_new:
        db.session.add(theme)
        db.session.flush()  # the new theme's id, for the findings
    for finding in findings:
        finding.theme_id = theme.id if theme else None
    commit_or_conflict()
    return Bundled(count=len(findings), theme=theme, new_theme=is_new)


def _action_rol(rk: Routekaart, rol_key: str | None) -> str | None:
    """An action is taken by the organisation: a finding from the inwoner's perspective gets no rol."""
    rol = rk.get("rol", rol_key) if rol_key else None
    return None if rol is not None and rol.is_inwoner else rol_key


def finding_to_action(actor: User, project_id: int, finding_id: int, expected_version: int | None) -> Action:
    """Make an action of a finding in one step; the finding keeps a link to it."""
    project, finding = access.get_in_project(actor, project_id, Finding, finding_id, Need.WRITE)
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
        rol=_action_rol(current_routekaart(), finding.rol),
    )
    db.session.add(action)
    db.session.flush()
    finding.action_id = action.id
    commit_or_conflict()
    return action


# --- the results of a whole project, by theme ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FindingValues:
    """A finding as the results page shows it, as plain values (a page is kept between requests)."""

    id: int
    text: str
    mijlpaal: str | None
    rol: str | None
    theme_id: int | None
    action_id: int | None
    sessie_id: int
    version: int


@dataclass(frozen=True)
class ThemeGroup:
    """A theme (None: no theme yet) with its findings on this page; `count` is all of the theme's findings."""

    theme: ThemeInfo | None
    findings: list[FindingValues]
    count: int = 0
    continued: bool = False  # the theme's first findings are on the page before


@dataclass(frozen=True)
class ProjectResults:
    project: Project
    groups: list[ThemeGroup]  # the themes of this page's findings, in the order of the whole list
    themes: list[ThemeInfo]
    empty_themes: list[ThemeInfo]  # themes without any finding yet
    per_mijlpaal: dict[str, int]  # in the routekaart's order; '' for findings without a mijlpaal, last
    total: int
    paging: Paging
    sessie_titles: dict[int, str]  # per sessie id, of the sessies this page's findings come from
    action_titles: dict[int, str]  # per action id, of the actions made of this page's findings
    can_write: bool
    # What the groups and titles were taken from, the same object while the page is kept: rendered.part_of keeps
    # the findings' HTML with it.
    made_from: object = None


def _counts(project: Project) -> tuple[list[ThemeInfo], dict[int | None, int], dict[str | None, int]]:
    """The project's themes, and the number of its findings per theme and per mijlpaal, in one round trip."""
    per_theme: dict[int | None, int] = defaultdict(int)
    per_key: dict[str | None, int] = defaultdict(int)
    themes, grouped = with_themes(
        project,
        sa.select(Finding.theme_id, Finding.mijlpaal, sa.func.count())
        .where(Finding.project_id == project.id)
        .group_by(Finding.theme_id, Finding.mijlpaal),
    )
    for theme_id, key, count in grouped:
        per_theme[theme_id] += count
        per_key[key] += count
    return themes, dict(per_theme), dict(per_key)


@dataclass(frozen=True)
class _Found:
    """What the results page shows of one page, made under one fingerprint of the project."""

    themes: list[ThemeInfo]
    groups: list[ThemeGroup]
    per_theme: dict[int | None, int]
    per_mijlpaal: dict[str, int]
    paging: Paging
    sessie_titles: dict[int, str]
    action_titles: dict[int, str]
    open_sessies: frozenset[int]  # of those sessies, the ones not finished: their findings can be edited


def project_results(actor: User, project_id: int, need: Need = Need.READ, page: int | None = None) -> ProjectResults:
    """The findings of the whole project by theme, a page at a time (themes in name order, 'no theme' last);
    the counts are over all of them. `need` WRITE when the page's bundle form is posted."""
    project, fingerprint = load_project(actor, project_id, need, [joinedload(Project.gemeente)], date.today())
    found = kept_while_unchanged(("results", project.id, page), fingerprint, lambda: _found(project, page))
    return ProjectResults(
        project=project,
        groups=found.groups,
        themes=found.themes,
        empty_themes=[t for t in found.themes if t.id not in found.per_theme],
        per_mijlpaal=found.per_mijlpaal,
        total=found.paging.total,
        paging=found.paging,
        sessie_titles=found.sessie_titles,
        action_titles=found.action_titles,
        can_write=access.can(actor, project, Need.WRITE),
        made_from=found,
    )


_FINDING_COLUMNS = tuple(getattr(Finding, name) for name in FindingValues.__slots__)


def _found(project: Project, page: int | None) -> _Found:
    rk = current_routekaart()
    themes, per_theme, per_key = _counts(project)
    order = [t.id for t in themes if t.id in per_theme] + ([None] if None in per_theme else [])
    paging = page_of(page, sum(per_theme.values()))
    positions = {theme_id: i for i, theme_id in enumerate(order) if theme_id is not None}
    theme_order = sa.case(positions, value=Finding.theme_id, else_=len(positions)) if positions else sa.literal(0)
    action_title = sa.select(Action.title).where(Action.id == Finding.action_id).scalar_subquery()
    sessie_mijlpalen = facts.listed(SessieMijlpaal.mijlpaal, SessieMijlpaal.sessie_id == Finding.sessie_id)
    rows = db.session.execute(
        sa.select(*_FINDING_COLUMNS, action_title, Sessie.title, Sessie.session_type, sessie_mijlpalen, Sessie.status)
        .join(Sessie, Sessie.id == Finding.sessie_id)
        .where(Finding.project_id == project.id)
        .order_by(theme_order, Finding.id)
        .offset(paging.offset)
        .limit(paging.size)
    ).all()
    width = len(_FINDING_COLUMNS)
    findings = [FindingValues(*row[:width]) for row in rows]
    return _Found(
        themes=themes,
        groups=_page_groups(themes, order, per_theme, findings, paging),
        per_theme=per_theme,
        per_mijlpaal=_in_routekaart_order(rk, per_key),
        paging=paging,
        sessie_titles={
            finding.sessie_id: title_from(rk, title, session_type, list(facts.split_listed(keys)))
            for finding, (_action, title, session_type, keys, _status) in zip(
                findings, (r[width:] for r in rows), strict=True
            )
        },
        action_titles={
            finding.action_id: row[width]
            for finding, row in zip(findings, rows, strict=True)
            if finding.action_id is not None
        },
        open_sessies=frozenset(
            finding.sessie_id for finding, row in zip(findings, rows, strict=True) if row[-1] != SessieStatus.AFGEROND
        ),
    )


def _in_routekaart_order(rk: Routekaart, per_key: dict[str | None, int]) -> dict[str, int]:
    """Counts per mijlpaal in the routekaart's order, those without a mijlpaal ('') last."""
    order = {key: i for i, key in enumerate(rk.keys("mijlpaal"))}
    keys = sorted(per_key, key=lambda k: (k is None, order.get(k or "", len(order)), k or ""))
    return {key or "": per_key[key] for key in keys}


def _page_groups(
    themes: list[ThemeInfo], order: list[int | None], per_theme: dict, findings: list[FindingValues], paging: Paging
) -> list[ThemeGroup]:
    """This page's findings under their theme, each theme marked when it began on an earlier page."""
    by_theme: dict[int | None, list[FindingValues]] = defaultdict(list)
    for finding in findings:
        by_theme[finding.theme_id].append(finding)
    named = {t.id: t for t in themes}
    groups, before = [], 0
    for theme_id in order:
        if theme_id in by_theme:
            theme = named[theme_id] if theme_id is not None else None
            groups.append(ThemeGroup(theme, by_theme[theme_id], per_theme[theme_id], before < paging.offset))
        before += per_theme[theme_id]
    return groups


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
    _project, sessie = sessie_to_change(actor, project_id, sessie_id)
    _validate_column(data)
    board = _board(sessie)
    column = BlueprintColumn(
        sessie_id=sessie.id,
        position=len(board),
        title=data.title.strip()[:200],
        **{lane: getattr(data, lane).strip() for lane, _label in LANES},
    )
    return save_row(column)


def column_page(actor: User, project_id: int, sessie_id: int, column_id: int) -> ResultPage[BlueprintColumn]:
    return ResultPage(*_to_edit(actor, project_id, sessie_id, BlueprintColumn, column_id))


def _board_to_change(
    actor: User, project_id: int, sessie_id: int, column_id: int
) -> tuple[list[BlueprintColumn], BlueprintColumn]:
    """The board of an open sessie, in order, and the column of it the URL names."""
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    column = access.record_in_sessie(project, sessie, BlueprintColumn, column_id)
    return _board(sessie), column


def update_column(
    actor: User, project_id: int, sessie_id: int, column_id: int, data: ColumnInput, expected_version: int | None
) -> BlueprintColumn:
    _board_columns, column = _board_to_change(actor, project_id, sessie_id, column_id)
    expect_version(column, expected_version)
    _validate_column(data)
    column.title = data.title.strip()[:200]
    for lane, _label in LANES:
        setattr(column, lane, getattr(data, lane).strip())
    commit_or_conflict()
    return column


def move_column(actor: User, project_id: int, sessie_id: int, column_id: int, direction: int) -> None:
    """Swap a column with its neighbour (direction -1 = earlier in the journey, +1 = later)."""
    board, column = _board_to_change(actor, project_id, sessie_id, column_id)
    index = board.index(column)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(board):
        return
    board[index], board[target] = board[target], board[index]
    for position, item in enumerate(board):
        item.position = position
    commit_or_conflict()


def delete_column(actor: User, project_id: int, sessie_id: int, column_id: int) -> None:
    board, column = _board_to_change(actor, project_id, sessie_id, column_id)
    db.session.delete(column)
    for position, item in enumerate(c for c in board if c.id != column.id):
        item.position = position
    commit_or_conflict()


# --- agreements ------------------------------------------------------------------------------------


@dataclass
class AgreementInput:
    who: str
    kind: str = "uitwerken"
    description: str = ""
    due_date: date | None = None


def _validate_agreement(data: AgreementInput) -> None:
    errors = text_errors("who", data.who.strip(), 120, "Vul in wie de afspraak op zich neemt.")
    if data.kind not in {k.value for k in AgreementKind}:
        errors["kind"] = ["Kies een soort afspraak uit de lijst."]
    if errors:
        raise ValidationError(errors)


def _apply_agreement(agreement: Agreement, data: AgreementInput) -> Agreement:
    agreement.who = data.who.strip()
    agreement.kind = AgreementKind(data.kind)
    agreement.description = data.description.strip()
    agreement.due_date = data.due_date
    return agreement


def add_agreement(actor: User, project_id: int, sessie_id: int, data: AgreementInput) -> Agreement:
    _project, sessie = sessie_to_change(actor, project_id, sessie_id)
    _validate_agreement(data)
    return save_row(_apply_agreement(Agreement(sessie_id=sessie.id), data))


def agreement_page(actor: User, project_id: int, sessie_id: int, agreement_id: int) -> ResultPage[Agreement]:
    return ResultPage(*_to_edit(actor, project_id, sessie_id, Agreement, agreement_id))


def update_agreement(
    actor: User, project_id: int, sessie_id: int, agreement_id: int, data: AgreementInput, expected_version: int | None
) -> Agreement:
    _project, _sessie, agreement = _to_edit(actor, project_id, sessie_id, Agreement, agreement_id)
    expect_version(agreement, expected_version)
    _validate_agreement(data)
    _apply_agreement(agreement, data)
    commit_or_conflict()
    return agreement


def delete_agreement(actor: User, project_id: int, sessie_id: int, agreement_id: int) -> None:
    project, sessie = sessie_to_change(actor, project_id, sessie_id)
    delete_row(access.record_in_sessie(project, sessie, Agreement, agreement_id))
