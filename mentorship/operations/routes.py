"""Readiness for the load balancer; undelivered emails for the Secretariat."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import policy
from ..core.pagination import page_arg, paginate
from ..db import db
from ..forms import BaseForm
from . import services

bp = Blueprint("operations", __name__)
PER_PAGE = 50


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when the database (and Redis, where used) answer, else 503."""
    problems = services.readiness()
    if problems:
        return {"status": "unavailable", "reasons": problems}, 503
    return {"status": "ready"}


@bp.get("/admin/undelivered-emails")
@policy.requires(policy.can_view_mail_failures)
def undelivered():
    """Messages the mail server refused after every retry."""
    page = paginate(services.undelivered_emails(), page_arg(), PER_PAGE)
    return render_template("operations/undelivered.html", page=page, form=BaseForm())


@bp.post("/admin/undelivered-emails/<int:failed_id>/resend")
@policy.requires(policy.can_view_mail_failures)
def resend(failed_id):
    """Hand one kept message to the mail server again."""
    if not BaseForm().validate_on_submit():
        abort(400)
    if services.resend(failed_id):
        db.session.commit()
        flash(_("The message was queued again."), "success")
    else:
        db.session.rollback()
        flash(_("This message was already sent again."), "info")
    return redirect(url_for("operations.undelivered"))
