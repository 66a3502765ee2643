"""`flask rfz ...`: demo data, accounts, content checks and document rendering for operators."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import links
from .admin.services import create_user
from .demo import load_demo
from .documents import services as documents
from .documents.catalog import DocumentFile
from .errors import NotFound, ValidationError
from .mail import worker as mail_worker
from .reminders import services as reminders
from .routekaart import RoutekaartError, current_routekaart, load_routekaart
from .routekaart.loader import DEFAULT_PATH


@click.group()
def rfz():
    """Commando's voor de RFZ-implementatietool."""


@rfz.command("demo")
@with_appcontext
def demo_command():
    """Laad de demogegevens (acht gemeenten); een tweede keer verandert niets."""
    created = load_demo()
    if created:
        click.echo(f"Demogegevens geladen: {created} nieuwe records.")
    else:
        click.echo("Demogegevens waren al geladen; niets veranderd.")


@rfz.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--beheerder", is_flag=True, help="Maak een beheerder.")
@click.password_option("--password", prompt="Wachtwoord")
@with_appcontext
def create_user_command(email, name, beheerder, password):
    """Maak een account aan (bijvoorbeeld de eerste beheerder)."""
    try:
        user = create_user(None, email=email, name=name, password=password, is_beheerder=beheerder)
    except ValidationError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Account {user.email} aangemaakt.")


