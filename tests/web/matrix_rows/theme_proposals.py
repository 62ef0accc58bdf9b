"""Theme proposals' rows: the public list and page; proposing for an organisation
or group she acts for (A's leader, delegate and coordinator; B's coordinator and the
groups' chair may propose, but not for A); comments by anyone of a member
organisation while the window is open; withdrawal by A's people; the Secretariat's
window, translations, vote and adoption."""

from datetime import timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow

from ..policy_rows import (
    LOGIN,
    PUBLIC,
    SIGNED_IN_POST,
    STAFF_BAD,
    STAFF_PAGE,
    STAFF_POST,
    row,
)

P = "/themes/proposals"
# `member_other` chairs the groups' world's working group: she proposes for it.
PROPOSERS_PAGE = row(
    LOGIN, 403, 200, 200, 200, 403, 403, 403, 200, 403, leader=200, delegate=200
)
# B's coordinators reach the form, but A is not among its choices: 400.
PROPOSE_FOR_A = row(
    LOGIN, 403, 400, 302, 400, 403, 403, 403, 400, 403, leader=302, delegate=302
)
A_PEOPLES_PAGE = row(
    LOGIN, 403, 403, 200, 403, 403, 403, 403, 403, 403, leader=200, delegate=200
)
A_PEOPLES_POST = row(
    LOGIN, 403, 403, 302, 403, 403, 403, 403, 403, 403, leader=302, delegate=302
)

PUBLIC_ENDPOINTS = {"theme_proposals.index", "theme_proposals.detail"}

ROWS = {
    ("theme_proposals.index", "GET"): (P, {}, PUBLIC),
    ("theme_proposals.detail", "GET"): (P + "/{theme_proposal_id}", {}, PUBLIC),
    ("theme_proposals.propose", "GET"): (P + "/new", {}, PROPOSERS_PAGE),
    ("theme_proposals.propose", "POST"): (
        P + "/new",
        {
            "on_behalf": "org:{org_id}",
            "title-source": "en",
            "title-en": "Mine closure and communities",
            "rationale-source": "en",
            "rationale-en": "Closing mines well.",
        },
        PROPOSE_FOR_A,
    ),
    ("theme_proposals.comment", "POST"): (
        P + "/{theme_proposal_id}/comments",
        {"body": "A comment."},
        SIGNED_IN_POST,
    ),
    ("theme_proposals.withdraw", "GET"): (
        P + "/{tp_new_id}/withdraw",
        {},
        A_PEOPLES_PAGE,
    ),
    ("theme_proposals.withdraw", "POST"): (
        P + "/{tp_new_id}/withdraw",
        {"confirm": "y"},
        A_PEOPLES_POST,
    ),
    ("theme_proposals.translations", "GET"): (
        P + "/{theme_proposal_id}/translations",
        {},
        STAFF_PAGE,
    ),
    ("theme_proposals.translations", "POST"): (
        P + "/{theme_proposal_id}/translations",
        {"title-source": "en", "title-en": "", "rationale-source": "en"},
        STAFF_BAD,
    ),
    ("theme_proposals.window", "GET"): (P + "/{tp_new_id}/window", {}, STAFF_PAGE),
    ("theme_proposals.window", "POST"): (
        P + "/{tp_new_id}/window",
        {"opens_on": "{tp_today}", "closes_on": "{tp_in_9_days}"},
        STAFF_POST,
    ),
    ("theme_proposals.shortlist", "GET"): (P + "/vote", {}, STAFF_PAGE),
    ("theme_proposals.shortlist", "POST"): (P + "/vote", {}, STAFF_BAD),
    ("theme_proposals.adoption", "GET"): (
        P + "/{tp_short_id}/adoption",
        {},
        STAFF_PAGE,
    ),
    ("theme_proposals.adoption", "POST"): (
        P + "/{tp_short_id}/adoption",
        {
            "result": "adopted",
            "adopted_by": "steering_committee",
            "adopted_on": "{tp_today}",
        },
        STAFF_POST,
    ),
}


def world(ids, people, make_org, make_user):
    """Three proposals of A (by its leader): one open for comments, one just
    proposed, one shortlisted."""
    from mentorship.organisations.models import Organisation
    from mentorship.theme_proposals import services

    org_a = db.session.get(Organisation, ids["org_id"])
    made = {}
    for key, title in (
        ("theme_proposal_id", "Artisanal mining"),
        ("tp_new_id", "Women in geoscience"),
        ("tp_short_id", "Safety equipment designed for women"),
    ):
        proposal = services.propose(
            translated.Edit("en", {"en": title}),
            translated.Edit("en", {"en": f"Why {title}."}),
            people["leader_own"],
            organisation=org_a,
        )
        made[key] = proposal
    now = utcnow()
    opened = made["theme_proposal_id"]
    opened.status = "commenting"
    opened.comments_open_at = now - timedelta(days=1)
    opened.comments_close_at = now + timedelta(days=9)
    made["tp_short_id"].status = "shortlisted"
    db.session.commit()
    today = now.date()
    return {
        **{key: proposal.id for key, proposal in made.items()},
        "tp_today": today.isoformat(),
        "tp_in_9_days": (today + timedelta(days=9)).isoformat(),
    }
