"""organisation profile: working languages, founding year, size band

Revision ID: 0011_orgprofile
Revises: 0010_preports
Create Date: 2026-12-06 01:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0011_orgprofile"
down_revision = "0010_preports"
branch_labels = None
depends_on = None

SIZE_BANDS = "size_band IN ('under_25', '25_99', '100_499', '500_plus')"


def upgrade():
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(
            sa.Column(
                "working_languages", sa.JSON(), nullable=False, server_default="[]"
            )
        )
        batch.add_column(sa.Column("founding_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("size_band", sa.String(length=12), nullable=True))
        batch.create_check_constraint("size_band", SIZE_BANDS)
        batch.create_check_constraint(
            "founding_year", "founding_year IS NULL OR founding_year BETWEEN 1800 AND 2200"
        )


def downgrade():
    with op.batch_alter_table("organisations") as batch:
        batch.drop_constraint("founding_year", type_="check")
        batch.drop_constraint("size_band", type_="check")
        batch.drop_column("size_band")
        batch.drop_column("founding_year")
        batch.drop_column("working_languages")
