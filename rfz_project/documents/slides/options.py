"""The decks of option A (the conversation per mijlpaal) and option B (the Service Blueprint): in the
inwoners' own words when they take part (inwoners.py), else the toolkit's werkvorm for professionals.
"""

from __future__ import annotations

from collections.abc import Callable

from ...models import SessieStatus
from ..context import MISSING, DocumentContext, MijlpaalInfo, SessieInfo
from .deck import _Deck
from .drawings import swimlane_slide
from .inwoners import _inwoner_option_a, _inwoner_option_b
from .markup import _v
from .pieces import _agreements_slide, _find_sessie, _items, _mijlpaal_title, _sessie_mijlpalen, _sessie_subtitle
from .prose import PROSE
from .slide_kinds import Item, text_slide, title_slide
from .tables import table_slides

BLUEPRINT_STEPS_PER_SLIDE = 5
EMPTY_NOTE_ROWS = 4  # rows left open on the "what does the gemeente need" slide


def option_a_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    sessie = _find_sessie(context, sessie_id, lambda s: s.option_key == "a")
    without = (PROSE("optie_a.zonder_sessie"), PROSE("optie_a.titel_notitie"))
    _option_deck(deck, context, sessie, without, _inwoner_option_a, _professional_option_a)


def option_b_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    sessie = _find_sessie(context, sessie_id, lambda s: s.option_key == "b")
    without = (PROSE("optie_b.zonder_sessie"), PROSE("optie_b.titel_notitie"))
    _option_deck(deck, context, sessie, without, _inwoner_option_b, _professional_option_b)


def _option_deck(
    deck: _Deck,
    context: DocumentContext,
    sessie: SessieInfo | None,
    title_texts: tuple[str, str],
    for_inwoners: Callable[[_Deck, DocumentContext, SessieInfo], None],
    for_others: Callable[[_Deck, DocumentContext, SessieInfo | None], None],
) -> None:
    """An option's deck: in the inwoners' own words when they take part, else the toolkit's werkvorm for
    professionals after a title slide, which also stands when no sessie is planned (`title_texts`: the title
    then, and the slide's notes)."""
    if sessie is not None and sessie.with_inwoners:
        for_inwoners(deck, context, sessie)
        return
    without_sessie, notes = title_texts
    title = sessie.title if sessie else f"{without_sessie} ({MISSING})"
    title_slide(deck, _v(title), _sessie_subtitle(context, sessie, project=True), notes)
    for_others(deck, context, sessie)


def _professional_option_a(deck: _Deck, context: DocumentContext, sessie: SessieInfo | None) -> None:
    intro = _items("optie_a.werkwijze")
    if sessie is not None:
        intro += [
            Item(_v(sessie.procesbegeleider), label=PROSE("optie_a.gespreksleider")),
            Item(_v(sessie.administrator), label=PROSE("optie_a.verslag")),
        ]
        if sessie.agenda:
            intro += [Item("", label=PROSE("optie_a.agenda")), Item(sessie.agenda, level=1)]
    text_slide(deck, PROSE("optie_a.werkwijze_titel"), intro, PROSE("optie_a.werkwijze_notitie"))

    mijlpalen = _sessie_mijlpalen(context, sessie)
    if not mijlpalen:
        text_slide(
            deck,
            PROSE("kickoff.mijlpalen"),
            [Item(PROSE("algemeen.geen_mijlpalen"))],
            PROSE("optie_a.mijlpaal_notitie"),
        )
    findings = sessie.findings if sessie else ()
    for label, info in mijlpalen:
        _option_a_mijlpaal(deck, label, info, [f for f in findings if f.mijlpaal == label])
    _agreements_slide(deck, sessie)


