"""Request tests for the regular tasks and the decision log (archivering)."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import ActionTiming, Decision, RegularTask, TaskFrequency

from .. import factories
from ..helpers import errors_in
from ..test_query_counts import count_queries

HOSTILE_TITLE = "Toezicht <>&\"' 🙂"
HOSTILE_TEXT = "Eerste regel <script>alert('x')</script> & \"zo\" 💶\nTweede regel"
ESCAPED_TITLE = "Toezicht &lt;&gt;&amp;&#34;&#39; 🙂"


def form(**changes) -> dict:
    values = {
        "title": "Cijfers vroegsignalering bijhouden",
        "kind": "monitoring",
        "description": "",
        "owner": "Sanne",
        "department": "Schuldhulpverlening",
        "hours": "2,5",
        "frequency": "week",
        "decision_id": "",
        "starts_on": "2026-03-01",
        "version": "",
    }
    values.update(changes)
    return values


def task_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(RegularTask))


def base(world) -> str:
    return f"/projecten/{world.project.id}/borging"


# --- regular tasks ---------------------------------------------------------------------------------


def test_new_task_with_dutch_hours_appears_with_its_hours_per_year(logged_in_leider, client):
    response = client.post(f"{base(logged_in_leider)}/taken/nieuw", data=form(needs_directiebesluit="y"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/borging/taken")
    page = client.get(f"{base(logged_in_leider)}/taken").get_data(as_text=True)
    assert "Cijfers vroegsignalering bijhouden" in page and "2,5 uur per week" in page
    assert "130" in page and "Besluit nog nodig" in page and "1\u00a0maart 2026" in page
    assert db.session.scalars(sa.select(RegularTask.hours)).one() == Decimal("2.5")


def test_task_list_shows_totals_per_department(logged_in_leider, client):
    factories.regular_task(
        logged_in_leider.project, "A", hours=Decimal("2"), frequency=TaskFrequency.WEEK, department="Beleid"
    )
    factories.regular_task(
        logged_in_leider.project, "B", hours=Decimal("1000"), frequency=TaskFrequency.MAAND, department="Uitvoering"
    )
    factories.regular_task(logged_in_leider.project, "C", hours=Decimal("8"), frequency=TaskFrequency.EENMALIG)
    page = client.get(f"{base(logged_in_leider)}/taken").get_data(as_text=True)
    assert page.count("<h1") == 1 and page.count("<caption") == 2 and 'scope="row"' in page
    assert "12.112" in page and "104" in page and "12.000" in page and "Zonder afdeling" in page
    assert "8 uur eenmalig" in page and "(eenmalig)" in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "Geef de taak een titel"),
        ({"hours": "-3"}, "hours", "Het aantal uren kan niet negatief zijn."),
        ({"hours": "2000,5"}, "hours", "hoogstens 2000 uur"),
        ({"hours": "veel"}, "hours", "Vul een aantal uren in"),
        ({"hours": "1,25"}, "hours", "één cijfer achter de komma"),
        (
            {"starts_on": "2026-01-01"},
            "starts_on",
            "De startdatum ligt vóór de start van het project (5\u00a0januari 2026).",
        ),
        ({"decision_id": "abc"}, "decision_id", "Kies een besluit dat bij dit project is vastgelegd."),
        ({"frequency": "dagelijks"}, "frequency", "hoe vaak"),
    ],
)
def test_invalid_input_gets_a_dutch_message_next_to_the_field(logged_in_leider, client, changes, field, message):
    response = client.post(f"{base(logged_in_leider)}/taken/nieuw", data=form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and f'id="{field}-fout"' in page
    assert any(message in e for e in errors_in(page))
    assert "Schuldhulpverlening" in page  # the rest of what was typed stays in the form
    assert task_count() == 0


def test_every_problem_is_shown_after_one_submit(logged_in_leider, client):
    page = client.post(
        f"{base(logged_in_leider)}/taken/nieuw", data=form(title="", hours="-1", starts_on="2025-12-31")
    ).get_data(as_text=True)
    for field in ("title", "hours", "starts_on"):
        assert f'id="{field}-fout"' in page


def test_decision_of_another_gemeente_is_refused_and_nothing_changes(logged_in_leider, client):
    foreign = factories.decision(logged_in_leider.other_project, title="Van Kampen")
    task = factories.regular_task(logged_in_leider.project, "Oude titel")
    response = client.post(
        f"{base(logged_in_leider)}/taken/{task.id}",
        data=form(title="Nieuwe titel", decision_id=str(foreign.id), version=str(task.version)),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert errors_in(page) == ["Kies een besluit dat bij dit project is vastgelegd."]
    assert "Van Kampen" not in page
    db.session.expire_all()
    saved = db.session.get(RegularTask, task.id)
    assert (saved.title, saved.decision_id, saved.version) == ("Oude titel", None, 1)


def test_task_can_rest_on_a_decision_of_the_project(logged_in_leider, client):
    decision = factories.decision(logged_in_leider.project, "Directiebesluit capaciteit", step_key="borging.opdrachten")
    assert (
        client.post(
            f"{base(logged_in_leider)}/taken/nieuw", data=form(needs_directiebesluit="y", decision_id=str(decision.id))
        ).status_code
        == 302
    )
    page = client.get(f"{base(logged_in_leider)}/taken").get_data(as_text=True)
    assert "Genomen: Directiebesluit capaciteit" in page and "Besluit nog nodig" not in page


def test_hostile_text_is_shown_intact_and_escaped(logged_in_leider, client):
    assert (
        client.post(
            f"{base(logged_in_leider)}/taken/nieuw",
            data=form(title=HOSTILE_TITLE, description=HOSTILE_TEXT, department="R&D <afd>"),
        ).status_code
        == 302
    )
    task = db.session.scalars(sa.select(RegularTask)).one()
    assert (task.title, task.description, task.department) == (HOSTILE_TITLE, HOSTILE_TEXT, "R&D <afd>")
    listing = client.get(f"{base(logged_in_leider)}/taken").get_data(as_text=True)
    assert ESCAPED_TITLE in listing and "R&amp;D &lt;afd&gt;" in listing and "<afd>" not in listing
    edit = client.get(f"{base(logged_in_leider)}/taken/{task.id}").get_data(as_text=True)
    assert ESCAPED_TITLE in edit and "&lt;script&gt;" in edit and "<script>alert" not in edit
    assert "💶\nTweede regel" in edit


def test_concurrent_edit_is_a_conflict_that_keeps_the_users_input(logged_in_leider, client):
    task = factories.regular_task(logged_in_leider.project, "Oorspronkelijk")
    url = f"{base(logged_in_leider)}/taken/{task.id}"
    assert client.post(url, data=form(title="Eerst opgeslagen", version="1")).status_code == 302
    response = client.post(url, data=form(title="Mijn versie", version="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Iemand anders heeft dit intussen gewijzigd" in page
    assert 'value="Mijn versie"' in page and 'name="version" type="hidden" value="2"' in page
    db.session.expire_all()
    assert db.session.get(RegularTask, task.id).title == "Eerst opgeslagen"
    assert client.post(url, data=form(title="Mijn versie", version="2")).status_code == 302


def test_deleting_a_task_asks_for_confirmation_first(logged_in_leider, client):
    task = factories.regular_task(logged_in_leider.project)
    url = f"{base(logged_in_leider)}/taken/{task.id}/verwijderen"
    assert "Weet u zeker" in client.get(url).get_data(as_text=True)
    assert task_count() == 1
    assert client.post(url).status_code == 302
    assert task_count() == 0


def test_lezer_sees_tasks_read_only_and_may_not_change_them(world, client, auth):
    task = factories.regular_task(world.project, "Maandrapportage", hours=Decimal("4"))
    auth.login("lezer@venlo.nl")
    listing = client.get(f"{base(world)}/taken").get_data(as_text=True)
    assert "Maandrapportage" in listing and "Taak toevoegen" not in listing
    page = client.get(f"{base(world)}/taken/{task.id}").get_data(as_text=True)
    assert "Taak opslaan" not in page and "4 uur per maand" in page
    assert client.get(f"{base(world)}/taken/nieuw").status_code == 403
    assert client.post(f"{base(world)}/taken/{task.id}", data=form(version="1")).status_code == 403
    assert client.post(f"{base(world)}/taken/{task.id}/verwijderen").status_code == 403
    db.session.expire_all()
    assert db.session.get(RegularTask, task.id).title == "Maandrapportage"


def test_other_gemeente_gets_404_on_every_borging_page(world, client, auth):
    task = factories.regular_task(world.project)
    auth.login("pl@kampen.nl")
    for url in ("/taken", "/taken/nieuw", f"/taken/{task.id}", f"/taken/{task.id}/verwijderen", "/besluiten"):
        assert client.get(base(world) + url).status_code == 404, url
    assert client.post(f"{base(world)}/taken/nieuw", data=form()).status_code == 404
    assert task_count() == 1


# --- the decision log ------------------------------------------------------------------------------


@pytest.fixture
def logged(world):
    p = world.project
    start = factories.decision(
        p,
        "Go voor het project",
        decided_on=date(2026, 1, 20),
        decided_by="Directie",
        budget=Decimal("25000"),
        rationale=HOSTILE_TEXT,
    )
    capacity = factories.decision(p, "Capaciteit monitoring", step_key="borging.opdrachten")
    theme = factories.theme(p, "Bereikbaarheid")
    factories.action(p, "Spreekuur in de bibliotheek", theme=theme, timing=ActionTiming.QUICK_WIN, decision_id=start.id)
    factories.action(p, "Nieuwe website", timing=ActionTiming.LATER, needs_decision=True)
    factories.regular_task(p, "Monitoring maandelijks", decision=capacity, hours=Decimal("3"))
    return dict(start=start, capacity=capacity)


def test_decision_log_shows_decisions_links_and_resultatensessie_choices(world, logged, client, auth):
    auth.login("lezer@venlo.nl")
    page = client.get(f"{base(world)}/besluiten").get_data(as_text=True)
    assert page.count("<h1") == 1
    assert page.index("Go voor het project") < page.index("Capaciteit monitoring")  # undated last
    assert "20\u00a0januari 2026" in page and "Directie" in page and "€\u00a025.000,00" in page and "Geen datum" in page
    assert "Voorbereiding: Besluitvorming" in page and "Borging: Opdrachten geven of capaciteit organiseren" in page
    assert "Spreekuur in de bibliotheek" in page and "Monitoring maandelijks</a> · 3 uur per maand" in page
    assert "Keuzes uit de resultatensessie" in page and "Bereikbaarheid" in page and "Nieuwe website" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page and "💶\nTweede regel" in page
    assert "Besluit vastleggen" not in page  # the lezer cannot add one


def test_decision_log_filters_by_step(world, logged, client, auth):
    auth.login("lezer@venlo.nl")
    page = client.get(f"{base(world)}/besluiten?stap=borging.opdrachten").get_data(as_text=True)
    assert "Capaciteit monitoring" in page and "Go voor het project" not in page
    assert "1 van de 2 besluiten" in page and "Keuzes uit de resultatensessie" not in page
    assert client.get(f"{base(world)}/besluiten?stap=%3Cscript%3E").status_code == 200


def test_decision_added_from_the_log_keeps_its_step_and_returns_to_the_log(logged_in_leider, client):
    url = f"/projecten/{logged_in_leider.project.id}/besluiten/nieuw?stap=borging.opdrachten&terug=archivering"
    form_page = client.get(url).get_data(as_text=True)
    assert '<option selected value="borging.opdrachten">' in form_page
    response = client.post(
        url,
        data={
            "title": "Twee dagen per maand voor monitoring",
            "step_key": "borging.opdrachten",
            "decided_on": "2026-10-01",
            "decided_by": "MT",
            "rationale": "",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/borging/besluiten")
    assert db.session.scalars(sa.select(Decision.step_key)).one() == "borging.opdrachten"
    page = client.get(f"{base(logged_in_leider)}/besluiten").get_data(as_text=True)
    assert "Twee dagen per maand voor monitoring" in page and "1\u00a0oktober 2026" in page


def test_decision_with_an_unknown_step_is_refused(logged_in_leider, client):
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/besluiten/nieuw", data={"title": "Go", "step_key": "borging.koffie"}
    )
    assert response.status_code == 400
    assert errors_in(response.get_data(as_text=True)) == ["Kies een fase en stap van de routekaart."]


def test_decision_pages_lead_back_to_where_the_user_came_from(logged_in_leider, logged, client):
    start, capacity = logged["start"], logged["capacity"]
    project_id = logged_in_leider.project.id
    edit = client.get(f"/projecten/{project_id}/besluiten/{start.id}?terug=archivering").get_data(as_text=True)
    assert "Terug naar de archivering" in edit and "verwijderen?terug=archivering" in edit
    data = {"title": "Go!", "step_key": "voorbereiding.besluitvorming", "version": "1"}
    response = client.post(f"/projecten/{project_id}/besluiten/{start.id}?terug=archivering", data=data)
    assert response.headers["Location"].endswith("/borging/besluiten")
    # Without a return word: Besluitvorming for its own decisions, the log for the others.
    data["version"] = "2"
    response = client.post(f"/projecten/{project_id}/besluiten/{start.id}?terug=https://example.org", data=data)
    assert response.headers["Location"].endswith("/stappen/voorbereiding.besluitvorming")
    assert (
        client.post(f"/projecten/{project_id}/besluiten/{capacity.id}/verwijderen")
        .headers["Location"]
        .endswith("/borging/besluiten")
    )


# --- queries ---------------------------------------------------------------------------------------


def _queries_for(client, url):
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _add_rows(project, n):
    theme = factories.theme(project, f"Thema {n}")
    for i in range(n):
        decision = factories.decision(project, f"Besluit {n}-{i}", decided_on=date(2026, 2, 1 + i))
        factories.action(
            project,
            f"Actie {n}-{i}",
            theme=theme,
            decision_id=decision.id,
            timing=ActionTiming.QUICK_WIN if i % 2 else ActionTiming.LATER,
            needs_decision=True,
        )
        factories.regular_task(
            project,
            f"Taak {n}-{i}",
            decision=decision,
            hours=Decimal("2"),
            department=f"Afdeling {i % 3}",
            needs_directiebesluit=bool(i % 2),
        )


@pytest.mark.parametrize("page", ["taken", "besluiten"])
def test_borging_pages_issue_the_same_queries_for_few_and_many_rows(logged_in_leider, client, page):
    url = f"{base(logged_in_leider)}/{page}"
    _add_rows(logged_in_leider.project, 1)  # one of each first: eager loads skip their query when there is nothing
    few = _queries_for(client, url)
    _add_rows(logged_in_leider.project, 12)
    assert _queries_for(client, url) == few
