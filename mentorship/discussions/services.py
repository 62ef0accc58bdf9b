"""The discussion's service layer: reading threads and posts, starting a thread,
replying, editing, hiding, locking, and her choice of emails.

Services add and flush, the request commits. A reply and a lock race on one
conditional UPDATE of the thread (`locked_at IS NULL`): a reply never lands in a
thread locked before it. Access is decided in `policy.discussions`; the views ask
it before calling these.
"""

import sqlalchemy as sa
from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..audit import record
from ..auth.models import User
from ..core import memberships
from ..core.errors import ServiceError
from ..core.models import Membership
from ..core.pagination import paginate
from ..core.transitions import update_if
from ..db import db, utcnow
from ..groups.models import GroupPreference, MessageDelivery
from . import notifications
from .models import DigestMark, Post, Thread, ThreadVisibility

TITLE_MAX = 200
BODY_MAX = 10_000
REASON_MAX = 500
THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 30


class DiscussionError(ServiceError):
    """A post, edit or moderation that cannot be done as asked."""


# --- Reading -----------------------------------------------------------------------


def threads_page(group, reader, page):
    """One page of the threads she may read, the most recently active first."""
    query = (
        sa.select(Thread)
        .where(
            Thread.group_id == group.id,
            policy.discussion_condition(reader, group, Thread),
        )
        .order_by(Thread.last_posted_at.desc(), Thread.id.desc())
    )
    return paginate(query, page, THREADS_PER_PAGE)


def latest_threads(group, reader, limit=5):
    query = (
        sa.select(Thread)
        .where(
            Thread.group_id == group.id,
            policy.discussion_condition(reader, group, Thread),
        )
        .order_by(Thread.last_posted_at.desc(), Thread.id.desc())
        .limit(limit)
    )
    return db.session.scalars(query).all()


def reply_counts(threads):
    """{thread id: number of replies} (the opening post is not a reply)."""
    if not threads:
        return {}
    rows = db.session.execute(
        sa.select(Post.thread_id, sa.func.count(Post.id))
        .where(Post.thread_id.in_([t.id for t in threads]))
        .group_by(Post.thread_id)
    )
    return {thread_id: count - 1 for thread_id, count in rows}


def thread_in(group, thread_id):
    """The thread of this group with this id, or 404."""
    thread = db.session.get(Thread, thread_id)
    if thread is None or thread.group_id != group.id:
        abort(404)
    return thread


def post_in(group, post_id):
    """The post of a thread of this group with this id, or 404."""
    post = db.session.get(Post, post_id)
    if post is None or post.thread.group_id != group.id:
        abort(404)
    return post


def posts_page(thread, page):
    query = (
        sa.select(Post)
        .where(Post.thread_id == thread.id)
        .order_by(Post.created_at, Post.id)
    )
    return paginate(query, page, POSTS_PER_PAGE)