@rfz.command("mail-worker")
@click.option("--interval", default=5.0, show_default=True, help="Seconden tussen twee rondes langs de outbox.")
@click.option("--once", is_flag=True, help="Eén ronde: verstuur wat klaarstaat en stop.")
@with_appcontext
def mail_worker_command(interval, once):
    """Verstuur de e-mail uit de outbox, met nieuwe pogingen als de mailserver niet bereikbaar is.

    Draai er een of meer naast de webserver; twee workers versturen nooit dezelfde e-mail.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app itself, for the loop
    if once:
        delivery = mail_worker.deliver_due(app)
        click.echo(f"{delivery.sent} verzonden, {delivery.failed} mislukt.")
        return
    mail_worker.run(app, interval=interval)


@rfz.command("send-reminders")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Doe alsof het vandaag deze datum is (JJJJ-MM-DD), om te testen of een gemiste dag in te halen.",
)
@with_appcontext
def send_reminders_command(today):
    """Zet de weekoverzichten en de herinneringen voor de sessies van morgen in de outbox.

    Draai dit elke dag (een timer). Wat al verstuurd is, gaat niet nog eens: twee keer draaien, ook tegelijk
    op twee machines, verstuurt alles één keer.
    """
    if not links.has_base_url():
        click.echo("Let op: RFZ_BASE_URL is niet gezet; de links in de e-mail beginnen met http://localhost.", err=True)
    day = today.date() if today else date.today()
    result = reminders.send_reminders(day)
    click.echo(
        f"{day.isoformat()}: {result.digests} weekoverzicht(en) en {result.sessie_reminders} "
        "herinnering(en) voor sessies in de outbox gezet."
    )


@rfz.command("check-content")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def check_content_command(path):
    """Controleer een routekaart-bestand (TOML) zonder de app te starten."""
    try:
        rk = load_routekaart(path or DEFAULT_PATH)
    except RoutekaartError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"In orde: {len(rk.mijlpalen)} mijlpalen, {len(rk.steps)} stappen, {len(rk.checklist)} checklistpunten.")


@rfz.command("render-doc")
@click.argument("project_id", metavar="PROJECT", type=int)
@click.argument("document_key", metavar="DOCUMENT")
@click.option("--sessie", "sessie_id", type=int, help="Nummer (id) van de sessie, voor een document per sessie.")
@click.option("--taak", type=click.IntRange(min=1), help="Volgnummer van de reguliere taak (1, 2, ...).")
@click.option("--sjabloon", "template_key", help="Het sjabloon, als een document er meer heeft (bij de uitnodiging).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Het bestand; standaard de naam van de download, in de huidige map.",
)
@with_appcontext
def render_doc_command(project_id, document_key, sessie_id, taak, template_key, out):
    """Maak één document van een project zoals de download het maakt, om een sjabloon te controleren.

    PROJECT is het nummer (id) van het project, DOCUMENT de sleutel van het document in de routekaart
    (bijvoorbeeld projectplan of presentatie_optie_a). De eigen sjablonen van de gemeente tellen mee.
    """
    if sessie_id is not None and taak is not None:
        raise click.UsageError("Geef --sessie of --taak, niet allebei.")
    _check_document(document_key)
    pick = _FilePicker(document_key, sessie_id, None if taak is None else taak - 1, template_key)
    try:
        rendered = documents.render_for_command_line(project_id, pick)
    except NotFound as error:
        raise click.UsageError(f"Er is geen project met nummer {project_id}.") from error
    path = out or Path(rendered.filename)
    path.write_bytes(rendered.content)
    click.echo(f"{path} geschreven ({len(rendered.content)} bytes).")


def _check_document(document_key: str) -> None:
    rk = current_routekaart()
    made = [d.key for d in rk.documents if d.generated]
    document = rk.get("document", document_key)
    if document is None:
        raise click.UsageError(f"Onbekend document '{document_key}'. De tool maakt: {', '.join(made)}.")
    if not document.generated:
        raise click.UsageError(
            f"'{document.label}' is een vast bestand uit de toolkit; de tool vult het niet in. "
            f"De tool maakt: {', '.join(made)}."
        )


class _FilePicker:
    """Picks the one file the options ask for from a project's files, or says in Dutch what is missing."""

    def __init__(self, document_key: str, sessie_id: int | None, task_index: int | None, template_key: str | None):
        self.document_key, self.sessie_id, self.task_index = document_key, sessie_id, task_index
        self.template_key = template_key

    def __call__(self, files: list[DocumentFile]) -> DocumentFile:
        candidates = [f for f in files if f.document_key == self.document_key]
        if not candidates:
            label = current_routekaart().get("document", self.document_key).label
            raise click.ClickException(f"Dit project heeft nu geen '{label}' (bijvoorbeeld nog geen sessie ervoor).")
        candidates = self._for_item(candidates)
        if self.template_key is not None:
            candidates = [f for f in candidates if f.template_key == self.template_key]
            if not candidates:
                raise click.UsageError(f"Dit document wordt niet gemaakt met het sjabloon '{self.template_key}'.")
        if len(candidates) > 1:
            choices = ", ".join(f.template_key for f in candidates)
            raise click.UsageError(f"Dit document heeft meer versies; kies er een met --sjabloon: {choices}.")
        return candidates[0]

    def _for_item(self, candidates: list[DocumentFile]) -> list[DocumentFile]:
        if self.sessie_id is not None:
            found = [f for f in candidates if f.sessie_id == self.sessie_id]
            if not found:
                raise click.UsageError(f"Dit document is er niet voor sessie {self.sessie_id}.{_sessies(candidates)}")
            return found
        if self.task_index is not None:
            if all(f.task_index is None for f in candidates):
                raise click.UsageError("Dit document is er niet per taak: laat --taak weg.")
            found = [f for f in candidates if f.task_index == self.task_index]
            if not found:
                raise click.UsageError(f"Het project heeft geen reguliere taak met nummer {self.task_index + 1}.")
            return found
        whole = [f for f in candidates if f.sessie_id is None and f.task_index is None]
        if not whole:
            raise click.UsageError(f"Dit document is er per sessie: geef --sessie.{_sessies(candidates)}")
        return whole


def _sessies(candidates: list[DocumentFile]) -> str:
    ids = sorted({f.sessie_id for f in candidates if f.sessie_id is not None})
    return f" Sessies met dit document: {', '.join(map(str, ids))}." if ids else ""
