"""Invitation pages: a projectleider's people of their gemeente (invite, send again, withdraw) and the page of
the link in the mail, where the invited person chooses a password. Thin views over accounts/invites.py."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..errors import NotFound
from ..inputs import whole_number
from ..links import page_url
from ..oidc.services import login_choices_for
from ..pages.forms import ConfirmForm
from ..views_common import flash_outcome, form_status, require_confirmed_post, save_or_conflict
from . import bp, invites
from .forms import InviteForm, NewPasswordForm
from .views import _start_session


def invitation_link(token: str) -> str:
    return page_url("accounts.accept_invitation", token=token)


def _back_to_project() -> int | None:
    """The project whose team page sent the projectleider here (?project=), for the way back."""
    return whole_number(request.args.get("project", "")) or None


@bp.route("/gemeenten/<int:gemeente_id>/mensen", methods=["GET", "POST"])
@login_required
def gemeente_people(gemeente_id):
    page = invites.gemeente_people(current_user, gemeente_id)  # not found / refused before any form is read
    form = InviteForm()
    if form.validate_on_submit():
        user = save_or_conflict(
            form,
            lambda: invites.invite_for_gemeente(
                current_user,
                gemeente_id,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                link_for=invitation_link,
            ),
        )
        if user is not None:
            flash(f"De uitnodiging voor {user.name} is verstuurd naar {user.email}.", "success")
            return redirect(url_for(".gemeente_people", gemeente_id=gemeente_id, project=_back_to_project()))
    return render_template(
        "accounts/gemeente_people.html",
        page=page,
        form=form,
        confirm_form=ConfirmForm(formdata=None),
        project_id=_back_to_project(),
    ), form_status(form)


@bp.route("/gemeenten/<int:gemeente_id>/mensen/<int:user_id>/opnieuw-uitnodigen", methods=["POST"])
@login_required
def resend_invitation(gemeente_id, user_id):
    require_confirmed_post()
    flash_outcome(
        lambda: invites.resend(current_user, user_id, invitation_link, gemeente_id),
        lambda user: f"Er is een nieuwe uitnodiging naar {user.email} gestuurd. De vorige link werkt niet meer.",
    )
    return redirect(url_for(".gemeente_people", gemeente_id=gemeente_id, project=_back_to_project()))


@bp.route("/gemeenten/<int:gemeente_id>/mensen/<int:user_id>/uitnodiging-intrekken", methods=["POST"])
@login_required
def withdraw_invitation(gemeente_id, user_id):
    require_confirmed_post()
    flash_outcome(
        lambda: invites.withdraw(current_user, user_id, gemeente_id),
        lambda name: f"De uitnodiging voor {name} is ingetrokken. De link werkt niet meer.",
    )
    return redirect(url_for(".gemeente_people", gemeente_id=gemeente_id, project=_back_to_project()))


@bp.route("/welkom/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    try:
        invitation = invites.invitation_of_link(token)
    except NotFound:
        return render_template("accounts/invitation_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = save_or_conflict(
                form, lambda: invites.accept(token, form.new_password.data, form.repeat_password.data)
            )
        except NotFound:  # used, sent again or withdrawn between the page and this post
            return render_template("accounts/invitation_invalid.html"), 404
        if user is not None:
            _start_session(user)
            flash("Uw wachtwoord is ingesteld en u bent ingelogd.", "success")
            return redirect(url_for("pages.home"))
    form.new_password.data = form.repeat_password.data = ""
    return render_template(
        "accounts/accept_invitation.html",
        form=form,
        invitation=invitation,
        token=token,  # the organisation login started here takes the invitation up (oidc.views.INVITATION_ARG)
        organisation_login=login_choices_for(invitation.gemeente_id),
    ), form_status(form)
