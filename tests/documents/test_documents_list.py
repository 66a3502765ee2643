"""The documents list reads as Dutch: a sessie's date as "3 maart 2026", never as 2026-03-03."""

from datetime import date

from .. import factories


def test_the_list_names_a_sessie_by_its_dutch_date(logged_in_leider, client):
    factories.sessie(logged_in_leider.project, on_date=date(2026, 3, 3))
    page = client.get(f"/projecten/{logged_in_leider.project.id}/documenten").get_data(as_text=True)
    assert "3\u00a0maart 2026" in page
    assert "2026-03-03" not in page
