"""organisation space: statuses paused/left with dates, themes, links, affiliations,
logos; the onboarding checklist and its ticks

Revision ID: 0012_orgspace
Revises: 0011_orgprofile
Create Date: 2026-12-06 01:30:00

"""

import sqlalchemy as sa
from alembic import op

from mentorship.db import UTCDateTime

revision = "0012_orgspace"
down_revision = "0011_orgprofile"
branch_labels = None
depends_on = None

NEW_STATUSES = "status IN ('applicant', 'member', 'paused', 'left')"
OLD_STATUSES = "status IN ('applicant', 'member', 'inactive')"


def upgrade():
    _statuses()
    _themes()
    _profile_tables()
    _onboarding()


def _statuses():
    with op.batch_alter_table("organisations") as batch:
        batch.drop_constraint(op.f("ck_organisations_status"), type_="check")
        batch.add_column(sa.Column("member_since", sa.Date(), nullable=True))
        batch.add_column(sa.Column("status_since", sa.Date(), nullable=True))
    op.execute("UPDATE organisations SET status = 'paused' WHERE status = 'inactive'")
    # The registry kept no dates: the row's creation is the best we know. (SQLite
    # keeps datetimes as text: CAST would give a number there.)
    sqlite = op.get_bind().dialect.name == "sqlite"
    day = "date(created_at)" if sqlite else "CAST(created_at AS DATE)"
    op.execute(f"UPDATE organisations SET status_since = {day}")
    op.execute(
        f"UPDATE organisations SET member_since = {day} "
        "WHERE status IN ('member', 'paused')"
    )
    with op.batch_alter_table("organisations") as batch:
        batch.create_check_constraint("status", NEW_STATUSES)


def _themes():
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["name_id"],
            ["translated_texts.id"],
            name=op.f("fk_themes_name_id_translated_texts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("slug", name=op.f("uq_themes_slug")),
    )
    op.create_table(
        "organisation_themes",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_themes_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
            name=op.f("fk_organisation_themes_theme_id_themes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "theme_id", name=op.f("pk_organisation_themes")
        ),
    )
    op.create_index(
        op.f("ix_organisation_themes_theme_id"), "organisation_themes", ["theme_id"]
    )


def _org_fk(table):
    return sa.ForeignKeyConstraint(
        ["organisation_id"],
        ["organisations.id"],
        name=op.f(f"fk_{table}_organisation_id_organisations"),
        ondelete="CASCADE",
    )


def _profile_tables():
    op.create_table(
        "organisation_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.CheckConstraint(
            "kind IN ('linkedin', 'x', 'facebook', 'instagram', 'youtube', 'other')",
            name=op.f("ck_organisation_links_kind"),
        ),
        _org_fk("organisation_links"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_links")),
    )
    op.create_index(
        op.f("ix_organisation_links_organisation_id"),
        "organisation_links",
        ["organisation_id"],
    )
    op.create_table(
        "organisation_affiliations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("since_year", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('chamber_of_mines', 'industry_association', "
            "'international_network', 'other')",
            name=op.f("ck_organisation_affiliations_kind"),
        ),
        sa.CheckConstraint(
            "since_year IS NULL OR since_year BETWEEN 1800 AND 2200",
            name=op.f("ck_organisation_affiliations_since_year"),
        ),
        _org_fk("organisation_affiliations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_affiliations")),
    )
    op.create_index(
        op.f("ix_organisation_affiliations_organisation_id"),
        "organisation_affiliations",
        ["organisation_id"],
    )
    op.create_table(
        "organisation_logos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("mime", sa.String(length=20), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _org_fk("organisation_logos"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_logos")),
        sa.UniqueConstraint(
            "organisation_id", name=op.f("uq_organisation_logos_organisation_id")
        ),
    )


def _onboarding():
    op.create_table(
        "onboarding_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("help_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("check_key", sa.String(length=60), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retired_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('automatic', 'manual')", name=op.f("ck_onboarding_items_kind")
        ),
        sa.CheckConstraint(
            "(kind = 'automatic') = (check_key IS NOT NULL)",
            name=op.f("ck_onboarding_items_check_key"),
        ),
        sa.ForeignKeyConstraint(
            ["label_id"],
            ["translated_texts.id"],
            name=op.f("fk_onboarding_items_label_id_translated_texts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["help_id"],
            ["translated_texts.id"],
            name=op.f("fk_onboarding_items_help_id_translated_texts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_items")),
    )
    op.create_table(
        "onboarding_ticks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("ticked_by_id", sa.Integer(), nullable=True),
        sa.Column("ticked_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["onboarding_items.id"],
            name=op.f("fk_onboarding_ticks_item_id_onboarding_items"),
            ondelete="CASCADE",
        ),
        _org_fk("onboarding_ticks"),
        sa.ForeignKeyConstraint(
            ["ticked_by_id"],
            ["users.id"],
            name=op.f("fk_onboarding_ticks_ticked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_ticks")),
        sa.UniqueConstraint(
            "item_id",
            "organisation_id",
            name=op.f("uq_onboarding_ticks_item_id_organisation_id"),
        ),
    )
    op.create_index(
        op.f("ix_onboarding_ticks_organisation_id"),
        "onboarding_ticks",
        ["organisation_id"],
    )
    op.create_index(
        op.f("ix_onboarding_ticks_ticked_by_id"), "onboarding_ticks", ["ticked_by_id"]
    )


def downgrade():
    for table in (
        "onboarding_ticks",
        "onboarding_items",
        "organisation_logos",
        "organisation_affiliations",
        "organisation_links",
        "organisation_themes",
        "themes",
    ):
        op.drop_table(table)
    with op.batch_alter_table("organisations") as batch:
        batch.drop_constraint(op.f("ck_organisations_status"), type_="check")
    op.execute(
        "UPDATE organisations SET status = 'inactive' "
        "WHERE status IN ('paused', 'left')"
    )
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("status_since")
        batch.drop_column("member_since")
        batch.create_check_constraint("status", OLD_STATUSES)
