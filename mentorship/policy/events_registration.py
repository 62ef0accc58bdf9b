"""Events, registration: who sees a session's participant list.

The people holding a seat in the session see the names of those who chose to be
seen by everyone registered; the organisers see everyone, with each choice marked.
"""

from .events import can_organise


def can_see_participants(user, session, registration=None):
    """The organisers, and the people holding a seat (registered or offered)."""
    if not user.is_authenticated:
        return False
    if can_organise(user, session):
        return True
    return registration is not None and registration.holds_seat


def sees_every_participant(user, session):
    """Organisers see every registrant and her choice of visibility."""
    return can_organise(user, session)
