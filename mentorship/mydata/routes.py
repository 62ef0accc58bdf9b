"""Her own data: download everything, or erase her account."""

import json
from datetime import date, datetime

from flask import (
    Blueprint,
    current_app,
    make_response,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from .. import policy
from ..auth.services import check_password
from ..db import db, utcnow
from ..extensions import limiter
from . import services
from .forms import EraseForm

bp = Blueprint("mydata", __name__)


def _login_limit():
    return current_app.config["RATELIMIT_LOGIN"]


def _user_key():
    return f"user:{current_user.id}"


def _private(response):
    """Personal data: never kept by a browser or proxy cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_filter("mydata_when")
def when(value):
    """An ISO date or time from the export, written out in the reader's language."""
    if not value:
        return ""
    if "T" in value:
        return format_datetime(datetime.fromisoformat(value), "medium")
    return format_date(date.fromisoformat(value), "long")


@bp.get("/account/data")
@policy.requires()
def index():
    """What the platform holds about her, and what she can do with it."""
    held = services.counts(current_user)
    return _private(make_response(render_template("mydata/index.html", held=held)))


@bp.get("/account/data.json")
@policy.requires()
def download_json():
    """Everything about her as a JSON file."""
    body = json.dumps(services.collect(current_user), ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    filename = f"wim-my-data-{utcnow().date().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


@bp.get("/account/data.html")
@policy.requires()
def download_html():
    """Everything about her as a readable, printable page."""
    page = render_template("mydata/export.html", data=services.collect(current_user))
    return _private(make_response(page))


@bp.route("/account/erase", methods=["GET", "POST"])
@policy.requires()
@limiter.limit(_login_limit, key_func=_user_key, methods=["POST"])
def erase():
    """Confirm with her password, then erase her account and log her out."""
    form = EraseForm()
    if form.validate_on_submit() and _password_ok(form):
        user = current_user._get_current_object()
        erasure = services.erase(user, utcnow())
        db.session.commit()
        services.tell_others(erasure)
        _log_out()
        return redirect(url_for("mydata.goodbye"))
    status = 400 if form.is_submitted() else 200
    return render_template("mydata/erase.html", form=form), status


def _password_ok(form):
    if check_password(current_user, form.current_password.data):
        return True
    form.current_password.errors.append(_("This is not your current password."))
    return False


def _log_out():
    """Forget her session; the goodbye page stays in the language she was using."""
    locale = str(get_locale())
    session.clear()
    logout_user()
    session["locale"] = locale


@bp.get("/account/erased")
def goodbye():
    """The last page: her account is gone."""
    if current_user.is_authenticated:  # an account still there: nothing was erased
        return redirect(url_for("mydata.index"))
    return render_template("mydata/goodbye.html")
