"""The way into a working group: an organisation's nomination of one of its people,
or a person's own request to join (the `members` part).

Both are one table: a request for a person to hold a position in a group, with its
state. The group's runners accept it (a membership term starts, `core.memberships`)
or decline it with a reason; the nominee may decline a nomination herself; whoever
made it may withdraw it while it waits. Nothing is deleted: the decided rows are
the group's history. The database keeps one waiting request per person and group.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, enum_check, utcnow


class RequestKind(enum.StrEnum):
    NOMINATION = "nomination"  # by her organisation's leader or delegate
    REQUEST = "request"  # she asked to join herself


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"  # a membership term started
    DECLINED = "declined"  # the runners declined, with a reason
    REFUSED = "refused"  # the nominee declined her nomination herself
    WITHDRAWN = "withdrawn"  # whoever made it took it back


class RequestPosition(enum.StrEnum):
    """The positions one may be nominated for or ask for (chairs and liaisons are
    appointed by the Secretariat)."""

    MEMBER = "member"
    CHAMPION = "champion"


class GroupRequest(db.Model):
    """A nomination or a request to join one group, for one person."""

    __tablename__ = "group_requests"
    __table_args__ = (
        enum_check("kind", RequestKind),
        enum_check("status", RequestStatus),
        enum_check("position", RequestPosition),
        sa.CheckConstraint(
            "(status = 'pending') = (decided_at IS NULL)", name="decided"
        ),
        sa.CheckConstraint(
            "status <> 'accepted' OR membership_id IS NOT NULL", name="accepted_term"
        ),
        # One waiting nomination or request per person and group, whoever clicks.
        sa.Index(
            "uq_group_requests_pending",
            "group_id",
            "user_id",
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
        sa.Index("ix_group_requests_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("working_groups.id", ondelete="CASCADE")
    )
    # The nominee, or the person asking to join.
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # Her organisation (the nominating one, for a nomination).
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(12))
    position: Mapped[str] = mapped_column(sa.String(12), default=RequestPosition.MEMBER)
    status: Mapped[str] = mapped_column(sa.String(12), default=RequestStatus.PENDING)
    note: Mapped[str] = mapped_column(sa.Text, default="")  # note or motivation
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Why the runners declined it, or why she declined her nomination.
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    membership_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("memberships.id", ondelete="SET NULL")
    )

    group = relationship("WorkingGroup")
    person = relationship("User", foreign_keys=[user_id])
    organisation = relationship("Organisation")
    created_by = relationship("User", foreign_keys=[created_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def is_pending(self):
        return self.status == RequestStatus.PENDING

    @property
    def is_nomination(self):
        return self.kind == RequestKind.NOMINATION

    def __repr__(self):
        return f"<GroupRequest {self.id} {self.kind} {self.status}>"
