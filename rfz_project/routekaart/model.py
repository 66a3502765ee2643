"""Frozen dataclasses for the routekaart content; built only by the loader."""

from __future__ import annotations

from dataclasses import dataclass, field

# How a scope type asks the user to choose mijlpalen or a rol.
SELECTIONS = ("alle_mijlpalen", "meerdere_mijlpalen", "een_mijlpaal", "een_rol", "checklist")
DOCUMENT_FORMATS = ("docx", "pptx", "pdf")
# What a session type is for in the Uitvoering; code asks this, never the type's key.
SESSION_PURPOSES = ("kick_off", "mijlpaal", "bedrijfsvoering", "resultaten")


@dataclass(frozen=True)
class Item:
    """Every piece of content has a stable key (what rows store) and a label (what users read)."""

    key: str
    label: str


@dataclass(frozen=True)
class DescribedItem(Item):
    description: str


@dataclass(frozen=True)
class Mijlpaal(DescribedItem):
    # What inwoners read (invitations, the decks of an inwonersessie): the label and description are
    # the toolkit's words for professionals. `for_inwoners` is a plain phrase that fits after "We praten
    # over", `question_for_inwoners` a question put to inwoners themselves.
    for_inwoners: str = ""
    question_for_inwoners: str = ""
    number: int = 0


@dataclass(frozen=True)
class Rol(DescribedItem):
    is_inwoner: bool = False


@dataclass(frozen=True)
class Laag(DescribedItem):
    """Basis, inspiratie or toekomst: how far an item of a rol goes."""


@dataclass(frozen=True)
class Spoor(DescribedItem):
    """A chain of mijlpalen for one target group."""


@dataclass(frozen=True)
class ScopeType(DescribedItem):
    selection: str
    session_type: str  # the per-mijlpaal session type a proposed planning uses for this scope
    # What a reader of the projectplan reads about this choice (the description helps the user choose)
    for_readers: str = ""


@dataclass(frozen=True)
class Reason(Item):
    """Why a gemeente starts (political wish, bottlenecks, ...)."""


@dataclass(frozen=True)
class Document(DescribedItem):
    format: str
    generated: bool


@dataclass(frozen=True)
class Criterion(Item):
    """When a step is done, in words (label); the key names the check on the project's records.

    `starts_phase` false: the criterion can hold long before anyone works on the step (every decision so far
    has its reasons), so meeting it alone does not count as work in the step, nor as its phase having begun."""

    starts_phase: bool = True


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    label: str
    optional: bool
    who: tuple[str, ...]
    needs: str
    description: str
    documents: tuple[str, ...]
    phase_key: str = ""
    criteria: tuple[Criterion, ...] = ()

    @property
    def full_key(self) -> str:
        """Unique across phases; this is what the database stores."""
        return f"{self.phase_key}.{self.key}"


@dataclass(frozen=True)
class Phase:
    key: str
    number: int
    label: str
    weeks_min: int
    weeks_max: int
    description: str  # for the projectleider, who does the phase
    for_readers: str = ""  # for the reader of a document (a directie): what happens in the phase
    holds_sessions: bool = False  # the phase in which sessions are planned and held
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class SessionType(DescribedItem):
    purpose: str  # one of SESSION_PURPOSES
    with_inwoners: bool

    @property
    def per_mijlpaal(self) -> bool:
        """Held for one or more of the project's mijlpalen (the other purposes span the whole project)."""
        return self.purpose == "mijlpaal"


@dataclass(frozen=True)
class Discipline(Item):
    """A field of expertise in the project team; `core`: one the toolkit names for every team."""

    core: bool = False


@dataclass(frozen=True)
class SessionOption(DescribedItem):
    """Option A or B for a session about mijlpalen."""


@dataclass(frozen=True)
class SupportKind(DescribedItem):
    """A kind of support a gemeente can ask of the VNG; `needs_session`: the request names one of its sessies."""

    needs_session: bool = False


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    mijlpaal: str
    rol: str
    laag: str
    text: str


@dataclass(frozen=True)
class Routekaart:
    schema_version: int
    name: str
    mijlpalen: tuple[Mijlpaal, ...]
    rollen: tuple[Rol, ...]
    lagen: tuple[Laag, ...]
    sporen: tuple[Spoor, ...]
    scope_types: tuple[ScopeType, ...]
    reasons: tuple[Reason, ...]
    phases: tuple[Phase, ...]
    session_types: tuple[SessionType, ...]
    session_options: tuple[SessionOption, ...]
    documents: tuple[Document, ...]
    checklist: tuple[ChecklistItem, ...]
    disciplines: tuple[Discipline, ...]
    support_kinds: tuple[SupportKind, ...]
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        index = {
            "mijlpaal": {m.key: m for m in self.mijlpalen},
            "rol": {r.key: r for r in self.rollen},
            "laag": {lg.key: lg for lg in self.lagen},
            "spoor": {s.key: s for s in self.sporen},
            "scope_type": {s.key: s for s in self.scope_types},
            "reason": {r.key: r for r in self.reasons},
            "phase": {p.key: p for p in self.phases},
            "step": {s.full_key: s for p in self.phases for s in p.steps},
            "session_type": {s.key: s for s in self.session_types},
            "document": {d.key: d for d in self.documents},
            "discipline": {d.key: d for d in self.disciplines},
            "support_kind": {k.key: k for k in self.support_kinds},
        }
        self._index.update(index)

    def get(self, kind: str, key: str):
        """Look up one item by kind and key; None when the key is unknown."""
        return self._index[kind].get(key)

    def keys(self, kind: str) -> tuple[str, ...]:
        return tuple(self._index[kind])

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for p in self.phases for s in p.steps)

    @property
    def session_phase(self) -> Phase:
        """The phase in which sessions are held (the loader checks there is exactly one)."""
        return next(p for p in self.phases if p.holds_sessions)

    def session_types_for(self, purpose: str) -> tuple[SessionType, ...]:
        return tuple(t for t in self.session_types if t.purpose == purpose)

    def mijlpaal_order(self, keys) -> list[str]:
        """The given mijlpaal keys in route order (the order the inwoner meets them)."""
        wanted = set(keys)
        return [m.key for m in self.mijlpalen if m.key in wanted]

    def checklist_for(self, mijlpaal_keys) -> tuple[ChecklistItem, ...]:
        """Checklist items of these mijlpalen plus the general ones."""
        wanted = set(mijlpaal_keys)
        return tuple(i for i in self.checklist if not i.mijlpaal or i.mijlpaal in wanted)
