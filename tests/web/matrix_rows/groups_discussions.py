"""The discussion's rows, on the groups' world: in "matrix-group" (chaired by
`member_other`, `member_own` a member), a member-only thread opened by `member_own`
and a thread opened to the Alliance by the chair. Members, the chair and the
Secretariat read and post; the people of member organisations read the Alliance's
thread only; the chair and the Secretariat hide and lock; `member_own` edits her
own post; only members choose their emails."""

import sqlalchemy as sa

from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.discussions.models import Post, Thread
from mentorship.groups.models import WorkingGroup

from ..policy_rows import LOGIN, row

D = "/groups/{group_slug}/discussion"
# Every signed-in person of a member organisation reads the list (the Alliance's
# threads); only the group's insiders (member_own, the chair member_other, the
# Secretariat) read its member-only thread and post.
LIST = row(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200)
OUT = {"leader": 404, "delegate": 404}
BARRED = {"leader": 403, "delegate": 403}
MEMBER_THREAD = row(LOGIN, 200, 200, 404, 404, 200, 404, 200, 200, 404, **OUT)
NEW_PAGE = row(LOGIN, 200, 200, 403, 403, 200, 403, 200, 200, 403, **BARRED)
NEW_POST = row(LOGIN, 302, 302, 403, 403, 302, 403, 302, 302, 403, **BARRED)
REPLY = row(LOGIN, 302, 302, 404, 404, 302, 404, 302, 302, 404, **OUT)
EDIT_PAGE = row(LOGIN, 200, 403, 404, 404, 403, 404, 403, 403, 404, **OUT)
EDIT_POST = row(LOGIN, 302, 403, 404, 404, 403, 404, 403, 403, 404, **OUT)
MODERATE = row(LOGIN, 403, 302, 404, 404, 302, 404, 302, 302, 404, **OUT)
CHOOSE = row(LOGIN, 302, 302, 403, 403, 403, 403, 403, 403, 403, **BARRED)

ROWS = {
    ("discussions.index", "GET"): (D, {}, LIST),
    ("discussions.new_thread", "GET"): (D + "/new", {}, NEW_PAGE),
    ("discussions.new_thread", "POST"): (
        D + "/new",
        {"title": "Agenda", "body": "What next?", "visibility": "members"},
        NEW_POST,
    ),
    ("discussions.thread", "GET"): (D + "/{member_thread_id}", {}, MEMBER_THREAD),
    ("discussions.reply", "POST"): (
        D + "/{member_thread_id}/replies",
        {"body": "Agreed."},
        REPLY,
    ),
    ("discussions.edit_post", "GET"): (
        D + "/posts/{member_post_id}/edit",
        {},
        EDIT_PAGE,
    ),
    ("discussions.edit_post", "POST"): (
        D + "/posts/{member_post_id}/edit",
        {"body": "Better words."},
        EDIT_POST,
    ),
    ("discussions.hide_post", "POST"): (
        D + "/posts/{member_post_id}/hide",
        {"reason": "Off topic"},
        MODERATE,
    ),
    ("discussions.lock_thread", "POST"): (
        D + "/{member_thread_id}/lock",
        {},
        MODERATE,
    ),
    ("discussions.choose_delivery", "POST"): (
        D + "/email",
        {"messages": "digest"},
        CHOOSE,
    ),
}


def world(ids, people, make_org, make_user):
    """A member-only thread by `member_own`, an Alliance thread by the chair."""
    group_id = _group_id()
    now = utcnow()
    mine = Thread(
        group_id=group_id,
        title="Member thread",
        author_id=people["member_own"].id,
        created_at=now,
        last_posted_at=now,
    )
    opened = Thread(
        group_id=group_id,
        title="Alliance thread",
        visibility="alliance",
        author_id=people["member_other"].id,
        created_at=now,
        last_posted_at=now,
    )
    post = Post(thread=mine, author_id=people["member_own"].id, body="Hello all")
    db.session.add_all(
        [
            mine,
            opened,
            post,
            Post(thread=opened, author_id=people["member_other"].id, body="Welcome"),
        ]
    )
    db.session.commit()
    return {
        "member_thread_id": mine.id,
        "alliance_thread_id": opened.id,
        "member_post_id": post.id,
    }


def _group_id():
    return db.session.scalar(
        sa.select(WorkingGroup.id)
        .join(Body, Body.id == WorkingGroup.body_id)
        .where(Body.slug == "matrix-group")
    )
