"""Accounts: register, verify, log in and out, reset or change password and email."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import inspect as sa_state

from .. import policy
from ..core.pagecache import public_page
from ..core.pagination import page_arg
from ..db import db
from ..extensions import limiter
from ..forms import search_arg
from ..urls import safe_next
from . import services
from .forms import (
    AccountForm,
    ChangeEmailForm,
    ChangePasswordForm,
    LoginForm,
    RegisterForm,
    RequestResetForm,
    ResendVerificationForm,
    ResetPasswordForm,
    RolesForm,
)
from .models import User

bp = Blueprint("auth", __name__)

RESEND_LIMIT = "3 per 10 minutes;10 per day"


def _login_limit():
    return current_app.config["RATELIMIT_LOGIN"]


def _register_limit():
    return current_app.config["RATELIMIT_REGISTER"]


def _reset_limit():
    return current_app.config["RATELIMIT_RESET"]


def _email_key():
    return "email:" + services.normalise_email(request.form.get("email"))


def _user_key():
    return f"user:{current_user.id}"


def _status(form):
    """400 when a submitted form is re-rendered with its errors."""
    return 400 if form.is_submitted() else 200


# --- Registration and email verification ---------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
@limiter.limit(_register_limit, key_func=_email_key, methods=["POST"])
def register():
    """Create an account, on her own or through an organisation's invitation."""
    if current_user.is_authenticated:
        flash(_("You already have an account."), "info")
        return redirect(url_for("main.index"))
    token = request.args.get("invitation")
    invitation = _load_invitation(token) if token else None
    if token and invitation is None:
        flash(
            _("This invitation is invalid, has expired or was already used."), "error"
        )
        return redirect(url_for("auth.register"))
    form = _register_form(invitation)
    if form.validate_on_submit():
        if invitation is not None:
            return _register_invited(form, invitation, token)
        return _register_on_her_own(form)
    page = render_template(
        "auth/register.html", form=form, invitation=invitation, token=token
    )
    return page, _status(form)


def _register_on_her_own(form):
    """The same answer whether or not the address already has an account.

    A new address gets its account and a confirmation link; a known one gets a
    notice to its owner instead, so the page never tells who is registered.
    """
    email = services.normalise_email(form.email.data)
    user, owner = services.register_or_find(
        email=email,
        name=form.name.data,
        password=form.password.data,
        locale=form.locale.data,
        organisation=services.joinable(form.organisation.data),
    )
    db.session.commit()
    if user is not None:
        services.send_verification(user)
    else:
        services.send_registration_attempt(owner)
    return render_template("auth/check_email.html", email=email)


def _register_invited(form, invitation, token):
    """Her account in the invitation's organisation, with the invited address."""
    from ..organisations.services import accept_invitation

    email = services.normalise_email(form.email.data)
    if email != invitation.email:
        # The link may have been forwarded: it only admits the invited address.
        form.email.errors.append(
            _(
                "This invitation is for %(email)s. Register with that address, or "
                "register without the invitation.",
                email=invitation.email,
            )
        )
    else:
        try:
            user = services.register(
                email=email,
                name=form.name.data,
                password=form.password.data,
                locale=form.locale.data,
                # Following the invitation sent to this address proves she reads it.
                verified=True,
            )
        except services.EmailTaken:
            form.email.errors.append(
                _(
                    "An account already uses this address. "
                    "Log in or reset your password."
                )
            )
        else:
            accept_invitation(invitation, user)
            db.session.commit()
            login_user(user)
            flash(
                _("Welcome, %(name)s! Your account is ready.", name=user.name),
                "success",
            )
            return redirect(url_for("profiles.overview"))
    page = render_template(
        "auth/register.html", form=form, invitation=invitation, token=token
    )
    return page, 400


def _load_invitation(token):
    from ..organisations.services import load_invitation

    return load_invitation(token)


def _register_form(invitation):
    locale = str(get_locale())
    if invitation is None:
        organisations = services.member_organisations()
        return RegisterForm(organisations=organisations, locale=locale)
    form = RegisterForm(email=invitation.email, locale=locale)
    del form.organisation  # fixed by the invitation
    # ...and so is the address: the invitation admits only the one it was sent to.
    form.email.render_kw = {**(form.email.render_kw or {}), "readonly": True}
    return form


