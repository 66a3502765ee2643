"""Demo data: the eight gemeenten the toolkit names, each with a project at its own point on the route.

Every date is counted from the day the demo is loaded, so a fresh demo always shows what a real one would:
a project still in Voorbereiding, some in Uitvoering (one clearly behind schedule), one in Borging and one
nearly finished; sessions held and sessions to come; actions that are late and actions on time. Dates are
counted from the Monday of that week, so sessions fall on weekdays and what is past or to come does not depend
on the day of the week.

Idempotent: records are found by natural key (gemeente name, e-mail, project name) before creating, and a
project that exists is left as it is.

The content (findings, agendas, people, the eight projects) is data, in content.toml; content.py reads it.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import TypeVar

import sqlalchemy as sa

from ..checklist.services import ACTION_TITLE_MAX
from ..extensions import db
from ..formatting import datum
from ..initiatives.demo import add_demo_initiatives
from ..models import (
    Action,
    ActionStatus,
    ActionTiming,
    Agreement,
    BlueprintColumn,
    ChecklistAnswer,
    ChecklistStatus,
    CustomChecklistItem,
    Decision,
    Finding,
    Gemeente,
    InvitationStatus,
    Membership,
    MembershipRole,
    Participant,
    ProcesbegeleiderAssignment,
    Project,
    ProjectMijlpaal,
    ProjectPlan,
    ProjectRisk,
    RegularTask,
    Sessie,
    SessieMijlpaal,
    SessieMode,
    SessieStatus,
    StepState,
    StepStatus,
    TeamMember,
    Theme,
    User,
)
from ..oversight.demo import add_demo_notes
from ..projects import planning
from ..projects.plan import PLAN_FIELDS
from ..routekaart import Routekaart, SessionType, current_routekaart
from ..support.demo import add_demo_requests
from .content import (
    AGENDA,
    AGREEMENTS,
    BEGELEIDER,
    BLUEPRINT,
    CHECKLIST_NOTES,
    DEMO_PROJECTS,
    DEMO_RISKS,
    INWONER_AGENDA,
    INWONER_VISIT,
    MIJLPAAL_FINDINGS,
    OFFICE_VISIT,
    PARTICIPANTS,
    PEOPLE,
    PURPOSE_FINDINGS,
    RECORD_KEEPING,
    STAFF,
    TASKS,
    THEMES,
    DemoFinding,
    DemoProject,
)

_Row = TypeVar("_Row")

DEMO_PASSWORD = "rfz-demo-wachtwoord"
DECISION_ABOVE = 10000  # an action that costs more needs a decision of the directie

# The steps whose decisions the demo records (a decision belongs to a step of the routekaart).
START_STEP = "voorbereiding.besluitvorming"
PLAN_STEP = "uitvoering.implementatieplan"
TASKS_STEP = "borging.opdrachten"
# A project whose Archivering is finished has written down where and how the team keeps its records.
RECORDS_STEP = "borging.archivering"


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _in_words(items: list[str]) -> str:
    """'A', 'A en B', 'A, B en C': a list as a sentence says it."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Loader:
    def __init__(self):
        self.created = 0
        self._password_hash = None

    def add(self, *records) -> None:
        db.session.add_all(records)

    def flush(self) -> None:
        """Write what was added (so ids are known), counting the new rows, children by cascade included."""
        self.created += len(db.session.new)
        db.session.flush()

    def insert(self, record: _Row) -> _Row:
        """Add one record and write it, so its id is known to the rows that refer to it."""
        self.add(record)
        self.flush()
        return record

    def get_or_create(self, model, lookup: dict, **values):
        found = db.session.scalars(sa.select(model).filter_by(**lookup)).first()
        return found if found is not None else self.insert(model(**lookup, **values))

    def user(self, email: str, name: str, **flags) -> User:
        user = db.session.scalars(sa.select(User).filter_by(email=email)).first()
        if user is None:
            user = User(email=email, name=name, active=True, **flags)
            # The demo password is public and shared; hashing it once keeps `make run` quick.
            if self._password_hash is None:
                user.set_password(DEMO_PASSWORD)
                self._password_hash = user.password_hash
            user.password_hash = self._password_hash
            self.insert(user)
        return user


