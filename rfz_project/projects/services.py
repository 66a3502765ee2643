"""Projects: creating one with a valid scope, and recording Voorbereiding's work.

Every function takes the acting user, checks access through `access`, validates, and commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from .. import access, audit
from ..access import Need
from ..errors import ConflictError, NotFound, ValidationError
from ..extensions import db
from ..models import (
    AuditEvent,
    Decision,
    Gemeente,
    Project,
    ProjectMijlpaal,
    ProjectPlan,
    StepState,
    StepStatus,
    TeamMember,
    TeamRole,
    User,
)
from ..routekaart import Routekaart, current_routekaart
from ..services_common import commit_or_conflict as _commit_or_conflict
from ..services_common import detach_references
from ..services_common import expect_version as _expect_version
from . import planning

DISCIPLINES = (
    ("beleid", "Beleid"),
    ("juridisch", "Juridisch"),
    ("uitvoering", "Uitvoering"),
    ("kwaliteit", "Kwaliteit"),
    ("communicatie", "Communicatie"),
    ("informatievoorziening", "Informatievoorziening en data"),
    ("directie", "Directie / management"),
    ("anders", "Anders"),
)
PLAN_FIELDS = ("aim", "scope", "result", "approach", "organisation", "planning", "risks")
BESLUITVORMING_STEP = "voorbereiding.besluitvorming"


# --- scope -----------------------------------------------------------------------------------------


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


def validate_scope(rk: Routekaart, data: ScopeInput) -> tuple[list[str], str | None]:
    """The mijlpalen and rol the scope type implies, or ValidationError with a message per field."""
    errors: dict[str, list[str]] = {}
    scope = rk.get("scope_type", data.scope_type)
    if scope is None:
        raise ValidationError({"scope_type": ["Kies een van de vijf manieren om de routekaart te gebruiken."]})
    chosen = [k for k in data.mijlpalen if k]
    unknown = [k for k in chosen if rk.get("mijlpaal", k) is None]
    if unknown or len(set(chosen)) != len(chosen):
        errors["mijlpalen"] = ["Kies alleen mijlpalen uit de lijst, elk één keer."]
    mijlpalen, rol = rk.mijlpaal_order(chosen), None
    if scope.selection in ("alle_mijlpalen", "een_rol"):
        mijlpalen = list(rk.keys("mijlpaal"))
    elif scope.selection == "meerdere_mijlpalen" and len(mijlpalen) < 2:
        errors.setdefault("mijlpalen", []).append(
            "Kies minstens twee mijlpalen voor een combinatie. Wilt u er één? Kies dan 'Eén mijlpaal'."
        )
    elif scope.selection == "meerdere_mijlpalen" and len(mijlpalen) == len(rk.mijlpalen):
        errors.setdefault("mijlpalen", []).append(
            "U koos alle mijlpalen. Kies dan 'Hele routekaart', of laat er minstens één weg."
        )
    elif scope.selection == "een_mijlpaal" and len(mijlpalen) != 1:
        errors.setdefault("mijlpalen", []).append("Kies precies één mijlpaal.")
    elif scope.selection == "checklist" and not mijlpalen:
        errors.setdefault("mijlpalen", []).append("Kies minstens één mijlpaal voor de checklist.")
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
    if errors:
        raise ValidationError(errors)
    return mijlpalen, rol


def _apply_scope(project: Project, data: ScopeInput, mijlpalen: list[str], rol: str | None) -> None:
    project.name = data.name.strip()
    project.scope_type = data.scope_type
    project.rol = rol
    project.spoor = data.spoor
    project.central_question = data.central_question.strip()
    project.reasons = list(dict.fromkeys(data.reasons))
    project.reason_note = data.reason_note.strip()
    project.start_date = data.start_date
    current = {row.mijlpaal: row for row in project.mijlpaal_rows}
    for key in set(current) - set(mijlpalen):
        project.mijlpaal_rows.remove(current[key])
    for key in mijlpalen:
        if key not in current:
            project.mijlpaal_rows.append(ProjectMijlpaal(mijlpaal=key))


def manageable_gemeenten(actor: User) -> list[Gemeente]:
    """Gemeenten in which the actor may start a project."""
    ids = access.gemeente_ids_where(actor, Need.MANAGE)
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.name)))


def can_start_project(actor: User) -> bool:
    return bool(access.gemeente_ids_where(actor, Need.MANAGE))


def project_for_scope_edit(actor: User, project_id: int) -> Project:
    return access.get_project(actor, project_id, Need.MANAGE, options=[selectinload(Project.mijlpaal_rows)])


def project_with_team(actor: User, project_id: int, need: Need = Need.READ) -> Project:
    return access.get_project(actor, project_id, need, options=[selectinload(Project.team)])


def create_project(actor: User, gemeente_id: int | None, data: ScopeInput) -> Project:
    if gemeente_id not in access.gemeente_ids_where(actor, Need.MANAGE):
        raise ValidationError({"gemeente_id": ["Kies een gemeente waarvoor u projecten mag starten."]})
    mijlpalen, rol = validate_scope(current_routekaart(), data)
    audit.set_context(db.session, None, actor)
    project = Project(gemeente_id=gemeente_id, created_by_id=actor.id, mijlpaal_rows=[])
    _apply_scope(project, data, mijlpalen, rol)
    db.session.add(project)
    db.session.commit()
    return project


def update_scope(actor: User, project_id: int, data: ScopeInput, expected_version: int) -> Project:
    project = access.get_project(actor, project_id, Need.MANAGE, options=[selectinload(Project.mijlpaal_rows)])
    _expect_version(project, expected_version)
    mijlpalen, rol = validate_scope(current_routekaart(), data)
    _apply_scope(project, data, mijlpalen, rol)
    flag_modified(project, "name")  # always UPDATE the row, so the version moves even if only mijlpalen changed
    _commit_or_conflict()
    return project


def scope_input_from(project: Project) -> ScopeInput:
    return ScopeInput(
        name=project.name,
        scope_type=project.scope_type,
        mijlpalen=project.mijlpaal_keys,
        rol=project.rol,
        spoor=project.spoor,
        central_question=project.central_question,
        reasons=list(project.reasons or []),
        reason_note=project.reason_note,
        start_date=project.start_date,
    )


# --- reading a project -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    step: object
    state: StepState | None
    advice: str | None

    @property
    def status(self) -> StepStatus:
        return self.state.status if self.state else StepStatus.TE_DOEN


@dataclass(frozen=True)
class PhaseView:
    planned: planning.PlannedPhase
    steps: tuple[StepView, ...]
    progress: planning.Progress
    status: str


@dataclass(frozen=True)
class ProjectPage:
    project: Project
    scope_label: str
    selection: str
    phases: tuple[PhaseView, ...]
    progress: planning.Progress
    timeline: planning.Timeline
    can_write: bool
    can_manage: bool


_PAGE_OPTIONS = (
    selectinload(Project.gemeente),
    selectinload(Project.mijlpaal_rows),
    selectinload(Project.step_states).selectinload(StepState.owner),
    selectinload(Project.team),
    selectinload(Project.plan),
    selectinload(Project.decisions),
)


def _phase_views(rk: Routekaart, project: Project, selection: str) -> tuple[PhaseView, ...]:
    states = {s.step_key: s for s in project.step_states}
    planned = planning.planned_phases(rk, selection, len(project.mijlpaal_rows), project.start_date)
    views = []
    for plan in planned:
        steps = tuple(
            StepView(step=s, state=states.get(s.full_key), advice=planning.step_advice(s, selection))
            for s in plan.phase.steps
        )
        statuses = [v.status for v in steps]
        views.append(
            PhaseView(
                planned=plan, steps=steps, progress=planning.progress(statuses), status=planning.phase_status(statuses)
            )
        )
    return tuple(views)


def project_page(actor: User, project_id: int, today: date | None = None) -> ProjectPage:
    rk = current_routekaart()
    project = access.get_project(actor, project_id, Need.READ, options=_PAGE_OPTIONS)
    scope = rk.get("scope_type", project.scope_type)
    phases = _phase_views(rk, project, scope.selection)
    total = sum((p.progress for p in phases), planning.Progress(0, 0))
    return ProjectPage(
        project=project,
        scope_label=scope.label,
        selection=scope.selection,
        phases=phases,
        progress=total,
        timeline=planning.timeline([p.planned for p in phases], today or date.today()),
        can_write=access.can(actor, project, Need.WRITE),
        can_manage=access.can(actor, project, Need.MANAGE),
    )


@dataclass(frozen=True)
class ProjectSummary:
    project: Project
    scope_label: str
    progress: planning.Progress
    current_phase: str


def project_overview_for(actor: User) -> list[ProjectSummary]:
    """The projects on the start page, with progress, in a fixed number of queries.

    Only the step statuses are fetched (as plain rows, not objects): a procesbegeleider may oversee
    hundreds of projects, and building ORM objects for every step would dominate the page's time.
    """
    rk = current_routekaart()
    projects = db.session.scalars(
        access.visible_projects_query(actor)
        .options(selectinload(Project.gemeente))
        .join(Gemeente)
        .order_by(Gemeente.name, Project.name)
    ).all()
    statuses: dict[int, dict[str, StepStatus]] = {}
    if projects:
        rows = db.session.execute(
            sa.select(StepState.project_id, StepState.step_key, StepState.status).where(
                StepState.project_id.in_([p.id for p in projects])
            )
        )
        for project_id, step_key, status in rows:
            statuses.setdefault(project_id, {})[step_key] = status
    summaries = []
    for project in projects:
        known = statuses.get(project.id, {})
        per_phase = [
            (phase, [known.get(step.full_key, StepStatus.TE_DOEN) for step in phase.steps]) for phase in rk.phases
        ]
        current = next(
            (phase.label for phase, phase_statuses in per_phase if planning.phase_status(phase_statuses) != "Afgerond"),
            "Afgerond",
        )
        summaries.append(
            ProjectSummary(
                project=project,
                scope_label=rk.get("scope_type", project.scope_type).label,
                progress=sum((planning.progress(st) for _phase, st in per_phase), planning.Progress(0, 0)),
                current_phase=current,
            )
        )
    return summaries


# --- steps -----------------------------------------------------------------------------------------


@dataclass
class StepInput:
    status: str
    owner_id: int | None
    due_date: date | None
    notes: str


def owner_choices(gemeente_id: int) -> list[User]:
    return list(db.session.scalars(access.gemeente_users_query(gemeente_id)))


def get_step(actor: User, project_id: int, step_key: str, need: Need = Need.READ):
    """The project, the step's content and its stored state (None when never edited)."""
    step = current_routekaart().get("step", step_key)
    if step is None:
        raise NotFound()
    project = access.get_project(
        actor, project_id, need, options=[selectinload(Project.gemeente), selectinload(Project.decisions)]
    )
    state = db.session.scalars(
        sa.select(StepState).where(StepState.project_id == project.id, StepState.step_key == step_key)
    ).one_or_none()
    return project, step, state


