"""Fuzz every form of the app: hostile values in every field of every URL rule never give a 5xx, and afterwards
every page and every document of the project still renders.

The projectleider of the Venlo project opens every page, the forms on them are read from the HTML (inputs,
textareas, selects, with the values shown), and every rule that takes a POST gets each hostile value in every
field at once, and then in one field at a time while the other fields keep their shown values (so a value
reaches the service behind a form that is otherwise valid). Forms that submit with GET (filters, paging) get
the same in their query string. Deletions, status changes, closing the project and the routes that end the
session come last.
"""

from __future__ import annotations

import io
import re
import traceback
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import sqlalchemy as sa
from docx import Document
from pptx import Presentation

from rfz_project.extensions import db

from .helpers import project_record_ids, url_for_rule

HOSTILE = [
    "\x00",
    "\x01\x1b\ufffe",
    "A" * 100_000,
    "-1",
    "99999999999999999999",
    "1e400",
    "NaN",
    "9999-12-31",
    "0000-00-00",
    "31-02-2026",
    "<script>&\"'</script>",
    "😀 naïve",
    "regel1\r\nregel2",
    # Last, so that it is what stays stored in the text fields the documents are built from.
    "😀 <b>&\"'</b>\x00\x01\x1b\ufffe naïve\r\nregel2\ttab",
]
# One field at a time, the others as shown: each field gets PER_FIELD of these, in turn, so that every value
# reaches every kind of field somewhere while the file stays quick.
ONE_AT_A_TIME = [
    "\x00",
    "A" * 100_000,
    "-1",
    "99999999999999999999",
    "9999-12-31",
    "31-02-2026",
    "😀 <b>&\"'</b>\x00\x01\x1b\ufffe naïve\r\nregel2\ttab",
]
# Posted after everything else: they remove rows or close sessies, which would make later forms a 404 or 403.
PER_FIELD = 2
LATE = ("delete", "remove", "verwijder", "change_status", "revert")
CLOSING = ("projects.close_project",)  # the project is read-only afterwards: every form after it is a 403
ENDING = ("accounts.logout_everywhere", "accounts.logout", "accounts.login")  # end or replace the session


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, shown value); a name may repeat

    def names(self) -> list[str]:
        return list(dict.fromkeys(name for name, _ in self.fields))

    def data(self, overrides: dict[str, str]) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        for name, value in overrides.items():
            data[name] = [value]
        return data


class FormParser(HTMLParser):
    """The forms of a page, each with the values a browser would submit unchanged (first submit button)."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: tuple[str | None, bool] | None = None
        self._submitted = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self._form = Form(a.get("method", "get").upper(), urlsplit(action).path)
            self.forms.append(self._form)
            self._submitted = False
            return
        if self._form is None or ("name" not in a and tag != "option"):
            if tag == "option" and self._select is not None:
                self._option = (a.get("value"), "selected" in a)
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "image"):
                if self._submitted:
                    return
                self._submitted = True
            if kind == "file":
                return
            self._form.fields.append((name, a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "button" and a.get("type", "submit") == "submit" and not self._submitted:
            self._submitted = True
            self._form.fields.append((name, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, []
        elif tag == "select":
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._text = []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._form is not None and self._textarea is not None:
            self._form.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value, selected = self._option
            self._options.append((value if value is not None else "".join(self._text).strip(), selected))
            self._option = None
        elif tag == "select" and self._form is not None and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self._form.fields.extend((self._select, v) for v in chosen)
            self._select = None


def forms_on(page: str, url: str) -> list[Form]:
    parser = FormParser(url)
    parser.feed(page)
    return parser.forms


@dataclass
class Fuzzer:
    client: object
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    turn: int = 0

    def send(self, method: str, url: str, data: dict, where: str) -> None:
        self.requests += 1
        try:
            if method == "GET":
                response = self.client.open(url, method="GET", query_string=data)
            else:
                response = self.client.open(url, method=method, data=data)
        except Exception as error:  # TESTING propagates a view's exception instead of answering 500
            last = traceback.extract_tb(error.__traceback__)[-1]
            self.failures.append(f"{where}: {type(error).__name__}: {error} ({last.filename}:{last.lineno})"[:600])
            return
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            self.failures.append(f"{where}: {response.status_code}")

    def _next_values(self) -> list[str]:
        start, self.turn = self.turn, self.turn + PER_FIELD
        return [ONE_AT_A_TIME[(start + i) % len(ONE_AT_A_TIME)] for i in range(PER_FIELD)]

    def fuzz(self, method: str, url: str, forms: list[Form], endpoint: str) -> None:
        for form in forms:
            names = [n for n in form.names() if n != "csrf_token"]
            where = f"{method} {url} [{endpoint}]"
            for value in HOSTILE:
                self.send(method, url, form.data(dict.fromkeys(names, value)), f"{where} all={value[:30]!r}")
            for name in _one_per_kind(names):
                for value in self._next_values():
                    self.send(method, url, form.data({name: value}), f"{where} {name}={value[:30]!r}")


def _one_per_kind(names: list[str]) -> list[str]:
    """One field of each kind: the checklist's 35 items x (answer, seen, note) are three kinds ("<item>-note")."""
    kinds: dict[str, str] = {}
    for name in names:
        kinds.setdefault(name.rsplit("-", 1)[-1], name)
    return list(kinds.values())


