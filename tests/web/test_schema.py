"""Schema hygiene: state CHECKs come from enums, and person columns are indexed."""

import re

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from mentorship.db import db, enum_check, sql_in
from mentorship.matches.models import OfferAnswer, Proposal, ProposalStatus

from ..factories import enrol, make_programme, released_proposal

IN_LIST = re.compile(r"^\s*(\w+) IN \(")
# RoleGrant's roles: left to the memberships work, which replaces role grants.
HAND_WRITTEN = {"ck_role_grants_role"}


def _checks():
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, sa.CheckConstraint):
                yield table, constraint


def test_every_in_list_check_is_generated_from_an_enum(app):
    in_lists = [
        (t, c)
        for t, c in _checks()
        if IN_LIST.match(str(c.sqltext)) and c.name not in HAND_WRITTEN
    ]
    assert len(in_lists) >= 10
    for table, check in in_lists:
        enum_cls = check.info.get("enum")
        assert enum_cls, f"{table.name}.{check.name}: write it with db.enum_check"
        column = check.info["column"]
        assert str(check.sqltext) == sql_in(column, list(enum_cls))
        # The column is wide enough for every member.
        assert max(map(len, enum_cls)) <= table.c[column].type.length, check.name


def test_enum_check_text_and_name():
    check = enum_check("status", ProposalStatus)
    assert str(check.sqltext).startswith("status IN ('draft', 'awaiting_approval'")
    assert check.name == "status"
    with pytest.raises(ValueError):
        sql_in("status", ["x'); DROP TABLE users; --"])


def test_the_migrated_database_has_every_enum_check(app, app_ctx):
    inspector = sa.inspect(db.session.connection())
    for table, check in _checks():
        if check.info.get("enum"):
            names = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert check.name in names, (table.name, check.name)


@pytest.mark.parametrize("column", ["mentee_answer", "mentor_org_decision"])
def test_the_database_refuses_a_state_outside_the_enum(
    app_ctx, make_org, make_user, column
):
    programme = make_programme()
    mentee = enrol(programme, make_user(org=make_org()), "mentee")
    mentor = enrol(programme, make_user(org=make_org()), "mentor")
    proposal = released_proposal(programme, mentee, mentor)
    proposal.mentee_answer = OfferAnswer.ACCEPTED  # a member passes
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(
            sa.update(Proposal)
            .where(Proposal.id == proposal.id)
            .values({column: "maybe"})
        )
        db.session.flush()
    db.session.rollback()


# Columns that point at a person: "my data" and erasure filter on them, and a
# deleted account sets them to NULL, so each leads an index.
NOT_YET = {("role_grants", "granted_by_id")}  # RoleGrant: the memberships work


def test_every_column_pointing_at_a_person_leads_an_index(app, app_ctx):
    inspector = sa.inspect(db.session.connection())
    missing = []
    for table in db.metadata.sorted_tables:
        leading = {ix["column_names"][0] for ix in inspector.get_indexes(table.name)}
        leading |= {
            uq["column_names"][0] for uq in inspector.get_unique_constraints(table.name)
        }
        leading.add(inspector.get_pk_constraint(table.name)["constrained_columns"][0])
        for column in table.columns:
            person = any(fk.column.table.name == "users" for fk in column.foreign_keys)
            known = column.name in leading or (table.name, column.name) in NOT_YET
            if person and not known:
                missing.append(f"{table.name}.{column.name}")
    assert missing == []


def test_the_audit_trail_is_indexed_by_actor_and_time(app, app_ctx):
    inspector = sa.inspect(db.session.connection())
    indexed = {
        tuple(ix["column_names"]) for ix in inspector.get_indexes("audit_events")
    }
    assert {("actor_id",), ("at",)} <= indexed