@dataclass(frozen=True)
class StepPage:
    project: Project
    step: object
    state: StepState | None
    advice: str | None
    decisions: list[Decision]
    owners: list[User]
    can_write: bool


def step_page(actor: User, project_id: int, step_key: str, need: Need = Need.READ) -> StepPage:
    project, step, state = get_step(actor, project_id, step_key, need)
    selection = current_routekaart().get("scope_type", project.scope_type).selection
    decisions = [d for d in project.decisions if d.step_key == step_key]
    return StepPage(
        project=project,
        step=step,
        state=state,
        advice=planning.step_advice(step, selection),
        decisions=decisions,
        owners=owner_choices(project.gemeente_id),
        can_write=access.can(actor, project, Need.WRITE),
    )


def update_step(
    actor: User, project_id: int, step_key: str, data: StepInput, expected_version: int | None
) -> StepState:
    """expected_version None means the form was loaded when the step had no state yet."""
    project, _step, state = get_step(actor, project_id, step_key, Need.WRITE)
    errors = {}
    try:
        status = StepStatus(data.status)
    except ValueError:
        errors["status"] = ["Kies een status uit de lijst."]
    if data.owner_id is not None and data.owner_id not in {u.id for u in owner_choices(project.gemeente_id)}:
        errors["owner_id"] = ["Kies een eigenaar uit de medewerkers van deze gemeente."]
    if errors:
        raise ValidationError(errors)
    if state is None:
        if expected_version is not None:
            raise ConflictError()
        state = StepState(project_id=project.id, step_key=step_key)
        db.session.add(state)
    else:
        _expect_version(state, expected_version)
    state.status, state.owner_id = status, data.owner_id
    state.due_date, state.notes = data.due_date, data.notes.strip()
    _commit_or_conflict()
    return state


