"""discussions: a working group's threads and posts, and each member's digest
watermark

Revision ID: 0024_discussions
Revises: 0021_groups
Create Date: 2026-12-06 21:45:00.000000

"""

from alembic import op
import sqlalchemy as sa

import mentorship.db


# revision identifiers, used by Alembic.
revision = "0024_discussions"
down_revision = "0023_meetings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "discussion_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", mentorship.db.UTCDateTime(), nullable=False),
        sa.Column("last_posted_at", mentorship.db.UTCDateTime(), nullable=False),
        sa.Column("locked_at", mentorship.db.UTCDateTime(), nullable=True),
        sa.Column("locked_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "visibility IN ('members', 'alliance')",
            name=op.f("ck_discussion_threads_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_discussion_threads_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_groups.id"],
            name=op.f("fk_discussion_threads_group_id_working_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["locked_by_id"],
            ["users.id"],
            name=op.f("fk_discussion_threads_locked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussion_threads")),
    )
    with op.batch_alter_table("discussion_threads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_discussion_threads_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            "ix_discussion_threads_group_last",
            ["group_id", "last_posted_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_discussion_threads_locked_by_id"),
            ["locked_by_id"],
            unique=False,
        )

    op.create_table(
        "discussion_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", mentorship.db.UTCDateTime(), nullable=False),
        sa.Column("edited_at", mentorship.db.UTCDateTime(), nullable=True),
        sa.Column("hidden_at", mentorship.db.UTCDateTime(), nullable=True),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "hidden_by_id IS NULL OR hidden_at IS NOT NULL",
            name=op.f("ck_discussion_posts_hidden_has_date"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_discussion_posts_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"],
            ["users.id"],
            name=op.f("fk_discussion_posts_hidden_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["discussion_threads.id"],
            name=op.f("fk_discussion_posts_thread_id_discussion_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussion_posts")),
    )
    with op.batch_alter_table("discussion_posts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_discussion_posts_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_discussion_posts_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_discussion_posts_hidden_by_id"),
            ["hidden_by_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_discussion_posts_thread_created",
            ["thread_id", "created_at"],
            unique=False,
        )

    op.create_table(
        "discussion_digest_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("digested_until", mentorship.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_groups.id"],
            name=op.f("fk_discussion_digest_marks_group_id_working_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_discussion_digest_marks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussion_digest_marks")),
        sa.UniqueConstraint("group_id", "user_id", name="uq_discussion_digest_mark"),
    )
    with op.batch_alter_table("discussion_digest_marks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_discussion_digest_marks_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("discussion_digest_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discussion_digest_marks_user_id"))

    op.drop_table("discussion_digest_marks")
    with op.batch_alter_table("discussion_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_discussion_posts_thread_created")
        batch_op.drop_index(batch_op.f("ix_discussion_posts_hidden_by_id"))
        batch_op.drop_index(batch_op.f("ix_discussion_posts_created_at"))
        batch_op.drop_index(batch_op.f("ix_discussion_posts_author_id"))

    op.drop_table("discussion_posts")
    with op.batch_alter_table("discussion_threads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discussion_threads_locked_by_id"))
        batch_op.drop_index("ix_discussion_threads_group_last")
        batch_op.drop_index(batch_op.f("ix_discussion_threads_author_id"))

    op.drop_table("discussion_threads")
