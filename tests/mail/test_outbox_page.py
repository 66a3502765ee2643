"""The beheerder's "Verzonden e-mail" page: every mail, newest first, with its status and text."""

from __future__ import annotations

from datetime import timedelta

from rfz_project.extensions import db
from rfz_project.mail import services as mail
from rfz_project.mail import worker
from rfz_project.models.base import utcnow


def test_the_beheerder_sees_each_mail_with_status_and_text(app, world, auth, client, mail_settings):
    mail.enqueue("pl@venlo.nl", "Oudste e-mail", "Volg https://rfz.test/link-een")
    db.session.commit()
    worker.deliver_due(app)  # nothing listens: one failed attempt
    mail.enqueue("tl@venlo.nl", "Nieuwste e-mail", "Tweede tekst")
    db.session.commit()
    auth.login("beheer@rfz.nl")

    page = client.get("/beheer/verzonden-email")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.index("Nieuwste e-mail") < text.index("Oudste e-mail")
    assert "https://rfz.test/link-een" in text and "tl@venlo.nl" in text
    assert "Laatste fout" in text and "Connection" in text
    assert "Wacht op verzending" in text


def test_the_page_says_when_nothing_is_sent_for_want_of_a_server(app, world, auth, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    auth.login("beheer@rfz.nl")
    text = client.get("/beheer/verzonden-email").get_data(as_text=True)
    assert "geen mailserver ingesteld" in text


def test_the_outbox_is_paged(app, world, auth, client, monkeypatch):
    monkeypatch.setattr(mail, "OUTBOX_PAGE_SIZE", 2)
    for number in range(3):
        row = mail.enqueue(f"p{number}@venlo.nl", f"Onderwerp {number}", "tekst")
        row.created_at = utcnow() + timedelta(seconds=number)
    db.session.commit()
    auth.login("beheer@rfz.nl")
    first = client.get("/beheer/verzonden-email").get_data(as_text=True)
    second = client.get("/beheer/verzonden-email?pagina=2").get_data(as_text=True)
    assert "Onderwerp 2" in first and "Onderwerp 0" not in first
    assert "Onderwerp 0" in second and "Onderwerp 2" not in second


def test_the_admin_index_links_to_the_outbox(world, auth, client):
    auth.login("beheer@rfz.nl")
    assert 'href="/beheer/verzonden-email"' in client.get("/beheer/").get_data(as_text=True)
