"""User journeys in a real browser, with an axe (WCAG 2.1 A/AA) check on every page visited."""

from __future__ import annotations

import re

from playwright.sync_api import expect

PROJECT_NAME = "Browsertest: schulden eerder in beeld"
CENTRAL_QUESTION = "Werkt <b>dit</b> & \"dat\" voor 'iedereen'? 💶 Ja <script>alert(1)</script>"


def test_projectleider_creates_project_and_completes_a_step(page, login, axe_check):
    page.goto("/inloggen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    axe_check(page)

    login(page, "projectleider.venlo@demo.rfz")
    page.goto("/start")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn projecten")
    axe_check(page)

    # Wizard step 1: the kind of scope.
    page.get_by_role("link", name="Nieuw project starten").click()
    expect(page).to_have_url(re.compile(r"/projecten/nieuw$"))
    axe_check(page)
    page.locator("input[name=scope_type][value=combinatie]").check()
    page.get_by_role("button", name="Volgende stap").click()

    # Wizard step 2: details. First with only one mijlpaal, which a combinatie refuses.
    expect(page).to_have_url(re.compile(r"/projecten/nieuw/combinatie$"))
    axe_check(page)
    page.locator("input[name=name]").fill(PROJECT_NAME)
    page.locator("input[name=mijlpalen][value=op_zoek]").check()
    page.locator("textarea[name=central_question]").press_sequentially(CENTRAL_QUESTION)
    if not page.locator("input[name=start_date]").input_value():
        page.locator("input[name=start_date]").fill("2025-01-06")
    page.get_by_role("button", name="Project aanmaken").click()

    expect(page.locator(".utrecht-form-field-error-message")).to_contain_text(
        "Fout: Kies minstens twee mijlpalen voor een combinatie."
    )
    expect(page.get_by_role("alert")).to_contain_text("Er ging iets mis")
    expect(page.locator("input[name=name]")).to_have_value(PROJECT_NAME)
    expect(page.locator("textarea[name=central_question]")).to_have_value(CENTRAL_QUESTION)
    axe_check(page)

    page.locator("input[name=mijlpalen][value=in_beeld]").check()
    page.get_by_role("button", name="Project aanmaken").click()

    # The project page: scope, timeline, phases and steps.
    expect(page).to_have_url(re.compile(r"/projecten/\d+$"))
    project_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT_NAME)
    expect(page.locator(".rfz-facts dd").first).to_have_text(CENTRAL_QUESTION)
    expect(page.locator("svg").first).to_be_visible()
    expect(page.get_by_role("table", name="Geplande fasen")).to_be_visible()
    axe_check(page)

    # Complete the first step.
    page.get_by_role("link", name="1. Reikwijdte bepalen").click()
    expect(page).to_have_url(re.compile(r"/stappen/voorbereiding\.reikwijdte$"))
    axe_check(page)
    # No reason was chosen in the wizard, so the step lists what is missing and needs a note to be closed.
    expect(page.locator(".rfz-check--open")).to_contain_text("Nog geen aanleiding gekozen")
    page.locator("select[name=status]").select_option("afgerond")
    page.get_by_role("button", name="Stap opslaan").click()
    expect(page.locator(".utrecht-form-field-error-message")).to_contain_text("Schrijf in de notities")
    page.locator("textarea[name=notes]").fill("De aanleiding is besproken in het MT.")
    page.get_by_role("button", name="Stap opslaan").click()

    expect(page).to_have_url(re.compile(re.escape(project_url) + r"(#stap-voorbereiding-reikwijdte)?$"))
    expect(page.get_by_role("status").filter(has_text="is opgeslagen")).to_contain_text(
        "Stap 'Reikwijdte bepalen' is opgeslagen."
    )
    expect(page.locator("#stap-voorbereiding-reikwijdte .rfz-status")).to_have_text("Status: Afgerond")
    axe_check(page)

    # The other pages of the project.
    for path in ("/team", "/projectplan", "/stappen/voorbereiding.besluitvorming", "/besluiten/nieuw"):
        response = page.goto(project_url + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)

    page.get_by_role("link", name="Toegankelijkheidsverklaring").click()
    expect(page).to_have_url(re.compile(r"/toegankelijkheid$"))
    axe_check(page)


def test_beheer_pages_are_accessible(page, login, axe_check):
    login(page, "beheerder@demo.rfz")
    for path in ("/beheer/", "/beheer/gebruikers/nieuw", "/beheer/beveiligingslog"):
        response = page.goto(path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)


def test_skip_link_is_first_focusable_element(page, login):
    login(page, "teamlid.venlo@demo.rfz")
    page.goto("/start")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Direct naar de inhoud")
    expect(focused).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))
    expect(page.locator("main#inhoud")).to_be_focused()


