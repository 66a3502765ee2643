"""Build a DocumentContext from a project, through the areas' own read services (each checks access).

This is the only module of the documents area that reads the database; it runs a fixed number of
queries whatever the size of the project. What a busy project has hundreds of (its actions, and the
sessies' findings, blueprint steps and agreements) it reads itself as plain rows, after project_page has
loaded the project through access: as ORM objects they cost more than the rest of the context together.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..actions.services import NO_THEME_LABEL, order_by
from ..borging.services import task_list
from ..checklist.services import checklist_page
from ..extensions import db
from ..inputs import clean_text, clean_value
from ..models import (
    Action,
    ActionStatus,
    Agreement,
    BlueprintColumn,
    Decision,
    Finding,
    InvitationStatus,
    Project,
    Sessie,
    SessieMode,
    TeamRole,
    Theme,
    User,
)
from ..projects.decisions import BESLUITVORMING_STEP, decision_order
from ..projects.page import project_page
from ..projects.plan import PLAN_FIELDS
from ..routekaart import Routekaart, current_routekaart
from ..sessions.calendar import sessie_title
from ..sessions.services import project_sessies
from .context import (
    ActionInfo,
    AgreementInfo,
    BlueprintStepInfo,
    ChecklistItemInfo,
    ContactInfo,
    DecisionInfo,
    DocumentContext,
    FindingInfo,
    MijlpaalInfo,
    PhaseInfo,
    PlanInfo,
    RiskInfo,
    SessieInfo,
    StepInfo,
    TaskInfo,
    TeamMemberInfo,
    ThemeInfo,
)

ZERO = Decimal("0")
# What the documents read of the project besides what its page shows.
_DOCUMENT_LOADS = (
    selectinload(Project.team),
    selectinload(Project.plan),
    selectinload(Project.decisions),
    selectinload(Project.risks),
    selectinload(Project.mijlpaal_rows),
    selectinload(Project.step_states),
)


def _label(rk: Routekaart, kind: str, key: str | None) -> str:
    item = rk.get(kind, key) if key else None
    return item.label if item else ""


def _phases(page) -> tuple[PhaseInfo, ...]:
    states = {s.step_key: s for s in page.project.step_states}
    result = []
    for phase in page.phases:
        planned = phase.planned
        steps = tuple(
            StepInfo(
                number=v.step.number,
                label=v.step.label,
                status=v.status.label,
                owner=v.owner_name,
                due_date=states[v.step.full_key].due_date if v.step.full_key in states else None,
                notes=states[v.step.full_key].notes if v.step.full_key in states else "",
                advice=v.advice or "",
                who=v.step.who,
            )
            for v in phase.steps
        )
        result.append(
            PhaseInfo(
                number=planned.phase.number,
                label=planned.phase.label,
                description=planned.phase.for_readers,  # a document's reader, not the projectleider
                start=planned.start,
                last_day=planned.last_day,
                weeks=planned.weeks,
                weeks_min=planned.phase.weeks_min,
                weeks_max=planned.phase.weeks_max,
                status=phase.status,
                steps=steps,
                holds_sessions=planned.phase.holds_sessions,
            )
        )
    return tuple(result)


def _team(project) -> tuple[tuple[TeamMemberInfo, ...], dict[TeamRole, str]]:
    disciplines = {d.key: d.label for d in current_routekaart().disciplines}
    members = tuple(
        TeamMemberInfo(name=m.name, role=m.team_role.label, discipline=disciplines.get(m.discipline, m.discipline))
        for m in project.team
    )
    first: dict[TeamRole, str] = {}
    for member in project.team:
        first.setdefault(member.team_role, member.name)
    return members, first


def _decisions(rk: Routekaart, project) -> tuple[DecisionInfo, ...]:
    ordered = sorted(project.decisions, key=decision_order)
    return tuple(
        DecisionInfo(
            title=d.title,
            decided_on=d.decided_on,
            decided_by=d.decided_by,
            budget=d.budget,
            capacity_hours=d.capacity_hours,
            rationale=d.rationale,
            step=_label(rk, "step", d.step_key),
            step_key=d.step_key or "",
        )
        for d in ordered
    )


def _mijlpalen(rk: Routekaart, actor: User, project) -> tuple[MijlpaalInfo, ...]:
    groups = {g.key: g for g in checklist_page(actor, project.id).groups}
    result = []
    for key in rk.mijlpaal_order(project.mijlpaal_keys):
        mijlpaal = rk.get("mijlpaal", key)
        group = groups.get(key)
        items = tuple(
            ChecklistItemInfo(text=e.text, answer=e.status_label, note=e.note) for e in (group.entries if group else [])
        )
        result.append(
            MijlpaalInfo(
                key=key,
                number=mijlpaal.number,
                label=mijlpaal.label,
                description=mijlpaal.description,
                checklist=items,
                for_inwoners=mijlpaal.for_inwoners,
                question_for_inwoners=mijlpaal.question_for_inwoners,
            )
        )
    return tuple(result)


def _sessie_results(
    rk: Routekaart, sessies: list[Sessie]
) -> tuple[dict[int, list[tuple]], dict[int, list[BlueprintStepInfo]], dict[int, list[AgreementInfo]]]:
    """Findings (with their theme's name), blueprint steps and agreements of all sessies, in three statements
    of plain rows: a busy project has hundreds of them, and the documents only read their values."""
    ids = [s.id for s in sessies] or [-1]
    findings: dict[int, list[tuple]] = defaultdict(list)
    columns: dict[int, list[BlueprintStepInfo]] = defaultdict(list)
    agreements: dict[int, list[AgreementInfo]] = defaultdict(list)
    for sessie_id, text, mijlpaal, rol, theme, action_id in db.session.execute(
        sa.select(Finding.sessie_id, Finding.text, Finding.mijlpaal, Finding.rol, Theme.name, Finding.action_id)
        .outerjoin(Theme, Theme.id == Finding.theme_id)
        .where(Finding.sessie_id.in_(ids))
        .order_by(Finding.id)
    ):
        findings[sessie_id].append(
            (text, _label(rk, "mijlpaal", mijlpaal), _label(rk, "rol", rol), theme or "", action_id)
        )
    for sessie_id, *values in db.session.execute(
        sa.select(
            BlueprintColumn.sessie_id,
            BlueprintColumn.title,
            BlueprintColumn.inwoner,
            BlueprintColumn.frontstage,
            BlueprintColumn.backstage,
            BlueprintColumn.support,
        )
        .where(BlueprintColumn.sessie_id.in_(ids))
        .order_by(BlueprintColumn.position, BlueprintColumn.id)
    ):
        columns[sessie_id].append(BlueprintStepInfo(*values))
    for sessie_id, who, kind, description, due_date in db.session.execute(
        sa.select(Agreement.sessie_id, Agreement.who, Agreement.kind, Agreement.description, Agreement.due_date)
        .where(Agreement.sessie_id.in_(ids))
        .order_by(Agreement.id)
    ):
        agreements[sessie_id].append(AgreementInfo(who, kind.label, description, due_date))
    return findings, columns, agreements


def _finding(row: tuple, sessie_title: str) -> FindingInfo:
    text, mijlpaal, rol, theme, action_id = row
    return FindingInfo(
        text=text, mijlpaal=mijlpaal, rol=rol, theme=theme, session=sessie_title, has_action=action_id is not None
    )


def _sessies(rk: Routekaart, sessies: list[Sessie]) -> tuple[SessieInfo, ...]:
    findings, columns, agreements = _sessie_results(rk, sessies)
    options = {o.key: o.label for o in rk.session_options}
    result = []
    for s in sessies:
        title = sessie_title(rk, s)
        session_type = rk.get("session_type", s.session_type)
        present = [p for p in s.participants if p.invitation != InvitationStatus.AFGEMELD]
        groups: dict[str, int] = defaultdict(int)
        for p in present:
            groups[p.group.label] += p.headcount
        keys = tuple(rk.mijlpaal_order(s.mijlpaal_keys))
        result.append(
            SessieInfo(
                id=s.id,
                title=title,
                type_key=s.session_type,
                type_label=session_type.label,
                purpose=session_type.purpose,
                with_inwoners=session_type.with_inwoners,
                mijlpalen=tuple(_label(rk, "mijlpaal", k) for k in keys),
                mijlpaal_keys=keys,
                option_key=s.option or "",
                option_label=options.get(s.option or "", ""),
                on_date=s.on_date,
                start_time=s.start_time,
                end_time=s.ends_at.time(),
                duration_minutes=s.duration_minutes,
                is_online=s.mode == SessieMode.ONLINE,
                location=s.location,
                online_url=s.online_url,
                procesbegeleider=s.procesbegeleider,
                administrator=s.administrator,
                agenda=s.agenda,
                status=s.status.label,
                participants_total=sum(p.headcount for p in present),
                participant_groups=tuple(groups.items()),
                blueprint=tuple(columns[s.id]),
                findings=tuple(_finding(f, title) for f in findings[s.id]),
                agreements=tuple(agreements[s.id]),
                route=s.route,
                accessibility=s.accessibility,
                travel_costs=s.travel_costs,
                reply_by=s.reply_deadline,
                topics_for_inwoners=tuple(rk.get("mijlpaal", k).for_inwoners for k in keys),
                questions_for_inwoners=tuple(rk.get("mijlpaal", k).question_for_inwoners for k in keys),
                has_own_title=bool(s.title),
                contact=_own_contact(s),
            )
        )
    return tuple(result)


def _own_contact(sessie: Sessie) -> ContactInfo | None:
    """The sessie's own contact person (loaded with the sessies), while their account is in use; None: the
    invitation names the projectleider, as it does for a sessie without one."""
    user = sessie.contact_user
    if user is None or not user.active:
        return None
    return ContactInfo(name=user.name, job_title=user.job_title, phone=user.phone, email=user.email)


def _contact(project) -> ContactInfo:
    """The projectleider as the invitations' contact (a sessie may name its own, `_own_contact`); their account
    (one query at most) gives the rest."""
    leider = next((m for m in project.team if m.team_role == TeamRole.PROJECTLEIDER), None)
    if leider is None:
        return ContactInfo()
    user = db.session.get(User, leider.user_id) if leider.user_id is not None else None
    if user is None:
        return ContactInfo(name=leider.name)
    return ContactInfo(name=leider.name, job_title=user.job_title, phone=user.phone, email=user.email)


@dataclass(frozen=True)
class _Actions:
    """The project's actions as the documents read them: in the action list's default order (by deadline),
    each made once; with every theme (also those without actions) and what each action counts for."""

    infos: tuple[ActionInfo, ...]
    counted: tuple[Decimal, ...]  # each action's budget as totals count it (actions.services.counted_budget)
    awaiting: tuple[bool, ...]  # each action waits for a decision still to be taken
    themes: tuple[tuple[str, str], ...]  # (name, description), in the action list's order

    @property
    def budget(self) -> Decimal:
        return sum(self.counted, ZERO)


_ACTION_COLUMNS = (
    Action.title,
    Action.description,
    Theme.name,
    Action.mijlpaal,
    Action.rol,
    Action.owner,
    Action.deadline,
    Action.budget,
    Action.status,
    Action.timing,
    Action.needs_decision,
    Decision.title,
)


def _actions(rk: Routekaart, project: Project, today: date) -> _Actions:
    """Two statements of plain rows (the actions with their theme's name and decision's title, and the
    themes): the project was loaded through access by project_page, and 300 actions as ORM objects, with
    their decisions, cost more than the rest of the context together."""
    rows = db.session.execute(
        sa.select(*_ACTION_COLUMNS)
        .outerjoin(Theme, Theme.id == Action.theme_id)
        .outerjoin(Decision, Decision.id == Action.decision_id)
        .where(Action.project_id == project.id)
        .order_by(*order_by(rk, "deadline", "asc"))
    ).all()
    themes = db.session.execute(
        sa.select(Theme.name, Theme.description)
        .where(Theme.project_id == project.id)
        .order_by(sa.func.lower(Theme.name), Theme.id)
    ).all()
    return _Actions(
        infos=tuple(_action(rk, row, today) for row in rows),
        counted=tuple(ZERO if r.budget is None or r.status == ActionStatus.GESCHRAPT else r.budget for r in rows),
        awaiting=tuple(r.needs_decision and r[-1] is None and not r.status.is_closed for r in rows),
        themes=tuple((t.name, t.description) for t in themes),
    )


def _action(rk: Routekaart, row: sa.Row, today: date) -> ActionInfo:
    (title, description, theme, mijlpaal, rol, owner, deadline, budget, status, timing, needs, decision) = row
    return ActionInfo(
        title=title,
        description=description,
        theme=theme or NO_THEME_LABEL,
        mijlpaal=_label(rk, "mijlpaal", mijlpaal),
        rol=_label(rk, "rol", rol),
        owner=owner,
        deadline=deadline,
        budget=budget,
        status=status.label,
        timing_key=timing.value,
        timing=timing.label,
        needs_decision=needs,
        decision=decision if decision is not None else ("Nog te nemen" if needs else ""),
        overdue=deadline is not None and deadline < today and not status.is_closed,  # as actions.is_overdue
    )


def _themes(actions: _Actions, sessies: tuple[SessieInfo, ...]) -> tuple[ThemeInfo, ...]:
    findings_by_theme: dict[str, list[FindingInfo]] = defaultdict(list)
    for sessie in sessies:
        for finding in sessie.findings:
            findings_by_theme[finding.theme or NO_THEME_LABEL].append(finding)
    actions_by_theme: dict[str, list[ActionInfo]] = defaultdict(list)
    budget_by_theme: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for action, counted in zip(actions.infos, actions.counted, strict=True):
        actions_by_theme[action.theme].append(action)
        budget_by_theme[action.theme] += counted
    names = [name for name, _description in actions.themes]
    if actions_by_theme.get(NO_THEME_LABEL) or findings_by_theme.get(NO_THEME_LABEL):
        names.append(NO_THEME_LABEL)
    descriptions = dict(actions.themes)
    return tuple(
        ThemeInfo(
            name=name,
            description=descriptions.get(name, ""),
            findings=tuple(findings_by_theme[name]),
            actions=tuple(actions_by_theme[name]),
            budget=budget_by_theme[name],
            quick_wins=sum(a.timing_key == "quick_win" for a in actions_by_theme[name]),
            later=sum(a.timing_key == "later" for a in actions_by_theme[name]),
        )
        for name in names
    )


def _tasks(listing) -> tuple[TaskInfo, ...]:
    return tuple(
        TaskInfo(
            title=r.task.title,
            kind=r.task.kind.label,
            description=r.task.description,
            owner=r.task.owner,
            department=r.task.department,
            hours=r.task.hours,
            frequency=r.task.frequency.label,
            hours_per_year=r.per_year,
            needs_directiebesluit=r.task.needs_directiebesluit,
            needs_opdrachtomschrijving=r.task.needs_opdrachtomschrijving,
            decision=r.task.decision.title if r.task.decision else "",
            starts_on=r.task.starts_on,
        )
        for r in listing.rows
    )


def _sum_or_none(values):
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _writable_text(text: str) -> str:
    """clean_text, skipped for a printable text: every character clean_text removes or changes is a control,
    a surrogate or a noncharacter, and none of those is printable. Nearly every text is; a busy project has
    thousands, and the regular expressions cost far more than this test."""
    return text if text.isprintable() else clean_text(text)


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a context dataclass (None for any other type), looked up once per type."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    return _FIELD_NAMES[kind]


# What a context holds besides texts, tuples and its dataclasses: nothing in these needs cleaning.
_PLAIN = frozenset({int, bool, Decimal, date, time, type(None)})


def _writable(value):
    """`value` with every string in it, down through the context's dataclasses and tuples, cleaned by
    inputs.clean_text: without the characters a Word or PowerPoint file (XML 1.0) cannot hold. What needs
    no cleaning is returned as it is (not copied), so a clean context costs one walk and no new objects."""
    kind = type(value)
    if kind is str:
        return _writable_text(value)
    if kind in _PLAIN:
        return value
    if kind is tuple:
        cleaned = tuple(_writable(item) for item in value)
        return value if all(new is old for new, old in zip(cleaned, value, strict=True)) else cleaned
    names = _field_names(kind)
    if names is None:
        return clean_value(value)  # a list or a dict, say: cleaned the general way
    changed = {}
    for name in names:
        old = getattr(value, name)
        if type(old) in _PLAIN:  # most fields: no call for them
            continue
        new = _writable(old)
        if new is not old:
            changed[name] = new
    return dataclasses.replace(value, **changed) if changed else value


def build_context(actor: User, project_id: int, today: date | None = None) -> DocumentContext:
    """The project's values for its documents.

    Every string is cleaned here, in the one place all renderers get their data from: forms clean what is
    typed (forms.InputMeta), but rows stored before that, or written another way, may still hold a NUL or
    a U+FFFE, and one such character makes a whole .docx or .pptx unreadable.
    """
    return _writable(_build_context(actor, project_id, today))


def _build_context(actor: User, project_id: int, today: date | None) -> DocumentContext:
    rk = current_routekaart()
    today = today or date.today()
    page = project_page(actor, project_id, today=today, options=_DOCUMENT_LOADS)
    project = page.project
    team, first_of_role = _team(project)
    decisions = _decisions(rk, project)
    sessies = _sessies(rk, project_sessies(project))  # the project was loaded through access above
    listing = _actions(rk, project, today)
    tasks = task_list(actor, project.id)
    plan = project.plan
    scope = rk.get("scope_type", project.scope_type)
    return DocumentContext(
        today=today,
        gemeente=project.gemeente.name,
        project_name=project.name,
        scope_selection=scope.selection,
        scope_label=scope.label,
        scope_description=scope.for_readers,  # scope.description helps the user choose; documents are read
        rol=_label(rk, "rol", project.rol),
        spoor=_label(rk, "spoor", project.spoor),
        central_question=project.central_question,
        reasons=tuple(_label(rk, "reason", r) for r in project.reasons or [] if _label(rk, "reason", r)),
        reason_note=project.reason_note,
        start_date=project.start_date,
        mijlpalen=_mijlpalen(rk, actor, project),
        phases=_phases(page),
        team=team,
        opdrachtgever=first_of_role.get(TeamRole.OPDRACHTGEVER, ""),
        opdrachtnemer=first_of_role.get(TeamRole.OPDRACHTNEMER, ""),
        projectleider=first_of_role.get(TeamRole.PROJECTLEIDER, ""),
        plan=PlanInfo(*(getattr(plan, f) if plan else "" for f in PLAN_FIELDS)),
        risks=tuple(RiskInfo(r.title, r.likelihood.label, r.impact.label, r.measure) for r in project.risks),
        decisions=decisions,
        # only the start of the project: a borging decision's hours are the regular tasks' hours per year
        decided_budget=_sum_or_none(d.budget for d in decisions if d.step_key == BESLUITVORMING_STEP),
        decided_hours=_sum_or_none(d.capacity_hours for d in decisions if d.step_key == BESLUITVORMING_STEP),
        sessies=sessies,
        themes=_themes(listing, sessies),
        actions=listing.infos,
        actions_budget=listing.budget,
        decisions_needed=tuple(a for a, waits in zip(listing.infos, listing.awaiting, strict=True) if waits),
        tasks=_tasks(tasks),
        hours_per_year=tasks.total_per_year,
        contact=_contact(project),
    )
