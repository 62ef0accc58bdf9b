"""API tokens: personal (a person's) and organisation tokens (an organisation's,
created by one of its coordinators). Only a hash of the secret is stored."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, enum_check, utcnow


class TokenKind(enum.StrEnum):
    PERSONAL = "personal"
    ORGANISATION = "organisation"


PERSONAL, ORGANISATION = TokenKind.PERSONAL.value, TokenKind.ORGANISATION.value


class ApiToken(db.Model):
    __tablename__ = "api_tokens"
    __table_args__ = (
        enum_check("kind", TokenKind),
        sa.CheckConstraint(
            "(kind = 'personal' AND organisation_id IS NULL) OR "
            "(kind = 'organisation' AND organisation_id IS NOT NULL)",
            name="holder",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    kind: Mapped[str] = mapped_column(sa.String(12))
    # Personal: the holder. Organisation: the coordinator who created it.
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    scopes: Mapped[list] = mapped_column(sa.JSON, default=list)
    # sha256 of the secret (hex); the secret itself is shown once, never stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters of the secret, to recognise it in the list.
    hint: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    user = relationship("User", foreign_keys=[user_id])
    organisation = relationship("Organisation")

    @property
    def is_personal(self):
        return self.kind == PERSONAL

    def __repr__(self):
        return f"<ApiToken {self.id} {self.kind}>"
