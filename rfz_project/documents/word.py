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
import re
import time as _time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, is_dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import CodeType
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2 import filters as jinja_filters
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree
from markupsafe import Markup

from ..formatting import MAANDEN
from ..formatting import datum as _datum
from ..formatting import euro as _euro
from ..inputs import clean_text
from . import context as context_module
from . import gantt
from .context import MISSING, ActionInfo, DocumentContext, PhaseInfo, SessieInfo
from .sample import sample_context

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "docx_templates"

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
NO_DEADLINE = "Zonder deadline"

# Longest string or sequence a template may build with `*` (a guard against `{{ 'x' * 10**9 }}`).
MAX_PRODUCT_LENGTH = 100_000
# The budget of one render, so that no template (and no data it branches on) can tie up a worker:
MAX_TEXT_LENGTH = 200_000  # longest string built with `+`, `~`, `%`, join, replace and the like
MAX_WIDTH = 200  # widest padding or precision: center, ljust, zfill, indent, '%0200000000d', '{:>999999}'
MAX_OUTPUT_LENGTH = 20_000_000  # characters of document XML a render may produce, over all its parts
MAX_STEPS = 500_000  # loop iterations and calls
MAX_SECONDS = 5.0
TOO_HEAVY = (
    "Dit sjabloon vraagt te veel rekenwerk; het maakt te veel of te lange tekst. Pas het sjabloon aan "
    "(bijvoorbeeld een lus of een herhaalde tekst) of zet de standaardversie terug."
)
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
    return _datum(value, missing=MISSING, space=" ")  # documents keep a plain space


def weekdag(value: date | None) -> str:
    """maandag"""
    return MISSING if value is None else WEEKDAGEN[value.weekday()]


def tijd(value: time | datetime | None) -> str:
    """13:30"""
    return MISSING if value is None else f"{value.hour:02d}:{value.minute:02d}"


def euro(value: Decimal | int | None) -> str:
    """€ 12.345,50, with a no-break space: Word and LibreOffice never put the € and its amount on two lines."""
    return _euro(value, missing=MISSING)


def saldo(value: Decimal | int | None) -> str:
    """A difference said in words, as a directie reads it: "tekort € 34.500,00", "overschot € 500,00"."""
    if value is None:
        return MISSING
    if value < 0:
        return f"tekort {euro(-value)}"
    if value > 0:
        return f"overschot {euro(value)}"
    return "geen tekort en geen overschot"


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
    "saldo": saldo,
    "uren": uren,
    "duur": duur,
    "ja_nee": ja_nee,
}


