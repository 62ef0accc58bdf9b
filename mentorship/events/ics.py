"""A session as a calendar file: one event per session, its UID stable.

The SEQUENCE of what a person receives is the session's (it grows when the
organiser moves or changes the session) plus her registration's (it grows when she
cancels and registers again), so that every calendar takes the newest file.
"""

from ..core import calendar
from ..i18n import localized

KIND = "event-session"


def uid(session, host):
    return calendar.stable_uid(KIND, session.id, host)


def sequence(session, registration=None):
    return session.sequence + (registration.sequence if registration else 0)


def session_ics(session, host, url="", registration=None, cancelled=False, now=None):
    """The session as .ics bytes (METHOD:CANCEL when `cancelled`)."""
    return calendar.event_ics(
        uid(session, host),
        session.starts_at,
        session.ends_at,
        localized(session, "title"),
        description=localized(session, "description"),
        url=url,
        sequence=sequence(session, registration),
        cancelled=cancelled or session.is_cancelled,
        now=now,
    )


def attachment(session, host, url="", registration=None, cancelled=False):
    """(filename, bytes, mimetype) for core.notifications.notify(attachments=...)."""
    body = session_ics(session, host, url, registration, cancelled)
    method = "CANCEL" if cancelled or session.is_cancelled else "PUBLISH"
    return ("invite.ics", body, f"text/calendar; charset=utf-8; method={method}")
