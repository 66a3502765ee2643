"""Initiatives: publish an action or a checklist item answered "doen we al", approve or reject it, withdraw it,
browse the catalogue, and take one over into a project's action list.

Publishing loads the source project through `access` (a projectleider: Need.MANAGE); everything else loads the
initiative through `visibility.get_initiative`, the one rule for what crosses gemeente borders. Every write
commits once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .. import access, audit
from ..access import Need
from ..actions.services import ActionInput, validate_action
from ..errors import ConflictError, NotAuthorized, NotFound, ValidationError
from ..extensions import db
from ..models import (
    Action,
    ChecklistAnswer,
    ChecklistStatus,
    Gemeente,
    Initiative,
    InitiativeAdoption,
    InitiativeMijlpaal,
    InitiativeStatus,
    Project,
    User,
)
from ..models.base import utcnow
from ..paging import Paging, page_of
from ..routekaart import Routekaart, current_routekaart
from ..services_common import commit_or_conflict, expect_version, lock_project, read_columns, save_row, text_errors
from . import visibility

TITLE_MAX = 200
TEXT_MAX = 10000
LINK_MAX = 500
NAME_MAX = 120
PHONE_MAX = 40
EMAIL_MAX = 254
REASON_MAX = 2000
SEARCH_MAX = 100
SUMMARY_LENGTH = 240
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"[0-9+()\-. ]+")
ALREADY_SHARED = "Dit is al gedeeld als initiatief; het wacht op goedkeuring of staat in de catalogus."
ALREADY_ADOPTED = "Dit project heeft dit initiatief al overgenomen."
CONSENT_MISSING = "Geef toestemming om de contactgegevens te tonen, anders kunt u het initiatief niet indienen."


# --- what a form holds -----------------------------------------------------------------------------


@dataclass
class InitiativeInput:
    """An initiative as the form submits it; mijlpalen, rol and laag are routekaart keys."""

    title: str = ""
    how_it_works: str = ""
    link: str = ""
    mijlpalen: list[str] = field(default_factory=list)
    rol: str = ""
    laag: str = ""
    contact_name: str = ""
    contact_function: str = ""
    contact_phone: str = ""
    contact_email: str = ""

    def cleaned(self) -> InitiativeInput:
        strip = str.strip
        return InitiativeInput(
            title=strip(self.title or ""),
            how_it_works=(self.how_it_works or "").strip(),
            link=strip(self.link or ""),
            mijlpalen=list(dict.fromkeys(k for k in self.mijlpalen or [] if k)),
            rol=strip(self.rol or ""),
            laag=strip(self.laag or ""),
            contact_name=strip(self.contact_name or ""),
            contact_function=strip(self.contact_function or ""),
            contact_phone=strip(self.contact_phone or ""),
            contact_email=strip(self.contact_email or ""),
        )


def is_web_link(text: str) -> bool:
    """An absolute http or https address with a host, nothing else (no javascript:, no mailto:)."""
    if any(c.isspace() for c in text) or len(text) > LINK_MAX:
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _text_errors(data: InitiativeInput) -> dict[str, list[str]]:
    errors = text_errors("title", data.title, TITLE_MAX, "Geef het initiatief een titel.")
    errors |= text_errors(
        "how_it_works",
        data.how_it_works,
        TEXT_MAX,
        "Leg kort uit hoe het werkt, zodat een andere gemeente het kan overnemen.",
    )
    if data.link and not is_web_link(data.link):
        errors["link"] = ["Vul een volledig webadres in dat begint met https:// of http://."]
    return errors


def _routekaart_errors(rk: Routekaart, data: InitiativeInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.mijlpalen:
        errors["mijlpalen"] = ["Kies ten minste één mijlpaal waar het initiatief bij hoort."]
    elif any(rk.get("mijlpaal", key) is None for key in data.mijlpalen):
        errors["mijlpalen"] = ["Kies mijlpalen uit de routekaart."]
    if data.rol and rk.get("rol", data.rol) is None:
        errors["rol"] = ["Kies een rol uit de routekaart."]
    if not data.laag:
        errors["laag"] = ["Kies de laag van de routekaart waar het initiatief bij hoort."]
    elif rk.get("laag", data.laag) is None:
        errors["laag"] = ["Kies een laag uit de routekaart."]
    return errors


def _contact_errors(data: InitiativeInput) -> dict[str, list[str]]:
    missing = "Vul de naam in van wie andere gemeenten kunnen benaderen."
    errors = text_errors("contact_name", data.contact_name, NAME_MAX, missing)
    errors |= text_errors("contact_function", data.contact_function, NAME_MAX)
    if data.contact_phone and (len(data.contact_phone) > PHONE_MAX or not _PHONE.fullmatch(data.contact_phone)):
        errors["contact_phone"] = ["Vul een telefoonnummer in met cijfers (en eventueel +, spaties of streepjes)."]
    if data.contact_email and (len(data.contact_email) > EMAIL_MAX or not _EMAIL.fullmatch(data.contact_email)):
        errors["contact_email"] = ["Vul een e-mailadres in zoals naam@gemeente.nl."]
    if not data.contact_phone and not data.contact_email and "contact_phone" not in errors:
        errors["contact_email"] = ["Vul een e-mailadres of een telefoonnummer in, zodat men contact kan opnemen."]
    return errors


def validate_initiative(rk: Routekaart, data: InitiativeInput) -> None:
    """Every problem at once, each on its own field."""
    data = data.cleaned()
    errors = _text_errors(data) | _routekaart_errors(rk, data) | _contact_errors(data)
    if errors:
        raise ValidationError(errors)


# --- publishing: where an initiative comes from ----------------------------------------------------


@dataclass(frozen=True)
class PublishSource:
    """What is being shared: an action of the project, or a routekaart checklist item it already does."""

    project: Project
    action: Action | None
    item_key: str | None
    item_text: str
    prefill: InitiativeInput
    shared_as: int | None = None  # the initiative already made from it, waiting or published

    @property
    def label(self) -> str:
        return f"de actie '{self.action.title}'" if self.action is not None else f"het checklistpunt '{self.item_text}'"


_PROJECT_LOADS = (selectinload(Project.gemeente), selectinload(Project.mijlpaal_rows))


def _contact_prefill(actor: User) -> dict[str, str]:
    """The user as the contact, as far as the account says (phone and job title are set on "Mijn account")."""
    return {
        "contact_name": actor.name or "",
        "contact_function": getattr(actor, "job_title", "") or "",
        "contact_phone": getattr(actor, "phone", "") or "",
        "contact_email": actor.email or "",
    }


def source_from_action(actor: User, project_id: int, action_id: int) -> PublishSource:
    """An action of the project, to share; a projectleider's work (Need.MANAGE)."""
    project, action = access.get_in_project(
        actor, project_id, Action, action_id, Need.MANAGE, project_options=_PROJECT_LOADS
    )
    prefill = InitiativeInput(
        title=action.title,
        how_it_works=action.description,
        mijlpalen=[action.mijlpaal] if action.mijlpaal else [],
        rol=action.rol or "",
        **_contact_prefill(actor),
    )
    return PublishSource(
        project=project,
        action=action,
        item_key=None,
        item_text="",
        prefill=prefill,
        shared_as=_shared_as(project, action, None),
    )