class TemplateTooHeavy(SecurityError):
    """A render went over its budget (time, steps, text length, width or output); the message is Dutch."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(TOO_HEAVY)
        self.detail = detail


def _check_width(*numbers: Any) -> None:
    for number in numbers:
        if isinstance(number, int) and not isinstance(number, bool) and abs(number) > MAX_WIDTH:
            raise TemplateTooHeavy(f"breedte {number}")


def _check_length(length: int) -> None:
    if length > MAX_TEXT_LENGTH:
        raise TemplateTooHeavy(f"tekst van {length} tekens")


# Printf-style (`%05d`, `%.3f`) and str.format (`{:>10}`) specifications: their widths and precisions.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d*)(?:\.(\*|\d*))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*?(?::([^{}]*))?\}")


def _check_format_string(text: str, style: str) -> None:
    if style == "%":
        for width, precision in _PERCENT_SPEC.findall(text):
            if "*" in (width, precision):
                raise TemplateTooHeavy("breedte uit een argument")
            _check_width(*(int(n) for n in (width, precision) if n))
    else:
        if re.search(r"\{[^{}]*:[^{}]*\{", text):
            raise TemplateTooHeavy("geneste opmaak")
        for spec in _FORMAT_SPEC.findall(text):
            _check_width(*(int(n) for n in re.findall(r"\d+", spec)))


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> str:
    _check_format_string(str(value), "%")
    return jinja_filters.do_format(value, *args, **kwargs)


def _center_filter(value: Any, width: int = 80) -> str:
    _check_width(width)
    return jinja_filters.do_center(value, width)


def _indent_filter(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    _check_width(width if isinstance(width, int) else len(width))
    _check_length(len(str(s)) * 2)
    return jinja_filters.do_indent(s, width, first, blank)


def _wordwrap_filter(environment, s: Any, width: int = 79, *args: Any, **kwargs: Any) -> str:
    _check_length(len(str(s)) * 2)
    return jinja_filters.do_wordwrap(environment, s, width, *args, **kwargs)


_wordwrap_filter.jinja_pass_arg = jinja_filters.do_wordwrap.jinja_pass_arg  # type: ignore[attr-defined]


def _join_filter(eval_ctx, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    items = list(value)
    _check_length(sum(len(str(i)) for i in items) + len(str(d)) * len(items))
    return jinja_filters.do_join(eval_ctx, items, d, attribute)


_join_filter.jinja_pass_arg = jinja_filters.do_join.jinja_pass_arg  # type: ignore[attr-defined]


def _replace_filter(eval_ctx, s: Any, old: str, new: str, count: int | None = None) -> str:
    text = str(s)
    _check_length(len(text) + len(str(new)) * (text.count(str(old)) + 1))
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


_replace_filter.jinja_pass_arg = jinja_filters.do_replace.jinja_pass_arg  # type: ignore[attr-defined]


def _slice_filter(value: Any, slices: int, fill_with: Any = None) -> Any:
    _check_width(slices)
    return jinja_filters.do_slice(value, slices, fill_with)


BOUNDED_FILTERS: dict[str, Callable[..., Any]] = {
    "slice": _slice_filter,
    "format": _format_filter,
    "center": _center_filter,
    "indent": _indent_filter,
    "wordwrap": _wordwrap_filter,
    "join": _join_filter,
    "replace": _replace_filter,
}
# str methods whose integer arguments are widths, and those that can multiply a text's length
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


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


class _BoundedCodeGenerator(CodeGenerator):
    """Every `~` concatenation goes through the environment's length check."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.bounded_text(")
        super().visit_Concat(node, frame)
        self.write(")")


