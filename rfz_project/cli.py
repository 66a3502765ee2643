"""`flask rfz ...`: demo data, accounts and content checks for operators."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .demo import load_demo


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
    from .admin.services import create_user
    from .errors import ValidationError

    try:
        user = create_user(None, email=email, name=name, password=password, is_beheerder=beheerder)
    except ValidationError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Account {user.email} aangemaakt.")


@rfz.command("check-content")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def check_content_command(path):
    """Controleer een routekaart-bestand (TOML) zonder de app te starten."""
    from .routekaart import RoutekaartError, load_routekaart
    from .routekaart.loader import DEFAULT_PATH

    try:
        rk = load_routekaart(path or DEFAULT_PATH)
    except RoutekaartError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"In orde: {len(rk.mijlpalen)} mijlpalen, {len(rk.steps)} stappen, {len(rk.checklist)} checklistpunten.")
