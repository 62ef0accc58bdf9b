"""Theme proposals: a new focus theme proposed by a member organisation or a working
group, commented on in a window, shortlisted by the organisations' vote (an approval
decision, `decisions`) and adopted by the Steering Committee or the AGM, when it
becomes a `Theme` with its working group.

The title and the rationale are translated texts (`core.translated`), written in the
proposer's language; the Secretariat and the translators fill the others. Every
state change is one conditional UPDATE with its audit row (`core.transitions`).
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class ProposalStatus(enum.StrEnum):
    PROPOSED = "proposed"  # waits for the Secretariat to set its comment window
    COMMENTING = "commenting"  # a window is set (open, to come, or over)
    IN_VOTE = "in_vote"  # an option of an open shortlist decision
    SHORTLISTED = "shortlisted"  # carried by the shortlist vote
    NOT_SHORTLISTED = "not_shortlisted"
    ADOPTED = "adopted"  # by the Steering Committee or the AGM: a theme now
    NOT_ADOPTED = "not_adopted"
    WITHDRAWN = "withdrawn"  # by its proposer, before the vote


class AdoptedBy(enum.StrEnum):
    STEERING_COMMITTEE = "steering_committee"
    AGM = "agm"


OPTION_PREFIX = "theme_proposal:"
"""A shortlist decision's option stands for a proposal: its ref is this + the id."""


class ThemeProposal(db.Model):
    """A proposed theme: who proposes it, its texts, its window, vote and adoption."""

    __tablename__ = "theme_proposals"
    __table_args__ = (
        enum_check("status", ProposalStatus),
        enum_check("adopted_by", AdoptedBy),
        sa.CheckConstraint(
            "organisation_id IS NULL OR group_id IS NULL", name="one_proposer"
        ),
        sa.CheckConstraint(
            "status <> 'commenting' OR (comments_open_at IS NOT NULL"
            " AND comments_close_at IS NOT NULL)",
            name="window_set",
        ),
        sa.CheckConstraint(
            "comments_close_at IS NULL OR comments_close_at > comments_open_at",
            name="window_order",
        ),
        sa.CheckConstraint(
            "status <> 'adopted'"
            " OR (adopted_by IS NOT NULL AND adopted_on IS NOT NULL)",
            name="adoption_recorded",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(
        sa.String(16), default=ProposalStatus.PROPOSED, index=True
    )
    # The proposer: a member organisation or a working group (never both), and
    # the person who proposed it on its behalf.
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("working_groups.id", ondelete="SET NULL"), index=True
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title_id, title = translated_field()
    rationale_id, rationale = translated_field()
    # The comment window, set by the Secretariat.
    comments_open_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comments_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The shortlist decision it was (last) put to.
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="SET NULL"), index=True
    )
    # The adoption (or not): by whom, when, the reference (an AGM decision, a note).
    adopted_by: Mapped[str | None] = mapped_column(sa.String(20))
    adopted_on: Mapped[date | None] = mapped_column(sa.Date)
    adoption_note: Mapped[str] = mapped_column(sa.String(500), default="")
    adoption_decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="SET NULL"), index=True
    )
    theme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("themes.id", ondelete="SET NULL"), index=True
    )
    working_group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("working_groups.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    organisation = relationship("Organisation")
    group = relationship("WorkingGroup", foreign_keys=[group_id])
    proposed_by = relationship("User")
    decision = relationship("Decision", foreign_keys=[decision_id])
    adoption_decision = relationship("Decision", foreign_keys=[adoption_decision_id])
    theme = relationship("Theme")
    working_group = relationship("WorkingGroup", foreign_keys=[working_group_id])

    @property
    def option_ref(self):
        return f"{OPTION_PREFIX}{self.id}"

    def window_open(self, now=None):
        """Comments are taken now: it is in its window."""
        now = now or utcnow()
        return (
            self.status == ProposalStatus.COMMENTING
            and self.comments_open_at is not None
            and self.comments_open_at <= now < self.comments_close_at
        )

    def window_over(self, now=None):
        """Its window has closed: it may be put to a shortlist vote."""
        now = now or utcnow()
        return (
            self.status == ProposalStatus.COMMENTING
            and self.comments_close_at is not None
            and self.comments_close_at <= now
        )


class ThemeComment(db.Model):
    """A comment on a proposal during its window, by a person of a member
    organisation; `by_proposer` marks the proposer's answers."""

    __tablename__ = "theme_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("theme_proposals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text, default="")
    by_proposer: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[ThemeProposal] = relationship()
    author = relationship("User")
    organisation = relationship("Organisation")
