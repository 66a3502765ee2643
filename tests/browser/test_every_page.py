"""Every kind of page of the app, at 1280 and at 320 CSS px: axe finds nothing and nothing scrolls sideways.

WCAG 2.1 AA 1.4.10 Reflow: at 320 px (a 1280 px screen zoomed to 400 %) the page needs no horizontal
scrolling; a wide table may scroll inside its own labelled region, never the whole page. The list of pages
is checked against `app.url_map`, so a new page cannot be missed: every GET rule that serves HTML has an entry.

Then the forms shown again after a failed submit: the error summary gets the focus and is in view, so
someone who cannot see the whole page learns at once that (and what) went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa
from flask import url_for
from playwright.sync_api import expect

from rfz_project.accounts import reset
from rfz_project.demo import DEMO_PASSWORD
from rfz_project.extensions import db
from rfz_project.models import (
    Action,
    Agreement,
    BlueprintColumn,
    ChecklistAnswer,
    ChecklistStatus,
    CustomChecklistItem,
    Decision,
    Finding,
    GemeenteNote,
    Initiative,
    InitiativeStatus,
    Participant,
    Project,
    ProjectRisk,
    RegularTask,
    Sessie,
    SessieStatus,
    SupportRequest,
    TeamMember,
    Theme,
    User,
)
from rfz_project.sessions import invitation_mail

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 320, "height": 640}
# Venlo: every step done but one, sessies of both options, checklist, tasks; all its sessies have been held.
DEMO_PROJECT = "Het ideale integrale proces"
PLANNED_PROJECT = "Toegang en overdrachten met partners"  # Enschede: sessies still to come
USERS = {
    "projectleider": "projectleider.venlo@demo.rfz",
    "projectleider-enschede": "projectleider.enschede@demo.rfz",
    "teamlid": "teamlid.venlo@demo.rfz",
    "procesbegeleider": "procesbegeleider@demo.rfz",
    "beheerder": "beheerder@demo.rfz",
    "coordinator": "coordinator@demo.rfz",
}
ANONYMOUS = "anoniem"
# GET rules that answer with a file, not a page.
NOT_HTML = {
    "static",
    "pages.favicon",
    "sessions.feed",
    "sessions.sessie_ics",
    "actions.export_csv",
    "actions.export_xlsx",
    "archive.export",
    "documents.download",
    "documents.download_all",
    "documents.template_file",
    "oversight.portfolio_csv",
    "oversight.portfolio_xlsx",
}


@dataclass(frozen=True)
class Visit:
    """One page: who looks at it, the rule, and what to put in its URL beyond the demo project's ids."""

    who: str
    endpoint: str
    args: dict = field(default_factory=dict)
    status: int = 200
    note: str = ""
    lands_elsewhere: bool = False  # the page sends on (a redirect): what is checked is where it lands

    def __str__(self) -> str:
        return f"{self.who}-{self.endpoint}{'-' + self.note if self.note else ''}"


