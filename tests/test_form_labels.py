"""Labels say when a field is needed: "(niet verplicht)" only on fields that may always stay empty."""

import re

import pytest

from rfz_project.forms import AMOUNT_HINT


def _label(page: str, field_id: str) -> str:
    """The text of a field's label, or of the legend of a group of choices."""
    match = re.search(rf'<label class="utrecht-form-label" for="{field_id}">(.*?)</label>', page, re.S) or re.search(
        rf'id="{field_id}">\s*<legend[^>]*>(.*?)</legend>', page, re.S
    )
    assert match, field_id
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.mark.parametrize(
    "field_id, needed",
    [
        ("location", "nodig bij een sessie op locatie"),
        ("online_url", "nodig bij een online sessie"),
        ("option", "nodig bij een sessie met inwoners of professionals"),
        ("mijlpalen", "nodig bij een sessie met inwoners of professionals"),
    ],
)
def test_sessie_fields_needed_in_some_cases_say_when(logged_in_leider, client, field_id, needed):
    page = client.get(f"/projecten/{logged_in_leider.project.id}/sessies/nieuw").get_data(as_text=True)
    label = _label(page, field_id)
    assert needed in label and "niet verplicht" not in label


def test_fields_that_may_always_stay_empty_still_say_so(logged_in_leider, client):
    page = client.get(f"/projecten/{logged_in_leider.project.id}/sessies/nieuw").get_data(as_text=True)
    assert _label(page, "procesbegeleider") == "Procesbegeleider (niet verplicht)"


def test_team_form_says_a_colleague_or_a_name_is_needed(logged_in_leider, client):
    page = client.get(f"/projecten/{logged_in_leider.project.id}/team").get_data(as_text=True)
    colleague, name = _label(page, "user_id"), _label(page, "name")
    assert "nodig als u hieronder geen naam invult" in colleague and "niet verplicht" not in colleague
    assert "nodig als u geen medewerker kiest" in name and "niet verplicht" not in name


@pytest.mark.parametrize("path", ["acties/nieuw", "besluiten/nieuw"])
def test_every_amount_field_gives_the_same_hint(logged_in_leider, client, path):
    page = client.get(f"/projecten/{logged_in_leider.project.id}/{path}").get_data(as_text=True)
    assert AMOUNT_HINT in page


def test_an_unreadable_amount_repeats_the_hint(logged_in_leider, client):
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/acties/nieuw", data={"title": "Iets", "budget": "veel"}
    )
    assert f"Vul een bedrag in. {AMOUNT_HINT}" in response.get_data(as_text=True)
