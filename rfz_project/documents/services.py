"""Filled documents for a project, all of them as one zip, and a gemeente's house-style templates."""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import zipfile
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from jinja2 import TemplateError

from .. import access, filenames, security_log
from ..access import Need
from ..errors import NotAuthorized, NotFound, ValidationError
from ..extensions import db
from ..models import Gemeente, HouseStyleTemplate, MembershipRole, Project, User
from ..models.accounts import AccessGrants
from ..models.base import utcnow
from ..services_common import commit_or_conflict
from . import catalog, slides, word
from .builder import build_context
from .catalog import BASE_DECK, SLIDES, DocumentFile, Template, templates
from .context import DocumentContext
from .uploads import template_problem, validate_upload

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


def _project_house_styles(project_id: int) -> dict[str, HouseStyleTemplate]:
    """The templates of the project's gemeente, in one statement. Only after build_context, which loaded the
    project through access: loading it again just for its gemeente costs a statement per download."""
    rows = db.session.scalars(
        sa.select(HouseStyleTemplate)
        .join(Project, Project.gemeente_id == HouseStyleTemplate.gemeente_id)
        .where(Project.id == project_id)
    )
    return {row.template_key: row for row in rows}


def _standard(template_key: str) -> Path:
    return slides.base_deck_path() if template_key == BASE_DECK else word.word_template_path(template_key)


def _template(own: Mapping[str, bytes], template_key: str) -> bytes | Path:
    """The gemeente's own version of a template when it uploaded one, else the standard one."""
    return own[template_key] if template_key in own else _standard(template_key)


def _own_templates(styles: dict[str, HouseStyleTemplate]) -> dict[str, bytes]:
    """What rendering needs of the house styles: each template's content, by key (plain bytes, which a
    render process can be sent; the rows stay with the database session)."""
    return {key: row.content for key, row in styles.items()}


class HouseStyleFailed(Exception):
    """A gemeente's own template passed its checks at upload but cannot be filled for this project.

    A template can branch on the data (`{% if sessies %}{{ sessie.naam_fout }}{% endif %}`), and a field
    may have gone since the upload; the check at upload rendered sample data only. The message is Dutch
    and says what to do, because the reader cannot fix the template and the one who can may not be them.
    """

    def __init__(self, label: str, reason: str) -> None:
        super().__init__(
            f"Het eigen sjabloon van de gemeente voor ‘{label}’ kon voor dit project niet worden "
            f"gevuld. {reason} Een projectleider of beheerder kan het sjabloon verbeteren of de "
            "standaardversie terugzetten (onder ‘Huisstijl’ op de documentenpagina)."
        )


def _render(context: DocumentContext, file: DocumentFile, own: Mapping[str, bytes]) -> bytes:
    """One file, from the context alone: it never touches the database (render_all runs it in other processes)."""
    template = _template(own, file.template_key)
    context = context.about_sessie(file.sessie_id)  # a sessie's files name its own contact person, if it has one
    try:
        if file.format == SLIDES:
            return slides.render_deck(template, file.document_key, context, file.sessie_id, label=file.label)
        item = file.sessie_id if file.sessie_id is not None else file.task_index
        return word.render_word(template, file.template_key, context, item)
    except word.TemplateTooHeavy:
        raise
    except (TemplateError, ValueError, KeyError) as error:
        if file.template_key not in own:  # the standard templates are ours: a failure there is a bug
            raise
        reason = template_problem(error) or "Het bestand past niet (meer) bij dit document."
        raise HouseStyleFailed(file.label, reason) from error


def rendered(context: DocumentContext, file: DocumentFile, own: Mapping[str, bytes]) -> RenderedFile:
    """One file of a context already built (`own`: the gemeente's templates by key, `_own_templates`)."""
    return RenderedFile(catalog.filename(context, file), MIMETYPES[file.format], _render(context, file, own))


# --- many files at once: in worker processes ------------------------------------------------------
#
# A zip holds some 60 files for a busy project; each render is CPU only (lxml, jinja, zlib) and one process
# renders them one after the other on one core. Other processes render them side by side. The processes
# come from a forkserver, started the first time a zip is made and kept for the life of this process: they
# begin from a clean interpreter with this module imported, so they hold no database connection, no app and
# no request of the process that asked (a plain fork would copy those); they get the context and the
# templates as plain values. A file that fails there is rendered again here, so the error is raised as the
# single download raises it; a pool that broke is left and the zip made here.

PARALLEL_FROM = 8  # fewer files than this are made here: sending the context costs more than it saves
_pool: ProcessPoolExecutor | None = None
_pool_key: tuple[int, int] = (0, 0)  # the process that started it (a fork must start its own), its size


