"""needs and offers, introductions between organisations, partnerships

Revision ID: 0016_partnerships
Revises: 0015_positions
Create Date: 2026-12-06 01:40:00

"""

import sqlalchemy as sa
from alembic import op

from mentorship.db import UTCDateTime

revision = "0016_partnerships"
down_revision = "0015_positions"
branch_labels = None
depends_on = None

CATEGORIES = (
    "mentoring_capacity",
    "data_research",
    "advocacy",
    "legal_governance",
    "fundraising",
    "events",
    "communications",
    "translation",
    "training",
    "technical_expertise",
    "networking",
    "other",
)
OPEN = "status IN ('proposed', 'introduced')"


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        "organisation_listings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "organisation_id",
            sa.Integer(),
            sa.ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("category", sa.String(24), nullable=False),
        sa.Column(
            "description_id",
            sa.Integer(),
            sa.ForeignKey("translated_texts.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(_in("kind", ("need", "offer")), name="kind"),
        sa.CheckConstraint(_in("category", CATEGORIES), name="category"),
        sa.UniqueConstraint("organisation_id", "kind", "category"),
    )
    op.create_index(
        "ix_organisation_listings_organisation_id",
        "organisation_listings",
        ["organisation_id"],
    )
    op.create_table(
        "introductions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "org_low_id",
            sa.Integer(),
            sa.ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "org_high_id",
            sa.Integer(),
            sa.ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("onboarding", sa.Boolean(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column(
            "proposed_by_org_id",
            sa.Integer(),
            sa.ForeignKey("organisations.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column(
            "proposed_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("low_decision", sa.String(8), nullable=True),
        sa.Column(
            "low_decided_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("low_decided_at", UTCDateTime(), nullable=True),
        sa.Column("high_decision", sa.String(8), nullable=True),
        sa.Column(
            "high_decided_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("high_decided_at", UTCDateTime(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("introduced_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("follow_up_answer", sa.String(16), nullable=True),
        sa.Column("follow_up_answered_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            _in("status", ("proposed", "introduced", "declined", "withdrawn")),
            name="status",
        ),
        sa.CheckConstraint(_in("low_decision", ("accepted", "declined")), name="low_decision"),
        sa.CheckConstraint(
            _in("high_decision", ("accepted", "declined")), name="high_decision"
        ),
        sa.CheckConstraint(
            _in("follow_up_answer", ("partnership", "no_partnership")),
            name="follow_up_answer",
        ),
        sa.CheckConstraint("org_low_id < org_high_id", name="ordered_pair"),
    )
    op.create_index("ix_introductions_org_low_id", "introductions", ["org_low_id"])
    op.create_index("ix_introductions_org_high_id", "introductions", ["org_high_id"])
    op.create_index("ix_introductions_status", "introductions", ["status"])
    for column in ("proposed_by_id", "low_decided_by_id", "high_decided_by_id"):
        op.create_index(f"ix_introductions_{column}", "introductions", [column])
    op.create_index(
        "uq_introductions_open_pair",
        "introductions",
        ["org_low_id", "org_high_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_table(
        "partnerships",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "introduction_id",
            sa.Integer(),
            sa.ForeignKey("introductions.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column(
            "recorded_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            _in(
                "kind",
                (
                    "mentoring_exchange",
                    "joint_event",
                    "research_data",
                    "advocacy",
                    "shared_resources",
                    "other",
                ),
            ),
            name="kind",
        ),
        sa.CheckConstraint(
            _in("status", ("exploring", "active", "completed", "ended")), name="status"
        ),
    )
    op.create_index("ix_partnerships_status", "partnerships", ["status"])
    op.create_index(
        "ix_partnerships_recorded_by_id", "partnerships", ["recorded_by_id"]
    )


def downgrade():
    op.drop_table("partnerships")
    op.drop_table("introductions")
    op.drop_table("organisation_listings")
