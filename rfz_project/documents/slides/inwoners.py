"""The decks of a sessie with inwoners (option A and B).

Inwoners read these on the wall: plain words (B1), questions put to them, the mijlpalen as their plain
phrases (routekaart.toml `for_inwoners`), and none of the toolkit's checklist, laws or terms.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pptx.util import Emu, Pt

from ..context import DocumentContext, SessieInfo
from .deck import TEXT_LAYOUT, _Deck
from .markup import _lines, _v
from .pieces import _items, _sessie_subtitle
from .prose import PROSE
from .slide_kinds import PARAGRAPH_GAP, Item, _part_title, text_slide, title_slide
from .tables import _balanced, table_slides

QUOTE_FONT = Pt(28)  # what inwoners said, shown back to them: large enough to read from the back of the room


def _inwoner_title_slide(deck: _Deck, context: DocumentContext, sessie: SessieInfo) -> None:
    title = sessie.title if sessie.has_own_title else PROSE("inwoners.titel")
    title_slide(deck, title, _sessie_subtitle(context, sessie), PROSE("inwoners.titel_notitie"))


def _inwoner_welcome(deck: _Deck, sessie: SessieInfo, first: str) -> None:
    items = [Item(first), *_items("inwoners.welkom")]
    if sessie.procesbegeleider:
        items.append(Item(PROSE("inwoners.gespreksleider", naam=sessie.procesbegeleider)))
    if sessie.administrator:
        items.append(Item(PROSE("inwoners.verslag", naam=sessie.administrator)))
    if sessie.agenda:
        items += [
            Item("", label=PROSE("inwoners.programma")),
            *(Item(line, level=1) for line in _lines(sessie.agenda) if line),
        ]
    text_slide(deck, PROSE("inwoners.welkom_titel"), items, PROSE("inwoners.welkom_notitie"))


def _inwoner_topics(sessie: SessieInfo) -> list[tuple[str, str, str]]:
    """(plain phrase, question, label) for each mijlpaal of the sessie; the label only matches findings."""
    return list(zip(sessie.topics_for_inwoners, sessie.questions_for_inwoners, sessie.mijlpalen, strict=True))


def _inwoner_heard(deck: _Deck, findings, about: str = "") -> None:
    """What the inwoners said, when the sessie has been held and it was written down."""
    if findings:
        title = PROSE("inwoners.gehoord_over", onderwerp=_capital(about)) if about else PROSE("inwoners.gehoord_titel")
        quotes = [Item(PROSE("inwoners.citaat", tekst=f.text)) for f in findings]
        _spread_text_slides(deck, title, quotes, PROSE("inwoners.gehoord_notitie"), QUOTE_FONT)


def _spread_text_slides(deck: _Deck, title: str, items: Sequence[Item], notes: str, size: Pt) -> None:
    """Text slides with `items` in `size`, none shrunk: as many slides as that takes, filled evenly, with
    "(1 van 2)" in the titles (the estimate of _shrink_hint)."""
    _, _, width, height = deck.content_area[TEXT_LAYOUT]
    per_line = max(1, int((Emu(width).pt - 14) / (size.pt * 0.5)))
    lines = [sum(math.ceil(max(1, len(line)) / per_line) for line in _lines(item.text)) for item in items]
    needs = [count * size.pt * 1.2 + size.pt * (0.3 + PARAGRAPH_GAP) for count in lines]
    start, counts = 0, _balanced(needs, Emu(height).pt - 7)
    for number, count in enumerate(counts):
        text_slide(deck, _part_title(title, number, len(counts)), items[start : start + count], notes, size)
        start += count


def _inwoner_closing(deck: _Deck, context: DocumentContext) -> None:
    contact = context.contact
    items = _items("inwoners.verder")
    # a phone number is read as one thing: it never breaks over two lines
    ways = [PROSE("inwoners.bel", telefoon=contact.phone.replace(" ", "\u00a0"))] if contact.phone else []
    ways += [PROSE("inwoners.mail", email=contact.email)] if contact.email else []
    if ways:
        who = PROSE("inwoners.contact_met", naam=contact.name) if contact.name else ""
        items.append(Item(PROSE("inwoners.contact", met=who, manieren=PROSE("inwoners.of").join(ways))))
    items.append(Item(PROSE("inwoners.bedankt")))
    text_slide(deck, PROSE("inwoners.verder_titel"), items, PROSE("inwoners.verder_notitie"))


def _inwoner_option_a(deck: _Deck, context: DocumentContext, sessie: SessieInfo) -> None:
    _inwoner_title_slide(deck, context, sessie)
    _inwoner_welcome(deck, sessie, PROSE("inwoners.optie_a_welkom"))
    for phrase, question, label in _inwoner_topics(sessie):
        items = [Item(question)] if question else []
        items += [Item(line, level=1) for line in PROSE.lines("inwoners.onderwerp")]
        text_slide(deck, _capital(phrase), items, PROSE("inwoners.onderwerp_notitie"))
        _inwoner_heard(deck, [f for f in sessie.findings if f.mijlpaal == label], phrase)
    _inwoner_heard(deck, [f for f in sessie.findings if f.mijlpaal not in sessie.mijlpalen])
    _inwoner_closing(deck, context)


def _inwoner_option_b(deck: _Deck, context: DocumentContext, sessie: SessieInfo) -> None:
    _inwoner_title_slide(deck, context, sessie)
    _inwoner_welcome(deck, sessie, PROSE("inwoners.optie_b_welkom"))
    text_slide(deck, PROSE("inwoners.weg_titel"), _items("inwoners.weg"), PROSE("inwoners.weg_notitie"))
    topics = _inwoner_topics(sessie)
    if topics:
        items: list[Item] = []
        for phrase, question, _ in topics:
            items.append(Item("", label=_capital(phrase)))
            if question:
                items.append(Item(question, level=1))
        text_slide(deck, PROSE("inwoners.onderwerpen_titel"), items, PROSE("inwoners.onderwerpen_notitie"))
    steps = [step for step in sessie.blueprint if step.inwoner or step.title]
    if steps:
        table_slides(
            deck,
            PROSE("inwoners.weg_tot_nu_titel"),
            PROSE.lines("inwoners.weg_tot_nu_kop"),
            [(_v(step.title), step.inwoner) for step in steps],
            (1, 2),
            notes=PROSE("inwoners.weg_tot_nu_notitie"),
        )
    _inwoner_heard(deck, sessie.findings)
    _inwoner_closing(deck, context)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
