"""Counts on pages take the Dutch singular for one ("1 actie", never "1 acties" or "actie(s)")."""

import re
from pathlib import Path

import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import Action, ProcesbegeleiderAssignment

from . import factories

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_templates_spell_counts_with_the_aantal_filter():
    """A count with "(en)" or its own `== 1 else` is how "1 acties" and "2 bevinding(en)" came about."""
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "(en)" not in text, template
        assert not re.search(r"==\s*1\s+else", text), f"{template}: use | aantal or | vorm"


def test_one_action_is_one_actie(logged_in_leider, client):
    factories.action(logged_in_leider.project)
    page = client.get(f"/projecten/{logged_in_leider.project.id}/acties").get_data(as_text=True)
    assert re.search(r"\b1 actie\b", page) and "1 acties" not in page


def test_one_changed_choice_in_the_resultatensessie_is_one_actie(logged_in_leider, client):
    action = factories.action(logged_in_leider.project)
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/acties/resultatensessie",
        data={f"timing-{action.id}": "quick_win", f"version-{action.id}": str(action.version)},
        follow_redirects=True,
    )
    assert "(1 actie gewijzigd)" in response.get_data(as_text=True)
    assert db.session.get(Action, action.id).timing.value == "quick_win"


def test_one_task_is_one_taak(logged_in_leider, client):
    factories.regular_task(logged_in_leider.project)
    page = client.get(f"/projecten/{logged_in_leider.project.id}/borging/taken").get_data(as_text=True)
    assert re.search(r"\b1 taak\b", page) and "1 taken" not in page


def test_a_procesbegeleider_of_one_gemeente_has_one_gemeente(world, client, auth):
    assignments = sa.select(sa.func.count()).select_from(ProcesbegeleiderAssignment)
    assert db.session.scalar(assignments.where(ProcesbegeleiderAssignment.user_id == world.procesbegeleider.id)) == 1
    auth.login("beheer@rfz.nl")
    page = client.get("/beheer/").get_data(as_text=True)
    assert "Procesbegeleider (1 gemeente)" in page
