"""Decisions answered by organisations: the rules, the options, who voted, the ballots,
and the proxies one organisation hands to another's delegate.

A decision states its rules before it opens (kind, electorate, quorum as a share of
member organisations, the majority needed, how abstentions count, secret or not) and
never changes them after. Each member organisation answers once: `Participation` is
the record that it voted (unique per decision and organisation, who cast it, how);
`Ballot` holds the choices. In an open ballot the ballot names its organisation; in a
secret one it does not: while the decision is open a ballot carries only `slot`, a
keyed hash of the organisation made with the decision's own random key (so that its
delegate voting after a proxy replaces the proxy's ballot), and closing erases the key
and every slot, leaving choices no one can link to an organisation. Ballot ids are
random and ballots carry no time, so neither order nor clock links them either.
"""

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class DecisionKind(enum.StrEnum):
    PROPOSAL = "proposal"  # agree, abstain, disagree, block: positions, resolutions
    APPROVAL = "approval"  # approve any of the options: shortlists
    SCORE = "score"  # a score from 0 to max_score for each option
    RANKED = "ranked"  # options in order of preference, counted by `rule`
    TIME_POLL = "time_poll"  # yes / if need be / no for each proposed time


class DecisionStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Majority(enum.StrEnum):
    SIMPLE = "simple"  # more than half
    TWO_THIRDS = "two_thirds"  # at least two thirds
    FOUR_FIFTHS = "four_fifths"  # at least four fifths


class Abstentions(enum.StrEnum):
    EXCLUDED = "excluded"  # count for the quorum, not in the majority's base
    AGAINST = "against"  # in the majority's base: they weigh like a "no"


class Rule(enum.StrEnum):
    """The named rule a ranked choice is counted by."""

    INSTANT_RUNOFF = "instant_runoff"
    # Several winners, counted by a rule another package registers (the Steering
    # Committee's elections: STV with regional seats, `elections.stv`).
    SINGLE_TRANSFERABLE_VOTE = "stv"


class Outcome(enum.StrEnum):
    PASSED = "passed"  # quorum met and the majority reached (or a winner chosen)
    REJECTED = "rejected"  # quorum met, majority not reached
    NO_QUORUM = "no_quorum"  # too few organisations answered


class Via(enum.StrEnum):
    """How an organisation's answer was cast."""

    DELEGATE = "delegate"  # its voting delegate or alternate
    PROXY = "proxy"  # another organisation's delegate holding its proxy


PROPOSAL_CHOICES = ("agree", "abstain", "disagree", "block")
POLL_ANSWERS = ("yes", "if_need_be", "no")


