"""Demo data: the eight gemeenten the toolkit names, each with a project in its own scope.

Idempotent: records are found by natural key (gemeente name, e-mail, project name) before creating.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from .extensions import db
from .models import (
    Action,
    ActionTiming,
    Decision,
    Finding,
    Gemeente,
    Membership,
    MembershipRole,
    Participant,
    ParticipantGroup,
    ProcesbegeleiderAssignment,
    Project,
    ProjectMijlpaal,
    Sessie,
    SessieMijlpaal,
    SessieMode,
    SessieStatus,
    StepState,
    StepStatus,
    TeamMember,
    TeamRole,
    Theme,
    User,
)

DEMO_PASSWORD = "rfz-demo-wachtwoord"
ALL = [
    "op_zoek",
    "in_beeld",
    "in_contact",
    "in_gesprek",
    "rust_en_overzicht",
    "plaatje_compleet",
    "trots_en_fit",
    "toekomst_tegemoet",
]

# (gemeente, project name, scope type, mijlpalen, central question, weeks since start, steps done)
DEMO_PROJECTS = [
    (
        "Leeuwarden",
        "Jongeren eerder bereiken",
        "combinatie",
        ["op_zoek", "in_beeld", "in_contact"],
        "Hoe komen we eerder in contact met jongeren met geldzorgen, en verwijzen we ze goed door?",
        14,
        6,
    ),
    (
        "Amsterdam",
        "Digitale hulpmiddelen langs de hele reis",
        "hele_routekaart",
        ALL,
        "Welke digitale hulpmiddelen helpen inwoners met geldzorgen echt, in elke fase van hun reis?",
        10,
        5,
    ),
    (
        "Enschede",
        "Toegang en overdrachten met partners",
        "hele_routekaart",
        ALL,
        "Waar gaat het mis bij de toegang en bij overdrachten tussen ons en onze partners?",
        6,
        3,
    ),
    (
        "Venlo",
        "Het ideale integrale proces",
        "hele_routekaart",
        ALL,
        "Hoe ziet ons ideale, integrale proces eruit voor een inwoner met financiële zorgen?",
        20,
        9,
    ),
    (
        "Nijmegen",
        "Budgetbeheer inrichten",
        "combinatie",
        ["rust_en_overzicht", "plaatje_compleet", "trots_en_fit"],
        "Welke stappen zijn nodig om budgetbeheer goed in onze organisatie in te richten?",
        8,
        4,
    ),
    (
        "Kampen",
        "Nieuwe vroegsignalering",
        "combinatie",
        ["op_zoek", "in_beeld"],
        "Hoe richten we vroegsignalering zo in dat we inwoners met betalingsachterstanden echt bereiken?",
        3,
        1,
    ),
    (
        "Apeldoorn",
        "Gesprekken over alle mijlpalen",
        "hele_routekaart",
        ALL,
        "Sluit onze dienstverlening aan op wat inwoners ideaal vinden? We beginnen bij onze medewerkers.",
        1,
        0,
    ),
    (
        "Hilversum",
        "Inwoners eerder bereiken",
        "combinatie",
        ["op_zoek", "in_beeld"],
        "Wat is er nodig om inwoners met financiële zorgen eerder te bereiken?",
        5,
        2,
    ),
]
UITVOERING_STARTED = 5  # steps done: the whole Voorbereiding and Aanpak
# (theme, finding, mijlpaal, action title, budget, timing) for the demo results of a project
DEMO_RESULTS = [
    (
        "Bereikbaarheid",
        "Inwoners weten niet dat ze bij de gemeente terecht kunnen met geldzorgen.",
        "op_zoek",
        "Campagne 'Geldzorgen? Praat erover' met huisartsen en scholen",
        Decimal("12000"),
        "later",
    ),
    (
        "Bereikbaarheid",
        "Het aanmeldformulier vraagt te veel papieren voordat er een gesprek is.",
        "in_contact",
        "Aanmelden zonder papierwerk: eerst een gesprek",
        Decimal("0"),
        "quick_win",
    ),
    (
        "Samenwerking",
        "Signalen van de woningcorporatie komen pas na maanden bij ons binnen.",
        "in_beeld",
        "Afspraken met de woningcorporatie over vroege signalen",
        Decimal("2500"),
        "quick_win",
    ),
    (
        "Samenwerking",
        "Inwoners moeten hun verhaal bij elke organisatie opnieuw vertellen.",
        "in_gesprek",
        "Eén gedeeld dossier (met toestemming) voor alle hulpverleners",
        Decimal("45000"),
        "later",
    ),
]
STEP_ORDER = [
    "voorbereiding.reikwijdte",
    "voorbereiding.besluitvorming",
    "voorbereiding.projectleider",
    "voorbereiding.projectplan",
    "uitvoering.aanpak",
    "uitvoering.uitnodigen",
    "uitvoering.sessies",
    "uitvoering.resultaten",
    "uitvoering.implementatieplan",
    "borging.reguliere_taken",
    "borging.opdrachten",
    "borging.archivering",
]


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


class _Loader:
    def __init__(self):
        self.created = 0
        self._password_hash = None

    def get_or_create(self, model, lookup: dict, **values):
        found = db.session.scalars(sa.select(model).filter_by(**lookup)).first()
        if found is not None:
            return found
        record = model(**lookup, **values)
        db.session.add(record)
        db.session.flush()
        self.created += 1
        return record

    def user(self, email: str, name: str, **flags) -> User:
        user = db.session.scalars(sa.select(User).filter_by(email=email)).first()
        if user is None:
            user = User(email=email, name=name, active=True, **flags)
            # The demo password is public and shared; hashing it once keeps `make run` quick.
            if self._password_hash is None:
                user.set_password(DEMO_PASSWORD)
                self._password_hash = user.password_hash
            user.password_hash = self._password_hash
            db.session.add(user)
            db.session.flush()
            self.created += 1
        return user


def load_demo(today: date | None = None) -> int:
    """Create what is missing; returns the number of records created (0 on a second run)."""
    today = today or date.today()
    loader = _Loader()
    loader.user("beheerder@demo.rfz", "Bea Beheerder", is_beheerder=True)
    begeleider = loader.user("procesbegeleider@demo.rfz", "Pieter Procesbegeleider (VNG)", is_procesbegeleider=True)
    for gemeente_name, project_name, scope, mijlpalen, question, weeks_ago, done in DEMO_PROJECTS:
        gemeente = loader.get_or_create(Gemeente, {"name": gemeente_name})
        slug = _slug(gemeente_name)
        leider = loader.user(f"projectleider.{slug}@demo.rfz", f"Projectleider {gemeente_name}")
        lid = loader.user(f"teamlid.{slug}@demo.rfz", f"Teamlid {gemeente_name}")
        loader.get_or_create(
            Membership, {"user_id": leider.id, "gemeente_id": gemeente.id}, role=MembershipRole.PROJECTLEIDER
        )
        loader.get_or_create(Membership, {"user_id": lid.id, "gemeente_id": gemeente.id}, role=MembershipRole.TEAMLID)
        loader.get_or_create(ProcesbegeleiderAssignment, {"user_id": begeleider.id, "gemeente_id": gemeente.id})
        project = db.session.scalars(sa.select(Project).filter_by(gemeente_id=gemeente.id, name=project_name)).first()
        if project is None:
            project = _demo_project(
                loader,
                gemeente,
                leider,
                lid,
                project_name,
                scope,
                mijlpalen,
                question,
                today - timedelta(weeks=weeks_ago),
                done,
            )
        if done >= UITVOERING_STARTED:
            _demo_uitvoering(loader, project, leider, lid, today)
    db.session.commit()
    return loader.created


def _demo_project(loader, gemeente, leider, lid, name, scope, mijlpalen, question, start, done):
    project = Project(
        gemeente_id=gemeente.id,
        name=name,
        scope_type=scope,
        spoor="inwoner",
        central_question=question,
        reasons=["knelpunten_uitvoering"],
        reason_note="",
        start_date=start,
        created_by_id=leider.id,
        mijlpaal_rows=[ProjectMijlpaal(mijlpaal=k) for k in mijlpalen],
    )
    db.session.add(project)
    db.session.flush()
    loader.created += 1
    for index, step_key in enumerate(STEP_ORDER[: done + 1]):
        status = StepStatus.AFGEROND if index < done else StepStatus.BEZIG
        db.session.add(
            StepState(
                project_id=project.id,
                step_key=step_key,
                status=status,
                owner_id=leider.id if index % 2 == 0 else lid.id,
                due_date=start + timedelta(weeks=index + 1),
                notes="",
            )
        )
    db.session.add_all(
        [
            TeamMember(
                project_id=project.id,
                user_id=leider.id,
                name=leider.name,
                discipline="beleid",
                team_role=TeamRole.PROJECTLEIDER,
            ),
            TeamMember(
                project_id=project.id, user_id=lid.id, name=lid.name, discipline="uitvoering", team_role=TeamRole.LID
            ),
            TeamMember(
                project_id=project.id,
                name=f"Directeur sociaal domein {gemeente.name}",
                discipline="directie",
                team_role=TeamRole.OPDRACHTGEVER,
            ),
        ]
    )
    decision = None
    if done >= 2:
        decision = Decision(
            project_id=project.id,
            step_key="voorbereiding.besluitvorming",
            title="Start van het project",
            decided_on=start + timedelta(weeks=2),
            decided_by="Directie sociaal domein",
            budget=Decimal("25000.00"),
            capacity_hours=320,
            rationale="Budget en uren voor de sessies en het projectteam vrijgemaakt.",
        )
        db.session.add(decision)
    return project


def _demo_uitvoering(loader, project, leider, lid, today) -> None:
    """Sessions, findings in themes and actions, for demo projects that are in the Uitvoering."""
    if db.session.scalars(sa.select(Sessie.id).filter_by(project_id=project.id)).first() is not None:
        return
    first = project.start_date + timedelta(weeks=6)
    plan = [
        ("kick_off", []),
        ("inwoners", ["op_zoek", "in_beeld"]),
        ("professionals", ["in_contact", "in_gesprek"]),
        ("bedrijfsvoering", []),
        ("resultaten", []),
    ]
    sessies = []
    for index, (session_type, keys) in enumerate(plan):
        on_date = first + timedelta(weeks=2 * index)
        sessie = Sessie(
            project_id=project.id,
            session_type=session_type,
            option="a" if keys else None,
            on_date=on_date,
            start_time=time(13, 30),
            duration_minutes=120,
            mode=SessieMode.FYSIEK,
            location="Stadskantoor, zaal 3",
            procesbegeleider="Pieter Procesbegeleider (VNG)",
            administrator=lid.name,
            status=SessieStatus.AFGEROND if on_date < today else SessieStatus.GEPLAND,
            mijlpaal_rows=[SessieMijlpaal(mijlpaal=k) for k in keys],
        )
        db.session.add(sessie)
        sessies.append(sessie)
    db.session.flush()
    db.session.add(Participant(sessie_id=sessies[1].id, group=ParticipantGroup.INWONER, headcount=6))
    themes = {}
    for theme_name, text, mijlpaal, title, budget, timing in DEMO_RESULTS:
        if theme_name not in themes:
            themes[theme_name] = Theme(project_id=project.id, name=theme_name)
            db.session.add(themes[theme_name])
            db.session.flush()
        action = Action(
            project_id=project.id,
            theme_id=themes[theme_name].id,
            title=title,
            description=text,
            mijlpaal=mijlpaal,
            owner=leider.name,
            deadline=today + timedelta(weeks=8),
            budget=budget,
            timing=ActionTiming(timing),
            needs_decision=budget > 10000,
        )
        db.session.add(action)
        db.session.flush()
        db.session.add(
            Finding(
                project_id=project.id,
                sessie_id=sessies[1].id,
                mijlpaal=mijlpaal,
                text=text,
                theme_id=themes[theme_name].id,
                action_id=action.id,
            )
        )
    loader.created += len(sessies) + len(themes) + 2 * len(DEMO_RESULTS) + 1
