"""The long lists of the actions area a page at a time: the action list, the implementatieplan and the
resultatensessie. Totals cover every row that meets the filters, not the page; the exports cover every row."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from rfz_project import paging
from rfz_project.actions import services
from rfz_project.actions.services import ActionFilter
from rfz_project.extensions import db
from rfz_project.models import Action, ActionStatus, ActionTiming, Finding

from .. import factories
from ..test_query_counts import count_queries
from ..test_valid_html import _run_checker, vnu_command  # noqa: F401  (vnu_command is a fixture)

TODAY = date(2026, 6, 15)


@pytest.fixture
def small_pages(monkeypatch):
    """Three rows a page, so a few rows make several pages."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)


@pytest.fixture
def seven(world):
    """Seven actions, 'Actie 1' to 'Actie 7' by deadline, alternately in two themes; the last one dropped."""
    themes = [factories.theme(world.project, name="Bereik"), factories.theme(world.project, name="Geld")]
    return [
        factories.action(
            world.project,
            f"Actie {i}",
            theme=themes[i % 2],
            deadline=date(2026, 3, 1) + timedelta(days=12 * i),
            budget=Decimal(100 * i),
            status=ActionStatus.GESCHRAPT if i == 7 else ActionStatus.OPEN,
            needs_decision=i % 2 == 1,
        )
        for i in range(1, 8)
    ]


def titles(rows) -> list[str]:
    return [row.action.title for row in rows]


def url(world, suffix: str = "") -> str:
    return f"/projecten/{world.project.id}/acties{suffix}"


# --- the action list -------------------------------------------------------------------------------


def test_page_two_shows_the_next_rows_with_the_same_totals(world, small_pages, seven):
    actor = world.actor(world.teamlid)
    first = services.action_list(actor, world.project.id, today=TODAY, page=1)
    second = services.action_list(actor, world.project.id, today=TODAY, page=2)
    assert titles(first.rows) == ["Actie 1", "Actie 2", "Actie 3"]
    assert titles(second.rows) == ["Actie 4", "Actie 5", "Actie 6"]
    for listing in (first, second):
        assert listing.count == 7 and listing.total_budget == Decimal(2100)
        assert [(t.label, t.count) for t in listing.per_theme] == [("Bereik", 3), ("Geld", 4)]
    assert (second.paging.first, second.paging.last, second.paging.pages) == (4, 6, 3)


def test_paging_follows_the_filter_and_the_sort(world, small_pages, seven):
    geld = str(seven[0].theme_id)
    listing = services.action_list(
        world.actor(world.teamlid),
        world.project.id,
        ActionFilter(theme=geld, sort="budget", direction="desc"),
        TODAY,
        page=2,
    )
    assert titles(listing.rows) == ["Actie 1"]
    assert listing.count == 4 and listing.total_budget == Decimal(900)  # Actie 7 is dropped: no budget


def test_a_page_beyond_the_end_shows_the_last_page_and_says_so(logged_in_leider, client, small_pages, seven):
    page = client.get(url(logged_in_leider, "?pagina=40")).get_data(as_text=True)
    assert "Actie 7" in page and "Actie 6" not in page
    assert "pagina 40 bestaat niet (meer); u ziet de laatste pagina, pagina 3." in page


