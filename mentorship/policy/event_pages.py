"""Events' pages: which sessions and series a reader may see, as SQL.

`visible_sessions(user)` is `can_see_session` (policy.events) as a SQL condition on
`EventSession`, so that the calendar filters in the database and paginates what the
reader may see; `tests/web/test_events_pages.py` holds the two to the same answers.
A visitor who is not signed in and asks for a session or series that is not public
is sent to log in (after which she sees it, or a 404): the answer is the same
whether the record exists or not, so an id in a URL reveals nothing.
"""

import sqlalchemy as sa
from flask import abort, current_app

from ..db import db, utcnow
from .constituents import leads
from .events import ORGANISING_POSITIONS, _member_organisation, can_see_session
from .events import can_organise_series as _organises_series
from .group_meetings import guest_session_ids
from .people import is_staff


def _bodies(user, positions=None):
    """Ids of the bodies where she currently holds a position (one of `positions`)."""
    today = utcnow().date()
    return {
        m.body_id
        for m in user.current_memberships
        if m.body_id is not None
        and m.is_current(today)
        and (positions is None or m.position in positions)
    }


def visible_sessions(user):
    """SQL condition on EventSession: the sessions `user` may see."""
    from ..events.models import Audience, EventSeries, EventSession

    if not user.is_authenticated:
        return EventSession.audience == Audience.PUBLIC
    if is_staff(user):
        return sa.true()
    audiences = [Audience.PUBLIC]
    organisation = _member_organisation(user)
    if organisation is not None:
        audiences.append(Audience.MEMBERS)
        if leads(user, organisation.id):
            audiences.append(Audience.LEADERS)
    conditions = [EventSession.audience.in_(audiences)]
    groups = _bodies(user)
    if groups:
        of_groups = sa.select(EventSeries.id).where(EventSeries.body_id.in_(groups))
        conditions.append(
            sa.and_(
                EventSession.audience == Audience.WORKING_GROUP,
                EventSession.series_id.in_(of_groups),
            )
        )
    conditions.append(
        sa.and_(
            EventSession.audience == Audience.WORKING_GROUP,
            EventSession.id.in_(guest_session_ids(user)),
        )
    )
    organised = _bodies(user, ORGANISING_POSITIONS)
    if organised:
        conditions.append(
            EventSession.series_id.in_(
                sa.select(EventSeries.id).where(EventSeries.body_id.in_(organised))
            )
        )
    return sa.or_(*conditions)


def can_see_series(user, series):
    """Its organisers; anyone when its sessions are public by default; else the
    readers who may see one of its sessions."""
    from ..events.models import Audience, EventSession

    if series.default_audience == Audience.PUBLIC or _organises_series(user, series):
        return True
    found = db.session.scalar(
        sa.select(EventSession.id)
        .where(EventSession.series_id == series.id, visible_sessions(user))
        .limit(1)
    )
    return found is not None


def _login_or_404(user, allowed):
    if allowed:
        return
    if not user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    abort(404)


def ensure_session_reach(user, session):
    """Stop unless she may see `session` (None: no such session): anonymous visitors
    are sent to log in, signed-in people outside its audience get 404."""
    _login_or_404(user, session is not None and can_see_session(user, session))


def ensure_series_reach(user, series):
    """As `ensure_session_reach`, for a series' page."""
    _login_or_404(user, series is not None and can_see_series(user, series))
