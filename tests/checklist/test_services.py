import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from rfz_project.actions import services as action_services
from rfz_project.checklist import services
from rfz_project.checklist.services import AnswerInput, ChecklistConflict, fingerprint
from rfz_project.errors import NotAuthorized, NotFound, ValidationError
from rfz_project.extensions import db
from rfz_project.models import Action, ChecklistAnswer, ChecklistStatus, CustomChecklistItem

from .. import factories

HOSTILE = "Niet <script>alert('x')</script> & \"zo\" 💶\nmaar\nanders"
UNANSWERED = fingerprint("", "")


def answer(ref: str, value: str = "doen_we_al", note: str = "", version=None, seen=UNANSWERED) -> AnswerInput:
    return AnswerInput(ref=ref, answer=value, note=note, version=version, seen=seen)


def answers() -> list[ChecklistAnswer]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ChecklistAnswer).order_by(ChecklistAnswer.id)))


def action_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Action))


def snapshot():
    db.session.expire_all()
    return (
        [(a.item_key, a.custom_item_id, a.answer, a.note, a.version, a.action_id) for a in answers()],
        action_count(),
    )


def save(world, actor, *inputs):
    return services.save_answers(actor, world.project.id, list(inputs))


# --- answering -------------------------------------------------------------------------------------


def test_teamlid_answers_several_items_at_once(world, leider):
    result = save(
        world,
        world.actor(world.teamlid),
        answer("in_beeld_dpia", "doen_we_al", "Sinds 2024"),
        answer("in_gesprek_intake_triage", "nvt"),
    )
    assert result.changed == 2 and result.actions == []
    rows = {a.item_key: a for a in answers()}
    assert rows["in_beeld_dpia"].answer is ChecklistStatus.DOEN_WE_AL and rows["in_beeld_dpia"].note == "Sinds 2024"
    assert rows["in_gesprek_intake_triage"].answer is ChecklistStatus.NVT


def test_procesbegeleider_may_answer(world):
    save(world, world.actor(world.procesbegeleider), answer("in_beeld_dpia"))
    assert len(answers()) == 1


def test_note_keeps_hostile_text_emoji_and_newlines(world, leider):
    save(world, leider, answer("in_beeld_dpia", "nog_niet", HOSTILE))
    assert answers()[0].note == HOSTILE


def test_browser_line_breaks_are_stored_as_plain_newlines(world, leider):
    save(world, leider, answer("in_beeld_dpia", "nog_niet", "  eerste\r\ntweede  "))
    assert answers()[0].note == "eerste\ntweede"


def test_a_note_without_an_answer_is_kept_and_still_counts_as_unanswered(world, leider):
    save(world, leider, answer("in_beeld_dpia", "", "Nog uitzoeken bij juridische zaken"))
    page = services.checklist_page(leider, world.project.id)
    entry = page.entry("in_beeld_dpia")
    assert entry.note == "Nog uitzoeken bij juridische zaken" and entry.status is None
    assert page.totals.answered == 0


def test_an_answer_can_be_taken_back(world, leider):
    row = factories.checklist_answer(world.project, "in_beeld_dpia", answer="doen_we_al")
    save(world, leider, answer("in_beeld_dpia", "", version=row.version, seen=fingerprint("doen_we_al", "")))
    assert answers()[0].answer is None


def test_untouched_items_are_not_written(world, leider):
    row = factories.checklist_answer(world.project, "in_beeld_dpia", answer="doen_we_al", note="Al jaren")
    before = row.version
    result = save(
        world,
        leider,
        answer("in_beeld_dpia", "doen_we_al", "Al jaren", version=before, seen=fingerprint("doen_we_al", "Al jaren")),
    )
    assert result.changed == 0 and answers()[0].version == before


# --- 'gaan we mee aan de slag' ---------------------------------------------------------------------


