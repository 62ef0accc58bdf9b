"""Her mentor and mentee profiles, and a person's page for those who may see it."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..auth.models import User
from ..db import db
from . import services
from .forms import FORMS, MAX_TAGS

bp = Blueprint("profiles", __name__)

ROLE = "<any(mentor, mentee):role>"


def _own_profile_or_404(role):
    profile = current_user.profile(role)
    if profile is None:
        abort(404)
    return profile


@bp.get("/profile")
@policy.requires()
def overview():
    """Her two possible profiles, what each role means, and what to do next."""
    return render_template(
        "profiles/overview.html",
        mentor=current_user.profile("mentor"),
        mentee=current_user.profile("mentee"),
    )


@bp.route(f"/profile/{ROLE}", methods=["GET", "POST"])
@policy.requires()
def edit(role):
    """Create or update her mentor or mentee profile."""
    profile = current_user.profile(role)
    prefill = None
    if profile is None:
        prefill = services.prefill_from_other(current_user, role)
    form = FORMS[role](obj=profile, data=prefill)
    if form.validate_on_submit():
        services.save_profile(current_user, role, form.profile_data())
        db.session.commit()
        if profile is None:
            flash(_("Your profile is saved. Thank you!"), "success")
        else:
            flash(_("Your changes are saved."), "success")
        return redirect(url_for("profiles.overview"))
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "profiles/edit.html", form=form, role=role, profile=profile, max_tags=MAX_TAGS
    )
    return page, status


@bp.post(f"/profile/{ROLE}/pause")
@policy.requires()
def pause(role):
    """Keep her profile but take it out of matching."""
    services.set_paused(_own_profile_or_404(role), True)
    db.session.commit()
    flash(_("Your profile is paused: it will not be proposed for matching."), "info")
    return redirect(url_for("profiles.overview"))


@bp.post(f"/profile/{ROLE}/resume")
@policy.requires()
def resume(role):
    """Open her profile to matching again."""
    services.set_paused(_own_profile_or_404(role), False)
    db.session.commit()
    flash(_("Your profile is open to matching again."), "success")
    return redirect(url_for("profiles.overview"))


@bp.route(f"/profile/{ROLE}/delete", methods=["GET", "POST"])
@policy.requires()
def delete(role):
    """Remove her mentor or mentee profile, after a confirmation page."""
    profile = _own_profile_or_404(role)
    if request.method == "GET":
        return render_template("profiles/delete.html", profile=profile, role=role)
    services.delete_profile(profile)
    db.session.commit()
    flash(_("Your profile is deleted."), "success")
    return redirect(url_for("profiles.overview"))


@bp.get("/people/<int:user_id>")
@policy.requires()
def person(user_id):
    """A person's account and profiles: herself, her coordinators, the Secretariat."""
    someone = db.session.get(User, user_id)
    policy.ensure_reach(
        someone is not None and policy.can_view_person(current_user, someone)
    )
    return render_template(
        "profiles/person.html",
        person=someone,
        mentor=someone.profile("mentor"),
        mentee=someone.profile("mentee"),
    )
