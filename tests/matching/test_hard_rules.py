"""Hard rules are never broken, on random cohorts."""

from collections import Counter

import numpy as np
from hypothesis import given, settings

from matching import UNMATCHED_REASONS, propose
from matching.constraints import timezone_gap

from .strategies import cohorts


def feasible(mentee, mentor, rules):
    """Independent statement of the hard rules (capacity checked separately)."""
    if not set(mentee.languages) & set(mentor.languages):
        return False
    if rules.cross_organisation and mentee.organisation_id == mentor.organisation_id:
        return False
    limit = rules.max_timezone_difference
    if limit is not None and timezone_gap(mentee.utc_offset, mentor.utc_offset) > limit:
        return False
    return (mentee.id, mentor.id) not in rules.excluded_pairs


def capacity_left(mentor, rules):
    return mentor.capacity - (rules.committed_capacity or {}).get(mentor.id, 0)


def check_result(result, mentees, mentors, rules):
    by_id = {m.id: m for m in mentees}
    mentor_by_id = {m.id: m for m in mentors}
    load = Counter(p.mentor_id for p in result.pairs)
    for mentor_id, count in load.items():
        assert count <= capacity_left(mentor_by_id[mentor_id], rules)
    per_mentee = Counter(p.mentee_id for p in result.pairs)
    assert max(per_mentee.values(), default=0) <= rules.proposals_per_mentee
    assert len(set((p.mentee_id, p.mentor_id) for p in result.pairs)) == len(
        result.pairs
    )
    for pair in result.pairs:
        assert feasible(by_id[pair.mentee_id], mentor_by_id[pair.mentor_id], rules)
        assert sum(pair.contributions) == pair.score
        assert 0 <= pair.score <= 1 + 1e-9
    primary = {p.mentee_id for p in result.pairs if p.rank == 1}
    assert primary.isdisjoint(result.unmatched)
    assert primary | set(result.unmatched) == set(by_id)
    assert set(result.unmatched.values()) <= set(UNMATCHED_REASONS)


@settings(deadline=None, max_examples=60)
@given(cohorts())
def test_flow_never_breaks_hard_rules(case):
    mentees, mentors, rules = case
    check_result(propose(mentees, mentors, rules), mentees, mentors, rules)


@settings(deadline=None, max_examples=30)
@given(cohorts())
def test_greedy_and_exact_never_break_hard_rules(case):
    mentees, mentors, rules = case
    for options in ({"method": "greedy"}, {"exact": True}):
        check_result(
            propose(mentees, mentors, rules, **options), mentees, mentors, rules
        )


@settings(deadline=None, max_examples=40)
@given(cohorts())
def test_unmatched_reason_is_the_first_rule_that_leaves_no_mentor(case):
    mentees, mentors, rules = case
    result = propose(mentees, mentors, rules)
    by_id = {m.id: m for m in mentees}
    for mentee_id, reason in result.unmatched.items():
        mentee = by_id[mentee_id]
        speakers = [r for r in mentors if set(r.languages) & set(mentee.languages)]
        if reason == "no_shared_language":
            assert not speakers
            continue
        assert speakers
        options = [r for r in speakers if feasible(mentee, r, rules)]
        with_room = [r for r in options if capacity_left(r, rules) > 0]
        if reason == "outscored":
            assert with_room
        if reason in ("no_mentor_with_capacity", "all_candidates_excluded"):
            assert not with_room
        if reason == "timezone_limit":
            assert rules.max_timezone_difference is not None
    assert np.isfinite([p.score for p in result.pairs]).all()