def load_demo(today: date | None = None) -> int:
    """Create what is missing; returns the number of records created (0 on a second run).

    `today` is the day every date is counted from (tests pin it); by default the day it runs.
    """
    today = today or date.today()
    monday = today - timedelta(days=today.weekday())
    rk = current_routekaart()
    loader = _Loader()
    loader.user("beheerder@demo.rfz", "Bea Beheerder", is_beheerder=True)
    begeleider = loader.user("procesbegeleider@demo.rfz", BEGELEIDER, is_procesbegeleider=True)
    loader.user("coordinator@demo.rfz", "Carla Coördinator (VNG)", is_coordinator=True)
    for spec in DEMO_PROJECTS:
        gemeente = loader.get_or_create(Gemeente, {"name": spec.gemeente})
        slug = _slug(spec.gemeente)
        number = DEMO_PROJECTS.index(spec)
        leider_name, lid_name = STAFF[spec.gemeente]
        leider = loader.user(
            f"projectleider.{slug}@demo.rfz",
            leider_name,
            phone=f"06 1234 56{number:02d}",
            job_title="Projectleider schuldhulpverlening",
        )
        lid = loader.user(
            f"teamlid.{slug}@demo.rfz",
            lid_name,
            phone=f"06 1234 57{number:02d}",
            job_title="Consulent schuldhulpverlening",
        )
        loader.get_or_create(
            Membership, {"user_id": leider.id, "gemeente_id": gemeente.id}, role=MembershipRole.PROJECTLEIDER
        )
        loader.get_or_create(Membership, {"user_id": lid.id, "gemeente_id": gemeente.id}, role=MembershipRole.TEAMLID)
        loader.get_or_create(ProcesbegeleiderAssignment, {"user_id": begeleider.id, "gemeente_id": gemeente.id})
        exists = db.session.scalars(sa.select(Project.id).filter_by(gemeente_id=gemeente.id, name=spec.name)).first()
        if exists is None:
            _Project(loader, rk, spec, gemeente, monday, (leider, lid, begeleider)).build()
    loader.created += add_demo_initiatives(rk, today, begeleider.id, begeleider.name)
    loader.created += add_demo_notes(today, begeleider)
    loader.created += add_demo_requests(today, begeleider.id, begeleider.name)
    db.session.commit()
    return loader.created