# --- team ------------------------------------------------------------------------------------------


def add_team_member(
    actor: User, project_id: int, *, user_id: int | None, name: str, discipline: str, team_role: str
) -> TeamMember:
    project = access.get_project(actor, project_id, Need.MANAGE)
    errors: dict[str, list[str]] = {}
    user = None
    if user_id is not None:
        user = next((u for u in owner_choices(project.gemeente_id) if u.id == user_id), None)
        if user is None:
            errors["user_id"] = ["Kies een medewerker van deze gemeente."]
    display_name = (name or "").strip() or (user.name if user else "")
    if not display_name:
        errors["name"] = ["Kies een medewerker of vul een naam in."]
    if discipline not in dict(DISCIPLINES):
        errors["discipline"] = ["Kies een discipline uit de lijst."]
    if team_role not in {r.value for r in TeamRole}:
        errors["team_role"] = ["Kies een rol in het team."]
    if errors:
        raise ValidationError(errors)
    member = TeamMember(
        project_id=project.id,
        user_id=user.id if user else None,
        name=display_name[:120],
        discipline=discipline,
        team_role=TeamRole(team_role),
    )
    db.session.add(member)
    db.session.commit()
    return member


def remove_team_member(actor: User, project_id: int, member_id: int) -> None:
    project = access.get_project(actor, project_id, Need.MANAGE)
    member = db.session.scalars(
        sa.select(TeamMember).where(TeamMember.id == member_id, TeamMember.project_id == project.id)
    ).one_or_none()
    if member is None:
        raise NotFound()
    db.session.delete(member)
    db.session.commit()