def test_aan_de_slag_puts_one_linked_action_on_the_list(world, leider):
    result = save(world, leider, answer("in_beeld_dpia", "aan_de_slag", "Eerst met de FG overleggen"))
    action = db.session.scalars(sa.select(Action)).one()
    assert [a.id for a in result.actions] == [action.id]
    assert answers()[0].action_id == action.id
    assert action.title == "We ontvangen signalen alleen op basis van een goedgekeurde DPIA."
    assert (action.project_id, action.mijlpaal, action.rol) == (world.project.id, "in_beeld", "beleid_juridisch")
    assert "checklist" in action.description and "Eerst met de FG overleggen" in action.description


def test_aan_de_slag_again_does_not_make_a_second_action(world, leider):
    save(world, leider, answer("in_beeld_dpia", "aan_de_slag"))
    row = answers()[0]
    result = save(
        world,
        leider,
        answer(
            "in_beeld_dpia",
            "aan_de_slag",
            "Andere toelichting",
            version=row.version,
            seen=fingerprint("aan_de_slag", ""),
        ),
    )
    assert result.actions == [] and action_count() == 1


def test_switching_away_keeps_the_action_and_coming_back_reuses_it(world, leider):
    save(world, leider, answer("in_beeld_dpia", "aan_de_slag"))
    row = answers()[0]
    save(world, leider, answer("in_beeld_dpia", "nvt", version=row.version, seen=fingerprint("aan_de_slag", "")))
    row = answers()[0]
    assert row.answer is ChecklistStatus.NVT and row.action_id is not None and action_count() == 1
    save(world, leider, answer("in_beeld_dpia", "aan_de_slag", version=row.version, seen=fingerprint("nvt", "")))
    assert action_count() == 1


def test_after_the_action_is_deleted_aan_de_slag_makes_a_new_one(world, leider):
    save(world, leider, answer("in_beeld_dpia", "aan_de_slag"))
    action_services.delete_action(leider, world.project.id, answers()[0].action_id)
    row = answers()[0]
    assert row.action_id is None
    save(
        world,
        leider,
        answer("in_beeld_dpia", "aan_de_slag", "opnieuw", version=row.version, seen=fingerprint("aan_de_slag", "")),
    )
    assert action_count() == 1 and answers()[0].action_id is not None


def test_an_own_item_aan_de_slag_makes_an_action_with_its_mijlpaal(world, leider):
    item = factories.custom_checklist_item(world.home, "Spreekuur in de wijk", mijlpaal="in_contact")
    save(world, leider, answer(services.custom_ref(item.id), "aan_de_slag"))
    action = db.session.scalars(sa.select(Action)).one()
    assert (action.title, action.mijlpaal, action.rol) == ("Spreekuur in de wijk", "in_contact", None)
    assert answers()[0].custom_item_id == item.id and answers()[0].item_key is None


def test_a_long_own_item_gives_an_action_title_that_fits(world, leider):
    item = factories.custom_checklist_item(world.home, "x" * 450)
    save(world, leider, answer(services.custom_ref(item.id), "aan_de_slag"))
    title = db.session.scalars(sa.select(Action.title)).one()
    assert len(title) == 200 and title.endswith("…")


# --- refused -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["bestaat_niet", "eigen-999999", "eigen-abc", ""])
def test_unknown_item_is_not_found_and_nothing_changes(world, leider, ref):
    factories.checklist_answer(world.project, "in_beeld_dpia")
    before = snapshot()
    with pytest.raises(NotFound):
        save(world, leider, answer("in_gesprek_intake_triage", "aan_de_slag"), answer(ref))
    assert snapshot() == before


def test_item_of_a_mijlpaal_outside_the_project_is_not_found(world, leider):
    other = factories.project(world.home, name="Smal", scope_type="een_mijlpaal", mijlpalen=["in_contact"])
    with pytest.raises(NotFound):
        services.save_answers(leider, other.id, [answer("in_beeld_dpia")])
    assert answers() == []


def test_own_item_of_another_gemeente_is_not_found_and_nothing_changes(world, leider):
    foreign = factories.custom_checklist_item(world.other, "Kampens eigen punt", mijlpaal="in_beeld")
    before = snapshot()
    with pytest.raises(NotFound):
        save(world, leider, answer("in_beeld_dpia"), answer(services.custom_ref(foreign.id), "aan_de_slag"))
    assert snapshot() == before


