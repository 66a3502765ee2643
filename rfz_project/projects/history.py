"""A project's history: its audit trail, newest first, one page at a time, in words a user reads.

audit.py stores each change under the column's name, with short texts as values; routekaart keys and ids
of other records stay keys and ids there. This module names the fields (FIELD_LABELS, kept as data per
kind of record), gives routekaart keys their labels, and shows ids as the names of the records, loaded
for the whole page in one query.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from .. import access
from ..access import Need
from ..archive.services import IMPORTED_MARK
from ..audit import EMPTY, SKIPPED_FIELDS, SUMMARY_FIELDS, shorten
from ..extensions import Model, db
from ..models import (
    Action,
    Agreement,
    AuditEvent,
    BlueprintColumn,
    CalendarFeed,
    ChecklistAnswer,
    CustomChecklistItem,
    Decision,
    Finding,
    Initiative,
    Participant,
    Project,
    ProjectMijlpaal,
    ProjectPlan,
    ProjectRisk,
    RegularTask,
    Sessie,
    SessieMijlpaal,
    StepState,
    SupportRequest,
    TeamMember,
    Theme,
    User,
)
from ..results.services import LANES
from ..routekaart import Routekaart, current_routekaart
from .plan import PLAN_SECTIONS, RISKS_NOTE_LABEL

HISTORY_PAGE_SIZE = 50
GONE = "(verwijderd)"  # a record an id points to that no longer exists

# Field names many kinds of record share; a kind's own entry below wins.
COMMON_LABELS: dict[str, str | None] = {
    "title": "Titel",
    "name": "Naam",
    "description": "Omschrijving",
    "status": "Status",
    "mijlpaal": "Mijlpaal",
    "rol": "Rol",
    "text": "Tekst",
    "owner": "Eigenaar",
    "due_date": "Deadline",  # not "Gereed op", which reads as "completed on"
    "step_key": "Stap",
    "budget": "Budget",
    "theme_id": "Thema",
    "action_id": "Actie",
    "decision_id": "Besluit",
}

# What each field of each audited kind of record is called in the history, in the forms' words. None: the
# field is not shown (the project's own gemeente; who created the project, which the row already says; a
# secret). A field missing from both mappings (a new column) reads as its name in words.
FIELD_LABELS: dict[type, dict[str, str | None]] = {
    Project: {
        "gemeente_id": None,
        "created_by_id": None,
        "name": "Naam van het project",
        "scope_type": "Gebruik van de routekaart",
        "spoor": "Spoor",
        "central_question": "Centrale vraag",
        "reasons": "Aanleiding",
        "reason_note": "Toelichting op de aanleiding",
        "start_date": "Startdatum",
        "left_out_disciplines": "Disciplines waar het team zonder werkt",
        "record_keeping": "Afspraken over het bewaren van keuzes, besluiten en documenten",
        # closing and reopening (projects/lifecycle.py); who did it reads as the stored name, which stays
        "closed_at": "Afgesloten op",
        "closed_reason": "Reden van afsluiten",
        "closed_by_id": None,
        "closed_by_name": "Afgesloten door",
    },
    ProjectMijlpaal: {},
    StepState: {"owner_id": "Eigenaar", "notes": "Notities"},
    TeamMember: {"user_id": "Medewerker van de gemeente", "discipline": "Discipline", "team_role": "Rol in het team"},
    ProjectPlan: {**PLAN_SECTIONS, "risks": RISKS_NOTE_LABEL},
    ProjectRisk: {"title": "Risico", "likelihood": "Kans", "impact": "Impact", "measure": "Maatregel"},
    Decision: {
        "decided_on": "Datum van het besluit",
        "decided_by": "Genomen door",
        "capacity_hours": "Capaciteit in uren",
        "rationale": "Toelichting",
    },
    Sessie: {
        "session_type": "Soort sessie",
        "option": "Werkvorm",
        "title": "Eigen titel",
        "on_date": "Datum",
        "start_time": "Begintijd",
        "duration_minutes": "Duur in minuten",
        "mode": "Waar",
        "location": "Plaats",
        "online_url": "Link naar de online sessie",
        "procesbegeleider": "Procesbegeleider",
        "administrator": "Administrator",
        "agenda": "Agenda",
        "route": "Route",
        "accessibility": "Toegankelijkheid",
        "travel_costs": "Reiskosten",
        "reply_by": "Aanmelden of afmelden vóór",
        "contact_user_id": "Contactpersoon voor de uitnodiging",
    },
    SessieMijlpaal: {},
    Participant: {
        "group": "Groep",
        "organisation": "Organisatie of functie",
        "email": "E-mailadres",
        "headcount": "Aantal personen",
        "invitation": "Uitnodiging",
        "mailed_sequence": "Uitnodiging gemaild (versie)",
    },
    CalendarFeed: {"token_hash": None},
    CustomChecklistItem: {"gemeente_id": None},
    ChecklistAnswer: {
        "item_key": "Checklistpunt",
        "custom_item_id": "Eigen checklistpunt",
        "answer": "Antwoord",
        "note": "Toelichting",
    },
    Theme: {},
    Action: {
        "deadline": "Deadline",
        "timing": "Wanneer",
        "needs_decision": "Besluit nodig",
        "source_initiative_id": "Overgenomen van het initiatief",
    },
    Finding: {"rol": "Perspectief of rol"},
    BlueprintColumn: {"position": "Plaats op het bord", **dict(LANES)},
    Agreement: {"who": "Wie", "kind": "Wat", "description": "Toelichting", "due_date": "Uiterlijk"},
    RegularTask: {
        "kind": "Soort taak",
        "department": "Afdeling",
        "hours": "Uren per periode",
        "frequency": "Hoe vaak",
        "needs_directiebesluit": "Directiebesluit nodig",
        "needs_opdrachtomschrijving": "Opdrachtomschrijving voor een afdeling",
        "decision_id": "Besluit waarop de taak rust",
        "starts_on": "Start op",
    },
    # support on request (support/); who asked and who handles read as the stored names, which stay
    SupportRequest: {
        "support_kind": "Soort ondersteuning",
        "message": "Vraag",
        "reply": "Antwoord van de VNG",
        "asked_by_id": None,
        "asked_by_name": "Gevraagd door",
        "handler_id": None,
        "handler_name": "Behandeld door",
        "taken_at": "In behandeling genomen op",
        "closed_at": "Afgesloten op",
    },
    # initiatives shared with other gemeenten (initiatives/); who gave consent, reviewed or withdrew reads as the
    # stored names, which stay; the contact's name, phone and e-mail are personal data and not kept here
    Initiative: {
        "gemeente_id": None,
        "source_action_id": "Gedeeld vanuit de actie",
        "source_item_key": "Gedeeld vanuit het checklistpunt",
        "how_it_works": "Hoe het werkt",
        "link": "Link naar meer informatie",
        "laag": "Laag",
        "contact_name": "Naam van de contactpersoon",
        "contact_function": "Functie van de contactpersoon",
        "contact_phone": "Telefoon van de contactpersoon",
        "contact_email": "E-mail van de contactpersoon",
        "consent_by_name": "Toestemming gegeven door",
        "consent_at": "Toestemming voor de contactgegevens op",
        "consent_by_id": None,
        "reviewed_at": "Beoordeeld op",
        "reviewed_by_id": None,
        "reviewed_by_name": "Beoordeeld door",
        "rejection_reason": "Reden van afwijzen",
        "withdrawn_at": "Ingetrokken op",
        "withdrawn_by_id": None,
        "withdrawn_by_name": "Ingetrokken door",
    },
}

# Before the history named fields itself, audit.py stored some under these words; they still mean the column.
LEGACY_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "eigenaar": ("owner_id",),
    "gereed op": ("due_date",),
    "notities": ("notes",),
    "naam": ("name",),
    "titel": ("title",),
    "omschrijving": ("description",),
    "thema": ("theme_id",),
    "quick win / later": ("timing",),
    "datum": ("decided_on", "on_date"),
    "genomen door": ("decided_by",),
    "capaciteit (uren)": ("capacity_hours",),
    "toelichting": ("rationale",),
    "begintijd": ("start_time",),
    "duur": ("duration_minutes",),
    "locatie": ("location",),
    "online link": ("online_url",),
    "tekst": ("text",),
    "centrale vraag": ("central_question",),
    "reikwijdte": ("scope_type",),
    "startdatum": ("start_date",),
    "uitnodiging": ("invitation",),
    "aantal": ("headcount",),
    "groep": ("group",),
    "actie": ("action_id",),
    "besluit": ("decision_id",),
    "besluit nodig": ("needs_decision",),
    "antwoord": ("answer",),
    "notitie": ("note",),
}

# Fields that hold a routekaart key, or a list of them (LIST_FIELDS): the kind to look the label up by.
OPTION = "session_option"
CHECKLIST_ITEM = "checklist_item"
ROUTEKAART_FIELDS = {
    "mijlpaal": "mijlpaal",
    "rol": "rol",
    "spoor": "spoor",
    "scope_type": "scope_type",
    "step_key": "step",
    "session_type": "session_type",
    "discipline": "discipline",
    "option": OPTION,
    "item_key": CHECKLIST_ITEM,
    "source_item_key": CHECKLIST_ITEM,
    "laag": "laag",
    "reasons": "reason",
    "left_out_disciplines": "discipline",
    "support_kind": "support_kind",
}
LIST_FIELDS = {"reasons", "left_out_disciplines"}

# Records an id may point to, with the column that names them and what keeps the lookup inside the
# project. Ids of anything else (the project's gemeente) are never shown.
REFERENCES: dict[str, tuple[Any, Any, str]] = {
    "user_account": (User, User.name, ""),
    "theme": (Theme, Theme.name, "project"),
    "action": (Action, Action.title, "project"),
    "decision": (Decision, Decision.title, "project"),
    "custom_checklist_item": (CustomChecklistItem, CustomChecklistItem.text, "gemeente"),
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor_name: str
    entity: str
    action: str
    summary: str
    changes: tuple[Change, ...]

    @property
    def is_new(self) -> bool:
        """A new record shows what it got; a change shows before and after."""
        return self.action == "aangemaakt"


@dataclass(frozen=True)
class HistoryPage:
    project: Project
    events: list[HistoryEntry]
    page: int
    pages: int
    total: int


def history_page(actor: User, project_id: int, page: int = 1) -> HistoryPage:
    """The project's audit trail, newest first; a page number out of range shows the nearest page."""
    project = access.get_project(actor, project_id, Need.READ, options=[joinedload(Project.gemeente)])
    of_project = AuditEvent.project_id == project.id
    total = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(of_project)) or 0
    pages = max(1, -(-total // HISTORY_PAGE_SIZE))
    page = min(max(1, page), pages)
    events = list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(of_project)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(HISTORY_PAGE_SIZE)
            .offset((page - 1) * HISTORY_PAGE_SIZE)
        )
    )
    names = _record_names(project, events)
    labels = _ContentLabels(current_routekaart())
    entries = [_entry(event, names, labels) for event in events]
    return HistoryPage(project=project, events=entries, page=page, pages=pages, total=total)


