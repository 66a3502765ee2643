"""The four presentations by routekaart document key, and render_deck: one deck as .pptx bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..context import DocumentContext
from .deck import _Deck
from .kickoff import kickoff_deck
from .options import option_a_deck, option_b_deck
from .results import results_deck

# The presentations by routekaart document key (the routekaart names them).
DECKS: dict[str, Callable[[_Deck, DocumentContext, int | None], None]] = {
    "kickoff_presentatie": kickoff_deck,
    "presentatie_optie_a": option_a_deck,
    "presentatie_optie_b": option_b_deck,
    "presentatie_resultatensessie": results_deck,
}
DOCUMENT_KEYS: tuple[str, ...] = tuple(DECKS)
# The presentation of a sessie by the way of working chosen for it (its session option).
OPTION_DECKS: dict[str, str] = {"a": "presentatie_optie_a", "b": "presentatie_optie_b"}


def render_deck(
    base_deck: bytes | Path,
    document_key: str,
    context: DocumentContext,
    sessie_id: int | None = None,
    *,
    label: str = "",
) -> bytes:
    """The .pptx for `document_key`, built on the layouts of `base_deck`.

    For the option A and B decks `sessie_id` picks the sessie (default: the first sessie of that option;
    without one the deck is a blank version for the project's mijlpalen). The kick-off and results decks use
    it for the date and place on the title slide (default: the kick-off or resultatensessie). `label` is the
    presentation's name (from the routekaart), for the file's title with the gemeente.
    Raises ValueError (Dutch message) for an unknown key, a sessie of another project, a file that is no
    .pptx, or a base deck that lacks one of REQUIRED_LAYOUTS.
    """
    if document_key not in DECKS:
        raise ValueError(f"Onbekende presentatie: {document_key!r}.")
    deck = _Deck(base_deck)
    DECKS[document_key](deck, context, sessie_id)
    props = deck.prs.core_properties
    props.title = (f"{label} \u2013 {context.gemeente}" if label else context.gemeente)[:255]
    props.subject = "Routekaart Financiële Zorgen"
    props.last_modified_by = "RFZ-implementatietool"
    return deck.save()
