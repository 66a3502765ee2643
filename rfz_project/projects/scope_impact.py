"""What narrowing a project's scope leaves outside it: the records about mijlpalen the new scope drops.

Nothing is deleted when a mijlpaal leaves the scope: the sessies, checklist answers and actions about it stay
in the database and come back into the scope when the mijlpaal is chosen again. But the pages that work per
mijlpaal of the scope (the checklist, the sessie form) no longer offer it, so the scope form lists these
records and asks to confirm before it saves (`scope.update_scope`).

One query per kind of record, whatever their number.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Action, ChecklistAnswer, CustomChecklistItem, Project, Sessie, SessieMijlpaal
from ..routekaart import Routekaart
from ..sessions.calendar import sessie_title


@dataclass(frozen=True)
class AffectedSessie:
    id: int
    title: str
    on_date: date


@dataclass(frozen=True)
class AffectedAction:
    id: int
    title: str


@dataclass(frozen=True)
class ScopeImpact:
    """The mijlpalen a proposed scope drops, and the project's records about them."""

    leaving: tuple[str, ...]  # mijlpaal keys, in route order
    leaving_labels: tuple[str, ...]
    sessies: tuple[AffectedSessie, ...] = ()
    answers: int = 0  # checklist answers (a status or a note) on items of the leaving mijlpalen
    actions: tuple[AffectedAction, ...] = ()

    @property
    def affects_records(self) -> bool:
        return bool(self.sessies or self.answers or self.actions)

    @property
    def confirmation(self) -> str:
        """What the confirm button posts: the mijlpalen the user agreed to drop. A different choice of
        mijlpalen after that asks again."""
        return " ".join(self.leaving)

    def needs_confirmation(self, confirmed: str | None) -> bool:
        return self.affects_records and (confirmed or "").split() != list(self.leaving)


def scope_impact(rk: Routekaart, project: Project, new_mijlpalen: Collection[str]) -> ScopeImpact:
    """What the project's records lose when its scope becomes `new_mijlpalen` (its mijlpaal rows loaded)."""
    leaving = rk.mijlpaal_order(set(project.mijlpaal_keys) - set(new_mijlpalen))
    if not leaving:
        return ScopeImpact(leaving=(), leaving_labels=())
    return ScopeImpact(
        leaving=tuple(leaving),
        leaving_labels=tuple(rk.get("mijlpaal", key).label for key in leaving),
        sessies=_sessies(rk, project, leaving),
        answers=_answers(rk, project, leaving),
        actions=_actions(project, leaving),
    )


def _sessies(rk: Routekaart, project: Project, leaving: list[str]) -> tuple[AffectedSessie, ...]:
    """Sessies about at least one leaving mijlpaal (also when they cover a mijlpaal that stays)."""
    about_leaving = sa.select(SessieMijlpaal.sessie_id).where(SessieMijlpaal.mijlpaal.in_(leaving))
    sessies = db.session.scalars(
        sa.select(Sessie)
        .where(Sessie.project_id == project.id, Sessie.id.in_(about_leaving))
        .options(joinedload(Sessie.mijlpaal_rows))
        .order_by(Sessie.on_date, Sessie.start_time, Sessie.id)
    ).unique()
    return tuple(AffectedSessie(id=s.id, title=sessie_title(rk, s), on_date=s.on_date) for s in sessies)


def _answers(rk: Routekaart, project: Project, leaving: list[str]) -> int:
    """Answers someone gave (a status or a note) on the routekaart's items and the gemeente's own items of
    the leaving mijlpalen; an empty row is no answer."""
    item_keys = [item.key for item in rk.checklist if item.mijlpaal in leaving]
    own_items = sa.select(CustomChecklistItem.id).where(
        CustomChecklistItem.gemeente_id == project.gemeente_id, CustomChecklistItem.mijlpaal.in_(leaving)
    )
    given = sa.or_(ChecklistAnswer.answer.is_not(None), sa.func.length(sa.func.trim(ChecklistAnswer.note)) > 0)
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                ChecklistAnswer.project_id == project.id,
                sa.or_(ChecklistAnswer.item_key.in_(item_keys), ChecklistAnswer.custom_item_id.in_(own_items)),
                given,
            )
        )
        or 0
    )


def _actions(project: Project, leaving: list[str]) -> tuple[AffectedAction, ...]:
    rows = db.session.execute(
        sa.select(Action.id, Action.title)
        .where(Action.project_id == project.id, Action.mijlpaal.in_(leaving))
        .order_by(Action.title, Action.id)
    )
    return tuple(AffectedAction(id=row.id, title=row.title) for row in rows)
