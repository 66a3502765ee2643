"""Thin views for the sessions of a project, plus the public calendar feed."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..access import Need
from ..errors import ConflictError, ValidationError
from ..forms import apply_errors
from ..pages.forms import ConfirmForm
from ..views_common import current_routekaart, submitted_and_valid
from . import bp, services
from .calendar import calendar_for, sessie_title
from .forms import InvitationForm, ParticipantForm, SessieForm, StatusForm

PREFIX = "/projecten/<int:project_id>/sessies"


def _ics(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _sessie_input(form: SessieForm) -> services.SessieInput:
    return services.SessieInput(
        session_type=form.session_type.data or "",
        on_date=form.on_date.data,
        start_time=form.start_time.data,
        duration_minutes=form.duration_minutes.data,
        mijlpalen=form.mijlpalen.data or [],
        option=form.option.data or None,
        title=form.title.data or "",
        mode=form.mode.data or "",
        location=form.location.data or "",
        online_url=form.online_url.data or "",
        procesbegeleider=form.procesbegeleider.data or "",
        administrator=form.administrator.data or "",
        agenda=form.agenda.data or "",
    )


def _validated(form: SessieForm, project) -> services.SessieInput | None:
    """All problems after one submit: the form's own checks and the session rules together."""
    data = _sessie_input(form)
    return (
        data
        if submitted_and_valid(form, lambda: services.validate_sessie(current_routekaart(), project, data))
        else None
    )


def _flash_notices(project_id: int, sessie_id: int) -> None:
    for notice in services.sessie_page(current_user, project_id, sessie_id).notices:
        flash(notice, "warning")


@bp.route(PREFIX)
@login_required
def index(project_id):
    page = services.sessions_page(current_user, project_id)
    return render_template(
        "sessions/index.html",
        page=page,
        project=page.project,
        title_of=sessie_title,
        confirm_form=ConfirmForm(),
        feed_url=None,
    )


@bp.route(f"{PREFIX}/nieuw", methods=["GET", "POST"])
@login_required
def new(project_id):
    project = services.project_for_sessions(current_user, project_id, Need.WRITE)
    form = SessieForm()
    form.fill_choices(current_routekaart(), project.mijlpaal_keys)
    data = _validated(form, project)
    if data is not None:
        sessie = services.create_sessie(current_user, project.id, data)
        flash("De sessie is gepland.", "success")
        _flash_notices(project.id, sessie.id)
        return redirect(url_for(".show", project_id=project.id, sessie_id=sessie.id))
    return render_template(
        "sessions/form.html", form=form, project=project, sessie=None
    ), 400 if form.is_submitted() else 200


@bp.route(f"{PREFIX}/<int:sessie_id>")
@login_required
def show(project_id, sessie_id):
    page = services.sessie_page(current_user, project_id, sessie_id)
    return render_template(
        "sessions/show.html",
        page=page,
        project=page.project,
        sessie=page.sessie,
        title=sessie_title(current_routekaart(), page.sessie),
        participant_form=ParticipantForm(formdata=None),
        invitation_form=InvitationForm(formdata=None),
        confirm_form=ConfirmForm(),
    )