PLANNED = {"project_id": "planned_project_id", "sessie_id": "planned_sessie_id"}
STEPS = ("voorbereiding.reikwijdte", "uitvoering.sessies", "borging.archivering")
SCOPE_TYPES = ("hele_routekaart", "combinatie", "een_mijlpaal", "een_rol", "checklist")
VISITS = [
    Visit(ANONYMOUS, "accounts.login"),
    Visit(ANONYMOUS, "pages.index", note="naar inloggen", lands_elsewhere=True),
    Visit(ANONYMOUS, "pages.accessibility"),
    Visit(ANONYMOUS, "accounts.forgot_password"),
    Visit(ANONYMOUS, "accounts.reset_password", {"token": "reset_token"}),
    Visit(ANONYMOUS, "accounts.reset_password", {"token": "verlopen-of-vervalst"}, status=404, note="link werkt niet"),
    # The pages of a valid invitation and e-mail change link: axe-checked in tests/browser/test_invitations.py.
    Visit(ANONYMOUS, "accounts.accept_invitation", {"token": "verlopen"}, status=404, note="link werkt niet"),
    Visit(ANONYMOUS, "accounts.confirm_email", {"token": "verlopen"}, status=404, note="link werkt niet"),
    Visit("projectleider", "accounts.gemeente_people"),
    Visit("procesbegeleider", "pages.home"),
    Visit("procesbegeleider", "projects.show"),
    Visit("teamlid", "projects.edit_scope_type", status=403, note="geen toegang"),
    Visit("projectleider", "pages.home"),
    Visit("projectleider", "pages.index", note="naar de start", lands_elsewhere=True),
    Visit("projectleider", "pages.accessibility"),
    Visit("projectleider", "accounts.profile"),
    Visit("projectleider", "reminders.preferences"),
    Visit("projectleider", "projects.new"),
    *(Visit("projectleider", "projects.new_details", {"scope_type": key}, note=key) for key in SCOPE_TYPES),
    Visit("projectleider", "archive.import_project"),
    Visit("projectleider", "projects.show"),
    *(Visit("projectleider", "projects.step", {"step_key": key}, note=key) for key in STEPS),
    Visit("projectleider", "projects.edit_scope_type"),
    Visit("projectleider", "projects.edit_scope"),
    Visit("projectleider", "projects.team"),
    Visit("projectleider", "projects.plan"),
    Visit("projectleider", "projects.new_risk"),
    Visit("projectleider", "projects.edit_risk"),
    Visit("projectleider", "projects.delete_risk"),
    Visit("coordinator", "projects.edit_risk", note="alleen lezen"),
    Visit("projectleider", "projects.new_decision"),
    Visit("projectleider", "projects.edit_decision"),
    Visit("projectleider", "projects.delete_decision"),
    Visit("projectleider", "projects.history"),
    Visit("projectleider", "projects.close_project"),
    Visit("projectleider", "projects.delete_project"),
    Visit("projectleider", "sessions.index"),
    Visit("projectleider", "sessions.new"),
    Visit("projectleider", "sessions.show", note="gehouden"),
    Visit("projectleider-enschede", "sessions.edit", PLANNED),
    Visit("projectleider", "sessions.delete"),
    Visit("projectleider-enschede", "sessions.show", PLANNED, note="gepland"),
    Visit("projectleider-enschede", "sessions.send_invitations", PLANNED),
    Visit(
        "projectleider-enschede", "sessions.edit_participant", {**PLANNED, "participant_id": "planned_participant_id"}
    ),
    Visit(ANONYMOUS, "sessions.rsvp", {"token": "rsvp_token"}),
    Visit(ANONYMOUS, "sessions.rsvp", {"token": "vervalst"}, status=404, note="link werkt niet"),
    Visit("projectleider-enschede", "sessions.edit", PLANNED, note="gepland"),
    Visit("projectleider", "results.overview"),
    Visit("projectleider", "results.sessie", note="optie a"),
    Visit("projectleider", "results.sessie", {"sessie_id": "blueprint_sessie_id"}, note="optie b"),
    Visit("projectleider-enschede", "results.edit_column", {**PLANNED, "column_id": "planned_column_id"}),
    Visit("projectleider-enschede", "results.edit_finding", {**PLANNED, "finding_id": "planned_finding_id"}),
    Visit("projectleider-enschede", "results.edit_agreement", {**PLANNED, "agreement_id": "planned_agreement_id"}),
    Visit("projectleider", "actions.index"),
    Visit("projectleider", "actions.plan"),
    Visit("projectleider", "actions.timing"),
    Visit("projectleider", "actions.themes"),
    Visit("projectleider", "actions.edit_theme"),
    Visit("projectleider", "actions.delete_theme"),
    Visit("projectleider", "actions.new"),
    Visit("projectleider", "actions.edit"),
    Visit("projectleider", "actions.delete"),
    Visit("projectleider", "checklist.index"),
    Visit("projectleider", "checklist.custom_items"),
    Visit("projectleider", "checklist.delete_custom_item"),
    Visit("projectleider", "borging.tasks"),
    Visit("projectleider", "borging.new_task"),
    Visit("projectleider", "borging.edit_task"),
    Visit("projectleider", "borging.delete_task"),
    Visit("projectleider", "borging.decisions"),
    Visit("projectleider", "documents.index"),
    Visit("projectleider", "support.project_requests"),
    Visit("projectleider", "support.show", note="beantwoord"),
    Visit("procesbegeleider", "support.queue"),
    Visit("coordinator", "support.queue", note="alleen lezen"),
    Visit("procesbegeleider", "support.show", {**PLANNED, "request_id": "planned_request_id"}, note="nieuw"),
    Visit("projectleider", "pages.home", {"_path": "/bestaat-niet"}, status=404, note="niet gevonden"),
    Visit("projectleider", "initiatives.index"),
    Visit("projectleider", "initiatives.show", {"initiative_id": "foreign_initiative_id"}, note="overnemen"),
    Visit("projectleider", "initiatives.show", {"initiative_id": "own_initiative_id"}, note="eigen"),
    Visit("projectleider", "initiatives.withdraw", {"initiative_id": "own_initiative_id"}),
    Visit("projectleider", "initiatives.publish_action"),
    Visit("projectleider", "initiatives.publish_item", {"item_key": "shared_item_key"}),
    Visit("procesbegeleider", "initiatives.queue"),
    Visit("procesbegeleider", "initiatives.show", {"initiative_id": "waiting_initiative_id"}, note="wacht"),
    Visit("procesbegeleider", "initiatives.reject", {"initiative_id": "waiting_initiative_id"}),
    Visit("coordinator", "oversight.portfolio"),
    Visit(
        "procesbegeleider", "oversight.portfolio", {"_path": "/vng/portfolio?sort=planning&direction=desc"}, note="sort"
    ),
    Visit("coordinator", "pages.home", note="alle gemeenten"),
    Visit("coordinator", "oversight.coverage"),
    Visit("coordinator", "oversight.checklist_comparison"),
    Visit("coordinator", "oversight.gemeente", note="alleen lezen"),
    Visit("procesbegeleider", "oversight.gemeente"),
    Visit("procesbegeleider", "oversight.edit_note"),
    Visit("procesbegeleider", "oversight.delete_note"),
    Visit("beheerder", "admin.index"),
    Visit("beheerder", "admin.user"),
    Visit("beheerder", "admin.new_user"),
    Visit("beheerder", "admin.invite"),
    # Without a provider (the demo has none) the organisation login's routes are not found; with one, its pages
    # are axe-checked in tests/oidc/test_browser.py.
    Visit("beheerder", "oidc.provider"),
    Visit("beheerder", "oidc.remove_provider", status=404, note="geen provider"),
    Visit(ANONYMOUS, "oidc.start", status=404, note="geen provider"),
    Visit(ANONYMOUS, "oidc.start_gemeente", status=404, note="geen provider"),
    Visit(ANONYMOUS, "oidc.choose", note="terug naar inloggen", lands_elsewhere=True),
    # Linking on Mijn account (the pages with a provider: tests/oidc/test_browser.py); without a confirmed
    # password both go back to Mijn account, and an identity that is not one's own is not found.
    Visit("projectleider", "oidc.link_continue", note="terug naar Mijn account", lands_elsewhere=True),
    Visit("projectleider", "oidc.link_go", note="terug naar Mijn account", lands_elsewhere=True),
    Visit("projectleider", "oidc.unlink", {"identity_id": 999999}, status=404, note="niet van u"),
    Visit(ANONYMOUS, "oidc.callback", status=404, note="geen provider"),
    Visit(ANONYMOUS, "oidc.callback_gemeente", status=404, note="geen provider"),
    Visit("beheerder", "admin.house_style"),
    Visit("beheerder", "admin.security_log"),
    Visit("beheerder", "admin.outbox"),
]


