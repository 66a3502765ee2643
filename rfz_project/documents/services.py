"""Filled documents for a project, all of them as one zip, and a gemeente's house-style templates."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from .. import access
from ..access import Need
from ..errors import NotAuthorized, NotFound, ValidationError
from ..extensions import db
from ..models import Gemeente, HouseStyleTemplate, Project, User
from ..models.base import utcnow
from . import catalog, slides, word
from .builder import build_context
from .catalog import BASE_DECK, SLIDES, TEMPLATES, DocumentFile  # noqa: F401  (TEMPLATES: used by admin)
from .context import DocumentContext
from .uploads import validate_upload

MIMETYPES = {
    catalog.WORD: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    catalog.SLIDES: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@dataclass(frozen=True)
class RenderedFile:
    filename: str
    mimetype: str
    content: bytes


# --- templates: the gemeente's own or the standard one ---------------------------------------------


def _house_styles(gemeente_id: int) -> dict[str, HouseStyleTemplate]:
    rows = db.session.scalars(sa.select(HouseStyleTemplate).where(HouseStyleTemplate.gemeente_id == gemeente_id))
    return {row.template_key: row for row in rows}


def _standard(template_key: str) -> Path:
    return slides.base_deck_path() if template_key == BASE_DECK else word.word_template_path(template_key)


def _render(context: DocumentContext, file: DocumentFile, template: bytes | Path) -> bytes:
    if file.format == SLIDES:
        return slides.render_deck(template, file.document_key, context, file.session_id)
    item = file.session_id if file.session_id is not None else file.task_index
    return word.render_word(template, file.template_key, context, item)


# --- the documents page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentsPage:
    project: Project
    files: list[DocumentFile]
    house_styles: dict[str, HouseStyleTemplate]
    templates: tuple
    can_manage_templates: bool


def documents_page(actor: User, project_id: int) -> DocumentsPage:
    context_project = access.get_project(actor, project_id, Need.READ)
    context = build_context(actor, project_id)
    return DocumentsPage(
        project=context_project,
        files=catalog.files_for(context),
        house_styles=_house_styles(context_project.gemeente_id),
        templates=TEMPLATES,
        can_manage_templates=can_manage_templates(actor, context_project.gemeente_id),
    )


def step_files(actor: User, project_id: int, document_keys: tuple[str, ...]) -> list[DocumentFile]:
    """The files a step of the toolkit names (for its download links)."""
    if not document_keys:
        return []
    context = build_context(actor, project_id)
    return [f for f in catalog.files_for(context) if f.document_key in document_keys]


def render_file(actor: User, project_id: int, ref: str, today: date | None = None) -> RenderedFile:
    context = build_context(actor, project_id, today)
    file = next((f for f in catalog.files_for(context) if f.ref == ref), None)
    if file is None:
        raise NotFound()
    project = access.get_project(actor, project_id, Need.READ)
    styles = _house_styles(project.gemeente_id)
    template = styles[file.template_key].content if file.template_key in styles else _standard(file.template_key)
    return RenderedFile(catalog.filename(context, file), MIMETYPES[file.format], _render(context, file, template))


def render_all(actor: User, project_id: int, today: date | None = None) -> RenderedFile:
    """Every document of the project in one zip, each built once from one context."""
    context = build_context(actor, project_id, today)
    project = access.get_project(actor, project_id, Need.READ)
    styles = _house_styles(project.gemeente_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in catalog.files_for(context):
            template = (
                styles[file.template_key].content if file.template_key in styles else _standard(file.template_key)
            )
            archive.writestr(catalog.filename(context, file), _render(context, file, template))
    name = f"{catalog.slug(context.gemeente)}-alle-documenten-{context.today.isoformat()}.zip"
    return RenderedFile(name, "application/zip", buffer.getvalue())


# --- house style -----------------------------------------------------------------------------------


def can_manage_templates(actor: User, gemeente_id: int) -> bool:
    """A projectleider of the gemeente, or a beheerder."""
    return bool(getattr(actor, "is_beheerder", False)) or access.can(actor, gemeente_id, Need.MANAGE)


def _require_templates(actor: User, gemeente_id: int) -> Gemeente:
    gemeente = db.session.get(Gemeente, gemeente_id)
    if gemeente is None:
        raise NotFound()
    if not can_manage_templates(actor, gemeente_id):
        if Need.READ in access.permissions(actor, gemeente_id):
            raise NotAuthorized()
        raise NotFound()
    return gemeente


def house_styles_for(actor: User, gemeente_id: int) -> tuple[Gemeente, dict[str, HouseStyleTemplate]]:
    gemeente = _require_templates(actor, gemeente_id)
    return gemeente, _house_styles(gemeente.id)


def upload_house_style(
    actor: User, gemeente_id: int, template_key: str, filename: str, data: bytes
) -> HouseStyleTemplate:
    gemeente = _require_templates(actor, gemeente_id)
    validate_upload(template_key, data)
    existing = _house_styles(gemeente.id).get(template_key)
    record = existing or HouseStyleTemplate(gemeente_id=gemeente.id, template_key=template_key)
    record.filename = (filename or "sjabloon")[:200]
    record.content, record.size = data, len(data)
    record.uploaded_by_id, record.uploaded_by_name = actor.id, actor.name
    record.uploaded_at = utcnow()
    db.session.add(record)
    db.session.commit()
    return record


def remove_house_style(actor: User, gemeente_id: int, template_key: str) -> None:
    """Back to the standard template."""
    gemeente = _require_templates(actor, gemeente_id)
    record = _house_styles(gemeente.id).get(template_key)
    if record is None:
        raise ValidationError("Deze gemeente gebruikt voor dit sjabloon al de standaardversie.")
    db.session.delete(record)
    db.session.commit()


def house_style_content(actor: User, gemeente_id: int, template_key: str) -> tuple[str, bytes]:
    """The template in use (own or standard), to download, adapt in Word and upload again."""
    _gemeente, styles = house_styles_for(actor, gemeente_id)
    if template_key not in catalog.TEMPLATE_KEYS:
        raise NotFound()
    if template_key in styles:
        return styles[template_key].filename, styles[template_key].content
    path = _standard(template_key)
    return path.name, path.read_bytes()
