"""The toolkit's four presentations, built with python-pptx from a base deck's slide layouts.

The base deck (docx_templates/basis.pptx, or a gemeente's own house-style version of it) supplies the look:
slide master, theme, and four layouts that this package picks by name (REQUIRED_LAYOUTS), never by position.
This package supplies the content: one small function per kind of slide (title, statement, text, table,
chart, and the drawn swimlanes and timeline), and one function per deck that decides which slides to make
from a DocumentContext. It never touches the database. Values that are not filled in show as MISSING
("nog in te vullen"); an empty list gets a friendly "Nog geen ..." line. Text is the user's: it is never
cut; long text is shrunk to fit, long tables continue on the next slide.

The modules, each importing only the ones above it:

    prose.py        the decks' own words, from docx_templates/presentaties.toml (PROSE)
    markup.py       text and DrawingML written directly, placeholders, text fitting
    deck.py         the base deck: its layouts by name, checks for an upload, and _Deck (the deck being built)
    slide_kinds.py  title, statement, text and chart slides
    tables.py       table slides: one font size per table, continued evenly over slides
    drawings.py     the Service Blueprint's swimlanes and the timeline
    pieces.py       what more than one deck shows (a sessie's date and place, the agreements, ...)
    inwoners.py     option A and B for a sessie with inwoners
    kickoff.py, options.py, results.py   one function per deck
    render.py       DECKS by document key, and render_deck

A helper with a leading underscore is the package's own: the modules import it from each other under that
name, and nothing outside the package does (the tests aside, through the names below).
"""

from __future__ import annotations

from .deck import (
    CHART_LAYOUT,
    REQUIRED_LAYOUTS,
    TABLE_LAYOUT,
    TEXT_LAYOUT,
    TITLE_LAYOUT,
    _Deck,
    base_deck_path,
    check_base_deck,
    missing_layouts,
)
from .inwoners import QUOTE_FONT
from .options import BLUEPRINT_LANES, EMPTY_NOTE_ROWS
from .prose import PROSE, PROSE_KEYS, PROSE_PATH, load_prose
from .render import DECKS, DOCUMENT_KEYS, OPTION_DECKS, render_deck
from .results import AXIS_TICKS, _axis_step
from .slide_kinds import STATEMENT_FONT
from .tables import TABLE_FONTS, _longest_words, _plan_table, _table_geometry, _words_fit

__all__ = [
    # what the app uses: render a deck, check an uploaded base deck, and which decks there are
    "DECKS",
    "DOCUMENT_KEYS",
    "OPTION_DECKS",
    "REQUIRED_LAYOUTS",
    "base_deck_path",
    "check_base_deck",
    "missing_layouts",
    "render_deck",
    # the texts and the layout names
    "CHART_LAYOUT",
    "PROSE",
    "PROSE_KEYS",
    "PROSE_PATH",
    "TABLE_LAYOUT",
    "TEXT_LAYOUT",
    "TITLE_LAYOUT",
    "load_prose",
    # sizes and rules the tests check the decks against
    "AXIS_TICKS",
    "BLUEPRINT_LANES",
    "EMPTY_NOTE_ROWS",
    "QUOTE_FONT",
    "STATEMENT_FONT",
    "TABLE_FONTS",
    "_Deck",
    "_axis_step",
    "_longest_words",
    "_plan_table",
    "_table_geometry",
    "_words_fit",
]