def test_lezer_may_read_but_not_answer(world):
    lezer = world.actor(world.lezer)
    assert services.checklist_page(lezer, world.project.id).can_write is False
    with pytest.raises(NotAuthorized):
        save(world, lezer, answer("in_beeld_dpia"))
    assert answers() == []


def test_user_of_another_gemeente_finds_nothing(world):
    kampen = world.actor(world.other_projectleider)
    with pytest.raises(NotFound):
        services.checklist_page(kampen, world.project.id)
    with pytest.raises(NotFound):
        save(world, kampen, answer("in_beeld_dpia"))
    assert answers() == []


@pytest.mark.parametrize(
    "data, field, message",
    [
        (answer("in_beeld_dpia", "misschien"), "in_beeld_dpia-answer", "Kies een van de antwoorden"),
        (answer("in_beeld_dpia", "nog_niet", "x" * 5001), "in_beeld_dpia-note", "maximaal 5000 tekens"),
    ],
)
def test_invalid_input_is_refused_on_its_field(world, leider, data, field, message):
    with pytest.raises(ValidationError) as error:
        save(world, leider, answer("in_gesprek_intake_triage"), data)
    assert message in " ".join(error.value.errors[field])
    assert answers() == []


# --- two people at once ----------------------------------------------------------------------------


def test_answer_changed_meanwhile_is_a_conflict_and_nothing_is_saved(world, leider):
    row = factories.checklist_answer(world.project, "in_beeld_dpia", answer="nog_niet")
    shown_version = row.version
    save(
        world,
        world.actor(world.teamlid),
        answer("in_beeld_dpia", "doen_we_al", "Collega", version=shown_version, seen=fingerprint("nog_niet", "")),
    )
    before = snapshot()
    with pytest.raises(ChecklistConflict) as conflict:
        save(
            world,
            leider,
            answer("in_gesprek_intake_triage", "nvt"),
            answer("in_beeld_dpia", "aan_de_slag", version=shown_version, seen=fingerprint("nog_niet", "")),
        )
    assert set(conflict.value.current) == {"in_beeld_dpia"}
    assert snapshot() == before


def test_first_answer_given_meanwhile_by_someone_else_is_a_conflict(world, leider):
    save(world, world.actor(world.teamlid), answer("in_beeld_dpia", "doen_we_al"))
    with pytest.raises(ChecklistConflict):
        save(world, leider, answer("in_beeld_dpia", "nog_niet"))
    assert answers()[0].answer is ChecklistStatus.DOEN_WE_AL


def test_an_item_the_user_left_alone_does_not_undo_a_colleagues_change(world, leider):
    row = factories.checklist_answer(world.project, "in_beeld_dpia", answer="nog_niet")
    old_version, old_seen = row.version, fingerprint("nog_niet", "")
    save(world, world.actor(world.teamlid), answer("in_beeld_dpia", "doen_we_al", version=old_version, seen=old_seen))
    # The whole stale form comes back, with only another item changed.
    save(
        world,
        leider,
        answer("in_beeld_dpia", "nog_niet", version=old_version, seen=old_seen),
        answer("in_gesprek_intake_triage", "nvt"),
    )
    rows = {a.item_key: a.answer for a in answers()}
    assert rows == {"in_beeld_dpia": ChecklistStatus.DOEN_WE_AL, "in_gesprek_intake_triage": ChecklistStatus.NVT}


def test_the_same_change_by_two_people_is_no_conflict(world, leider):
    save(world, world.actor(world.teamlid), answer("in_beeld_dpia", "doen_we_al"))
    result = save(world, leider, answer("in_beeld_dpia", "doen_we_al"))
    assert result.changed == 0 and len(answers()) == 1


def test_saving_again_with_the_newest_version_overwrites_deliberately(world, leider):
    save(world, world.actor(world.teamlid), answer("in_beeld_dpia", "doen_we_al"))
    newest = services.checklist_page(leider, world.project.id).entry("in_beeld_dpia")
    save(world, leider, answer("in_beeld_dpia", "nog_niet", version=newest.version, seen=newest.seen))
    assert answers()[0].answer is ChecklistStatus.NOG_NIET


