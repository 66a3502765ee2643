"""The resultatensessie deck: where the project stands, its themes and findings, the actions now and later,
two charts per theme, and the decisions still needed.
"""

from __future__ import annotations

import math

from pptx.enum.chart import XL_CHART_TYPE

from ... import formatting
from ..context import MISSING, DocumentContext, FindingInfo
from .deck import _Deck
from .markup import _v
from .pieces import _central_question_slide, _find_sessie, _items, _sessie_kind, _sessie_subtitle, datum, euro
from .prose import PROSE
from .slide_kinds import Item, chart_slide, text_slide, title_slide
from .tables import _plans_in_one_size, table_slides

NO_THEME = "Zonder thema"  # the group builder.py adds for what has no theme (actions.services.NO_THEME_LABEL)

EURO_FORMAT = "€ #,##0"
COUNT_FORMAT = "0;-0;;@"  # a zero shows as nothing, so empty bars carry no "0" label


def results_deck(deck: _Deck, context: DocumentContext, sessie_id: int | None) -> None:
    sessie = _find_sessie(context, sessie_id, lambda s: s.purpose == "resultaten")
    title_slide(
        deck,
        PROSE("resultaten.titel", project=_v(context.project_name)),
        _sessie_subtitle(context, sessie),
        PROSE("resultaten.titel_notitie"),
    )
    _central_question_slide(deck, context)
    text_slide(deck, PROSE("resultaten.stand_titel"), _where_we_stand(context), PROSE("resultaten.stand_notitie"))
    _results_themes(deck, context)
    _results_actions(deck, context)
    _theme_charts(deck, context)
    table_slides(
        deck,
        PROSE("resultaten.besluiten_titel"),
        PROSE.lines("resultaten.besluiten_kop"),
        [(_v(a.title), _v(a.theme), euro(a.budget, MISSING), _v(a.decision)) for a in context.decisions_needed],
        (4, 2, 1.5, 2.5),
        empty=PROSE("resultaten.besluiten_leeg"),
        notes=PROSE("resultaten.besluiten_notitie"),
    )
    text_slide(deck, PROSE("resultaten.verder_titel"), _items("resultaten.verder"), PROSE("resultaten.verder_notitie"))


def _results_themes(deck: _Deck, context: DocumentContext) -> None:
    table_slides(
        deck,
        PROSE("resultaten.themas_titel"),
        PROSE.lines("resultaten.themas_kop"),
        [
            (_v(t.name), t.description, str(len(t.findings)), str(len(t.actions)), euro(t.budget))
            for t in context.themes
        ],
        (2, 3.8, 1.5, 1, 1.7),
        empty=PROSE("resultaten.themas_leeg"),
        notes=PROSE("resultaten.themas_notitie"),
    )
    source = _finding_sources(context)
    themes = [t for t in context.themes if t.findings]  # a theme without findings has no slide of its own
    header, weights = PROSE.lines("resultaten.thema_kop"), (5, 2, 3)
    tables = [
        [(_v(f.text), f.mijlpaal or "\u2014", source.get(f) or _v(f.session)) for f in theme.findings]
        for theme in themes
    ]
    plans = _plans_in_one_size(deck, header, tables, weights)  # one theme after the other: they look alike
    for theme, rows, plan in zip(themes, tables, plans, strict=True):
        table_slides(
            deck,
            PROSE("resultaten.thema_titel", thema=_v(theme.name)),
            header,
            rows,
            weights,
            empty=PROSE("resultaten.thema_leeg"),
            notes=PROSE("resultaten.thema_notitie"),
            plan=plan,
        )


def _finding_sources(context: DocumentContext) -> dict[FindingInfo, str]:
    """Where each finding came from, as the results deck shows it next to the finding's mijlpaal: the kind of
    sessie and its date ("Sessie met inwoners" over "10 september 2026"), not a made-up title that names the
    mijlpalen again."""
    return {
        finding: PROSE("resultaten.uit_sessie", sessie=_sessie_kind(sessie), datum=datum(sessie.on_date, MISSING))
        for sessie in context.sessies
        for finding in sessie.findings
    }


