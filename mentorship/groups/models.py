"""Working groups: a body of the Alliance (core.models.Body) with a theme, a charter
in three languages and a status, and each member's own settings for it.

The members themselves are `core.models.Membership` rows on the group's body, with a
position (chair, champion, member, liaison) and a term: nothing is deleted, ending a
term keeps it as history (`core.memberships`).
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class GroupStatus(enum.StrEnum):
    FORMING = "forming"  # convened, members gathering; not meeting yet
    ACTIVE = "active"
    CLOSED = "closed"  # with `closed_reason`; kept, read-only


class RosterVisibility(enum.StrEnum):
    """Who sees her name on the group's roster: her choice (data sovereignty)."""

    PUBLIC = "public"  # anyone, on the public page
    ALLIANCE = "alliance"  # signed-in people of member organisations
    ORGANISERS = "organisers"  # the group's chair, its liaison and the Secretariat


class MessageDelivery(enum.StrEnum):
    """How the group's discussion reaches her by email."""

    EVERY = "every"  # every new thread and reply, at once
    DIGEST = "digest"  # one email a day with what was posted
    NONE = "none"


class WorkingGroup(db.Model):
    """A thematic working group: its body (members, name, slug), theme and charter."""

    __tablename__ = "working_groups"
    __table_args__ = (
        enum_check("status", GroupStatus),
        sa.CheckConstraint(
            "status <> 'closed' OR closed_at IS NOT NULL", name="closed_has_date"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bodies.id", ondelete="CASCADE"), unique=True
    )
    theme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("themes.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(10), default=GroupStatus.FORMING)
    # The charter, each in three languages (core.translated).
    purpose_id, purpose = translated_field()
    scope_id, scope = translated_field()
    deliverables_id, deliverables = translated_field()
    closed_reason_id, closed_reason = translated_field()
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    body = relationship("Body", lazy="joined")
    theme = relationship("Theme", lazy="joined")

    @property
    def slug(self):
        return self.body.slug

    @property
    def name(self):
        return self.body.name

    @property
    def is_closed(self):
        return self.status == GroupStatus.CLOSED

    def __repr__(self):
        return f"<WorkingGroup {self.body_id} {self.status}>"


class GroupPreference(db.Model):
    """A person's settings for one group: where her name shows, how messages reach
    her. No row means the defaults (organisers only; every message)."""

    __tablename__ = "group_preferences"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "user_id", name="uq_group_preference"),
        enum_check("roster_visibility", RosterVisibility),
        enum_check("messages", MessageDelivery),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("working_groups.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    roster_visibility: Mapped[str] = mapped_column(
        sa.String(12), default=RosterVisibility.ORGANISERS
    )
    messages: Mapped[str] = mapped_column(sa.String(8), default=MessageDelivery.EVERY)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    group: Mapped[WorkingGroup] = relationship()
    user = relationship("User")
