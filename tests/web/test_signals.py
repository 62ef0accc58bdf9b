"""Cross-feature reactions go through `core.signals`, in the sender's transaction.

An accepted offer starts a mentorship (matches sends `offer_accepted`, mentorships
listens); an early close keeps the pair out of later runs (mentorships sends
`mentorship_closed`, matches listens). Emails still leave only after the commit.
"""

from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from mentorship.core import signals
from mentorship.db import db
from mentorship.matches import approvals, reactions
from mentorship.matches.models import Exclusion, Proposal
from mentorship.mentorships import lifecycle
from mentorship.mentorships.models import Mentorship

from .flow import enrol, make_mentorship, make_programme, released_proposal


@contextmanager
def caught(signal):
    """The (sender, keyword arguments) of every send of `signal` in the block."""
    sent = []

    def receive(sender, **kwargs):
        sent.append((sender, kwargs))

    signal.connect(receive)
    try:
        yield sent
    finally:
        signal.disconnect(receive)


@contextmanager
def without(signal, receiver):
    signal.disconnect(receiver)
    try:
        yield
    finally:
        signal.connect(receiver)


def offered(make_org, make_user):
    programme = make_programme()
    mentee = make_user(org=make_org())
    mentor = make_user(org=make_org(region="europe"))
    proposal = released_proposal(
        programme,
        enrol(programme, mentee, "mentee"),
        enrol(programme, mentor, "mentor"),
    )
    proposal.status = "offered"
    db.session.commit()
    return proposal, mentee, mentor


def mentorships_of(proposal):
    return db.session.scalars(
        sa.select(Mentorship).where(Mentorship.proposal_id == proposal.id)
    ).all()


def test_the_second_acceptance_sends_offer_accepted_once(app_ctx, make_org, make_user):
    proposal, mentee, mentor = offered(make_org, make_user)
    with caught(signals.offer_accepted) as sent:
        approvals.answer(proposal, mentee, "mentee", accept=True)
        assert sent == []  # one side is not enough
        approvals.answer(proposal, mentor, "mentor", accept=True)
    assert sent == [(proposal, {"actor": mentor})]
    (mentorship,) = mentorships_of(proposal)
    assert (mentorship.mentee_user_id, mentorship.mentor_user_id) == (
        mentee.id,
        mentor.id,
    )


def test_the_mentorship_starts_only_through_the_signal(app_ctx, make_org, make_user):
    proposal, mentee, mentor = offered(make_org, make_user)
    with without(signals.offer_accepted, lifecycle.start):
        approvals.answer(proposal, mentee, "mentee", accept=True)
        approvals.answer(proposal, mentor, "mentor", accept=True)
    assert db.session.get(Proposal, proposal.id).status == "accepted"
    assert mentorships_of(proposal) == []


def test_the_reaction_shares_the_transaction_and_emails_wait_for_commit(
    app_ctx, make_org, make_user, outbox
):
    proposal, mentee, mentor = offered(make_org, make_user)
    approvals.answer(proposal, mentee, "mentee", accept=True)
    approvals.answer(proposal, mentor, "mentor", accept=True)
    assert len(mentorships_of(proposal)) == 1 and outbox == []
    db.session.rollback()
    assert mentorships_of(proposal) == [] and outbox == []
    assert db.session.get(Proposal, proposal.id).status == "offered"

    approvals.answer(proposal, mentee, "mentee", accept=True)
    approvals.answer(proposal, mentor, "mentor", accept=True)
    db.session.commit()
    assert sorted(m.to[0] for m in outbox) == sorted([mentee.email, mentor.email])
    assert all(m.subject.startswith("Your mentorship starts") for m in outbox)


def exclusions():
    return db.session.scalars(sa.select(Exclusion)).all()


def test_closing_early_sends_mentorship_closed_and_matching_keeps_them_apart(
    app_ctx, make_org, make_user
):
    mentorship, mentee, mentor = make_mentorship(make_org, make_user)
    with caught(signals.mentorship_closed) as sent:
        lifecycle.close_early(mentorship, mentee, "no_time")
    assert sent == [(mentorship, {"actor": mentee, "reason": "no_time"})]
    (exclusion,) = exclusions()
    assert (exclusion.mentee_user_id, exclusion.mentor_user_id) == (
        mentee.id,
        mentor.id,
    )
    assert exclusion.reason == "closed_early" and exclusion.created_by_id == mentee.id


def test_the_exclusion_comes_only_from_the_listener(app_ctx, make_org, make_user):
    mentorship, mentee, _mentor = make_mentorship(make_org, make_user)
    with without(signals.mentorship_closed, reactions.keep_closed_pair_apart):
        lifecycle.close_early(mentorship, mentee, "no_time")
    assert db.session.get(Mentorship, mentorship.id).status == "closed_early"
    assert exclusions() == []


def test_matches_no_longer_imports_mentorships_to_start_one():
    source = Path(approvals.__file__).read_text()
    assert "mentorships" not in source
