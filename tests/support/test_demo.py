"""The demo's support requests: one answered for Venlo, one new for a sessie of Enschede, made once."""

from datetime import date

import sqlalchemy as sa

from rfz_project.demo import load_demo
from rfz_project.extensions import db
from rfz_project.models import Gemeente, Project, Sessie, SessieStatus, SupportRequest, SupportStatus

TODAY = date(2026, 6, 15)


def _requests_of(gemeente: str) -> list[SupportRequest]:
    return list(
        db.session.scalars(sa.select(SupportRequest).join(Project).join(Gemeente).where(Gemeente.name == gemeente))
    )


def test_the_demo_has_an_answered_and_a_new_request_once(ctx):
    load_demo(TODAY)
    [answered] = _requests_of("Venlo")
    assert answered.status is SupportStatus.AFGEROND and answered.reply and answered.handler_name
    [new] = _requests_of("Enschede")
    assert new.status is SupportStatus.NIEUW and new.handler_name == ""
    load_demo(TODAY)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SupportRequest)) == 2


def test_the_new_demo_request_names_a_sessie_still_to_come(ctx):
    load_demo(TODAY)
    [new] = _requests_of("Enschede")
    assert new.sessie_id is not None
    assert db.session.get(Sessie, new.sessie_id).status is not SessieStatus.AFGEROND
