"""A working group's discussion: who reads a thread, who posts, edits, moderates.

A member-only thread is read by the group's current members, its runners and the
Secretariat; a thread its author opened to the Alliance is also read by every
signed-in person of a member organisation. Members, runners and the Secretariat
post (not in a closed group, nor in a locked thread); an author edits her own
visible post; the runners hide a post with a reason and lock a thread.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .groups import can_see_group_inside, is_group_member, runs_group

MEMBER_ORGANISATION = "member"


def _of_member_organisation(user):
    organisation = getattr(user, "organisation", None)
    return organisation is not None and organisation.status == MEMBER_ORGANISATION


def can_read_discussion(user, group):
    """The discussion's list: the group's insiders, and the people of member
    organisations (who see only the threads opened to the Alliance)."""
    if not user.is_authenticated:
        return False
    return can_see_group_inside(user, group) or _of_member_organisation(user)


def discussion_condition(user, group, thread_model):
    """SQL condition: the threads of `group` she may read."""
    if can_see_group_inside(user, group):
        return sa.true()
    if user.is_authenticated and _of_member_organisation(user):
        return thread_model.visibility == "alliance"
    return sa.false()


def can_read_thread(user, thread):
    if not user.is_authenticated:
        return False
    if can_see_group_inside(user, thread.group):
        return True
    return thread.visibility == "alliance" and _of_member_organisation(user)


def can_post_in_group(user, group):
    """Current members, runners and the Secretariat, while the group is open."""
    return can_see_group_inside(user, group) and not group.is_closed


def post_refusal(user, thread):
    """Why she may not reply to this thread now (translated), or None."""
    if not can_see_group_inside(user, thread.group):
        return _l("Only the group's members may post in its discussion.")
    if thread.group.is_closed:
        return _l("This group is closed: its discussion is read-only.")
    if thread.is_locked:
        return _l("This thread is locked: no more replies.")
    return None


def can_reply(user, thread):
    return post_refusal(user, thread) is None


def can_edit_post(user, post):
    """Her own visible post, while she may still post in the thread."""
    return (
        user.is_authenticated
        and post.author_id == user.id
        and not post.is_hidden
        and can_reply(user, post.thread)
    )


def can_moderate(user, group):
    """The group's runners (chair, liaison, the Secretariat) while it is open."""
    return runs_group(user, group) and not group.is_closed


def can_choose_delivery(user, group):
    """Her choice of emails: she is a current member of the group."""
    return user.is_authenticated and is_group_member(user, group)
