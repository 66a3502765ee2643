"""Checklist comparison: per checklist item of the routekaart, how many gemeenten of the view gave each answer,
and which, grouped by mijlpaal.

Answers are kept per project. A gemeente counts once per item: with the answer of its project that changed
it last (an answer taken back does not count). The gemeente's own checklist items are its own and are not
compared. One statement, however many gemeenten and answers: the latest answers are ranked, and their
gemeenten's names gathered per item and answer in SQL, with the number of gemeenten of the view alongside;
the comparison is kept per process until the data changes (kept.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import kept
from ..extensions import db
from ..kept import Kept
from ..models import ChecklistAnswer, ChecklistStatus, Gemeente, Project, User
from ..routekaart import ChecklistItem, current_routekaart
from .reach import in_reach, reach_key, require_vng

GENERAL_LABEL = "Algemeen (voor alle mijlpalen)"
STATUSES = tuple(ChecklistStatus)
# Between the names of one group in SQL; a control character, which no stored name holds (inputs.clean_value).
NAME_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class AnswerCount:
    status: ChecklistStatus
    names: tuple[str, ...]  # the gemeenten, alphabetically

    @property
    def count(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class ItemComparison:
    item: ChecklistItem
    rol_label: str
    laag_label: str
    answers: tuple[AnswerCount, ...]  # one per status, in the order of STATUSES
    unanswered: int  # gemeenten of the view without an answer to this item

    @property
    def answered(self) -> int:
        return sum(a.count for a in self.answers)


@dataclass(frozen=True)
class ComparisonGroup:
    key: str
    label: str
    items: tuple[ItemComparison, ...]

    @property
    def anchor(self) -> str:
        return f"mijlpaal-{self.key or 'algemeen'}"


@dataclass(frozen=True)
class ChecklistComparison:
    groups: tuple[ComparisonGroup, ...]
    gemeente_count: int
    statuses: tuple[ChecklistStatus, ...] = STATUSES

    @property
    def answered_any(self) -> bool:
        return any(item.answered for group in self.groups for item in group.items)


def _gemeente_count(actor: User) -> sa.ScalarSelect:
    return sa.select(sa.func.count(Gemeente.id)).where(in_reach(actor, Gemeente.id)).scalar_subquery()


def _latest_answers(actor: User) -> sa.Select:
    """(item key, answer, the names of the gemeenten, how many gemeenten the view holds) for each gemeente's
    latest answer per item; the count rides along so that the page needs one statement."""
    ranked = (
        sa.select(
            Project.gemeente_id,
            ChecklistAnswer.item_key,
            ChecklistAnswer.answer,
            sa.func.row_number()
            .over(
                partition_by=(Project.gemeente_id, ChecklistAnswer.item_key),
                order_by=(ChecklistAnswer.updated_at.desc(), ChecklistAnswer.id.desc()),
            )
            .label("rank"),
        )
        .join(Project, Project.id == ChecklistAnswer.project_id)
        .where(
            in_reach(actor, Project.gemeente_id),
            ChecklistAnswer.item_key.is_not(None),
            ChecklistAnswer.answer.is_not(None),
        )
        .subquery()
    )
    return (
        sa.select(
            ranked.c.item_key,
            ranked.c.answer,
            sa.func.aggregate_strings(Gemeente.name, NAME_SEPARATOR),
            _gemeente_count(actor),
        )
        .join(Gemeente, Gemeente.id == ranked.c.gemeente_id)
        .where(ranked.c.rank == 1)
        .group_by(ranked.c.item_key, ranked.c.answer)
    )


# The comparison is the same for every request of a view until the data changes (kept.py).
_KEPT: Kept[ChecklistComparison] = Kept("checklist_comparison")


def checklist_comparison(actor: User) -> ChecklistComparison:
    """One statement while nothing changed (the marker), two otherwise."""
    require_vng(actor)
    return _KEPT.get_or_make(reach_key(actor), kept.read_marker(), lambda: _comparison(actor))


def _comparison(actor: User) -> ChecklistComparison:
    rk = current_routekaart()
    names: dict[tuple[str, ChecklistStatus], tuple[str, ...]] = {}
    rows = db.session.execute(_latest_answers(actor)).all()
    for item_key, answer, joined, _count in rows:
        names[item_key, answer] = tuple(sorted(joined.split(NAME_SEPARATOR), key=str.casefold))
    # Without any answer there is no row to carry the count: then it takes a statement of its own.
    gemeente_count = rows[0][3] if rows else db.session.scalar(sa.select(_gemeente_count(actor))) or 0

    def compare(item: ChecklistItem) -> ItemComparison:
        answers = tuple(AnswerCount(status=s, names=names.get((item.key, s), ())) for s in STATUSES)
        rol, laag = rk.get("rol", item.rol), rk.get("laag", item.laag)
        return ItemComparison(
            item=item,
            rol_label=rol.label if rol else "",
            laag_label=laag.label if laag else "",
            answers=answers,
            unanswered=max(0, gemeente_count - sum(a.count for a in answers)),
        )

    groups = []
    for key in [m.key for m in rk.mijlpalen] + [""]:
        items = tuple(compare(i) for i in rk.checklist if (i.mijlpaal or "") == key)
        if items:
            mijlpaal = rk.get("mijlpaal", key) if key else None
            groups.append(ComparisonGroup(key=key, label=mijlpaal.label if mijlpaal else GENERAL_LABEL, items=items))
    return ChecklistComparison(groups=tuple(groups), gemeente_count=gemeente_count)
