"""Shared pieces of the decks: a sessie's date, place and mijlpalen, and the slides more than one deck shows.

Values that are not filled in show as MISSING ("nog in te vullen").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ... import formatting
from ..context import MISSING, DocumentContext, MijlpaalInfo, SessieInfo
from .deck import _Deck
from .markup import _v
from .prose import PROSE
from .slide_kinds import Item, statement_slide
from .tables import table_slides

# Documents keep a plain space in dates and amounts (as word.py does); the no-break space is for pages.
datum = partial(formatting.datum, space=" ")
euro = partial(formatting.euro, space=" ")


def _when(sessie: SessieInfo | None, *, in_table: bool = False) -> str:
    """The sessie's date and hours; in a table cell on two lines, so the hours do not break at their dash."""
    if sessie is None:
        return PROSE("algemeen.datum_onbekend", datum=MISSING)
    fields = {
        "datum": datum(sessie.on_date, MISSING),
        "begin": f"{sessie.start_time:%H:%M}",
        "eind": f"{sessie.end_time:%H:%M}",
    }
    return PROSE("algemeen.tijd_in_tabel", **fields) if in_table else PROSE("algemeen.tijd", **fields)


def _where(sessie: SessieInfo) -> str:
    if sessie.is_online:
        online = PROSE("algemeen.online")
        return f"{online}: {sessie.online_url}" if sessie.online_url else online
    return _v(sessie.location)


def _sessie_kind(sessie: SessieInfo) -> str:
    """The sessie's name where its mijlpalen are shown next to it: a title the tool made ("Sessie met inwoners:
    Op zoek, In beeld") would say the mijlpalen twice, so it is only the kind of sessie; a user's own title stays."""
    return sessie.title if sessie.has_own_title else sessie.type_label


def _sessie_subtitle(context: DocumentContext, sessie: SessieInfo | None, *, project: bool = False) -> list[str]:
    """Gemeente, date and place; without a sessie (none planned yet) only the gemeente, not an empty date.
    With `project` the project's name too: a sessie's own title does not say which project it belongs to."""
    lines = [PROSE("algemeen.gemeente", gemeente=_v(context.gemeente))]
    if project and context.project_name.strip():
        lines.append(PROSE("algemeen.project", project=context.project_name))
    if sessie is not None:
        lines += [_when(sessie), PROSE("algemeen.plaats", plaats=_where(sessie))]
    return lines


def _sessie_mijlpalen(context: DocumentContext, sessie: SessieInfo | None) -> list[tuple[str, MijlpaalInfo | None]]:
    """(label, the project's MijlpaalInfo or None) for each mijlpaal of the sessie; without a sessie the
    project's own mijlpalen."""
    by_key = {m.key: m for m in context.mijlpalen}
    if sessie is None:
        return [(m.label, m) for m in context.mijlpalen]
    return [(label, by_key.get(key)) for key, label in zip(sessie.mijlpaal_keys, sessie.mijlpalen, strict=True)]


def _mijlpaal_title(label: str, info: MijlpaalInfo | None) -> str:
    if info is None:
        return PROSE("algemeen.mijlpaal_zonder_nummer", mijlpaal=_v(label))
    return PROSE("algemeen.mijlpaal_titel", nummer=info.number, mijlpaal=_v(label))


def _agreements_slide(deck: _Deck, sessie: SessieInfo | None) -> None:
    rows = [
        (_v(a.who), _v(a.kind), a.description, datum(a.due_date, MISSING))
        for a in (sessie.agreements if sessie else ())
    ]
    table_slides(
        deck,
        PROSE("afspraken.titel"),
        PROSE.lines("afspraken.kop"),
        rows,
        (2, 2, 3, 1.5),
        empty=PROSE("afspraken.leeg"),
        notes=PROSE("afspraken.notitie"),
    )


def _central_question_slide(deck: _Deck, context: DocumentContext) -> None:
    """The central question as a statement on its own slide; a project without one gets no slide."""
    if context.central_question.strip():
        statement_slide(deck, context.central_question, PROSE("algemeen.centrale_vraag_notitie"))


def _find_sessie(
    context: DocumentContext, sessie_id: int | None, default: Callable[[SessieInfo], bool]
) -> SessieInfo | None:
    """The sessie asked for (ValueError when it is not the project's), else the first that fits `default`."""
    if sessie_id is not None:
        sessie = context.sessie(sessie_id)
        if sessie is None:
            raise ValueError(f"Sessie {sessie_id} hoort niet bij dit project.")
        return sessie
    return next((s for s in context.sessies if default(s)), None)


def _items(key: str, **fields: object) -> list[Item]:
    """A list of texts of presentaties.toml as the paragraphs of a text slide."""
    return [Item(line) for line in PROSE.lines(key, **fields)]
