"""A mentorship's own page, private to the pair."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from .. import policy
from ..db import db
from . import services
from .models import Mentorship

bp = Blueprint("mentorships", __name__)


@bp.get("/mentorships")
@login_required
def index():
    """Her mentorships, as mentee and as mentor."""
    return render_template(
        "mentorships/index.html", mentorships=services.of_person(current_user)
    )


@bp.get("/mentorships/<int:mentorship_id>")
@login_required
def detail(mentorship_id):
    """The pair's space: who is who and how to reach each other."""
    mentorship = db.get_or_404(Mentorship, mentorship_id)
    policy.ensure_visible(policy.can_view_mentorship(current_user, mentorship))
    return render_template("mentorships/detail.html", mentorship=mentorship)
