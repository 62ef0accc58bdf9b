"""common positions: positions, their versions, organisations' ratifications

Revision ID: 0015_positions
Revises: 0014_joining
Create Date: 2026-12-06 01:20:22.757534

"""

import sqlalchemy as sa
from alembic import op

import mentorship.db

# revision identifiers, used by Alembic.
revision = "0015_positions"
down_revision = "0014_joining"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("created_at", mentorship.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('position', 'priority')", name=op.f("ck_positions_kind")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_positions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
    )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_positions_created_by_id"), ["created_by_id"], unique=False
        )

    op.create_table(
        "position_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=True),
        sa.Column("text_id", sa.Integer(), nullable=True),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("published_at", mentorship.db.UTCDateTime(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("superseded_at", mentorship.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", mentorship.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", mentorship.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status = 'draft' OR (opens_on IS NOT NULL"
            " AND closes_on IS NOT NULL AND published_at IS NOT NULL)",
            name=op.f("ck_position_versions_published"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'superseded')",
            name=op.f("ck_position_versions_status"),
        ),
        sa.CheckConstraint("number >= 1", name=op.f("ck_position_versions_number")),
        sa.CheckConstraint(
            "opens_on IS NULL OR closes_on IS NULL OR closes_on > opens_on",
            name=op.f("ck_position_versions_window"),
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_position_versions_position_id_positions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_position_versions_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["text_id"],
            ["translated_texts.id"],
            name=op.f("fk_position_versions_text_id_translated_texts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["title_id"],
            ["translated_texts.id"],
            name=op.f("fk_position_versions_title_id_translated_texts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position_versions")),
        sa.UniqueConstraint(
            "position_id", "number", name="uq_position_versions_number"
        ),
    )
    with op.batch_alter_table("position_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_position_versions_position_id"),
            ["position_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_position_versions_published_by_id"),
            ["published_by_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_position_versions_status"), ["status"], unique=False
        )
        batch_op.create_index(
            "uq_position_versions_draft",
            ["position_id"],
            unique=True,
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        )

    op.create_table(
        "ratifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", mentorship.db.UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", mentorship.db.UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdraw_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(status = 'withdrawn') = (withdrawn_at IS NOT NULL)",
            name=op.f("ck_ratifications_withdrawn"),
        ),
        sa.CheckConstraint(
            "answer IN ('ratified', 'abstained', 'declined')",
            name=op.f("ck_ratifications_answer"),
        ),
        sa.CheckConstraint(
            "status IN ('answered', 'withdrawn')", name=op.f("ck_ratifications_status")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_ratifications_answered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_ratifications_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["position_versions.id"],
            name=op.f("fk_ratifications_version_id_position_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_id"],
            ["users.id"],
            name=op.f("fk_ratifications_withdrawn_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratifications")),
        sa.UniqueConstraint(
            "version_id", "organisation_id", name="uq_ratifications_once"
        ),
    )
    with op.batch_alter_table("ratifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ratifications_answered_by_id"),
            ["answered_by_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_ratifications_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_ratifications_version_id"), ["version_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ratifications_withdrawn_by_id"),
            ["withdrawn_by_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("ratifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ratifications_withdrawn_by_id"))
        batch_op.drop_index(batch_op.f("ix_ratifications_version_id"))
        batch_op.drop_index(batch_op.f("ix_ratifications_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_ratifications_answered_by_id"))

    op.drop_table("ratifications")
    with op.batch_alter_table("position_versions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_position_versions_draft",
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        )
        batch_op.drop_index(batch_op.f("ix_position_versions_status"))
        batch_op.drop_index(batch_op.f("ix_position_versions_published_by_id"))
        batch_op.drop_index(batch_op.f("ix_position_versions_position_id"))

    op.drop_table("position_versions")
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_positions_created_by_id"))

    op.drop_table("positions")
