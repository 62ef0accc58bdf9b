"""A working group's recommendations (and review documents): the record each part
of the pipeline stands on.

The pipeline (`recommendations` package) moves a recommendation from draft through
the members' comment round, optionally every member organisation's, the Steering
Committee's endorsement, to publication in three languages; each published one is
then followed as a result (`results` package, on the `recommendation_published`
signal).
"""

import enum
import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class RecommendationKind(enum.StrEnum):
    RECOMMENDATION = "recommendation"
    REVIEW = "review"  # a "review and recommendations" document


class RecommendationStatus(enum.StrEnum):
    DRAFT = "draft"
    MEMBERS_ROUND = "members_round"  # the group's members comment
    ORGANISATIONS_ROUND = "organisations_round"  # every member organisation comments
    ENDORSEMENT = "endorsement"  # awaiting the Steering Committee
    ENDORSED = "endorsed"  # endorsed, not yet published
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class PublicationMode(enum.StrEnum):
    ALL_LANGUAGES = "all_languages"  # waited until every language was reviewed
    NOW = "now"  # published with translations missing


class RoundKind(enum.StrEnum):
    MEMBERS = "members"  # the group's members
    ORGANISATIONS = "organisations"  # every member organisation, through its voice


class Recommendation(db.Model):
    """One recommendation of a working group; its text lives in its versions."""

    __tablename__ = "recommendations"
    __table_args__ = (
        enum_check("kind", RecommendationKind),
        enum_check("status", RecommendationStatus),
        enum_check("publication_mode", PublicationMode),
        sa.Index("ix_recommendations_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("working_groups.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(
        sa.String(16), default=RecommendationKind.RECOMMENDATION
    )
    status: Mapped[str] = mapped_column(
        sa.String(20), default=RecommendationStatus.DRAFT
    )
    title_id, title = translated_field(nullable=False)
    # A short summary in three languages, for lists and the theme's results page.
    summary_id, summary = translated_field()
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The Steering Committee's endorsement (the member who gave it, and when).
    endorsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    endorsed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # How it was published: "all_languages" (waited for every translation) or
    # "now" (readers of a missing language see the source with a note).
    publication_mode: Mapped[str | None] = mapped_column(sa.String(16))

    group = relationship("WorkingGroup")
    created_by = relationship("User", foreign_keys=[created_by_id])
    endorsed_by = relationship("User", foreign_keys=[endorsed_by_id])
    versions: Mapped[list["RecommendationVersion"]] = relationship(
        back_populates="recommendation",
        order_by="RecommendationVersion.number",
        cascade="all, delete-orphan",
    )

    @property
    def is_published(self):
        return self.status == RecommendationStatus.PUBLISHED

    @property
    def latest(self):
        """Its newest version (None before the first is written)."""
        return self.versions[-1] if self.versions else None

    def version(self, number):
        return next((v for v in self.versions if v.number == number), None)

    def __repr__(self):
        return f"<Recommendation {self.id} {self.status}>"


PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")


def sections_of(body):
    """The numbered sections of a text: its paragraphs, separated by blank lines
    (a heading is a paragraph of its own). [(1, text), (2, text)...]"""
    parts = (part.strip() for part in PARAGRAPH_BREAK.split(body or ""))
    return list(enumerate((part for part in parts if part), start=1))


class RecommendationVersion(db.Model):
    """One version of a recommendation's text, in three languages (each with its
    translation status); frozen once published, never edited after."""

    __tablename__ = "recommendation_versions"
    __table_args__ = (
        sa.UniqueConstraint("recommendation_id", "number", name="uq_version_number"),
        sa.CheckConstraint("number >= 1", name="number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendations.id", ondelete="CASCADE")
    )
    number: Mapped[int] = mapped_column()
    body_id, body = translated_field(nullable=False)
    # Why this version: her words (e.g. "after the members' round").
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A comment round opened on it: later saves make a new version.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Published: its source text can never change again.
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recommendation: Mapped[Recommendation] = relationship(back_populates="versions")
    created_by = relationship("User")

    def sections(self, lang):
        """[(number, text)] of the text in `lang` ([] when not written)."""
        return sections_of(self.body.body(lang) if self.body else "")

    @property
    def section_count(self):
        return len(self.sections(self.body.source_lang)) if self.body else 0


class CommentRound(db.Model):
    """A comment round: open on one version until its end date or until closed."""

    __tablename__ = "recommendation_rounds"
    __table_args__ = (
        enum_check("kind", RoundKind),
        # One open round per recommendation at a time.
        sa.Index(
            "uq_recommendation_open_round",
            "recommendation_id",
            unique=True,
            sqlite_where=sa.text("closed_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation_versions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(16))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    recommendation: Mapped[Recommendation] = relationship()
    version: Mapped[RecommendationVersion] = relationship()

    def is_open(self, now=None):
        return self.closed_at is None and (now or utcnow()) < self.ends_at


class RecommendationComment(db.Model):
    """A comment on one section of one version, by a member or, in the
    organisations' round, by an organisation's voice on its behalf."""

    __tablename__ = "recommendation_comments"
    __table_args__ = (sa.CheckConstraint("section >= 1", name="section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation_rounds.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation_versions.id", ondelete="CASCADE"), index=True
    )
    section: Mapped[int] = mapped_column()
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    addressed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    addressed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    round: Mapped[CommentRound] = relationship()
    version: Mapped[RecommendationVersion] = relationship()
    author = relationship("User", foreign_keys=[author_id])
    organisation = relationship("Organisation")
