"""The account pages in a browser: axe-clean, with and without messages next to the fields."""

from playwright.sync_api import expect


def test_my_account_page_is_accessible(page, login, axe_check):
    login(page, "teamlid.venlo@demo.rfz")
    page.get_by_role("link", name="Mijn account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account")
    axe_check(page)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("123456789012")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.get_by_text("Vul uw huidige wachtwoord in.").first).to_be_visible()
    axe_check(page)


def test_user_page_with_the_temporary_password_form_is_accessible(page, login, axe_check):
    login(page, "beheerder@demo.rfz")
    page.goto("/beheer/")
    page.locator('a[href^="/beheer/gebruikers/"]:not([href$="nieuw"]):not([href$="uitnodigen"])').first.click()
    expect(page.get_by_role("heading", name="Tijdelijk wachtwoord")).to_be_visible()
    page.get_by_label("Nieuw tijdelijk wachtwoord").fill("wachtwoord12")
    page.get_by_role("button", name="Tijdelijk wachtwoord instellen").click()
    expect(page.get_by_text("komt te veel voor").first).to_be_visible()
    axe_check(page)
