"""Word documents: a DocumentContext poured into a .docx template with docxtpl.

The templates in docx_templates/ are ordinary Word files with Jinja placeholders that a
communicatieadviseur can restyle; docx_templates/README.md lists every placeholder and filter.

Every render runs in a Jinja sandbox with autoescape on and StrictUndefined:
- autoescape, because docxtpl pastes values into the document XML as they are: a `&` or `<` in user text
  would otherwise make the XML invalid, and docxtpl's recovering parser then silently drops content;
- the sandbox, because a template is a program, and gemeenten upload their own: `{{ ''.__class__ }}` and
  the like raise SecurityError instead of reaching Python internals;
- StrictUndefined, because a misspelt placeholder must fail loudly, not print nothing.

Newlines in user text become line breaks in Word: docxtpl turns a "\\n" inside a rendered text run into
`<w:br/>` (its `resolve_listing` step), after escaping, so the text stays escaped. `_finalize` makes
every printed value safe for that step and for XML (control characters out, Windows newlines in).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from ..formatting import MAANDEN
from ..formatting import datum as _datum
from ..formatting import euro as _euro
from ..inputs import clean_text
from .context import MISSING, ActionInfo, DocumentContext, SessieInfo
from .sample import sample_context

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "docx_templates"

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
NO_DEADLINE = "Zonder deadline"

# Longest string or sequence a template may build with `*` (a guard against `{{ 'x' * 10**9 }}`).
MAX_PRODUCT_LENGTH = 100_000
# Filters that produce markup and so would bypass the escaping; a template using them does not parse.
UNSAFE_FILTERS = ("safe", "urlize", "xmlattr")

# Printed text passes inputs.clean_text: it drops what XML 1.0 cannot hold (docxtpl's paragraph and page
# markers \a and \f too) and turns Windows, old Mac and Word's pasted line breaks into "\n".

# --- Dutch filters ----------------------------------------------------------------------------------


def ingevuld(value: Any, missing: str = MISSING) -> Any:
    """The value, or "nog in te vullen" when it is None, blank or an empty list."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return missing
    if isinstance(value, (tuple, list)) and not value:
        return missing
    return value


def datum(value: date | None) -> str:
    """3 maart 2026"""
    return _datum(value, missing=MISSING)


def weekdag(value: date | None) -> str:
    """maandag"""
    return MISSING if value is None else WEEKDAGEN[value.weekday()]


def tijd(value: time | datetime | None) -> str:
    """13:30"""
    return MISSING if value is None else f"{value.hour:02d}:{value.minute:02d}"


def euro(value: Decimal | int | None) -> str:
    """€ 12.345,50"""
    return _euro(value, missing=MISSING)


def uren(value: Decimal | int | float | None) -> str:
    """4,5 and 1.280: a number the Dutch way, without trailing zeros."""
    if value is None:
        return MISSING
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    whole, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if number < 0 else "") + grouped + (f",{fraction}" if fraction else "")


def duur(minutes: int | None) -> str:
    """90 -> "1 uur en 30 minuten"; 120 -> "2 uur"; 45 -> "45 minuten"."""
    if minutes is None:
        return MISSING
    hours, rest = divmod(int(minutes), 60)
    parts = ([f"{hours} uur"] if hours else []) + ([f"{rest} minuten"] if rest or not hours else [])
    return " en ".join(parts)


def ja_nee(value: Any) -> str:
    if value is None:
        return MISSING
    return "ja" if value else "nee"


FILTERS: dict[str, Callable[..., Any]] = {
    "ingevuld": ingevuld,
    "datum": datum,
    "weekdag": weekdag,
    "tijd": tijd,
    "euro": euro,
    "uren": uren,
    "duur": duur,
    "ja_nee": ja_nee,
}


def _finalize(value: Any) -> Any:
    """What `{{ value }}` prints before escaping: Dutch dates and numbers, None as "nog in te vullen"."""
    if value is None:
        return MISSING
    if isinstance(value, Markup):  # escaped already (e.g. by `join`); still drop invalid characters
        return Markup(clean_text(str(value)))
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return ja_nee(value)
    if isinstance(value, datetime):
        return f"{datum(value)}, {tijd(value)}"
    if isinstance(value, date):
        return datum(value)
    if isinstance(value, time):
        return tijd(value)
    if isinstance(value, Decimal):
        return uren(value)
    return value


# --- the environment --------------------------------------------------------------------------------