def _results_in(sessie: Sessie) -> dict[str, int]:
    """A finding, a board column and an agreement of a sessie still open, for their edit pages (the demo records
    results only of finished sessies, which are read-only until reopened)."""
    finding = Finding(project_id=sessie.project_id, sessie_id=sessie.id, text="Wat een inwoner vooraf al vertelde")
    column = BlueprintColumn(sessie_id=sessie.id, position=0, title="Brief ontvangen")
    agreement = Agreement(sessie_id=sessie.id, who="Tom")
    db.session.add_all([finding, column, agreement])
    db.session.commit()
    return {
        "planned_finding_id": finding.id,
        "planned_column_id": column.id,
        "planned_agreement_id": agreement.id,
    }


def demo_ids(app) -> dict:
    """The ids of the demo project's rows, by URL argument (a sessie held with findings, one still to come)."""
    with app.app_context():
        one = db.session.scalars
        project = one(sa.select(Project).filter_by(name=DEMO_PROJECT)).one()
        in_project = {"project_id": project.id}
        held = one(
            sa.select(Sessie)
            .filter_by(**in_project, status=SessieStatus.AFGEROND)
            .where(Sessie.id.in_(sa.select(Finding.sessie_id)))
            .order_by(Sessie.on_date)
        ).first()
        planned = one(
            sa.select(Sessie)
            .join(Project)
            .where(Project.name == PLANNED_PROJECT, Sessie.status != SessieStatus.AFGEROND)
            .order_by(Sessie.on_date)
        )
        column = one(
            sa.select(BlueprintColumn).join(Sessie).where(Sessie.project_id == project.id).order_by(BlueprintColumn.id)
        ).first()
        assert held is not None and column is not None, "de demo heeft geen gehouden sessie met resultaten"
        planned_sessie = planned.first()
        assert planned_sessie is not None, "de demo heeft geen geplande sessie"
        planned_participant_id = one(
            sa.select(Participant.id).filter_by(sessie_id=planned_sessie.id).order_by(Participant.id)
        ).first()
        return {
            **in_project,
            "step_key": STEPS[0],
            "scope_type": project.scope_type,
            "sessie_id": held.id,
            "planned_project_id": planned_sessie.project_id,
            "planned_sessie_id": planned_sessie.id,
            "blueprint_sessie_id": column.sessie_id,
            "column_id": column.id,
            "participant_id": one(sa.select(Participant.id).filter_by(sessie_id=held.id)).first(),
            "agreement_id": one(sa.select(Agreement.id).filter_by(sessie_id=held.id)).first(),
            "finding_id": one(sa.select(Finding.id).filter_by(sessie_id=held.id)).first(),
            "action_id": one(sa.select(Action.id).filter_by(**in_project).order_by(Action.id)).first(),
            "theme_id": one(sa.select(Theme.id).filter_by(**in_project).order_by(Theme.id)).first(),
            "decision_id": one(sa.select(Decision.id).filter_by(**in_project).order_by(Decision.id)).first(),
            "task_id": one(sa.select(RegularTask.id).filter_by(**in_project).order_by(RegularTask.id)).first(),
            "risk_id": one(sa.select(ProjectRisk.id).filter_by(**in_project).order_by(ProjectRisk.id)).first(),
            "member_id": one(sa.select(TeamMember.id).filter_by(**in_project).order_by(TeamMember.id)).first(),
            "custom_item_id": one(sa.select(CustomChecklistItem.id).filter_by(gemeente_id=project.gemeente_id)).first(),
            "gemeente_id": project.gemeente_id,
            "note_id": one(sa.select(GemeenteNote.id).filter_by(gemeente_id=project.gemeente_id)).first(),
            "user_id": one(sa.select(User.id).filter_by(email=USERS["teamlid"])).one(),
            "reset_token": reset.make_token(one(sa.select(User).filter_by(email=USERS["teamlid"])).one()),
            "planned_participant_id": planned_participant_id,
            **_results_in(planned_sessie),
            "rsvp_token": invitation_mail.token_for(
                planned_sessie.project_id, planned_sessie.id, planned_participant_id
            ),
            **initiative_ids(project),
            "request_id": one(sa.select(SupportRequest.id).filter_by(**in_project)).first(),
            "planned_request_id": one(
                sa.select(SupportRequest.id).filter_by(project_id=planned_sessie.project_id)
            ).first(),
        }