def _render_processes() -> int:
    """How many processes render a zip: RFZ_DOCUMENT_PROCESSES (0 or 1: only the one asking), at most the
    machine's cores."""
    wanted = int(current_app.config.get("RFZ_DOCUMENT_PROCESSES", 0))
    return min(wanted, os.cpu_count() or 1)


def _render_pool(processes: int) -> ProcessPoolExecutor:
    global _pool, _pool_key
    if _pool is None or _pool_key != (os.getpid(), processes):
        start = multiprocessing.get_context("forkserver")
        start.set_forkserver_preload([__name__])  # each worker starts with the renderers imported
        _pool, _pool_key = ProcessPoolExecutor(processes, mp_context=start), (os.getpid(), processes)
    return _pool


def _render_group(context: DocumentContext, files: list[DocumentFile], own: dict[str, bytes]) -> list[bytes | None]:
    """In a worker: each file's bytes, or None for one that failed (rendered again by the caller)."""
    out: list[bytes | None] = []
    for file in files:
        try:
            out.append(_render(context, file, own))
        except Exception:  # noqa: BLE001 - the caller renders it again and raises what a download raises
            out.append(None)
    return out


def _in_processes(context: DocumentContext, files: list[DocumentFile], own: dict[str, bytes], processes: int):
    """The files' bytes rendered in `processes` workers, in the files' order; None where a file failed, and
    None when the pool could not be used at all."""
    global _pool
    groups = processes * 2  # interleaved, so each gets some of each kind and a slow group waits less
    try:
        pool = _render_pool(processes)
        parts = [pool.submit(_render_group, context, files[g::groups], own) for g in range(groups)]
        results = [part.result() for part in parts]
    except (OSError, BrokenProcessPool, pickle.PicklingError):
        if _pool is not None:  # started again next time; what is left of this one is let go
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
        return None
    out: list[bytes | None] = [None] * len(files)
    for g, result in enumerate(results):
        out[g::groups] = result
    return out


def _render_many(context: DocumentContext, files: list[DocumentFile], own: dict[str, bytes]) -> list[bytes]:
    """Every file's bytes, in order; side by side when the installation allows and it pays."""
    processes = _render_processes()
    made = _in_processes(context, files, own, processes) if processes > 1 and len(files) >= PARALLEL_FROM else None
    made = made or [None] * len(files)
    return [
        content if content is not None else _render(context, file, own)
        for file, content in zip(files, made, strict=True)
    ]


# --- the documents page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentsPage:
    project: Project
    files: list[DocumentFile]
    house_styles: dict[str, HouseStyleTemplate]
    templates: tuple[Template, ...]
    can_manage_templates: bool


def documents_page(actor: User, project_id: int) -> DocumentsPage:
    context_project = access.get_project(actor, project_id, Need.READ)
    context = build_context(actor, project_id)
    return DocumentsPage(
        project=context_project,
        files=catalog.files_for(context),
        house_styles=_house_styles(context_project.gemeente_id),
        templates=templates(),
        can_manage_templates=can_manage_templates(actor, context_project.gemeente_id),
    )


def step_files(actor: User, project_id: int, document_keys: tuple[str, ...]) -> list[DocumentFile]:
    """The files a step of the toolkit names (for its download links)."""
    if not document_keys:
        return []
    context = build_context(actor, project_id)
    return [f for f in catalog.files_for(context) if f.document_key in document_keys]


def _render_chosen(
    actor: User, project_id: int, choose: Callable[[list[DocumentFile]], DocumentFile], today: date | None
) -> RenderedFile:
    context = build_context(actor, project_id, today)
    file = choose(catalog.files_for(context))
    return rendered(context, file, _own_templates(_project_house_styles(project_id)))


def render_file(actor: User, project_id: int, ref: str, today: date | None = None) -> RenderedFile:
    def by_ref(files: list[DocumentFile]) -> DocumentFile:
        file = next((f for f in files if f.ref == ref), None)
        if file is None:
            raise NotFound()
        return file

    return _render_chosen(actor, project_id, by_ref, today)


def render_all(actor: User, project_id: int, today: date | None = None) -> RenderedFile:
    """Every document of the project in one zip, each built once from one context."""
    context = build_context(actor, project_id, today)
    own = _own_templates(_project_house_styles(project_id))
    buffer = io.BytesIO()
    files = catalog.files_for(context)
    names = filenames.unique(catalog.filename(context, file) for file in files)
    contents = _render_many(context, files, own)
    # Stored, not deflated: a .docx and a .pptx are zip files whose parts are deflated already; deflating
    # them again (measured for a busy project's 62 files) takes some 100 ms and saves only an eighth.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in zip(names, contents, strict=True):
            archive.writestr(name, content)
    name = filenames.download_name(context.gemeente, context.project_name, "alle documenten", context.today, "zip")
    return RenderedFile(name, "application/zip", buffer.getvalue())