class DocumentEnvironment(SandboxedEnvironment):
    """The sandbox all Word templates render in; see the module docstring for why.

    One environment serves one render (render_word makes a new one), and holds that render's budget:
    MAX_SECONDS, MAX_STEPS (loop iterations and calls), MAX_OUTPUT_LENGTH, and per string
    MAX_TEXT_LENGTH and MAX_WIDTH. Going over any raises TemplateTooHeavy.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, finalize=_finalize)
        self.filters.update(FILTERS)
        self.filters.update(BOUNDED_FILTERS)
        self.globals["_rfz_loop"] = self._bounded_loop
        self._deadline = _time.monotonic() + MAX_SECONDS
        self._steps = 0
        self._output = 0
        for name in UNSAFE_FILTERS:
            self.filters.pop(name, None)
        # range() is gone too: two nested range(100000) loops would keep a worker busy for hours, and
        # the documents only loop over the project's own (bounded) data.
        for name in ("lipsum", "cycler", "joiner", "range"):
            self.globals.pop(name, None)

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - jinja's own signature
        """Jinja's from_string, with the compiled code kept per source: compiling a template's XML is most of a
        render's time, and a template gives the same XML every time. The code holds no environment (the new
        Template gets this render's, with its budget), and its source passed `_parse`'s checks when compiled."""
        code = _compiled(self, source) if isinstance(source, str) else self.compile(source)
        return (template_class or self.template_class).from_code(self, code, self.make_globals(globals), None)

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for node in tree.find_all((nodes.EvalContextModifier, nodes.ScopedEvalContextModifier)):
            raise TemplateSyntaxError(
                "{% autoescape %} is in een sjabloon niet toegestaan", node.lineno, name, filename
            )
        for loop in tree.find_all(nodes.For):  # every loop counts its iterations against the budget
            loop.iter = nodes.Call(nodes.Name("_rfz_loop", "load"), [loop.iter], [], None, None, lineno=loop.lineno)
        return tree

    # --- the budget ---

    def _step(self) -> None:
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise TemplateTooHeavy("te veel herhalingen")
        if self._steps % 1000 == 0 and _time.monotonic() > self._deadline:
            raise TemplateTooHeavy("te lang bezig")

    def _bounded_loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self._step()
            yield item

    def bounded_text(self, text: Any) -> Any:
        if isinstance(text, str):
            _check_length(len(text))
        return text

    def concat(self, chunks: Iterable[str]) -> str:
        """What Template.render joins: the output of one part, counted against the whole render."""
        out = []
        for chunk in chunks:  # _step inlined: this loop runs for every piece of every document
            self._output += len(chunk)
            if self._output > MAX_OUTPUT_LENGTH:
                raise TemplateTooHeavy("te veel uitvoer")
            self._steps += 1
            if self._steps > MAX_STEPS:
                raise TemplateTooHeavy("te veel herhalingen")
            if self._steps % 1000 == 0 and _time.monotonic() > self._deadline:
                raise TemplateTooHeavy("te lang bezig")
            out.append(chunk)
        return "".join(out)

    def getattr(self, obj, attribute):
        """`{{ a.title }}`: for the context's own frozen dataclasses the sandbox's checks are skipped, since
        they always allow a name without a leading underscore on such an object (it is no function, type,
        frame or generator); asking them for every field was the largest part of a long document's render.
        Anything else, and every `_name`, goes through the sandbox as before."""
        if type(obj) in _PLAIN_TYPES and not attribute.startswith("_"):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def call_binop(self, context, operator, left, right):
        self._step()
        if operator == "**":
            raise SecurityError("machtsverheffen (**) is in een sjabloon niet toegestaan")
        if operator == "*":
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > 256:
                raise TemplateTooHeavy("te groot getal")  # squaring a number in a loop grows without end
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
                    if len(sequence) * count > MAX_PRODUCT_LENGTH:
                        raise SecurityError("de tekst of lijst die het sjabloon maakt is te lang")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _check_length(len(left) + len(right))
        if operator == "%" and isinstance(left, str):
            _check_format_string(left, "%")
            values = right if isinstance(right, tuple) else (right,)
            _check_length(len(left) + sum(len(str(v)) for v in values))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - the signature of jinja's hook
        __self._step()
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format in a function
        owner = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                _check_width(*args, *kwargs.values())
            elif name in ("format", "format_map"):
                _check_format_string(owner, "{")
                _check_length(len(owner) + sum(len(str(v)) for v in (*args, *kwargs.values())))
            elif name == "replace" and len(args) >= 2:
                _check_length(len(owner) + len(str(args[1])) * (owner.count(str(args[0])) + 1))
            elif name == "join" and args:
                items = list(args[0])
                _check_length(sum(len(str(i)) for i in items) + len(owner) * len(items))
                args = (items, *args[1:])
        return super().call(__context, __obj, *args, **kwargs)


def _dataclasses_of(*modules) -> frozenset[type]:
    found = (value for module in modules for value in vars(module).values())
    return frozenset(value for value in found if isinstance(value, type) and is_dataclass(value))


COMPILED_KEPT = 64  # the standard templates' parts and a few gemeenten's own, per process
_COMPILED: OrderedDict[str, CodeType] = OrderedDict()
_PATCHED: OrderedDict[str, str] = OrderedDict()


def _kept(kept: OrderedDict[str, Any], source: str, make: Callable[[str], Any]) -> Any:
    """What `make` gives for `source`, kept per process for the COMPILED_KEPT most recently used sources."""
    made = kept.get(source)
    if made is None:
        made = kept[source] = make(source)
        while len(kept) > COMPILED_KEPT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(source)
    return made


def _compiled(environment: DocumentEnvironment, source: str) -> CodeType:
    return _kept(_COMPILED, source, environment.compile)


# The table a template marks with this caption (Word: Tabeleigenschappen > Alternatieve tekst > Titel) is a
# timeline: its period columns share what the label columns leave of the table's width.
TIMELINE_CAPTION = "Tijdlijn"


_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # as docxtpl's resolve_listing finds them
_LISTING = re.compile("[\n\t\a\f]")


class _WordTemplate(DocxTemplate):
    timeline_periods = 0  # the period columns of this render's timeline (0: none)

    def fix_tables(self, xml):
        """docxtpl's fix_tables (the table grid made to match rows whose cells a `{%tc %}` loop made), in one
        pass over each table's rows instead of three; and the period columns of a timeline spread."""
        tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))  # as docxtpl parses it
        for table in tree.iter(_W_TBL):
            rows = [row.findall(_W_TC) for row in table.iter(_W_TR)]
            _fit_grid(table.find(_W_GRID), rows)
            if self.timeline_periods:
                caption = table.find(_W_CAPTION)
                if caption is not None and caption.get(_W_VAL) == TIMELINE_CAPTION:
                    _spread_period_columns(table, rows, self.timeline_periods)
        return tree

    def patch_xml(self, src_xml):
        """docxtpl's clean-up of a part's XML into a Jinja template (a dozen regexes over the whole part, a
        sixth of a render), kept per source: it depends on nothing but the XML, and a template gives the
        same XML every time."""
        return _kept(_PATCHED, src_xml, super().patch_xml)

    def resolve_listing(self, xml):
        """docxtpl's step that turns a newline (tab, \\a, \\f) in a text into Word's own, for the paragraphs
        that hold one: docxtpl runs three nested regexes over every paragraph, a third of a long document's
        render; a paragraph without such a character comes out the same, so it is left as it is."""
        if not _LISTING.search(xml):
            return xml
        resolve = super().resolve_listing
        return _PARAGRAPH.sub(lambda m: resolve(m.group(0)) if _LISTING.search(m.group(0)) else m.group(0), xml)

    def render_properties(self, context, jinja_env=None):
        # The document properties (title, subject, ...) are set through python-docx, which escapes them
        # itself; escaping here as well would show "A &amp; B" as the title.
        super().render_properties(context, jinja_env.overlay(autoescape=False))