def source_from_item(actor: User, project_id: int, item_key: str) -> PublishSource:
    """A routekaart checklist item of the project's checklist; only one the project answered "doen we al"
    can be shared (a ValidationError otherwise). An item not on its checklist is not found."""
    rk = current_routekaart()
    project = access.get_project(actor, project_id, Need.MANAGE, options=_PROJECT_LOADS)
    item = next((i for i in rk.checklist_for(project.mijlpaal_keys) if i.key == item_key), None)
    if item is None:
        raise NotFound()
    answer = db.session.scalars(
        sa.select(ChecklistAnswer.answer).where(
            ChecklistAnswer.project_id == project.id, ChecklistAnswer.item_key == item.key
        )
    ).first()
    if answer is not ChecklistStatus.DOEN_WE_AL:
        raise ValidationError(
            f"U kunt alleen een punt delen dat uw gemeente al doet (antwoord '{ChecklistStatus.DOEN_WE_AL.label}')."
        )
    prefill = InitiativeInput(
        title=item.text[:TITLE_MAX],
        how_it_works="",
        mijlpalen=[item.mijlpaal] if item.mijlpaal else [],
        rol=item.rol,
        laag=item.laag,
        **_contact_prefill(actor),
    )
    return PublishSource(
        project=project,
        action=None,
        item_key=item.key,
        item_text=item.text,
        prefill=prefill,
        shared_as=_shared_as(project, None, item.key),
    )


