"""The project's results a page of findings at a time, grouped by theme; the counts cover every finding."""

import pytest
import sqlalchemy as sa

from rfz_project import paging
from rfz_project.extensions import db
from rfz_project.models import Finding, Theme
from rfz_project.results import services

from .. import factories
from ..test_query_counts import count_queries


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)


@pytest.fixture
def findings(world):
    """Five findings: three in 'Bereik', one in 'Aanpak', one without a theme; and an empty theme 'Zorg'."""
    sessie = factories.sessie(world.project, mijlpalen=("op_zoek", "in_beeld"))
    themes = {name: Theme(project_id=world.project.id, name=name) for name in ("Bereik", "Aanpak", "Zorg")}
    db.session.add_all(themes.values())
    db.session.flush()
    placed = [("Bereik", "op_zoek"), ("Aanpak", None), ("Bereik", "in_beeld"), (None, "op_zoek"), ("Bereik", None)]
    db.session.add_all(
        Finding(
            project_id=world.project.id,
            sessie_id=sessie.id,
            text=f"Bevinding {i}",
            mijlpaal=key,
            theme_id=themes[name].id if name else None,
        )
        for i, (name, key) in enumerate(placed)
    )
    db.session.commit()
    return sessie


def grouped(results) -> list[tuple]:
    return [
        (g.theme.name if g.theme else None, [f.text for f in g.findings], g.count, g.continued) for g in results.groups
    ]


def test_findings_are_paged_in_theme_order_with_the_counts_of_all(world, small_pages, findings):
    actor = world.actor(world.lezer)
    first = services.project_results(actor, world.project.id, page=1)
    second = services.project_results(actor, world.project.id, page=2)
    assert grouped(first) == [
        ("Aanpak", ["Bevinding 1"], 1, False),
        ("Bereik", ["Bevinding 0", "Bevinding 2"], 3, False),
    ]
    assert grouped(second) == [("Bereik", ["Bevinding 4"], 3, True), (None, ["Bevinding 3"], 1, False)]
    for results in (first, second):
        assert results.total == 5 and [t.name for t in results.empty_themes] == ["Zorg"]
        assert results.per_mijlpaal == {"op_zoek": 2, "in_beeld": 1, "": 2}


def test_page_two_of_the_results_page_keeps_its_place_after_bundling(logged_in_leider, client, small_pages, findings):
    url = f"/projecten/{logged_in_leider.project.id}/resultaten"
    page = client.get(f"{url}?pagina=2").get_data(as_text=True)
    assert "Bevindingen 4–5 van 5 · Pagina 2 van 2" in page and "Bevinding 1" not in page
    assert "Nog zonder bevindingen: Zorg." in page
    assert "(vervolg van de vorige pagina)" in page
    assert f'<input type="hidden" name="next" value="{url}?pagina=2">' in page
    last = db.session.scalars(sa.select(Finding).where(Finding.text == "Bevinding 3")).one()
    response = client.post(
        f"{url}?pagina=2", data={"finding_ids": [str(last.id)], "theme_id": "", "new_theme": "Nieuw"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/resultaten?pagina=2")


def test_the_results_page_takes_as_many_queries_for_many_findings(logged_in_leider, client, small_pages, findings):
    url = f"/projecten/{logged_in_leider.project.id}/resultaten?pagina=2"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    other = factories.sessie(logged_in_leider.project, mijlpalen=("in_beeld",))
    action = factories.action(logged_in_leider.project)
    db.session.add_all(
        Finding(project_id=logged_in_leider.project.id, sessie_id=other.id, text=f"Extra {i}", action_id=action.id)
        for i in range(30)
    )
    db.session.commit()
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)
