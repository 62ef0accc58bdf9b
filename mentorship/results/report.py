"""The results for the annual report: by theme, for a year, JSON-safe.

`for_report(year)` lists every result whose recommendation was published by the
end of `year`, by theme, group and publication, with its status and progress now,
the updates dated in that year and the last of them; the Secretariat's CSV and
JSON exports are this list. Names and titles come in every language written.
"""

from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from ..core.models import Body
from ..db import db
from ..groups.models import WorkingGroup
from ..organisations.models import Theme
from ..recommendations.models import Recommendation
from .models import Result, ResultStatus, ResultUpdate

CSV_HEADER = [
    "year",
    "theme",
    "group",
    "result",
    "recommendation",
    "published_on",
    "status",
    "progress",
    "updates_in_year",
    "last_update_on",
]


def _texts(text):
    if text is None:
        return {}
    return {lang: row.body for lang, row in text.translations.items() if row.body}


def _year_end(year):
    return datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=UTC)


def for_report(year):
    """[{theme, group, result...}] of the results published by the end of `year`."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    in_year = sa.and_(
        ResultUpdate.result_id == Result.id,
        ResultUpdate.on_date >= start,
        ResultUpdate.on_date <= end,
    )
    count = sa.select(sa.func.count(ResultUpdate.id)).where(in_year)
    last = sa.select(sa.func.max(ResultUpdate.on_date)).where(in_year)
    query = (
        sa.select(
            Result,
            Body,
            Theme,
            count.scalar_subquery().label("updates"),
            last.scalar_subquery().label("last_on"),
        )
        .join(Recommendation, Recommendation.id == Result.recommendation_id)
        .join(WorkingGroup, WorkingGroup.id == Recommendation.group_id)
        .join(Body, Body.id == WorkingGroup.body_id)
        .outerjoin(Theme, Theme.id == WorkingGroup.theme_id)
        .where(
            Recommendation.status == "published",
            Recommendation.published_at < _year_end(year),
        )
        .order_by(Theme.slug, Body.slug, Recommendation.published_at, Result.id)
    )
    rows = []
    for result, body, theme, updates, last_on in db.session.execute(query):
        recommendation = result.recommendation
        rows.append(
            {
                "year": year,
                "theme": {
                    "slug": theme.slug if theme else None,
                    "name": _texts(theme.name) if theme else {},
                },
                "group": {"slug": body.slug, "name": _texts(body.name)},
                "result": result.id,
                "recommendation": {
                    "id": recommendation.id,
                    "title": _texts(recommendation.title),
                },
                "published_on": recommendation.published_at.date().isoformat(),
                "status": result.status,
                "progress": result.progress,
                "updates_in_year": updates or 0,
                "last_update_on": last_on.isoformat() if last_on else None,
            }
        )
    return rows


def counts_by_status(rows):
    """{status: how many} over report rows (every status, zero included)."""
    counts = {status.value: 0 for status in ResultStatus}
    for row in rows:
        counts[row["status"]] += 1
    return counts


def csv_rows(rows, pick):
    """The CSV's rows; `pick(texts)` chooses a name or title's language."""
    for row in rows:
        yield [
            row["year"],
            pick(row["theme"]["name"]) or row["theme"]["slug"] or "",
            pick(row["group"]["name"]) or row["group"]["slug"],
            row["result"],
            pick(row["recommendation"]["title"]),
            row["published_on"],
            row["status"],
            row["progress"],
            row["updates_in_year"],
            row["last_update_on"] or "",
        ]
