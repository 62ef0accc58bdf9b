"""The events' pages: the calendar, a session, her events (the `pages` part).

The session page gathers the panels of slot "event.session" (her registration,
calendar links, the organiser's tools, the minutes), each computed by its part.
"""

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from .. import policy
from ..core import panels
from ..db import db, utcnow
from . import times
from .models import EventSession, Registration
from .routes import bp


@bp.get("/events")
def calendar():
    """Upcoming sessions the reader may see."""
    now = utcnow()
    sessions = db.session.scalars(
        sa.select(EventSession)
        .where(EventSession.ends_at > now)
        .order_by(EventSession.starts_at)
        .limit(50)
    ).all()
    shown = [s for s in sessions if policy.can_see_session(current_user, s)]
    zone = times.reader_zone(current_user)
    return render_template(
        "events/calendar.html",
        sessions=shown,
        times={s.id: times.of(s, zone) for s in shown},
    )


@bp.get("/events/<int:session_id>")
def session(session_id):
    """One session: when, in what language, for whom, and each part's panel."""
    event = db.get_or_404(EventSession, session_id)
    policy.ensure_reach(policy.can_see_session(current_user, event))
    zone = times.reader_zone(current_user)
    return render_template(
        "events/session.html",
        event=event,
        times=times.of(event, zone),
        panels=panels.gather("event.session", event, current_user),
    )


@bp.get("/events/mine")
@policy.requires()
def mine():
    """Her registrations: seats, offers and waitlist places."""
    registrations = db.session.scalars(
        sa.select(Registration)
        .join(Registration.session)
        .where(Registration.user_id == current_user.id)
        .order_by(EventSession.starts_at)
    ).all()
    zone = times.reader_zone(current_user)
    return render_template(
        "events/mine.html",
        registrations=registrations,
        times={r.session_id: times.of(r.session, zone) for r in registrations},
        panels=panels.gather("events.mine", current_user),
    )