# --- reading one event ----------------------------------------------------------------------------


@cache
def audited_models() -> dict[str, type]:
    """Each audited model by the name its events carry (`__audit_label__`)."""
    return {
        mapper.class_.__audit_label__: mapper.class_
        for mapper in Model.registry.mappers
        if getattr(mapper.class_, "__audit_label__", None)
    }


@cache
def audited_fields(model: type) -> dict[str, Any]:
    """The fields audit.py records for a model: attribute name -> its column."""
    mapper: sa.orm.Mapper = sa.inspect(model)  # columns by attribute name (Participant.group is participant_group)
    return {attr.key: attr.columns[0] for attr in mapper.column_attrs if attr.key not in SKIPPED_FIELDS}


def readable(key: str) -> str:
    """A field no mapping names, in words: needs_directiebesluit -> Needs directiebesluit."""
    words = key.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "Veld"


def field_label(model: type | None, key: str) -> str | None:
    """The Dutch name of a field; None when the history leaves the field out."""
    own = FIELD_LABELS.get(model, {}) if model is not None else {}
    if key in own:
        return own[key]
    if key in COMMON_LABELS:
        return COMMON_LABELS[key]
    return readable(key)


def _column_key(model: type | None, stored: str) -> str:
    """The column a change was stored under: its own name, or a word older events used for it."""
    if model is None:
        return stored
    fields = audited_fields(model)
    if stored in fields:
        return stored
    return next((key for key in LEGACY_FIELD_NAMES.get(stored, ()) if key in fields), stored)


