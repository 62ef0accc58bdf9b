"""Routes of the events engine's organising part (see events/routes.py)."""

import sqlalchemy as sa
from flask import redirect
from flask_login import current_user

from .. import policy
from ..db import db
from .models import EventSession, Registration
from .routes import bp


@bp.get("/events/<int:session_id>/join")
@policy.requires()
def join(session_id):
    """The joining link, for those holding a seat and the organisers."""
    event = db.get_or_404(EventSession, session_id)
    registration = db.session.scalar(
        sa.select(Registration).where(
            Registration.session_id == event.id,
            Registration.user_id == current_user.id,
        )
    )
    allowed = policy.can_see_join_link(current_user, event, registration)
    policy.ensure_reach(allowed and bool(event.join_url) and not event.is_cancelled)
    return redirect(event.join_url)