class DocumentEnvironment(SandboxedEnvironment):
    """The sandbox all Word templates render in; see the module docstring for why."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, finalize=_finalize)
        self.filters.update(FILTERS)
        for name in UNSAFE_FILTERS:
            self.filters.pop(name, None)
        # range() is gone too: two nested range(100000) loops would keep a worker busy for hours, and
        # the documents only loop over the project's own (bounded) data.
        for name in ("lipsum", "cycler", "joiner", "range"):
            self.globals.pop(name, None)

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for node in tree.find_all((nodes.EvalContextModifier, nodes.ScopedEvalContextModifier)):
            raise TemplateSyntaxError(
                "{% autoescape %} is in een sjabloon niet toegestaan", node.lineno, name, filename
            )
        return tree

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            raise SecurityError("machtsverheffen (**) is in een sjabloon niet toegestaan")
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
                if len(sequence) * count > MAX_PRODUCT_LENGTH:
                    raise SecurityError("de tekst of lijst die het sjabloon maakt is te lang")
        return super().call_binop(context, operator, left, right)


class _WordTemplate(DocxTemplate):
    def render_properties(self, context, jinja_env=None):
        # The document properties (title, subject, ...) are set through python-docx, which escapes them
        # itself; escaping here as well would show "A &amp; B" as the title.
        super().render_properties(context, jinja_env.overlay(autoescape=False))


# --- per-document variables -------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthGroup:
    """Actions whose deadline falls in one month, for the timeline of the implementatieplan."""

    label: str  # "april 2026" or "Zonder deadline"
    actions: tuple[ActionInfo, ...]


COMMON = (
    "today",
    "gemeente",
    "project_name",
    "scope_label",
    "scope_description",
    "rol",
    "spoor",
    "central_question",
    "start_date",
    "projectleider",
    "opdrachtgever",
    "opdrachtnemer",
)


def _common(context: DocumentContext) -> dict[str, Any]:
    return {name: getattr(context, name) for name in COMMON}


def _profiel_projectleider(context: DocumentContext, item: int | None) -> dict[str, Any]:
    total_weeks = sum(p.weeks for p in context.phases)
    per_week = None
    if context.decided_hours is not None and total_weeks:
        per_week = (Decimal(context.decided_hours) / total_weeks).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return {
        **_common(context),
        "mijlpalen": context.mijlpalen,
        "phases": context.phases,
        "team": context.team,
        "decided_hours": context.decided_hours,
        "decided_budget": context.decided_budget,
        "total_weeks": total_weeks,
        "end_date": context.phases[-1].last_day if context.phases else None,
        "hours_per_week": per_week,
    }


def _projectplan(context: DocumentContext, item: int | None) -> dict[str, Any]:
    return {
        **_common(context),
        "reasons": context.reasons,
        "reason_note": context.reason_note,
        "mijlpalen": context.mijlpalen,
        "phases": context.phases,
        "team": context.team,
        "plan": context.plan,
        "decisions": context.decisions,
        "decided_budget": context.decided_budget,
        "decided_hours": context.decided_hours,
        "sessions": context.sessies,
    }


def _aanpak_planning(context: DocumentContext, item: int | None) -> dict[str, Any]:
    return {
        **_common(context),
        "mijlpalen": context.mijlpalen,
        "phases": context.phases,
        # the template variable for the phase in which the sessions are held (named after it)
        "uitvoering": next((p for p in context.phases if p.holds_sessions), None),
        "sessions": context.sessies,
    }


def _chosen_sessie(context: DocumentContext, item: int | None) -> SessieInfo | None:
    """The sessie with id `item`; without one the first sessie (for trying out a template)."""
    if item is None:
        return context.sessies[0] if context.sessies else None
    sessie = context.sessie(item)
    if sessie is None:
        raise LookupError(f"Het project heeft geen sessie met nummer {item}.")
    return sessie


def _uitnodiging(context: DocumentContext, item: int | None) -> dict[str, Any]:
    return {**_common(context), "session": _chosen_sessie(context, item)}


def _timeline(actions: tuple[ActionInfo, ...]) -> tuple[MonthGroup, ...]:
    months: dict[tuple[int, int], list[ActionInfo]] = {}
    dated = [(a.deadline, a) for a in actions if a.deadline is not None]
    for deadline, action in sorted(dated, key=lambda pair: pair[0]):
        months.setdefault((deadline.year, deadline.month), []).append(action)
    groups = [MonthGroup(f"{MAANDEN[m - 1]} {y}", tuple(a)) for (y, m), a in months.items()]
    undated = tuple(a for a in actions if a.deadline is None)
    return tuple(groups) + ((MonthGroup(NO_DEADLINE, undated),) if undated else ())


def _implementatieplan(context: DocumentContext, item: int | None) -> dict[str, Any]:
    difference = None
    if context.decided_budget is not None:
        difference = context.decided_budget - context.actions_budget
    return {
        **_common(context),
        "mijlpalen": context.mijlpalen,
        "themes": context.themes,
        "actions": context.actions,
        "actions_budget": context.actions_budget,
        "quick_wins": context.quick_wins,
        "later": context.later,
        "decisions_needed": context.decisions_needed,
        "decided_budget": context.decided_budget,
        "budget_difference": difference,
        "timeline": _timeline(context.actions),
    }


def _opdrachtomschrijving(context: DocumentContext, item: int | None) -> dict[str, Any]:
    """All regular tasks, or only the one at index `item`."""
    if item is None:
        tasks = context.tasks
    elif 0 <= item < len(context.tasks):
        tasks = (context.tasks[item],)
    else:
        raise LookupError(f"Het project heeft geen reguliere taak met nummer {item + 1}.")
    return {
        **_common(context),
        "tasks": tasks,
        "hours_per_year": sum((t.hours_per_year for t in tasks), Decimal(0)),
        "decisions": context.decisions,
    }


BUILDERS: dict[str, Callable[[DocumentContext, int | None], dict[str, Any]]] = {
    "profiel_projectleider": _profiel_projectleider,
    "projectplan": _projectplan,
    "aanpak_planning": _aanpak_planning,
    "uitnodiging_inwoners": _uitnodiging,
    "uitnodiging_collegas": _uitnodiging,
    "implementatieplan": _implementatieplan,
    "opdrachtomschrijving": _opdrachtomschrijving,
}
WORD_TEMPLATE_KEYS = tuple(BUILDERS)


def _builder(document_key: str):
    try:
        return BUILDERS[document_key]
    except KeyError:
        raise KeyError(f"Geen Word-sjabloon met de naam {document_key!r}.") from None


def template_context(document_key: str, context: DocumentContext, item: int | None = None) -> dict[str, Any]:
    """The variables a template of this kind gets: plain values and the context's frozen dataclasses."""
    return _builder(document_key)(context, item)