def test_teamlid_plans_sessions_and_records_participants(page, login, axe_check):
    login(page, "teamlid.kampen@demo.rfz")
    page.goto("/start")
    page.get_by_role("link", name="Nieuwe vroegsignalering").click()
    page.get_by_role("link", name="Sessies", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessies")
    axe_check(page)

    page.get_by_role("button", name="Planning voorstellen").click()
    expect(page.get_by_role("status").first).to_contain_text("sessies als concept klaar")
    expect(page.get_by_role("table", name=re.compile("Geplande sessies"))).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name=re.compile("Sessie met inwoners")).first.click()
    axe_check(page)
    page.get_by_role("link", name="Sessie bewerken").click()
    page.locator("input[name=duration_minutes]").fill("180")
    page.locator("input[name=location]").fill("Stadskantoor, zaal De IJssel")
    page.get_by_role("button", name="Sessie opslaan").click()
    expect(page.locator(".utrecht-form-field-error-message")).to_contain_text("maximaal 2,5 uur")
    axe_check(page)
    page.locator("input[name=duration_minutes]").fill("120")
    page.get_by_role("button", name="Sessie opslaan").click()
    expect(page.get_by_text("De sessie is opgeslagen.")).to_be_visible()

    page.locator("select[name=group]").select_option("inwoner")
    page.locator("input[name=headcount]").fill("4")
    page.get_by_role("button", name="Deelnemer toevoegen").click()
    expect(page.get_by_role("heading", name=re.compile("Deelnemers \\(4"))).to_be_visible()
    page.get_by_role("button", name="Uitnodigingen zijn verstuurd").click()
    expect(page.get_by_text("Status: Gepland")).to_be_visible()
    axe_check(page)


def test_from_session_to_finding_to_quick_win_to_export(page, login, axe_check, tmp_path):
    login(page, "projectleider.hilversum@demo.rfz")
    page.goto("/start")
    page.get_by_role("link", name="Inwoners eerder bereiken").click()
    project_url = page.url
    page.get_by_role("link", name="Sessies", exact=True).click()
    page.get_by_role("link", name="Sessie plannen").click()
    page.locator("select[name=session_type]").select_option("inwoners")
    page.locator("input[name=mijlpalen][value=in_beeld]").check()
    page.locator("input[name=option][value=b]").check()
    page.locator("input[name=on_date]").fill("2026-12-08")
    page.locator("input[name=location]").fill("Raadhuis Hilversum")
    page.get_by_role("button", name="Sessie opslaan").click()
    expect(page.get_by_text("De sessie is gepland.")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name=re.compile("Resultaten van deze sessie")).click()
    axe_check(page)
    page.locator("textarea[name=text]").fill("Inwoners kennen het loket niet & zoeken 'schulden' online 🔎")
    page.get_by_role("button", name="Bevinding opslaan").click()
    expect(page.get_by_text("De bevinding is vastgelegd.")).to_be_visible()
    page.locator("input[name=title]").fill("Zoeken op internet")
    page.locator("textarea[name=inwoner]").fill("Zoekt op 'schulden hulp Hilversum'")
    page.get_by_role("button", name="Stap toevoegen").click()
    expect(page.get_by_role("table", name=re.compile("Service Blueprint"))).to_be_visible()
    page.get_by_role("button", name=re.compile("Maak hier een actie van")).click()
    expect(page.get_by_text("Er is een actie gemaakt")).to_be_visible()
    axe_check(page)

    page.goto(project_url + "/acties/resultatensessie")
    axe_check(page)
    page.get_by_role("group", name=re.compile("Inwoners kennen het loket niet")).get_by_label("Quick win (nu)").check()
    page.get_by_role("button", name="Keuzes opslaan").click()
    expect(page.get_by_text("1 actie gewijzigd")).to_be_visible()

    page.goto(project_url + "/acties")
    axe_check(page)
    expect(page.get_by_role("table").first).to_contain_text("Quick win (nu)")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Excel")).first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    from openpyxl import load_workbook

    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = load_workbook(saved).active
    titles = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert any("Inwoners kennen het loket niet" in str(t) for t in titles)


def test_every_kind_of_project_page_passes_axe(page, login, axe_check):
    """One visit to each page type of a project in the Uitvoering (the demo's Venlo project)."""
    login(page, "projectleider.venlo@demo.rfz")
    page.goto("/start")
    page.get_by_role("link", name="Het ideale integrale proces").click()
    project_url = page.url
    paths = [
        "/team",
        "/projectplan",
        "/checklist",
        "/checklist/eigen-punten",
        "/borging/taken",
        "/borging/taken/nieuw",
        "/borging/besluiten",
        "/acties/nieuw",
        "/acties/themas",
        "/acties/implementatieplan",
        "/geschiedenis",
        "/resultaten",
        "/sessies/nieuw",
        "/stappen/borging.opdrachten",
        "/besluiten/nieuw",
        "/documenten",
        "/stappen/uitvoering.sessies",
    ]
    for path in paths:
        page.goto(project_url + path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        axe_check(page)
    page.goto(project_url + "/acties")
    page.get_by_role("table").first.get_by_role("link").first.click()
    axe_check(page)
    page.goto(project_url + "/sessies")
    page.get_by_role("link", name=re.compile("Sessie met inwoners")).first.click()
    page.get_by_role("link", name=re.compile("Resultaten van deze sessie")).click()
    axe_check(page)
    page.goto("/projecten/importeren")
    axe_check(page)
