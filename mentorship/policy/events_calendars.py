"""Who gets which calendar file (the `timecal` part of the events engine)."""

from .events import can_see_join_link, can_see_session


def can_download_session_calendar(user, session):
    """A session's .ics: whoever may see the session."""
    return can_see_session(user, session)


def calendar_shows_join_link(user, session, registration=None):
    """The joining link goes into a calendar file only for a person holding a seat
    (or an organiser), and never for a cancelled session."""
    return not session.is_cancelled and can_see_join_link(user, session, registration)


def in_public_series_feed(session):
    """A series' public feed lists only the sessions open to the public."""
    return session.audience == "public"
