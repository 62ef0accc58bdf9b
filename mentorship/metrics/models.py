"""Shared metrics on women in mining: the indicator registry, the annual reporting
cycles, and the organisations' submitted values.

An indicator has a stable code (`WF_WOMEN_SHARE`) and versions: its name and
definition (translated texts), numerator, denominator, unit and disaggregations
belong to a version, and a submission keeps the version it was entered against.
A cycle asks organisations for indicators in a year; each value is one row per
cycle x organisation x indicator x breakdown x version (a reopened approved value
gets a new version, the old row stays). Every change of a value is a row of
`metric_value_changes` (who, when, old and new); every state change has its audit
row (`core.transitions`).
"""

import enum
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class Unit(enum.StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATIO = "ratio"
    CURRENCY = "currency"


class Kind(enum.StrEnum):
    COUNT = "count"  # people counted: small counts are suppressed on the way out
    MAGNITUDE = "magnitude"  # an amount or a rate: dominance rules apply


class Entry(enum.StrEnum):
    SHARE = "share"  # the submitter enters women and total; the share is derived
    VALUE = "value"  # the submitter enters the value itself


class Confidence(enum.StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ValueStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    HAS_ISSUES = "has_issues"  # sent back by the Secretariat: the submitter edits
    APPROVED = "approved"
    REJECTED = "rejected"


EDITABLE = (ValueStatus.DRAFT, ValueStatus.HAS_ISSUES)
DELIVERED = (ValueStatus.SUBMITTED, ValueStatus.APPROVED)
"""The states that count a value as delivered (completeness, timeliness)."""


class Indicator(db.Model):
    """An indicator's stable identity: its code, and whether it is endorsed."""

    __tablename__ = "metric_indicators"
    __table_args__ = (
        sa.CheckConstraint("code <> ''", name="code_given"),
        enum_check("kind", Kind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default=Kind.COUNT)
    endorsed: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)  # its place in lists
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["IndicatorVersion"]] = relationship(
        back_populates="indicator", order_by="IndicatorVersion.number"
    )

    @property
    def current(self):
        """Its latest version (what new values are entered against)."""
        return self.versions[-1] if self.versions else None


class IndicatorVersion(db.Model):
    """One version of an indicator's definition."""

    __tablename__ = "metric_indicator_versions"
    __table_args__ = (
        sa.UniqueConstraint("indicator_id", "number"),
        enum_check("unit", Unit),
        enum_check("entry", Entry),
        sa.CheckConstraint("entry <> 'share' OR unit = 'percent'", name="share_pct"),
        sa.CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value <= max_value",
            name="range_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("metric_indicators.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(default=1)
    name_id, name = translated_field()
    definition_id, definition = translated_field()
    numerator: Mapped[str] = mapped_column(sa.String(500), default="")
    denominator: Mapped[str] = mapped_column(sa.String(500), default="")
    unit: Mapped[str] = mapped_column(sa.String(16), default=Unit.COUNT)
    entry: Mapped[str] = mapped_column(sa.String(16), default=Entry.VALUE)
    # The dimensions it may be broken down by (codes of vocabulary.DIMENSIONS).
    disaggregations: Mapped[list] = mapped_column(sa.JSON, default=list)
    reference_period: Mapped[str] = mapped_column(sa.String(200), default="")
    preferred_sources: Mapped[str] = mapped_column(sa.String(1000), default="")
    methodology: Mapped[str] = mapped_column(sa.Text, default="")
    min_value: Mapped[float | None] = mapped_column(sa.Float)
    max_value: Mapped[float | None] = mapped_column(sa.Float)
    change_note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="versions")

    @property
    def is_share(self):
        return self.entry == Entry.SHARE


class Cycle(db.Model):
    """An annual reporting cycle: the year reported on, the window, the deadline
    (entry locks at the end of that day, UTC), the indicators asked."""

    __tablename__ = "metric_cycles"
    __table_args__ = (
        sa.CheckConstraint("deadline >= opens_on", name="window_order"),
        sa.CheckConstraint("year BETWEEN 1990 AND 2100", name="sane_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    opens_on: Mapped[date] = mapped_column(sa.Date)
    deadline: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    indicators: Mapped[list[Indicator]] = relationship(
        secondary="metric_cycle_indicators", order_by=Indicator.position
    )
    asked: Mapped[list["CycleOrganisation"]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan"
    )

    def is_open(self, now=None):
        """Entry is open now under the general deadline."""
        now = now or utcnow()
        return opens_at(self.opens_on) <= now < locks_at(self.deadline)

    def has_opened(self, now=None):
        return opens_at(self.opens_on) <= (now or utcnow())


def opens_at(day):
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def locks_at(day):
    """Entry locks at the end of the deadline's day (UTC)."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=UTC)


cycle_indicators = sa.Table(
    "metric_cycle_indicators",
    db.metadata,
    sa.Column(
        "cycle_id",
        sa.ForeignKey("metric_cycles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "indicator_id",
        sa.ForeignKey("metric_indicators.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class CycleOrganisation(db.Model):
    """An organisation asked to report in a cycle, with the later deadline the
    Secretariat granted it (and why), if any."""

    __tablename__ = "metric_cycle_organisations"
    __table_args__ = (
        sa.UniqueConstraint("cycle_id", "organisation_id"),
        sa.CheckConstraint(
            "extended_until IS NULL OR extension_reason <> ''", name="reason_given"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        sa.ForeignKey("metric_cycles.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    extended_until: Mapped[date | None] = mapped_column(sa.Date)
    extension_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    extended_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    cycle: Mapped[Cycle] = relationship(back_populates="asked")
    organisation = relationship("Organisation")
    extended_by = relationship("User")

    @property
    def deadline(self):
        """Its own deadline: the later one granted, else the cycle's."""
        if self.extended_until and self.extended_until > self.cycle.deadline:
            return self.extended_until
        return self.cycle.deadline


class MetricValue(db.Model):
    """One organisation's value for one indicator and breakdown in a cycle.

    `breakdown` is the canonical key of the disaggregation ("" for the total,
    "commodity=gold;job_level=management" otherwise, dimensions in order).
    `revision` counts its edits: a form carries the revision it read, and an
    edit made on an older one is a conflict, never a silent overwrite.
    """

    __tablename__ = "metric_values"
    __table_args__ = (
        enum_check("status", ValueStatus),
        enum_check("confidence", Confidence),
        sa.UniqueConstraint(
            "cycle_id", "organisation_id", "indicator_id", "breakdown", "version"
        ),
        sa.Index(
            "uq_metric_values_current",
            "cycle_id",
            "organisation_id",
            "indicator_id",
            "breakdown",
            unique=True,
            postgresql_where=sa.text("NOT superseded"),
            sqlite_where=sa.text("NOT superseded"),
        ),
        sa.CheckConstraint(
            "women IS NULL OR total IS NULL OR women <= total", name="women_in_total"
        ),
        sa.CheckConstraint("women IS NULL OR women >= 0", name="women_positive"),
        sa.CheckConstraint(
            "status <> 'rejected' OR review_comment <> ''", name="rejection_reason"
        ),
        sa.CheckConstraint("NOT superseded OR status = 'approved'", name="supersede"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        sa.ForeignKey("metric_cycles.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("metric_indicators.id", ondelete="CASCADE"), index=True
    )
    indicator_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("metric_indicator_versions.id", ondelete="RESTRICT"), index=True
    )
    breakdown: Mapped[str] = mapped_column(sa.String(200), default="")
    version: Mapped[int] = mapped_column(default=1)
    superseded: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(
        sa.String(16), default=ValueStatus.DRAFT, index=True
    )
    revision: Mapped[int] = mapped_column(default=1)
    # The figure: women and total for a share (the value is derived), else the value.
    value: Mapped[float | None] = mapped_column(sa.Float)
    women: Mapped[int | None] = mapped_column(sa.BigInteger)
    total: Mapped[int | None] = mapped_column(sa.BigInteger)
    source: Mapped[str] = mapped_column(sa.String(500), default="")
    source_year: Mapped[int | None] = mapped_column()
    coverage_note: Mapped[str] = mapped_column(sa.String(1000), default="")
    confidence: Mapped[str] = mapped_column(sa.String(8), default=Confidence.MEDIUM)
    # A large change from the previous cycle: flagged, explained by the submitter.
    flagged: Mapped[bool] = mapped_column(default=False)
    explanation: Mapped[str] = mapped_column(sa.String(2000), default="")
    # The source document (core.storage), if one was given.
    document_key: Mapped[str | None] = mapped_column(sa.String(64))
    document_name: Mapped[str] = mapped_column(sa.String(255), default="")
    document_mime: Mapped[str] = mapped_column(sa.String(120), default="")
    entered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str] = mapped_column(sa.String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    cycle: Mapped[Cycle] = relationship()
    organisation = relationship("Organisation")
    indicator: Mapped[Indicator] = relationship()
    indicator_version: Mapped[IndicatorVersion] = relationship()
    entered_by = relationship("User", foreign_keys=[entered_by_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])
    changes: Mapped[list["MetricValueChange"]] = relationship(
        back_populates="metric_value",
        order_by="MetricValueChange.id",
        cascade="all, delete-orphan",
    )


class MetricValueChange(db.Model):
    """The edit log: one field of one value changed, by whom, when, old and new."""

    __tablename__ = "metric_value_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    metric_value_id: Mapped[int] = mapped_column(
        sa.ForeignKey("metric_values.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    field: Mapped[str] = mapped_column(sa.String(40))
    old: Mapped[str] = mapped_column(sa.String(2000), default="")
    new: Mapped[str] = mapped_column(sa.String(2000), default="")

    metric_value: Mapped[MetricValue] = relationship(back_populates="changes")
    changed_by = relationship("User")
