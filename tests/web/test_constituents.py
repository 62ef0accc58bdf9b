"""Who acts and speaks for an organisation (policy.constituents), and the kernel's
registry of checks features contribute to another's checklist (core.checks)."""

from datetime import timedelta

import pytest

from mentorship import policy
from mentorship.core import checks, memberships
from mentorship.db import db


def test_positions_come_from_current_terms(app_ctx, make_org, make_user):
    org, other = make_org(), make_org()
    leader = make_user(org=org)
    delegate = make_user(org=org)
    memberships.start(leader, "leader", organisation=org)
    memberships.start(delegate, "voting_delegate", organisation=org)
    db.session.commit()
    assert policy.leads(leader, org.id) and not policy.leads(leader, other.id)
    assert policy.stewards(leader, org.id) and not policy.speaks_for(leader, org.id)
    assert policy.speaks_for(delegate, org.id) and not policy.leads(delegate, org.id)
    assert policy.can_edit_organisation(leader, org)
    assert not policy.can_edit_organisation(delegate, org)
    assert policy.organisations_stewarded(leader) == {org.id}


def test_an_ended_or_future_term_gives_no_voice(app_ctx, make_org, make_user):
    org = make_org()
    person = make_user(org=org)
    term = memberships.start(person, "voting_delegate", organisation=org)
    memberships.start(
        person,
        "leader",
        organisation=org,
        starts_on=memberships.today() + timedelta(days=3),
    )
    db.session.commit()
    assert policy.speaks_for(person, org.id)
    assert not policy.leads(person, org.id)  # her term as leader has not started
    memberships.end(term)
    db.session.commit()
    db.session.expire(person)
    assert not policy.speaks_for(person, org.id)


def test_staff_edit_any_organisation_and_see_the_overview(app_ctx, make_org, make_user):
    org = make_org()
    secretariat = make_user(roles=["secretariat"])
    member = make_user(org=org)
    assert policy.can_edit_organisation(secretariat, org)
    assert policy.can_view_alliance_overview(secretariat)
    assert not policy.can_edit_organisation(member, org)
    assert not policy.can_view_alliance_overview(member)


def test_checks_are_registered_once_per_kind(app):
    checks.register(app, "test-kind", "named", "Named", lambda record: True)
    assert checks.get("test-kind", "named", app).test(None) is True
    assert checks.get("test-kind", "missing", app) is None
    with pytest.raises(ValueError):
        checks.register(app, "test-kind", "named", "Again", lambda record: False)


def test_checks_answered_for_many_agree_with_one_at_a_time(app_ctx):
    """On the demo (organisations in every state of onboarding), each onboarding
    check answered for the whole list in one query says what it says for each."""
    import sqlalchemy as sa

    from mentorship import demo
    from mentorship.organisations.models import Organisation

    demo.seed(n_members=60)
    db.session.flush()
    organisations = db.session.scalars(sa.select(Organisation)).all()
    offered = checks.registered("onboarding")
    assert {"profile_complete", "roles_named", "buddy_introduced"} <= set(offered)
    for key, check in offered.items():
        one_at_a_time = {org.id: bool(check.test(org)) for org in organisations}
        assert check.answer_many(organisations) == one_at_a_time, key
        assert len(set(one_at_a_time.values())) == 2, f"{key}: the demo shows both"
    batched = [check for check in offered.values() if check.many is not None]
    assert len(batched) >= 2