_W_TBL, _W_TR, _W_TC, _W_TCPR, _W_TCW, _W_SPAN, _W_GRID, _W_GRIDCOL = (
    qn(f"w:{t}") for t in ("tbl", "tr", "tc", "tcPr", "tcW", "gridSpan", "tblGrid", "gridCol")
)
_W_W, _W_VAL, _W_TYPE = qn("w:w"), qn("w:val"), qn("w:type")
_W_CAPTION = f"{qn('w:tblPr')}/{qn('w:tblCaption')}"


def _fit_grid(grid, rows: list[list]) -> None:
    """What docxtpl's fix_tables does to one table: a grid column more for each cell a row has beyond the
    grid (all scaled to keep the table's width), and the grid columns no row reaches removed (their width
    shared by the others)."""
    if grid is None:
        return
    columns = grid.findall(_W_GRIDCOL)
    to_add = max((len(cells) for cells in rows), default=0) - len(columns)
    if to_add > 0:
        width = sum(float(c.get(_W_W)) for c in columns if c.get(_W_W) is not None)
        if width > 0:
            old_average, new_average = width / len(columns), width / (len(columns) + to_add)
            for column in columns:
                column.set(_W_W, str(int(float(column.get(_W_W)) * new_average / old_average)))
            for _ in range(to_add):
                etree.SubElement(grid, _W_GRIDCOL, {_W_W: str(int(new_average))})
        columns = grid.findall(_W_GRIDCOL)
    reached = max((sum(_cell_span(cell) for cell in cells) for cells in rows), default=0)
    to_remove = len(columns) - reached
    if to_remove > 0:
        removed = 0.0
        for column in columns[-to_remove:]:
            removed += float(column.get(_W_W))
            grid.remove(column)
        left = columns[:-to_remove]
        extra = int(removed / len(left)) if left else 0
        for column in left:
            column.set(_W_W, str(int(float(column.get(_W_W)) + extra)))


def _cell_span(cell) -> int:
    properties = cell.find(_W_TCPR)
    span = properties.find(_W_SPAN) if properties is not None else None
    return int(span.get(_W_VAL)) if span is not None else 1


