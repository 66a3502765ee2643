"""A complete DocumentContext without a database: for trying out (uploaded) templates and for tests.

`sample_context()` fills every field; `hostile=True` puts text in it that breaks careless renderers
(markup characters, emoji, newlines, very long text); `empty_context()` is a project just started.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

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

HOSTILE = "Tekst met <b>tags</b> & \"aanhalingstekens\" 'enkel' {{ geen_code }} 💶🧾\nop een tweede regel"
LONG = "Lange tekst. " * 800  # about 10,000 characters


def _text(base: str, hostile: bool) -> str:
    return f"{base} — {HOSTILE}" if hostile else base


def sample_context(hostile: bool = False, today: date = date(2026, 3, 2)) -> DocumentContext:
    t = lambda base: _text(base, hostile)  # noqa: E731
    start = date(2026, 1, 5)
    steps = (
        StepInfo(
            1,
            "Reikwijdte bepalen",
            "Afgerond",
            "Petra Leider",
            start + timedelta(weeks=1),
            t("Klaar"),
            "",
            ("Beleid/kwaliteit", "Uitvoering", "Directie"),
        ),
        StepInfo(2, "Besluitvorming", "Bezig", "", None, "", "", ("Directie",)),
    )
    phases = (
        PhaseInfo(
            1,
            "Voorbereiding",
            "Bepalen waar u aan werkt.",
            start,
            start + timedelta(weeks=6, days=-1),
            6,
            4,
            6,
            "Bezig",
            steps,
            False,
        ),
        PhaseInfo(
            2,
            "Uitvoering",
            "Sessies en resultaten.",
            start + timedelta(weeks=6),
            start + timedelta(weeks=16, days=-1),
            10,
            8,
            10,
            "Nog niet gestart",
            (),
            True,
        ),
        PhaseInfo(
            3,
            "Borging",
            "Blijvend goed regelen.",
            start + timedelta(weeks=16),
            start + timedelta(weeks=22, days=-1),
            6,
            4,
            6,
            "Nog niet gestart",
            (),
            False,
        ),
    )
    mijlpalen = (
        MijlpaalInfo(
            "op_zoek", 1, "Op zoek", "De inwoner zoekt hulp.", (), "hulp zoeken en vinden", "Waar zocht u hulp?"
        ),
        MijlpaalInfo(
            "in_beeld",
            2,
            "In beeld",
            "De gemeente ziet de signalen.",
            (
                ChecklistItemInfo(t("Hulpverleners werken in één registratiesysteem."), "Doen we al", t("Sinds 2025")),
                ChecklistItemInfo("Signalen worden binnen de wettelijke termijn opgevolgd.", "Nog niet beantwoord", ""),
            ),
        ),
    )
    blueprint = (
        BlueprintStepInfo(
            t("Brief ontvangen"), t("Leest de brief"), "Stuurt de brief", "Maakt de brief op", "Zaaksysteem"
        ),
    )
    finding = FindingInfo(
        t("De brief is moeilijk te begrijpen."), "In beeld", "Inwoner", "Communicatie", t("Sessie met inwoners"), True
    )
    sessies = (
        SessieInfo(
            1,
            "Kick-off",
            "kick_off",
            "Kick-off",
            "kick_off",
            False,
            (),
            (),
            "",
            "",
            date(2026, 2, 16),
            time(13, 30),
            time(15, 0),
            90,
            False,
            t("Stadhuis, zaal 2"),
            "",
            t("Paul Begeleider"),
            "Tom Lid",
            t("Welkom\nKennismaken"),
            "Gepland (uitnodigingen verstuurd)",
            12,
            (("Collega", 12),),
            (),
            (),
            (),
        ),
        SessieInfo(
            2,
            t("Sessie met inwoners: Op zoek, In beeld"),
            "inwoners",
            "Sessie met inwoners",
            "mijlpaal",
            True,
            ("Op zoek", "In beeld"),
            ("op_zoek", "in_beeld"),
            "b",
            "Optie B: nieuwe inwonersreis en Service Blueprint maken",
            date(2026, 3, 2),
            time(13, 30),
            time(16, 0),
            150,
            False,
            "Wijkcentrum De Brug",
            "",
            "Paul Begeleider",
            "Tom Lid",
            t("Reis tekenen"),
            "Concept",
            6,
            (("Inwoner", 5), ("Professional", 1)),
            blueprint,
            (finding,),
            (AgreementInfo("Tom Lid", "Werkt de resultaten uit", t("Verslag"), date(2026, 3, 9)),),
            t("Bus 3 tot de halte Markt"),
            t("Gelijkvloers, met een aangepast toilet"),
            t("Wij betalen uw reiskosten terug."),
            date(2026, 2, 23),
            ("hulp zoeken en vinden", "een brief of telefoontje als rekeningen blijven liggen"),
            ("Waar zocht u hulp?", "Kreeg u bericht toen u achterliep met betalen?"),
        ),
        SessieInfo(
            3,
            "Sessie met professionals: In contact",
            "professionals",
            "Sessie met professionals",
            "mijlpaal",
            False,
            ("In contact",),
            ("in_contact",),
            "a",
            "Optie A: samenvatting van de mijlpaal bespreken",
            date(2026, 3, 16),
            time(9, 30),
            time(11, 30),
            120,
            True,
            "",
            "https://meet.example/rfz",
            "",
            "",
            "",
            "Concept",
            0,
            (),
            (),
            (),
            (),
        ),
    )
    actions = (
        ActionInfo(
            t("Brief herschrijven op B1-niveau"),
            t("Samen met inwoners."),
            "Communicatie",
            "In beeld",
            "",
            "Tom Lid",
            date(2026, 4, 1),
            Decimal("2500.50"),
            "Open",
            "quick_win",
            "Quick win (nu)",
            False,
            "",
            False,
        ),
        ActionInfo(
            "Eén dossier voor alle hulpverleners",
            "",
            "Samenwerking",
            "In gesprek",
            "Informatiekundig- en data adviseur",
            "",
            date(2026, 9, 1),
            Decimal("45000"),
            "Open",
            "later",
            "Later",
            True,
            "Nog te nemen",
            False,
        ),
        ActionInfo(
            "Folder bij de huisarts",
            "",
            "Zonder thema",
            "",
            "",
            "Anna",
            None,
            None,
            "Bezig",
            "onbepaald",
            "Nog niet bepaald",
            False,
            "",
            True,
        ),
    )
    themes = (
        ThemeInfo("Communicatie", t("Begrijpelijk schrijven"), (finding,), (actions[0],), Decimal("2500.50"), 1, 0),
        ThemeInfo("Samenwerking", "", (), (actions[1],), Decimal("45000"), 0, 1),
        ThemeInfo("Zonder thema", "", (), (actions[2],), Decimal("0"), 0, 0),
    )
    decision = DecisionInfo(
        t("Start van het project"),
        date(2026, 1, 20),
        "Directie sociaal domein",
        Decimal("25000"),
        320,
        t("Uren voor de sessies"),
        "Besluitvorming",
    )
    tasks = (
        TaskInfo(
            t("Monitoring van de doorlooptijden"),
            "Monitoring",
            t("Elk kwartaal cijfers"),
            "Tom Lid",
            "Schuldhulp",
            Decimal("4.5"),
            "Per maand",
            Decimal("54"),
            True,
            True,
            decision.title,
            date(2026, 9, 1),
        ),
    )
    return DocumentContext(
        today=today,
        gemeente="Venlo",
        project_name=t("Het ideale integrale proces"),
        scope_selection="meerdere_mijlpalen",
        scope_label="Combinatie van mijlpalen",
        scope_description="Een paar mijlpalen samen.",
        rol="",
        spoor="Inwoner",
        central_question=t("Hoe bereiken we inwoners eerder?"),
        reasons=("Ambitie van de organisatie",),
        reason_note=t("Raadsmotie"),
        start_date=start,
        mijlpalen=mijlpalen,
        phases=phases,
        team=(
            TeamMemberInfo("Petra Leider", "Projectleider", "Beleid"),
            TeamMemberInfo(t("Directeur Jansen"), "Opdrachtgever", "Directie / management"),
            TeamMemberInfo("Tom Lid", "Teamlid", "Uitvoering"),
        ),
        opdrachtgever=t("Directeur Jansen"),
        opdrachtnemer="",
        projectleider="Petra Leider",
        plan=PlanInfo(
            t("Eerder hulp bieden"), "Alleen schuldhulp", "", t("In drie fasen"), "", "", t("Te weinig tijd")
        ),
        decisions=(decision,),
        decided_budget=Decimal("25000"),
        decided_hours=320,
        sessies=sessies,
        themes=themes,
        actions=actions,
        actions_budget=Decimal("47500.50"),
        decisions_needed=(actions[1],),
        tasks=tasks,
        hours_per_year=Decimal("54"),
        contact=ContactInfo("Petra Leider", t("Projectleider schuldhulp"), "077 123 45 67", "pl@venlo.example"),
        risks=(
            RiskInfo(t("Te weinig tijd voor de sessies"), "Middel", "Hoog", t("Uren vrijmaken")),
            RiskInfo("Inwoners komen niet", "Laag", "Middel", ""),
        ),
    )


def hostile_context() -> DocumentContext:
    """Every text hostile, and the central question and a plan field 10,000 characters long."""
    context = sample_context(hostile=True)
    return replace(
        context, central_question=context.central_question + LONG, plan=replace(context.plan, risks=LONG + HOSTILE)
    )


def empty_context(today: date = date(2026, 3, 2)) -> DocumentContext:
    """A project that was just created: a scope and a start date, nothing else."""
    full = sample_context(today=today)
    return replace(
        full,
        rol="",
        reasons=(),
        reason_note="",
        team=(),
        opdrachtgever="",
        opdrachtnemer="",
        projectleider="",
        contact=ContactInfo(),
        risks=(),
        plan=PlanInfo("", "", "", "", "", "", ""),
        decisions=(),
        decided_budget=None,
        decided_hours=None,
        sessies=(),
        themes=(),
        actions=(),
        actions_budget=Decimal("0"),
        decisions_needed=(),
        tasks=(),
        hours_per_year=Decimal("0"),
        mijlpalen=tuple(replace(m, checklist=()) for m in full.mijlpalen),
        phases=tuple(replace(p, status="Nog niet gestart", steps=()) for p in full.phases),
    )