# --- the page and its summary ----------------------------------------------------------------------


def test_groups_follow_the_route_with_general_items_last(world, leider):
    project = factories.project(world.home, name="Twee", scope_type="combinatie", mijlpalen=["in_gesprek", "in_beeld"])
    page = services.checklist_page(leider, project.id)
    assert [g.key for g in page.groups] == ["in_beeld", "in_gesprek", ""]
    assert all(e.mijlpaal == "in_beeld" for e in page.groups[0].entries)
    assert page.groups[-1].label.startswith("Algemeen")


def test_summary_counts_answers_and_gaps_per_mijlpaal(world, leider):
    project = factories.project(world.home, name="Twee", scope_type="combinatie", mijlpalen=["in_beeld", "in_gesprek"])
    for key, value in [
        ("in_beeld_dpia", "doen_we_al"),
        ("in_beeld_avg", "doen_we_al"),
        ("in_beeld_beleidsplan", "nog_niet"),
        ("in_beeld_wgs_bgs", "aan_de_slag"),
        ("in_beeld_registratiesysteem", "nvt"),
        ("in_gesprek_intake_triage", "nog_niet"),
        ("in_gesprek_hulp_per_doelgroep", ""),
    ]:
        factories.checklist_answer(project, key, answer=value)
    page = services.checklist_page(leider, project.id)
    in_beeld, in_gesprek, general = (g.tally for g in page.groups)
    assert (
        in_beeld.count(ChecklistStatus.DOEN_WE_AL),
        in_beeld.count(ChecklistStatus.NOG_NIET),
        in_beeld.count(ChecklistStatus.AAN_DE_SLAG),
        in_beeld.count(ChecklistStatus.NVT),
    ) == (2, 1, 1, 1)
    assert (in_beeld.total, in_beeld.unanswered, in_beeld.gaps) == (10, 5, 6)
    assert (in_gesprek.total, in_gesprek.unanswered, in_gesprek.gaps) == (3, 2, 3)
    assert (general.total, general.gaps) == (3, 3)
    assert (page.totals.total, page.totals.answered, page.totals.gaps, page.totals.percent) == (16, 6, 12, 38)


def test_answers_outside_the_current_scope_are_kept_but_not_counted(world, leider):
    project = factories.project(world.home, name="Smal", scope_type="een_mijlpaal", mijlpalen=["in_contact"])
    factories.checklist_answer(project, "in_beeld_dpia", answer="doen_we_al")
    page = services.checklist_page(leider, project.id)
    assert page.totals.answered == 0 and len(answers()) == 1


# --- own items -------------------------------------------------------------------------------------


def test_own_item_is_shared_by_the_projects_of_the_gemeente(world, leider):
    item = services.add_custom_item(
        leider, world.project.id, "  Elke aanmelder krijgt een vaste contactpersoon. ", "in_contact"
    )
    second = factories.project(world.home, name="Tweede", scope_type="een_mijlpaal", mijlpalen=["in_contact"])
    entry = services.checklist_page(leider, second.id).entry(services.custom_ref(item.id))
    assert entry.text == "Elke aanmelder krijgt een vaste contactpersoon." and entry.mijlpaal == "in_contact"


def test_own_item_is_never_seen_by_another_gemeente(world, leider):
    item = services.add_custom_item(leider, world.project.id, "Alleen voor Venlo", "")
    kampen = world.actor(world.other_projectleider)
    page = services.checklist_page(kampen, world.other_project.id)
    assert services.custom_ref(item.id) not in {e.ref for e in page.entries}
    assert services.custom_items_page(kampen, world.other_project.id).rows == []
    with pytest.raises(NotFound):
        services.get_custom_item(kampen, world.other_project.id, item.id)


def test_general_own_item_shows_in_the_general_group(world, leider):
    item = services.add_custom_item(leider, world.project.id, "Jaarlijks evalueren", "")
    page = services.checklist_page(leider, world.project.id)
    assert services.custom_ref(item.id) in {e.ref for e in page.groups[-1].entries}
    assert item.mijlpaal is None


