"""schema hygiene: CHECKs for the proposal answers and decisions, indexes on actors

The states are enums next to their models and every CHECK on a state column is
generated from its enum (`mentorship.db.enum_check`). The existing CHECKs already
say exactly what the enums say; the proposals' four answer and decision columns
had none. The indexes serve the audit trail (who, when) and the person columns
that "my data" and erasure filter on.

The CHECK text is written out here, not imported from the models: a migration
is history, and must keep meaning what it meant when the enums change.

Revision ID: 0008_schema
Revises: 0007_content
Create Date: 2026-12-05 21:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_schema"
down_revision = "0007_content"
branch_labels = None
depends_on = None

INDEXES = {
    "audit_events": ["actor_id", "at"],
    "exclusions": ["created_by_id"],
    "goals": ["proposed_by_id"],
    "invitations": ["email", "invited_by_id"],
    "match_runs": ["started_by_id"],
    "meetings": ["logged_by_id"],
    "mentorships": ["closed_by_id"],
    "programme_settings": ["created_by_id"],
    "programmes": ["created_by_id"],
    "proposals": [
        "mentee_enrolment_id",
        "mentee_org_decided_by_id",
        "mentor_org_decided_by_id",
    ],
}

PROPOSAL_CHECKS = {
    "mentee_org_decision": "mentee_org_decision IN ('approved', 'rejected')",
    "mentor_org_decision": "mentor_org_decision IN ('approved', 'rejected')",
    "mentee_answer": "mentee_answer IN ('accepted', 'declined')",
    "mentor_answer": "mentor_answer IN ('accepted', 'declined')",
}

# SQLite rebuilds the table to add a CHECK; its partial unique indexes must come back
# with their WHERE clause, which reflection does not carry: drop and re-create them.
_LIVE_SQL = "status IN ('draft', 'awaiting_approval', 'offered')"
PARTIAL = {
    "uq_proposals_live_mentee": ["mentee_enrolment_id"],
    "uq_proposals_live_pair": ["mentee_enrolment_id", "mentor_enrolment_id"],
}


def _drop_partial():
    for name in PARTIAL:
        op.drop_index(name, table_name="proposals")


def _create_partial():
    for name, columns in PARTIAL.items():
        op.create_index(
            name,
            "proposals",
            columns,
            unique=True,
            sqlite_where=sa.text(_LIVE_SQL),
            postgresql_where=sa.text(_LIVE_SQL),
        )


def upgrade():
    for table, columns in INDEXES.items():
        with op.batch_alter_table(table) as batch_op:
            for column in columns:
                batch_op.create_index(f"ix_{table}_{column}", [column], unique=False)
    _drop_partial()
    with op.batch_alter_table("proposals") as batch_op:
        for name, sql in PROPOSAL_CHECKS.items():
            batch_op.create_check_constraint(name, sql)
    _create_partial()


def downgrade():
    _drop_partial()
    with op.batch_alter_table("proposals") as batch_op:
        for name in PROPOSAL_CHECKS:
            batch_op.drop_constraint(op.f(f"ck_proposals_{name}"), type_="check")
    _create_partial()
    for table, columns in INDEXES.items():
        with op.batch_alter_table(table) as batch_op:
            for column in columns:
                batch_op.drop_index(f"ix_{table}_{column}")
