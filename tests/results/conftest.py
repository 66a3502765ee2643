"""What the results tests share: an open sessie about two mijlpalen, a theme of its project, and hostile text."""

import pytest

from rfz_project.extensions import db
from rfz_project.models import Theme
from rfz_project.results.services import FindingInput

from .. import factories

HOSTILE = 'Brief is <onduidelijk> & "streng" 😟\nTweede regel'
# A finding refused, and the field the message stands at; the same rules for a new and for a changed one.
INVALID_FINDINGS = [
    (FindingInput("   "), "text"),
    (FindingInput("x", mijlpaal="in_gesprek"), "mijlpaal"),  # not a mijlpaal of the sessie
    (FindingInput("x", rol="kapitein"), "rol"),
]


@pytest.fixture
def setting(world):
    """(world, the teamlid as actor, the sessie, the theme)."""
    sessie = factories.sessie(world.project, mijlpalen=("op_zoek", "in_beeld"))
    theme = Theme(project_id=world.project.id, name="Communicatie")
    db.session.add(theme)
    db.session.commit()
    return world, world.actor(world.teamlid), sessie, theme
