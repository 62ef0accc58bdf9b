"""Running mentorships: the pair's private space, and what others may follow."""

import sqlalchemy as sa

from .people import can_read_reports, is_staff, my_organisation


def can_view_mentorship(user, mentorship):
    """The pair itself; coordinators and Secretariat see status only (elsewhere)."""
    return user.is_authenticated and user.id in (
        mentorship.mentee_user_id,
        mentorship.mentor_user_id,
    )


def can_edit_mentorship(user, mentorship):
    """Goals, meetings, check-ins: the pair itself, while the mentorship is active."""
    return can_view_mentorship(user, mentorship) and mentorship.status == "active"


def can_propose_goal(user, mentorship):
    """The mentee proposes the pair's goals (both may then edit them)."""
    return (
        can_edit_mentorship(user, mentorship) and user.id == mentorship.mentee_user_id
    )


def can_read_note(user, note):
    """A meeting note is private to its author: not her partner, not the Secretariat."""
    return user.is_authenticated and note.author_id == user.id


def can_read_close_note(user, mentorship=None):
    """Why a mentorship closed early (reason and note) is told to the Secretariat
    only: not to the partner, even a partner who works at the Secretariat."""
    if not is_staff(user):
        return False
    if mentorship is None or mentorship.closed_by_id == user.id:
        return True
    return user.id not in (mentorship.mentee_user_id, mentorship.mentor_user_id)


def visible_mentorships(viewer, mentorship_model):
    """SQL condition: mentorships whose status `viewer` may follow (never content)."""
    if can_read_reports(viewer):
        return sa.true()
    own = my_organisation(viewer)
    if own is not None:
        return sa.or_(
            mentorship_model.mentee_organisation_id == own,
            mentorship_model.mentor_organisation_id == own,
        )
    return sa.or_(
        mentorship_model.mentee_user_id == viewer.id,
        mentorship_model.mentor_user_id == viewer.id,
    )