def initiative_ids(project: Project) -> dict:
    """The demo project's own initiative, one of another gemeente, one waiting, and a checklist item to share."""
    one = db.session.scalars
    own = Initiative.gemeente_id == project.gemeente_id
    approved = Initiative.status == InitiativeStatus.GOEDGEKEURD
    return {
        "own_initiative_id": one(sa.select(Initiative.id).where(own, approved)).first(),
        "foreign_initiative_id": one(sa.select(Initiative.id).where(~own, approved).order_by(Initiative.id)).first(),
        "waiting_initiative_id": one(
            sa.select(Initiative.id).where(Initiative.status == InitiativeStatus.WACHT).order_by(Initiative.id)
        ).first(),
        "shared_item_key": one(
            sa.select(ChecklistAnswer.item_key)
            .where(ChecklistAnswer.project_id == project.id, ChecklistAnswer.answer == ChecklistStatus.DOEN_WE_AL)
            .where(ChecklistAnswer.item_key.is_not(None))
            .order_by(ChecklistAnswer.id)
        ).first(),
    }


def url_of(app, visit: Visit, ids: dict) -> str:
    if "_path" in visit.args:
        return visit.args["_path"]
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == visit.endpoint)
    # An argument of the visit names an id of the demo (or is the value itself); the others are the project's.
    chosen = {name: visit.args.get(name, name) for name in rule.arguments}
    values = {name: ids.get(value, value) for name, value in chosen.items()}
    with app.test_request_context():
        return url_for(visit.endpoint, **values)