def _spread_period_columns(table, rows: list[list], periods: int) -> None:
    """docxtpl gives columns made by a `{%tc for %}` loop all the same width, label columns included. The
    label columns keep the width of their template cell; the periods share the rest equally. LibreOffice
    reads the grid, Word each cell's own width: both are set, a spanning cell to the sum of its columns."""
    columns = table.find(_W_GRID).findall(_W_GRIDCOL)
    fixed = len(columns) - periods
    if fixed < 0 or not rows:
        return
    total = sum(int(float(c.get(_W_W, "0"))) for c in columns)
    widest = max(rows, key=len)
    label_widths = [_cell_width(tc) for tc in widest[:fixed]]
    each = max((total - sum(label_widths)) // max(periods, 1), 1)
    widths = label_widths + [each] * periods
    for column, width in zip(columns, widths, strict=True):
        column.set(_W_W, str(width))
    for cells in rows:  # (nested tables' rows too, as docxtpl counts them; a timeline has none)
        start = 0
        for cell in cells:
            properties = cell.find(_W_TCPR)
            if properties is None:
                continue
            span_element = properties.find(_W_SPAN)
            span = int(span_element.get(_W_VAL, "1")) if span_element is not None else 1
            _set_cell_width(properties, sum(widths[start : start + span]))
            start += span


def _cell_width(cell) -> int:
    width = cell.find(f"{_W_TCPR}/{_W_TCW}")
    return int(width.get(_W_W, "0")) if width is not None else 0


def _set_cell_width(properties, width: int) -> None:
    element = properties.find(_W_TCW)
    if element is None:
        element = etree.SubElement(properties, _W_TCW)
    element.set(_W_W, str(width))
    element.set(_W_TYPE, "dxa")
    # docxtpl puts `{% colspan %}` and `{% cellbg %}` first in the cell's properties; Word wants the schema's order
    properties[:] = sorted(properties, key=lambda child: _TCPR_ORDER.get(child.tag, len(_TCPR_ORDER)))


_TCPR_ORDER = {
    qn(f"w:{tag}"): number
    for number, tag in enumerate(
        ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
         "tcFitText", "vAlign", "hideMark")
    )
}  # fmt: skip


# --- per-document variables -------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthGroup:
    """Actions whose deadline falls in one month, for the timeline of the implementatieplan."""

    label: str  # "april 2026" or "Zonder deadline"
    actions: tuple[ActionInfo, ...]


# The frozen dataclasses templates read fields of (context.py's, the timeline's, MonthGroup), but not
# DocumentContext itself: templates never get it, and its attributes are not all meant for them.
_PLAIN_TYPES = (_dataclasses_of(context_module, gantt) | {MonthGroup}) - {DocumentContext}

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
        "risks": context.risks,
        "decisions": context.decisions,
        "decided_budget": context.decided_budget,
        "decided_hours": context.decided_hours,
        "sessions": context.sessies,
        "version_status": _version_status(context, _is_first),
    }


DONE = "Afgerond"  # a phase's status label (PhaseInfo.status) once all its steps are done
CONCEPT = "Concept, ter besluitvorming door de directie"


def _is_first(phase: PhaseInfo) -> bool:
    return phase.number == 1


def _holds_sessions(phase: PhaseInfo) -> bool:
    return phase.holds_sessions


def _version_status(context: DocumentContext, written_in: Callable[[PhaseInfo], bool]) -> str:
    """The status in a plan's version table, from the phase the plan is written in (the projectplan in the
    Voorbereiding, the implementatieplan in the Uitvoering): a concept for the directie while that phase runs;
    once it is done the plan is settled, and this version is brought up to date in the phase now running."""
    own = next((p for p in context.phases if written_in(p)), None)
    if own is None or own.status != DONE:
        return CONCEPT
    current = next((p for p in context.phases if p.status != DONE), None)
    if current is None:
        return "Vastgesteld; het project is afgerond"
    return f"Vastgesteld; bijgewerkt in de fase {current.label}"


