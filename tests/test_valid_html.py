"""Every kind of page is valid HTML, as the W3C Nu Html Checker (vnu.jar, the npm devDependency vnu-jar) reads it.

One page of every URL rule, as each kind of user sees it: the projectleider's pages, the lezer's read-only
forms, the beheerder's pages, the login page, the error pages, and the forms shown again with their errors
after an empty POST. The pages are written to files and checked in one run of the checker (starting Java
takes seconds; checking a page takes milliseconds).

Skipped when Java or the jar (`make install`) is missing, unless RFZ_REQUIRE_BROWSER=1 (set by .ci/run): then
it fails, like the browser tests, so CI cannot go green without checking the pages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from rfz_project.pages import views as pages_views
from rfz_project.projects import lifecycle

from .helpers import project_record_ids, url_for_rule

VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHECKER_TIMEOUT_SECONDS = 300
# Posted last or not at all: they remove rows or end the session, which would turn later pages into 404s.
NOT_POSTED = ("delete", "remove", "verwijder", "revert", "change_status", "logout", "login", "reset_password")
NO_PAGE = ("static", "sessions.feed")  # files, not pages


def _required() -> bool:
    """CI sets RFZ_REQUIRE_BROWSER=1 for the browser tests; the pages must be checked there too."""
    return os.environ.get("RFZ_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "ja", "on"}


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java (java op PATH; installeer bijvoorbeeld 'apt-get install default-jre-headless')")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR} (draai 'make install', dat installeert het npm-pakket vnu-jar)")
    if missing:
        message = "De HTML-controle kan niet draaien, want dit ontbreekt: " + "; ".join(missing) + "."
        if _required():
            pytest.fail(message + " RFZ_REQUIRE_BROWSER=1, dus deze test mag niet worden overgeslagen.", pytrace=False)
        pytest.skip(message)
    assert java is not None
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout"]


@dataclass(frozen=True)
class Page:
    who: str
    method: str
    url: str
    status: int

    def __str__(self) -> str:
        return f"{self.who}: {self.method} {self.url} ({self.status})"


class Pages:
    """The pages gathered so far, each written to its own file in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.by_file: dict[str, Page] = {}

    def add(self, page: Page, html: str) -> None:
        name = f"{len(self.by_file):03d}.html"
        (self.folder / name).write_text(html, encoding="utf-8")
        self.by_file[name] = page

    def keep(self, who: str, response, method: str, url: str) -> None:
        if response.mimetype == "text/html":
            self.add(Page(who, method, url, response.status_code), response.get_data(as_text=True))

    def files(self) -> list[str]:
        return [str(self.folder / name) for name in self.by_file]


def _methods(rule) -> set[str]:
    return set(rule.methods) - {"HEAD", "OPTIONS"}


def _get_every_page(app: Flask, client, pages: Pages, who: str, values: dict, rules) -> None:
    for rule in rules:
        if "GET" in _methods(rule) and rule.endpoint not in NO_PAGE:
            url = url_for_rule(app, rule, values)
            pages.keep(who, client.get(url), "GET", url)


def _post_every_form_empty(app: Flask, client, pages: Pages, who: str, values: dict, rules) -> None:
    """An empty POST to every rule that takes one: a form comes back with its errors (400)."""
    for rule in rules:
        if "POST" in _methods(rule) and not any(word in rule.endpoint for word in NOT_POSTED):
            url = url_for_rule(app, rule, values)
            response = client.post(url, data={})
            if response.status_code == 400:
                pages.keep(who, response, "POST", url)


