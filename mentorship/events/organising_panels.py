"""The organising part's panel on the session page: the organiser's tools, the
attending organisations once it ended (counts through disclosure control), and her
certificate."""

import sqlalchemy as sa

from .. import policy
from ..core import panels
from ..core.disclosure import suppress
from ..db import db, utcnow
from . import roster
from .models import Registration


def init_app(app):
    panels.register(
        app,
        "event.session",
        "organising",
        "events/organising/_session_panel.html",
        session_panel,
        order=60,
    )


def session_panel(session, reader):
    """What this reader sees of the organising part on the session page, or None."""
    now = utcnow()
    organiser = policy.can_organise(reader, session)
    summary = None
    if session.has_ended(now) and not session.is_cancelled:
        attended = roster.attended_rows(session)
        if policy.can_see_attendance_summary(session, len(attended), now):
            summary = {
                "attended": suppress(len(attended), len(attended)),
                "organisations": [
                    name for name, _ in roster.attending_organisations(attended)
                ],
            }
    certificate = False
    if reader.is_authenticated and session.series.offers_certificate:
        registration = db.session.scalar(
            sa.select(Registration).where(
                Registration.session_id == session.id,
                Registration.user_id == reader.id,
            )
        )
        certificate = policy.can_have_certificate(reader, session, registration)
    if not (organiser or summary or certificate):
        return None
    return {
        "session": session,
        "organiser": organiser,
        "can_edit": policy.can_edit_session(reader, session),
        "summary": summary,
        "certificate": certificate,
    }
