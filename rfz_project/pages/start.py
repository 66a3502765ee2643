"""The start page: the actor's projects, and what waits for them in support and initiatives, in one statement
beside the login while the list is kept."""

from __future__ import annotations

from dataclasses import dataclass

from ..initiatives import services as initiatives
from ..models import User
from ..projects.overview import StartOverview, start_overview_with
from ..projects.scope import can_start_project
from ..support import services as support


@dataclass(frozen=True)
class StartPage:
    overview: StartOverview
    can_create: bool
    support: support.StartSummary | None
    initiatives_waiting: int | None


def start_page(actor: User, page: int | None = None) -> StartPage:
    """The list's page with the counts of support requests and initiatives awaiting approval read in the
    statement of the list's marker (support and initiatives say what they count; the overview carries it)."""
    support_columns, waiting_columns = support.start_summary_columns(actor), initiatives.waiting_columns(actor)
    overview, values = start_overview_with(actor, page, (*support_columns, *waiting_columns))
    return StartPage(
        overview=overview,
        can_create=can_start_project(actor),
        support=support.start_summary_from(actor, values[: len(support_columns)]),
        initiatives_waiting=initiatives.waiting_from(values[len(support_columns) :]),
    )
