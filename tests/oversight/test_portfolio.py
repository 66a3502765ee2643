"""The VNG portfolio: rows, derived figures, filters, sorting, paging, totals, exports, and who sees what."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import current_app
from openpyxl import load_workbook

from rfz_project import kept
from rfz_project.errors import NotFound
from rfz_project.extensions import db
from rfz_project.models import ActionStatus, ActionTiming, AuditEvent, ProcesbegeleiderAssignment, Project, SessieStatus
from rfz_project.oversight import portfolio as portfolio_module
from rfz_project.oversight import portfolio_export
from rfz_project.oversight.portfolio import SORTS, PortfolioFilter, portfolio
from rfz_project.projects import overview, summaries
from rfz_project.projects.page import project_progress_of
from rfz_project.routekaart import current_routekaart

from .. import factories
from ..test_query_counts import count_queries

TODAY = date.today()
HOSTILE = "Zorg & <b>\"Schuld\"</b> 'vrij' 💶\nregel twee"


def _names(listing):
    return [r.project_name for r in listing.rows]


def _coordinator(world):
    return world.actor(world.coordinator)


# --- who sees what ---------------------------------------------------------------------------------


def test_the_coordinator_sees_every_project_of_every_gemeente(world):
    assert sorted(_names(portfolio(_coordinator(world)))) == ["Kampen project", "Venlo project"]


def test_a_procesbegeleider_sees_only_the_gemeenten_assigned(world):
    listing = portfolio(world.actor(world.procesbegeleider))
    assert _names(listing) == ["Venlo project"]
    assert listing.count == 1


@pytest.mark.parametrize("who", ["projectleider", "lezer", "beheerder", "other_projectleider"])
def test_nobody_else_has_a_portfolio(world, who):
    with pytest.raises(NotFound):
        portfolio(world.actor(getattr(world, who)))


# --- the rows --------------------------------------------------------------------------------------


def test_a_row_shows_the_progress_the_project_page_derives(world):
    factories.team_member(world.project)
    factories.decision(world.project, decided_on=date(2026, 1, 10), decided_by="College", budget=Decimal(1000))
    row = next(r for r in portfolio(_coordinator(world)).rows if r.project_id == world.project.id)
    derived, project_facts = project_progress_of(db.session.get(Project, world.project.id), TODAY)
    assert row.progress.phase_label == derived.current_label
    assert row.progress.percent == derived.percent
    assert row.progress.schedule_text == derived.schedule_text
    assert row.progress.late_steps == len(derived.late_steps)
    assert row.gemeente_name == "Venlo" and row.scope_label == "Hele routekaart"
    assert row.begeleiders == ("Paul Begeleider",)


def test_a_row_has_the_next_sessie_late_actions_open_requests_and_last_activity(world):
    later = factories.sessie(world.project, on_date=TODAY + timedelta(days=10))
    factories.sessie(world.project, on_date=TODAY + timedelta(days=20))
    factories.sessie(world.project, on_date=TODAY - timedelta(days=3))  # not held, but in the past: not next
    factories.action(world.project, deadline=TODAY - timedelta(days=2))
    factories.support_request(world.project)
    factories.support_request(world.project, status="afgerond")
    row = next(r for r in portfolio(_coordinator(world)).rows if r.project_id == world.project.id)
    assert row.next_sessie is not None and row.next_sessie.on_date == later.on_date
    assert row.next_sessie.name
    assert row.progress.late_actions == 1
    assert row.open_requests == 1
    newest = db.session.scalar(sa.select(sa.func.max(AuditEvent.at)).where(AuditEvent.project_id == world.project.id))
    assert row.last_activity == newest


def test_the_figures_follow_a_change_of_the_project(world):
    actor = _coordinator(world)
    before = next(r for r in portfolio(actor).rows if r.project_id == world.project.id)
    assert before.progress.late_actions == 0
    factories.action(world.project, deadline=TODAY - timedelta(days=5))
    after = next(r for r in portfolio(actor).rows if r.project_id == world.project.id)
    assert after.progress.late_actions == 1


def test_closed_projects_are_left_out_unless_asked_for(world):
    project = db.session.get(Project, world.other_project.id)
    project.closed_at = datetime(2026, 6, 1, 12, 0)
    db.session.commit()
    actor = _coordinator(world)
    assert _names(portfolio(actor)) == ["Venlo project"]
    shown = portfolio(actor, PortfolioFilter(afgesloten=True))
    closed = next(r for r in shown.rows if r.project_id == world.other_project.id)
    assert closed.is_closed and shown.count == 2


# --- filters ---------------------------------------------------------------------------------------


def test_filter_on_scope_mijlpaal_and_gemeente_name(world):
    actor = _coordinator(world)
    assert _names(portfolio(actor, PortfolioFilter(scope="combinatie"))) == ["Kampen project"]
    assert sorted(_names(portfolio(actor, PortfolioFilter(mijlpaal="in_beeld")))) == ["Kampen project", "Venlo project"]
    assert _names(portfolio(actor, PortfolioFilter(mijlpaal="in_contact"))) == ["Venlo project"]
    assert _names(portfolio(actor, PortfolioFilter(zoek="  venL "))) == ["Venlo project"]
    assert _names(portfolio(actor, PortfolioFilter(zoek="%"))) == []
    assert _names(portfolio(actor, PortfolioFilter(zoek="_"))) == []


def test_filter_on_the_derived_phase(world):
    actor = _coordinator(world)
    listing = portfolio(actor)
    phases = {r.project_name: r.progress.phase_key for r in listing.rows}
    for key in set(phases.values()):
        assert set(_names(portfolio(actor, PortfolioFilter(fase=key)))) == {n for n, k in phases.items() if k == key}
    assert _names(portfolio(actor, PortfolioFilter(fase="afgerond"))) == []


def test_filter_on_behind_schedule_open_request_and_quiet(world):
    actor = _coordinator(world)
    late_start = db.session.get(Project, world.other_project.id)
    late_start.start_date = date(2025, 1, 6)
    world_start = db.session.get(Project, world.project.id)
    world_start.start_date = TODAY
    db.session.commit()
    assert _names(portfolio(actor, PortfolioFilter(status="achter"))) == ["Kampen project"]
    factories.support_request(world.project)
    assert _names(portfolio(actor, PortfolioFilter(status="hulpvraag"))) == ["Venlo project"]
    db.session.execute(
        sa.update(AuditEvent)
        .where(AuditEvent.project_id == world.other_project.id)
        .values(at=datetime.now() - timedelta(days=45))
    )
    db.session.commit()
    summaries.forget_all(current_app)  # the app never rewrites its history; this test does, behind its back
    assert _names(portfolio(actor, PortfolioFilter(status="stil"))) == ["Kampen project"]


def test_unknown_filter_values_mean_no_filter(world):
    listing = portfolio(
        _coordinator(world), PortfolioFilter(fase="<x>", scope="nee", mijlpaal="?", status="alles", sort="x")
    )
    assert listing.count == 2 and listing.filters.sort == "gemeente" and not listing.filters.active


# --- sorting and paging ----------------------------------------------------------------------------


def test_sort_on_gemeente_both_ways_and_on_progress(world):
    actor = _coordinator(world)
    assert _names(portfolio(actor)) == ["Kampen project", "Venlo project"]
    assert _names(portfolio(actor, PortfolioFilter(direction="desc"))) == ["Venlo project", "Kampen project"]
    by_progress = portfolio(actor, PortfolioFilter(sort="voortgang", direction="desc")).rows
    assert [r.progress.percent for r in by_progress] == sorted((r.progress.percent for r in by_progress), reverse=True)


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_rows_without_a_next_sessie_sort_last_both_ways(world, direction):
    factories.sessie(world.other_project, on_date=TODAY + timedelta(days=4))
    listing = portfolio(_coordinator(world), PortfolioFilter(sort="sessie", direction=direction))
    assert _names(listing) == ["Kampen project", "Venlo project"]


@pytest.mark.parametrize("sort", [key for key, _label in SORTS])
def test_every_column_sorts(world, sort):
    listing = portfolio(_coordinator(world), PortfolioFilter(sort=sort, direction="desc"), page=1)
    assert listing.count == 2 and listing.filters.sort == sort


def test_a_page_holds_its_rows_and_the_totals_stay_over_the_whole_list(world, monkeypatch):
    monkeypatch.setattr(portfolio_module, "PAGE_SIZE", 1)
    actor = _coordinator(world)
    first, second = portfolio(actor, page=1), portfolio(actor, page=2)
    assert _names(first) == ["Kampen project"] and _names(second) == ["Venlo project"]
    assert first.count == second.count == 2
    assert sum(p.count for p in first.totals.per_phase) == 2
    beyond = portfolio(actor, page=9)
    assert beyond.paging is not None and beyond.paging.beyond_the_end and _names(beyond) == ["Venlo project"]


# --- totals ----------------------------------------------------------------------------------------


def test_totals_count_phases_and_sum_the_budget_of_quick_wins_and_later(world):
    factories.action(world.project, timing=ActionTiming.QUICK_WIN, budget=Decimal("100.50"))
    factories.action(world.project, timing=ActionTiming.LATER, budget=Decimal(200))
    factories.action(world.other_project, timing=ActionTiming.LATER, budget=Decimal(300))
    factories.action(world.project, timing=ActionTiming.QUICK_WIN, budget=Decimal(999), status=ActionStatus.GESCHRAPT)
    totals = portfolio(_coordinator(world)).totals
    assert (totals.quick_wins, totals.quick_win_budget) == (1, Decimal("100.50"))
    assert (totals.later, totals.later_budget) == (2, Decimal(500))
    assert totals.budget == Decimal("600.50")
    rk = current_routekaart()
    assert [p.key for p in totals.per_phase] == [*(p.key for p in rk.phases), "afgerond"]
    assert sum(p.count for p in totals.per_phase) == 2
    only_venlo = portfolio(world.actor(world.procesbegeleider)).totals
    assert only_venlo.later == 1 and only_venlo.budget == Decimal("300.50")


# --- exports ---------------------------------------------------------------------------------------


def test_the_csv_holds_every_filtered_row_with_text_intact_and_no_formula(world, monkeypatch):
    monkeypatch.setattr(portfolio_module, "PAGE_SIZE", 1)
    project = db.session.get(Project, world.project.id)
    project.name = "=HYPERLINK(1) " + HOSTILE
    db.session.commit()
    listing = portfolio(_coordinator(world))
    rows = list(csv.reader(io.StringIO(portfolio_export.to_csv(listing).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(portfolio_export.HEADERS)
    assert len(rows) == 3
    names = {r[1] for r in rows[1:]}
    assert "'=HYPERLINK(1) " + HOSTILE in names


def test_the_excel_file_holds_every_filtered_row(world):
    factories.sessie(world.project, on_date=TODAY + timedelta(days=3))
    listing = portfolio(_coordinator(world), PortfolioFilter(scope="hele_routekaart"))
    sheet = load_workbook(io.BytesIO(portfolio_export.to_xlsx(listing))).active
    values = list(sheet.values)
    assert values[0] == portfolio_export.HEADERS
    assert [v[1] for v in values[1:]] == ["Venlo project"]
    next_sessie = values[1][portfolio_export.HEADERS.index("Volgende sessie")]
    assert next_sessie.date() == TODAY + timedelta(days=3)


# --- requests --------------------------------------------------------------------------------------


def test_the_page_lists_the_projects_for_the_coordinator(world, client, auth):
    auth.login("coord@vng.nl")
    page = client.get("/vng/portfolio")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Venlo project" in html and "Kampen project" in html
    assert 'aria-sort="ascending"' in html
    assert "Projecten per huidige fase" in html


def test_a_procesbegeleider_does_not_see_a_gemeente_not_assigned(world, client, auth):
    auth.login("pb@vng.nl")
    html = client.get("/vng/portfolio").get_data(as_text=True)
    assert "Venlo project" in html and "Kampen project" not in html
    export = client.get("/vng/portfolio.csv").get_data(as_text=True)
    assert "Venlo project" in export and "Kampen project" not in export


@pytest.mark.parametrize("email", ["pl@venlo.nl", "lezer@venlo.nl", "pl@kampen.nl", "beheer@rfz.nl"])
@pytest.mark.parametrize("url", ["/vng/portfolio", "/vng/portfolio.csv", "/vng/portfolio.xlsx"])
def test_the_portfolio_does_not_exist_for_gemeente_users(world, client, auth, email, url):
    auth.login(email)
    response = client.get(url)
    assert response.status_code == 404
    assert "Venlo project" not in response.get_data(as_text=True)


def test_the_portfolio_links_are_only_for_vng_users(world, client, auth):
    auth.login("pl@venlo.nl")
    assert "/vng/portfolio" not in client.get("/start").get_data(as_text=True)
    auth.logout()
    auth.login("coord@vng.nl")
    assert "/vng/portfolio" in client.get("/start").get_data(as_text=True)


def test_hostile_text_and_bad_arguments_on_the_page(world, client, auth):
    project = db.session.get(Project, world.project.id)
    project.name = HOSTILE
    db.session.commit()
    auth.login("coord@vng.nl")
    page = client.get("/vng/portfolio?sort=<x>&direction=up&fase=%00&pagina=abc&zoek=" + "Venlo" + " " * 500)
    assert page.status_code == 200
    assert "Zorg &amp; &lt;b&gt;&#34;Schuld&#34;&lt;/b&gt; &#39;vrij&#39; 💶" in page.get_data(as_text=True)
    both = client.get("/vng/portfolio?zoek=<script>")
    assert both.status_code == 200 and "&lt;script&gt;" in both.get_data(as_text=True)


def test_the_downloads_are_files_with_the_filters_applied(world, client, auth):
    auth.login("coord@vng.nl")
    response = client.get("/vng/portfolio.csv?scope=combinatie")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="portfolio-')
    text = response.get_data().decode("utf-8-sig")
    assert "Kampen project" in text and "Venlo project" not in text
    xlsx = client.get("/vng/portfolio.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


# --- the start page pages its rows -----------------------------------------------------------------


def test_the_start_page_pages_its_projects(world, client, auth, monkeypatch):
    monkeypatch.setattr(overview, "PAGE_SIZE", 1)
    auth.login("coord@vng.nl")
    first = client.get("/start").get_data(as_text=True)
    second = client.get("/start?pagina=2").get_data(as_text=True)
    assert "Kampen project" in first and "Venlo project" not in first
    assert "Venlo project" in second and "Kampen project" not in second
    assert "Projecten (2)" in first


# --- a fixed number of queries ---------------------------------------------------------------------


def _grow(world, n):
    for i in range(n):
        gemeente = factories.gemeente(f"Groei {n}-{i}")
        project = factories.project(gemeente, name=f"Groei {n}-{i}", scope_type="combinatie", mijlpalen=["op_zoek"])
        factories.team_member(project)
        factories.action(project, deadline=TODAY - timedelta(days=1), budget=Decimal(10))
        sessie = factories.sessie(project, on_date=TODAY + timedelta(days=i + 1))
        sessie.status = SessieStatus.GEPLAND
        factories.support_request(project)
    db.session.commit()


@pytest.mark.parametrize(
    "url", ["/vng/portfolio", "/vng/portfolio?sort=sessie&status=hulpvraag", "/vng/portfolio.csv", "/start"]
)
def test_queries_do_not_grow_with_projects(world, client, auth, url):
    auth.login("coord@vng.nl")
    _grow(world, 1)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _grow(world, 28)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_unchanged_figures_cost_one_query(world):
    ids = [world.project.id, world.other_project.id]
    first = summaries.summaries_for(ids)
    with count_queries() as statements:
        again = summaries.summaries_for(ids)
    assert again == first and len(statements) == 1


def test_long_lists_give_the_same_figures_through_subqueries(world, monkeypatch):
    """Hundreds of projects go to the database as a subquery instead of a list of ids: same rows, same totals."""
    factories.sessie(world.project, on_date=TODAY + timedelta(days=2))
    factories.support_request(world.other_project)
    factories.action(world.project, timing=ActionTiming.LATER, budget=Decimal(40))
    factories.action(world.other_project, timing=ActionTiming.QUICK_WIN, budget=Decimal(2))
    actor = _coordinator(world)
    cases = [
        PortfolioFilter(),
        PortfolioFilter(sort="sessie"),
        PortfolioFilter(status="hulpvraag"),
        PortfolioFilter(fase=portfolio(actor).rows[0].progress.phase_key),
    ]
    short = [portfolio(actor, f, page=1) for f in cases] + [portfolio(actor)]
    monkeypatch.setattr(portfolio_module, "IN_LIST_LIMIT", 0)
    monkeypatch.setattr(summaries, "IN_LIST_LIMIT", 0)
    summaries.forget_all(current_app)
    long = [portfolio(actor, f, page=1) for f in cases] + [portfolio(actor)]
    for a, b in zip(short, long, strict=True):
        assert a.rows == b.rows and a.totals == b.totals and a.count == b.count


# --- the listed rows, kept per process -------------------------------------------------------------


def test_unchanged_rows_are_not_read_again(world):
    actor = _coordinator(world)
    first = portfolio(actor, page=1)
    with count_queries() as statements:
        again = portfolio(actor, page=1)
    assert again.rows == first.rows and again.totals == first.totals
    with count_queries() as without_keeping:
        summaries.forget_all(current_app)
        portfolio(actor, page=1)
    assert len(statements) < len(without_keeping)


def test_kept_rows_follow_a_new_project_a_changed_one_and_a_deleted_one(world, monkeypatch):
    actor = _coordinator(world)
    portfolio(actor)
    added = factories.project(world.other, name="Derde project")
    assert "Derde project" in _names(portfolio(actor))
    renamed = db.session.get(Project, added.id)
    renamed.name = "Hernoemd project"
    db.session.commit()
    assert "Hernoemd project" in _names(portfolio(actor))
    # A deletion removes the project's own events; when none of them was the newest, nor among the newest
    # RECENT_IDS (none here), the marker of the trail stays the same: the number of projects tells.
    factories.team_member(world.project)
    monkeypatch.setattr(kept, "RECENT_IDS", 0)
    assert "Hernoemd project" in _names(portfolio(actor))
    db.session.execute(sa.delete(Project).where(Project.id == added.id))
    db.session.commit()
    assert _names(portfolio(actor)) == ["Kampen project", "Venlo project"]


def test_kept_rows_are_per_view_and_filter(world):
    coordinator, begeleider = _coordinator(world), world.actor(world.procesbegeleider)
    assert _names(portfolio(coordinator)) == ["Kampen project", "Venlo project"]
    assert _names(portfolio(begeleider)) == ["Venlo project"]
    assert _names(portfolio(coordinator, PortfolioFilter(zoek="kamp"))) == ["Kampen project"]
    assert _names(portfolio(coordinator)) == ["Kampen project", "Venlo project"]


def _exported_csv(actor, filters=None) -> str:
    return portfolio_module.exported(actor, filters, "csv", portfolio_export.to_csv).decode("utf-8-sig")


def test_an_unchanged_export_is_kept_and_costs_one_statement(world):
    actor = _coordinator(world)
    first = _exported_csv(actor)
    with count_queries() as statements:
        again = _exported_csv(actor)
    assert again == first and len(statements) == 1
    assert _exported_csv(actor, PortfolioFilter(zoek="kamp")) != first  # kept per filter


def test_a_kept_export_follows_changes_and_assignments(world):
    actor = _coordinator(world)

    def kampen_row() -> str:
        return next(line for line in _exported_csv(actor).splitlines() if line.startswith("Kampen;Kampen project"))

    assert "Derde project" not in _exported_csv(actor) and "Paul Begeleider" not in kampen_row()
    factories.project(world.other, name="Derde project")
    assert "Derde project" in _exported_csv(actor)
    # An assignment is not in any project's audit trail: the export is kept against the assignments too.
    db.session.add(ProcesbegeleiderAssignment(user_id=world.procesbegeleider.id, gemeente_id=world.other.id))
    db.session.commit()
    assert "Paul Begeleider" in kampen_row()


def test_a_kept_page_costs_one_statement_and_follows_an_assignment(world):
    actor = _coordinator(world)
    first = portfolio(actor, page=1)
    with count_queries() as statements:
        assert portfolio(actor, page=1) is first
    assert len(statements) == 1
    db.session.add(ProcesbegeleiderAssignment(user_id=world.procesbegeleider.id, gemeente_id=world.other.id))
    db.session.commit()
    kampen = next(r for r in portfolio(actor, page=1).rows if r.project_name == "Kampen project")
    assert kampen.begeleiders == ("Paul Begeleider",)