def test_without_a_page_every_row_is_listed_for_the_exports(logged_in_leider, client, small_pages, seven):
    assert (
        len(services.action_list(logged_in_leider.actor(logged_in_leider.teamlid), logged_in_leider.project.id).rows)
        == 7
    )
    rows = list(
        csv.reader(
            io.StringIO(client.get(url(logged_in_leider, "/export.csv?pagina=2")).data.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert len(rows) == 1 + 7


def test_the_pager_is_a_labelled_navigation_that_keeps_the_filters(logged_in_leider, client, small_pages, seven):
    page = client.get(url(logged_in_leider, "?pagina=2&sort=title&owner=")).get_data(as_text=True)
    pager = page[page.index('<nav class="rfz-pager"') :]
    pager = pager[: pager.index("</nav>")]
    assert 'aria-label="Pagina&#39;s van de actielijst"' in pager
    assert "Acties 4–6 van 7 · Pagina 2 van 3" in pager
    assert (
        '<span class="rfz-pager__current" aria-current="page"><span class="rfz-visually-hidden">Pagina </span>2</span>'
        in pager
    )
    base = url(logged_in_leider)
    assert f'href="{base}?sort=title#acties" rel="prev">Vorige' in pager  # page 1 needs no number
    assert f'href="{base}?pagina=3&amp;sort=title#acties" rel="next">Volgende' in pager
    assert "7 acties" in page  # the total over every page


def test_a_short_list_has_no_pager(logged_in_leider, client, seven):
    page = client.get(url(logged_in_leider)).get_data(as_text=True)
    assert "rfz-pager" not in page and "Actie 7" in page


def test_filter_on_actions_that_wait_for_a_decision(world, seven):
    listing = services.action_list(world.actor(world.teamlid), world.project.id, ActionFilter(decision="nodig"), TODAY)
    assert titles(listing.rows) == ["Actie 1", "Actie 3", "Actie 5"]  # Actie 7 is dropped: it waits for nothing


# --- the implementatieplan -------------------------------------------------------------------------


def test_plan_pages_its_actions_but_counts_every_month(world, small_pages, seven):
    plan = services.implementation_plan(world.actor(world.lezer), world.project.id, TODAY, page=2)
    assert [(m.label, m.count) for m in plan.months] == [("Maart 2026", 2), ("April 2026", 3), ("Mei 2026", 1)]
    assert [m.label for m in plan.timeline] == ["Maart 2026", "April 2026", "Mei 2026"]
    assert [(m.label, titles(m.rows), m.continued) for m in plan.page_months] == [
        ("April 2026", ["Actie 4", "Actie 5"], True),
        ("Mei 2026", ["Actie 6"], False),
    ]
    assert plan.total_budget == Decimal(2100) and plan.dropped_count == 1
    assert plan.busiest_month_count == 3


def test_plan_lists_the_first_decisions_needed_and_counts_all(world, monkeypatch, seven):
    monkeypatch.setattr(services, "DECISIONS_SHOWN", 2)
    plan = services.implementation_plan(world.actor(world.lezer), world.project.id, TODAY)
    assert titles(plan.decisions_needed) == ["Actie 1", "Actie 3"] and plan.decisions_needed_count == 3


def test_plan_page_links_to_every_action_that_waits_for_a_decision(logged_in_leider, client, monkeypatch, seven):
    monkeypatch.setattr(services, "DECISIONS_SHOWN", 2)
    page = client.get(url(logged_in_leider, "/implementatieplan")).get_data(as_text=True)
    assert "3 acties wachten op een besluit; hieronder de 2 met de vroegste deadline." in page
    assert url(logged_in_leider, "?decision=nodig") in page
    listed = client.get(url(logged_in_leider, "?decision=nodig")).get_data(as_text=True)
    assert "3 acties die aan de filters voldoen" in listed


# --- the resultatensessie --------------------------------------------------------------------------


def test_resultatensessie_pages_open_actions_by_theme(world, small_pages, seven):
    factories.action(world.project, "Zonder thema", deadline=date(2026, 9, 1))
    page = services.timing_page(world.actor(world.teamlid), world.project.id, page=2)
    assert [(g.label, [a.title for a in g.actions], g.count, g.continued) for g in page.groups] == [
        ("Geld", ["Actie 1", "Actie 3", "Actie 5"], 3, False),
    ]
    last = services.timing_page(world.actor(world.teamlid), world.project.id, page=3)
    assert [(g.label, [a.title for a in g.actions]) for g in last.groups] == [("Zonder thema", ["Zonder thema"])]
    assert last.paging.total == 7  # six open ones and the one without a theme; the dropped one is not open


def test_a_pager_button_saves_the_page_first_and_then_goes_on(logged_in_leider, client, small_pages, seven):
    first = db.session.get(Action, seven[0].id)
    response = client.post(
        url(logged_in_leider, "/resultatensessie"),
        data={
            "csrf_token": "",
            "pagina": "1",
            "naar_pagina": "2",
            f"timing-{first.id}": "quick_win",
            f"version-{first.id}": str(first.version),
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/resultatensessie?pagina=2")
    db.session.expire_all()
    assert db.session.get(Action, first.id).timing == ActionTiming.QUICK_WIN


def test_resultatensessie_pager_for_a_writer_is_made_of_save_buttons(logged_in_leider, client, small_pages, seven):
    page = client.get(url(logged_in_leider, "/resultatensessie")).get_data(as_text=True)
    form = page[page.index('<form method="post" novalidate>') :]
    assert 'rfz-pager__button" name="naar_pagina" value="2">Volgende' in form
    assert 'type="submit" class="utrecht-button utrecht-button--secondary-action rfz-pager__button"' in form
    assert "slaat eerst de keuzes op deze pagina op" in page


# --- queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "suffix", ["", "?pagina=2&sort=theme", "/implementatieplan?pagina=2", "/resultatensessie?pagina=2"]
)
def test_a_page_of_many_rows_takes_as_many_queries_as_a_page_of_few(logged_in_leider, client, small_pages, suffix):
    themes = [factories.theme(logged_in_leider.project, name=n) for n in ("Een", "Twee")]
    decision = factories.decision(logged_in_leider.project)

    def add(n):
        for i in range(n):
            db.session.add(
                Action(
                    project_id=logged_in_leider.project.id,
                    title=f"Actie {i}",
                    theme_id=themes[i % 2].id,
                    decision_id=decision.id if i % 3 == 0 else None,
                    needs_decision=i % 4 == 1,
                    deadline=date(2026, 1 + i % 12, 1),
                    budget=Decimal(i),
                )
            )
        db.session.commit()

    add(4)
    with count_queries() as few:
        assert client.get(url(logged_in_leider, suffix)).status_code == 200
    add(40)
    with count_queries() as many:
        assert client.get(url(logged_in_leider, suffix)).status_code == 200
    assert len(few) == len(many)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 44


# --- valid HTML with a pager -----------------------------------------------------------------------


def test_pages_with_a_pager_are_valid_html(vnu_command, world, client, auth, small_pages, seven, tmp_path):  # noqa: F811
    """The route walk of test_valid_html sees lists too short for a pager; these are long enough."""
    sessie = factories.sessie(world.project)
    db.session.add_all(
        Finding(project_id=world.project.id, sessie_id=sessie.id, text=f"Bevinding {i}") for i in range(7)
    )
    db.session.commit()
    base = f"/projecten/{world.project.id}"
    pages = [
        ("pl@venlo.nl", f"{base}/acties?pagina=2&sort=title"),
        ("pl@venlo.nl", f"{base}/acties?pagina=9"),
        ("pl@venlo.nl", f"{base}/acties/implementatieplan?pagina=2"),
        ("pl@venlo.nl", f"{base}/acties/resultatensessie?pagina=2"),
        ("pl@venlo.nl", f"{base}/resultaten?pagina=2"),
        ("lezer@venlo.nl", f"{base}/acties/resultatensessie?pagina=2"),
        ("lezer@venlo.nl", f"{base}/resultaten?pagina=2"),
    ]
    files = []
    for number, (email, page) in enumerate(pages):
        auth.login(email)
        response = client.get(page)
        assert response.status_code == 200 and b"rfz-pager" in response.data, page
        files.append(str(tmp_path / f"{number}.html"))
        (tmp_path / f"{number}.html").write_bytes(response.data)
        auth.logout()
    errors = [m for m in _run_checker(vnu_command, files) if m.get("type") in ("error", "non-document-error")]
    assert not errors, errors
