"""The kick-off deck: why, what and when of the project, its phases, team and sessies."""

from __future__ import annotations

from collections.abc import Sequence

from ..context import MISSING, DocumentContext
from .deck import TEXT_LAYOUT, _Deck
from .drawings import TimelineRow, timeline_slides
from .markup import _font_scale, _v
from .pieces import _central_question_slide, _find_sessie, _items, _sessie_kind, _sessie_subtitle, _when, _where, datum
from .prose import PROSE
from .slide_kinds import Item, text_slide, title_slide
from .tables import table_slides


def kickoff_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    kickoff = _find_sessie(context, sessie_id, lambda s: s.purpose == "kick_off")
    title_slide(
        deck,
        PROSE("kickoff.titel", project=_v(context.project_name)),
        _sessie_subtitle(context, kickoff),
        PROSE("kickoff.titel_notitie"),
    )
    _kickoff_why(deck, context)
    _central_question_slide(deck, context)
    _kickoff_what(deck, context)
    timeline_slides(
        deck,
        PROSE("kickoff.tijdlijn_titel"),
        *_timeline_rows(context),
        context.today,
        PROSE("kickoff.tijdlijn_notitie"),
    )
    table_slides(
        deck,
        PROSE("kickoff.fasen_titel"),
        PROSE.lines("kickoff.fasen_kop"),
        [
            (
                f"{p.number}. {_v(p.label)}",
                _v(p.description),
                datum(p.start, MISSING),
                datum(p.last_day, MISSING),
                PROSE("kickoff.weken", weken=p.weeks),
                _v(p.status),
            )
            for p in context.phases
        ],
        (2, 3.5, 1.7, 1.7, 1.2, 1.7),
        empty=PROSE("kickoff.fasen_leeg"),
        notes=PROSE("kickoff.fasen_notitie"),
    )
    table_slides(
        deck,
        PROSE("kickoff.team_titel"),
        PROSE.lines("kickoff.team_kop"),
        [(_v(m.name), _v(m.role), _v(m.discipline)) for m in context.team],
        (3, 2, 3),
        empty=PROSE("kickoff.team_leeg"),
        notes=PROSE("kickoff.team_notitie"),
    )
    table_slides(
        deck,
        PROSE("kickoff.sessies_titel"),
        PROSE.lines("kickoff.sessies_kop"),
        [
            (_v(_sessie_kind(s)), _when(s, in_table=True), _where(s), ", ".join(s.mijlpalen) or "\u2014")
            for s in context.sessies
        ],
        (3, 2.5, 2.5, 2.5),
        empty=PROSE("kickoff.sessies_leeg"),
        notes=PROSE("kickoff.sessies_notitie"),
    )
    items = _items("kickoff.vragen")
    contact = context.projectleider or context.contact.name
    if contact:  # without a name the line would only say "nog in te vullen"
        items.append(Item(PROSE("kickoff.contact", naam=contact)))
    text_slide(deck, PROSE("kickoff.vragen_titel"), items, PROSE("kickoff.vragen_notitie"))


def _kickoff_why(deck: _Deck, context: DocumentContext) -> None:
    reasons = [Item(reason, level=1) for reason in context.reasons]
    if context.reason_note:
        reasons.append(Item(context.reason_note, level=1))
    heading = [Item("", label=PROSE("kickoff.aanleiding"))] if reasons else []  # no heading over nothing
    text_slide(
        deck,
        PROSE("kickoff.waarom_titel"),
        [*_items("kickoff.waarom", gemeente=_v(context.gemeente)), *heading, *reasons],
        PROSE("kickoff.waarom_notitie"),
    )


def _kickoff_what(deck: _Deck, context: DocumentContext) -> None:
    """The scope, mijlpalen, rol and spoor on one slide; when the mijlpalen would make that slide shrink its text
    (a whole route has eight), they get a slide of their own in full size and this one says how many there are."""
    mijlpalen = [Item(f"{m.number}. {_v(m.label)}", level=1) for m in context.mijlpalen] or [
        Item(PROSE("kickoff.geen_mijlpalen"), level=1)
    ]
    if context.rol:
        rol = context.rol
    else:
        rol = MISSING if context.scope_selection == "een_rol" else PROSE("kickoff.alle_rollen")
    scope = [
        Item(_v(context.scope_label), label=PROSE("kickoff.reikwijdte")),
        *([Item(context.scope_description, level=1)] if context.scope_description else []),
    ]
    rest = [Item(rol, label=PROSE("kickoff.rol")), Item(_v(context.spoor), label=PROSE("kickoff.spoor"))]
    together = [*scope, Item("", label=PROSE("kickoff.mijlpalen")), *mijlpalen, *rest]
    if _fits(deck, TEXT_LAYOUT, together):
        text_slide(deck, PROSE("kickoff.wat_titel"), together, PROSE("kickoff.wat_notitie"))
        return
    summary = Item(PROSE("kickoff.mijlpalen_aantal", aantal=len(context.mijlpalen)), label=PROSE("kickoff.mijlpalen"))
    text_slide(deck, PROSE("kickoff.wat_titel"), [*scope, summary, *rest], PROSE("kickoff.wat_notitie"))
    text_slide(
        deck,
        PROSE("kickoff.mijlpalen_titel"),
        [Item(item.text) for item in mijlpalen],
        PROSE("kickoff.mijlpalen_notitie"),
    )


def _fits(deck: _Deck, layout: str, items: Sequence[Item]) -> bool:
    """Whether a text slide of `layout` shows `items` at full size (the estimate of _shrink_hint)."""
    _, _, width, height = deck.content_area[layout]
    return _font_scale([f"{item.label}: {item.text}" for item in items], width, height, 24) >= 1.0


def _timeline_rows(context: DocumentContext) -> tuple[list[TimelineRow], list[TimelineRow]]:
    """The phases as bars, and the sessies on their day in date order."""
    phases = [TimelineRow(f"{p.number}. {_v(p.label)}", p.start, p.last_day) for p in context.phases]
    sessies = sorted(context.sessies, key=lambda s: (s.on_date, s.start_time))
    return phases, [TimelineRow(_v(s.title), s.on_date, s.on_date, is_sessie=True) for s in sessies]
