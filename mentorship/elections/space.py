"""The committee's space: its meetings in the events engine and the decisions
awaiting its endorsement (the `space` part; its reports are in `reports`).

The meetings are the sessions of one series on the committee's body, its audience
the body's current members (`Audience.WORKING_GROUP`: the engine's "members of the
series' body"), made through the events services as the working groups' meetings
are; registration, reminders, calendars and minutes are the engine's. The
Secretariat opens the series here and schedules its sessions on the events' pages.

Positions (`mentorship.positions`) have no step awaiting the committee: they go
from the Secretariat's draft to the organisations' ratification. The space lists
the working groups' recommendations awaiting its endorsement.
"""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from ..core import translated
from ..db import db, utcnow
from ..events import organising
from ..events.minutes_models import Minutes
from ..events.models import (
    DEFAULT_REMINDERS,
    Audience,
    EventSeries,
    SeriesKind,
)
from ..groups.meetings import upcoming_and_past
from ..recommendations.models import Recommendation, RecommendationStatus
from .services import committee

PAST_SHOWN = 6


def series_of(body=None):
    """The committee's series of meetings (the oldest, if several), or None."""
    body = body or committee()
    return db.session.scalar(
        sa.select(EventSeries)
        .where(EventSeries.body_id == body.id)
        .order_by(EventSeries.id)
        .limit(1)
    )


def ensure_series(by):
    """The committee's series, made (named after the committee, for its members)
    when missing."""
    body = committee()
    series = series_of(body)
    if series is not None:
        return series
    # Two Secretariat members at once: the second waits on the body's row.
    db.session.execute(
        sa.select(type(body).id).where(type(body).id == body.id).with_for_update()
    )
    series = series_of(body)
    if series is not None:
        return series
    bodies = {lang: row.body for lang, row in body.name.translations.items()}
    values = organising.SeriesValues(
        name=translated.Edit(body.name.source_lang, bodies, reviewed=set(bodies)),
        description=translated.Edit(body.name.source_lang, {}),
        kind=SeriesKind.OTHER,
        default_audience=Audience.WORKING_GROUP,
        reminder_minutes=list(DEFAULT_REMINDERS),
        confirm_hours=None,
        offers_certificate=False,
        body_id=body.id,
    )
    return organising.save_series(None, values, by)


@dataclass
class Meetings:
    """What the space shows of the committee's meetings."""

    series: EventSeries | None
    upcoming: list
    past: list
    minutes: dict  # session id -> Minutes


def meetings(now=None, past_limit=PAST_SHOWN):
    """The committee's meetings not yet ended, and its most recent past ones with
    their minutes (when the engine has them)."""
    now = now or utcnow()
    series = series_of()
    if series is None:
        return Meetings(None, [], [], {})
    upcoming, past = upcoming_and_past(series, now, past_limit)
    return Meetings(series, upcoming, past, _minutes_of([s.id for s in past]))


def _minutes_of(session_ids):
    if not session_ids:
        return {}
    found = db.session.scalars(
        sa.select(Minutes)
        .where(Minutes.session_id.in_(session_ids))
        .options(lazyload("*"))
    ).all()
    return {m.session_id: m for m in found}


def awaiting_endorsement():
    """The working groups' recommendations awaiting the committee, oldest first."""
    return db.session.scalars(
        sa.select(Recommendation)
        .where(Recommendation.status == RecommendationStatus.ENDORSEMENT)
        .order_by(Recommendation.updated_at, Recommendation.id)
    ).all()


def add_meeting(series, title, starts_local, timezone, by, minutes=90, agenda=None):
    """One meeting of the committee's series, through the events services (the
    demo's and the tests' way; the Secretariat uses the events' own form)."""
    values = organising.SessionValues(
        title=title,
        description=translated.Edit(title.source_lang, {}),
        agenda=agenda or translated.Edit(title.source_lang, {}),
        theme_id=None,
        language=title.source_lang,
        interpretations=[],
        timezone=timezone,
        starts_local=starts_local,
        ends_local=starts_local + timedelta(minutes=minutes),
        join_url="",
        audience=Audience.WORKING_GROUP,
        capacity=None,
    )
    return organising.save_session(None, series, values, by)
