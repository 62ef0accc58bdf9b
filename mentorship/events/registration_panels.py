"""Her registration on the session page (slot "event.session"): her status, the
joining link when she holds a seat, and the forms to register, cancel, confirm or
decline an offer and change who sees her name. Availability is told in words."""

from flask_login import current_user

from .. import policy
from ..core import panels
from ..db import utcnow
from . import registration as services
from . import times
from .models import ListVisibility, RegistrationStatus


def init_app(app):
    panels.register(
        app,
        "event.session",
        "registration",
        "events/registration/_panel.html",
        panel,
        order=20,
    )


def _region_of(reader):
    """The region her seat would come from (her organisation's), or None."""
    organisation = getattr(reader, "organisation", None)
    return organisation.region if organisation is not None else None


def panel(session, reader=None):
    """What her registration panel shows, or None (nothing to say)."""
    reader = reader if reader is not None else current_user
    now = utcnow()
    row = services.registration_of(session, reader)
    active = row is not None and row.status in services.ACTIVE
    refusal = None if active else policy.registration_refusal(reader, session, now)
    zone = times.reader_zone(reader) or session.timezone
    deadline = None
    offered = row is not None and row.status == RegistrationStatus.OFFERED
    if offered and row.offer_expires_at is not None:
        deadline = times.moment(row.offer_expires_at, row.offer_expires_at, zone)
    return {
        "event": session,
        "registration": row,
        "active": active,
        "status": row.status if row is not None else None,
        "position": services.waitlist_position(row),
        "deadline": deadline,
        "availability": services.availability(session, now, _region_of(reader)),
        "refusal": refusal,
        "signed_in": reader.is_authenticated,
        "can_cancel": active and not session.has_started(now),
        "questions": [
            {
                "id": q["id"],
                "label": services.question_label(q),
                "required": bool(q.get("required")),
            }
            for q in services.questions_of(session)
        ],
        "answer_max": services.ANSWER_MAX,
        "visibilities": [
            (ListVisibility.EVERYONE, services.VISIBILITY_LABELS["everyone"]),
            (ListVisibility.ORGANISERS, services.VISIBILITY_LABELS["organisers"]),
        ],
        "visibility_label": (
            services.VISIBILITY_LABELS.get(row.list_visibility)
            if row is not None
            else None
        ),
        "join_link": policy.can_see_join_link(reader, session, row)
        and bool(session.join_url),
        "participants": policy.can_see_participants(reader, session, row),
    }