def _methods(rule) -> set[str]:
    return set(rule.methods) - {"HEAD", "OPTIONS"}


def _order(rule) -> int:
    if rule.endpoint in ENDING:
        return 3 + ENDING.index(rule.endpoint)
    if rule.endpoint in CLOSING:
        return 2
    return 1 if any(word in rule.endpoint for word in LATE) else 0


def _gather_forms(app, client, rules, values) -> dict[str, list[Form]]:
    """Every form on every page the projectleider can open, by the path it submits to."""
    by_action: dict[str, list[Form]] = {}
    for rule in rules:
        if "GET" not in _methods(rule) or rule.endpoint == "static":
            continue
        url = url_for_rule(app, rule, values)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for form in forms_on(response.get_data(as_text=True), url):
            known = by_action.setdefault(form.action, [])
            if all(form.fields != other.fields or form.method != other.method for other in known):
                known.append(form)
    return by_action


def _stored_texts() -> list[str]:
    """Every text value in the database (the audit trail's copies included)."""
    texts = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, sa.String)]
        for row in db.session.execute(sa.select(*columns)).all() if columns else []:
            texts.extend(v for v in row if isinstance(v, str))
    return texts


def _every_page_renders(app, client, rules, values) -> list[str]:
    broken = []
    for rule in rules:
        if "GET" not in _methods(rule) or rule.endpoint == "static":
            continue
        url = url_for_rule(app, rule, values)
        status = client.get(url).status_code
        if status >= 500:
            broken.append(f"GET {url}: {status}")
    return broken


def _documents_open(client, project_id: int) -> list[str]:
    broken = []
    index = client.get(f"/projecten/{project_id}/documenten")
    assert index.status_code == 200
    links = rf'/projecten/{project_id}/documenten/([a-z_]+(?:--[a-z]+-\d+)?)"'
    refs = set(re.findall(links, index.get_data(as_text=True)))
    refs.discard("huisstijl")  # the house-style page, not a document
    assert len(refs) >= 6, refs  # fewer than at the start: the walk deleted the sessie and the task
    for ref in sorted(refs):
        response = client.get(f"/projecten/{project_id}/documenten/{ref}")
        if response.status_code != 200:
            broken.append(f"{ref}: {response.status_code}")
            continue
        try:
            (Presentation if response.data[:2] == b"PK" and "presentationml" in response.mimetype else Document)(
                io.BytesIO(response.data)
            )
        except Exception as error:
            broken.append(f"{ref}: does not open: {error}")
    everything = client.get(f"/projecten/{project_id}/documenten/alle.zip")
    if everything.status_code != 200:
        broken.append(f"alle.zip: {everything.status_code}")
    else:
        with zipfile.ZipFile(io.BytesIO(everything.data)) as archive:
            if len(archive.namelist()) < len(refs):
                broken.append(f"alle.zip holds {len(archive.namelist())} of {len(refs)} files")
            for name in archive.namelist():
                opener = Presentation if name.endswith(".pptx") else Document
                try:
                    opener(io.BytesIO(archive.read(name)))
                except Exception as error:
                    broken.append(f"alle.zip/{name}: does not open: {error}")
    return broken