def _shared_as(project: Project, action: Action | None, item_key: str | None) -> int | None:
    """The initiative made from this source that waits or is published (rejected and withdrawn ones do not
    count: the gemeente may share it again)."""
    live = (InitiativeStatus.WACHT, InitiativeStatus.GOEDGEKEURD)
    query = sa.select(Initiative.id).where(Initiative.status.in_(live))
    if action is not None:
        query = query.where(Initiative.source_action_id == action.id)
    else:
        query = query.where(Initiative.project_id == project.id, Initiative.source_item_key == item_key)
    return db.session.scalars(query.order_by(Initiative.id).limit(1)).first()


def check_publish(source: PublishSource, data: InitiativeInput) -> None:
    """The rules for the form and the preview: the fields, and that the source is not shared already."""
    validate_initiative(current_routekaart(), data)
    if _shared_as(source.project, source.action, source.item_key) is not None:
        raise ValidationError(ALREADY_SHARED)


def publish(actor: User, source: PublishSource, data: InitiativeInput, consent: bool) -> Initiative:
    """Submit the initiative as previewed: it waits for the VNG's approval. The consent for showing the
    contact details is required, and kept with its time and who gave it."""
    lock_project(source.project)  # one initiative per source, also when submitted twice at once
    if not consent:
        raise ValidationError({"consent": [CONSENT_MISSING]})
    check_publish(source, data)
    data = data.cleaned()
    initiative = Initiative(
        gemeente_id=source.project.gemeente_id,
        project_id=source.project.id,
        source_action_id=source.action.id if source.action is not None else None,
        source_item_key=source.item_key,
        title=data.title,
        how_it_works=data.how_it_works,
        link=data.link,
        rol=data.rol or None,
        laag=data.laag or None,
        contact_name=data.contact_name,
        contact_function=data.contact_function,
        contact_phone=data.contact_phone,
        contact_email=data.contact_email,
        consent_at=utcnow(),
        consent_by_id=actor.id,
        consent_by_name=actor.name or "",
        status=InitiativeStatus.WACHT,
        mijlpaal_rows=[InitiativeMijlpaal(mijlpaal=key) for key in current_routekaart().mijlpaal_order(data.mijlpalen)],
    )
    return save_row(initiative)


def publish_from_action(actor: User, project_id: int, action_id: int, data: InitiativeInput, consent: bool):
    return publish(actor, source_from_action(actor, project_id, action_id), data, consent)


def publish_from_item(actor: User, project_id: int, item_key: str, data: InitiativeInput, consent: bool):
    return publish(actor, source_from_item(actor, project_id, item_key), data, consent)


# --- how an initiative reads -----------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeView:
    """An initiative with its labels resolved: what the catalogue's detail and the preview show alike."""

    title: str
    how_it_works: str
    link: str
    gemeente_name: str
    mijlpaal_labels: list[str]
    rol_label: str
    laag_label: str
    contact_name: str
    contact_function: str
    contact_phone: str
    contact_email: str


def _label(rk: Routekaart, kind: str, key: str | None) -> str:
    item = rk.get(kind, key) if key else None
    return item.label if item else ""


