"""Which files the documents area offers for a project, and how each is named.

The toolkit's documents are content (routekaart.toml); this catalogue says how each is made: which
template, whether there is one per session or per regular task, and in which variants.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .context import DocumentContext

WORD = "docx"
SLIDES = "pptx"
BASE_DECK = "basisdeck"  # the template key of the PowerPoint base deck


@dataclass(frozen=True)
class Template:
    """A template a gemeente can replace with its own house-style version."""

    key: str
    label: str
    format: str


TEMPLATES = (
    Template("profiel_projectleider", "Profiel projectleider", WORD),
    Template("projectplan", "Projectplan", WORD),
    Template("aanpak_planning", "Aanpak en planning", WORD),
    Template("uitnodiging_inwoners", "Uitnodiging voor inwoners", WORD),
    Template("uitnodiging_collegas", "Uitnodiging voor collega's en ketenpartners", WORD),
    Template("implementatieplan", "Implementatieplan", WORD),
    Template("opdrachtomschrijving", "Opdrachtomschrijving", WORD),
    Template(BASE_DECK, "Basisdeck voor de presentaties", SLIDES),
)
TEMPLATE_KEYS = {t.key for t in TEMPLATES}


@dataclass(frozen=True)
class DocumentFile:
    """One downloadable file: a toolkit document, possibly for one session or one task."""

    document_key: str  # the routekaart document key (step pages link by it)
    template_key: str
    label: str
    format: str
    session_id: int | None = None
    task_index: int | None = None
    detail: str = ""  # what makes this file one of several, e.g. the session

    @property
    def ref(self) -> str:
        """Stable, unique name in URLs: what is made (the Word template, or the presentation: they all
        share the base deck) plus the item it is about."""
        base = self.template_key if self.format == WORD else self.document_key
        if self.session_id is not None:
            return f"{base}--sessie-{self.session_id}"
        if self.task_index is not None:
            return f"{base}--taak-{self.task_index + 1}"
        return base


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "document"


def filename(context: DocumentContext, file: DocumentFile) -> str:
    """venlo-uitnodiging-voor-inwoners-2026-03-02.docx: gemeente, document, (session) date."""
    parts = [slug(context.gemeente), slug(file.label)]
    if file.session_id is not None:
        session = context.session(file.session_id)
        parts.append(session.on_date.isoformat() if session else "")
    elif file.task_index is not None:
        parts.append(f"taak-{file.task_index + 1}")
    parts.append(context.today.isoformat())
    return "-".join(p for p in parts if p) + f".{file.format}"


def files_for(context: DocumentContext) -> list[DocumentFile]:
    """Every file this project can download now, in the order of the toolkit's steps."""
    files = [
        DocumentFile("profiel_projectleider", "profiel_projectleider", "Profiel projectleider", WORD),
        DocumentFile("projectplan", "projectplan", "Projectplan", WORD),
        DocumentFile("aanpak_planning", "aanpak_planning", "Aanpak en planning", WORD),
    ]
    for session in context.sessions:
        when = f"{session.title}, {session.on_date.isoformat()}"
        if session.type_key == "inwoners":
            files.append(
                DocumentFile(
                    "uitnodiging",
                    "uitnodiging_inwoners",
                    "Uitnodiging voor inwoners",
                    WORD,
                    session_id=session.id,
                    detail=when,
                )
            )
        files.append(
            DocumentFile(
                "uitnodiging",
                "uitnodiging_collegas",
                "Uitnodiging voor collega's",
                WORD,
                session_id=session.id,
                detail=when,
            )
        )
    files.append(DocumentFile("kickoff_presentatie", BASE_DECK, "Kick-off presentatie", SLIDES))
    for session in context.sessions:
        if session.option_key in ("a", "b"):
            key = f"presentatie_optie_{session.option_key}"
            files.append(
                DocumentFile(
                    key,
                    BASE_DECK,
                    f"Presentatie optie {session.option_key.upper()}",
                    SLIDES,
                    session_id=session.id,
                    detail=session.title,
                )
            )
    files += [
        DocumentFile("presentatie_resultatensessie", BASE_DECK, "Presentatie resultatensessie", SLIDES),
        DocumentFile("implementatieplan", "implementatieplan", "Implementatieplan", WORD),
        DocumentFile("opdrachtomschrijving", "opdrachtomschrijving", "Opdrachtomschrijving (alle taken)", WORD),
    ]
    for index, task in enumerate(context.tasks):
        files.append(
            DocumentFile(
                "opdrachtomschrijving",
                "opdrachtomschrijving",
                "Opdrachtomschrijving",
                WORD,
                task_index=index,
                detail=task.title,
            )
        )
    return files
