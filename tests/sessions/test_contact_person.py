"""A sessie's own contact person for the invitation: a user of the project team, or (by default) the projectleider."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from rfz_project.documents import services as documents
from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import Sessie, TeamMember, TeamRole, User
from rfz_project.projects.history import FIELD_LABELS
from rfz_project.sessions import services

from .. import factories
from ..helpers import errors_in, sessie_form_data, text_of
from .test_services import sessie_input

LEIDER_PHONE, LID_PHONE = "077 111 22 33", "06 9876 5432"


@pytest.fixture
def team(world):
    """The world's projectleider and teamlid in the project team, each with a phone and function on their account."""
    for user, role, phone, job in (
        (world.projectleider, TeamRole.PROJECTLEIDER, LEIDER_PHONE, "Projectleider schuldhulp"),
        (world.teamlid, TeamRole.LID, LID_PHONE, "Consulent schuldhulpverlening"),
    ):
        stored = db.session.get(User, user.id)
        stored.phone, stored.job_title = phone, job
        db.session.add(
            TeamMember(
                project_id=world.project.id, user_id=user.id, name=user.name, discipline="beleid", team_role=role
            )
        )
    db.session.commit()
    return world


def _text(leider, project_id: int, ref: str) -> str:
    """A file's text, with no-break spaces (which keep a phone number on one line) read as spaces."""
    return text_of(documents.render_file(leider, project_id, ref)).replace("\u00a0", " ")


def _invitation(leider, project_id: int, sessie_id: int) -> str:
    return _text(leider, project_id, f"uitnodiging_inwoners--sessie-{sessie_id}")


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Sessie))


def test_without_a_contact_person_the_invitation_names_the_projectleider(team, leider):
    sessie = services.create_sessie(leider, team.project.id, sessie_input())
    text = _invitation(leider, team.project.id, sessie.id)
    assert sessie.contact_user_id is None
    assert "Petra Leider" in text and LEIDER_PHONE in text and "pl@venlo.nl" in text
    assert LID_PHONE not in text and "tl@venlo.nl" not in text


def test_the_sessies_contact_person_is_named_with_their_own_phone_function_and_email(team, leider):
    sessie = services.create_sessie(leider, team.project.id, sessie_input(contact_user_id=team.teamlid.id))
    text = _invitation(leider, team.project.id, sessie.id)
    assert "Tom Lid" in text and LID_PHONE in text and "tl@venlo.nl" in text
    assert "Consulent schuldhulpverlening" in text
    assert LEIDER_PHONE not in text and "pl@venlo.nl" not in text


def test_the_inwoners_deck_of_that_sessie_gives_the_same_contact(team, leider):
    sessie = services.create_sessie(leider, team.project.id, sessie_input(contact_user_id=team.teamlid.id))
    deck = _text(leider, team.project.id, f"presentatie_optie_a--sessie-{sessie.id}")
    assert LID_PHONE in deck and LEIDER_PHONE not in deck


def test_another_sessie_keeps_the_projectleider(team, leider):
    services.create_sessie(leider, team.project.id, sessie_input(contact_user_id=team.teamlid.id))
    other = services.create_sessie(
        leider, team.project.id, sessie_input(on_date=sessie_input().on_date.replace(day=17))
    )
    text = _invitation(leider, team.project.id, other.id)
    assert LEIDER_PHONE in text and LID_PHONE not in text


def test_a_user_of_another_gemeente_is_refused_and_nothing_is_saved(team, leider):
    with pytest.raises(ValidationError) as refused:
        services.create_sessie(leider, team.project.id, sessie_input(contact_user_id=team.other_projectleider.id))
    assert list(refused.value.errors) == ["contact_user_id"]
    assert "projectteam" in refused.value.errors["contact_user_id"][0]
    assert _count() == 0


def test_an_id_that_is_no_one_is_refused(team, leider):
    with pytest.raises(ValidationError) as refused:
        services.create_sessie(leider, team.project.id, sessie_input(contact_user_id=-1))
    assert list(refused.value.errors) == ["contact_user_id"]


