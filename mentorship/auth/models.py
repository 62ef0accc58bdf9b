"""People and their roles."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import Membership
from ..db import UTCDateTime, db, utcnow

ROLE_NAMES = ("member", "coordinator", "secretariat", "steering", "admin")
# Global grants; 'coordinator' is a membership of her organisation (core.memberships).
GRANTED_ROLES = ("secretariat", "steering", "admin")
# Roles that are positions held in an organisation, by the position's name.
MEMBERSHIP_ROLES = ("coordinator",)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_version: Mapped[str] = mapped_column(sa.String(20))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Part of the login cookie: bumping it ends every session of this person.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when she erased her account: the row stays, stripped, for the aggregates.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Her zone for events when she has no profile (an IANA key; None: not set).
    timezone: Mapped[str | None] = mapped_column(sa.String(64))

    organisation = relationship("Organisation", back_populates="members")
    profiles = relationship(
        "Profile", back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    role_grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        lazy="selectin",
        foreign_keys="RoleGrant.user_id",
    )

    # Loaded with her (one extra SELECT per request, batched): terms not yet ended;
    # `roles` keeps those that have started.
    current_memberships: Mapped[list[Membership]] = relationship(
        primaryjoin=lambda: sa.and_(
            Membership.user_id == User.id,
            sa.or_(
                Membership.ends_on.is_(None),
                Membership.ends_on > sa.func.current_date(),
            ),
        ),
        viewonly=True,
        lazy="selectin",
    )

    @property
    def roles(self):
        today = utcnow().date()
        held = {
            m.position
            for m in self.current_memberships
            if m.position in MEMBERSHIP_ROLES and m.is_current(today)
        }
        return {"member"} | {grant.role for grant in self.role_grants} | held

    def has_role(self, *names):
        return bool(self.roles & set(names))

    @property
    def is_verified(self):
        return self.email_verified_at is not None

    def profile(self, role):
        """Her mentor or mentee profile, or None."""
        return next((p for p in self.profiles if p.role == role), None)

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    def __repr__(self):
        return f"<User {self.id}>"


class RoleGrant(db.Model):
    """A global role beyond 'member' (a coordinator holds a membership instead)."""

    __tablename__ = "role_grants"
    __table_args__ = (
        sa.CheckConstraint("role IN ('secretariat', 'steering', 'admin')", name="role"),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(
        back_populates="role_grants", foreign_keys=[user_id]
    )
