"""An agreement's own edit page: who, what and by when change without deleting it; an older form is a conflict
that keeps what was typed; only an agreement of this sessie, of an open sessie, for who may change it."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from rfz_project.errors import ConflictError, NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Agreement, Sessie, SessieStatus
from rfz_project.results import services
from rfz_project.results.services import AgreementInput

from .. import factories

HOSTILE = 'Tom <b>&amp;</b> "de Maas" 🎉'


@pytest.fixture
def setting(world):
    sessie = factories.sessie(world.project, mijlpalen=("op_zoek",))
    actor = world.actor(world.teamlid)
    agreement = services.add_agreement(actor, world.project.id, sessie.id, AgreementInput("Tom", "uitwerken"))
    return world, actor, sessie, agreement.id


def _stored(agreement_id: int) -> Agreement:
    db.session.expire_all()
    return db.session.scalars(sa.select(Agreement).where(Agreement.id == agreement_id)).one()


def _update(setting, data: AgreementInput, version: int | None, actor=None, agreement_id=None):
    world, teamlid, sessie, agreement = setting
    return services.update_agreement(
        actor or teamlid, world.project.id, sessie.id, agreement_id or agreement, data, version
    )


def test_an_edit_changes_who_what_and_by_when(setting):
    *_rest, agreement_id = setting
    version = _stored(agreement_id).version
    data = AgreementInput(f" {HOSTILE} ", "meelezen", "Leest\nmee", date(2026, 12, 24))
    _update(setting, data, version)

    stored = _stored(agreement_id)
    assert (stored.who, stored.kind.value, stored.description, stored.due_date) == (
        HOSTILE,
        "meelezen",
        "Leest\nmee",
        date(2026, 12, 24),
    )
    assert stored.version == version + 1


def test_an_older_form_is_a_conflict_and_an_invalid_one_is_refused(setting):
    *_rest, agreement_id = setting
    version = _stored(agreement_id).version
    _update(setting, AgreementInput("Anna", "uitwerken"), version)
    for stale in (version, None):
        with pytest.raises(ConflictError):
            _update(setting, AgreementInput("Bram", "uitwerken"), stale)
    for data, field in (
        (AgreementInput("  "), "who"),
        (AgreementInput("x" * 121), "who"),
        (AgreementInput("Bram", "x"), "kind"),
    ):
        with pytest.raises(ValidationError) as refused:
            _update(setting, data, version + 1)
        assert field in refused.value.errors
    assert _stored(agreement_id).who == "Anna"


def test_only_an_agreement_of_this_open_sessie_for_who_may_change_it(setting):
    world, actor, sessie, agreement_id = setting
    other = factories.sessie(world.project, mijlpalen=("op_zoek",))
    theirs = services.add_agreement(actor, world.project.id, other.id, AgreementInput("Van elders"))
    with pytest.raises(NotFound):
        _update(setting, AgreementInput("gekaapt"), theirs.version, agreement_id=theirs.id)
    with pytest.raises(NotAuthorized):
        _update(setting, AgreementInput("gekaapt"), 1, actor=world.actor(world.lezer))
    db.session.execute(sa.update(Sessie).where(Sessie.id == sessie.id).values(status=SessieStatus.AFGEROND))
    db.session.commit()
    with pytest.raises(ValidationError):
        _update(setting, AgreementInput("gekaapt"), _stored(agreement_id).version)
    assert _stored(agreement_id).who == "Tom" and _stored(theirs.id).who == "Van elders"


def test_the_page_shows_the_agreement_and_keeps_what_was_typed(setting, client, auth):
    world, _actor, sessie, agreement_id = setting
    results = f"/projecten/{world.project.id}/sessies/{sessie.id}/resultaten"
    path = f"/projecten/{world.project.id}/sessies/{sessie.id}/afspraken/{agreement_id}"
    auth.login("tl@venlo.nl")
    assert path in client.get(results).get_data(as_text=True)
    assert 'value="Tom"' in client.get(path).get_data(as_text=True)

    stale = client.post(path, data={"who": "Anna", "kind": "meelezen", "version": "0"})
    assert stale.status_code == 400 and 'value="Anna"' in stale.get_data(as_text=True)
    saved = client.post(path, data={"who": "Anna", "kind": "meelezen", "due_date": "2026-12-24", "version": "1"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/resultaten#afspraken")
    assert (_stored(agreement_id).who, _stored(agreement_id).due_date) == ("Anna", date(2026, 12, 24))
