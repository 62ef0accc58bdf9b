"""Recommendations' rows, on the groups' world (`member_other` chairs the matrix's
group, `member_own` is a member, `steering` sits on the Steering Committee): a
published one is anyone's; a draft, a round, one with the committee are the
group's inside (and the committee's for the latter), 404 to others; writing is
the chair's and the Secretariat's, commenting the members', endorsing the
committee's."""

from datetime import timedelta

import sqlalchemy as sa

from mentorship.core import translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.groups.models import WorkingGroup
from mentorship.recommendations.models import (
    CommentRound,
    Recommendation,
    RecommendationComment,
    RecommendationVersion,
)

from ..policy_rows import LOGIN, PUBLIC, row

N = 404
INSIDE_PAGE = row(N, 200, 200, N, N, 200, N, 200, 200, N, leader=N, delegate=N)
WITH_COMMITTEE = row(N, 200, 200, N, N, 200, 200, 200, 200, N, leader=N, delegate=N)
WRITERS_PAGE = row(LOGIN, 403, 200, N, N, 200, N, 200, 200, N, leader=N, delegate=N)
WRITERS_BAD = row(LOGIN, 403, 400, N, N, 400, N, 400, 400, N, leader=N, delegate=N)
RUNNERS_POST = row(LOGIN, 403, 302, N, N, 302, N, 302, 302, N, leader=N, delegate=N)
COMMENT_BAD = row(LOGIN, 400, 400, N, N, 403, N, 403, 403, N, leader=N, delegate=N)
ENDORSE_POST = row(LOGIN, 403, 403, N, N, 403, 302, 403, 403, N, leader=N, delegate=N)
RETURN_BAD = row(LOGIN, 403, 403, N, N, 403, 400, 403, 403, N, leader=N, delegate=N)
PUBLISH_BAD = row(LOGIN, 403, 400, N, N, 400, 403, 400, 400, N, leader=N, delegate=N)
NEW_PAGE = row(LOGIN, 403, 200, 403, 403, 200, 403, 200, 200, 403)
NEW_BAD = row(LOGIN, 403, 400, 403, 403, 400, 403, 400, 400, 403)

R = "/recommendations/"
G = "/groups/{group_slug}/recommendations"

PUBLIC_ENDPOINTS = {
    "recommendations.index",
    "recommendations.detail",
    "recommendations.compare",
}

ROWS = {
    ("recommendations.index", "GET"): (G, {}, PUBLIC),
    ("recommendations.new", "GET"): (G + "/new", {}, NEW_PAGE),
    ("recommendations.new", "POST"): (G + "/new", {}, NEW_BAD),
    ("recommendations.detail", "GET"): (R + "{rec_draft_id}", {}, INSIDE_PAGE),
    ("recommendations.compare", "GET"): (
        R + "{rec_published_id}/compare?a=1&b=2&view=diff",
        {},
        PUBLIC,
    ),
    ("recommendations.edit", "GET"): (R + "{rec_draft_id}/edit", {}, WRITERS_PAGE),
    ("recommendations.edit", "POST"): (R + "{rec_draft_id}/edit", {}, WRITERS_BAD),
    ("recommendations.translate", "GET"): (
        R + "{rec_draft_id}/translate",
        {},
        WRITERS_PAGE,
    ),
    ("recommendations.translate", "POST"): (
        R + "{rec_draft_id}/translate",
        {},
        WRITERS_BAD,
    ),
    ("recommendations.open_round", "POST"): (
        R + "{rec_draft_id}/rounds",
        {},
        WRITERS_BAD,
    ),
    ("recommendations.close_round", "POST"): (
        R + "{rec_round_id}/rounds/close",
        {},
        RUNNERS_POST,
    ),
    ("recommendations.add_comment", "POST"): (
        R + "{rec_round_id}/comments",
        {},
        COMMENT_BAD,
    ),
    ("recommendations.addressed", "POST"): (
        R + "comments/{rec_comment_id}/addressed",
        {},
        RUNNERS_POST,
    ),
    ("recommendations.send", "POST"): (R + "{rec_draft_id}/send", {}, RUNNERS_POST),
    ("recommendations.endorse", "POST"): (
        R + "{rec_committee_id}/endorse",
        {},
        ENDORSE_POST,
    ),
    ("recommendations.send_back", "POST"): (
        R + "{rec_committee_id}/return",
        {},
        RETURN_BAD,
    ),
    ("recommendations.publish", "POST"): (
        R + "{rec_endorsed_id}/publish",
        {},
        PUBLISH_BAD,
    ),
}

TEXT = "Why\n\nWhat we ask.\n\nHow we follow it."


def _recommendation(group_id, status, versions=1, **values):
    found = Recommendation(
        group_id=group_id,
        status=status,
        title=translated.new_text("en", en=f"A {status} recommendation"),
        **values,
    )
    for number in range(1, versions + 1):
        found.versions.append(
            RecommendationVersion(
                number=number,
                body=translated.new_text("en", en=TEXT + f" (v{number})"),
                locked_at=utcnow(),
            )
        )
    db.session.add(found)
    return found


def _round(found, closed):
    now = utcnow()
    return CommentRound(
        recommendation=found,
        version=found.versions[-1],
        kind="members",
        opened_at=now - timedelta(days=3),
        ends_at=now + timedelta(days=7),
        closed_at=now - timedelta(days=1) if closed else None,
    )


def world(ids, people, make_org, make_user):
    """A draft after its members' round, one in its round with a comment, one with
    the Steering Committee, one endorsed, one published (two versions)."""
    group_id = db.session.scalar(
        sa.select(WorkingGroup.id)
        .join(Body, Body.id == WorkingGroup.body_id)
        .where(Body.slug == "matrix-group")
    )
    draft = _recommendation(group_id, "draft")
    in_round = _recommendation(group_id, "members_round")
    committee = _recommendation(group_id, "endorsement")
    endorsed = _recommendation(group_id, "endorsed", endorsed_at=utcnow())
    published = _recommendation(
        group_id, "published", versions=2, published_at=utcnow()
    )
    open_round = _round(in_round, closed=False)
    comment = RecommendationComment(
        round=open_round,
        version=in_round.versions[-1],
        section=2,
        author_id=people["member_own"].id,
        body="Say who asks.",
    )
    db.session.add_all(
        [_round(draft, closed=True), _round(committee, closed=True), comment]
    )
    db.session.commit()
    return {
        "rec_draft_id": draft.id,
        "rec_round_id": in_round.id,
        "rec_comment_id": comment.id,
        "rec_committee_id": committee.id,
        "rec_endorsed_id": endorsed.id,
        "rec_published_id": published.id,
    }