def _mijlpaal_labels(rk: Routekaart, keys) -> list[str]:
    return [_label(rk, "mijlpaal", key) for key in rk.mijlpaal_order(keys)]


def preview_of(source: PublishSource, data: InitiativeInput) -> InitiativeView:
    """Exactly what other gemeenten will see once it is approved."""
    rk, data = current_routekaart(), data.cleaned()
    return _view_of(rk, data, source.project.gemeente.name, data.mijlpalen)


def _view(rk: Routekaart, initiative: Initiative) -> InitiativeView:
    return _view_of(rk, initiative, initiative.gemeente.name, initiative.mijlpaal_keys)


def _view_of(rk: Routekaart, texts: Initiative | InitiativeInput, gemeente_name: str, mijlpaal_keys) -> InitiativeView:
    """An initiative as the catalogue shows it, from a stored one or from what its form holds (the preview)."""
    return InitiativeView(
        title=texts.title,
        how_it_works=texts.how_it_works,
        link=texts.link,
        gemeente_name=gemeente_name,
        mijlpaal_labels=_mijlpaal_labels(rk, mijlpaal_keys),
        rol_label=_label(rk, "rol", texts.rol),
        laag_label=_label(rk, "laag", texts.laag),
        contact_name=texts.contact_name,
        contact_function=texts.contact_function,
        contact_phone=texts.contact_phone,
        contact_email=texts.contact_email,
    )


# --- the catalogue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilter:
    """What the catalogue shows; unknown values are dropped by `clean`, so a hand-made URL cannot fail."""

    q: str = ""
    mijlpaal: str = ""
    rol: str = ""
    laag: str = ""

    def clean(self, rk: Routekaart) -> CatalogueFilter:
        return CatalogueFilter(
            q=(self.q or "").strip()[:SEARCH_MAX],
            mijlpaal=self.mijlpaal if self.mijlpaal and rk.get("mijlpaal", self.mijlpaal) else "",
            rol=self.rol if self.rol and rk.get("rol", self.rol) else "",
            laag=self.laag if self.laag and rk.get("laag", self.laag) else "",
        )

    @property
    def active(self) -> bool:
        return any((self.q, self.mijlpaal, self.rol, self.laag))


@dataclass(frozen=True)
class CatalogueRow:
    id: int
    title: str
    summary: str
    gemeente_name: str
    status: InitiativeStatus
    mijlpaal_labels: list[str]
    rol_label: str
    laag_label: str
    adoption_count: int

    @property
    def published(self) -> bool:
        return self.status is InitiativeStatus.GOEDGEKEURD


@dataclass(frozen=True)
class Catalogue:
    rows: list[CatalogueRow]
    filters: CatalogueFilter
    paging: Paging
    waiting_count: int  # initiatives the actor may approve that wait for it (VNG users)
    is_vng: bool


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1].rstrip() + "…"


def _filter_conditions(actor: User, f: CatalogueFilter) -> list[sa.ColumnElement[bool]]:
    conditions = [visibility.visible(actor)]
    if f.q:
        conditions.append(
            sa.or_(
                Initiative.title.icontains(f.q, autoescape=True),
                Initiative.how_it_works.icontains(f.q, autoescape=True),
                Gemeente.name.icontains(f.q, autoescape=True),
            )
        )
    if f.mijlpaal:
        conditions.append(
            Initiative.id.in_(
                sa.select(InitiativeMijlpaal.initiative_id).where(InitiativeMijlpaal.mijlpaal == f.mijlpaal)
            )
        )
    if f.rol:
        conditions.append(Initiative.rol == f.rol)
    if f.laag:
        conditions.append(Initiative.laag == f.laag)
    return conditions


_ADOPTIONS = (
    sa.select(sa.func.count(sa.distinct(Project.gemeente_id)))
    .select_from(InitiativeAdoption)
    .join(Project, Project.id == InitiativeAdoption.project_id)
    .where(InitiativeAdoption.initiative_id == Initiative.id)
    .scalar_subquery()
)


