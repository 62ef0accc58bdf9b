"""Results' rows, on the groups' world: a published recommendation of the matrix's
group (chaired by `member_other`) whose result `member_own` owns; one meeting of the
group (a working-group session) with approved minutes holding an action, the
action already linked. Updates and links: the owner, the chair, the Secretariat;
the owner changes by the chair and the Secretariat; the export is the Secretariat's.
"""

from datetime import timedelta

import sqlalchemy as sa

from mentorship.core import translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.events.minutes_models import Minutes, MinutesItem
from mentorship.events.models import EventSeries, EventSession
from mentorship.groups.models import WorkingGroup
from mentorship.recommendations.models import Recommendation
from mentorship.recommendations.signals import recommendation_published
from mentorship.results.models import ResultLink
from mentorship.results.services import result_of

from ..policy_rows import LOGIN, PUBLIC, STAFF_PAGE, row

UPDATERS = row(
    LOGIN, 302, 302, 403, 403, 302, 403, 302, 302, 403, leader=403, delegate=403
)
RUNNERS = row(
    LOGIN, 403, 302, 403, 403, 302, 403, 302, 302, 403, leader=403, delegate=403
)
R = "/results/{result_id}"

PUBLIC_ENDPOINTS = {"results.result"}

ROWS = {
    ("results.result", "GET"): (R, {}, PUBLIC),
    ("results.post_update", "POST"): (
        R + "/updates",
        {
            "revision": "0",
            "on_date": "2026-01-15",
            "text": "We wrote the first draft.",
            "status": "in_progress",
            "progress": "20",
        },
        UPDATERS,
    ),
    ("results.change_owner", "POST"): (
        R + "/owner",
        {"revision": "0", "owner": "{results_new_owner_id}"},
        RUNNERS,
    ),
    ("results.link", "POST"): (
        R + "/links",
        {"target": "session:{results_session_id}"},
        UPDATERS,
    ),
    ("results.unlink", "POST"): (
        R + "/links/{results_link_id}/remove",
        {},
        UPDATERS,
    ),
    ("results.export", "GET"): ("/results/export?year=2026", {}, STAFF_PAGE),
    ("results.export_csv", "GET"): ("/results/export.csv?year=2026", {}, STAFF_PAGE),
    ("results.export_json", "GET"): (
        "/results/export.json?year=2026",
        {},
        STAFF_PAGE,
    ),
}


def world(ids, people, make_org, make_user):
    group = db.session.scalar(
        sa.select(WorkingGroup).join(Body).where(Body.slug == "matrix-group")
    )
    recommendation = Recommendation(
        group_id=group.id,
        status="published",
        title=translated.new_text("en", en="Share the data", fr="Partager"),
        published_at=utcnow(),
    )
    db.session.add(recommendation)
    db.session.flush()
    recommendation_published.send(recommendation)
    result = result_of(recommendation.id)
    result.owner_id = people["member_own"].id
    series = EventSeries(
        slug="matrix-group-meetings",
        kind="working_group",
        body_id=group.body_id,
        default_audience="working_group",
        name=translated.new_text("en", en="Monthly meetings"),
    )
    ends = utcnow().replace(microsecond=0) - timedelta(days=20)
    session = EventSession(
        series=series,
        title=translated.new_text("en", en="March meeting"),
        starts_at=ends - timedelta(hours=1),
        ends_at=ends,
        timezone="UTC",
        audience="working_group",
    )
    db.session.add_all([series, session])
    db.session.flush()
    minutes = Minutes(
        session_id=session.id,
        status="approved",
        text=translated.new_text("en", en="We met."),
        amend_until=ends + timedelta(days=1),
        approved_at=ends + timedelta(days=2),
    )
    db.session.add(minutes)
    db.session.flush()
    action = MinutesItem(
        minutes_id=minutes.id,
        kind="action",
        text=translated.new_text("en", en="Draft the data note"),
        owner_user_id=people["member_own"].id,
        due_on=(ends + timedelta(days=30)).date(),
    )
    db.session.add(action)
    db.session.flush()
    link = ResultLink(result_id=result.id, item_id=action.id)
    db.session.add(link)
    db.session.commit()
    return {
        "result_id": result.id,
        "results_new_owner_id": people["member_other"].id,
        "results_session_id": session.id,
        "results_link_id": link.id,
    }
