"""The pager of the long lists in a real browser: axe at 1280 and 320 px, nothing scrolls sideways, the pager is
used with the keyboard, and in the resultatensessie its buttons save the choices before they go to the page.

The demo's lists are short; three rows a page make them long (the live server runs in this process)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from rfz_project import paging
from rfz_project.extensions import db
from rfz_project.models import Project

DEMO_PROJECT = "Het ideale integrale proces"  # Venlo: enough actions and findings for several pages
LEIDER = "projectleider.venlo@demo.rfz"


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)


@pytest.fixture
def base(live_app) -> str:
    with live_app.app_context():
        project_id = db.session.scalar(sa.select(Project.id).where(Project.name == DEMO_PROJECT))
    return f"/projecten/{project_id}"


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("suffix", ["/acties?pagina=2", "/acties/implementatieplan?pagina=2", "/resultaten?pagina=2"])
def test_a_page_with_a_pager_passes_axe_and_fits(page, login, axe_check, small_pages, base, width, suffix):
    page.set_viewport_size({"width": width, "height": 800})
    login(page, LEIDER)
    page.goto(base + suffix)
    pager = page.get_by_role("navigation", name=re.compile("^Pagina's van"))
    expect(pager).to_contain_text("Pagina 2 van")
    expect(pager.locator("[aria-current=page]")).to_have_text("Pagina 2")
    _no_sideways_scroll(page)
    axe_check(page)


def test_the_pager_works_with_the_keyboard_and_keeps_the_sort(page, login, small_pages, base):
    login(page, LEIDER)
    page.goto(f"{base}/acties?sort=title")
    rows = page.locator("table", has_text="Acties, gesorteerd op titel").locator("tbody th")
    first_titles = rows.all_inner_texts()
    link = page.get_by_role("navigation", name="Pagina's van de actielijst").get_by_role("link", name="Volgende pagina")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/acties\?pagina=2&sort=title#acties$"))
    next_titles = rows.all_inner_texts()
    assert next_titles and not set(next_titles) & set(first_titles)
    assert sorted(first_titles + next_titles, key=str.lower) == first_titles + next_titles


def test_a_pager_button_of_the_resultatensessie_saves_first(page, login, axe_check, small_pages, base):
    login(page, LEIDER)
    page.goto(f"{base}/acties/resultatensessie")
    first = page.locator("fieldset").first
    title = first.locator("legend").inner_text()
    choice = "Nog niet bepaald" if first.get_by_label("Later").is_checked() else "Later"
    first.get_by_label(choice).check()
    axe_check(page)
    page.get_by_role("navigation", name=re.compile("resultatensessie")).get_by_role(
        "button", name="Volgende pagina"
    ).click()
    expect(page).to_have_url(re.compile(r"/resultatensessie\?pagina=2$"))
    expect(page.get_by_text("De keuzes van de resultatensessie zijn opgeslagen (1 actie gewijzigd).")).to_be_visible()
    page.goto(f"{base}/acties/resultatensessie")
    expect(page.locator("fieldset", has_text=title).get_by_label(choice)).to_be_checked()