class Browsers:
    """One logged-in page per user, made on first use and kept for the module: logging in takes a second."""

    def __init__(self, browser, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.pages: dict[str, object] = {}
        self.problems: list[str] = []

    def page_of(self, who: str):
        if who not in self.pages:
            context = self.browser.new_context(base_url=self.base_url, locale="nl-NL", viewport=WIDE)
            context.set_default_timeout(10_000)
            page = context.new_page()
            page.on("console", lambda message, page=page: self._console(page, message))
            page.on("pageerror", lambda error, page=page: self.problems.append(f"{page.url}: scriptfout {error}"))
            if who != ANONYMOUS:
                self.login(page, USERS[who])
            self.pages[who] = page
        return self.pages[who]

    @staticmethod
    def login(page, email: str) -> None:
        page.goto("/inloggen")
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    def _console(self, page, message) -> None:
        # As the `page` fixture: a document that is not 2xx (a 404 page, a form with its errors) and the favicon
        # Chromium asks for by itself are logged as failed resources on purpose; anything else is a problem.
        location = message.location.get("url", "")
        expected = message.text.startswith("Failed to load resource") and location in {
            page.url,
            urljoin(page.url, "/favicon.ico"),
        }
        if message.type == "error" and not expected:
            self.problems.append(f"{page.url}: {message.text} ({location})")

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def browsers(browser, live_server):
    browsers = Browsers(browser, live_server)
    try:
        yield browsers
    finally:
        browsers.close()


@pytest.fixture(scope="module")
def ids(live_app) -> dict:
    return demo_ids(live_app)


@pytest.fixture
def no_console_errors(browsers):
    browsers.problems.clear()
    yield
    assert not browsers.problems, "fouten in de browserconsole:\n" + "\n".join(browsers.problems)


def sideways_scroll(page) -> str:
    """'' when the page fits the viewport's width; else how wide it is and the widest elements, to find them."""
    return page.evaluate(
        """() => {
          const root = document.documentElement, width = window.innerWidth;
          if (root.scrollWidth <= width) return "";
          // What sticks out: not what a scrolling region clips, unless positioned out of it.
          const clipped = (el) => el.parentElement.closest(".rfz-table-scroll, .rfz-scroll")
                                  && !["absolute", "fixed"].includes(getComputedStyle(el).position);
          const wide = [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !clipped(el))
            .slice(-5)
            .map((el) => [el.tagName.toLowerCase(), ...String(el.className || "").split(" ").filter(Boolean)].join(".")
                         + ` (rechts ${Math.round(el.getBoundingClientRect().right)} px)`);
          return `${root.scrollWidth} px breed in ${width} px: ${wide.join(", ")}`;
        }"""
    )


def check_at_both_widths(page, axe_check, name: str) -> None:
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        too_wide = sideways_scroll(page)
        assert not too_wide, f"{name} scrolt zijwaarts op {viewport['width']} px: {too_wide}"
        axe_check(page)
    page.set_viewport_size(WIDE)


def test_every_html_page_of_the_app_is_visited(live_app):
    get_rules = {rule.endpoint for rule in live_app.url_map.iter_rules() if "GET" in rule.methods}
    visited = {visit.endpoint for visit in VISITS}
    assert not (get_rules - NOT_HTML - visited), "pagina's zonder bezoek in VISITS: " + ", ".join(
        sorted(get_rules - NOT_HTML - visited)
    )
    assert not (visited - get_rules), "VISITS noemt regels die er niet (meer) zijn: " + ", ".join(
        sorted(visited - get_rules)
    )
    assert not (NOT_HTML - get_rules), "NOT_HTML noemt regels die er niet (meer) zijn"


@pytest.mark.usefixtures("no_console_errors")
@pytest.mark.parametrize("visit", VISITS, ids=str)
def test_page_fits_320_px_and_passes_axe(visit, browsers, live_app, ids, axe_check):
    page = browsers.page_of(visit.who)
    url = url_of(live_app, visit, ids)
    response = page.goto(url)
    assert response is not None and response.status == visit.status, f"{visit} ({url}): HTTP {response.status}"
    landed = urlsplit(page.url).path
    assert visit.lands_elsewhere or landed == urlsplit(url).path, f"{visit} ({url}) stuurde door naar {landed}"
    check_at_both_widths(page, axe_check, f"{visit} ({url})")


def assert_summary_has_focus_in_view(page) -> None:
    summary = page.locator(".rfz-error-summary")
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()
    in_view = page.evaluate(
        """() => {
          const box = document.activeElement.getBoundingClientRect();
          return box.top >= 0 && box.top < window.innerHeight;
        }"""
    )
    assert in_view, f"de foutmelding op {page.url} heeft de focus, maar staat buiten beeld"


@pytest.mark.usefixtures("no_console_errors")
@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "320"])
def test_failed_login_focuses_the_error_summary(viewport, browser, live_server, axe_check):
    context = browser.new_context(base_url=live_server, locale="nl-NL", viewport=viewport)
    try:
        page = context.new_page()
        page.goto("/inloggen")
        page.locator("input[name=email]").fill("niemand@demo.rfz")
        page.locator("input[name=password]").fill("fout-wachtwoord")
        page.get_by_role("button", name="Inloggen").click()
        assert_summary_has_focus_in_view(page)
        expect(page.locator("input[name=email]")).to_have_value("niemand@demo.rfz")
        assert not sideways_scroll(page)
        axe_check(page)
    finally:
        context.close()


