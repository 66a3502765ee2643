"""A projectleider closes, reopens and deletes a project in a real browser; axe checks every page on the way,
and the closed project's banner and the start page's closed projects fit 320 CSS px."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from playwright.sync_api import expect

from rfz_project.accounts.services import load_user
from rfz_project.extensions import db
from rfz_project.models import User
from rfz_project.projects.scope import ScopeInput, create_project

LEIDER = "projectleider.venlo@demo.rfz"
NAME = "Browsertest: afsluiten en verwijderen"
REASON = "Alle acties zijn overgedragen aan de lijn; het team is opgeheven."


def _new_project(live_app) -> int:
    """A project of its own, so closing and deleting it leaves the demo as the other browser tests expect it."""
    with live_app.app_context():
        user = db.session.scalars(sa.select(User).filter_by(email=LEIDER)).one()
        actor = load_user(user.get_id())
        assert actor is not None
        gemeente_id = next(iter(actor.grants.roles))
        data = ScopeInput(
            name=NAME,
            scope_type="hele_routekaart",
            mijlpalen=[],
            rol=None,
            spoor="inwoner",
            central_question="Hoe ronden we het project netjes af?",
            reasons=[],
            reason_note="",
            start_date=date(2026, 1, 5),
        )
        project_id = create_project(actor, gemeente_id, data).id
        db.session.remove()
        return project_id


def _check_wide_and_narrow(page, axe_check) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{page.url} scrolt zijwaarts op {width} px"
        axe_check(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_projectleider_closes_reopens_and_deletes_a_project(page, login, axe_check, live_app):
    project_id = _new_project(live_app)
    login(page, LEIDER)
    page.goto(f"/projecten/{project_id}")

    page.get_by_role("link", name="Project afsluiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Project afsluiten")
    axe_check(page)
    page.get_by_role("button", name="Project afsluiten").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul in waarom het project wordt afgesloten")
    axe_check(page)
    page.get_by_label("Reden van afsluiten").fill(REASON)
    page.get_by_role("button", name="Project afsluiten").click()

    expect(page).to_have_url(re.compile(rf"/projecten/{project_id}$"))
    banner = page.get_by_role("region", name="Project afgesloten")
    expect(banner).to_contain_text("Dit project is afgesloten")
    expect(banner).to_contain_text(REASON)
    expect(page.get_by_role("link", name="Project afsluiten")).to_have_count(0)
    _check_wide_and_narrow(page, axe_check)

    page.goto("/start")
    expect(page.get_by_role("table", name=re.compile("Afgesloten projecten"))).to_contain_text(NAME)
    _check_wide_and_narrow(page, axe_check)

    page.goto(f"/projecten/{project_id}/projectplan")
    banner.get_by_role("button", name="Project heropenen").click()
    expect(page).to_have_url(re.compile(rf"/projecten/{project_id}$"))
    expect(page.get_by_text("Het project is heropend")).to_be_visible()
    expect(page.get_by_role("region", name="Project afgesloten")).to_have_count(0)

    page.get_by_role("link", name="Project verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Project verwijderen")
    _check_wide_and_narrow(page, axe_check)
    field = page.get_by_label("Typ de naam van het project ter bevestiging")
    field.fill("Browsertest")
    page.get_by_role("button", name="Project definitief verwijderen").click()
    expect(page.get_by_role("alert")).to_contain_text("De naam klopt niet")
    expect(field).to_have_value("Browsertest")
    axe_check(page)
    field.fill(NAME)
    page.get_by_role("button", name="Project definitief verwijderen").click()

    expect(page).to_have_url(re.compile(r"/start$"))
    expect(page.get_by_text(f"Project '{NAME}' is verwijderd")).to_be_visible()
    expect(page.get_by_role("link", name=NAME)).to_have_count(0)