@bp.get("/verify/<token>")
def verify_email(token):
    """Confirm her address from the emailed link; its first use also signs her in."""
    user, first_time = services.verify_email(token)
    if user is None:
        flash(_("This confirmation link is invalid or has expired."), "error")
        if current_user.is_authenticated:
            return redirect(url_for("auth.resend_verification"))
        return redirect(url_for("main.index"))
    db.session.commit()
    if first_time and not current_user.is_authenticated:
        login_user(user)
        session["locale"] = user.locale
        flash(
            _(
                "Thank you: your email address is confirmed. Welcome, %(name)s!",
                name=user.name,
            ),
            "success",
        )
        return redirect(url_for("profiles.overview"))
    flash(_("Thank you: your email address is confirmed."), "success")
    return redirect(url_for("main.index"))


@bp.route("/verify/resend", methods=["GET", "POST"])
@policy.requires()
@limiter.limit(RESEND_LIMIT, key_func=_user_key, methods=["POST"])
def resend_verification():
    """Send the confirmation link again."""
    if current_user.is_verified:
        flash(_("Your email address is already confirmed."), "info")
        return redirect(url_for("main.index"))
    form = ResendVerificationForm()
    if form.validate_on_submit():
        services.send_verification(current_user)
        flash(_("We sent a new link to %(email)s.", email=current_user.email), "info")
        return redirect(url_for("main.index"))
    return render_template("auth/resend_verification.html", form=form)


# --- Login and logout ----------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, key_func=_email_key, methods=["POST"])
@public_page(data=False)  # the form and its links: nothing from the database
def login():
    """Log in with email and password."""
    next_url = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(safe_next(next_url))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()  # keeps a transparent rehash
            login_user(user, remember=form.remember.data)
            flash(_("Welcome back, %(name)s.", name=user.name), "success")
            return redirect(safe_next(next_url))
        # One message for an unknown address and a wrong password.
        form.form_errors.append(_("Wrong email address or password."))
    page = render_template("auth/login.html", form=form, next_url=next_url)
    return page, _status(form)


@bp.post("/logout")
def logout():
    """End every session of hers (copied cookies included), keep her language."""
    if current_user.is_authenticated:
        services.end_sessions(current_user)
        db.session.commit()
    locale = session.get("locale")
    session.clear()
    logout_user()
    if locale:
        session["locale"] = locale
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))


def _log_in_again(user):
    """Keep this browser signed in after her session version changed."""
    cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    login_user(user, remember=cookie in request.cookies, fresh=True)