def _mijlpalen_of(ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {i: [] for i in ids}
    rows = db.session.execute(
        sa.select(InitiativeMijlpaal.initiative_id, InitiativeMijlpaal.mijlpaal).where(
            InitiativeMijlpaal.initiative_id.in_(ids or [-1])
        )
    )
    for initiative_id, key in rows:
        found[initiative_id].append(key)
    return found


def waiting_for_review(actor: User) -> int | None:
    """For the start page: how many initiatives wait for this VNG user's approval; None for anyone else."""
    return waiting_from(read_columns(waiting_columns(actor)))


def waiting_columns(actor: User) -> tuple[sa.ScalarSelect, ...]:
    """What waiting_for_review counts, as a column another statement can carry (the start page's marker); none
    for anyone but a VNG user."""
    if not access.is_vng_user(actor):
        return ()
    gemeenten = visibility.reviewable_gemeente_ids(actor)
    query = sa.select(sa.func.count()).select_from(Initiative).where(Initiative.status == InitiativeStatus.WACHT)
    if gemeenten is not None:
        query = query.where(Initiative.gemeente_id.in_(gemeenten or {-1}))
    return (query.scalar_subquery(),)


def waiting_from(values: tuple) -> int | None:
    """waiting_for_review from the values of waiting_columns."""
    return int(values[0] or 0) if values else None


def catalogue(actor: User, filters: CatalogueFilter | None = None, page: int | None = None) -> Catalogue:
    """The initiatives the actor may see that meet the filters, newest first, a page at a time, in a fixed
    number of queries. Published ones for everyone; the actor's own gemeente's (and, for VNG users, their
    gemeenten's) waiting, rejected and withdrawn ones too, marked by their status."""
    rk = current_routekaart()
    f = (filters or CatalogueFilter()).clean(rk)
    conditions = _filter_conditions(actor, f)
    base = sa.select(Initiative).join(Gemeente, Gemeente.id == Initiative.gemeente_id).where(*conditions)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    paging = page_of(page, total)
    rows = db.session.execute(
        sa.select(
            Initiative.id,
            Initiative.title,
            Initiative.how_it_works,
            Gemeente.name,
            Initiative.status,
            Initiative.rol,
            Initiative.laag,
            _ADOPTIONS,
        )
        .join(Gemeente, Gemeente.id == Initiative.gemeente_id)
        .where(*conditions)
        .order_by(
            (Initiative.status != InitiativeStatus.GOEDGEKEURD).asc(),
            sa.func.coalesce(Initiative.reviewed_at, Initiative.created_at).desc(),
            Initiative.id.desc(),
        )
        .offset(paging.offset)
        .limit(paging.size)
    ).all()
    mijlpalen = _mijlpalen_of([r[0] for r in rows])
    return Catalogue(
        rows=[
            CatalogueRow(
                id=i,
                title=title,
                summary=_summary(text),
                gemeente_name=gemeente,
                status=status,
                mijlpaal_labels=_mijlpaal_labels(rk, mijlpalen[i]),
                rol_label=_label(rk, "rol", rol),
                laag_label=_label(rk, "laag", laag),
                adoption_count=adoptions or 0,
            )
            for i, title, text, gemeente, status, rol, laag, adoptions in rows
        ],
        filters=f,
        paging=paging,
        waiting_count=waiting_for_review(actor) or 0,
        is_vng=access.is_vng_user(actor),
    )


# --- one initiative --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adopter:
    gemeente_name: str
    adopted_at: datetime
    project_name: str = ""  # only for readers of the adopting gemeente
    project_id: int | None = None
    action_id: int | None = None


@dataclass(frozen=True)
class ProjectChoice:
    id: int
    label: str
    adopted: bool


@dataclass(frozen=True)
class InitiativePage:
    initiative: Initiative
    view: InitiativeView
    adopters: list[Adopter]
    source_project: Project | None  # only for those who may read the source gemeente's projects
    source_label: str
    project_choices: list[ProjectChoice]  # where the actor may take it over (open projects they may change)
    may_review: bool
    may_withdraw: bool
    is_own: bool  # the actor may see the source gemeente's projects (and so what others do not see)

    @property
    def published(self) -> bool:
        return self.initiative.status is InitiativeStatus.GOEDGEKEURD

    @property
    def waiting(self) -> bool:
        return self.initiative.status is InitiativeStatus.WACHT

    @property
    def can_adopt(self) -> bool:
        return self.published and any(not c.adopted for c in self.project_choices)


_INITIATIVE_LOADS = (joinedload(Initiative.gemeente), selectinload(Initiative.mijlpaal_rows))


def _adopters(actor: User, initiative: Initiative) -> list[Adopter]:
    rows = db.session.execute(
        sa.select(
            Gemeente.name,
            InitiativeAdoption.adopted_at,
            Project.gemeente_id,
            Project.name,
            Project.id,
            InitiativeAdoption.action_id,
        )
        .select_from(InitiativeAdoption)
        .join(Project, Project.id == InitiativeAdoption.project_id)
        .join(Gemeente, Gemeente.id == Project.gemeente_id)
        .where(InitiativeAdoption.initiative_id == initiative.id)
        .order_by(InitiativeAdoption.adopted_at, InitiativeAdoption.id)
    ).all()
    readable = access.readable_gemeente_ids(actor) if rows else set()
    adopters = []
    for name, adopted_at, gemeente_id, project_name, project_id, action_id in rows:
        if gemeente_id in readable:
            adopters.append(Adopter(name, adopted_at, project_name, project_id, action_id))
        else:
            adopters.append(Adopter(name, adopted_at))
    return adopters


def _project_choices(actor: User, initiative: Initiative) -> list[ProjectChoice]:
    """The open projects the actor may change, except the initiative's own, marked when they have it already."""
    gemeenten = access.gemeente_ids_where(actor, Need.WRITE)
    if not gemeenten:
        return []
    rows = db.session.execute(
        sa.select(Project.id, Project.name, Gemeente.name, InitiativeAdoption.action_id)
        .join(Gemeente, Gemeente.id == Project.gemeente_id)
        .outerjoin(
            InitiativeAdoption,
            sa.and_(InitiativeAdoption.project_id == Project.id, InitiativeAdoption.initiative_id == initiative.id),
        )
        .where(Project.gemeente_id.in_(gemeenten), Project.closed_at.is_(None))
        .where(Project.id != (initiative.project_id or -1))
        .order_by(Gemeente.name, Project.name, Project.id)
    ).all()
    several = len({gemeente for _i, _p, gemeente, _a in rows}) > 1
    return [
        # adopted while the action it made is still there: once that is deleted, it can be taken over again
        ProjectChoice(id=i, label=f"{gemeente}: {name}" if several else name, adopted=action_id is not None)
        for i, name, gemeente, action_id in rows
    ]


def _source_label(rk: Routekaart, initiative: Initiative) -> str:
    if initiative.source_item_key:
        item = next((i for i in rk.checklist if i.key == initiative.source_item_key), None)
        return f"Checklistpunt: {item.text}" if item else "Een punt van de checklist"
    return "Een actie uit de actielijst" if initiative.source_action_id else ""


def initiative_page(actor: User, initiative_id: int) -> InitiativePage:
    """Everything about one initiative the actor may see, in a fixed number of queries."""
    rk = current_routekaart()
    initiative = visibility.get_initiative(actor, initiative_id, _INITIATIVE_LOADS)
    own = visibility.sees_unpublished(actor, initiative.gemeente_id)
    source_project = None
    if own and initiative.project_id is not None:
        source_project = db.session.get(Project, initiative.project_id)
    return InitiativePage(
        initiative=initiative,
        view=_view(rk, initiative),
        adopters=_adopters(actor, initiative),
        source_project=source_project,
        source_label=_source_label(rk, initiative) if own else "",
        project_choices=_project_choices(actor, initiative)
        if initiative.status is InitiativeStatus.GOEDGEKEURD
        else [],
        may_review=visibility.may_review(actor, initiative),
        may_withdraw=visibility.may_withdraw(actor, initiative)
        and initiative.status in (InitiativeStatus.WACHT, InitiativeStatus.GOEDGEKEURD),
        is_own=own,
    )


# --- approving, rejecting, withdrawing -------------------------------------------------------------


def initiative_for_review(actor: User, initiative_id: int) -> Initiative:
    """The initiative to approve or reject, if the actor may and it still waits for it."""
    initiative = visibility.get_initiative(actor, initiative_id, _INITIATIVE_LOADS)
    if not visibility.may_review(actor, initiative):
        raise NotAuthorized()
    if initiative.status is not InitiativeStatus.WACHT:
        raise ValidationError("Dit initiatief wacht niet (meer) op goedkeuring.")
    return initiative


def _for_review(actor: User, initiative_id: int, expected_version: int | None) -> Initiative:
    initiative = initiative_for_review(actor, initiative_id)
    expect_version(initiative, expected_version)
    audit.set_context(db.session, initiative.project_id, actor)
    return initiative


def approve(actor: User, initiative_id: int, expected_version: int | None) -> Initiative:
    """A VNG user approves: from now on every gemeente sees it in the catalogue."""
    initiative = _for_review(actor, initiative_id, expected_version)
    initiative.status = InitiativeStatus.GOEDGEKEURD
    initiative.reviewed_at, initiative.reviewed_by_id, initiative.reviewed_by_name = utcnow(), actor.id, actor.name
    initiative.rejection_reason = ""
    commit_or_conflict()
    return initiative


def reject(actor: User, initiative_id: int, reason: str, expected_version: int | None) -> Initiative:
    """A VNG user rejects, with a reason the gemeente reads on its initiative."""
    initiative = _for_review(actor, initiative_id, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Leg de gemeente uit waarom het initiatief niet wordt opgenomen."]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [f"Maximaal {REASON_MAX} tekens."]})
    initiative.status = InitiativeStatus.AFGEWEZEN
    initiative.reviewed_at, initiative.reviewed_by_id, initiative.reviewed_by_name = utcnow(), actor.id, actor.name
    initiative.rejection_reason = reason
    commit_or_conflict()
    return initiative


def initiative_for_withdrawal(actor: User, initiative_id: int) -> Initiative:
    """The initiative to withdraw, if the actor may and it can still be withdrawn."""
    initiative = visibility.get_initiative(actor, initiative_id, _INITIATIVE_LOADS)
    if not visibility.may_withdraw(actor, initiative):
        raise NotAuthorized()
    if initiative.status not in (InitiativeStatus.WACHT, InitiativeStatus.GOEDGEKEURD):
        raise ValidationError("Dit initiatief is al ingetrokken of afgewezen.")
    return initiative


def withdraw(actor: User, initiative_id: int) -> Initiative:
    """Hide the initiative from other gemeenten; actions already taken over stay where they are."""
    initiative = initiative_for_withdrawal(actor, initiative_id)
    audit.set_context(db.session, initiative.project_id, actor)
    initiative.status = InitiativeStatus.INGETROKKEN
    initiative.withdrawn_at, initiative.withdrawn_by_id, initiative.withdrawn_by_name = utcnow(), actor.id, actor.name
    commit_or_conflict()
    return initiative


@dataclass(frozen=True)
class QueueRow:
    id: int
    title: str
    gemeente_name: str
    created_at: datetime
    consent_by_name: str


@dataclass(frozen=True)
class ReviewQueue:
    rows: list[QueueRow]
    paging: Paging


def review_queue(actor: User, page: int | None = None) -> ReviewQueue:
    """The initiatives waiting for the actor's approval, oldest first; for VNG users only."""
    if not access.is_vng_user(actor):
        raise NotAuthorized()
    gemeenten = visibility.reviewable_gemeente_ids(actor)
    conditions = [Initiative.status == InitiativeStatus.WACHT]
    if gemeenten is not None:
        conditions.append(Initiative.gemeente_id.in_(gemeenten or {-1}))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Initiative).where(*conditions)) or 0
    paging = page_of(page, total)
    rows = db.session.execute(
        sa.select(Initiative.id, Initiative.title, Gemeente.name, Initiative.created_at, Initiative.consent_by_name)
        .join(Gemeente, Gemeente.id == Initiative.gemeente_id)
        .where(*conditions)
        .order_by(Initiative.created_at, Initiative.id)
        .offset(paging.offset)
        .limit(paging.size)
    ).all()
    return ReviewQueue(rows=[QueueRow(*row) for row in rows], paging=paging)


