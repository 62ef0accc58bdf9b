"""survey answers unlinked from their mentorship: a keyed fingerprint instead

Revision ID: 0005_privacy
Revises: 0004
Create Date: 2026-12-05 12:30:00

Each answer's mentorship id becomes `answer_key`, HMAC-SHA256 of
"<mentorship id>:<role>:<stage>" under a key derived from SURVEY_ANSWER_KEY (or
SECRET_KEY): computed here from the existing ids with the running application's
configuration, so the upgrade must run through `flask db upgrade` (not offline SQL).
Goal progress loses its goal ids (percentages, smallest first) and the time of an
answer its hour (the day is kept). An answer whose mentorship is gone gets a
fingerprint that matches nothing.

Downgrade recomputes every mentorship's fingerprints to restore the ids; goal ids
cannot come back (progress becomes {}).
"""

import hashlib
import hmac
from datetime import datetime, time

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0005_privacy"
down_revision = "0004"
branch_labels = None
depends_on = None

# The same derivation as mentorship/surveys/keys.py (version 1), written out so that
# this migration keeps working whatever that module becomes.
PURPOSE = b"wim-alliance survey answer key v1"
STAGES = ("baseline", "midpoint", "final")

answers = sa.table(
    "survey_responses",
    sa.column("id", sa.Integer),
    sa.column("mentorship_id", sa.Integer),
    sa.column("answer_key", sa.String),
    sa.column("role", sa.String),
    sa.column("stage", sa.String),
    sa.column("goal_progress", sa.JSON),
    sa.column("submitted_at", sa.DateTime),
)


def _secret():
    if op.get_context().as_sql:
        raise RuntimeError("0005_privacy needs the application's key: run it online")
    config = current_app.config
    base = config.get("SURVEY_ANSWER_KEY") or config["SECRET_KEY"]
    return hmac.new(base.encode(), PURPOSE, hashlib.sha256).digest()


def _fingerprint(secret, mentorship_id, role, stage):
    message = f"{mentorship_id}:{role}:{stage}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _progress(value):
    if isinstance(value, dict):
        return sorted(value.values())
    return value or []


def _day(value):
    return None if value is None else datetime.combine(value.date(), time.min)


def upgrade():
    with op.batch_alter_table("survey_responses") as batch_op:
        batch_op.add_column(sa.Column("answer_key", sa.String(64), nullable=True))

    secret = _secret()
    conn = op.get_bind()
    rows = conn.execute(sa.select(answers)).all()
    changes = [
        {
            "row_id": row.id,
            "answer_key": (
                _fingerprint(secret, row.mentorship_id, row.role, row.stage)
                if row.mentorship_id is not None
                else f"unlinked-{row.id}"
            ),
            "goal_progress": _progress(row.goal_progress),
            "submitted_at": _day(row.submitted_at),
        }
        for row in rows
    ]
    if changes:
        conn.execute(
            answers.update()
            .where(answers.c.id == sa.bindparam("row_id"))
            .values(
                answer_key=sa.bindparam("answer_key"),
                goal_progress=sa.bindparam("goal_progress"),
                submitted_at=sa.bindparam("submitted_at"),
            ),
            changes,
        )

    with op.batch_alter_table("survey_responses") as batch_op:
        batch_op.drop_constraint(
            "uq_survey_responses_mentorship_id_role_stage", type_="unique"
        )
        batch_op.drop_constraint(
            "fk_survey_responses_mentorship_id_mentorships", type_="foreignkey"
        )
        batch_op.drop_column("mentorship_id")
        batch_op.alter_column("answer_key", existing_type=sa.String(64), nullable=False)
        batch_op.create_unique_constraint(
            "uq_survey_responses_answer_key", ["answer_key"]
        )


def downgrade():
    with op.batch_alter_table("survey_responses") as batch_op:
        batch_op.add_column(sa.Column("mentorship_id", sa.Integer(), nullable=True))

    secret = _secret()
    conn = op.get_bind()
    ids = conn.execute(sa.text("SELECT id FROM mentorships")).scalars()
    by_key = {
        _fingerprint(secret, mentorship_id, role, stage): mentorship_id
        for mentorship_id in ids
        for role in ("mentee", "mentor")
        for stage in STAGES
    }
    rows = conn.execute(sa.select(answers.c.id, answers.c.answer_key)).all()
    changes = [
        {"row_id": row.id, "mentorship_id": by_key.get(row.answer_key)} for row in rows
    ]
    if changes:
        conn.execute(
            answers.update()
            .where(answers.c.id == sa.bindparam("row_id"))
            .values(mentorship_id=sa.bindparam("mentorship_id"), goal_progress={}),
            changes,
        )

    with op.batch_alter_table("survey_responses") as batch_op:
        batch_op.drop_constraint("uq_survey_responses_answer_key", type_="unique")
        batch_op.drop_column("answer_key")
        batch_op.create_foreign_key(
            "fk_survey_responses_mentorship_id_mentorships",
            "mentorships",
            ["mentorship_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_unique_constraint(
            "uq_survey_responses_mentorship_id_role_stage",
            ["mentorship_id", "role", "stage"],
        )