def _results_actions(deck: _Deck, context: DocumentContext) -> None:
    def action_rows(actions):
        return [
            (_v(a.title), _v(a.theme), _v(a.owner), datum(a.deadline, MISSING), euro(a.budget, MISSING))
            for a in actions
        ]

    header = PROSE.lines("resultaten.acties_kop")
    weights = (3.7, 2, 2, 1.7, 1.8)  # room for "€ 45.000,00" and "Samenwerken" in large text
    open_choice = [a for a in context.actions if a.timing_key not in ("quick_win", "later")]
    tables = {
        key: action_rows(actions) for key, actions in (("quick_wins", context.quick_wins), ("later", context.later))
    }
    if open_choice:
        tables["open"] = action_rows(open_choice)
    plans = _plans_in_one_size(deck, header, list(tables.values()), weights)  # the action tables look alike
    for (key, rows), plan in zip(tables.items(), plans, strict=True):
        table_slides(
            deck,
            PROSE(f"resultaten.{key}_titel"),
            header,
            rows,
            weights,
            empty=PROSE(f"resultaten.{key}_leeg") if key != "open" else "",
            notes=PROSE(f"resultaten.{key}_notitie"),
            plan=plan,
        )


def _where_we_stand(context: DocumentContext) -> list[Item]:
    """The figures so far, each only when there is something to count (no "0 sessies, 0 bevindingen")."""
    aantal = formatting.aantal
    findings = sum(len(s.findings) for s in context.sessies)
    themes = sum(1 for t in context.themes if t.name != NO_THEME)
    items = []
    if context.sessies:
        line = PROSE("resultaten.sessies", sessies=aantal(len(context.sessies), "sessie", "sessies"))
        if findings:
            line = PROSE(
                "resultaten.met_bevindingen",
                sessies=line,
                bevindingen=aantal(findings, "bevinding", "bevindingen"),
            )
            if themes:
                line = PROSE("resultaten.gebundeld", regel=line, themas=aantal(themes, "thema", "thema's"))
        items.append(Item(PROSE("resultaten.zin", regel=line)))
    else:
        items.append(Item(PROSE("resultaten.nog_geen_sessies")))
    if context.actions:
        actions = aantal(len(context.actions), "actie", "acties")
        items.append(Item(PROSE("resultaten.acties", acties=actions, bedrag=euro(context.actions_budget))))
    if context.budget_for_actions is not None:  # the start budget and what was decided for the actions
        items.append(Item(euro(context.budget_for_actions), label=PROSE("resultaten.besloten_budget")))
    items.append(Item(PROSE("resultaten.vandaag")))
    return items


def _theme_charts(deck: _Deck, context: DocumentContext) -> None:
    themes = [t for t in context.themes if t.actions or t.budget]
    if not themes:
        text_slide(
            deck,
            PROSE("resultaten.grafiek_titel"),
            [Item(PROSE("resultaten.grafiek_leeg"))],
            PROSE("resultaten.grafiek_leeg_notitie"),
        )
        return
    names = [_v(t.name) for t in themes]
    chart_slide(
        deck,
        PROSE("resultaten.budget_titel"),
        names,
        [(PROSE("resultaten.budget_reeks"), [float(t.budget) for t in themes])],
        EURO_FORMAT,
        major_unit=_axis_step(max(float(t.budget) for t in themes)),
        notes=PROSE("resultaten.budget_notitie"),
    )
    undecided = [sum(1 for a in t.actions if a.timing_key not in ("quick_win", "later")) for t in themes]
    series = [
        (PROSE("resultaten.reeks_nu"), [t.quick_wins for t in themes]),
        (PROSE("resultaten.reeks_later"), [t.later for t in themes]),
    ]
    if any(undecided):
        series.append((PROSE("resultaten.reeks_open"), undecided))
    chart_slide(
        deck,
        PROSE("resultaten.aantal_titel"),
        names,
        series,
        COUNT_FORMAT,
        # upright columns: every program lists their legend in the order of the series (quick wins first);
        # for horizontal bars LibreOffice turns the legend round
        chart_type=XL_CHART_TYPE.COLUMN_CLUSTERED,
        major_unit=_axis_step(max(max(values) for _, values in series), whole=True),
        notes=PROSE("resultaten.aantal_notitie"),
    )


AXIS_TICKS = 5  # at most this many steps on a chart's value axis, so its labels stay apart


def _axis_step(largest: float, *, whole: bool = False) -> float | None:
    """A round step for a value axis (1, 2, 2.5 or 5 times a power of ten) that gives at most AXIS_TICKS
    steps up to `largest`; `whole` for counts (a step of at least 1, and no halves). None (the program
    chooses) when there is nothing to show."""
    if largest <= 0:
        return 1 if whole else None
    rough = largest / AXIS_TICKS
    power = 10 ** math.floor(math.log10(rough))
    step = next(power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= rough)
    return max(1, math.ceil(step)) if whole else step