# --- taking one over -------------------------------------------------------------------------------


def adopted_description(initiative: Initiative) -> str:
    parts = [f"Overgenomen van het initiatief '{initiative.title}' van {initiative.gemeente.name}."]
    if initiative.how_it_works:
        parts.append(initiative.how_it_works)
    if initiative.link:
        parts.append(f"Meer informatie: {initiative.link}")
    contact = ", ".join(p for p in (initiative.contact_name, initiative.contact_function) if p)
    reach = " · ".join(p for p in (initiative.contact_phone, initiative.contact_email) if p)
    if contact:
        parts.append(f"Contact: {contact}" + (f" ({reach})" if reach else ""))
    return "\n\n".join(parts)


def adopt(actor: User, initiative_id: int, project_id: int | None) -> Action:
    """Take an approved initiative over into one of the actor's own open projects: a new action on its list,
    linked to the initiative, and the adoption recorded. Once per project, unless the action it made was
    deleted: then again, with the one adoption linked to the new action."""
    initiative = visibility.get_initiative(actor, initiative_id, _INITIATIVE_LOADS)
    if initiative.status is not InitiativeStatus.GOEDGEKEURD:
        raise ValidationError("Alleen een goedgekeurd initiatief kunt u overnemen.")
    if project_id is None:
        raise ValidationError({"project_id": ["Kies het project waarin u het initiatief overneemt."]})
    project = access.get_project(actor, project_id, Need.WRITE, options=_PROJECT_LOADS)
    if project.id == initiative.project_id:
        raise ValidationError({"project_id": ["Dit initiatief komt uit dit project zelf."]})
    lock_project(project)
    earlier = db.session.scalars(
        sa.select(InitiativeAdoption).where(
            InitiativeAdoption.initiative_id == initiative.id, InitiativeAdoption.project_id == project.id
        )
    ).first()
    if earlier is not None and earlier.action_id is not None:
        raise ValidationError({"project_id": [ALREADY_ADOPTED]})
    rk = current_routekaart()
    in_scope = [k for k in rk.mijlpaal_order(initiative.mijlpaal_keys) if k in project.mijlpaal_keys]
    ordered: list[str | None] = [*in_scope, *rk.mijlpaal_order(initiative.mijlpaal_keys), None]
    mijlpaal = ordered[0]
    data = ActionInput(
        title=initiative.title,
        description=adopted_description(initiative),
        mijlpaal=mijlpaal,
        rol=initiative.rol if initiative.rol and rk.get("rol", initiative.rol) else None,
    )
    validate_action(rk, project, [], data)
    action = Action(
        project_id=project.id,
        title=data.title,
        description=data.description,
        mijlpaal=data.mijlpaal,
        rol=data.rol,
        source_initiative_id=initiative.id,
    )
    db.session.add(action)
    if earlier is None:
        adoption = InitiativeAdoption(initiative_id=initiative.id, project_id=project.id, adopted_by_id=actor.id)
        adoption.action = action
        db.session.add(adoption)
    else:  # its action was deleted since: taking it over again links the one adoption to the new action
        earlier.action, earlier.adopted_by_id, earlier.adopted_at = action, actor.id, utcnow()
    try:
        commit_or_conflict()
    except ConflictError as conflict:  # taken over at the same moment elsewhere: the unique constraint decides
        raise ValidationError({"project_id": [ALREADY_ADOPTED]}) from conflict
    return action