def test_hostile_values_in_every_form_field_give_no_5xx_and_the_project_still_renders(
    app, logged_in_leider, client, auth
):
    world = logged_in_leider
    values = project_record_ids(world)
    rules = sorted(app.url_map.iter_rules(), key=_order)
    forms = _gather_forms(app, client, rules, values)
    fuzzer = Fuzzer(client)

    for rule in rules:
        url = url_for_rule(app, rule, values)
        for method in ("GET", "POST"):
            if method not in _methods(rule) or rule.endpoint == "static":
                continue
            on_page = [f for f in forms.get(urlsplit(url).path, []) if f.method == method]
            if method == "POST":
                fuzzer.fuzz("POST", url, on_page or [Form("POST", url, [("version", "1")])], rule.endpoint)
            elif on_page:  # a filter or paging form: its query string
                fuzzer.fuzz("GET", url, on_page, rule.endpoint)

    assert fuzzer.failures == [], "\n".join(fuzzer.failures)
    # The walk reached the services: forms were saved (302) and refused with messages (400), not just 404s.
    assert fuzzer.requests > 1000 and fuzzer.statuses.get(302, 0) > 50 and fuzzer.statuses.get(400, 0) > 50, (
        fuzzer.requests,
        fuzzer.statuses,
    )
    assert sum(len(f) for f in forms.values()) >= 30, sorted(forms)

    db.session.expire_all()
    stored = _stored_texts()
    # The hostile text was saved, cleaned (control characters and noncharacters dropped, one kind of newline).
    assert any("😀 <b>&\"'</b> naïve\nregel2\ttab" in text for text in stored)
    assert not [t[:80] for t in stored if re.search("[\x00-\x08\x0b-\x1f\ufffe\r]", t)]

    auth.login("pl@venlo.nl")  # the walk logged out at its end
    assert client.get(f"/projecten/{world.project.id}").status_code == 200
    assert _every_page_renders(app, client, rules, values) == []
    assert _documents_open(client, world.project.id) == []


def test_the_parser_reads_what_a_browser_would_submit():
    page = """<form method="post" action="/x"><input name="csrf_token" type="hidden" value="t">
    <input name="title" value="Oud &amp; nieuw"><input type="checkbox" name="m" value="a" checked>
    <input type="checkbox" name="m" value="b"><textarea name="note">
regel</textarea><select name="s"><option value="1">een</option><option value="2" selected>twee</option></select>
    <button type="submit" name="knop" value="opslaan">Opslaan</button><button name="knop" value="weg">Weg</button>
    </form><form><input name="pagina" value="2"></form>"""
    first, second = forms_on(page, "http://localhost/lijst")
    assert (first.method, first.action, second.method, second.action) == ("POST", "/x", "GET", "/lijst")
    assert first.data({"title": "nieuw"}) == {
        "csrf_token": ["t"],
        "title": ["nieuw"],
        "m": ["a"],
        "note": ["regel"],
        "s": ["2"],
        "knop": ["opslaan"],
    }
    assert _one_per_kind(["a-note", "b-note", "a-seen", "version"]) == ["a-note", "a-seen", "version"]


def test_the_fuzzer_reports_a_5xx_and_an_exception(app, logged_in_leider, client, monkeypatch):
    def broken():
        raise RuntimeError("kapot")

    monkeypatch.setitem(app.view_functions, "pages.accessibility", broken)
    fuzzer = Fuzzer(client)
    fuzzer.send("GET", "/toegankelijkheid", {}, "raised")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    fuzzer.send("GET", "/toegankelijkheid", {}, "answered")
    assert [f.split(":")[0] for f in fuzzer.failures] == ["raised", "answered"]
    assert "RuntimeError: kapot" in fuzzer.failures[0] and fuzzer.failures[1] == "answered: 500"


def test_hostile_values_in_every_admin_form_give_no_5xx(app, world, client, auth):
    """The beheerder's forms (gemeenten, accounts, memberships, assignments, house style), the same way."""
    auth.login("beheer@rfz.nl")
    values = project_record_ids(world)
    rules = sorted((r for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")), key=_order)
    forms = _gather_forms(app, client, rules, values)
    assert sum(len(f) for f in forms.values()) >= 5, sorted(forms)
    fuzzer = Fuzzer(client)
    for rule in rules:
        if "POST" in _methods(rule):
            url = url_for_rule(app, rule, values)
            on_page = [f for f in forms.get(urlsplit(url).path, []) if f.method == "POST"]
            fuzzer.fuzz("POST", url, on_page or [Form("POST", url, [("version", "1")])], rule.endpoint)
    assert fuzzer.failures == [], "\n".join(fuzzer.failures)
    assert fuzzer.statuses.get(302, 0) > 10 and fuzzer.statuses.get(400, 0) > 10, fuzzer.statuses
    assert _every_page_renders(app, client, rules, values) == []
