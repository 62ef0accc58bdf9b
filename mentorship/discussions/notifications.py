"""Who hears of a new post by email, at once: each current member of the group
whose choice is "every message" (no choice counts as that), in her own language,
never its author. Sent after the commit (core.notifications)."""

from ..core.notifications import notify, public_url
from ..groups.models import MessageDelivery


def tell_members(post, author):
    """Email the post to the members who chose every message."""
    from .services import current_members, last_page

    thread = post.thread
    group = thread.group
    url = public_url(
        "discussions.thread",
        slug=group.slug,
        thread_id=thread.id,
        page=last_page(thread),
        _anchor=f"post-{post.id}",
    )
    settings_url = public_url(
        "discussions.index", slug=group.slug, _anchor="email-choice"
    )
    is_opening = thread.created_at == post.created_at and thread.author_id == (
        post.author_id
    )
    for person in current_members(group, MessageDelivery.EVERY):
        if person.id == author.id:
            continue
        notify(
            person,
            "discussion_post",
            kind="discussion",
            person=person,
            group=group,
            thread=thread,
            post=post,
            author_name=author.name,
            is_opening=is_opening,
            url=url,
            settings_url=settings_url,
        )
