"""Load and validate `routekaart.toml`.

A broken content file must stop the app at start-up with a message that names the line at fault,
because the people who edit it are not necessarily programmers.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

from . import model

DEFAULT_PATH = Path(__file__).with_name("routekaart.toml")


class RoutekaartError(ValueError):
    """The content file is malformed; the message says where."""


# Which fields each list item has, and their types. Anything else is an error.
_SPECS: dict[str, tuple[type, dict[str, type]]] = {
    "mijlpalen": (
        model.Mijlpaal,
        {"key": str, "label": str, "description": str, "for_inwoners": str, "question_for_inwoners": str},
    ),
    "rollen": (model.Rol, {"key": str, "label": str, "description": str, "is_inwoner": bool}),
    "lagen": (model.Laag, {"key": str, "label": str, "description": str}),
    "sporen": (model.Spoor, {"key": str, "label": str, "description": str}),
    "scope_types": (
        model.ScopeType,
        {"key": str, "label": str, "selection": str, "session_type": str, "description": str, "for_readers": str},
    ),
    "reasons": (model.Reason, {"key": str, "label": str}),
    "session_types": (
        model.SessionType,
        {"key": str, "label": str, "purpose": str, "with_inwoners": bool, "description": str},
    ),
    "session_options": (model.SessionOption, {"key": str, "label": str, "description": str}),
    "documents": (model.Document, {"key": str, "label": str, "format": str, "generated": bool, "description": str}),
    "checklist": (model.ChecklistItem, {"key": str, "mijlpaal": str, "rol": str, "laag": str, "text": str}),
    "disciplines": (model.Discipline, {"key": str, "label": str, "core": bool}),
    "support_kinds": (
        model.SupportKind,
        {"key": str, "label": str, "description": str, "needs_session": bool},
    ),
}
_PHASE_FIELDS = {
    "key": str,
    "number": int,
    "label": str,
    "weeks_min": int,
    "weeks_max": int,
    "description": str,
    "for_readers": str,
    "holds_sessions": bool,
    "steps": list,
}
_STEP_FIELDS = {
    "key": str,
    "number": int,
    "label": str,
    "optional": bool,
    "who": list,
    "needs": str,
    "description": str,
    "documents": list,
}
_CRITERION_FIELDS: dict[str, type] = {"key": str, "label": str}
_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class _Checker:
    """Collects context so an error can point at the line of the offending item."""

    def __init__(self, text: str, source: str):
        self.lines = text.splitlines()
        self.source = source

    def fail(self, where: str, problem: str, hint: str | None = None) -> NoReturn:
        line = self._line_of(hint) if hint else None
        at = f"{self.source}, regel {line}" if line else self.source
        raise RoutekaartError(f"{at}: {where}: {problem}")

    def _line_of(self, hint: str) -> int | None:
        needle = f'"{hint}"'
        for number, line in enumerate(self.lines, start=1):
            if needle in line:
                return number
        return None

    def fields(self, where: str, raw: dict, spec: dict[str, type], hint: str | None) -> dict:
        unknown = set(raw) - set(spec)
        if unknown:
            self.fail(where, f"onbekend veld {sorted(unknown)}", hint)
        missing = set(spec) - set(raw)
        if missing:
            self.fail(where, f"verplicht veld ontbreekt: {sorted(missing)}", hint)
        for name, expected in spec.items():
            if not isinstance(raw[name], expected) or (expected is int and isinstance(raw[name], bool)):
                self.fail(where, f"veld '{name}' moet van type {expected.__name__} zijn", hint)
        key = raw.get("key")
        if key is not None and not _KEY_PATTERN.match(key):
            self.fail(where, f"sleutel '{key}' mag alleen kleine letters, cijfers en _ bevatten", hint)
        return raw

    def unique(self, where: str, keys: list[str]):
        seen = set()
        for key in keys:
            if key in seen:
                self.fail(where, f"sleutel '{key}' komt dubbel voor", key)
            seen.add(key)


def load_routekaart(path: Path | str = DEFAULT_PATH) -> model.Routekaart:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its message already carries line and column
        raise RoutekaartError(f"{path.name}: geen geldige TOML: {exc}") from exc
    return _build(raw, _Checker(text, path.name))


@lru_cache(maxsize=1)
def get_routekaart() -> model.Routekaart:
    """The packaged routekaart, loaded once per process."""
    return load_routekaart(DEFAULT_PATH)


def _build(raw: dict, check: _Checker) -> model.Routekaart:
    top = {"schema_version", "name", "phases", *_SPECS}
    unknown = set(raw) - top
    if unknown:
        check.fail("bestand", f"onbekende onderdelen {sorted(unknown)}")
    if raw.get("schema_version") != 1:
        check.fail("schema_version", "alleen versie 1 wordt ondersteund")
    lists: dict[str, Any] = {name: _items(raw, name, cls, spec, check) for name, (cls, spec) in _SPECS.items()}
    lists["mijlpalen"] = tuple(dataclasses.replace(m, number=n) for n, m in enumerate(lists["mijlpalen"], start=1))
    phases = tuple(_phase(i, p, check) for i, p in enumerate(raw.get("phases") or []))
    if not phases:
        check.fail("phases", "er moet minstens één fase zijn")
    check.unique("phases", [p.key for p in phases])
    routekaart = model.Routekaart(schema_version=1, name=str(raw.get("name", "")), phases=phases, **lists)
    _check_references(routekaart, check)
    return routekaart


def _items(raw: dict, name: str, cls: type, spec: dict, check: _Checker) -> tuple:
    entries = raw.get(name)
    if not isinstance(entries, list) or not entries:
        check.fail(name, "ontbreekt of is leeg")
    items = []
    for index, entry in enumerate(entries):
        hint = entry.get("key") if isinstance(entry, dict) else None
        fields = check.fields(f"{name}[{index}]", entry, spec, hint)
        items.append(cls(**fields))
    check.unique(name, [item.key for item in items])
    return tuple(items)


def _phase(index: int, raw: dict, check: _Checker) -> model.Phase:
    hint = raw.get("key")
    fields = check.fields(f"phases[{index}]", raw, _PHASE_FIELDS, hint)
    if not 0 < fields["weeks_min"] <= fields["weeks_max"]:
        check.fail(f"phases[{index}]", "weeks_min moet positief zijn en niet groter dan weeks_max", hint)
    steps = []
    for step_index, step_raw in enumerate(fields["steps"]):
        where = f"phases[{index}].steps[{step_index}]"
        criteria = _criteria(where, step_raw.pop("criteria", None), check)
        step = check.fields(where, step_raw, _STEP_FIELDS, step_raw.get("key"))
        steps.append(
            model.Step(
                key=step["key"],
                number=step["number"],
                label=step["label"],
                optional=step["optional"],
                who=tuple(str(w) for w in step["who"]),
                needs=step["needs"],
                description=step["description"],
                documents=tuple(str(d) for d in step["documents"]),
                phase_key=fields["key"],
                criteria=criteria,
            )
        )
    check.unique(f"phases[{index}].steps", [s.key for s in steps])
    return model.Phase(
        key=fields["key"],
        number=fields["number"],
        label=fields["label"],
        weeks_min=fields["weeks_min"],
        weeks_max=fields["weeks_max"],
        description=fields["description"],
        for_readers=fields["for_readers"],
        holds_sessions=fields["holds_sessions"],
        steps=tuple(steps),
    )


def _criteria(where: str, raw: Any, check: _Checker) -> tuple[model.Criterion, ...]:
    """A step's completion criteria: at least one, each a key and a label (and optionally starts_phase)."""
    if not isinstance(raw, list) or not raw:
        check.fail(where, "een stap heeft minstens één criterium nodig ([[phases.steps.criteria]])")
    criteria = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            check.fail(f"{where}.criteria[{index}]", "moet een tabel zijn")
        starts_phase = item.get("starts_phase", True)
        if not isinstance(starts_phase, bool):
            check.fail(f"{where}.criteria[{index}]", "veld 'starts_phase' moet true of false zijn", item.get("key"))
        required = {name: value for name, value in item.items() if name != "starts_phase"}
        fields = check.fields(f"{where}.criteria[{index}]", required, _CRITERION_FIELDS, item.get("key"))
        criteria.append(model.Criterion(**fields, starts_phase=starts_phase))
    check.unique(f"{where}.criteria", [c.key for c in criteria])
    return tuple(criteria)