def _reference_table(model: type | None, key: str) -> str | None:
    column = audited_fields(model).get(key) if model is not None else None
    if column is None or not column.foreign_keys:
        return None
    return next(iter(column.foreign_keys)).column.table.name


def _is_imported(event: AuditEvent) -> bool:
    """History of another installation: its ids are that installation's, so they name nothing here."""
    return event.actor_id is None and (event.actor_name or "").endswith(IMPORTED_MARK)


class _ContentLabels:
    """Labels of routekaart keys; an unknown key (content that changed since) stays as it was written."""

    def __init__(self, rk: Routekaart):
        self.rk = rk
        self.options = {o.key: o.label for o in rk.session_options}
        self.checklist = {i.key: i.text for i in rk.checklist}

    def label(self, kind: str, key: str) -> str | None:
        if kind == OPTION:
            return self.options.get(key)
        if kind == CHECKLIST_ITEM:
            return self.checklist.get(key)
        item = self.rk.get(kind, key)
        return item.label if item is not None else None

    def value(self, field: str, text: str) -> str:
        kind = ROUTEKAART_FIELDS[field]
        if text == EMPTY:
            return text
        if field in LIST_FIELDS:
            return ", ".join(self.label(kind, key) or key for key in _listed_keys(text)) or EMPTY
        return self.label(kind, text) or text


