"""Events: who sees a session, who may register, who organises.

The audience of a session decides both: a public session is seen by anyone (and any
signed-in person may register); a members' session by the people of member
organisations; a leaders' call by the leaders of member organisations; a working
group's meeting by the group's current members and the guests invited to it
(`policy.group_meetings`). The Secretariat sees and organises
everything; a working group's chair and champions organise their group's series.

Every answer here reads the signed-in person's memberships, loaded with her, and the
organisation's status: `registration_refusal` says *why* she may not register, in a
translated sentence the page shows.
"""

from flask_babel import lazy_gettext as _l

from ..db import utcnow
from .constituents import in_body, leads
from .group_meetings import is_meeting_guest
from .people import is_staff

MEMBER = "member"
ORGANISING_POSITIONS = ("chair", "champion", "liaison")


def _member_organisation(user):
    """Her organisation, when it is a member of the Alliance (else None)."""
    organisation = getattr(user, "organisation", None)
    if organisation is not None and organisation.status == MEMBER:
        return organisation
    return None


def is_in_audience(user, session):
    """She belongs to the session's audience (staff belong to every audience)."""
    audience = session.audience
    if audience == "public":
        return user.is_authenticated
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    organisation = _member_organisation(user)
    if audience == "members":
        return organisation is not None
    if audience == "leaders":
        return organisation is not None and leads(user, organisation.id)
    if audience == "working_group":
        # The group's current members, and the guests invited to this meeting.
        return in_body(user, session.series.body_id) or is_meeting_guest(user, session)
    return False


def can_organise_series(user, series):
    """The Secretariat, or the chair, champions and liaison of the series' body."""
    if is_staff(user):
        return True
    return series.body_id is not None and in_body(
        user, series.body_id, ORGANISING_POSITIONS
    )


def can_organise(user, session):
    """She organises this session (its series)."""
    return user.is_authenticated and can_organise_series(user, session.series)


def can_create_series(user):
    """Only the Secretariat opens a new series."""
    return is_staff(user)


def can_see_session(user, session):
    """A public session is seen by anyone; the others by their audience and
    organisers."""
    if session.audience == "public":
        return True
    return is_in_audience(user, session) or can_organise(user, session)


def registration_refusal(user, session, now=None):
    """None when she may register for `session` now, else the translated reason."""
    if session.is_cancelled:
        return _l("This session has been cancelled.")
    if not user.is_authenticated:
        return _l("Sign in to register.")
    if not is_in_audience(user, session):
        return AUDIENCE_REFUSALS.get(session.audience, AUDIENCE_REFUSALS["members"])
    now = now or utcnow()
    if (
        session.registration_opens_at is not None
        and now < session.registration_opens_at
    ):
        return _l("Registration has not opened yet.")
    if now >= session.starts_at or (
        session.registration_closes_at is not None
        and now >= session.registration_closes_at
    ):
        return _l("Registration for this session is closed.")
    return None


AUDIENCE_REFUSALS = {
    "public": _l("Sign in to register."),
    "members": _l("This session is open to the people of member organisations."),
    "leaders": _l("This call is for the leaders of member organisations."),
    "working_group": _l("This meeting is for the members of its working group."),
}


def can_see_join_link(user, session, registration=None):
    """The joining link: to a person holding a seat, and to the organisers."""
    if can_organise(user, session):
        return True
    return registration is not None and registration.holds_seat


def can_see_registrations(user, session):
    """The organiser's view of registrations, answers and the waitlist."""
    return can_organise(user, session)
