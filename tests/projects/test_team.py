"""The project team holds each person once: an account once, a name without an account once."""

import pytest
import sqlalchemy as sa

from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import TeamMember
from rfz_project.projects import team

from ..helpers import errors_in


def members() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(TeamMember))


def add(world, *, user_id=None, name="", discipline="beleid", team_role="lid"):
    return team.add_team_member(
        world.actor(world.projectleider),
        world.project.id,
        user_id=user_id,
        name=name,
        discipline=discipline,
        team_role=team_role,
    )


def test_the_same_account_is_refused_a_second_time(world):
    add(world, user_id=world.teamlid.id, discipline="uitvoering")
    with pytest.raises(ValidationError) as error:
        add(world, user_id=world.teamlid.id, discipline="beleid", name="Tom (beleid)")
    assert error.value.errors == {"user_id": ["Tom Lid zit al in het projectteam."]}
    assert members() == 1


@pytest.mark.parametrize("second", ["Directeur Jansen", "directeur  jansen ", "DIRECTEUR JANSEN"])
def test_the_same_name_without_an_account_is_refused(world, second):
    add(world, name="Directeur Jansen", discipline="directie", team_role="opdrachtgever")
    with pytest.raises(ValidationError) as error:
        add(world, name=second)
    assert "al iemand met de naam" in error.value.errors["name"][0]
    assert members() == 1


def test_a_name_without_an_account_that_is_a_members_account_name_is_refused(world):
    add(world, user_id=world.teamlid.id)
    with pytest.raises(ValidationError) as error:
        add(world, name="Tom Lid")
    assert "name" in error.value.errors and members() == 1


def test_different_people_and_a_member_of_another_project_are_accepted(world):
    other = team.add_team_member(
        world.actor(world.other_projectleider),
        world.other_project.id,
        user_id=None,
        name="Directeur Jansen",
        discipline="directie",
        team_role="lid",
    )
    add(world, name="Directeur Jansen")
    add(world, name="Directeur P. Jansen")
    add(world, user_id=world.teamlid.id)
    add(world, user_id=world.projectleider.id)
    assert members() == 5 and other.project_id == world.other_project.id


def test_second_entry_is_refused_next_to_the_field_and_the_input_kept(logged_in_leider, client):
    url = f"/projecten/{logged_in_leider.project.id}/team"
    data = {"user_id": str(logged_in_leider.teamlid.id), "name": "", "discipline": "uitvoering", "team_role": "lid"}
    assert client.post(url, data=data).status_code == 302
    response = client.post(url, data={**data, "discipline": "directie", "name": "Tom <lid>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="user_id-fout"' in page and "Tom Lid zit al in het projectteam." in errors_in(page)
    assert 'value="Tom &lt;lid&gt;"' in page and '<option selected value="directie">' in page
    assert members() == 1
