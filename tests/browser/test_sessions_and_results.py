"""The participants' status in one form, bundling in a theme typed on the spot, and the link to a new action:
in a real browser, with axe on each state of the page (also with its error messages)."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def _new_sessie(page, on_date: str) -> str:
    page.get_by_role("link", name="Sessie plannen").click()
    page.locator("select[name=session_type]").select_option("inwoners")
    page.locator("input[name=mijlpalen][value=in_beeld]").check()
    page.locator("input[name=option][value=a]").check()
    page.locator("input[name=on_date]").fill(on_date)
    page.locator("input[name=location]").fill("Raadhuis Hilversum, zaal 3")
    page.get_by_role("button", name="Sessie opslaan").click()
    expect(page.get_by_text("De sessie is gepland.")).to_be_visible()
    return page.url


def _add_participant(page, name: str, headcount: str = "1") -> None:
    page.locator("select[name=group]").select_option("inwoner")
    page.locator("input[name=name]").fill(name)
    page.locator("input[name=headcount]").fill(headcount)
    page.get_by_role("button", name="Deelnemer toevoegen").click()


def test_participants_get_their_status_in_one_submit(page, login, axe_check):
    login(page, "projectleider.hilversum@demo.rfz")
    page.goto("/start")
    page.get_by_role("link", name="Inwoners eerder bereiken").click()
    page.get_by_role("link", name="Sessies", exact=True).click()
    _new_sessie(page, "2026-11-10")

    _add_participant(page, "", headcount="500")
    expect(page.locator("#headcount-fout")).to_contain_text("hoogstens 30 personen")
    expect(page.locator("input[name=headcount]")).to_have_value("500")
    axe_check(page)
    _add_participant(page, "Ans")
    _add_participant(page, "Bram")
    expect(page.get_by_role("heading", name=re.compile(r"Deelnemers \(2"))).to_be_visible()

    page.get_by_label("Status van Ans").select_option("aanwezig")
    page.get_by_label("Status van Bram").select_option("afgemeld")
    page.get_by_role("button", name="Status van alle deelnemers opslaan").click()
    expect(page.get_by_text("De status van 2 deelnemers is bijgewerkt.")).to_be_visible()
    expect(page.get_by_label("Status van Ans")).to_have_value("aanwezig")
    expect(page.get_by_label("Status van Bram")).to_have_value("afgemeld")
    expect(page.get_by_role("heading", name=re.compile(r"Deelnemers \(1"))).to_be_visible()
    axe_check(page)

    # The delete button of a row still removes only that row (it belongs to its own form).
    page.get_by_text("Verwijderen Bram").click()
    page.get_by_role("button", name="Ja, verwijder Bram").click()
    expect(page.get_by_text("De deelnemer is verwijderd.")).to_be_visible()
    expect(page.get_by_label("Status van Ans")).to_have_value("aanwezig")
    expect(page.get_by_label("Status van Bram")).to_have_count(0)


def test_findings_are_bundled_in_a_new_theme_and_become_an_action(page, login, axe_check):
    login(page, "projectleider.hilversum@demo.rfz")
    page.goto("/start")
    page.get_by_role("link", name="Inwoners eerder bereiken").click()
    project_url = page.url
    page.get_by_role("link", name="Sessies", exact=True).click()
    _new_sessie(page, "2026-11-17")
    page.get_by_role("link", name=re.compile("Resultaten van deze sessie")).click()
    for text in ("De brief over de wachtlijst is te lang", "Niemand weet waar het loket zit"):
        page.locator("textarea[name=text]").fill(text)
        page.get_by_role("button", name="Bevinding opslaan").click()
        expect(page.get_by_text("De bevinding is vastgelegd.")).to_be_visible()

    page.goto(project_url + "/resultaten")
    page.get_by_label("De brief over de wachtlijst is te lang").check()
    page.get_by_label("Niemand weet waar het loket zit").check()
    page.locator("input[name=new_theme]").fill("Vindbaarheid van het loket")
    page.get_by_role("button", name="Aangevinkte bevindingen naar dit thema").click()
    expect(page.get_by_text("Het thema 'Vindbaarheid van het loket' is gemaakt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Vindbaarheid van het loket (2)")).to_be_visible()
    axe_check(page)

    # The same name again is refused next to the field, with the ticked findings still ticked.
    page.get_by_label("De brief over de wachtlijst is te lang").check()
    page.locator("input[name=new_theme]").fill("vindbaarheid van het loket")
    page.get_by_role("button", name="Aangevinkte bevindingen naar dit thema").click()
    expect(page.locator("#new_theme-fout")).to_contain_text("al een thema met deze naam")
    expect(page.get_by_label("De brief over de wachtlijst is te lang")).to_be_checked()
    expect(page.locator("input[name=new_theme]")).to_have_value("vindbaarheid van het loket")
    axe_check(page)

    page.get_by_role("button", name=re.compile("Maak hier een actie van.*Niemand weet waar")).click()
    expect(page.get_by_text("Er is een actie gemaakt")).to_be_visible()
    page.get_by_role("status").get_by_role("link", name="Niemand weet waar het loket zit").click()
    expect(page.locator("input[name=title]")).to_have_value("Niemand weet waar het loket zit")
    axe_check(page)