# --- Password reset ------------------------------------------------------------------


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, key_func=_email_key, methods=["POST"])
def request_password_reset():
    """Email a reset link; neither the answer nor its delay tells if the address
    has an account (a job looks it up)."""
    form = RequestResetForm()
    if form.validate_on_submit():
        services.request_reset(form.email.data)
        flash(
            _(
                "If an account uses this address, we sent it a link to choose a new "
                "password."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/request_reset.html", form=form), _status(form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password from the emailed link (once)."""
    user = services.user_for_reset(token)
    if user is None:
        flash(
            _(
                "This link is invalid, has expired or was already used. "
                "Please ask for a new one."
            ),
            "error",
        )
        return redirect(url_for("auth.request_password_reset"))
    form = ResetPasswordForm()
    form.account_email = user.email
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        services.mark_verified(user)  # the link reached her mailbox
        db.session.commit()
        services.send_password_changed(user)
        _log_in_again(user)
        flash(_("Your new password is saved. You are logged in."), "success")
        return redirect(url_for("main.index"))
    page = render_template("auth/reset_password.html", form=form, token=token)
    return page, _status(form)


# --- Her account ---------------------------------------------------------------------


@bp.get("/account")
@policy.requires()
def account():
    """Her details and the forms to change them."""
    return _account_page()


def _account_page(submitted=None, status=200):
    _her_organisation_name_only()
    forms = {
        "account_form": AccountForm(formdata=None, prefix="account", obj=current_user),
        "password_form": ChangePasswordForm(formdata=None, prefix="password"),
        "email_form": ChangeEmailForm(formdata=None, prefix="email"),
    }
    forms.update(submitted or {})
    return render_template("auth/account.html", **forms), status


def _her_organisation_name_only():
    """The page shows her organisation's name: load her organisation without its
    description (nor the description's languages: two queries fewer)."""
    from sqlalchemy.orm import lazyload
    from sqlalchemy.orm.attributes import set_committed_value

    from ..organisations.models import Organisation

    user = current_user._get_current_object()
    if user.organisation_id is not None and "organisation" not in sa_state(user).dict:
        organisation = db.session.get(
            Organisation,
            user.organisation_id,
            options=[lazyload(Organisation.description)],
        )
        set_committed_value(user, "organisation", organisation)


@bp.post("/account/details")
@policy.requires()
def update_account():
    """Change her name and preferred language."""
    form = AccountForm(prefix="account")
    if not form.validate_on_submit():
        return _account_page({"account_form": form}, 400)
    services.update_account(
        current_user,
        name=form.name.data,
        locale=form.locale.data,
        timezone=form.timezone.data,
    )
    db.session.commit()
    session["locale"] = form.locale.data
    flash(_("Your details are saved."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/password")
@policy.requires()
@limiter.limit(_login_limit, key_func=_user_key, methods=["POST"])
def change_password():
    """Change her password; her other sessions end, this one continues."""
    form = ChangePasswordForm(prefix="password")
    form.account_email = current_user.email
    if not (form.validate_on_submit() and _current_password_ok(form)):
        return _account_page({"password_form": form}, 400)
    user = current_user._get_current_object()
    services.set_password(user, form.password.data)
    db.session.commit()
    _log_in_again(user)
    services.send_password_changed(user)
    flash(_("Your password is changed. Your other sessions have ended."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/email")
@policy.requires()
@limiter.limit(_login_limit, key_func=_user_key, methods=["POST"])
def change_email():
    """Send a confirmation link to her new address and a notice to the old one."""
    form = ChangeEmailForm(prefix="email")
    if not (
        form.validate_on_submit()
        and _current_password_ok(form)
        and _new_address_ok(form)
    ):
        return _account_page({"email_form": form}, 400)
    db.session.commit()  # keeps a transparent rehash
    new_email = services.normalise_email(form.email.data)
    services.send_email_change_links(current_user, new_email)
    flash(
        _(
            "We sent a link to %(email)s. Your address changes when you follow it.",
            email=new_email,
        ),
        "info",
    )
    return redirect(url_for("auth.account"))


def _current_password_ok(form):
    if services.check_password(current_user, form.current_password.data):
        return True
    form.current_password.errors.append(_("This is not your current password."))
    return False


def _new_address_ok(form):
    new_email = services.normalise_email(form.email.data)
    if new_email == current_user.email:
        form.email.errors.append(_("This is already your address."))
        return False
    if services.email_taken(new_email):
        form.email.errors.append(_("Another account already uses this address."))
        return False
    return True


@bp.get("/account/email/<token>")
def confirm_email_change(token):
    """Move her account to the new address she confirmed."""
    # Read before the change ends her sessions, this one included.
    signed_in_id = current_user.id if current_user.is_authenticated else None
    try:
        user = services.confirm_email_change(token)
    except services.EmailTaken:
        flash(
            _("Another account now uses this address: your address was not changed."),
            "error",
        )
        return redirect(url_for("auth.account"))
    if user is None:
        flash(_("This link is invalid, has expired or was already used."), "error")
        return redirect(url_for("auth.account"))
    db.session.commit()
    if signed_in_id == user.id:
        _log_in_again(user)  # her other sessions ended with the old address
    flash(_("Your email address is now %(email)s.", email=user.email), "success")
    return redirect(url_for("auth.account"))


# --- People and roles (admin) --------------------------------------------------------

ROLE_CHANGE_REFUSALS = {
    "not_allowed": _l("You may not change these roles."),
    "own_admin": _l("You cannot remove your own administrator role."),
    "coordinator_without_organisation": _l(
        "A coordinator must belong to an organisation."
    ),
}


@bp.get("/admin/users")
@policy.requires(policy.can_manage_people)
def users():
    """Everyone, searchable, with their organisation and roles."""
    q = search_arg()
    page = page_arg()
    people = services.people_page(q, page)
    return render_template(
        "auth/users.html", people=people, q=q, roles=services.GRANTABLE_ROLES
    )


@bp.post("/admin/users/<int:user_id>/roles")
@policy.requires(policy.can_manage_people)
def update_roles(user_id):
    """Grant and revoke one person's roles."""
    person = db.get_or_404(User, user_id)
    form = RolesForm()
    if not form.validate_on_submit():
        abort(400)
    back = safe_next(request.form.get("next"), "auth.users")
    granted, revoked = services.role_changes(person, form.roles.data or ())
    refusal = policy.role_change_refusal(current_user, person, granted, revoked)
    if refusal:
        flash(str(ROLE_CHANGE_REFUSALS[refusal]), "error")
        return redirect(back)
    services.apply_role_changes(person, granted, revoked, by=current_user)
    db.session.commit()
    flash(_("The roles of %(name)s are saved.", name=person.name), "success")
    return redirect(back)