def _listed_keys(text: str) -> list[str]:
    """A list of keys as audit.py writes it ("a, b"), or as older events did ("['a', 'b']")."""
    if text.startswith("["):
        try:
            items = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return [text]
        return [str(item) for item in items] if isinstance(items, list) else [text]
    return [part.strip() for part in text.split(",") if part.strip()]


def _record_id(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) < 19 else None


def _stored_changes(event: AuditEvent, model: type | None) -> Iterator[tuple[str, str, str]]:
    """Each change as (column, before, after); an entry that is not a pair of values is skipped."""
    for stored, pair in (event.changes or {}).items():
        if isinstance(pair, list) and len(pair) == 2:
            yield _column_key(model, stored), str(pair[0]), str(pair[1])


def _entry(event: AuditEvent, names: dict[tuple[str, int], str], labels: _ContentLabels) -> HistoryEntry:
    model = audited_models().get(event.entity)
    changes = []
    for key, before, after in _stored_changes(event, model):
        label = field_label(model, key)
        if label is None:
            continue
        table = _reference_table(model, key)
        if table is not None:
            if table not in REFERENCES or _is_imported(event):
                continue
            before, after = (_named(table, value, names) for value in (before, after))
        elif key in ROUTEKAART_FIELDS:
            before, after = (labels.value(key, value) for value in (before, after))
        changes.append(Change(label, shorten(before), shorten(after)))
    return HistoryEntry(
        at=event.at,
        actor_name=event.actor_name,
        entity=event.entity,
        action=_action(model, event),
        summary=_summary(model, event.summary, labels),
        changes=tuple(changes),
    )


def _action(model: type | None, event: AuditEvent) -> str:
    """Closing and reopening a project read as such (projects/lifecycle.py), not as a change of its fields."""
    closed = (event.changes or {}).get("closed_at") if model is Project else None
    if isinstance(closed, list) and len(closed) == 2:
        return "heropend" if closed[1] == EMPTY else "afgesloten"
    return event.action


def _named(table: str, text: str, names: dict[tuple[str, int], str]) -> str:
    record_id = _record_id(text)
    if record_id is None:
        return text  # "leeg", or a text an older event wrote
    return names.get((table, record_id), GONE)


def _summary(model: type | None, summary: str, labels: _ContentLabels) -> str:
    """audit.py names a row by its first filled field of SUMMARY_FIELDS; a routekaart key gets its label."""
    if model is None or not summary:
        return summary
    fields = audited_fields(model)
    for key in SUMMARY_FIELDS:
        kind = ROUTEKAART_FIELDS.get(key)
        if key in fields and kind is not None and (label := labels.label(kind, summary)):
            return label
    return summary


# --- the names of the records the page's ids point to, in one query --------------------------------


def _wanted_ids(events: list[AuditEvent]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        model = audited_models().get(event.entity)
        if model is None or _is_imported(event):
            continue
        for key, before, after in _stored_changes(event, model):
            table = _reference_table(model, key)
            if table in REFERENCES:
                wanted[table].update(i for i in (_record_id(before), _record_id(after)) if i is not None)
    return {table: ids for table, ids in wanted.items() if ids}


def _record_names(project: Project, events: list[AuditEvent]) -> dict[tuple[str, int], str]:
    """(table, id) -> name, for every id the page shows; records of other projects are not looked up."""
    selects = []
    for table, ids in sorted(_wanted_ids(events).items()):
        model, name, scope = REFERENCES[table]
        query = sa.select(
            sa.literal_column(f"'{table}'").label("kind"), model.id.label("id"), sa.cast(name, sa.Text).label("name")
        ).where(model.id.in_(sorted(ids)))
        if scope == "project":
            query = query.where(model.project_id == project.id)
        elif scope == "gemeente":
            query = query.where(model.gemeente_id == project.gemeente_id)
        selects.append(query)
    if not selects:
        return {}
    statement = selects[0] if len(selects) == 1 else sa.union_all(*selects)
    return {(kind, record_id): name for kind, record_id, name in db.session.execute(statement)}
