"""The daily digest: one email to each member who chose it, with what was posted
in her groups since her last digest; nothing when nothing is new.

Each (group, member) has a watermark (`DigestMark.digested_until`). A run reads
the posts in (watermark, cutoff] and moves the watermark to the cutoff with one
conditional UPDATE (`digested_until = <what it read>`): of two runs at once only one
wins, and a run repeated sends nothing new. The cutoff stays `LAG` behind the clock,
so that a post whose transaction had not yet committed when the run read is taken
by the next digest, not skipped.
"""

from collections import defaultdict
from datetime import timedelta

import click
import sqlalchemy as sa
from flask.cli import AppGroup
from huey import crontab
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..auth.models import User
from ..core.notifications import notify, public_url
from ..core.transitions import update_if
from ..db import db, utcnow
from ..groups.models import GroupPreference, MessageDelivery, WorkingGroup
from ..jobs import periodic_job
from .models import DigestMark, Post, Thread

LAG = timedelta(minutes=5)
FIRST_WINDOW = timedelta(days=1)  # a digest without a watermark yet: the last day

discussions_cli = AppGroup("discussions", help="Working groups' discussions.")


def send_digests(now=None):
    """Send every due digest; commits each member's on its own. Returns how many
    emails were sent."""
    cutoff = (now or utcnow()) - LAG
    sent = 0
    for user_id, group_ids in _subscribers().items():
        user = db.session.get(User, user_id)
        if _digest_for(user, group_ids, cutoff):
            sent += 1
        db.session.commit()
    return sent


def _subscribers():
    """{user id: [group ids]}: the members whose choice is the digest."""
    rows = db.session.execute(
        sa.select(GroupPreference.user_id, GroupPreference.group_id)
        .join(User, User.id == GroupPreference.user_id)
        .where(
            GroupPreference.messages == MessageDelivery.DIGEST,
            User.erased_at.is_(None),
        )
        .order_by(GroupPreference.user_id, GroupPreference.group_id)
    )
    found = defaultdict(list)
    for user_id, group_id in rows:
        found[user_id].append(group_id)
    return found


def _digest_for(user, group_ids, cutoff):
    """Claim her windows and queue her digest (sent after the commit); False when
    nothing is new or another run claimed them first."""
    sections = []
    for group_id in group_ids:
        group = db.session.get(WorkingGroup, group_id)
        if not policy.can_choose_delivery(user, group):
            continue  # she left the group: its discussion is no longer hers
        mark = _mark(group, user, cutoff)
        if mark.digested_until >= cutoff:
            continue
        posts = _posts(group, mark.digested_until, cutoff)
        seen = mark.digested_until
        if not update_if(
            DigestMark,
            mark,
            DigestMark.digested_until == seen,
            digested_until=cutoff,
        ):
            db.session.rollback()
            return False  # another run is sending her digest
        if posts:
            sections.append((group, _by_thread(posts)))
    if not sections:
        return False
    notify(
        user,
        "discussion_digest",
        kind="discussion",
        person=user,
        sections=sections,
        urls={
            thread.id: public_url(
                "discussions.thread", slug=group.slug, thread_id=thread.id
            )
            for group, threads in sections
            for thread, _posts in threads
        },
        settings_urls={
            group.id: public_url(
                "discussions.index", slug=group.slug, _anchor="email-choice"
            )
            for group, _threads in sections
        },
    )
    return True


def _mark(group, user, cutoff):
    """Her watermark in the group; a first one covers the last day."""
    query = sa.select(DigestMark).where(
        DigestMark.group_id == group.id, DigestMark.user_id == user.id
    )
    mark = db.session.scalar(query)
    if mark is not None:
        return mark
    try:
        with db.session.begin_nested():
            mark = DigestMark(
                group_id=group.id,
                user_id=user.id,
                digested_until=cutoff - FIRST_WINDOW,
            )
            db.session.add(mark)
            db.session.flush()
    except IntegrityError:
        mark = db.session.scalar(query)
    return mark


def _posts(group, after, until):
    """Visible posts of the group in (after, until], in order."""
    return db.session.scalars(
        sa.select(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .where(
            Thread.group_id == group.id,
            Post.created_at > after,
            Post.created_at <= until,
            Post.hidden_at.is_(None),
        )
        .order_by(Post.created_at, Post.id)
    ).all()


def _by_thread(posts):
    """[(thread, [posts])] in the order the threads first appear."""
    threads = {}
    for post in posts:
        threads.setdefault(post.thread_id, (post.thread, []))[1].append(post)
    return list(threads.values())


@periodic_job(crontab(hour="6", minute="45"))
def daily_digest():
    send_digests()


@discussions_cli.command("digest")
def digest_command():
    """Send the daily digests of the groups' discussions now."""
    sent = send_digests()
    click.echo(f"{sent} digest(s) sent.")
