"""Home page, language switcher and privacy notice."""

from flask import Blueprint, redirect, render_template, request, session
from flask_login import current_user

from ..config import PRIVACY_NOTICE_VERSION
from ..core.pagecache import public_page
from ..i18n import LANGUAGES
from ..urls import safe_next
from .home import panels_html

bp = Blueprint("main", __name__)


@bp.get("/")
@public_page(data=False)  # anonymous: the landing text, nothing from the database
def index():
    """The landing page; signed in, her home: what waits for her, what comes next."""
    home = None
    if current_user.is_authenticated:
        home = panels_html(current_user)
    return render_template("main/index.html", home=home)


@bp.post("/language")
def set_language():
    """Show pages in the chosen language, in this browser only.

    The account's stored language (her emails) changes only on the account page:
    a reader trying the French pages has not asked for French emails.
    """
    locale = request.form.get("locale", "")
    if locale in LANGUAGES:
        session["locale"] = locale
        session.permanent = True
    return redirect(safe_next(request.form.get("next")))


@bp.get("/privacy")
@public_page
def privacy():
    """The privacy notice people consent to when they register."""
    return render_template("main/privacy.html", version=PRIVACY_NOTICE_VERSION)


@bp.get("/healthz")
def healthz():
    """Liveness: this process answers. It does not ask the database: a database
    restart must not make the orchestrator restart every app host (see /readyz)."""
    return {"status": "ok"}