@bp.route(f"{PREFIX}/<int:sessie_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(project_id, sessie_id):
    project, sessie = services.get_sessie(current_user, project_id, sessie_id, Need.WRITE)
    if sessie.status.value == "afgerond":
        flash(services.READ_ONLY_MESSAGE, "warning")
        return redirect(url_for(".show", project_id=project.id, sessie_id=sessie.id))
    form = SessieForm(obj=sessie if request.method == "GET" else None)
    form.fill_choices(current_routekaart(), project.mijlpaal_keys)
    if request.method == "GET":
        form.mijlpalen.data, form.mode.data = sessie.mijlpaal_keys, sessie.mode.value
        form.version.data = str(sessie.version)
    data = _validated(form, project)
    if data is not None:
        try:
            services.update_sessie(current_user, project.id, sessie.id, data, form.expected_version())
        except ValidationError as error:
            apply_errors(form, error)
        except ConflictError:
            form.form_errors.append(ConflictError.MESSAGE)
            form.version.data = str(services.get_sessie(current_user, project_id, sessie_id)[1].version)
        else:
            flash("De sessie is opgeslagen.", "success")
            _flash_notices(project.id, sessie.id)
            return redirect(url_for(".show", project_id=project.id, sessie_id=sessie.id))
    return render_template(
        "sessions/form.html", form=form, project=project, sessie=sessie
    ), 400 if form.is_submitted() else 200


@bp.route(f"{PREFIX}/<int:sessie_id>/status", methods=["POST"])
@login_required
def change_status(project_id, sessie_id):
    form = StatusForm()
    try:
        sessie = services.change_status(
            current_user, project_id, sessie_id, form.status.data or "", form.expected_version()
        )
    except ValidationError as error:
        flash(str(error), "error")
    except ConflictError:
        flash(ConflictError.MESSAGE, "error")
    else:
        flash(f"De sessie heeft nu de status '{sessie.status.label}'.", "success")
    return redirect(url_for(".show", project_id=project_id, sessie_id=sessie_id))


@bp.route(f"{PREFIX}/<int:sessie_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(project_id, sessie_id):
    project, sessie = services.get_sessie(current_user, project_id, sessie_id, Need.WRITE)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.delete_sessie(current_user, project.id, sessie.id)
        except ValidationError as error:
            flash(str(error), "error")
            return redirect(url_for(".show", project_id=project.id, sessie_id=sessie.id))
        flash("De sessie is verwijderd.", "success")
        return redirect(url_for(".index", project_id=project.id))
    return render_template(
        "projects/confirm_delete.html",
        project=project,
        form=form,
        what=f"de sessie '{sessie_title(current_routekaart(), sessie)}' met alle deelnemers",
        cancel_url=url_for(".show", project_id=project.id, sessie_id=sessie.id),
    )


@bp.route(f"{PREFIX}/voorstel", methods=["POST"])
@login_required
def propose(project_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        sessies = services.propose_schedule(current_user, project_id)
    except ValidationError as error:
        flash(str(error), "error")
    else:
        flash(
            f"Er staan {len(sessies)} sessies als concept klaar. Vul per sessie de locatie en begeleiders in "
            "en pas data aan waar nodig.",
            "success",
        )
    return redirect(url_for(".index", project_id=project_id))


# --- participants ----------------------------------------------------------------------------------


@bp.route(f"{PREFIX}/<int:sessie_id>/deelnemers", methods=["POST"])
@login_required
def add_participant(project_id, sessie_id):
    services.get_sessie(current_user, project_id, sessie_id, Need.WRITE)  # refuse before reading the form
    form = ParticipantForm()
    if form.validate_on_submit():
        try:
            services.add_participant(
                current_user,
                project_id,
                sessie_id,
                services.ParticipantInput(
                    group=form.group.data,
                    name=form.name.data or "",
                    organisation=form.organisation.data or "",
                    headcount=form.headcount.data,
                    invitation=form.invitation.data,
                ),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash("De deelnemer is toegevoegd.", "success")
            return redirect(url_for(".show", project_id=project_id, sessie_id=sessie_id) + "#deelnemers")
    page = services.sessie_page(current_user, project_id, sessie_id)
    return render_template(
        "sessions/show.html",
        page=page,
        project=page.project,
        sessie=page.sessie,
        title=sessie_title(current_routekaart(), page.sessie),
        participant_form=form,
        invitation_form=InvitationForm(formdata=None),
        confirm_form=ConfirmForm(),
    ), 400


@bp.route(f"{PREFIX}/<int:sessie_id>/deelnemers/<int:participant_id>", methods=["POST"])
@login_required
def set_invitation(project_id, sessie_id, participant_id):
    form = InvitationForm()
    try:
        services.set_invitation(current_user, project_id, sessie_id, participant_id, form.invitation.data or "")
    except ValidationError as error:
        flash(str(error), "error")
    else:
        flash("De status van de deelnemer is bijgewerkt.", "success")
    return redirect(url_for(".show", project_id=project_id, sessie_id=sessie_id) + "#deelnemers")


@bp.route(f"{PREFIX}/<int:sessie_id>/deelnemers/<int:participant_id>/verwijderen", methods=["POST"])
@login_required
def remove_participant(project_id, sessie_id, participant_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.remove_participant(current_user, project_id, sessie_id, participant_id)
    except ValidationError as error:
        flash(str(error), "error")
    else:
        flash("De deelnemer is verwijderd.", "success")
    return redirect(url_for(".show", project_id=project_id, sessie_id=sessie_id) + "#deelnemers")


# --- calendar --------------------------------------------------------------------------------------


@bp.route(f"{PREFIX}/<int:sessie_id>/agenda.ics")
@login_required
def sessie_ics(project_id, sessie_id):
    project, sessie = services.get_sessie(current_user, project_id, sessie_id)
    return _ics(calendar_for(current_routekaart(), project, [sessie]), f"sessie-{sessie.on_date.isoformat()}.ics")


@bp.route(f"{PREFIX}/abonnement", methods=["POST"])
@login_required
def create_feed(project_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = services.create_feed(current_user, project_id)
    flash(
        "Er is een nieuwe abonnementslink gemaakt. Kopieer hem nu: om veiligheidsredenen tonen we hem maar "
        "één keer. Een eerdere link werkt niet meer.",
        "success",
    )
    return render_feed_created(project_id, url_for(".feed", token=token, _external=True))


def render_feed_created(project_id: int, feed_url: str):
    page = services.sessions_page(current_user, project_id)
    return render_template(
        "sessions/index.html",
        page=page,
        project=page.project,
        title_of=sessie_title,
        confirm_form=ConfirmForm(),
        feed_url=feed_url,
    )


@bp.route(f"{PREFIX}/abonnement/intrekken", methods=["POST"])
@login_required
def revoke_feed(project_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.revoke_feed(current_user, project_id)
    flash("De abonnementslink is ingetrokken; agenda's die hem gebruiken krijgen geen sessies meer.", "success")
    return redirect(url_for(".index", project_id=project_id))


@bp.route("/agenda/<token>.ics")
def feed(token):
    """Public on purpose: calendar apps cannot log in. The secret token is the key."""
    project, sessies = services.feed_sessies(token)
    response = _ics(calendar_for(current_routekaart(), project, sessies), "sessies.ics")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
