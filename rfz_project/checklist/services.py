"""The routekaart as checklist: answer every item of the project's mijlpalen, see the gaps per mijlpaal,
and add the gemeente's own items.

Every function takes the acting user, loads the project through `access`, validates, and commits once.
An item is named on the page and in forms by its *ref*: the routekaart key, or `eigen-<id>` for an own
item (routekaart keys are lowercase with underscores, so the two can never collide).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..access import Need
from ..errors import ConflictError, NotFound, ValidationError
from ..extensions import db
from ..models import Action, ChecklistAnswer, ChecklistStatus, CustomChecklistItem, Project, User
from ..routekaart import Routekaart, current_routekaart
from ..services_common import commit_or_conflict, save_row, text_errors

GENERAL = ""  # group key of the items that belong to no single mijlpaal
GENERAL_LABEL = "Algemeen (voor alle mijlpalen)"
CUSTOM_PREFIX = "eigen-"
NOTE_MAX = 5000
CUSTOM_TEXT_MAX = 500
ACTION_TITLE_MAX = 200  # Action.title is a String(200)
STATUSES = tuple(ChecklistStatus)
UNANSWERED_LABEL = "Nog niet beantwoord"


def custom_ref(item_id: int) -> str:
    return f"{CUSTOM_PREFIX}{item_id}"


def clean_note(text: str) -> str:
    """Browsers send textarea line breaks as CRLF; store one form so 'unchanged' compares equal."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def fingerprint(answer: str, note: str) -> str:
    """What the user saw of one item when the form was shown. Comparing the posted values with it tells
    an item the user changed from one someone else changed meanwhile (which must not be overwritten)."""
    return hashlib.sha256(f"{answer}\x00{clean_note(note)}".encode()).hexdigest()[:16]


# --- reading the checklist -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistEntry:
    """One item as the page shows it, with the project's answer (None: never answered)."""

    ref: str
    text: str
    mijlpaal: str
    rol: str
    rol_label: str
    laag_label: str
    custom_id: int | None
    answer: ChecklistAnswer | None

    @property
    def status(self) -> ChecklistStatus | None:
        return self.answer.answer if self.answer is not None else None

    @property
    def answer_value(self) -> str:
        return self.status.value if self.status is not None else ""

    @property
    def status_label(self) -> str:
        return self.status.label if self.status is not None else UNANSWERED_LABEL

    @property
    def note(self) -> str:
        return self.answer.note if self.answer is not None else ""

    @property
    def version(self) -> int | None:
        return self.answer.version if self.answer is not None else None

    @property
    def action(self) -> Action | None:
        return self.answer.action if self.answer is not None else None

    @property
    def seen(self) -> str:
        return fingerprint(self.answer_value, self.note)

    @property
    def meta(self) -> str:
        """Where the item comes from, shown under its text."""
        if self.custom_id is not None:
            return "Eigen punt van uw gemeente"
        parts = (self.rol_label and f"Rol: {self.rol_label}", self.laag_label and f"Laag: {self.laag_label}")
        return " · ".join(part for part in parts if part)