def _check_references(rk: model.Routekaart, check: _Checker):
    inwoner_roles = [r.key for r in rk.rollen if r.is_inwoner]
    if len(inwoner_roles) != 1 or rk.rollen[0].key != inwoner_roles[0]:
        check.fail("rollen", "het inwonerperspectief moet als eerste en precies één keer staan")
    for mijlpaal in rk.mijlpalen:  # inwoners read these where the toolkit's own labels would be jargon
        if not mijlpaal.for_inwoners.strip() or not mijlpaal.question_for_inwoners.strip():
            check.fail("mijlpalen", "for_inwoners en question_for_inwoners mogen niet leeg zijn", mijlpaal.key)
    for scope in rk.scope_types:
        if scope.selection not in model.SELECTIONS:
            check.fail("scope_types", f"onbekende selection '{scope.selection}'", scope.key)
        session_type = rk.get("session_type", scope.session_type)
        if session_type is None or not session_type.per_mijlpaal:
            check.fail("scope_types", f"session_type '{scope.session_type}' is geen sessie per mijlpaal", scope.key)
    for session_type in rk.session_types:
        if session_type.purpose not in model.SESSION_PURPOSES:
            check.fail("session_types", f"onbekend doel (purpose) '{session_type.purpose}'", session_type.key)
    if [p.holds_sessions for p in rk.phases].count(True) != 1:
        check.fail("phases", "precies één fase moet holds_sessions = true hebben (de fase met de sessies)")
    for doc in rk.documents:
        if doc.format not in model.DOCUMENT_FORMATS:
            check.fail("documents", f"onbekend formaat '{doc.format}'", doc.key)
    for step in rk.steps:
        for doc_key in step.documents:
            if rk.get("document", doc_key) is None:
                check.fail(f"stap {step.full_key}", f"onbekend document '{doc_key}'", doc_key)
    for item in rk.checklist:
        for kind, key in (("mijlpaal", item.mijlpaal), ("rol", item.rol)):
            if key and rk.get(kind, key) is None:
                check.fail(f"checklist {item.key}", f"onbekende {kind} '{key}'", item.key)
        if rk.get("laag", item.laag) is None:
            check.fail(f"checklist {item.key}", f"onbekende laag '{item.laag}'", item.key)