def _aanpak_planning(context: DocumentContext, item: int | None) -> dict[str, Any]:
    return {
        **_common(context),
        "mijlpalen": context.mijlpalen,
        "phases": context.phases,
        # the template variable for the phase in which the sessions are held (named after it)
        "uitvoering": next((p for p in context.phases if p.holds_sessions), None),
        "sessions": context.sessies,
        "tijdlijn": gantt.planning(context),
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
    """The sessie, the contact the invitation names (the projectleider, with phone and e-mail) and the date of
    the letter."""
    sessie = _chosen_sessie(context, item)
    return {
        **_common(context),
        "session": sessie,
        "contact": context.contact,
        "letter_date": _letter_date(sessie, context.today),
    }


def _letter_date(sessie: SessieInfo | None, today: date) -> date | None:
    """Today for an invitation to a sessie still to come (or to one not planned yet); None for a sessie
    already held: its invitation went out before it, on a day the tool does not know, and today's date on
    it would be untrue. The template then leaves the date out; the sessie's own date is in the letter."""
    if sessie is not None and sessie.on_date < today:
        return None
    return today


def _timeline(actions: tuple[ActionInfo, ...]) -> tuple[MonthGroup, ...]:
    months: dict[tuple[int, int], list[ActionInfo]] = {}
    dated = [(a.deadline, a) for a in actions if a.deadline is not None]
    for deadline, action in sorted(dated, key=lambda pair: pair[0]):
        months.setdefault((deadline.year, deadline.month), []).append(action)
    groups = [MonthGroup(f"{MAANDEN[m - 1]} {y}", tuple(a)) for (y, m), a in months.items()]
    undated = tuple(a for a in actions if a.deadline is None)
    return tuple(groups) + ((MonthGroup(NO_DEADLINE, undated),) if undated else ())


def _implementatieplan(context: DocumentContext, item: int | None) -> dict[str, Any]:
    budget = context.budget_for_actions  # the start budget and the decision on the plan: not the tasks' money
    difference = None if budget is None else budget - context.actions_budget
    return {
        **_common(context),
        "mijlpalen": context.mijlpalen,
        "themes": context.themes,
        "actions": context.actions,
        "actions_budget": context.actions_budget,
        "quick_wins": context.quick_wins,
        "later": context.later,
        "decisions_needed": context.decisions_needed,
        "decided_budget": budget,
        "budget_difference": difference,
        "version_status": _version_status(context, _holds_sessions),
        "timeline": _timeline(context.actions),
        "tijdlijn": gantt.actions(context),
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
    (UndefinedError, SecurityError, TemplateSyntaxError) for a template that asks for what it may not;
    TemplateTooHeavy (a SecurityError) when the render goes over its budget of time, steps or size.
    """
    variables = template_context(document_key, context, item)
    source = io.BytesIO(template) if isinstance(template, (bytes, bytearray)) else template
    document = _WordTemplate(source)
    timeline = variables.get("tijdlijn")
    document.timeline_periods = len(timeline.periods) if isinstance(timeline, gantt.Timeline) else 0
    try:
        document.render(variables, DocumentEnvironment())
    except RecursionError:  # a macro that calls itself
        raise TemplateTooHeavy("te diepe herhaling") from None
    _drop_empty_last_section(document.docx.element.body)
    _date_properties(document, context.today)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _has_content(element: Any) -> bool:
    """Whether a body element shows anything: text, a picture, a table, a page break."""
    if element.tag == qn("w:tbl"):
        return True
    texts = element.iter(qn("w:t"), qn("w:drawing"), qn("w:pict"), qn("w:br"))
    return any(node.tag != qn("w:t") or (node.text or "").strip() for node in texts)


def _drop_empty_last_section(body: Any) -> None:
    """A section that a condition in the template left empty (e.g. the implementatieplan's landscape appendix
    when there is no chart) would print as a blank last page: drop it, the section before it ends the document.

    A Word body keeps the properties of each section but the last in the last paragraph of that section
    (`w:pPr/w:sectPr`); the last section's are the body's own `w:sectPr`.
    """
    breaks = [p for p in body.iterchildren(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    final = body.find(qn("w:sectPr"))
    if not breaks or final is None:
        return
    last_break = breaks[-1]
    after = list(last_break.itersiblings())
    if any(_has_content(element) for element in after if element is not final):
        return
    for element in after:
        if element is not final:
            body.remove(element)
    properties = last_break.find(qn("w:pPr"))
    earlier = properties.find(qn("w:sectPr"))
    properties.remove(earlier)
    final.getparent().replace(final, earlier)
    if not _has_content(last_break):
        body.remove(last_break)


def _date_properties(document: DocxTemplate, today: date) -> None:
    """The document is dated the day it is made (the template's own dates are those of the template);
    title and author are placeholders in the template's properties, filled by the render."""
    properties = document.docx.core_properties
    properties.created = properties.modified = datetime.combine(today, time(12, 0))
    properties.revision = 1
    properties.last_modified_by = ""


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
