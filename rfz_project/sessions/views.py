"""Thin views for the sessies of a project, plus the public calendar feed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..access import Need
from ..errors import ConflictError, ValidationError
from ..formatting import aantal
from ..forms import enum_choices
from ..inputs import clean_text, whole_number
from ..models import InvitationStatus
from ..pages.forms import ConfirmForm
from ..views_common import (
    current_routekaart,
    flash_outcome,
    form_page,
    form_status,
    loaded_or_flashed,
    record_form,
    render_sessie_page,
    require_confirmed_post,
    save_or_conflict,
    shown_record,
    submitted_and_valid,
)
from . import bp, invitations, participants, services
from .calendar import calendar_for, sessie_title
from .forms import AnswerForm, EditParticipantForm, ParticipantForm, SessieForm, StatusForm

PREFIX = "/projecten/<int:project_id>/sessies"

T = TypeVar("T")


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
        route=form.route.data or "",
        accessibility=form.accessibility.data or "",
        travel_costs=form.travel_costs.data or "",
        reply_by=form.reply_by.data,
        contact_user_id=form.contact_user_id.data,
    )


def _validated(form: SessieForm, project, sessie=None) -> services.SessieInput | None:
    """All problems after one submit: the form's own checks and the sessie rules together."""
    data = _sessie_input(form)
    return (
        data
        if submitted_and_valid(form, lambda: services.validate_sessie(current_routekaart(), project, data, sessie))
        else None
    )


def _sessie_url(project_id: int, sessie_id: int, anchor: str = "") -> str:
    return url_for(".show", project_id=project_id, sessie_id=sessie_id) + (f"#{anchor}" if anchor else "")


def _saved(project_id: int, sessie_id: int, message: str):
    """After a save: say so and show the sessie, whose page gives the toolkit's advice about it (once: it is
    not flashed as well)."""
    flash(message, "success")
    return redirect(_sessie_url(project_id, sessie_id))


def _render_list(project_id: int, feed_url: str | None = None):
    page = services.sessie_list_page(current_user, project_id)
    return render_template(
        "sessions/index.html",
        page=page,
        project=page.project,
        feed_url=feed_url,
    )


@dataclass(frozen=True)
class _Attendance:
    """The participants' status form as the page shows it: after a refused save, the rows the user changed
    (the others show what is stored now) and the messages, per row and for the whole form."""

    chosen: dict[int, str] = field(default_factory=dict)
    errors: dict[int, list[str]] = field(default_factory=dict)
    form_errors: list[str] = field(default_factory=list)

    def value(self, participant) -> str:
        return self.chosen.get(participant.id, participant.invitation.value)


def _render_sessie(
    project_id: int,
    sessie_id: int,
    participant_form: ParticipantForm | None = None,
    attendance: _Attendance | None = None,
):
    page = services.sessie_page(current_user, project_id, sessie_id)
    return render_sessie_page(
        "sessions/show.html",
        page.sessie,
        page=page,
        project=page.project,
        participant_form=participant_form or ParticipantForm(formdata=None),
        attendance=attendance or _Attendance(),
        invitation_choices=enum_choices(InvitationStatus),
        invitation_field=participants.invitation_field,
    )


@bp.route(PREFIX)
@login_required
def index(project_id):
    return _render_list(project_id)


@bp.route(f"{PREFIX}/nieuw", methods=["GET", "POST"])
@login_required
def new(project_id):
    project = services.project_for_new_sessie(current_user, project_id)
    form = SessieForm()
    form.fill_choices(current_routekaart(), project.mijlpaal_keys, services.contact_choices(project))
    data = _validated(form, project)
    if data is not None:
        sessie = save_or_conflict(form, lambda: services.create_sessie(current_user, project.id, data))
        if sessie is not None:
            return _saved(project.id, sessie.id, "De sessie is gepland.")
    return render_template("sessions/form.html", form=form, project=project, sessie=None), form_status(form)


@bp.route(f"{PREFIX}/<int:sessie_id>")
@login_required
def show(project_id, sessie_id):
    return _render_sessie(project_id, sessie_id)


