"""data versions: a stamp per name, changed by each commit that writes its tables

Revision ID: 0010_preports
Revises: 0009_ops
Create Date: 2026-12-05 22:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010_preports"
down_revision = "0009_ops"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )


def downgrade():
    op.drop_table("data_versions")
