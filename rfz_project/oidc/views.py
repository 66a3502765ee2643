"""Organisation login: the way to the provider and back, and the beheerder's page of a gemeente's provider.

The session itself starts in the password login's own code (accounts/views._start_session): a fresh
session and CSRF token, SESSION_STARTED/SESSION_SEEN, and the session epoch in the user's id.
"""

from __future__ import annotations

import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from ..accounts.services import safe_next_url
from ..accounts.views import _start_session as start_session  # the one way a login starts a session
from ..accounts.views import profile_page
from ..errors import ConflictError, NotFound, ValidationError
from ..forms import apply_errors
from ..inputs import whole_number
from ..links import page_url
from ..pages.forms import ConfirmForm
from ..views_common import flash_outcome, form_status, save_or_conflict
from . import bp, client, own, services
from .forms import LinkForm, ProviderForm

# The start's query argument with the token of the invitation link the login was started from.
INVITATION_ARG = "uitnodiging"
# Where to go after the login, kept in the session between the start and the callback.
_NEXT = "_rfz_oidc_next"
# The invitation link whose accept page started the login (its token), kept the same way.
_INVITATION = "_rfz_oidc_invitation"
# The id of the logged-in account that went to the provider to link an organisation account ("Mijn account").
_LINKING = "_rfz_oidc_linking"
_LINKED_ANCHOR = "#kop-organisatieaccount"
# [user id, provider key, when]: the password was confirmed for linking; the way on is open this many seconds.
_LINK_CONFIRMED = "_rfz_oidc_link_confirmed"
LINK_CONFIRMED_FOR = 10 * 60
_UNREACHABLE = "De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw."


def callback_url(gemeente_id: int | None) -> str:
    """The redirect URI to register at the provider."""
    if gemeente_id is None:
        return page_url("oidc.callback")
    return page_url("oidc.callback_gemeente", gemeente_id=gemeente_id)


def _failed(message: str, status: int):
    return render_template("oidc/failed.html", message=message), status


@bp.route("/inloggen/organisatie")
def start():
    """The installation's provider (RFZ_OIDC_*)."""
    return _start(None)


@bp.route("/inloggen/organisatie/<int:gemeente_id>")
def start_gemeente(gemeente_id):
    """A gemeente's own provider."""
    return _start(gemeente_id)


def _start(gemeente_id: int | None):
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    provider = services.provider_for(gemeente_id)
    _keep(_NEXT, safe_next_url(request.args.get("next")))
    _keep(_INVITATION, request.args.get(INVITATION_ARG, "")[:1000])  # checked at the callback
    try:
        return client.start(provider, callback_url(gemeente_id))
    except client.FlowFailed as failed:
        services.record_failed_flow(provider, failed.reason)
        return _failed(_UNREACHABLE, 502)


def _keep(key: str, value: str | None) -> None:
    """Keep `value` in the session until the callback; an empty one forgets an earlier login's."""
    if value:
        session[key] = value
    else:
        session.pop(key, None)


@bp.route("/inloggen/organisatie/kies")
def choose():
    """The login page's list of gemeenten as one select (when there are many): on to that gemeente's start."""
    gemeente_id = whole_number(request.args.get("gemeente", ""))
    if gemeente_id is None:
        flash("Kies uw gemeente uit de lijst.", "error")
        return redirect(url_for("accounts.login"))
    return redirect(url_for("oidc.start_gemeente", gemeente_id=gemeente_id, next=request.args.get("next") or None))


@bp.route("/inloggen/organisatie/terug")
def callback():
    return _callback(None)


@bp.route("/inloggen/organisatie/<int:gemeente_id>/terug")
def callback_gemeente(gemeente_id):
    return _callback(gemeente_id)


