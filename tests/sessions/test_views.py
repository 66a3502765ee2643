import re

import sqlalchemy as sa

from rfz_project.extensions import db
from rfz_project.models import Participant, Sessie, SessieStatus

from .. import factories
from ..helpers import errors_in, sessie_form_data
from ..test_query_counts import count_queries


def test_three_hour_session_is_refused_and_the_input_kept(logged_in_leider, client):
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/sessies/nieuw",
        data=sessie_form_data(duration_minutes="180", agenda='Koffie <en> "thee" ☕', mode="online", online_url=""),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert any("maximaal 2,5 uur" in e for e in errors_in(page))
    assert any("link naar de online sessie" in e for e in errors_in(page))
    assert "Koffie &lt;en&gt; &#34;thee&#34; ☕" in page and 'value="180"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Sessie)) == 0


def test_planning_a_session_shows_advice_after_saving(logged_in_leider, client):
    client.post(f"/projecten/{logged_in_leider.project.id}/sessies/nieuw", data=sessie_form_data())
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/sessies/nieuw",
        data=sessie_form_data(on_date="2026-03-05", mode="online", online_url="https://meet.example/x", location=""),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "De sessie is gepland." in page
    assert "Minder dan een week" in page and "op locatie" in page


def test_proposal_button_fills_the_uitvoering(logged_in_leider, client):
    assert client.post(f"/projecten/{logged_in_leider.project.id}/sessies/voorstel").status_code == 302
    page = client.get(f"/projecten/{logged_in_leider.project.id}/sessies").get_data(as_text=True)
    assert "Kick-off" in page and "Resultatensessie" in page and "Planning voorstellen" not in page
    assert page.count("Locatie nog in te vullen") == 7


def test_status_buttons_walk_the_lifecycle(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    url = f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}"
    for version, status in enumerate(["gepland", "bezig", "afgerond"], start=1):
        client.post(f"{url}/status", data={"status": status, "version": str(version)})
    page = client.get(url).get_data(as_text=True)
    assert "Status: Afgerond" in page and "Heropenen om te wijzigen" in page and "Sessie bewerken" not in page
    response = client.get(f"{url}/bewerken", follow_redirects=True)
    assert "Heropen haar eerst" in response.get_data(as_text=True)


def test_stale_status_change_is_reported(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    url = f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}"
    client.post(f"{url}/status", data={"status": "gepland", "version": "1"})
    response = client.post(f"{url}/status", data={"status": "gepland", "version": "1"}, follow_redirects=True)
    assert "Iemand anders heeft dit intussen gewijzigd" in response.get_data(as_text=True)
    assert db.session.get(Sessie, sessie.id).status == SessieStatus.GEPLAND


