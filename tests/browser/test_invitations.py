"""Invitations and the e-mail change in a browser: from the team page to the invited person's first login, and
the link of an e-mail change; every page axe-clean at 1280 and 320 px."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from rfz_project.extensions import db
from rfz_project.models import Membership, OutboxMail, Project, User

NEW_PASSWORD = "fietsen langs de maas in mei"
WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 320, "height": 640}


def check_at_both_widths(page, axe_check, name: str) -> None:
    """axe-clean at 1280 and 320 px, and no sideways scrolling of the page (a table scrolls in its region)."""
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{name} scrolt zijwaarts op {viewport['width']} px: {width[0]} px breed"
        axe_check(page)
    page.set_viewport_size(WIDE)


def _link_to(live_app, recipient: str, path: str) -> str:
    with live_app.app_context():
        mail = db.session.scalars(
            sa.select(OutboxMail).where(OutboxMail.recipient == recipient).order_by(OutboxMail.id.desc())
        ).first()
        assert mail is not None, f"geen e-mail aan {recipient} in de outbox"
        link = re.search(rf"https?://[^/\s]+({path}\S+)", mail.body_text)
        db.session.remove()
    assert link, mail.body_text
    return link[1]


def test_a_projectleider_invites_from_the_team_page_and_the_colleague_logs_in(
    page, browser, live_server, live_app, login, axe_check
):
    login(page, "projectleider.venlo@demo.rfz")
    with live_app.app_context():
        leider = db.session.scalars(sa.select(User).where(User.email == "projectleider.venlo@demo.rfz")).one()
        project_id = db.session.scalars(
            sa.select(Project.id)
            .join(Membership, Membership.gemeente_id == Project.gemeente_id)
            .where(Membership.user_id == leider.id, Project.closed_at.is_(None))
            .order_by(Project.id)
        ).first()
        db.session.remove()
    page.goto(f"/projecten/{project_id}/team")
    page.get_by_role("link", name="Nodig een collega uit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mensen van gemeente")
    check_at_both_widths(page, axe_check, "mensen van de gemeente")

    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("Vul de naam in van wie u uitnodigt.").first).to_be_visible()
    check_at_both_widths(page, axe_check, "uitnodigen met fouten")

    page.get_by_label("Naam").fill("Ineke Uitgenodigd")
    page.get_by_label("E-mailadres").fill("ineke.browser@demo.rfz")
    page.get_by_label("Rol bij de gemeente").select_option("lezer")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("De uitnodiging voor Ineke Uitgenodigd is verstuurd")).to_be_visible()
    expect(page.get_by_text("Uitgenodigd op").first).to_be_visible()
    check_at_both_widths(page, axe_check, "mensen met een uitnodiging")

    link = _link_to(live_app, "ineke.browser@demo.rfz", "/welkom/")
    context = browser.new_context(base_url=live_server, locale="nl-NL", viewport={"width": 1280, "height": 900})
    try:
        invited = context.new_page()
        invited.goto(link)
        expect(invited.get_by_role("heading", level=1)).to_have_text("Welkom bij de RFZ-implementatietool")
        check_at_both_widths(invited, axe_check, "uitnodiging aannemen")
        invited.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
        invited.get_by_role("button", name="Wachtwoord opslaan en inloggen").click()
        expect(invited.get_by_text("minstens 12 tekens").first).to_be_visible()
        check_at_both_widths(invited, axe_check, "uitnodiging met fouten")
        invited.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
        invited.get_by_label("Nieuw wachtwoord nog een keer").fill(NEW_PASSWORD)
        invited.get_by_role("button", name="Wachtwoord opslaan en inloggen").click()
        expect(invited.get_by_text("Uw wachtwoord is ingesteld en u bent ingelogd.")).to_be_visible()
        expect(invited.get_by_role("button", name="Uitloggen")).to_be_visible()
        invited.goto(link)
        expect(invited.get_by_role("heading", level=1)).to_have_text("Deze uitnodiging werkt niet meer")
    finally:
        context.close()


def test_the_link_of_an_email_change_asks_before_it_changes(page, live_app, login, axe_check):
    login(page, "projectleider.enschede@demo.rfz")
    page.goto("/account")
    page.get_by_label("Nieuw e-mailadres").fill("nieuw.enschede@demo.rfz")
    page.get_by_label("Uw huidige wachtwoord").fill("niet het wachtwoord")
    page.get_by_role("button", name="Link sturen naar het nieuwe adres").click()
    expect(page.get_by_text("Dit is niet uw huidige wachtwoord.").first).to_be_visible()
    check_at_both_widths(page, axe_check, "e-mailadres wijzigen met fouten")

    from rfz_project.demo import DEMO_PASSWORD

    page.get_by_label("Uw huidige wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Link sturen naar het nieuwe adres").click()
    expect(page.get_by_text("We hebben een link gestuurd naar nieuw.enschede@demo.rfz")).to_be_visible()
    check_at_both_widths(page, axe_check, "mijn account met een wijziging die wacht")

    page.goto(_link_to(live_app, "nieuw.enschede@demo.rfz", "/e-mailadres-bevestigen/"))
    expect(page.get_by_role("button", name="E-mailadres wijzigen")).to_be_visible()
    check_at_both_widths(page, axe_check, "nieuw e-mailadres bevestigen")

    page.goto("/account")  # the other browser tests log in with the demo's own address: change nothing
    page.get_by_role("button", name="Niet wijzigen").click()
    expect(page.get_by_text("Uw e-mailadres blijft zoals het was.")).to_be_visible()