def _callback(gemeente_id: int | None):
    provider = services.provider_for(gemeente_id)
    next_url = session.pop(_NEXT, None)
    invitation_token = session.pop(_INVITATION, None)
    linking = session.pop(_LINKING, None)
    try:
        claims = client.finish(provider)
    except client.FlowFailed as failed:
        services.record_failed_flow(provider, failed.reason)
        if linking is not None:
            flash("Het koppelen is niet gelukt: de inlogdienst van uw organisatie gaf geen geldig antwoord.", "error")
            return redirect(url_for("accounts.profile") + _LINKED_ANCHOR)
        if request.args.get("error") == "access_denied":
            return _failed("U hebt het inloggen bij uw organisatie afgebroken. U bent niet ingelogd.", 400)
        return _failed(
            "Het inloggen met uw organisatieaccount is niet gelukt: het antwoord van de inlogdienst klopte niet "
            "of was verlopen. Begin opnieuw bij de inlogpagina.",
            400,
        )
    if linking is not None:
        return _linked(provider, claims, linking)
    try:
        user = services.login_with_identity(provider, claims, invitation_token)
    except services.LoginRefused as refused:
        return _failed(refused.message, 403)
    except ConflictError:
        return _failed("Er ging tegelijk iets anders mis met uw account. Probeer opnieuw in te loggen.", 409)
    start_session(user)
    session[client.SESSION_PROVIDER] = provider.key
    return redirect(safe_next_url(next_url) or url_for("pages.home"))


# --- "Mijn account": linking and unlinking one's own organisation account ------------------------------


@bp.route("/account/organisatieaccount/koppelen", methods=["POST"])
@login_required
def link():
    """The current password first. The way to the provider is a link on the next page, not a redirect of this
    POST: the CSP's form-action 'self' stops a form's POST from being redirected to another site."""
    form = LinkForm()
    gemeente_id = _gemeente_of_key(form.provider.data or "")
    if form.validate_on_submit():
        try:
            provider = own.check_may_link(current_user, gemeente_id, form.password.data or "")
        except ValidationError as error:
            apply_errors(form, error)
        else:
            session[_LINK_CONFIRMED] = [current_user.id, provider.key, int(time.time())]
            return redirect(url_for(".link_continue"))
    return profile_page(link_form=form)


@bp.route("/account/organisatieaccount/koppelen/verder")
@login_required
def link_continue():
    provider = _confirmed_link()
    if provider is None:
        return redirect(url_for("accounts.profile") + _LINKED_ANCHOR)
    return render_template("oidc/link_continue.html", provider=provider)


@bp.route("/account/organisatieaccount/koppelen/naar-organisatie")
@login_required
def link_go():
    """On to the provider, once per confirmed password; back through the usual callback (so a provider needs
    no other redirect URI)."""
    provider = _confirmed_link()
    session.pop(_LINK_CONFIRMED, None)
    if provider is None:
        return redirect(url_for("accounts.profile") + _LINKED_ANCHOR)
    session[_LINKING] = current_user.id
    session.pop(_NEXT, None)
    session.pop(_INVITATION, None)
    try:
        return client.start(provider, callback_url(provider.gemeente_id))
    except client.FlowFailed as failed:
        services.record_failed_flow(provider, failed.reason)
        session.pop(_LINKING, None)
        return _failed(_UNREACHABLE, 502)


def _confirmed_link() -> services.ProviderSettings | None:
    """The provider this user confirmed the password for in the last LINK_CONFIRMED_FOR seconds, or None
    (after flashing why)."""
    user_id, key, at = (session.get(_LINK_CONFIRMED) or [None, "", 0])[:3]
    if user_id != current_user.id or time.time() - at > LINK_CONFIRMED_FOR:
        flash("Vul uw wachtwoord opnieuw in om uw organisatieaccount te koppelen.", "error")
        return None
    try:
        return services.provider_for(_gemeente_of_key(key))
    except NotFound:
        flash("Deze organisatie is intussen niet meer ingesteld.", "error")
        return None


def _gemeente_of_key(key: str) -> int | None:
    """The gemeente of a provider key ("gemeente-12"); None for the installation's (or a key of nothing)."""
    return whole_number(key.removeprefix("gemeente-")) if key.startswith("gemeente-") else None


