"""organisations' applications to join the Alliance

Revision ID: 0014_joining
Revises: 0013_roles
Create Date: 2026-12-06 01:50:00

"""

import sqlalchemy as sa
from alembic import op

from mentorship.db import UTCDateTime

revision = "0014_joining"
down_revision = "0013_roles"
branch_labels = None
depends_on = None

OPEN = "status IN ('submitted', 'info_requested')"


def upgrade():
    op.create_table(
        "organisation_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("name_key", sa.String(length=160), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_lang", sa.String(length=5), nullable=False),
        sa.Column("working_languages", sa.JSON(), nullable=False),
        sa.Column("founding_year", sa.Integer(), nullable=True),
        sa.Column("size_band", sa.String(length=12), nullable=True),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("contact_title", sa.String(length=120), nullable=False),
        sa.Column("contact_locale", sa.String(length=5), nullable=False),
        sa.Column("declaration_version", sa.String(length=20), nullable=False),
        sa.Column("declaration_agreed_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("info_request", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('submitted', 'info_requested', 'approved', 'declined')",
            name=op.f("ck_organisation_applications_status"),
        ),
        sa.CheckConstraint(
            "size_band IN ('under_25', '25_99', '100_499', '500_plus')",
            name=op.f("ck_organisation_applications_size_band"),
        ),
        sa.CheckConstraint(
            "founding_year IS NULL OR founding_year BETWEEN 1800 AND 2200",
            name=op.f("ck_organisation_applications_founding_year"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_organisation_applications_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_applications_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_applications")),
    )
    with op.batch_alter_table("organisation_applications") as batch:
        for column in ("status", "region", "contact_email", "decided_by_id"):
            batch.create_index(
                batch.f(f"ix_organisation_applications_{column}"), [column]
            )
        batch.create_index(
            batch.f("ix_organisation_applications_organisation_id"),
            ["organisation_id"],
        )
        batch.create_index(
            "uq_open_application_name",
            ["name_key"],
            unique=True,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )


def downgrade():
    op.drop_table("organisation_applications")
