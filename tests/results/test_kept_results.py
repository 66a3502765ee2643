"""A page of the project's results is kept per process while the project stays the same."""

from __future__ import annotations

from rfz_project.extensions import db
from rfz_project.models import Finding
from rfz_project.results import services
from rfz_project.results.services import FindingValues

from .. import factories
from ..test_query_counts import count_queries


def _finding(world, text="Het formulier is te lang") -> Finding:
    sessie = factories.sessie(world.project)
    finding = Finding(project_id=world.project.id, sessie_id=sessie.id, text=text)
    db.session.add(finding)
    db.session.commit()
    return finding


def test_an_unchanged_page_costs_the_access_check_and_one_small_statement(world, leider):
    _finding(world)
    first = services.project_results(leider, world.project.id, page=1)
    with count_queries() as statements:
        again = services.project_results(leider, world.project.id, page=1)
    assert again.groups is first.groups and isinstance(again.groups[0].findings[0], FindingValues)
    assert len(statements) == 1


def test_bundling_shows_at_once(world, leider):
    finding = _finding(world)
    theme = factories.theme(world.project, name="Toegang")
    assert services.project_results(leider, world.project.id, page=1).groups[0].theme is None
    services.assign_theme(leider, world.project.id, [finding.id], theme.id)
    groups = services.project_results(leider, world.project.id, page=1).groups
    assert [(g.theme.name if g.theme else None, [f.text for f in g.findings]) for g in groups] == [
        ("Toegang", ["Het formulier is te lang"])
    ]