def test_a_colleague_outside_the_team_is_not_offered(team):
    outsider = factories.user(gemeente=team.home, role="teamlid", name="Olga Buiten")
    offered = {u.id for u in services.contact_choices(team.project)}
    assert offered == {team.projectleider.id, team.teamlid.id}
    assert outsider.id not in offered and team.other_projectleider.id not in offered


def test_a_contact_who_left_the_team_stays_when_the_sessie_is_saved_again(team, leider):
    sessie = services.create_sessie(leider, team.project.id, sessie_input(contact_user_id=team.teamlid.id))
    db.session.execute(sa.delete(TeamMember).where(TeamMember.user_id == team.teamlid.id))
    db.session.commit()
    data = services.sessie_input_from(services.get_sessie(leider, team.project.id, sessie.id)[1])
    saved = services.update_sessie(leider, team.project.id, sessie.id, data, sessie.version)
    assert saved.contact_user_id == team.teamlid.id
    assert team.teamlid.id not in {u.id for u in services.contact_choices(team.project)}


def test_when_the_contacts_account_is_deleted_the_invitation_names_the_projectleider(team, leider):
    sessie = services.create_sessie(leider, team.project.id, sessie_input(contact_user_id=team.teamlid.id))
    db.session.execute(sa.delete(User).where(User.id == team.teamlid.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Sessie, sessie.id).contact_user_id is None
    text = _invitation(leider, team.project.id, sessie.id)
    assert LEIDER_PHONE in text and LID_PHONE not in text


def test_a_blocked_contact_is_not_named(team, leider):
    sessie = services.create_sessie(leider, team.project.id, sessie_input(contact_user_id=team.teamlid.id))
    db.session.get(User, team.teamlid.id).active = False
    db.session.commit()
    text = _invitation(leider, team.project.id, sessie.id)
    assert LEIDER_PHONE in text and LID_PHONE not in text


def test_the_history_names_the_field():
    assert FIELD_LABELS[Sessie]["contact_user_id"] == "Contactpersoon voor de uitnodiging"


# --- the form ----------------------------------------------------------------------------------------


def _options(page: str) -> list[tuple[str, str]]:
    select = re.search(r'<select[^>]*name="contact_user_id".*?</select>', page, re.S)
    assert select, "the form has the contact select"
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))


def test_the_form_offers_the_projectleider_by_default_and_the_teams_users(team, auth, client):
    auth.login("pl@venlo.nl")
    page = client.get(f"/projecten/{team.project.id}/sessies/nieuw").get_data(as_text=True)
    assert "Contactpersoon voor de uitnodiging" in page
    assert _options(page) == [
        ("", "De projectleider (standaard)"),
        (str(team.projectleider.id), "Petra Leider"),
        (str(team.teamlid.id), "Tom Lid"),
    ]


def test_the_form_saves_the_contact_and_the_page_shows_it(team, auth, client):
    auth.login("pl@venlo.nl")
    url = f"/projecten/{team.project.id}/sessies/nieuw"
    response = client.post(url, data=sessie_form_data(contact_user_id=str(team.teamlid.id)), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "De sessie is gepland." in page
    assert re.search(r"Contactpersoon voor de uitnodiging</dt><dd>Tom Lid</dd>", page)
    sessie = db.session.scalars(sa.select(Sessie)).one()
    assert sessie.contact_user_id == team.teamlid.id
    edit = client.get(f"/projecten/{team.project.id}/sessies/{sessie.id}/bewerken").get_data(as_text=True)
    assert re.search(
        rf'<option[^>]*selected[^>]*value="{team.teamlid.id}"|value="{team.teamlid.id}"[^>]*selected', edit
    )


def test_a_foreign_id_posted_is_a_dutch_error_next_to_the_field_and_nothing_is_saved(team, auth, client):
    auth.login("pl@venlo.nl")
    url = f"/projecten/{team.project.id}/sessies/nieuw"
    response = client.post(url, data=sessie_form_data(contact_user_id=str(team.other_projectleider.id)))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert any("projectteam" in e for e in errors_in(page)) and 'id="contact_user_id-fout"' in page
    assert _count() == 0
