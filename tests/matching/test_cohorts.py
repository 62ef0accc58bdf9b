"""Cohorts that look like a real sign-up: nobody matchable is left out."""

import pytest

from matching import propose
from matching.datasets import COHORTS, make_cohort


@pytest.mark.parametrize("kind", COHORTS)
def test_default_matches_the_optimum_count(kind):
    mentees, mentors = make_cohort(kind, 600, 300, random_state=1)
    default = propose(mentees, mentors)
    exact = propose(mentees, mentors, exact=True)
    assert default.stats["matched"] == exact.stats["matched"]
    assert default.stats["total_score"] >= 0.999 * exact.stats["total_score"]
    assert "free_mentor_unused" not in default.unmatched.values()


def test_blank_mentors_are_blank():
    _, mentors = make_cohort("blank_mentors_50", 200, 200, random_state=0)
    blank = [m for m in mentors if not m.expertise and not m.tags]
    assert 60 <= len(blank) <= 140
    assert all(m.discipline is None and m.career_stage is None for m in blank)