def test_own_item_of_a_mijlpaal_outside_the_project_stays_out_of_it(world, leider):
    factories.custom_checklist_item(world.home, "Alleen voor In gesprek", mijlpaal="in_gesprek")
    small = factories.project(world.home, name="Smal", scope_type="een_mijlpaal", mijlpalen=["in_contact"])
    assert all(e.custom_id is None for e in services.checklist_page(leider, small.id).entries)


@pytest.mark.parametrize(
    "text, mijlpaal, field, message",
    [
        ("   ", "", "text", "Beschrijf het punt"),
        ("x" * 501, "", "text", "Maximaal 500 tekens"),
        ("Goed punt", "op_de_maan", "mijlpaal", "mijlpaal van dit project"),
    ],
)
def test_invalid_own_item_is_refused(world, leider, text, mijlpaal, field, message):
    with pytest.raises(ValidationError) as error:
        services.add_custom_item(leider, world.project.id, text, mijlpaal)
    assert message in " ".join(error.value.errors[field])
    assert db.session.scalars(sa.select(CustomChecklistItem)).all() == []


def test_mijlpaal_outside_the_project_is_refused_for_an_own_item(world, leider):
    small = factories.project(world.home, name="Smal", scope_type="een_mijlpaal", mijlpalen=["in_contact"])
    with pytest.raises(ValidationError) as error:
        services.add_custom_item(leider, small.id, "Punt", "in_beeld")
    assert "mijlpaal" in error.value.errors


def test_the_same_own_item_twice_is_refused(world, leider):
    services.add_custom_item(leider, world.project.id, "Vaste contactpersoon", "in_contact")
    with pytest.raises(ValidationError) as error:
        services.add_custom_item(leider, world.project.id, "vaste contactpersoon", "in_contact")
    assert "al" in error.value.errors["text"][0]


def test_lezer_may_not_add_own_items(world):
    with pytest.raises(NotAuthorized):
        services.add_custom_item(world.actor(world.lezer), world.project.id, "Punt", "")


def test_deleting_an_own_item_removes_its_answers_in_every_project_but_keeps_actions(world, leider):
    item = factories.custom_checklist_item(world.home, "Eigen punt", mijlpaal=None)
    second = factories.project(world.home, name="Tweede")
    save(world, leider, answer(services.custom_ref(item.id), "aan_de_slag"))
    factories.checklist_answer(second, custom_item=item, answer="nog_niet")
    factories.checklist_answer(world.project, "in_beeld_dpia")
    use = services.get_custom_item(leider, world.project.id, item.id)
    assert (use.answer_count, use.project_count) == (2, 2)
    services.delete_custom_item(leider, world.project.id, item.id)
    assert [a.item_key for a in answers()] == ["in_beeld_dpia"]
    assert action_count() == 1 and db.session.scalars(sa.select(CustomChecklistItem)).all() == []


def test_own_item_of_another_gemeente_cannot_be_deleted(world, leider):
    foreign = factories.custom_checklist_item(world.other, "Van Kampen", mijlpaal="in_beeld")
    with pytest.raises(NotFound):
        services.delete_custom_item(leider, world.project.id, foreign.id)
    db.session.expire_all()
    assert db.session.get(CustomChecklistItem, foreign.id) is not None


# --- the table's own rules -------------------------------------------------------------------------


@pytest.mark.parametrize("key, with_custom", [(None, False), ("in_beeld_dpia", True)])
def test_an_answer_points_at_exactly_one_item(world, key, with_custom):
    item = factories.custom_checklist_item(world.home)
    db.session.add(
        ChecklistAnswer(project_id=world.project.id, item_key=key, custom_item_id=item.id if with_custom else None)
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_one_answer_per_item_per_project(world):
    factories.checklist_answer(world.project, "in_beeld_dpia")
    db.session.add(ChecklistAnswer(project_id=world.project.id, item_key="in_beeld_dpia"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