class _Project:
    """Builds one demo project with everything its stage of the route has produced."""

    def __init__(self, loader: _Loader, rk: Routekaart, spec: DemoProject, gemeente: Gemeente, monday: date, users):
        self.loader, self.rk, self.spec, self.gemeente, self.monday = loader, rk, spec, gemeente, monday
        self.leider, self.lid, self.begeleider = users
        self.start = monday - timedelta(weeks=spec.weeks_ago)
        self.mijlpalen = rk.mijlpaal_order(spec.mijlpalen if spec.mijlpalen is not None else rk.keys("mijlpaal"))
        self.scope = rk.get("scope_type", spec.scope_type)
        self.phases = planning.planned_phases(rk, self.scope.selection, len(self.mijlpalen), self.start)
        # The people by what they are for; action and task owners name one of these keys.
        self.people = dict(zip(PEOPLE, (self.leider.name, self.lid.name, *spec.people), strict=True))
        self.themes: dict[str, Theme] = {}
        self.actions: list[Action] = []
        self.waiting: set[int] = set()  # ids of the costly actions the plan's decision leaves for later
        self.project: Project

    def week(self, week: int, weekday: int = 0) -> date:
        return self.start + timedelta(weeks=week, days=weekday)

    def owner(self, key: str) -> str:
        return self.people[key]

    def finished_steps(self) -> set[str]:
        """The first `done` steps of the routekaart, which the demo stores as afgerond."""
        return {step.full_key for step in self.rk.steps[: self.spec.done]}

    def build(self) -> None:
        spec = self.spec
        self.project = Project(
            gemeente_id=self.gemeente.id,
            name=spec.name,
            scope_type=spec.scope_type,
            spoor=spec.spoor,
            central_question=spec.question,
            reasons=list(spec.reasons),
            reason_note=spec.reason_note,
            start_date=self.start,
            created_by_id=self.leider.id,
            record_keeping=RECORD_KEEPING if RECORDS_STEP in self.finished_steps() else "",
            mijlpaal_rows=[ProjectMijlpaal(mijlpaal=k) for k in self.mijlpalen],
        )
        self.loader.insert(self.project)
        self.add_steps()
        self.add_team()
        self.add_plan()
        self.add_start_decision()
        resultaten = self.add_sessions()
        self.add_checklist()
        if resultaten is not None and resultaten.status == SessieStatus.AFGEROND:
            self.add_plan_decision(resultaten.on_date + timedelta(weeks=1))
        self.add_tasks()
        self.loader.flush()

    # --- Voorbereiding --------------------------------------------------------------------------------

    def add_steps(self) -> None:
        """The first `done` steps finished, the next one under way, each due by the plan of its phase."""
        steps = [(plan, step) for plan in self.phases for step in plan.phase.steps]
        for index, (plan, step) in enumerate(steps[: self.spec.done + 1]):
            due = plan.start + timedelta(days=7 * plan.weeks * step.number // len(plan.phase.steps) - 1)
            under_way = index == self.spec.done
            self.loader.add(
                StepState(
                    project_id=self.project.id,
                    step_key=step.full_key,
                    status=StepStatus.BEZIG if under_way else StepStatus.AFGEROND,
                    owner_id=self.leider.id if index % 2 == 0 else self.lid.id,
                    due_date=due,
                    notes=self.spec.note if under_way else "",
                )
            )

    def add_team(self) -> None:
        """The whole team, or (while the team is still being formed) the projectleider, a teamlid and the
        opdrachtgever."""
        users = {"projectleider": self.leider.id, "teamlid": self.lid.id}
        for key, (discipline, role) in PEOPLE.items():
            if self.spec.full_team or key in ("projectleider", "teamlid", "opdrachtgever"):
                self.loader.add(
                    TeamMember(
                        project_id=self.project.id,
                        user_id=users.get(key),
                        name=self.people[key],
                        discipline=discipline,
                        team_role=role,
                    )
                )

    def add_plan(self) -> None:
        texts = self.plan_texts()
        plan = ProjectPlan(project_id=self.project.id)
        written = PLAN_FIELDS[: self.spec.plan_sections]
        for name in written:
            setattr(plan, name, texts[name])
        self.loader.add(plan)
        if "risks" in written:
            for title, likelihood, impact, measure in DEMO_RISKS:
                self.loader.add(
                    ProjectRisk(
                        project_id=self.project.id,
                        title=title,
                        likelihood=likelihood,
                        impact=impact,
                        measure=measure,
                    )
                )

    def plan_texts(self) -> dict[str, str]:
        """The projectplan as a team writes it: each section says its own thing, without repeating what the plan
        shows elsewhere (the central question, the phases' dates)."""
        return {
            "aim": f"Inwoners van {self.gemeente.name} met geldzorgen krijgen eerder de hulp die bij hen past, en "
            "vertellen hun verhaal maar één keer. Beleid, uitvoering en partners werken daarvoor vanuit dezelfde "
            "route, en blijven dat doen als het project klaar is.",
            "scope": self.scope_text(),
            "result": "Een implementatieplan met acties die we meteen oppakken (quick wins) en acties voor later, elk "
            "met een eigenaar, een deadline en een budget. En vaste afspraken over wie wat blijft doen na het project.",
            "approach": "We volgen de drie fasen van de toolkit. In de Uitvoering houden we een kick-off, sessies met "
            "inwoners en professionals over de mijlpalen, een bedrijfsvoeringsessie en een resultatensessie. Een "
            "procesbegeleider van de VNG leidt de sessies.",
            "organisation": f"Opdrachtgever is {self.owner('opdrachtgever')}, opdrachtnemer is "
            f"{self.owner('opdrachtnemer')}. {self.leider.name} leidt het project met een team uit beleid, "
            "juridische zaken, uitvoering en kwaliteit. Elke maand bespreken we de voortgang met de opdrachtgever.",
            "planning": self.planning_text(),
            "risks": "Elke maand bespreken we de risico's met de opdrachtgever. Wordt een kans of impact hoog, dan "
            "stellen we de planning of de aanpak bij.",
        }

    def scope_text(self) -> str:
        """What is in the project and what is not; the scope's name and mijlpalen are in the plan's own table."""
        others = [self.rk.get("spoor", k).label for k in self.rk.keys("spoor") if k != self.spec.spoor]
        left_out = [f"de sporen {_in_words(others)}"] if others else []
        if len(self.mijlpalen) < len(self.rk.keys("mijlpaal")):
            left_out.append("de andere mijlpalen van de routekaart")
        return (
            "Het project gaat over de hulp die de gemeente en haar partners geven aan inwoners met geldzorgen, en "
            f"over de werkwijze, systemen en afspraken die daarvoor nodig zijn. Niet in dit project: "
            f"{_in_words([*left_out, 'het beleidsplan schuldhulpverlening, dat we apart herzien'])}. Wat we "
            "daarover horen, schrijven we op als idee voor later."
        )

    def planning_text(self) -> str:
        """The moments the directie plans around; the phases' dates are in the plan's own table."""
        uitvoering = next(p for p in self.phases if p.phase.holds_sessions)
        if self.spec.sessions:
            first, last = self.week(*self.spec.sessions[0]), self.week(*self.spec.sessions[-1])
            sessions = (
                f"De kick-off is op {datum(first)}. Daarna volgt om de één à twee weken een sessie, tot de "
                f"resultatensessie op {datum(last)}."
            )
        else:
            sessions = f"De sessies plannen we in de Uitvoering, die begint op {datum(uitvoering.start)}."
        return (
            f"{sessions} In de week na de resultatensessie legt de opdrachtgever het implementatieplan en de kosten "
            "ervan voor aan de directie. Aan het eind van de Borging kijken we met de opdrachtgever terug op wat het "
            "project heeft opgeleverd."
        )

    def add_start_decision(self) -> None:
        if self.spec.decided_in_week is None:
            return
        decision = Decision(
            project_id=self.project.id,
            step_key=START_STEP,
            title="Start van het project",
            decided_on=self.week(self.spec.decided_in_week, 3),
            decided_by=f"Directie sociaal domein ({self.owner('opdrachtgever')})",
            budget=Decimal("25000.00"),
            capacity_hours=320,
            rationale="Budget en uren voor de sessies en het projectteam vrijgemaakt, omdat de routekaart ons helpt "
            "de hulp bij geldzorgen vanuit de inwoner te verbeteren.",
        )
        self.loader.add(decision)

    # --- Uitvoering -----------------------------------------------------------------------------------

    def session_plan(self) -> list[tuple[SessionType, list[str]]]:
        """The kick-off, the scope's sessies per group of mijlpalen (the others of the same purpose in turn),
        the bedrijfsvoering and the resultaten: as many as the project's sessions have dates."""
        groups = len(self.spec.sessions) - 3
        size = len(self.mijlpalen)
        preferred = self.rk.get("session_type", self.scope.session_type)
        per_mijlpaal = [preferred] + [t for t in self.rk.session_types_for("mijlpaal") if t != preferred]
        plan: list[tuple[SessionType, list[str]]] = [(self.rk.session_types_for("kick_off")[0], [])]
        plan += [
            (per_mijlpaal[i % len(per_mijlpaal)], self.mijlpalen[i * size // groups : (i + 1) * size // groups])
            for i in range(groups)
        ]
        plan += [(self.rk.session_types_for(purpose)[0], []) for purpose in ("bedrijfsvoering", "resultaten")]
        return plan

    def add_sessions(self) -> Sessie | None:
        """Every sessie of the plan; returns the resultatensessie (None for a project without sessies)."""
        if not self.spec.sessions:
            return None
        options = iter(self.spec.options)
        sessie = None
        for index, ((session_type, keys), (week, weekday)) in enumerate(
            zip(self.session_plan(), self.spec.sessions, strict=True)
        ):
            if week == self.spec.weeks_ago:
                raise ValueError(f"{self.spec.gemeente}: a demo sessie is held before this week or planned after it")
            held = week < self.spec.weeks_ago
            invited = held or self.spec.invited is None or index < self.spec.invited
            status = SessieStatus.AFGEROND if held else SessieStatus.GEPLAND if invited else SessieStatus.CONCEPT
            sessie = self.add_sessie(
                session_type, keys, next(options) if keys else None, self.week(week, weekday), status
            )
            if invited:
                self.add_participants(sessie, session_type, held)
            if held:
                self.add_results(sessie, session_type, keys)
        return sessie

    def add_sessie(
        self, session_type: SessionType, keys: list[str], option: str | None, on_date: date, status: SessieStatus
    ) -> Sessie:
        online = session_type.purpose == "bedrijfsvoering"  # specialists from across the organisation
        place = f"Buurthuis De Brug, {self.gemeente.name}" if session_type.with_inwoners else "Stadskantoor, zaal 3"
        sessie = Sessie(
            project_id=self.project.id,
            session_type=session_type.key,
            option=option,
            on_date=on_date,
            status=status,
            start_time=time(10, 0) if session_type.with_inwoners else time(13, 30),
            duration_minutes=150 if session_type.purpose == "resultaten" else 120,
            mode=SessieMode.ONLINE if online else SessieMode.FYSIEK,
            location="" if online else place,
            online_url=f"https://meet.example/{_slug(self.gemeente.name)}-bedrijfsvoering" if online else "",
            procesbegeleider=self.begeleider.name,
            administrator=self.lid.name,
            agenda=INWONER_AGENDA if session_type.with_inwoners else AGENDA[session_type.purpose],
            mijlpaal_rows=[SessieMijlpaal(mijlpaal=k) for k in keys],
            contact_user_id=self.lid.id if self.spec.own_contact and session_type.with_inwoners else None,
        )
        if not online:
            sessie.route, sessie.accessibility, sessie.travel_costs = (
                INWONER_VISIT if session_type.with_inwoners else OFFICE_VISIT
            )
        return self.loader.insert(sessie)

    def add_participants(self, sessie: Sessie, session_type: SessionType, held: bool) -> None:
        kind = session_type.purpose
        if session_type.per_mijlpaal:
            kind = "met_inwoners" if session_type.with_inwoners else "mijlpaal"
        for index, (group, name, organisation, headcount, email) in enumerate(PARTICIPANTS[kind]):
            status = InvitationStatus.AANGEMELD if index == 0 else InvitationStatus.UITGENODIGD
            self.loader.add(
                Participant(
                    sessie_id=sessie.id,
                    group=group,
                    name=name,
                    organisation=organisation,
                    email=email,
                    headcount=headcount,
                    invitation=InvitationStatus.AANWEZIG if held else status,
                )
            )

    def add_results(self, sessie: Sessie, session_type: SessionType, keys: list[str]) -> None:
        """What a held sessie yielded: findings (bundled, with their actions, when the project got that far),
        the Service Blueprint of an optie B sessie, and who works the results out."""
        found: list[tuple[str | None, DemoFinding]] = [(k, f) for k in keys for f in MIJLPAAL_FINDINGS.get(k, ())]
        found += [(None, f) for f in PURPOSE_FINDINGS.get(session_type.purpose, ())]
        for mijlpaal, finding in found:
            theme = self.theme(finding.theme) if self.spec.bundled else None
            action = self.add_action(finding, mijlpaal, theme, sessie.on_date) if theme else None
            self.loader.add(
                Finding(
                    project_id=self.project.id,
                    sessie_id=sessie.id,
                    mijlpaal=mijlpaal,
                    rol=finding.rol,
                    text=finding.inwoner if session_type.with_inwoners and finding.inwoner else finding.text,
                    theme_id=theme.id if theme else None,
                    action_id=action.id if action else None,
                )
            )
        if sessie.option == "b":
            columns = [column for key in keys for column in BLUEPRINT.get(key, ())]
            for position, (title, inwoner, frontstage, backstage, support) in enumerate(columns):
                self.loader.add(
                    BlueprintColumn(
                        sessie_id=sessie.id,
                        position=position,
                        title=title,
                        inwoner=inwoner,
                        frontstage=frontstage,
                        backstage=backstage,
                        support=support,
                    )
                )
        self.loader.add(
            *(
                Agreement(
                    sessie_id=sessie.id,
                    who=self.owner(who),
                    kind=kind,
                    description=description,
                    due_date=sessie.on_date + timedelta(days=days),
                )
                for who, kind, description, days in AGREEMENTS
            )
        )

    def theme(self, key: str) -> Theme:
        if key not in self.themes:
            name, description = THEMES[key]
            self.themes[key] = self.loader.insert(Theme(project_id=self.project.id, name=name, description=description))
        return self.themes[key]

    def add_action(self, finding: DemoFinding, mijlpaal: str | None, theme: Theme, found_on: date) -> Action | None:
        spec = finding.action
        if spec is None:
            return None
        deadline = found_on + timedelta(weeks=spec.weeks)
        if deadline >= self.monday:
            status = ActionStatus.BEZIG if spec.timing == ActionTiming.QUICK_WIN else ActionStatus.OPEN
        else:
            status = ActionStatus.BEZIG if spec.late else ActionStatus.AFGEROND
        action = Action(
            project_id=self.project.id,
            theme_id=theme.id,
            title=spec.title,
            description=finding.text,
            mijlpaal=mijlpaal,
            rol=finding.rol,
            owner=self.owner(spec.owner),
            deadline=deadline,
            budget=Decimal(spec.budget),
            status=status,
            timing=spec.timing,
            needs_decision=spec.budget > DECISION_ABOVE,
        )
        self.actions.append(self.loader.insert(action))
        if spec.waits:
            self.waiting.add(action.id)
        return action

    def add_plan_decision(self, decided_on: date) -> None:
        """After the resultatensessie the directie decides on the actions that cost more than the start budget."""
        costly = [a for a in self.actions if a.needs_decision and a.id not in self.waiting]
        decision = Decision(
            project_id=self.project.id,
            step_key=PLAN_STEP,
            title="Budget voor de acties uit het implementatieplan",
            decided_on=decided_on,
            decided_by=f"College van B en W, op voorstel van {self.owner('opdrachtgever')}",
            budget=sum((a.budget for a in costly if a.budget is not None), Decimal("0")),
            capacity_hours=240,
            rationale="De acties voor later vragen meer dan het startbudget. Het college kiest ervoor, omdat ze "
            "inwoners eerder en beter helpen en latere, duurdere hulp voorkomen.",
        )
        self.loader.insert(decision)
        for action in costly:
            action.decision_id = decision.id

    def add_checklist(self) -> None:
        """The routekaart's items answered in the turn the project gives, then the gemeente's own items;
        'aan de slag' puts an action on the list."""
        if not self.spec.checklist:
            return
        turn = self.spec.checklist
        for index, item in enumerate(self.rk.checklist_for(self.mijlpalen)):
            self.add_answer(turn[index % len(turn)], item.text, item.mijlpaal, item.rol, item_key=item.key)
        for mijlpaal, text, answer in self.spec.own_items:
            own = self.loader.get_or_create(
                CustomChecklistItem, {"gemeente_id": self.gemeente.id, "text": text}, mijlpaal=mijlpaal
            )
            self.add_answer(answer, text, mijlpaal, "", custom_item_id=own.id)

    def add_answer(self, answer: ChecklistStatus | None, text: str, mijlpaal: str, rol: str, **item: str | int) -> None:
        if answer is None:
            return
        action = self.checklist_action(text, mijlpaal, rol) if answer == ChecklistStatus.AAN_DE_SLAG else None
        self.loader.add(
            ChecklistAnswer(
                project_id=self.project.id,
                answer=answer,
                note=CHECKLIST_NOTES[answer],
                action_id=action.id if action else None,
                **item,
            )
        )

    def checklist_action(self, text: str, mijlpaal: str, rol: str) -> Action:
        action = Action(
            project_id=self.project.id,
            title=_shorten(text, ACTION_TITLE_MAX),
            description=f"Deze actie komt uit de checklist, bij het punt: {text}",
            mijlpaal=mijlpaal or None,
            rol=rol or None,
            owner=self.owner("kwaliteit"),
            deadline=self.monday + timedelta(weeks=6),
            budget=Decimal("0"),
            timing=ActionTiming.QUICK_WIN,  # a gap in the basics: closing it need not wait
        )
        return self.loader.insert(action)

    # --- Borging --------------------------------------------------------------------------------------

    def add_tasks(self) -> None:
        tasks = TASKS[: self.spec.tasks]
        if not tasks:
            return
        borging = self.phases[-1].start
        extra = [t for t in tasks if t.directiebesluit]
        # One decision lays down every task; the ones that need a directiebesluit get their hours from it.
        decision = Decision(
            project_id=self.project.id,
            step_key=TASKS_STEP,
            title="Vaste taken na het project",
            decided_on=borging + timedelta(weeks=1, days=1),
            decided_by=f"Directie sociaal domein ({self.owner('opdrachtgever')})",
            budget=Decimal("12000") if extra else Decimal("0"),
            capacity_hours=int(sum(t.hours * t.frequency.per_year for t in extra)),
            rationale="Wat het project opleverde, blijft alleen werken als iemand het blijft doen. Daarom krijgt elke "
            "taak een eigenaar en een afdeling. Wat niet past in de huidige uren van het team, krijgt er uren en "
            "budget bij.",
        )
        self.loader.insert(decision)
        for task in tasks:
            self.loader.add(
                RegularTask(
                    project_id=self.project.id,
                    title=task.title,
                    kind=task.kind,
                    description=task.description,
                    owner=self.owner(task.owner),
                    department=task.department,
                    hours=task.hours,
                    frequency=task.frequency,
                    needs_directiebesluit=task.directiebesluit,
                    needs_opdrachtomschrijving=task.opdrachtomschrijving,
                    decision_id=decision.id,
                    starts_on=borging + timedelta(weeks=task.weeks),
                )
            )