@pytest.mark.usefixtures("no_console_errors")
@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "320"])
def test_failed_participant_form_focuses_the_error_summary(viewport, browsers, live_app, ids, axe_check):
    page = browsers.page_of("projectleider-enschede")
    page.set_viewport_size(viewport)
    page.goto(url_of(live_app, Visit("projectleider-enschede", "sessions.show", PLANNED), ids))
    page.locator("select[name=group]").select_option("inwoner")
    page.locator("input[name=headcount]").fill("500")
    page.get_by_role("button", name="Deelnemer toevoegen").click()
    assert_summary_has_focus_in_view(page)
    expect(page.locator("#headcount-fout")).to_be_visible()
    expect(page.locator("input[name=headcount]")).to_have_value("500")
    assert not sideways_scroll(page)
    axe_check(page)
    page.set_viewport_size(WIDE)


@pytest.mark.usefixtures("no_console_errors")
@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "320"])
def test_failed_action_form_focuses_the_error_summary(viewport, browsers, live_app, ids, axe_check):
    page = browsers.page_of("projectleider")
    page.set_viewport_size(viewport)
    page.goto(url_of(live_app, Visit("projectleider", "actions.new"), ids))
    page.locator("input[name=budget]").fill("veel")
    page.get_by_role("button", name="Actie opslaan").click()
    assert_summary_has_focus_in_view(page)
    expect(page.locator("input[name=budget]")).to_have_value("veel")
    assert not sideways_scroll(page)
    axe_check(page)
    page.set_viewport_size(WIDE)
