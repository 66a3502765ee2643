"""Request tests for the action list, its exports, themes and the implementatieplan."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from rfz_project.extensions import db
from rfz_project.models import Action, ActionStatus, Theme

from .. import factories
from ..helpers import errors_in
from ..test_query_counts import count_queries

HOSTILE = "Schulden <script>alert('x')</script> & \"aanpak\" 💶\nnieuwe regel"
TODAY = date.today().isoformat()


def form(**changes) -> dict:
    values = {
        "title": "Spreekuur in de bibliotheek",
        "description": "",
        "theme_id": "",
        "mijlpaal": "in_contact",
        "rol": "professional",
        "owner": "Sanne",
        "deadline": "2026-09-01",
        "budget": "€ 1.250,50",
        "status": "open",
        "timing": "quick_win",
        "decision_id": "",
        "version": "",
    }
    values.update(changes)
    return values


def action_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Action))


def base(world) -> str:
    return f"/projecten/{world.project.id}/acties"


# --- list and form ---------------------------------------------------------------------------------


def test_new_action_with_a_dutch_amount_appears_on_the_list(logged_in_leider, client):
    response = client.post(f"{base(logged_in_leider)}/nieuw", data=form(needs_decision="y"))
    assert response.status_code == 302
    page = client.get(base(logged_in_leider)).get_data(as_text=True)
    assert "Spreekuur in de bibliotheek" in page and "€\u00a01.250,50" in page and "1\u00a0september 2026" in page
    assert "Nodig, nog niet genomen" in page and "In contact" in page
    assert db.session.scalars(sa.select(Action.budget)).one() == Decimal("1250.50")


def test_list_page_has_one_heading_a_caption_and_labelled_filters(logged_in_leider, client):
    factories.action(logged_in_leider.project)
    page = client.get(base(logged_in_leider)).get_data(as_text=True)
    assert page.count("<h1") == 1 and "<caption" in page and 'scope="col"' in page
    for name in ("theme", "mijlpaal", "rol", "status", "timing", "owner", "overdue", "sort", "direction"):
        assert f'for="{name}"' in page and f'id="{name}"' in page
    assert 'method="get"' in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "titel"),
        ({"budget": "-5"}, "budget", "niet negatief"),
        ({"budget": "veel"}, "budget", "Vul een bedrag in"),
        (
            {"deadline": "2026-01-01"},
            "deadline",
            "De deadline ligt vóór de start van het project (5\u00a0januari 2026)",
        ),
        ({"mijlpaal": "maan"}, "mijlpaal", "mijlpaal uit de routekaart"),
        ({"theme_id": "abc"}, "theme_id", "thema van dit project"),
    ],
)
def test_invalid_input_gets_a_dutch_message_next_to_the_field(logged_in_leider, client, changes, field, message):
    response = client.post(f"{base(logged_in_leider)}/nieuw", data=form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and f'id="{field}-fout"' in page
    assert any(message in e for e in errors_in(page))
    assert "Spreekuur in de bibliotheek" in page or changes.get("title") == ""  # typed text stays
    assert action_count() == 0


def test_foreign_theme_and_decision_ids_are_refused_and_nothing_changes(logged_in_leider, client):
    theme = factories.theme(logged_in_leider.other_project, name="Kampen")
    decision = factories.decision(logged_in_leider.other_project, title="Kampens besluit")
    response = client.post(
        f"{base(logged_in_leider)}/nieuw", data=form(theme_id=str(theme.id), decision_id=str(decision.id))
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="theme_id-fout"' in page and 'id="decision_id-fout"' in page
    assert action_count() == 0


def test_foreign_action_id_is_not_found_and_unchanged(logged_in_leider, client):
    foreign = factories.action(logged_in_leider.other_project, title="Van Kampen")
    assert client.get(f"{base(logged_in_leider)}/{foreign.id}").status_code == 404
    assert (
        client.post(f"{base(logged_in_leider)}/{foreign.id}", data=form(version=str(foreign.version))).status_code
        == 404
    )
    assert client.post(f"{base(logged_in_leider)}/{foreign.id}/verwijderen").status_code == 404
    db.session.expire_all()
    assert db.session.get(Action, foreign.id).title == "Van Kampen"


def test_edit_form_shows_the_stored_values(logged_in_leider, client):
    theme = factories.theme(logged_in_leider.project, name="Bereik")
    action = factories.action(
        logged_in_leider.project, theme=theme, mijlpaal="in_beeld", status=ActionStatus.BEZIG, budget=Decimal("99.5")
    )
    page = client.get(f"{base(logged_in_leider)}/{action.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{theme.id}">Bereik', page)
    assert '<option selected value="in_beeld">' in page and '<option selected value="bezig">' in page
    assert 'value="99.50"' in page or 'value="99.5"' in page


def test_lezer_sees_the_action_without_a_form(world, client, auth):
    action = factories.action(world.project, title="Alleen lezen")
    auth.login("lezer@venlo.nl")
    page = client.get(f"{base(world)}/{action.id}").get_data(as_text=True)
    assert "Alleen lezen" in page and "Actie opslaan" not in page
    assert "Actie toevoegen" not in client.get(base(world)).get_data(as_text=True)
    assert client.post(f"{base(world)}/nieuw", data=form()).status_code == 403
    assert action_count() == 1


def test_two_editors_get_a_conflict_instead_of_an_overwrite(world, app):
    action = factories.action(world.project, title="Begin")
    first, second = app.test_client(), app.test_client()
    first.post("/inloggen", data={"email": "pl@venlo.nl", "password": factories.PASSWORD})
    second.post("/inloggen", data={"email": "tl@venlo.nl", "password": factories.PASSWORD})
    url = f"{base(world)}/{action.id}"
    loaded = str(action.version)
    assert first.post(url, data=form(title="Van de projectleider", version=loaded)).status_code == 302
    response = second.post(url, data=form(title="Van het teamlid", version=loaded))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Iemand anders heeft dit intussen gewijzigd" in page
    assert "Van het teamlid" in page  # the second editor's input is kept
    db.session.expire_all()
    assert db.session.get(Action, action.id).title == "Van de projectleider"


def test_deleting_an_action_asks_for_confirmation_first(logged_in_leider, client):
    action = factories.action(logged_in_leider.project, title="Weg ermee")
    url = f"{base(logged_in_leider)}/{action.id}/verwijderen"
    page = client.get(url).get_data(as_text=True)
    assert "Weet u zeker" in page and "Weg ermee" in page
    assert action_count() == 1
    assert client.post(url).status_code == 302
    assert action_count() == 0


def test_overdue_actions_carry_a_text_label(logged_in_leider, client):
    factories.action(logged_in_leider.project, title="Te laat ding", deadline=date(2020, 1, 1))
    factories.action(
        logged_in_leider.project, title="Klaar ding", deadline=date(2020, 1, 1), status=ActionStatus.AFGEROND
    )
    page = client.get(base(logged_in_leider)).get_data(as_text=True)
    days = (date.today() - date(2020, 1, 1)).days
    assert page.count(f'<strong class="rfz-late">Te laat: {days} dagen</strong>') == 1
    assert "1 te laat" in page
    only_late = client.get(f"{base(logged_in_leider)}?overdue=1").get_data(as_text=True)
    assert "Te laat ding" in only_late and "Klaar ding" not in only_late


def test_filters_in_the_query_string_narrow_the_list_and_carry_to_the_exports(logged_in_leider, client):
    factories.action(logged_in_leider.project, title="Bibliotheek", owner="Sanne", status=ActionStatus.BEZIG)
    factories.action(logged_in_leider.project, title="Website", owner="Piet")
    page = client.get(f"{base(logged_in_leider)}?owner=sanne&status=bezig&sort=title&direction=desc").get_data(
        as_text=True
    )
    assert "Bibliotheek" in page and "Website" not in page
    assert "export.csv?status=bezig&amp;owner=sanne&amp;sort=title&amp;direction=desc" in page


def test_hostile_text_is_shown_escaped(logged_in_leider, client):
    factories.action(logged_in_leider.project, title=HOSTILE[:200], owner="<b>baas</b>")
    page = client.get(base(logged_in_leider)).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "💶" in page
    assert "&lt;b&gt;baas&lt;/b&gt;" in page


# --- themes ----------------------------------------------------------------------------------------


def test_themes_are_added_renamed_and_deleted_with_confirmation(logged_in_leider, client):
    url = f"{base(logged_in_leider)}/themas"
    assert client.post(url, data={"name": "Vroeg erbij", "description": ""}).status_code == 302
    theme = db.session.scalars(sa.select(Theme)).one()
    action = factories.action(logged_in_leider.project, theme=theme)
    assert client.post(url, data={"name": "vroeg erbij"}).status_code == 400
    assert (
        client.post(
            f"{url}/{theme.id}", data={"name": "Eerder erbij", "description": "", "version": str(theme.version)}
        ).status_code
        == 302
    )
    assert "Eerder erbij" in client.get(url).get_data(as_text=True)
    confirm = client.get(f"{url}/{theme.id}/verwijderen").get_data(as_text=True)
    assert "Weet u zeker" in confirm and "acties blijven bestaan" in confirm
    assert client.post(f"{url}/{theme.id}/verwijderen").status_code == 302
    db.session.expire_all()
    assert db.session.get(Theme, theme.id) is None and db.session.get(Action, action.id).theme_id is None


def test_theme_of_another_project_is_not_found(logged_in_leider, client):
    foreign = factories.theme(logged_in_leider.other_project, name="Kampen")
    assert client.get(f"{base(logged_in_leider)}/themas/{foreign.id}").status_code == 404
    assert client.post(f"{base(logged_in_leider)}/themas/{foreign.id}/verwijderen").status_code == 404


# --- exports ---------------------------------------------------------------------------------------


@pytest.fixture
def export_data(logged_in_leider):
    theme = factories.theme(logged_in_leider.project, name="Geld & zo")
    factories.action(
        logged_in_leider.project,
        title=HOSTILE[:200],
        theme=theme,
        owner="=1+1",
        mijlpaal="in_beeld",
        deadline=date(2026, 3, 9),
        budget=Decimal("1234.5"),
        description="@SUM(A1)\nregel 2",
    )
    factories.action(
        logged_in_leider.project,
        title="-10 procent wachttijd",
        budget=None,
        deadline=None,
        status=ActionStatus.GESCHRAPT,
    )
    factories.action(logged_in_leider.project, title="+ gewoon", budget=Decimal("10"), needs_decision=True)
    return logged_in_leider


def test_csv_export_is_dutch_excel_friendly_and_neutralises_formulas(export_data, client):
    response = client.get(f"{base(export_data)}/export.csv?sort=title")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="venlo-venlo-project-actielijst-{TODAY}.csv"'
    )
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r["Titel"] for r in rows] == ["'+ gewoon", "'-10 procent wachttijd", HOSTILE[:200]]
    hostile = rows[2]
    assert hostile["Eigenaar"] == "'=1+1" and hostile["Omschrijving"] == "'@SUM(A1)\nregel 2"
    assert hostile["Budget (euro)"] == "1234,50" and hostile["Deadline"] == "2026-03-09"
    assert hostile["Thema"] == "Geld & zo" and hostile["Mijlpaal"] == "In beeld"
    assert rows[1]["Budget (euro)"] == "" and rows[1]["Status"] == "Geschrapt"
    assert rows[0]["Besluit nodig"] == "Ja" and rows[0]["Besluit"] == "Nog te nemen"


def test_csv_export_follows_the_filters(export_data, client):
    response = client.get(f"{base(export_data)}/export.csv?status=geschrapt")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][0] == "Titel" and [r[0] for r in rows[1:]] == ["'-10 procent wachttijd"]


def test_excel_export_has_real_dates_amounts_and_a_totals_row(export_data, client):
    response = client.get(f"{base(export_data)}/export.xlsx?sort=title")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="venlo-venlo-project-actielijst-{TODAY}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    col = {name: header.index(name) for name in header}
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width == 40
    titles = [r[col["Titel"]] for r in rows[1:4]]
    assert titles == ["'+ gewoon", "'-10 procent wachttijd", HOSTILE[:200]]
    hostile = rows[3]
    assert hostile[col["Eigenaar"]] == "'=1+1" and hostile[col["Omschrijving"]] == "'@SUM(A1)\nregel 2"
    assert hostile[col["Deadline"]] == datetime(2026, 3, 9)
    assert hostile[col["Budget (euro)"]] == 1234.5
    budget_cell = sheet.cell(4, col["Budget (euro)"] + 1)
    assert budget_cell.number_format == "€ #,##0.00" and budget_cell.data_type == "n"
    assert sheet.cell(4, col["Deadline"] + 1).is_date
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    totals = rows[4]
    assert totals[0].startswith("Totaal: 3 acties") and totals[col["Budget (euro)"]] == 1244.5


def test_exports_of_another_gemeente_are_not_found(world, client, auth):
    factories.action(world.project, title="Geheim")
    auth.login("pl@kampen.nl")
    for suffix in ("export.csv", "export.xlsx", "implementatieplan"):
        response = client.get(f"{base(world)}/{suffix}")
        assert response.status_code == 404 and b"Geheim" not in response.get_data()


# --- implementatieplan -----------------------------------------------------------------------------


def test_plan_shows_months_budget_per_theme_and_missing_decisions(logged_in_leider, client):
    theme = factories.theme(logged_in_leider.project, name="Bereik")
    factories.action(
        logged_in_leider.project, title="Folder", theme=theme, deadline=date(2026, 3, 9), budget=Decimal("500")
    )
    factories.action(
        logged_in_leider.project,
        title="Nieuwe website",
        deadline=date(2026, 5, 1),
        needs_decision=True,
        budget=Decimal("40000"),
    )
    factories.action(
        logged_in_leider.project, title="Geschrapt plan", status=ActionStatus.GESCHRAPT, budget=Decimal("9")
    )
    page = client.get(f"{base(logged_in_leider)}/implementatieplan").get_data(as_text=True)
    assert page.count("<h1") == 1 and "<svg" in page and "Acties per deadlinemaand" in page
    assert page.index("Maart 2026") < page.index("Mei 2026")
    assert "Budget per thema" in page and "€\u00a0500,00" in page and "€\u00a040.500,00" in page
    besluiten = page[page.index("Besluiten nog nodig") :]
    assert "Nieuwe website" in besluiten and "Folder" not in besluiten
    assert "Geschrapt plan" not in page


def test_plan_without_actions_says_so(logged_in_leider, client):
    page = client.get(f"{base(logged_in_leider)}/implementatieplan").get_data(as_text=True)
    assert "nog geen acties" in page and "<svg" not in page


# --- no N+1 ----------------------------------------------------------------------------------------


def _add_actions(world, themes, decision, n):
    for i in range(n):
        db.session.add(
            Action(
                project_id=world.project.id,
                title=f"Actie {i}",
                theme_id=themes[i % 2].id,
                decision_id=decision.id if i % 3 == 0 else None,
                deadline=date(2026, 1 + i % 12, 1),
                budget=Decimal(i),
            )
        )
    db.session.commit()


@pytest.mark.parametrize("suffix", ["", "/implementatieplan", "/themas", "/export.csv", "/export.xlsx"])
def test_pages_issue_the_same_queries_for_5_or_100_actions(logged_in_leider, client, suffix):
    themes = [
        factories.theme(logged_in_leider.project, name="Een"),
        factories.theme(logged_in_leider.project, name="Twee"),
    ]
    decision = factories.decision(logged_in_leider.project)
    _add_actions(logged_in_leider, themes, decision, 5)
    url = base(logged_in_leider) + suffix
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _add_actions(logged_in_leider, themes, decision, 95)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)


def test_field_errors_and_project_rules_are_reported_after_one_submit(logged_in_leider, client):
    response = client.post(f"{base(logged_in_leider)}/nieuw", data=form(title="", deadline="2025-12-31", budget="-3"))
    messages = errors_in(response.get_data(as_text=True))
    assert any("titel" in m for m in messages) and any("vóór de start" in m for m in messages)
    assert sum("negatief" in m for m in messages) == 1
