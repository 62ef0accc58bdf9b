"""How the matching flow reacts to other features' signals (`core.signals`)."""

from ..core import signals
from .runs import exclude_pair


def init_app(app):
    signals.mentorship_closed.connect(keep_closed_pair_apart)


def keep_closed_pair_apart(mentorship, *, actor, **_):
    """A pair that closed early is never proposed again in that programme."""
    if mentorship.mentee_user_id and mentorship.mentor_user_id:
        exclude_pair(
            mentorship.programme_id,
            mentorship.mentee_user_id,
            mentorship.mentor_user_id,
            actor,
            reason="closed_early",
        )
