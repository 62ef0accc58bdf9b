"""Her surveys: which are due, and answering one (confidential, not anonymous)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..db import db
from ..mentorships.models import Mentorship
from . import services
from .forms import survey_form
from .models import STAGES

bp = Blueprint("surveys", __name__)


@bp.get("/surveys")
@policy.requires()
def index():
    """The surveys waiting for her, and those she answered."""
    due, answered = services.her_surveys(current_user, services.utc_today())
    return render_template("surveys/index.html", due=due, answered=answered)


@bp.route("/surveys/<int:mentorship_id>/<stage>", methods=["GET", "POST"])
@policy.requires()
def answer(mentorship_id, stage):
    """One survey of her mentorship: answered once, stored without her name."""
    if stage not in STAGES:
        abort(404)
    mentorship = db.get_or_404(Mentorship, mentorship_id)
    policy.ensure_reach(policy.can_view_mentorship(current_user, mentorship))
    role = services.role_of(current_user, mentorship)
    if services.already_answered(mentorship, role, stage):
        return _already_answered()
    today = services.utc_today()
    if not services.is_open(mentorship, stage, today):
        return _not_open(mentorship, stage, today)
    goals = services.survey_goals(mentorship)
    form = survey_form(stage, role, goals)
    if form.validate_on_submit():
        try:
            services.submit(current_user, mentorship, stage, form.answers())
        except services.AlreadyAnswered:
            db.session.rollback()
            return _already_answered()
        db.session.commit()
        flash(_("Thank you: your answers were saved, without your name."), "success")
        return redirect(url_for("surveys.index"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "surveys/answer.html",
        form=form,
        mentorship=mentorship,
        role=role,
        stage=stage,
        stage_name=services.STAGE_NAMES[stage],
        goals=goals,
    ), status


def _already_answered():
    flash(_("You already answered this survey. Thank you!"), "info")
    return redirect(url_for("surveys.index"))


def _not_open(mentorship, stage, today):
    """A survey not open (yet, or any more): say so, as a 'not found' page."""
    opens = services.opens_on(mentorship, stage)
    page = render_template(
        "surveys/not_open.html",
        mentorship=mentorship,
        stage_name=services.STAGE_NAMES[stage],
        opens_on=opens if opens and opens > today else None,
    )
    return page, 404
