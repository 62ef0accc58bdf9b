"""organisation roles: one voting delegate and one alternate at a time

Revision ID: 0013_roles
Revises: 0012_orgspace
Create Date: 2026-12-06 01:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013_roles"
down_revision = "0012_orgspace"
branch_labels = None
depends_on = None

SINGLE_HOLDER = ("voting_delegate", "alternate_delegate")


def _where(position):
    return sa.text(f"position = '{position}' AND ends_on IS NULL")


def upgrade():
    # Partial unique indexes: an ended term (ends_on set) is history and free.
    for position in SINGLE_HOLDER:
        op.create_index(
            f"uq_memberships_one_{position}",
            "memberships",
            ["organisation_id"],
            unique=True,
            sqlite_where=_where(position),
            postgresql_where=_where(position),
        )


def downgrade():
    for position in SINGLE_HOLDER:
        op.drop_index(f"uq_memberships_one_{position}", table_name="memberships")