@dataclass(frozen=True)
class Tally:
    """Counts per answer; a gap is something the gemeente does not do yet or has not looked at."""

    counts: dict[str, int]
    unanswered: int

    def count(self, status: ChecklistStatus) -> int:
        return self.counts.get(status.value, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.unanswered

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def gaps(self) -> int:
        return self.count(ChecklistStatus.NOG_NIET) + self.unanswered

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def tally(entries) -> Tally:
    counts = {s.value: 0 for s in STATUSES}
    unanswered = 0
    for entry in entries:
        if entry.status is None:
            unanswered += 1
        else:
            counts[entry.status.value] += 1
    return Tally(counts=counts, unanswered=unanswered)


@dataclass(frozen=True)
class ChecklistGroup:
    key: str
    label: str
    entries: list[ChecklistEntry]

    @property
    def anchor(self) -> str:
        return f"groep-{self.key or 'algemeen'}"

    @property
    def tally(self) -> Tally:
        return tally(self.entries)


@dataclass(frozen=True)
class ChecklistPage:
    project: Project
    groups: list[ChecklistGroup]
    can_write: bool
    is_main_screen: bool  # for a scope that uses the routekaart as checklist, this page is the heart of it

    @property
    def entries(self) -> list[ChecklistEntry]:
        return [e for g in self.groups for e in g.entries]

    def entry(self, ref: str) -> ChecklistEntry | None:
        return next((e for e in self.entries if e.ref == ref), None)

    @property
    def totals(self) -> Tally:
        return tally(self.entries)


_PAGE_LOADS = (joinedload(Project.gemeente), selectinload(Project.mijlpaal_rows))


def _shown_in(project: Project, item: CustomChecklistItem) -> bool:
    """A project shows the gemeente's own items for its mijlpalen, and the general ones."""
    return item.mijlpaal is None or item.mijlpaal in project.mijlpaal_keys


def _visible_custom_items(project: Project) -> list[CustomChecklistItem]:
    """The gemeente's own items that this project shows."""
    items = db.session.scalars(
        sa.select(CustomChecklistItem)
        .where(CustomChecklistItem.gemeente_id == project.gemeente_id)
        .order_by(CustomChecklistItem.id)
    )
    return [item for item in items if _shown_in(project, item)]


def _answer_ref(answer: ChecklistAnswer) -> str:
    if answer.item_key is not None:
        return answer.item_key
    assert answer.custom_item_id is not None  # the check constraint one_item: exactly one of the two is set
    return custom_ref(answer.custom_item_id)


def _answers(project: Project) -> dict[str, ChecklistAnswer]:
    answers = db.session.scalars(
        sa.select(ChecklistAnswer)
        .where(ChecklistAnswer.project_id == project.id)
        .options(selectinload(ChecklistAnswer.action))
    )
    return {_answer_ref(a): a for a in answers}


def _label(rk: Routekaart, kind: str, key: str) -> str:
    item = rk.get(kind, key) if key else None
    return item.label if item else ""


def _entries(rk: Routekaart, project: Project, customs, answers) -> list[ChecklistEntry]:
    entries = [
        ChecklistEntry(
            ref=i.key,
            text=i.text,
            mijlpaal=i.mijlpaal,
            rol=i.rol,
            rol_label=_label(rk, "rol", i.rol),
            laag_label=_label(rk, "laag", i.laag),
            custom_id=None,
            answer=answers.get(i.key),
        )
        for i in rk.checklist_for(project.mijlpaal_keys)
    ]
    entries += [
        ChecklistEntry(
            ref=custom_ref(c.id),
            text=c.text,
            mijlpaal=c.mijlpaal or GENERAL,
            rol="",
            rol_label="",
            laag_label="",
            custom_id=c.id,
            answer=answers.get(custom_ref(c.id)),
        )
        for c in customs
    ]
    return entries


def _groups(rk: Routekaart, project: Project, entries: list[ChecklistEntry]) -> list[ChecklistGroup]:
    """One group per mijlpaal of the project in route order (also when it has no items yet, so the
    gemeente sees where it could add its own), and the general items last."""
    keys = rk.mijlpaal_order(project.mijlpaal_keys) + [GENERAL]
    by_key: dict[str, list[ChecklistEntry]] = {key: [] for key in keys}
    for entry in entries:
        by_key[entry.mijlpaal].append(entry)
    return [
        ChecklistGroup(key=key, label=_label(rk, "mijlpaal", key) if key else GENERAL_LABEL, entries=items)
        for key, items in by_key.items()
        if key or items
    ]


def checklist_page(actor: User, project_id: int, need: Need = Need.READ) -> ChecklistPage:
    """The whole checklist of a project with its answers, in a fixed number of queries."""
    rk = current_routekaart()
    project = access.get_project(actor, project_id, need, options=_PAGE_LOADS)
    entries = _entries(rk, project, _visible_custom_items(project), _answers(project))
    scope = rk.get("scope_type", project.scope_type)
    return ChecklistPage(
        project=project,
        groups=_groups(rk, project, entries),
        can_write=access.can(actor, project, Need.WRITE),
        is_main_screen=scope is not None and scope.selection == "checklist",
    )


# --- answering -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    """One item as posted: `answer` is a ChecklistStatus value or '' (not answered); `version` and
    `seen` are what the form was built from."""

    ref: str
    answer: str = ""
    note: str = ""
    version: int | None = None
    seen: str = ""


class ChecklistConflict(ConflictError):
    """Someone else changed these items since the form was shown; `current` maps ref -> stored answer."""

    def __init__(self, current: dict[str, ChecklistAnswer | None]):
        self.current = current
        super().__init__()


@dataclass(frozen=True)
class SaveResult:
    changed: int
    actions: list[Action]


def _validate(inputs: list[AnswerInput]) -> None:
    """Errors are keyed by the page's field names (`<ref>-answer`, `<ref>-note`), all at once."""
    known = {s.value for s in STATUSES}
    errors: dict[str, list[str]] = {}
    for data in inputs:
        if data.answer and data.answer not in known:
            errors[f"{data.ref}-answer"] = ["Kies een van de antwoorden."]
        if len(data.note) > NOTE_MAX:
            errors[f"{data.ref}-note"] = [f"De toelichting mag maximaal {NOTE_MAX} tekens lang zijn."]
    if errors:
        raise ValidationError(errors)


def _is_change(entry: ChecklistEntry, data: AnswerInput) -> bool:
    """The user touched it, and it differs from what is stored (two people making the same change
    is not a conflict)."""
    touched = fingerprint(data.answer, data.note) != data.seen
    return touched and (entry.answer_value, entry.note) != (data.answer, data.note)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _action_for(project: Project, entry: ChecklistEntry, note: str) -> Action:
    description = f"Deze actie komt uit de checklist, bij het punt: {entry.text}"
    if note:
        description += f"\n\nToelichting bij het antwoord: {note}"
    return Action(
        project_id=project.id,
        title=_shorten(entry.text, ACTION_TITLE_MAX),
        description=description,
        mijlpaal=entry.mijlpaal or None,
        rol=entry.rol or None,
    )


def _apply(project: Project, entry: ChecklistEntry, data: AnswerInput) -> Action | None:
    """Store one answer; 'aan de slag' puts an action on the list, once: a linked action stays."""
    answer = entry.answer or ChecklistAnswer(
        project_id=project.id, item_key=entry.ref if entry.custom_id is None else None, custom_item_id=entry.custom_id
    )
    answer.answer = ChecklistStatus(data.answer) if data.answer else None
    answer.note = data.note
    db.session.add(answer)
    if answer.answer is ChecklistStatus.AAN_DE_SLAG and answer.action_id is None:
        answer.action = _action_for(project, entry, data.note)
        return answer.action
    return None


def save_answers(actor: User, project_id: int, inputs: list[AnswerInput]) -> SaveResult:
    """Store every changed answer at once, or nothing: a refused item or a conflict stops the lot.

    An item that is not on this project's checklist (an unknown key, another gemeente's own item) is
    not found. An item someone else changed since the form was shown is a ChecklistConflict.
    """
    page = checklist_page(actor, project_id, Need.WRITE)
    entries = {e.ref: e for e in page.entries}
    if any(data.ref not in entries for data in inputs):
        raise NotFound()
    inputs = [
        AnswerInput(ref=d.ref, answer=(d.answer or "").strip(), note=clean_note(d.note), version=d.version, seen=d.seen)
        for d in inputs
    ]
    _validate(inputs)
    changes = [d for d in inputs if _is_change(entries[d.ref], d)]
    conflicts = {d.ref: entries[d.ref].answer for d in changes if entries[d.ref].version != d.version}
    if conflicts:
        raise ChecklistConflict(conflicts)
    created = [a for d in changes if (a := _apply(page.project, entries[d.ref], d)) is not None]
    commit_or_conflict()
    return SaveResult(changed=len(changes), actions=created)


# --- the gemeente's own items ----------------------------------------------------------------------


@dataclass(frozen=True)
class CustomItemRow:
    item: CustomChecklistItem
    mijlpaal_label: str


@dataclass(frozen=True)
class CustomItemsPage:
    project: Project
    rows: list[CustomItemRow]
    can_write: bool


def _custom_row(rk: Routekaart, item: CustomChecklistItem) -> CustomItemRow:
    return CustomItemRow(item=item, mijlpaal_label=_label(rk, "mijlpaal", item.mijlpaal or "") or GENERAL_LABEL)


def custom_items_page(actor: User, project_id: int, need: Need = Need.READ) -> CustomItemsPage:
    rk = current_routekaart()
    project = access.get_project(actor, project_id, need, options=_PAGE_LOADS)
    order = {key: i for i, key in enumerate(rk.mijlpaal_order(project.mijlpaal_keys))}
    items = sorted(_visible_custom_items(project), key=lambda c: (order.get(c.mijlpaal or "", len(order)), c.id))
    return CustomItemsPage(
        project=project, rows=[_custom_row(rk, c) for c in items], can_write=access.can(actor, project, Need.WRITE)
    )


def _validated_text(project: Project, text: str, mijlpaal: str) -> str:
    text = (text or "").strip()
    errors = text_errors("text", text, CUSTOM_TEXT_MAX, "Beschrijf het punt: wat hoort uw gemeente te doen?")
    if mijlpaal and mijlpaal not in project.mijlpaal_keys:
        errors["mijlpaal"] = ["Kies een mijlpaal van dit project, of 'Algemeen'."]
    if errors:
        raise ValidationError(errors)
    taken = {(c.mijlpaal or "", c.text.casefold()) for c in _visible_custom_items(project)}
    if (mijlpaal, text.casefold()) in taken:
        raise ValidationError({"text": ["Uw gemeente heeft dit punt al bij deze mijlpaal."]})
    return text


def add_custom_item(actor: User, project_id: int, text: str, mijlpaal: str = "") -> CustomChecklistItem:
    """A new own item of the project's gemeente; all its projects with that mijlpaal see it."""
    project = access.get_project(actor, project_id, Need.WRITE, options=_PAGE_LOADS)
    item = CustomChecklistItem(
        gemeente_id=project.gemeente_id, mijlpaal=mijlpaal or None, text=_validated_text(project, text, mijlpaal or "")
    )
    return save_row(item)


@dataclass(frozen=True)
class CustomItemUse:
    """What deleting an own item takes with it, to say so before the user confirms."""

    project: Project
    item: CustomChecklistItem
    answer_count: int
    project_count: int


def get_custom_item(actor: User, project_id: int, item_id: int, need: Need = Need.READ) -> CustomItemUse:
    """An own item that this project shows; another gemeente's item is simply not found."""
    project = access.get_project(actor, project_id, need, options=_PAGE_LOADS)
    item = access.record_in_project(project, CustomChecklistItem, item_id)
    if not _shown_in(project, item):
        raise NotFound()
    answered = sa.select(sa.func.count(), sa.func.count(sa.distinct(ChecklistAnswer.project_id))).where(
        ChecklistAnswer.custom_item_id == item.id
    )
    answer_count, project_count = db.session.execute(answered).one()
    return CustomItemUse(project=project, item=item, answer_count=answer_count, project_count=project_count)


def delete_custom_item(actor: User, project_id: int, item_id: int) -> str:
    """Remove an own item with its answers in every project of the gemeente; actions made from it stay.
    Returns the item's text for the confirmation message."""
    use = get_custom_item(actor, project_id, item_id, Need.WRITE)
    # Explicit, not left to ON DELETE CASCADE: the result must not depend on the backend's settings.
    db.session.execute(sa.delete(ChecklistAnswer).where(ChecklistAnswer.custom_item_id == use.item.id))
    text = use.item.text
    db.session.delete(use.item)
    commit_or_conflict()
    return text
