"""Required selects: each starts with the empty 'Kies …' (HTML asks it of a `required` select), choosing that
gets the field's own Dutch message, and the edit page of a stored record shows the stored value selected."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from rfz_project.forms import CHOOSE_LABEL

from .helpers import project_record_ids, url_for_rule
from .test_fuzz_forms import forms_on


@dataclass
class Select:
    name: str
    required: bool
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # (value, label, selected)

    def selected(self) -> list[str]:
        return [value for value, _, chosen in self.options if chosen]


class SelectParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.selects: list[Select] = []
        self._option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "select":
            self.selects.append(Select(a.get("name") or "", "required" in a))
        elif tag == "option" and self.selects:
            self._option = [a.get("value") or "", "", "selected" in a]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self.selects[-1].options.append((self._option[0], self._option[1].strip(), self._option[2]))
            self._option = None


def selects_on(page: str) -> list[Select]:
    parser = SelectParser()
    parser.feed(page)
    return parser.selects


def _pages(app, client, rules, values):
    for rule in rules:
        if "GET" in rule.methods and rule.endpoint not in ("static", "sessions.feed"):
            url = url_for_rule(app, rule, values)
            response = client.get(url)
            if response.status_code == 200 and response.mimetype == "text/html":
                yield url, response.get_data(as_text=True)


def _field_errors(page: str, name: str) -> list[str]:
    """The messages in the error block of the field with this id (the macros give a field the id of its name)."""
    start = page.find(f'id="{name}-fout"')
    if start < 0:
        return []
    block = page[start : page.find("</div>", start)]
    return [part.split("</p>")[0].strip() for part in block.split("Fout:</span>")[1:]]


def _refusals(app, client, rules, values, who: str) -> tuple[int, list[str]]:
    """Every form with a required select, posted as shown with that select at its empty first option."""
    checked, problems = 0, []
    for url, page in _pages(app, client, rules, values):
        # An empty first option that is an answer of its own ("Geen thema") is not refused; "Kies …" is.
        required = {s.name for s in selects_on(page) if s.required and s.options[0][1].startswith("Kies")}
        for form in forms_on(page, url):
            for name in (n for n in form.names() if n in required and form.method == "POST"):
                response = client.post(form.action, data=form.data({name: ""}))
                checked += 1
                errors = _field_errors(response.get_data(as_text=True), name)
                if response.status_code != 400 or not errors or not errors[0].startswith("Kies"):
                    problems.append(f"{who} {form.action} {name}: {response.status_code} {errors}")
    return checked, problems


def test_every_required_select_starts_with_an_empty_choice_that_is_refused(app, world, client, auth):
    values = project_record_ids(world)
    rules = list(app.url_map.iter_rules())
    auth.login("pl@venlo.nl")
    starts_wrong = [
        f"{url} {select.name}: {select.options[:1]}"
        for url, page in _pages(app, client, rules, values)
        for select in selects_on(page)
        if select.required and (not select.options or select.options[0][0] != "")
    ]
    assert starts_wrong == []
    checked, problems = _refusals(app, client, [r for r in rules if not r.endpoint.startswith("admin.")], values, "pl")
    auth.logout()
    auth.login("beheer@rfz.nl")
    admin_checked, admin_problems = _refusals(
        app, client, [r for r in rules if r.endpoint.startswith("admin.")], values, "beheer"
    )
    assert problems + admin_problems == []
    assert checked >= 15 and admin_checked >= 2, (checked, admin_checked)


def _required_selected(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {s.name: s.selected() for s in selects_on(response.get_data(as_text=True)) if s.required}


def test_the_edit_page_of_a_stored_record_shows_its_stored_values(world, client, auth):
    ids = project_record_ids(world)
    base = f"/projecten/{world.project.id}"
    auth.login("pl@venlo.nl")
    assert _required_selected(client, f"{base}/acties/{ids['action_id']}") == {
        "status": ["open"],
        "timing": ["onbepaald"],
    }
    assert _required_selected(client, f"{base}/borging/taken/{ids['task_id']}") == {
        "kind": ["monitoring"],
        "frequency": ["maand"],
    }
    assert _required_selected(client, f"{base}/besluiten/{ids['decision_id']}") == {
        "step_key": ["voorbereiding.besluitvorming"]
    }
    assert _required_selected(client, f"{base}/sessies/{ids['sessie_id']}/bewerken") == {"session_type": ["inwoners"]}
    assert _required_selected(client, f"{base}/stappen/voorbereiding.reikwijdte")["status"] == ["te_doen"]


def test_a_new_record_starts_at_kies_where_nothing_is_the_default(world, client, auth):
    """Lists of records and content start unchosen; fixed lists keep the default they had."""
    base = f"/projecten/{world.project.id}"
    auth.login("pl@venlo.nl")
    page = client.get(f"{base}/sessies/nieuw").get_data(as_text=True)
    session_type = next(s for s in selects_on(page) if s.name == "session_type")
    assert session_type.options[0][:2] == ("", CHOOSE_LABEL) and session_type.selected() in ([], [""])
    assert _required_selected(client, f"{base}/acties/nieuw") == {"status": ["open"], "timing": ["onbepaald"]}


def test_a_general_own_checklist_item_is_a_choice_of_its_own(world, client, auth):
    base = f"/projecten/{world.project.id}/checklist/eigen-punten"
    auth.login("pl@venlo.nl")
    saved = client.post(base, data={"text": "Wij bellen terug.", "mijlpaal": "algemeen"})
    assert saved.status_code == 302
    assert "Algemeen" in client.get(base).get_data(as_text=True).split("Wij bellen terug.")[1][:400]
    refused = client.post(base, data={"text": "Nog een punt.", "mijlpaal": ""})
    assert refused.status_code == 400
    assert _field_errors(refused.get_data(as_text=True), "mijlpaal") == [
        "Kies een mijlpaal van dit project, of &#39;Algemeen&#39;."
    ]