def _option_a_mijlpaal(deck: _Deck, label: str, info: MijlpaalInfo | None, findings) -> None:
    text_slide(
        deck,
        _mijlpaal_title(label, info),
        [
            Item("", label=PROSE("optie_a.behoefte")),
            Item(_v(info.description if info else ""), level=1),
            Item("", label=PROSE("optie_a.praten")),
            *(Item(line, level=1) for line in PROSE.lines("optie_a.vragen")),
        ],
        PROSE("optie_a.mijlpaal_notitie"),
    )
    checklist = info.checklist if info else ()
    table_slides(
        deck,
        PROSE("optie_a.checklist_titel", mijlpaal=_v(label)),
        PROSE.lines("optie_a.checklist_kop"),
        [(_v(item.text), _v(item.answer), item.note) for item in checklist],
        (5, 2, 3),
        empty=PROSE("optie_a.checklist_leeg"),
        notes=PROSE("optie_a.checklist_notitie"),
    )
    rows = [(finding.text, _v(finding.rol), "") for finding in findings]
    rows += [("", "", "")] * EMPTY_NOTE_ROWS
    table_slides(
        deck,
        PROSE("optie_a.nodig_titel", mijlpaal=_v(label)),
        PROSE.lines("optie_a.nodig_kop"),
        rows,
        (5, 2, 3),
        notes=PROSE("optie_a.nodig_notitie"),
    )


# The Service Blueprint's lanes, top to bottom: (name, what participants note, the stored step's field).
BLUEPRINT_LANES: tuple[tuple[str, str, Callable], ...] = tuple(
    (name, explanation, value)
    for (name, explanation), value in zip(
        PROSE.lanes(),
        (
            lambda step: step.inwoner,
            lambda step: step.frontstage,
            lambda step: step.backstage,
            lambda step: step.support,
        ),
        strict=True,
    )
)


def _professional_option_b(deck: _Deck, context: DocumentContext, sessie: SessieInfo | None) -> None:
    text_slide(deck, PROSE("optie_b.reis_titel"), _items("optie_b.reis"), PROSE("optie_b.reis_notitie"))
    table_slides(
        deck,
        PROSE("optie_b.lagen_titel"),
        PROSE.lines("optie_b.lagen_kop"),
        [(lane, explanation) for lane, explanation, _ in BLUEPRINT_LANES],
        (1, 3),
        notes=PROSE("optie_b.lagen_notitie"),
    )

    mijlpalen = _sessie_mijlpalen(context, sessie)
    items: list[Item] = []
    for label, info in mijlpalen:
        items += [Item("", label=_mijlpaal_title(label, info)), Item(_v(info.description if info else ""), level=1)]
    text_slide(
        deck,
        PROSE("optie_b.mijlpalen_titel"),
        items or [Item(PROSE("algemeen.geen_mijlpalen"))],
        PROSE("optie_b.mijlpalen_notitie"),
    )

    held = sessie is not None and sessie.status == SessieStatus.AFGEROND.label
    _blueprint_slides(deck, sessie.blueprint if sessie else (), held=held)
    _agreements_slide(deck, sessie)


def _blueprint_slides(deck: _Deck, steps, *, held: bool = False) -> None:
    """The blueprint so far as swimlanes, a few steps per slide; without steps, empty lanes to fill in. For a
    sessie that has been held the slides show what the sessie made, and say so instead of "so far"."""
    lanes = [lane for lane, _, _ in BLUEPRINT_LANES]
    if not steps:
        blank = [(PROSE("optie_b.stap", nummer=n), [""] * len(lanes)) for n in range(1, 4)]
        swimlane_slide(deck, PROSE("optie_b.blueprint_leeg"), lanes, blank)
        return
    per_slide = BLUEPRINT_STEPS_PER_SLIDE
    for first in range(0, len(steps), per_slide):
        group = steps[first : first + per_slide]
        if len(steps) <= per_slide:
            title = PROSE("optie_b.gemaakt_titel") if held else PROSE("optie_b.blueprint_titel")
        else:
            part = {"eerste": first + 1, "laatste": first + len(group), "aantal": len(steps)}
            title = PROSE("optie_b.gemaakt_deel", **part) if held else PROSE("optie_b.blueprint_deel", **part)
        columns = [
            (
                PROSE("optie_b.stap_titel", nummer=first + number + 1, titel=_v(step.title)),
                [value(step) for _, _, value in BLUEPRINT_LANES],
            )
            for number, step in enumerate(group)
        ]
        swimlane_slide(deck, title, lanes, columns)