def _linked(provider: services.ProviderSettings, claims, linking: int):
    if not current_user.is_authenticated or current_user.id != linking:
        return _failed("U bent intussen uitgelogd of met een ander account ingelogd. Er is niets gekoppeld.", 400)
    try:
        added = own.link_own_identity(current_user, provider, claims)
    except ValidationError as error:
        flash(str(error), "error")
    except ConflictError:
        flash("Dit organisatieaccount is zojuist aan een ander account in deze tool gekoppeld.", "error")
    else:
        if added:
            flash("Uw organisatieaccount is gekoppeld. U kunt voortaan ook daarmee inloggen.", "success")
        else:
            flash("Dit organisatieaccount was al aan uw account gekoppeld.", "info")
    return redirect(url_for("accounts.profile") + _LINKED_ANCHOR)


@bp.route("/account/organisatieaccount/<int:identity_id>/ontkoppelen", methods=["GET", "POST"])
@login_required
def unlink(identity_id):
    identity = own.own_identity(current_user, identity_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        flash_outcome(
            lambda: own.unlink_own_identity(current_user, identity_id),
            f"Uw organisatieaccount is ontkoppeld: u logt niet meer in met de knop ‘{identity.label}’.",
        )
        return redirect(url_for("accounts.profile") + _LINKED_ANCHOR)
    return render_template("oidc/unlink.html", identity=identity, form=form)


# --- the beheerder's page of a gemeente's provider -------------------------------------------------


def _provider_form(page: services.ProviderPage) -> ProviderForm:
    stored = page.provider
    data = {}
    if stored is not None:
        data = {
            "issuer": stored.issuer,
            "client_id": stored.client_id,
            "label": stored.label,
            "passwords_off": stored.passwords_off,
            "version": str(stored.version),
        }
    return ProviderForm(data=data)


@bp.route("/beheer/gemeenten/<int:gemeente_id>/organisatielogin", methods=["GET", "POST"])
@login_required
def provider(gemeente_id):
    page = services.provider_page(current_user, gemeente_id)
    form = ProviderForm() if request.method == "POST" else _provider_form(page)
    if form.validate_on_submit():
        saved = save_or_conflict(
            form,
            lambda: services.save_provider(
                current_user,
                gemeente_id,
                issuer=form.issuer.data,
                client_id=form.client_id.data,
                client_secret=form.client_secret.data or "",
                label=form.label.data or "",
                passwords_off=bool(form.passwords_off.data),
                expected_version=form.expected_version(),
            ),
            newest_version=lambda: _newest_version(gemeente_id),
        )
        if saved is not None:
            flash(f"De organisatielogin van {page.gemeente.name} is opgeslagen.", "success")
            return redirect(url_for("oidc.provider", gemeente_id=gemeente_id))
    form.client_secret.data = ""
    return render_template(
        "oidc/provider.html",
        page=page,
        form=form,
        redirect_uri=callback_url(gemeente_id),
        logout_return_uri=page_url("accounts.login"),
    ), form_status(form)


def _newest_version(gemeente_id: int) -> int | None:
    page = services.provider_page(current_user, gemeente_id)
    return page.provider.version if page.provider else None


@bp.route("/beheer/gemeenten/<int:gemeente_id>/organisatielogin/verwijderen", methods=["GET", "POST"])
@login_required
def remove_provider(gemeente_id):
    page = services.provider_page(current_user, gemeente_id)
    if page.provider is None:
        raise NotFound()
    form = ConfirmForm()
    if form.validate_on_submit():
        flash_outcome(
            lambda: services.remove_provider(current_user, gemeente_id),
            f"De organisatielogin van {page.gemeente.name} is verwijderd. Iedereen logt weer in met een wachtwoord.",
        )
        return redirect(url_for("oidc.provider", gemeente_id=gemeente_id))
    return render_template("oidc/remove_provider.html", page=page, form=form)
