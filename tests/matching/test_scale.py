"""Large-cohort runs: `pytest -m slow tests/matching` (kept out of the default run)."""

from collections import Counter

import pytest

from matching import propose
from matching.datasets import make_profiles


@pytest.mark.slow
def test_large_cohort_respects_rules_and_beats_greedy():
    mentees, mentors = make_profiles(20000, 10000, random_state=1)
    flow = propose(mentees, mentors)
    greedy = propose(mentees, mentors, method="greedy")
    assert (flow.stats["matched"], flow.stats["total_score"]) > (
        greedy.stats["matched"],
        greedy.stats["total_score"],
    )
    capacity = {m.id: m.capacity for m in mentors}
    orgs = {m.id: m.organisation_id for m in mentors}
    mentee_orgs = {m.id: m.organisation_id for m in mentees}
    for mentor_id, load in Counter(p.mentor_id for p in flow.pairs).items():
        assert load <= capacity[mentor_id]
    assert all(orgs[p.mentor_id] != mentee_orgs[p.mentee_id] for p in flow.pairs)
    assert len(flow.pairs) + len(flow.unmatched) == len(mentees)
