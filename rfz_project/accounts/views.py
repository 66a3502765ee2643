import math
import time
from datetime import timedelta

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import ConflictError, NotFound, ValidationError
from ..links import page_url
from ..models import User
from ..oidc import client as oidc_client
from ..oidc import own as oidc_own
from ..oidc import services as oidc_services
from ..oidc.forms import LinkForm
from ..oidc.policy import PasswordLoginOff
from ..pages.forms import ConfirmForm
from ..views_common import form_status, require_confirmed_post, save_or_conflict
from . import bp, devices, email_change, reset
from .forms import ChangePasswordForm, ContactForm, EmailChangeForm, ForgotPasswordForm, LoginForm, NewPasswordForm
from .services import (
    LoginLimit,
    TooManyAttempts,
    authenticate,
    change_own_password,
    end_all_own_sessions,
    safe_next_url,
    session_expired,
    update_own_contact,
)

# Kept in the (signed) session cookie: when this login began and when it was last used, in epoch seconds.
SESSION_STARTED = "_rfz_started"
SESSION_SEEN = "_rfz_seen"
# Refresh the last-seen time at most this often, so not every response sets a new cookie.
_SEEN_RESOLUTION = 60
# What a user with a temporary password may still do before choosing their own.
_WHILE_PASSWORD_MUST_CHANGE = {"accounts.profile", "accounts.logout", "accounts.logout_everywhere", "static"}


def _login_limit() -> LoginLimit:
    return LoginLimit(
        max_failures=current_app.config["RFZ_LOGIN_MAX_FAILURES"],
        window=timedelta(minutes=current_app.config["RFZ_LOGIN_WINDOW_MINUTES"]),
    )


