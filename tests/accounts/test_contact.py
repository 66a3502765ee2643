"""A user's phone and function on "Mijn account": what the invitations give as the contact's details."""

import pytest

from rfz_project.accounts import services
from rfz_project.errors import ValidationError
from rfz_project.extensions import db
from rfz_project.models import User

HOSTILE = "Beleid <schuld> & \"hulp\" 'één' 💶"


def test_a_user_sets_phone_and_function(leider):
    services.update_own_contact(leider, " 077 359 60 00 ", HOSTILE)
    user = db.session.get(User, leider.id)
    assert (user.phone, user.job_title) == ("077 359 60 00", HOSTILE)


def test_both_may_be_emptied_again(leider):
    services.update_own_contact(leider, "+31 6 12345678", "Projectleider")
    services.update_own_contact(leider, "", "")
    user = db.session.get(User, leider.id)
    assert (user.phone, user.job_title) == ("", "")


@pytest.mark.parametrize("phone", ["bel mij", "12345", "077 359 60 00 toestel 2", "0" * 16, "<script>"])
def test_a_phone_number_that_is_none_is_refused(leider, phone):
    with pytest.raises(ValidationError) as refused:
        services.update_own_contact(leider, phone, "")
    assert list(refused.value.errors) == ["phone"]
    assert db.session.get(User, leider.id).phone == ""


def test_the_account_page_saves_them(logged_in_leider, client):
    page = client.get("/account").get_data(as_text=True)
    assert "Telefoonnummer en functie" in page and 'type="tel"' in page
    response = client.post(
        "/account/contactgegevens", data={"phone": "06-12345678", "job_title": HOSTILE}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "zijn opgeslagen" in page
    assert 'value="06-12345678"' in page and "Beleid &lt;schuld&gt; &amp; &#34;hulp&#34; &#39;één&#39; 💶" in page
    assert db.session.get(User, logged_in_leider.projectleider.id).job_title == HOSTILE


def test_a_wrong_number_is_shown_next_to_the_field_and_kept(logged_in_leider, client):
    response = client.post("/account/contactgegevens", data={"phone": "bel mij", "job_title": "Projectleider"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="phone-fout"' in page and 'value="bel mij"' in page and 'value="Projectleider"' in page
    assert db.session.get(User, logged_in_leider.projectleider.id).phone == ""


def test_the_contact_form_needs_its_csrf_token(app, logged_in_leider, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/account/contactgegevens", data={"phone": "0773596000"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert db.session.get(User, logged_in_leider.projectleider.id).phone == ""


def test_the_beheerder_sees_them_on_the_users_page(world, auth, client):
    user = db.session.get(User, world.projectleider.id)
    user.phone, user.job_title = "077 359 60 00", "Projectleider schuldhulp"
    db.session.commit()
    auth.login(world.beheerder.email)
    page = client.get(f"/beheer/gebruikers/{user.id}").get_data(as_text=True)
    assert "077 359 60 00" in page and "Projectleider schuldhulp" in page
