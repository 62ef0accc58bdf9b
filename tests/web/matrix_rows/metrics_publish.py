"""Shared metrics' publication rows: the published figures and open data are
public; publishing a cycle is the Secretariat's."""

import sqlalchemy as sa

from mentorship.db import db, utcnow

from ..policy_rows import PUBLIC, STAFF_PAGE, STAFF_POST

PUBLIC_ENDPOINTS = {
    "metrics.data_index",
    "metrics.data_page",
    "metrics.data_json",
    "metrics.data_csv",
}
PUBLISH = "/admin/metrics/cycles/{mx_cycle_id}/publish"

ROWS = {
    ("metrics.data_index", "GET"): ("/metrics/data", {}, PUBLIC),
    ("metrics.data_page", "GET"): ("/metrics/data/BOARD_WOMEN_SHARE", {}, PUBLIC),
    ("metrics.data_json", "GET"): (
        "/metrics/data/BOARD_WOMEN_SHARE/{mx_year}.json",
        {},
        PUBLIC,
    ),
    ("metrics.data_csv", "GET"): (
        "/metrics/data/BOARD_WOMEN_SHARE/{mx_year}.csv",
        {},
        PUBLIC,
    ),
    ("metrics.publish_cycle", "GET"): (PUBLISH, {}, STAFF_PAGE),
    ("metrics.publish_cycle", "POST"): (PUBLISH, {}, STAFF_POST),
}


def world(ids, people, make_org, make_user):
    """The metrics' world has this year's cycle with A's approved board share:
    published once, so the public pages have figures."""
    from mentorship.metrics import publication
    from mentorship.metrics.models import Cycle

    year = utcnow().date().year
    cycle = db.session.scalar(sa.select(Cycle).where(Cycle.year == year))
    publication.publish(cycle, people["secretariat"])
    db.session.commit()
    return {"mx_year": year, "year": year}