class Decision(db.Model):
    """A question put to the member organisations, with its rules and outcome."""

    __tablename__ = "decisions"
    __table_args__ = (
        enum_check("kind", DecisionKind),
        enum_check("status", DecisionStatus),
        enum_check("majority", Majority),
        enum_check("abstentions", Abstentions),
        enum_check("rule", Rule),
        enum_check("outcome", Outcome),
        sa.CheckConstraint("quorum_percent BETWEEN 0 AND 100", name="quorum"),
        sa.CheckConstraint("winners >= 1", name="winners"),
        sa.CheckConstraint("max_score BETWEEN 1 AND 10", name="max_score"),
        sa.CheckConstraint(
            "status = 'draft' OR status = 'cancelled' OR (opened_at IS NOT NULL"
            " AND closes_at IS NOT NULL AND electorate_size IS NOT NULL)",
            name="opened",
        ),
        sa.CheckConstraint(
            "(status = 'closed') = (closed_at IS NOT NULL)", name="closed"
        ),
        sa.CheckConstraint(
            "status = 'open' OR ballot_key IS NULL", name="key_only_while_open"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(12), default=DecisionKind.PROPOSAL)
    status: Mapped[str] = mapped_column(
        sa.String(12), default=DecisionStatus.DRAFT, index=True
    )
    title_id, title = translated_field()
    text_id, text = translated_field()
    # The rules, stated before the decision opens and fixed when it does.
    electorate: Mapped[str] = mapped_column(sa.String(16), default="members")
    quorum_percent: Mapped[int] = mapped_column(default=0)
    majority: Mapped[str] = mapped_column(sa.String(12), default=Majority.SIMPLE)
    abstentions: Mapped[str] = mapped_column(
        sa.String(12), default=Abstentions.EXCLUDED
    )
    secret: Mapped[bool] = mapped_column(default=False)
    rule: Mapped[str | None] = mapped_column(sa.String(16))
    winners: Mapped[int] = mapped_column(default=1)
    max_score: Mapped[int] = mapped_column(default=5)
    # The AGM this decision is voted at (a motion), if any: its proxies apply.
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="SET NULL"), index=True
    )
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How many member organisations could answer when it opened (the quorum's base).
    electorate_size: Mapped[int | None] = mapped_column()
    ballot_key: Mapped[str | None] = mapped_column(sa.String(64))  # secret, open
    outcome: Mapped[str | None] = mapped_column(sa.String(12))
    counts: Mapped[dict | None] = mapped_column(sa.JSON)  # the count, at close
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    options: Mapped[list["DecisionOption"]] = relationship(
        back_populates="decision",
        order_by="DecisionOption.position",
        cascade="all, delete-orphan",
    )

    @property
    def is_open(self):
        return self.status == DecisionStatus.OPEN

    @property
    def is_closed(self):
        return self.status == DecisionStatus.CLOSED


class DecisionOption(db.Model):
    """One choice of an approval, score, ranked or time-poll decision."""

    __tablename__ = "decision_options"
    __table_args__ = (
        sa.UniqueConstraint(
            "decision_id", "position", name="uq_decision_options_position"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    label_id, label = translated_field()
    # What the option stands for elsewhere, e.g. "theme_proposal:4"; or its time.
    ref: Mapped[str] = mapped_column(sa.String(64), default="")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Withdrawn while the vote is open (a candidate standing down): ballots may no
    # longer choose it and the count skips it.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    decision: Mapped[Decision] = relationship(back_populates="options")


class Participation(db.Model):
    """That an organisation answered a decision: once, by whom, how. Never its
    choices: those are the ballot's."""

    __tablename__ = "decision_participations"
    __table_args__ = (
        enum_check("via", Via),
        sa.UniqueConstraint(
            "decision_id", "organisation_id", name="uq_decision_participations_once"
        ),
        sa.CheckConstraint(
            "(via = 'proxy') = (proxy_id IS NOT NULL)", name="proxy_named"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    via: Mapped[str] = mapped_column(sa.String(12), default=Via.DELEGATE)
    proxy_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decision_proxies.id", ondelete="SET NULL"), index=True
    )
    cast_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision: Mapped[Decision] = relationship()
    organisation = relationship("Organisation")
    cast_by = relationship("User")


def _random_id():
    return uuid.uuid4().hex


class Ballot(db.Model):
    """The choices of one organisation's answer.

    `organisation_id` is set only in an open (non-secret) ballot; `slot` only while a
    secret ballot is open. One ballot per organisation: unique per decision and
    organisation, and per decision and slot.
    """

    __tablename__ = "decision_ballots"
    __table_args__ = (
        sa.UniqueConstraint(
            "decision_id", "organisation_id", name="uq_decision_ballots_organisation"
        ),
        sa.UniqueConstraint("decision_id", "slot", name="uq_decision_ballots_slot"),
        sa.CheckConstraint(
            "organisation_id IS NULL OR slot IS NULL", name="one_link_at_most"
        ),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=_random_id)
    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    slot: Mapped[str | None] = mapped_column(sa.String(64))
    choices: Mapped[dict] = mapped_column(sa.JSON)
    receipt: Mapped[str] = mapped_column(sa.String(16), unique=True)


class ProxyScope(enum.StrEnum):
    DECISION = "decision"  # one decision
    AGM = "agm"  # every decision voted at one AGM (an event session)


class Proxy(db.Model):
    """An organisation hands its vote to another organisation's delegate, for one
    decision or for an AGM, until it expires or is revoked. Kept as its audit."""

    __tablename__ = "decision_proxies"
    __table_args__ = (
        enum_check("scope", ProxyScope),
        sa.CheckConstraint(
            "(scope = 'decision') = (decision_id IS NOT NULL)"
            " AND (scope = 'agm') = (session_id IS NOT NULL)",
            name="scope_target",
        ),
        sa.CheckConstraint(
            "organisation_id <> holder_organisation_id", name="not_to_itself"
        ),
        # One proxy in force per organisation and scope.
        sa.Index(
            "uq_decision_proxies_decision",
            "organisation_id",
            "decision_id",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL AND scope = 'decision'"),
            postgresql_where=sa.text("revoked_at IS NULL AND scope = 'decision'"),
        ),
        sa.Index(
            "uq_decision_proxies_agm",
            "organisation_id",
            "session_id",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL AND scope = 'agm'"),
            postgresql_where=sa.text("revoked_at IS NULL AND scope = 'agm'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(sa.String(12), default=ProxyScope.DECISION)
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    holder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    holder_organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    granted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    decision: Mapped[Decision | None] = relationship()
    organisation = relationship("Organisation", foreign_keys=[organisation_id])
    holder_organisation = relationship(
        "Organisation", foreign_keys=[holder_organisation_id]
    )
    holder = relationship("User", foreign_keys=[holder_id])
    granted_by = relationship("User", foreign_keys=[granted_by_id])

    def in_force(self, now):
        return self.revoked_at is None and now < self.expires_at
