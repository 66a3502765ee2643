"""Which files the documents area offers for a project, and how each is named.

The toolkit's documents are content (routekaart.toml: key, label, format); this catalogue is the code
side: which template makes each, whether there is one per sessie or per regular task, and in which
variants. A document the routekaart does not list is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..filenames import download_name
from ..formatting import datum
from ..routekaart import Routekaart, current_routekaart
from . import slides, word
from .context import DocumentContext

WORD = "docx"
SLIDES = "pptx"
BASE_DECK = "basisdeck"  # the template key of the PowerPoint base deck

# Every template a gemeente can replace: the Word templates, then the base deck all presentations share.
TEMPLATE_KEYS: tuple[str, ...] = (*word.WORD_TEMPLATE_KEYS, BASE_DECK)
# A Word template named after a routekaart document carries that document's label. These are not one
# document each (a variant of one, or the deck every presentation is built on), so they name themselves.
TEMPLATE_LABELS = {
    "uitnodiging_inwoners": "Uitnodiging voor inwoners",
    "uitnodiging_collegas": "Uitnodiging voor collega's en ketenpartners",
    BASE_DECK: "Basisdeck voor de presentaties",
}
# Files that are one variant of a routekaart document, with the name the variant goes by.
INVITATION_FOR_INWONERS = TEMPLATE_LABELS["uitnodiging_inwoners"]
INVITATION_FOR_COLLEGAS = "Uitnodiging voor collega's"
ALL_TASKS = "Opdrachtomschrijving (alle taken)"


@dataclass(frozen=True)
class Template:
    """A template a gemeente can replace with its own house-style version."""

    key: str
    label: str
    format: str


def template_format(template_key: str) -> str:
    return SLIDES if template_key == BASE_DECK else WORD


def templates() -> tuple[Template, ...]:
    """The replaceable templates, in the order the documents page lists them."""
    rk = current_routekaart()
    found = []
    for key in TEMPLATE_KEYS:
        document = rk.get("document", key)
        label = TEMPLATE_LABELS.get(key) or (document.label if document else "")
        if label:
            found.append(Template(key, label, template_format(key)))
    return tuple(found)


@dataclass(frozen=True)
class DocumentFile:
    """One downloadable file: a toolkit document, possibly for one sessie or one task."""

    document_key: str  # the routekaart document key (step pages link by it)
    template_key: str
    label: str
    format: str
    sessie_id: int | None = None
    task_index: int | None = None
    detail: str = ""  # what makes this file one of several, e.g. the sessie

    @property
    def ref(self) -> str:
        """Stable, unique name in URLs: what is made (the Word template, or the presentation: they all
        share the base deck) plus the item it is about."""
        base = self.template_key if self.format == WORD else self.document_key
        if self.sessie_id is not None:
            return f"{base}--sessie-{self.sessie_id}"
        if self.task_index is not None:
            return f"{base}--taak-{self.task_index + 1}"
        return base


def filename(context: DocumentContext, file: DocumentFile) -> str:
    """venlo-het-ideale-integrale-proces-uitnodiging-voor-inwoners-2026-03-02.docx: gemeente, project, document
    and one date: the sessie's for a sessie's document, else the day it was made."""
    what, day = file.label, context.today
    if file.sessie_id is not None:
        sessie = context.sessie(file.sessie_id)
        day = sessie.on_date if sessie else day
    elif file.task_index is not None:
        what = f"{file.label} taak {file.task_index + 1}"
    return download_name(context.gemeente, context.project_name, what, day, file.format)


class _Files:
    """The list being made: a file for each document the routekaart lists, with its label and format."""

    def __init__(self, rk: Routekaart):
        self.rk = rk
        self.files: list[DocumentFile] = []

    def add(
        self,
        document_key: str,
        template_key: str | None = None,
        label: str = "",
        *,
        sessie_id: int | None = None,
        task_index: int | None = None,
        detail: str = "",
    ) -> None:
        document = self.rk.get("document", document_key)
        if document is None:
            return
        template = template_key or (BASE_DECK if document.format == SLIDES else document_key)
        self.files.append(
            DocumentFile(
                document_key, template, label or document.label, document.format, sessie_id, task_index, detail
            )
        )


def files_for(context: DocumentContext) -> list[DocumentFile]:
    """Every file this project can download now, in the order of the toolkit's steps."""
    files = _Files(current_routekaart())
    for key in ("profiel_projectleider", "projectplan", "aanpak_planning"):
        files.add(key)
    for sessie in context.sessies:
        when = f"{sessie.title}, {datum(sessie.on_date)}"  # shown in the list; file names keep the ISO date
        if sessie.with_inwoners:
            files.add("uitnodiging", "uitnodiging_inwoners", INVITATION_FOR_INWONERS, sessie_id=sessie.id, detail=when)
        files.add("uitnodiging", "uitnodiging_collegas", INVITATION_FOR_COLLEGAS, sessie_id=sessie.id, detail=when)
    files.add("kickoff_presentatie")
    for sessie in context.sessies:
        deck = slides.OPTION_DECKS.get(sessie.option_key)
        if deck:
            files.add(deck, sessie_id=sessie.id, detail=sessie.title)
    files.add("presentatie_resultatensessie")
    files.add("implementatieplan")
    files.add("opdrachtomschrijving", label=ALL_TASKS)
    for index, task in enumerate(context.tasks):
        files.add("opdrachtomschrijving", task_index=index, detail=task.title)
    return files.files