def last_page(thread):
    count = db.session.scalar(
        sa.select(sa.func.count(Post.id)).where(Post.thread_id == thread.id)
    )
    return max(1, -(-count // POSTS_PER_PAGE))


# --- Writing -----------------------------------------------------------------------


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise DiscussionError(_l("Write your message."))
    if len(body) > BODY_MAX:
        raise DiscussionError(_l("A message is at most 10,000 characters."))
    return body


def start_thread(group, by, title, body, visibility=ThreadVisibility.MEMBERS, now=None):
    """A new thread with its opening post; the members who chose so are told."""
    now = now or utcnow()
    if not policy.can_post_in_group(by, group):
        raise DiscussionError(_l("This group is closed: its discussion is read-only."))
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise DiscussionError(_l("Give the thread a title of at most 200 characters."))
    if visibility not in tuple(ThreadVisibility):
        raise DiscussionError(_l("Choose who may read the thread."))
    body = _clean_body(body)
    thread = Thread(
        group_id=group.id,
        title=title,
        visibility=visibility,
        author_id=by.id,
        created_at=now,
        last_posted_at=now,
    )
    post = Post(thread=thread, author_id=by.id, body=body, created_at=now)
    db.session.add_all([thread, post])
    db.session.flush()
    record(thread, "started", actor=by, data={"visibility": str(visibility)})
    notifications.tell_members(post, by)
    return thread


def reply(thread, by, body, now=None):
    """A reply, unless the thread was locked (or the group closed) meanwhile."""
    now = now or utcnow()
    refusal = policy.post_refusal(by, thread)
    if refusal is not None:
        raise DiscussionError(refusal)
    body = _clean_body(body)
    if not update_if(Thread, thread, Thread.locked_at.is_(None), last_posted_at=now):
        raise DiscussionError(_l("This thread is locked: no more replies."))
    post = Post(thread_id=thread.id, author_id=by.id, body=body, created_at=now)
    db.session.add(post)
    db.session.flush()
    notifications.tell_members(post, by)
    return post


def edit_post(post, by, body, now=None):
    """Her own post's new text, marked edited with the time."""
    now = now or utcnow()
    if not policy.can_edit_post(by, post):
        raise DiscussionError(_l("You can no longer edit this message."))
    body = _clean_body(body)
    if body == post.body:
        raise DiscussionError(_l("The text is unchanged: nothing was saved."))
    won = update_if(
        Post,
        post,
        Post.author_id == by.id,
        Post.hidden_at.is_(None),
        body=body,
        edited_at=now,
    )
    if not won:
        raise DiscussionError(_l("You can no longer edit this message."))
    return post


def hide_post(post, by, reason, now=None):
    """A runner hides a post, with her reason; the post is kept, shown as hidden."""
    now = now or utcnow()
    if not policy.can_moderate(by, post.thread.group):
        raise DiscussionError(
            _l(
                "Only the group's chair, its liaison and the"
                " Secretariat moderate its discussion."
            )
        )
    reason = (reason or "").strip()
    if not reason:
        raise DiscussionError(_l("Say why you hide this message."))
    if len(reason) > REASON_MAX:
        raise DiscussionError(_l("At most %(max)d characters.", max=REASON_MAX))
    won = update_if(
        Post,
        post,
        Post.hidden_at.is_(None),
        hidden_at=now,
        hidden_by_id=by.id,
        hidden_reason=reason,
    )
    if not won:
        raise DiscussionError(_l("This message is already hidden."))
    record(post, "hidden", actor=by, to_state="hidden")
    return post


def lock_thread(thread, by, now=None):
    """A runner locks a thread: it stays readable, nobody replies any more."""
    now = now or utcnow()
    if not policy.can_moderate(by, thread.group):
        raise DiscussionError(
            _l(
                "Only the group's chair, its liaison and the"
                " Secretariat moderate its discussion."
            )
        )
    won = update_if(
        Thread, thread, Thread.locked_at.is_(None), locked_at=now, locked_by_id=by.id
    )
    if not won:
        raise DiscussionError(_l("This thread is already locked."))
    record(thread, "locked", actor=by, to_state="locked")
    return thread


# --- Her choice of emails ----------------------------------------------------------


def delivery_of(group, user):
    """Her choice for this group: "every" when she never chose."""
    if not user.is_authenticated:
        return MessageDelivery.EVERY
    chosen = db.session.scalar(
        sa.select(GroupPreference.messages).where(
            GroupPreference.group_id == group.id, GroupPreference.user_id == user.id
        )
    )
    return chosen or MessageDelivery.EVERY


def choose_delivery(group, user, choice, now=None):
    """Store her choice (GroupPreference.messages); choosing the digest starts her
    digest from now, so that it never repeats what already reached her."""
    now = now or utcnow()
    if choice not in tuple(MessageDelivery):
        raise DiscussionError(_l("Choose how the discussion reaches you."))
    if not policy.can_choose_delivery(user, group):
        raise DiscussionError(_l("Only the group's members receive its messages."))
    before = delivery_of(group, user)
    _upsert(
        GroupPreference,
        {"group_id": group.id, "user_id": user.id},
        messages=choice,
        updated_at=now,
    )
    if choice == MessageDelivery.DIGEST and before != MessageDelivery.DIGEST:
        _upsert(
            DigestMark,
            {"group_id": group.id, "user_id": user.id},
            digested_until=now,
        )
    return choice


def _upsert(model, key, **values):
    """Update the row with `key`, or insert it; a concurrent insert is updated."""
    where = [getattr(model, name) == value for name, value in key.items()]
    statement = sa.update(model).where(*where).values(**values)
    if db.session.execute(statement).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.add(model(**key, **values))
            db.session.flush()
    except IntegrityError:
        db.session.execute(statement)


# --- Who hears of it ---------------------------------------------------------------


def current_members(group, delivery=None):
    """The group's current members (any position), not erased, by id; only those
    whose choice is `delivery` when given (no row counts as "every")."""
    query = (
        sa.select(User)
        .where(
            User.id.in_(
                sa.select(Membership.user_id).where(
                    Membership.body_id == group.body_id, memberships.current()
                )
            ),
            User.erased_at.is_(None),
        )
        .order_by(User.id)
    )
    if delivery is not None:
        chosen = (
            sa.select(GroupPreference.messages)
            .where(
                GroupPreference.group_id == group.id,
                GroupPreference.user_id == User.id,
            )
            .scalar_subquery()
        )
        query = query.where(sa.func.coalesce(chosen, "every") == delivery)
    return db.session.scalars(query).all()


# --- Her data ----------------------------------------------------------------------


def export_of(user):
    """Her posts, with their thread and group, for her data export."""
    rows = db.session.scalars(
        sa.select(Post).where(Post.author_id == user.id).order_by(Post.id)
    ).all()
    return [
        {
            "group": post.thread.group.body.slug,
            "thread": post.thread.title,
            "opened_thread": post.thread.author_id == user.id and _is_opening(post),
            "text": post.body,
            "posted_at": _iso(post.created_at),
            "edited_at": _iso(post.edited_at),
            "hidden_at": _iso(post.hidden_at),
        }
        for post in rows
    ]


def _is_opening(post):
    first = db.session.scalar(
        sa.select(sa.func.min(Post.id)).where(Post.thread_id == post.thread_id)
    )
    return first == post.id


def _iso(value):
    return value.isoformat() if value is not None else None