@bp.route(f"{PREFIX}/<int:sessie_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(project_id, sessie_id):
    loaded = loaded_or_flashed(lambda: services.sessie_to_change(current_user, project_id, sessie_id))
    if loaded is None:  # finished: said where the user can reopen it
        return redirect(_sessie_url(project_id, sessie_id))
    project, sessie = loaded
    form = SessieForm(obj=sessie if request.method == "GET" else None)
    form.fill_choices(current_routekaart(), project.mijlpaal_keys, services.contact_choices(project, sessie))
    if request.method == "GET":
        form.mijlpalen.data, form.mode.data = sessie.mijlpaal_keys, sessie.mode.value
        form.version.data = str(sessie.version)
    data = _validated(form, project, sessie)
    if data is not None:
        saved = save_or_conflict(
            form,
            lambda: services.update_sessie(current_user, project.id, sessie.id, data, form.expected_version()),
            newest_version=lambda: services.get_sessie(current_user, project_id, sessie_id)[1].version,
        )
        if saved is not None:
            return _saved(project.id, sessie.id, "De sessie is opgeslagen.")
    return render_template(
        "sessions/form.html",
        form=form,
        project=project,
        sessie=sessie,
        mailed=len(services.mailed_participants(sessie)),
    ), form_status(form)


@bp.route(f"{PREFIX}/<int:sessie_id>/status", methods=["POST"])
@login_required
def change_status(project_id, sessie_id):
    form = StatusForm()
    flash_outcome(
        lambda: services.change_status(
            current_user, project_id, sessie_id, form.status.data or "", form.expected_version()
        ),
        lambda sessie: f"De sessie heeft nu de status '{sessie.status.label}'.",
    )
    return redirect(_sessie_url(project_id, sessie_id))


@bp.route(f"{PREFIX}/<int:sessie_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(project_id, sessie_id):
    project, sessie = services.get_sessie(current_user, project_id, sessie_id, Need.WRITE)
    form = ConfirmForm()
    if form.validate_on_submit():
        deleted = flash_outcome(
            lambda: services.delete_sessie(current_user, project.id, sessie.id), "De sessie is verwijderd."
        )
        return redirect(url_for(".index", project_id=project.id) if deleted else _sessie_url(project.id, sessie.id))
    return render_template(
        "sessions/delete.html",
        project=project,
        form=form,
        what=f"de sessie '{sessie_title(current_routekaart(), sessie)}' met alle deelnemers",
        mailed=len(services.mailed_participants(sessie)),
        cancel_url=_sessie_url(project.id, sessie.id),
    )


@bp.route(f"{PREFIX}/voorstel", methods=["POST"])
@login_required
def propose(project_id):
    require_confirmed_post()
    flash_outcome(
        lambda: services.propose_schedule(current_user, project_id),
        lambda sessies: (
            f"Er staan {len(sessies)} sessies als concept klaar. Vul per sessie de locatie en begeleiders in "
            "en pas data aan waar nodig."
        ),
    )
    return redirect(url_for(".index", project_id=project_id))


# --- participants ----------------------------------------------------------------------------------


def _participant_input(form, invitation: str = "") -> participants.ParticipantInput:
    return participants.ParticipantInput(
        group=form.group.data,
        name=form.name.data or "",
        organisation=form.organisation.data or "",
        headcount=form.headcount.data,
        invitation=invitation,
        email=form.email.data or "",
    )


@bp.route(f"{PREFIX}/<int:sessie_id>/deelnemers", methods=["POST"])
@login_required
def add_participant(project_id, sessie_id):
    services.get_sessie(current_user, project_id, sessie_id, Need.WRITE)  # refuse before reading the form
    form = ParticipantForm()
    if form.validate_on_submit():
        data = _participant_input(form, invitation=form.invitation.data)
        added = save_or_conflict(form, lambda: participants.add_participant(current_user, project_id, sessie_id, data))
        if added is not None:
            flash("De deelnemer is toegevoegd.", "success")
            return redirect(_sessie_url(project_id, sessie_id, "deelnemers"))
    return _render_sessie(project_id, sessie_id, participant_form=form), 400


def _invitation_choices(form) -> dict[int, participants.InvitationChoice]:
    """Fields named invitation-<id> (the status chosen) and shown-<id> (the status the page showed)."""
    choices = {}
    for name, value in form.items():
        participant_id = whole_number(name.removeprefix("invitation-")) if name.startswith("invitation-") else None
        if participant_id is not None:
            shown = clean_text(form.get(f"shown-{participant_id}", ""))
            choices[participant_id] = participants.InvitationChoice(shown=shown, chosen=clean_text(value))
    return choices


def _refused_attendance(
    choices: dict[int, participants.InvitationChoice], messages: dict[str, list[str]]
) -> _Attendance:
    rows = {participants.invitation_field(i): i for i in choices}
    return _Attendance(
        chosen={i: c.chosen for i, c in choices.items() if c.chosen != c.shown},
        errors={rows[name]: list(m) for name, m in messages.items() if name in rows},
        form_errors=[m for name, msgs in messages.items() if name not in rows for m in msgs],
    )


@bp.route(f"{PREFIX}/<int:sessie_id>/deelnemers/status", methods=["POST"])
@login_required
def set_invitations(project_id, sessie_id):
    """The status of every participant in one submit; a refusal shows the list again with the user's choices."""
    services.get_sessie(current_user, project_id, sessie_id, Need.WRITE)  # refuse before reading the form
    require_confirmed_post()
    choices = _invitation_choices(request.form)
    try:
        changed = participants.set_invitations(current_user, project_id, sessie_id, choices)
    except ValidationError as error:
        return _render_sessie(project_id, sessie_id, attendance=_refused_attendance(choices, error.errors)), 400
    except ConflictError:
        return _render_sessie(
            project_id, sessie_id, attendance=_refused_attendance(choices, {"": [ConflictError.MESSAGE]})
        ), 400
    if changed:
        flash(f"De status van {aantal(len(changed), 'deelnemer', 'deelnemers')} is bijgewerkt.", "success")
    else:
        flash("Er is geen status veranderd.", "info")
    return redirect(_sessie_url(project_id, sessie_id, "deelnemers"))


def _participant_saved(change: participants.ParticipantChange) -> str:
    if not change.old_address_told:
        return "De deelnemer is opgeslagen."
    told = "De deelnemer is opgeslagen. Het oude e-mailadres kreeg bericht dat de uitnodiging daar vervalt"
    if not change.participant.email:
        return f"{told}."
    return f"{told}; stuur de uitnodiging naar het nieuwe adres met 'Uitnodiging per e-mail versturen'."


@bp.route(f"{PREFIX}/<int:sessie_id>/deelnemers/<int:participant_id>", methods=["GET", "POST"])
@login_required
def edit_participant(project_id, sessie_id, participant_id):
    context = loaded_or_flashed(
        lambda: participants.participant_form(current_user, project_id, sessie_id, participant_id)
    )
    if context is None:  # finished: said where the user can reopen it
        return redirect(_sessie_url(project_id, sessie_id, "deelnemers"))
    form = record_form(EditParticipantForm, context.participant)
    if shown_record(context.participant) is not None:
        form.group.data = context.participant.group.value
    return form_page(
        form,
        valid=form.validate_on_submit(),
        save=lambda: participants.update_participant(
            current_user, project_id, sessie_id, participant_id, _participant_input(form), form.expected_version()
        ),
        saved_message=_participant_saved,
        newest_version=lambda: (
            participants.participant_form(current_user, project_id, sessie_id, participant_id).participant.version
        ),
        next_url=_sessie_url(project_id, sessie_id, "deelnemers"),
        template="sessions/participant_form.html",
        context=context,
        project=context.project,
    )


@bp.route(f"{PREFIX}/<int:sessie_id>/deelnemers/<int:participant_id>/verwijderen", methods=["POST"])
@login_required
def remove_participant(project_id, sessie_id, participant_id):
    require_confirmed_post()
    flash_outcome(
        lambda: participants.remove_participant(current_user, project_id, sessie_id, participant_id),
        "De deelnemer is verwijderd.",
    )
    return redirect(_sessie_url(project_id, sessie_id, "deelnemers"))


# --- invitations by e-mail and the answers ----------------------------------------------------------


@bp.route(f"{PREFIX}/<int:sessie_id>/uitnodiging-versturen", methods=["GET", "POST"])
@login_required
def send_invitations(project_id, sessie_id):
    """A confirmation page that says who gets a mail; its POST sends them."""
    try:
        plan = invitations.invitation_plan(current_user, project_id, sessie_id)
    except ValidationError as error:  # finished: say so on the sessie's page
        flash(str(error), "warning")
        return redirect(_sessie_url(project_id, sessie_id))
    form = ConfirmForm()
    if form.validate_on_submit():
        flash_outcome(
            lambda: invitations.send_invitations(current_user, project_id, sessie_id),
            lambda sent: (
                f"De uitnodiging is verstuurd aan {aantal(sent, 'deelnemer', 'deelnemers')}."
                if sent
                else "Iedereen met een e-mailadres heeft de uitnodiging al gekregen."
            ),
        )
        return redirect(_sessie_url(project_id, sessie_id, "deelnemers"))
    return render_template("sessions/send_invitations.html", plan=plan, project=plan.project, form=form)


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def rsvp(token):
    """Public on purpose: a participant answers without an account. The signed token is the key, and only the
    POST of the form changes anything (mail scanners open links with GET)."""
    page = invitations.answer_page(token)
    form = AnswerForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 400
        else:
            try:
                page = invitations.answer(token, form.answer.data or "")
            except ValidationError as error:
                flash(str(error), "warning")
                status = 400
            else:
                coming = page.participant.invitation == InvitationStatus.AANGEMELD
                flash("Dank u wel! U bent aangemeld." if coming else "Dank u wel. U bent afgemeld.", "success")
                return redirect(url_for(".rsvp", token=token))
    suggested = clean_text(request.args.get("antwoord", ""))
    return render_template("sessions/rsvp.html", page=page, form=form, token=token, suggested=suggested), status


# --- calendar --------------------------------------------------------------------------------------


@bp.route(f"{PREFIX}/<int:sessie_id>/agenda.ics")
@login_required
def sessie_ics(project_id, sessie_id):
    project, sessie = services.get_sessie(current_user, project_id, sessie_id)
    return _ics(calendar_for(current_routekaart(), project, [sessie]), f"sessie-{sessie.on_date.isoformat()}.ics")


@bp.route(f"{PREFIX}/abonnement", methods=["POST"])
@login_required
def create_feed(project_id):
    require_confirmed_post()
    token = services.create_feed(current_user, project_id)
    flash(
        "Er is een nieuwe abonnementslink gemaakt. Kopieer hem nu: om veiligheidsredenen tonen we hem maar "
        "één keer. Een eerdere link werkt niet meer.",
        "success",
    )
    return _render_list(project_id, feed_url=url_for(".feed", token=token, _external=True))


@bp.route(f"{PREFIX}/abonnement/intrekken", methods=["POST"])
@login_required
def revoke_feed(project_id):
    require_confirmed_post()
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
