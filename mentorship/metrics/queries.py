"""What the metrics' pages read."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..db import db
from ..organisations.models import Organisation
from ..roles.voices import member_organisations
from .models import (
    Cycle,
    Indicator,
    MetricValue,
    MetricValueChange,
    ValueStatus,
)


def cycle_or_none(cycle_id):
    return db.session.get(Cycle, cycle_id)


def value_or_none(value_id):
    return db.session.get(MetricValue, value_id)


def organisation_or_none(organisation_id):
    return db.session.get(Organisation, organisation_id)


def values_of(cycle, organisation_id):
    """The organisation's values in the cycle, current and past versions, by
    indicator then breakdown."""
    return db.session.scalars(
        sa.select(MetricValue)
        .join(Indicator, Indicator.id == MetricValue.indicator_id)
        .where(
            MetricValue.cycle_id == cycle.id,
            MetricValue.organisation_id == organisation_id,
        )
        .order_by(
            Indicator.position,
            MetricValue.breakdown,
            MetricValue.version.desc(),
        )
    ).all()


def by_indicator(cycle, values):
    """[(indicator, [values])] for each indicator asked, then any other."""
    grouped = {indicator.id: (indicator, []) for indicator in cycle.indicators}
    for value in values:
        grouped.setdefault(value.indicator_id, (value.indicator, []))[1].append(value)
    return list(grouped.values())


def waiting_review(cycle):
    """The cycle's submitted values, oldest submission first."""
    return db.session.scalars(
        sa.select(MetricValue)
        .where(
            MetricValue.cycle_id == cycle.id,
            MetricValue.status == ValueStatus.SUBMITTED,
        )
        .order_by(MetricValue.submitted_at, MetricValue.id)
        .options(selectinload(MetricValue.organisation))
    ).all()


def counts_by_status(cycle):
    return dict(
        db.session.execute(
            sa.select(MetricValue.status, sa.func.count(MetricValue.id))
            .where(MetricValue.cycle_id == cycle.id, MetricValue.superseded.is_(False))
            .group_by(MetricValue.status)
        ).all()
    )


def changes_of(value):
    return db.session.scalars(
        sa.select(MetricValueChange)
        .where(MetricValueChange.metric_value_id == value.id)
        .order_by(MetricValueChange.id)
    ).all()


def member_choices():
    return [(org.id, org.name) for org in member_organisations()]


def all_organisation_choices():
    query = sa.select(Organisation).order_by(Organisation.name)
    return [(org.id, org.name) for org in db.session.scalars(query)]
