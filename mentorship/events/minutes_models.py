"""The minutes of a session, their amendments, and their decisions and actions.

After a session ends, an organiser opens the minutes as a draft made from the
session's agenda. Until the amendment window closes, those who attended (and the
organisers) may amend the text; each amendment keeps the text it replaced, who
changed it, when and why. The organiser then approves them: from then on nothing
changes. `revision` grows with every change, so that an approval is of the text the
organiser read (events.minutes).
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class MinutesStatus(enum.StrEnum):
    DRAFT = "draft"  # open for amendment
    APPROVED = "approved"  # approved and locked


class ItemKind(enum.StrEnum):
    DECISION = "decision"
    ACTION = "action"


class Minutes(db.Model):
    """One session's minutes (one per session), in three languages."""

    __tablename__ = "event_minutes"
    __table_args__ = (
        enum_check("status", MinutesStatus),
        sa.CheckConstraint(
            "(status = 'approved') = (approved_at IS NOT NULL)", name="approved"
        ),
        sa.CheckConstraint("revision >= 0", name="revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(sa.String(12), default=MinutesStatus.DRAFT)
    text_id, text = translated_field()
    # Those who attended may amend until then; the organisers until approval.
    amend_until: Mapped[datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(default=0)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    session = relationship("EventSession")
    opened_by = relationship("User", foreign_keys=[opened_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    amendments: Mapped[list["MinutesAmendment"]] = relationship(
        back_populates="minutes",
        order_by="MinutesAmendment.revision.desc()",
        cascade="all, delete-orphan",
    )
    items: Mapped[list["MinutesItem"]] = relationship(
        back_populates="minutes",
        order_by="MinutesItem.id",
        cascade="all, delete-orphan",
    )

    @property
    def is_approved(self):
        return self.status == MinutesStatus.APPROVED

    def window_is_open(self, now=None):
        return not self.is_approved and (now or utcnow()) < self.amend_until


class MinutesAmendment(db.Model):
    """One change of the minutes' text: who, when, why, and the text it replaced."""

    __tablename__ = "event_minutes_amendments"
    __table_args__ = (
        sa.UniqueConstraint("minutes_id", "revision", name="uq_minutes_revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_minutes.id", ondelete="CASCADE"), index=True
    )
    # The revision this amendment made (1, 2...).
    revision: Mapped[int] = mapped_column()
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    # The text before: {"source": "en", "bodies": {"en": ..., "fr": ...}}.
    previous: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    minutes: Mapped[Minutes] = relationship(back_populates="amendments")
    author = relationship("User")


class MinutesItem(db.Model):
    """A decision, or an action with its owner (a person or an organisation that
    attended) and due date; done when its owner says so."""

    __tablename__ = "event_minutes_items"
    __table_args__ = (
        enum_check("kind", ItemKind),
        sa.CheckConstraint(
            "kind = 'action' OR (owner_user_id IS NULL"
            " AND owner_organisation_id IS NULL AND due_on IS NULL)",
            name="decision_has_no_owner",
        ),
        sa.CheckConstraint(
            "owner_user_id IS NULL OR owner_organisation_id IS NULL",
            name="one_owner",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_minutes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(12))
    text_id, text = translated_field(nullable=False)
    owner_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    owner_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None] = mapped_column()
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    minutes: Mapped[Minutes] = relationship(back_populates="items")
    owner_user = relationship("User", foreign_keys=[owner_user_id])
    owner_organisation = relationship("Organisation")
    done_by = relationship("User", foreign_keys=[done_by_id])

    @property
    def is_action(self):
        return self.kind == ItemKind.ACTION
