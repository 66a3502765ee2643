"""Parts of a page made once per kept result (rendered.py): made again when the result is new, never holding
anything of one request or user."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import current_app, request
from flask_wtf.csrf import generate_csrf
from jinja2 import meta, nodes

from rfz_project import rendered
from rfz_project.actions.forms import ActionFilterForm
from rfz_project.formatting import datum
from rfz_project.routekaart import current_routekaart

from . import factories
from .helpers import csrf_token_of, login_with_token

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class _Result:
    text: str


def _part_templates() -> list[str]:
    return sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob(f"{rendered.PART_PREFIX}*.html"))


def _names_used(name: str, seen: set[str]) -> set[str]:
    """Every free name `name` and the templates it imports or includes use."""
    if name in seen:
        return set()
    seen.add(name)
    env = current_app.jinja_env
    tree = env.parse(env.loader.get_source(env, name)[0])  # type: ignore[union-attr]
    # Every name read, declared or not (meta.find_undeclared_variables leaves out the globals, csrf_token too).
    names = {node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"}
    for other in meta.find_referenced_templates(tree):
        if other is not None:
            names |= _names_used(other, seen)
    return names


def test_there_are_parts_and_each_is_used_by_a_page():
    parts = _part_templates()
    assert "oversight/_part_portfolio.html" in parts
    pages = "\n".join(p.read_text(encoding="utf-8") for p in TEMPLATES.rglob("*.html"))
    for part in parts:
        assert f"part_of('{part}'" in pages or f"filter_form_part('{part}'" in pages, f"{part} is not used"


def test_no_part_uses_anything_of_the_request_or_the_user(ctx):
    for part in _part_templates():
        used = _names_used(part, set()) & rendered.PER_REQUEST_NAMES
        assert not used, f"{part} uses {sorted(used)}: it would show one user's page to another"


def _counting_renders(monkeypatch) -> list[str]:
    made: list[str] = []

    def render(template, **context):
        made.append(template)
        value = context["value"]
        text = value.text if isinstance(value, _Result) else " ".join(v.text for v in value)
        return f"<p>{text} {context.get('extra', '')}</p>"

    monkeypatch.setattr(rendered, "render_template", render)
    return made


def test_a_part_is_made_once_per_result_and_key(app, monkeypatch):
    made = _counting_renders(monkeypatch)
    first, second = _Result("een"), _Result("twee")
    with app.test_request_context("/"):
        html = rendered.part_of("x/_part_probe.html", first)
        assert rendered.part_of("x/_part_probe.html", first) is html
        assert str(html) == "<p>een </p>"
        assert str(rendered.part_of("x/_part_probe.html", second)) == "<p>twee </p>"  # a new result
        assert str(rendered.part_of("x/_part_probe.html", first, extra="b")) == "<p>een b</p>"  # other context
    with app.test_request_context("/", base_url="http://localhost/rfz"):
        rendered.part_of("x/_part_probe.html", first)  # another script root builds other links
    assert len(made) == 4


def test_only_so_many_results_are_held(app, monkeypatch):
    made = _counting_renders(monkeypatch)
    monkeypatch.setattr(rendered, "MAX_RESULTS", 2)
    results = [_Result("a"), _Result("b"), _Result("c")]
    with app.test_request_context("/"):
        for result in results:
            rendered.part_of("x/_part_probe.html", result)
        assert len(rendered._held("rfz_rendered_parts").entries) == 2
        rendered.part_of("x/_part_probe.html", results[2])  # still held
        rendered.part_of("x/_part_probe.html", results[0])  # the oldest went first: made again
    assert made == ["x/_part_probe.html"] * 4


def test_only_so_many_variants_of_one_result_are_held(app, monkeypatch):
    """A refused submit passes what was posted as context: posting many combinations must not fill memory."""
    made = _counting_renders(monkeypatch)
    monkeypatch.setattr(rendered, "MAX_VARIANTS", 2)
    result = _Result("een")
    with app.test_request_context("/"):
        for extra in ("a", "b", "c"):
            assert str(rendered.part_of("x/_part_probe.html", result, extra=extra)) == f"<p>een {extra}</p>"
        rendered.part_of("x/_part_probe.html", result, extra="a")  # held
        assert str(rendered.part_of("x/_part_probe.html", result, extra="c")) == "<p>een c</p>"  # made again
        assert len(rendered._held("rfz_rendered_parts").get(id(result))[1]) == 2
    assert len(made) == 4


def test_a_result_without_weak_references_can_be_kept_too(app, monkeypatch):
    made = _counting_renders(monkeypatch)
    with app.test_request_context("/"):
        rows = [_Result("rij"), _Result("twee")]  # a list, as some pages keep: no weak reference to it
        html = rendered.part_of("x/_part_probe.html", rows)
        assert rendered.part_of("x/_part_probe.html", rows) is html
        assert str(html) == "<p>rij twee </p>"
    assert len(made) == 1


def test_only_a_part_template_can_be_kept(app):
    with app.test_request_context("/"), pytest.raises(ValueError, match="_part_"):
        rendered.part_of("oversight/portfolio.html", _Result("x"))


def test_the_portfolio_page_shows_a_change_made_after_it_was_kept(world, client, auth):
    auth.login("coord@vng.nl")
    soon = date.today() + timedelta(days=4)
    before = client.get("/vng/portfolio").get_data(as_text=True)
    assert "Geen gepland" in before and datum(soon) not in before
    factories.sessie(world.project, on_date=soon)
    after = client.get("/vng/portfolio").get_data(as_text=True)
    assert datum(soon) in after and after.count("Geen gepland") == before.count("Geen gepland") - 1


def test_two_vng_users_each_see_their_own_kept_portfolio(world, client, auth):
    auth.login("coord@vng.nl")
    assert "Kampen project" in client.get("/vng/portfolio").get_data(as_text=True)
    auth.logout()
    auth.login("pb@vng.nl")
    html = client.get("/vng/portfolio").get_data(as_text=True)
    assert "Venlo project" in html and "Kampen project" not in html
    assert "Uitloggen" in html and current_app.config["SECRET_KEY"] not in html


def test_the_project_page_shows_a_new_decision_in_its_kept_phases(world, client, auth):
    auth.login("pl@venlo.nl")
    url = f"/projecten/{world.project.id}"

    def phases() -> str:  # the kept part: from the planning of the phases to the end
        html = client.get(url).get_data(as_text=True)
        return html[html.index('id="kop-planning"') :]

    before = phases()
    factories.decision(world.project, decided_on=date(2026, 3, 3), budget=30000, capacity_hours=200, decided_by="")
    after = phases()
    assert after != before
    assert after.count("Besluitvorming") == before.count("Besluitvorming")


def test_the_action_list_shows_a_new_action_in_its_kept_table(world, client, auth):
    auth.login("pl@venlo.nl")
    url = f"/projecten/{world.project.id}/acties"
    assert "Buurtkamer openen" not in client.get(url).get_data(as_text=True)
    factories.action(world.project, title="Buurtkamer openen")
    assert "Buurtkamer openen" in client.get(url).get_data(as_text=True)


def _to_action_forms(page: str) -> list[tuple[str, str]]:
    """(action, CSRF token) of each "Maak hier een actie van" form on the results page."""
    return re.findall(
        r'<form method="post" action="([^"]+/actie)" class="rfz-row-form">\s*<input type="hidden" '
        r'name="csrf_token" value="([^"]*)"',
        page,
    )


def test_a_kept_part_gets_the_csrf_token_of_each_request_filled_in(app, monkeypatch):
    made: list[str] = []

    def render(template, **context):
        made.append(template)
        return f'<input name="csrf_token" value="{context["csrf_hole"]}">'

    monkeypatch.setattr(rendered, "render_template", render)
    result, tokens = _Result("x"), []
    for _ in range(2):
        with app.test_request_context("/"):  # a new session each time: a token of its own
            html = str(rendered.part_of("x/_part_probe.html", result))
            tokens.append(generate_csrf())
            assert html == f'<input name="csrf_token" value="{tokens[-1]}">'
    assert tokens[0] != tokens[1] and len(made) == 1


def test_the_forms_in_a_kept_part_carry_the_pages_own_token_and_work(csrf_client):
    client, world = csrf_client
    factories.results(factories.sessie(world.project))
    url = f"/projecten/{world.project.id}/resultaten"
    login_with_token(client)
    client.get(url)  # keeps the part
    page = client.get(url).get_data(as_text=True)
    forms = _to_action_forms(page)
    assert forms and rendered.CSRF_HOLE not in page
    assert {token for _, token in forms} == {csrf_token_of(page)}
    assert client.post(forms[0][0], data={"csrf_token": "vervalst", "version": "1", "next": url}).status_code == 400
    made = client.post(forms[0][0], data={"csrf_token": forms[0][1], "version": "1", "next": url})
    assert made.status_code == 302


def _filter_form(app, query: str, themes=(("1", "Bereikbaarheid"),)):
    with app.test_request_context(f"/?{query}"):
        form = ActionFilterForm(request.args)
        form.fill_choices(current_routekaart(), [_Theme(int(i), name) for i, name in themes])
        return str(rendered.filter_form_part("actions/_part_filters.html", form, active=bool(query), project_id=1))


@dataclass(frozen=True)
class _Theme:
    id: int
    name: str


def test_a_filter_form_is_made_once_per_what_it_shows(app, monkeypatch):
    made: list[str] = []
    real = rendered.render_template
    monkeypatch.setattr(rendered, "render_template", lambda t, **c: made.append(t) or real(t, **c))
    plain = _filter_form(app, "")
    assert _filter_form(app, "") == plain and len(made) == 1
    owner = _filter_form(app, "owner=%3Cb%3EEls%22")
    assert "&lt;b&gt;Els&#34;" in owner and len(made) == 2  # what was typed, escaped, in a form of its own
    renamed = _filter_form(app, "", themes=(("1", "Schulden & zo"),))
    assert "Schulden &amp; zo" in renamed and "Bereikbaarheid" not in renamed and len(made) == 3  # other choices
    chosen = _filter_form(app, "theme=1&overdue=1")
    assert '<option value="1" selected>' in chosen and "checked" in chosen and len(made) == 4
