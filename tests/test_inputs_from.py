"""inputs_from.py: a stored record as its form would submit it, on its own and behind the areas' builders."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from datetime import date, time
from decimal import Decimal
from types import SimpleNamespace

import pytest

from rfz_project.actions.services import action_input_from
from rfz_project.borging.services import task_input_from
from rfz_project.inputs_from import input_from
from rfz_project.models import (
    Action,
    ActionStatus,
    ActionTiming,
    Decision,
    Project,
    ProjectMijlpaal,
    RegularTask,
    Sessie,
    SessieMijlpaal,
    SessieMode,
    TaskFrequency,
    TaskKind,
)
from rfz_project.projects.decisions import decision_input_from
from rfz_project.projects.scope import scope_input_from
from rfz_project.sessions.services import sessie_input_from


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@dataclass
class Wanted:
    title: str
    colour: str = Colour.BLUE.value
    maybe_colour: str | None = None
    kept_colour: Colour = Colour.BLUE  # a field that wants the member gets the member
    count: int | None = None
    keys: list[str] = field(default_factory=list)


def _record(**values):
    base = {"title": "Titel", "colour": Colour.RED, "maybe_colour": Colour.RED, "kept_colour": Colour.RED}
    return SimpleNamespace(**(base | {"count": 3, "keys": ["a"]} | values))


def test_every_field_is_read_by_its_name_and_an_enum_becomes_its_value_where_a_str_is_wanted():
    made = input_from(Wanted, _record())
    assert made == Wanted(title="Titel", colour="red", maybe_colour="red", kept_colour=Colour.RED, count=3, keys=["a"])
    assert type(made.colour) is str and type(made.maybe_colour) is str
    assert made.kept_colour is Colour.RED


def test_values_that_are_no_enum_stay_as_they_are():
    keys = ["a", "b"]
    made = input_from(Wanted, _record(colour="red", maybe_colour=None, count=None, keys=keys))
    assert (made.colour, made.maybe_colour, made.count) == ("red", None, None)
    assert made.keys is keys


def test_an_override_wins_and_its_field_is_not_read_from_the_record():
    class Record:
        title, colour, maybe_colour, kept_colour, count = "Titel", Colour.RED, None, Colour.RED, 1

        @property
        def keys(self):  # like a relationship that was not loaded
            raise AssertionError("read although overridden")

    made = input_from(Wanted, Record(), keys=["x"], colour=Colour.BLUE)
    assert made.keys == ["x"]
    assert made.colour is Colour.BLUE  # an override is taken as given


def test_a_field_missing_on_the_record_fails_instead_of_taking_the_default():
    record = _record()
    del record.count
    with pytest.raises(AttributeError, match="count"):
        input_from(Wanted, record)


def test_an_override_of_no_field_fails():
    with pytest.raises(TypeError, match="Wanted has no field colours"):
        input_from(Wanted, _record(), colours="red")


# --- the areas' builders: each field as the form submits it -----------------------------------------
# `same` holds what the record and its input hold alike; the rest is named on each side.


def _plain(values) -> dict:
    """The fields with their exact types: a LabelledEnum member equals its value, so compare types too."""
    values = asdict(values) if not isinstance(values, dict) else values
    return {name: (type(value), value) for name, value in values.items()}


def test_action_input_from():
    same = {
        "title": "A",
        "description": "d",
        "theme_id": 4,
        "mijlpaal": "m",
        "rol": None,
        "owner": "o",
        "deadline": date(2026, 3, 1),
        "budget": Decimal("12.50"),
        "needs_decision": True,
        "decision_id": 7,
    }
    action = Action(**same, status=ActionStatus.BEZIG, timing=ActionTiming.LATER)
    assert _plain(action_input_from(action)) == _plain(same | {"status": "bezig", "timing": "later"})


def test_task_input_from():
    same = {
        "title": "T",
        "description": "d",
        "owner": "o",
        "department": "afd",
        "hours": Decimal("2.5"),
        "needs_directiebesluit": True,
        "needs_opdrachtomschrijving": False,
        "decision_id": None,
        "starts_on": date(2026, 1, 5),
    }
    task = RegularTask(**same, kind=TaskKind.BELEID, frequency=TaskFrequency.JAAR)
    assert _plain(task_input_from(task)) == _plain(same | {"kind": "beleid", "frequency": "jaar"})


def test_decision_input_from_keeps_the_step():
    same = {
        "title": "B",
        "decided_on": None,
        "decided_by": "raad",
        "budget": None,
        "capacity_hours": 40,
        "rationale": "r",
        "step_key": "borging.x",
    }
    assert _plain(decision_input_from(Decision(**same))) == _plain(same)


def test_sessie_input_from_takes_the_mijlpalen_from_their_rows_and_keeps_the_contact():
    same = {
        "session_type": "kick_off",
        "on_date": date(2026, 4, 2),
        "start_time": time(9, 30),
        "duration_minutes": 90,
        "option": "A",
        "title": "S",
        "location": "",
        "online_url": "https://example.org/s",
        "procesbegeleider": "p",
        "administrator": "a",
        "agenda": "ag",
        "route": "ro",
        "accessibility": "ac",
        "travel_costs": "tc",
        "reply_by": None,
        "contact_user_id": 12,
    }
    rows = [SessieMijlpaal(mijlpaal="m2"), SessieMijlpaal(mijlpaal="m1")]
    sessie = Sessie(**same, mode=SessieMode.ONLINE, mijlpaal_rows=rows)
    assert _plain(sessie_input_from(sessie)) == _plain(same | {"mode": "online", "mijlpalen": ["m2", "m1"]})


@pytest.mark.parametrize("reasons, expected", [(["r1", "r2"], ["r1", "r2"]), (None, [])])
def test_scope_input_from_takes_the_mijlpalen_from_their_rows_and_a_copy_of_the_reasons(reasons, expected):
    same = {
        "name": "P",
        "scope_type": "een_rol",
        "rol": "r",
        "spoor": "inwoner",
        "central_question": "v",
        "reason_note": "n",
        "start_date": date(2026, 1, 1),
    }
    project = Project(**same, reasons=reasons, mijlpaal_rows=[ProjectMijlpaal(mijlpaal="m1")])
    made = scope_input_from(project)
    assert _plain(made) == _plain(same | {"mijlpalen": ["m1"], "reasons": expected})
    assert made.reasons is not project.reasons