# --- the command line (`flask rfz render-doc`) -----------------------------------------------------


@dataclass(frozen=True)
class _CommandLineReader:
    """The operator at `flask rfz render-doc`, as the read services see an actor: a lezer of one gemeente.

    Access only asks an actor `is_authenticated` and `grants` (and the audit its id and name); this one
    passes the read checks for the project's gemeente and nothing else, so the command builds exactly the
    context a download gets. The operator has the database already; no web path makes one.
    """

    gemeente_id: int
    id: None = None
    name: str = "opdrachtregel"
    is_authenticated: bool = True
    is_beheerder: bool = False

    @property
    def grants(self) -> AccessGrants:
        return AccessGrants(roles={self.gemeente_id: MembershipRole.LEZER}, assigned=frozenset(), is_beheerder=False)


def render_for_command_line(
    project_id: int, choose: Callable[[list[DocumentFile]], DocumentFile], today: date | None = None
) -> RenderedFile:
    """One document of any project, made as its download makes it (the gemeente's own template included).

    For `flask rfz render-doc` only. `choose` picks the file from the project's files (and raises what the
    command shows); NotFound for a project that does not exist.
    """
    project = db.session.get(Project, project_id)
    if project is None:
        raise NotFound()
    reader = cast(User, _CommandLineReader(project.gemeente_id))  # duck-typed: see _CommandLineReader
    return _render_chosen(reader, project_id, choose, today)


# --- house style -----------------------------------------------------------------------------------


def can_manage_templates(actor: User, gemeente_id: int) -> bool:
    """A projectleider of the gemeente, or a beheerder."""
    return bool(getattr(actor, "is_beheerder", False)) or access.can(actor, gemeente_id, Need.MANAGE)


def project_gemeente(actor: User, project_id: int) -> int:
    """The gemeente whose templates a project's documents page shows (NotFound unless the project is readable)."""
    return access.get_project(actor, project_id, Need.READ).gemeente_id


def gemeente_to_manage_templates(actor: User, project_id: int) -> int:
    """The project's gemeente, for changing its templates from the project: NotAuthorized for a reader."""
    gemeente_id = project_gemeente(actor, project_id)
    if not can_manage_templates(actor, gemeente_id):
        raise NotAuthorized()
    return gemeente_id


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
    target = gemeente.name
    about: dict[str, Any] = {"template": template_key, "filename": (filename or "")[:200], "size": len(data)}
    try:
        validate_upload(template_key, data)
    except ValidationError as refused:
        db.session.rollback()
        security_log.record_and_commit(
            "house_style_upload",
            actor=actor,
            target=target,
            result=security_log.REFUSED,
            reason=str(refused)[:2000],
            **about,
        )
        raise
    existing = _house_styles(gemeente.id).get(template_key)
    record = existing or HouseStyleTemplate(gemeente_id=gemeente.id, template_key=template_key)
    record.filename = (filename or "sjabloon")[:200]
    record.content, record.size = data, len(data)
    record.uploaded_by_id, record.uploaded_by_name = actor.id, actor.name
    record.uploaded_at = utcnow()
    db.session.add(record)
    security_log.record("house_style_upload", actor=actor, target=target, **about)
    commit_or_conflict()
    return record


def remove_house_style(actor: User, gemeente_id: int, template_key: str) -> None:
    """Back to the standard template."""
    gemeente = _require_templates(actor, gemeente_id)
    record = _house_styles(gemeente.id).get(template_key)
    if record is None:
        raise ValidationError("Deze gemeente gebruikt voor dit sjabloon al de standaardversie.")
    db.session.delete(record)
    security_log.record("house_style_removed", actor=actor, target=gemeente.name, template=template_key)
    commit_or_conflict()


def house_style_content(actor: User, gemeente_id: int, template_key: str) -> tuple[str, bytes]:
    """The template in use (own or standard), to download, adapt in Word and upload again."""
    _gemeente, styles = house_styles_for(actor, gemeente_id)
    if template_key not in catalog.TEMPLATE_KEYS:
        raise NotFound()
    if template_key in styles:
        return styles[template_key].filename, styles[template_key].content
    path = _standard(template_key)
    return path.name, path.read_bytes()
