"""Beheer pages: thin views over admin.services (a beheerder only, checked before every request)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..accounts import invites
from ..accounts.invite_views import invitation_link
from ..documents import services as documents
from ..documents.forms import HouseStyleForm
from ..documents.views import house_style_reverted, house_style_uploaded
from ..errors import ValidationError
from ..inputs import clean_text, whole_number
from ..mail import services as mail_services
from ..models import User
from ..oidc import own as oidc_own
from ..pages.forms import ConfirmForm
from ..views_common import flash_outcome, form_status, require_confirmed_post, save_or_conflict, submitted_and_valid
from . import bp, services
from .forms import ActiveForm, AssignmentForm, GemeenteForm, InviteForm, MembershipForm, ResetPasswordForm, UserForm


@bp.before_request
@login_required
def require_beheerder():
    services.require_beheerder(current_user)


def _gemeente_choices():
    return [("", "Kies een gemeente")] + [(g.id, g.name) for g in services.all_gemeenten()]


@bp.route("/", methods=["GET", "POST"])
def index():
    form = GemeenteForm()
    if form.validate_on_submit():
        gemeente = save_or_conflict(form, lambda: services.create_gemeente(current_user, form.name.data))
        if gemeente is not None:
            flash(f"Gemeente {gemeente.name} is toegevoegd.", "success")
            return redirect(url_for(".index"))
    return render_template("admin/index.html", overview=services.overview(current_user), form=form), form_status(form)


@bp.route("/beveiligingslog")
def security_log():
    log = services.security_log_page(
        current_user,
        kind=clean_text(request.args.get("soort", "")),
        text=clean_text(request.args.get("zoek", "")),
        page=whole_number(request.args.get("pagina", "1")) or 1,
    )
    return render_template("admin/security_log.html", log=log)


@bp.route("/verzonden-email")
def outbox():
    outbox = mail_services.outbox_page(current_user, page=whole_number(request.args.get("pagina", "1")) or 1)
    return render_template("admin/outbox.html", outbox=outbox)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
def new_user():
    form = UserForm()
    if _new_user_valid(form):
        user = save_or_conflict(
            form,
            lambda: services.create_user(
                current_user,
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                is_beheerder=form.kind.data == "beheerder",
                is_procesbegeleider=form.kind.data == "procesbegeleider",
                is_coordinator=form.kind.data == "coordinator",
            ),
        )
        if user is not None:
            flash(f"Het account van {user.name} is aangemaakt. Geef het nu een gemeente en rol.", "success")
            return redirect(url_for(".user", user_id=user.id))
    form.password.data = ""
    return render_template("admin/user_new.html", form=form), form_status(form)


@bp.route("/gebruikers/uitnodigen", methods=["GET", "POST"])
def invite():
    form = InviteForm()
    form.gemeente_id.choices = _gemeente_choices()
    existing: list[int] = []

    def send():
        try:
            return invites.invite_by_beheerder(
                current_user,
                email=form.email.data,
                name=form.name.data,
                kind=form.kind.data,
                gemeente_id=form.gemeente_id.data,
                role=form.role.data,
                link_for=invitation_link,
            )
        except invites.ExistingAccount as error:
            existing.extend([error.user_id] if error.user_id else [])
            raise

    if form.validate_on_submit():
        user = save_or_conflict(form, send)
        if user is not None:
            flash(f"De uitnodiging voor {user.name} is verstuurd naar {user.email}.", "success")
            return redirect(url_for(".user", user_id=user.id))
    return render_template(
        "admin/invite.html", form=form, existing_user_id=existing[0] if existing else None
    ), form_status(form)


@bp.route("/gebruikers/<int:user_id>/uitnodiging/opnieuw", methods=["POST"])
def resend_invitation(user_id):
    require_confirmed_post()
    flash_outcome(
        lambda: invites.resend(current_user, user_id, invitation_link),
        lambda user: f"Er is een nieuwe uitnodiging naar {user.email} gestuurd. De vorige link werkt niet meer.",
    )
    return redirect(url_for(".user", user_id=user_id))


@bp.route("/gebruikers/<int:user_id>/uitnodiging/intrekken", methods=["POST"])
def withdraw_invitation(user_id):
    require_confirmed_post()
    name = invites.withdraw(current_user, user_id)
    flash(f"De uitnodiging voor {name} is ingetrokken en het account is verwijderd.", "success")
    return redirect(url_for(".index"))


def _new_user_valid(form: UserForm) -> bool:
    """The form's checks and the account rules (a free e-mail address, a strong password) in one go.

    A field the form already faulted keeps only the form's message: "Vul een e-mailadres in." needs no
    "Vul een geldig e-mailadres in." under it.
    """

    def account_rules() -> None:
        problems = services.new_user_problems(
            current_user, email=form.email.data or "", name=form.name.data or "", password=form.password.data or ""
        )
        if problems:
            raise ValidationError({name: messages for name, messages in problems.items() if not form[name].errors})

    return submitted_and_valid(form, account_rules)


def _user_page(user_id, membership_form=None, assignment_form=None, status=200, password_form=None):
    user = services.get_user(current_user, user_id)
    if password_form is None:
        password_form = ResetPasswordForm(formdata=None)
    password_form.password.data = ""
    membership_form = membership_form or MembershipForm(formdata=None)
    assignment_form = assignment_form or AssignmentForm(formdata=None)
    membership_form.gemeente_id.choices = assignment_form.gemeente_id.choices = _gemeente_choices()
    active_form = ActiveForm(formdata=None, active=user.active)
    return render_template(
        "admin/user.html",
        user=user,
        membership_form=membership_form,
        assignment_form=assignment_form,
        active_form=active_form,
        password_form=password_form,
        confirm_form=ConfirmForm(),
        identities=oidc_own.identities_of(user),
    ), status


@bp.route("/gebruikers/<int:user_id>")
def user(user_id):
    return _user_page(user_id)


def _back_to_user(user_id: int, message: str):
    flash(message, "success")
    return redirect(url_for(".user", user_id=user_id))


def _saved(form: MembershipForm | AssignmentForm, save: Callable[[], object]) -> bool:
    """A gemeente form of the user page, submitted valid and saved; else its messages are on the form."""
    form.gemeente_id.choices = _gemeente_choices()
    return form.validate_on_submit() and save_or_conflict(form, save) is not None


@bp.route("/gebruikers/<int:user_id>/lidmaatschap", methods=["POST"])
def add_membership(user_id):
    form = MembershipForm()
    if _saved(form, lambda: services.set_membership(current_user, user_id, form.gemeente_id.data, form.role.data)):
        return _back_to_user(user_id, "De rol is opgeslagen.")
    return _user_page(user_id, membership_form=form, status=400)


@bp.route("/gebruikers/<int:user_id>/gemeenten", methods=["POST"])
def add_assignment(user_id):
    form = AssignmentForm()
    if _saved(form, lambda: services.assign_procesbegeleider(current_user, user_id, form.gemeente_id.data)):
        return _back_to_user(user_id, "De gemeente is gekoppeld.")
    return _user_page(user_id, assignment_form=form, status=400)


def _confirmed_removal(remove: Callable[[User, int, int], None], user_id: int, link_id: int, message: str):
    """A button that removes one of the user's links to a gemeente: `remove(actor, user_id, link_id)`."""
    require_confirmed_post()
    remove(current_user, user_id, link_id)
    return _back_to_user(user_id, message)