def test_edit_conflict_keeps_the_input(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    url = f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}/bewerken"
    client.post(url, data=sessie_form_data(mijlpalen=["op_zoek"], agenda="eerste", version="1"))
    response = client.post(url, data=sessie_form_data(mijlpalen=["op_zoek"], agenda="tweede", version="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "intussen gewijzigd" in page and "tweede" in page


def test_participants_are_added_and_marked_present(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    url = f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}"
    client.post(
        f"{url}/deelnemers",
        data={"group": "inwoner", "name": "", "organisation": "", "headcount": "3", "invitation": "aangemeld"},
    )
    participant = db.session.scalars(sa.select(Participant)).one()
    client.post(
        f"{url}/deelnemers/status",
        data={f"invitation-{participant.id}": "aanwezig", f"shown-{participant.id}": "aangemeld"},
    )
    page = client.get(url).get_data(as_text=True)
    assert "Anoniem" in page and "Deelnemers (3 zonder afmeldingen)" in page
    assert 'value="aanwezig" selected' in page


def test_named_participant_with_a_count_is_refused_next_to_the_field(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}/deelnemers",
        data={"group": "inwoner", "name": "Ans", "headcount": "2", "invitation": "uitgenodigd"},
    )
    assert response.status_code == 400 and 'id="headcount-fout"' in response.get_data(as_text=True)


def test_deleting_a_session_asks_first(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    url = f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}/verwijderen"
    assert "Weet u zeker" in client.get(url).get_data(as_text=True)
    assert client.post(url).status_code == 302
    assert db.session.get(Sessie, sessie.id) is None


def test_single_session_downloads_as_ics(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    response = client.get(f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}/agenda.ics")
    assert response.mimetype == "text/calendar" and b"BEGIN:VEVENT" in response.data
    assert "attachment" in response.headers["Content-Disposition"]


def test_feed_link_is_shown_once_and_serves_all_sessions(logged_in_leider, client, app):
    factories.sessie(logged_in_leider.project)
    factories.sessie(logged_in_leider.project, on_date=factories.date(2026, 3, 17))
    page = client.post(f"/projecten/{logged_in_leider.project.id}/sessies/abonnement").get_data(as_text=True)
    feed_url = re.search(r'id="abonnementslink" type="text" readonly value="([^"]+)"', page).group(1)
    assert feed_url not in client.get(f"/projecten/{logged_in_leider.project.id}/sessies").get_data(as_text=True)
    calendar = app.test_client().get(feed_url.replace("http://localhost", ""))  # no login
    assert calendar.status_code == 200 and calendar.data.count(b"BEGIN:VEVENT") == 2
    client.post(f"/projecten/{logged_in_leider.project.id}/sessies/abonnement/intrekken")
    assert app.test_client().get(feed_url.replace("http://localhost", "")).status_code == 404


def test_sessions_link_from_the_project_and_the_uitvoering_steps(logged_in_leider, client):
    assert f"/projecten/{logged_in_leider.project.id}/sessies" in client.get(
        f"/projecten/{logged_in_leider.project.id}"
    ).get_data(as_text=True)
    step = client.get(f"/projecten/{logged_in_leider.project.id}/stappen/uitvoering.aanpak").get_data(as_text=True)
    assert "Sessies plannen" in step


def _participants(sessie, *names):
    return [factories.participant(sessie, name=name) for name in names]


def test_the_status_of_all_participants_is_one_form_with_one_button(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    ans, bram, cor = _participants(sessie, "Ans", "Bram", "Cor")
    url = f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}"
    page = client.get(url).get_data(as_text=True)
    assert page.count("Status van alle deelnemers opslaan") == 1
    assert f'name="invitation-{ans.id}"' in page and f'name="shown-{cor.id}" value="uitgenodigd"' in page
    shown = {f"shown-{p.id}": "uitgenodigd" for p in (ans, bram, cor)}
    response = client.post(
        f"{url}/deelnemers/status",
        data={
            **shown,
            f"invitation-{ans.id}": "aanwezig",
            f"invitation-{bram.id}": "afgemeld",
            f"invitation-{cor.id}": "uitgenodigd",
        },
        follow_redirects=True,
    )
    assert "De status van 2 deelnemers is bijgewerkt." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [p.invitation.value for p in db.session.scalars(sa.select(Participant).order_by(Participant.id))] == [
        "aanwezig",
        "afgemeld",
        "uitgenodigd",
    ]


def test_a_stale_row_gets_the_message_and_every_choice_stays_in_the_form(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    ans, bram, cor = _participants(sessie, "Ans", "Bram", "Cor")
    url = f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}"
    shown = {f"shown-{p.id}": "uitgenodigd" for p in (ans, bram, cor)}
    # Someone else marks Ans and Cor as aangemeld after this page was loaded.
    client.post(
        f"{url}/deelnemers/status",
        data={**shown, f"invitation-{ans.id}": "aangemeld", f"invitation-{cor.id}": "aangemeld"},
    )
    response = client.post(
        f"{url}/deelnemers/status",
        data={
            **shown,
            f"invitation-{ans.id}": "afgemeld",
            f"invitation-{bram.id}": "aanwezig",
            f"invitation-{cor.id}": "uitgenodigd",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Iemand anders heeft deze status intussen op &#39;Aangemeld&#39; gezet." in " ".join(errors_in(page))
    assert f'id="status-{ans.id}-fout"' in page and f'id="status-{bram.id}-fout"' not in page
    rows = {p.id: re.search(rf'name="invitation-{p.id}".*?</select>', page, re.S).group(0) for p in (ans, bram, cor)}
    assert 'value="afgemeld" selected' in rows[ans.id]  # the user's own choice stays
    assert 'value="aanwezig" selected' in rows[bram.id]
    assert 'value="aangemeld" selected' in rows[cor.id]  # left as shown: now what the other person saved
    assert f'name="shown-{ans.id}" value="aangemeld"' in page  # saving again overwrites deliberately
    db.session.expire_all()
    assert db.session.get(Participant, bram.id).invitation.value == "uitgenodigd"  # nothing saved


def test_a_lezer_cannot_post_the_status_form(world, client, auth):
    sessie = factories.sessie(world.project)
    (ans,) = _participants(sessie, "Ans")
    url = f"/projecten/{world.project.id}/sessies/{sessie.id}/deelnemers/status"
    data = {f"invitation-{ans.id}": "aanwezig", f"shown-{ans.id}": "uitgenodigd"}
    auth.login("lezer@venlo.nl")
    assert client.post(url, data=data).status_code == 403
    assert db.session.get(Participant, ans.id).invitation.value == "uitgenodigd"


def test_too_many_people_in_one_row_is_refused_next_to_the_field_with_the_input_kept(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}/deelnemers",
        data={
            "group": "inwoner",
            "name": "",
            "organisation": "Wijkteam <Noord>",
            "headcount": "500",
            "invitation": "aangemeld",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="headcount-fout"' in page
    assert any("hoogstens 30 personen" in e and "2,5 uur" in e for e in errors_in(page))
    assert 'value="500"' in page and 'value="Wijkteam &lt;Noord&gt;"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0


def test_the_advice_about_a_sessie_is_shown_once_after_saving(logged_in_leider, client):
    response = client.post(
        f"/projecten/{logged_in_leider.project.id}/sessies/nieuw",
        data=sessie_form_data(mode="online", online_url="https://meet.example/x", location=""),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "De sessie is gepland." in page
    assert page.count("Overweeg een fysieke sessie.") == 1


def test_the_sessie_list_shows_each_advice_once(logged_in_leider, client):
    factories.sessie(logged_in_leider.project)
    factories.sessie(logged_in_leider.project, on_date=factories.date(2026, 3, 5))
    page = client.get(f"/projecten/{logged_in_leider.project.id}/sessies").get_data(as_text=True)
    assert page.count("Minder dan een week na de sessie van") == 1


def test_the_sessie_page_with_its_status_form_does_not_query_per_participant(logged_in_leider, client):
    sessie = factories.sessie(logged_in_leider.project)
    factories.participant(sessie)
    url = f"/projecten/{logged_in_leider.project.id}/sessies/{sessie.id}"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for i in range(15):
        factories.participant(sessie, name=f"Deelnemer {i}")
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count('name="shown-') == 16 and len(many) == len(few)
