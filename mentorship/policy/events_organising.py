"""Events, organising: the Secretariat's list of series, attendance, certificates,
and what the session page shows about attendance."""

from ..core.disclosure import publishable
from ..db import utcnow
from .events import can_create_series, can_organise


def can_manage_events(user):
    """The Secretariat's list of every series and session."""
    return can_create_series(user)


def can_edit_session(user, session):
    """Her series' sessions, while they are not cancelled."""
    return can_organise(user, session) and not session.is_cancelled


def can_mark_attendance(user, session, now=None):
    """The organisers, from the start of the session."""
    return can_organise(user, session) and session.has_started(now or utcnow())


def can_have_certificate(user, session, registration):
    """She attended a session of a series that offers a certificate."""
    return (
        user.is_authenticated
        and session.series.offers_certificate
        and registration is not None
        and registration.user_id == user.id
        and registration.attended is True
    )


def can_see_attendance_summary(session, attended_count, now=None):
    """After the end, when the count of those who attended may be published."""
    return session.has_ended(now or utcnow()) and publishable(attended_count)