# --- public API -------------------------------------------------------------------------------------


def word_template_path(document_key: str) -> Path:
    """The standard template shipped with the tool."""
    _builder(document_key)
    return TEMPLATE_DIR / f"{document_key}.docx"


def placeholders_for(document_key: str) -> set[str]:
    """The variable names a template of this kind may use (the filters are not variables)."""
    return set(template_context(document_key, sample_context()))  # a full context: every key its builder gives


def render_word(template: bytes | Path, document_key: str, context: DocumentContext, item: int | None = None) -> bytes:
    """Fill `template` with the project's values; returns the .docx file.

    `item` is the sessie id for the invitations and the task index for opdrachtomschrijving (None: the
    first sessie / all tasks). Raises LookupError for an unknown item, and jinja2's TemplateError
    (UndefinedError, SecurityError, TemplateSyntaxError) for a template that asks for what it may not.
    """
    variables = template_context(document_key, context, item)
    source = io.BytesIO(template) if isinstance(template, (bytes, bytearray)) else template
    document = _WordTemplate(source)
    document.render(variables, DocumentEnvironment())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def template_variables(docx_bytes: bytes) -> set[str]:
    """The variables a .docx template uses (body, headers, footers, footnotes, document properties).

    Jinja's own globals (`range`, `namespace`, `dict`) are left out; they are not placeholders.
    """
    env = DocumentEnvironment()
    template = DocxTemplate(io.BytesIO(docx_bytes))
    used = set(template.get_undeclared_template_variables(env))
    # docxtpl renders footnotes and the core properties too, but does not list their variables.
    docx = Document(io.BytesIO(docx_bytes))
    extra = [
        getattr(docx.core_properties, p) or ""
        for p in ("author", "comments", "identifier", "language", "subject", "title")
    ]
    for part in docx.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            extra.append(template.patch_xml(part.blob.decode("utf-8")))
    for source in extra:
        used |= meta.find_undeclared_variables(env.parse(source))
    return used - set(env.globals)