# --- projectplan -----------------------------------------------------------------------------------


def get_plan(actor: User, project_id: int, need: Need = Need.READ) -> tuple[Project, ProjectPlan | None]:
    project = access.get_project(
        actor, project_id, need, options=[selectinload(Project.plan), selectinload(Project.gemeente)]
    )
    return project, project.plan


def save_plan(actor: User, project_id: int, values: dict[str, str], expected_version: int | None) -> ProjectPlan:
    project, plan = get_plan(actor, project_id, Need.WRITE)
    if plan is None:
        if expected_version is not None:
            raise ConflictError()
        plan = ProjectPlan(project_id=project.id)
        db.session.add(plan)
    else:
        _expect_version(plan, expected_version)
    for name in PLAN_FIELDS:
        setattr(plan, name, (values.get(name) or "").strip())
    _commit_or_conflict()
    return plan


# --- decisions -------------------------------------------------------------------------------------


@dataclass
class DecisionInput:
    title: str
    decided_on: date | None
    decided_by: str
    budget: Decimal | None
    capacity_hours: int | None
    rationale: str
    step_key: str | None = None  # None: a new decision belongs to Besluitvorming, an edit keeps its step


def decision_step_choices(rk: Routekaart) -> list[tuple[str, str]]:
    """Every routekaart step a decision can belong to, as (full key, 'Fase: stap')."""
    return [(step.full_key, f"{phase.label}: {step.label}") for phase in rk.phases for step in phase.steps]


def _validate_decision(data: DecisionInput) -> None:
    errors = {}
    if data.step_key is not None and current_routekaart().get("step", data.step_key) is None:
        errors["step_key"] = ["Kies een fase en stap van de routekaart."]
    if not data.title.strip():
        errors["title"] = ["Geef het besluit een titel."]
    if data.budget is not None and data.budget < 0:
        errors["budget"] = ["Het budget kan niet negatief zijn."]
    if data.capacity_hours is not None and data.capacity_hours < 0:
        errors["capacity_hours"] = ["De capaciteit kan niet negatief zijn."]
    if errors:
        raise ValidationError(errors)


def get_decision(actor: User, project_id: int, decision_id: int, need: Need = Need.READ):
    project = access.get_project(actor, project_id, need, options=[selectinload(Project.gemeente)])
    decision = db.session.scalars(
        sa.select(Decision).where(Decision.id == decision_id, Decision.project_id == project.id)
    ).one_or_none()
    if decision is None:
        raise NotFound()
    return project, decision


def save_decision(
    actor: User,
    project_id: int,
    data: DecisionInput,
    decision_id: int | None = None,
    expected_version: int | None = None,
) -> Decision:
    if decision_id is None:
        project = access.get_project(actor, project_id, Need.WRITE)
        decision = Decision(project_id=project.id, step_key=BESLUITVORMING_STEP)
    else:
        _project, decision = get_decision(actor, project_id, decision_id, Need.WRITE)
        _expect_version(decision, expected_version)
    _validate_decision(data)
    if data.step_key is not None:
        decision.step_key = data.step_key
    decision.title, decision.decided_on = data.title.strip(), data.decided_on
    decision.decided_by, decision.budget = data.decided_by.strip(), data.budget
    decision.capacity_hours, decision.rationale = data.capacity_hours, data.rationale.strip()
    db.session.add(decision)
    _commit_or_conflict()
    return decision


def delete_decision(actor: User, project_id: int, decision_id: int) -> None:
    _project, decision = get_decision(actor, project_id, decision_id, Need.WRITE)
    detach_references(Decision.__tablename__, decision.id)  # actions that relied on it wait for one again
    db.session.delete(decision)
    db.session.commit()


# --- history ---------------------------------------------------------------------------------------

HISTORY_PAGE_SIZE = 50


@dataclass(frozen=True)
class HistoryPage:
    project: Project
    events: list
    page: int
    pages: int
    total: int


def history_page(actor: User, project_id: int, page: int = 1) -> HistoryPage:
    """The project's audit trail, newest first, one page at a time."""
    project = access.get_project(actor, project_id, Need.READ, options=[selectinload(Project.gemeente)])
    total = (
        db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.project_id == project.id))
        or 0
    )
    pages = max(1, -(-total // HISTORY_PAGE_SIZE))
    page = min(max(1, page), pages)
    events = list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.project_id == project.id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(HISTORY_PAGE_SIZE)
            .offset((page - 1) * HISTORY_PAGE_SIZE)
        )
    )
    return HistoryPage(project=project, events=events, page=page, pages=pages, total=total)