def _gather(app: Flask, client, auth, world, pages: Pages) -> None:
    values = project_record_ids(world)
    rules = list(app.url_map.iter_rules())
    admin = [r for r in rules if r.endpoint.startswith("admin.")]
    not_admin = [r for r in rules if not r.endpoint.startswith("admin.")]
    project_rules = [r for r in rules if "project_id" in r.arguments]

    for url in ("/inloggen", "/toegankelijkheid", "/bestaat-niet"):
        pages.keep("anoniem", client.get(url), "GET", url)
    login = client.post("/inloggen", data={"email": "pl@venlo.nl", "password": "fout"})
    pages.keep("anoniem", login, "POST", "/inloggen")

    auth.login("lezer@venlo.nl")  # read-only forms, and the 403 page
    _get_every_page(app, client, pages, "lezer", values, project_rules)
    url = f"/projecten/{world.project.id}/team"
    pages.keep("lezer", client.post(url, data={}), "POST", url)
    auth.logout()

    auth.login("pl@venlo.nl")
    _get_every_page(app, client, pages, "projectleider", values, not_admin)
    pages.keep("projectleider", client.get("/bestaat-niet"), "GET", "/bestaat-niet")
    url = f"/projecten/{world.project.id}/team/{values['member_id']}/verwijderen"
    pages.keep("projectleider", client.get(url), "GET", url)  # 405
    _post_every_form_empty(app, client, pages, "projectleider", values, not_admin)
    pages.keep("projectleider", client.get("/start"), "GET", "/start (met meldingen)")  # the flashed messages
    url = f"/projecten/{world.project.id}/verwijderen"
    pages.keep("projectleider", client.post(url, data={"name": "fout"}), "POST", url)
    # A closed project: the banner on its pages, the start page's closed projects, a refused form.
    lifecycle.close(world.actor(world.projectleider), world.project.id, "Overgedragen aan de lijn")
    for url in (f"/projecten/{world.project.id}", "/start", f"/projecten/{world.project.id}/acties/nieuw"):
        pages.keep("projectleider (afgesloten project)", client.get(url), "GET", url)
    auth.logout()

    # The VNG's oversight pages, as the procesbegeleider (who writes notes) and the coördinator (who reads them).
    oversight = [r for r in rules if r.endpoint.startswith("oversight.")]
    for email, who in (("pb@vng.nl", "procesbegeleider"), ("coord@vng.nl", "coördinator")):
        auth.login(email)
        _get_every_page(app, client, pages, who, values, oversight)
        auth.logout()
    auth.login("pb@vng.nl")
    _post_every_form_empty(app, client, pages, "procesbegeleider", values, oversight)
    auth.logout()

    auth.login("beheer@rfz.nl")
    _get_every_page(app, client, pages, "beheerder", values, admin)
    _post_every_form_empty(app, client, pages, "beheerder", values, admin)
    auth.logout()

    with app.test_request_context("/"):
        html, status = pages_views._page_without_database(
            503, pages_views.UNAVAILABLE_TITLE, pages_views.UNAVAILABLE_MESSAGE
        )
    pages.add(Page("zonder database", "GET", "/", status), html)


def _run_checker(command: list[str], files: list[str]) -> list[dict]:
    result = subprocess.run(
        [*command, *files], capture_output=True, text=True, timeout=CHECKER_TIMEOUT_SECONDS, check=False
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"vnu.jar gaf geen JSON (exit {result.returncode}):\n{result.stdout[:2000]}\n{result.stderr[:2000]}"
        )


def _describe(message: dict, pages: Pages) -> str:
    page = pages.by_file.get(Path(message.get("url", "")).name)
    where = f"{page} [{Path(message.get('url', '')).name}]" if page else message.get("url", "?")
    extract = (message.get("extract") or "").replace("\n", " ").strip()
    return f"{where} regel {message.get('lastLine', '?')}: {message.get('message')}\n    {extract[:160]}"


def test_every_kind_of_page_is_valid_html(vnu_command, app, world, client, auth, tmp_path):
    pages = Pages(tmp_path)
    _gather(app, client, auth, world, pages)
    kinds = {(page.who, page.method, page.status) for page in pages.by_file.values()}
    assert len(pages.by_file) >= 100 and len(kinds) >= 8, sorted(kinds)  # the walk reached the pages

    messages = _run_checker(vnu_command, pages.files())
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, f"{len(errors)} HTML-fout(en) in {len(pages.by_file)} pagina's:\n" + "\n".join(
        _describe(m, pages) for m in errors
    )