def _try_again_in(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return f"Probeer het over {minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw."


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    status = form_status(form)  # a refused submit is a 400, unless the check below says more
    headers: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            # request.remote_addr is the client's address: behind RFZ_TRUSTED_PROXIES proxies, ProxyFix
            # (create_app) takes it from X-Forwarded-For; without that setting the header is ignored.
            device_id = devices.device_id(request, form.email.data)
            user = authenticate(form.email.data, form.password.data, request.remote_addr, _login_limit(), device_id)
        except TooManyAttempts as refused:
            form.form_errors.append(f"Te veel mislukte pogingen. {_try_again_in(refused.retry_after)}")
            headers["Retry-After"] = str(max(1, math.ceil(refused.retry_after.total_seconds())))
            status = 429
        except PasswordLoginOff:
            form.form_errors.append(
                "Uw gemeente laat u alleen inloggen met uw organisatieaccount. Gebruik de knop van uw organisatie."
            )
            status = 403
        else:
            if user is not None:
                _start_session(user)
                if user.must_change_password:
                    flash("U bent ingelogd met een tijdelijk wachtwoord. Kies nu uw eigen wachtwoord.", "info")
                    target = url_for("accounts.profile")
                else:
                    target = safe_next_url(form.next.data) or url_for("pages.home")
                response = redirect(target)
                devices.remember(request, response, form.email.data)
                return response
            form.form_errors.append("Deze combinatie van e-mailadres en wachtwoord kennen we niet.")
            status = 401
    form.password.data = ""
    organisation = oidc_services.login_choices()
    return render_template("accounts/login.html", form=form, organisation=organisation), status, headers


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    status = form_status(form)
    headers: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            reset.request_reset(form.email.data, request.remote_addr, _reset_link)
        except TooManyAttempts as refused:
            form.form_errors.append(
                f"U hebt te vaak een nieuw wachtwoord aangevraagd. {_try_again_in(refused.retry_after)}"
            )
            headers["Retry-After"] = str(math.ceil(refused.retry_after.total_seconds()))
            status = 429
        else:
            # The same answer whether the address has an account or not.
            return render_template("accounts/reset_requested.html", email=form.email.data)
    return render_template("accounts/forgot_password.html", form=form), status, headers


def _reset_link(token: str) -> str:
    return page_url("accounts.reset_password", token=token)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset_password(token):
    form = NewPasswordForm()
    try:
        account = reset.user_of_link(token)
    except NotFound:
        return render_template("accounts/reset_invalid.html"), 404
    if form.validate_on_submit():
        try:
            user = save_or_conflict(
                form, lambda: reset.reset_password(token, form.new_password.data, form.repeat_password.data)
            )
        except NotFound:  # used in another tab between the page and this post
            return render_template("accounts/reset_invalid.html"), 404
        if user is not None:
            _end_session()
            flash("Uw nieuwe wachtwoord is ingesteld. Log ermee in; op andere apparaten bent u uitgelogd.", "success")
            return redirect(url_for("accounts.login"))
    form.new_password.data = form.repeat_password.data = ""
    return render_template("accounts/reset_password.html", form=form, account=account), form_status(form)


@bp.route("/uitloggen", methods=["POST"])
@login_required
def logout():
    # The cookie alone cannot be taken back: raising the epoch makes every copy of it worthless.
    end_all_own_sessions(current_user, everywhere=False)
    provider_logout = oidc_client.provider_logout_url()  # read before the session is cleared
    _end_session()
    if provider_logout:
        # Logged in through an organisation's provider: offer to end that login too (a link, not a redirect:
        # the CSP's form-action 'self' stops a form's POST from being redirected to another site).
        return render_template("oidc/logged_out.html", provider_logout=provider_logout)
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = save_or_conflict(
            form,
            lambda: change_own_password(
                current_user, form.current_password.data, form.new_password.data, form.repeat_password.data
            ),
        )
        if user is not None:
            _start_session(user)  # this session goes on; every other one has ended
            flash("Uw wachtwoord is gewijzigd. Op andere apparaten bent u nu uitgelogd.", "success")
            return redirect(url_for("pages.home"))
    return profile_page(form)


def _contact_form(formdata=None) -> ContactForm:
    return ContactForm(formdata=formdata, data={"phone": current_user.phone, "job_title": current_user.job_title})


def profile_page(
    form: ChangePasswordForm | None = None,
    contact_form: ContactForm | None = None,
    email_form: EmailChangeForm | None = None,
    link_form: LinkForm | None = None,
):
    """The account page; a form given is the one submitted (shown again with its problems, as a 400)."""
    form = form or ChangePasswordForm(formdata=None)
    contact_form = contact_form or _contact_form()
    email_form = email_form or EmailChangeForm(formdata=None)
    organisation = oidc_own.organisation_login_of(current_user)
    link_form = link_form or LinkForm(formdata=None)
    link_form.provider.choices = [(_provider_key(c), c.label) for c in organisation.to_link]
    if link_form.provider.data is None and len(organisation.to_link) == 1:
        link_form.provider.data = _provider_key(organisation.to_link[0])
    for field in (form.current_password, form.new_password, form.repeat_password, email_form.password):
        field.data = ""
    link_form.password.data = ""
    status = max(form_status(f) for f in (form, contact_form, email_form, link_form))
    return render_template(
        "accounts/profile.html",
        form=form,
        contact_form=contact_form,
        email_form=email_form,
        organisation=organisation,
        link_form=link_form,
    ), status


def _provider_key(choice: oidc_services.LoginChoice) -> str:
    return oidc_services.INSTALLATION if choice.gemeente_id is None else oidc_services.gemeente_key(choice.gemeente_id)


@bp.route("/account/e-mailadres", methods=["POST"])
@login_required
def email_change_request():
    email_form = EmailChangeForm()
    if email_form.validate_on_submit():
        new = save_or_conflict(
            email_form,
            lambda: email_change.request_change(
                current_user,
                email_form.new_email.data,
                email_form.password.data,
                lambda token: page_url("accounts.confirm_email", token=token),
            ),
        )
        if new is not None:
            flash(
                f"We hebben een link gestuurd naar {new}. Volg die link binnen 24 uur; pas dan verandert uw "
                "e-mailadres. Uw huidige adres krijgt bericht van de wijziging.",
                "success",
            )
            return redirect(url_for("accounts.profile"))
    return profile_page(email_form=email_form)


@bp.route("/account/e-mailadres/niet-wijzigen", methods=["POST"])
@login_required
def email_change_cancel():
    require_confirmed_post()
    email_change.cancel_change(current_user)
    flash("Uw e-mailadres blijft zoals het was. De link in de e-mail werkt niet meer.", "info")
    return redirect(url_for("accounts.profile"))


@bp.route("/e-mailadres-bevestigen/<token>", methods=["GET", "POST"])
def confirm_email(token):
    """A GET only shows the question (a mail program may open links by itself); the button changes it."""
    try:
        account = email_change.change_of_link(token)
    except NotFound:
        return render_template("accounts/email_change_invalid.html"), 404
    problem = ""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            user = email_change.confirm_change(token)
        except NotFound:  # used in another tab between the page and this post
            return render_template("accounts/email_change_invalid.html"), 404
        except (ValidationError, ConflictError):
            problem = email_change.TAKEN
        else:
            flash(f"Uw e-mailadres is gewijzigd in {user.email}. Daarmee logt u voortaan in.", "success")
            mine = current_user.is_authenticated and current_user.id == user.id
            return redirect(url_for("accounts.profile" if mine else "accounts.login"))
    elif form.is_submitted():
        abort(400)
    status = 409 if problem else 200
    return render_template("accounts/email_change_confirm.html", account=account, problem=problem, form=form), status


@bp.route("/account/contactgegevens", methods=["POST"])
@login_required
def contact():
    contact_form = ContactForm()
    if contact_form.validate_on_submit():
        saved = save_or_conflict(
            contact_form,
            lambda: update_own_contact(current_user, contact_form.phone.data, contact_form.job_title.data),
        )
        if saved is not None:
            flash("Uw telefoonnummer en functie zijn opgeslagen.", "success")
            return redirect(url_for("accounts.profile"))
    return profile_page(contact_form=contact_form)


@bp.route("/account/overal-uitloggen", methods=["POST"])
@login_required
def logout_everywhere():
    require_confirmed_post()
    end_all_own_sessions(current_user)
    _end_session()
    flash("U bent op alle apparaten uitgelogd.", "info")
    return redirect(url_for("accounts.login"))


@bp.before_app_request
def check_session():
    """End a login that was idle too long or is older than the absolute limit; hold a user with a
    temporary password on the page where they choose their own."""
    if request.endpoint == "static" or "_user_id" not in session:
        return None
    now = int(time.time())
    started, seen = session.get(SESSION_STARTED), session.get(SESSION_SEEN)
    idle_limit = current_app.config["RFZ_IDLE_TIMEOUT_MINUTES"] * 60
    absolute_limit = current_app.permanent_session_lifetime.total_seconds()
    if (
        not isinstance(started, int)
        or not isinstance(seen, int)
        or now - seen > idle_limit
        or now - started > absolute_limit
    ):
        if current_user.is_authenticated:
            idle = isinstance(seen, int) and now - seen > idle_limit
            session_expired(current_user, "niet gebruikt" if idle else "maximale duur")
        _end_session()
        flash("Uw sessie is verlopen. Log opnieuw in.", "info")
        next_url = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("accounts.login", next=next_url))
    if now - seen >= _SEEN_RESOLUTION:
        session[SESSION_SEEN] = now
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in _WHILE_PASSWORD_MUST_CHANGE
    ):
        flash("Kies eerst uw eigen wachtwoord.", "info")
        return redirect(url_for("accounts.profile"))
    return None


def _start_session(user: User) -> None:
    """A fresh session for a login: nothing from before survives, the CSRF token included."""
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF's token of this request, made from the old session
    login_user(user)
    session[SESSION_STARTED] = session[SESSION_SEEN] = int(time.time())


def _end_session() -> None:
    logout_user()
    session.clear()
    g.pop("csrf_token", None)


from . import invite_views  # noqa: E402, F401  (the invitation pages join this blueprint)