@bp.route("/gebruikers/<int:user_id>/lidmaatschap/<int:membership_id>/verwijderen", methods=["POST"])
def remove_membership(user_id, membership_id):
    return _confirmed_removal(
        services.remove_membership, user_id, membership_id, "De rol bij deze gemeente is ingetrokken."
    )


@bp.route("/gebruikers/<int:user_id>/gemeenten/<int:assignment_id>/verwijderen", methods=["POST"])
def remove_assignment(user_id, assignment_id):
    return _confirmed_removal(
        services.unassign_procesbegeleider, user_id, assignment_id, "De koppeling met de gemeente is verwijderd."
    )


@bp.route("/gebruikers/<int:user_id>/organisatieaccounts/<int:identity_id>/ontkoppelen", methods=["POST"])
def unlink_identity(user_id, identity_id):
    return _confirmed_removal(
        oidc_own.unlink_by_beheerder, user_id, identity_id, "Het organisatieaccount is ontkoppeld van dit account."
    )


@bp.route("/gebruikers/<int:user_id>/actief", methods=["POST"])
def set_active(user_id):
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        user = services.set_active(current_user, user_id, bool(form.active.data))
    except ValidationError as error:
        flash(str(error), "error")
    else:
        flash("Het account is geactiveerd." if user.active else "Het account is geblokkeerd.", "success")
    return redirect(url_for(".user", user_id=user_id))


@bp.route("/gebruikers/<int:user_id>/wachtwoord", methods=["POST"])
def reset_password(user_id):
    form = ResetPasswordForm()
    if form.validate_on_submit() and save_or_conflict(
        form, lambda: services.reset_password(current_user, user_id, form.password.data)
    ):
        return _back_to_user(
            user_id, "Het tijdelijke wachtwoord is ingesteld. De gebruiker kiest bij het inloggen een eigen wachtwoord."
        )
    return _user_page(user_id, password_form=form, status=400)


# --- a gemeente's house-style templates (the beheerder's way in; projectleiders use the project) -----


@bp.route("/gemeenten/<int:gemeente_id>/huisstijl", methods=["GET", "POST"])
def house_style(gemeente_id):
    gemeente, styles = documents.house_styles_for(current_user, gemeente_id)
    form = HouseStyleForm()
    if house_style_uploaded(form, gemeente.id):
        return redirect(url_for(".house_style", gemeente_id=gemeente.id))
    return render_template(
        "admin/house_style.html", gemeente=gemeente, styles=styles, form=form, templates=documents.templates()
    ), form_status(form)


@bp.route("/gemeenten/<int:gemeente_id>/huisstijl/<template_key>/standaard", methods=["POST"])
def house_style_revert(gemeente_id, template_key):
    require_confirmed_post()
    house_style_reverted(gemeente_id, template_key)
    return redirect(url_for(".house_style", gemeente_id=gemeente_id))
