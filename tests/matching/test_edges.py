"""Edge cases found by the audit of issue 10: each failed before its fix."""

from matching import MatchSettings, MenteeProfile, MentorProfile, propose, repropose
from matching import suggest as suggest_mentors
from matching.constraints import timezone_gap


def mentee(id, **fields):
    return MenteeProfile(id=id, organisation_id="a", **fields)


def mentor(id, **fields):
    return MentorProfile(id=id, organisation_id="b", **fields)


def test_timezone_limit_is_exact_off_the_quarter_hour_grid():
    # 0.13 and 2.37 round to 0.25 and 2.25 on a quarter-hour grid: a 2.24 h gap
    # looked like 2 h and passed a 2 h limit.
    rules = MatchSettings(max_timezone_difference=2)
    far = mentor("far", utc_offset=2.37)
    near = mentor("near", utc_offset=2.0)
    result = propose([mentee("m", utc_offset=0.13)], [far], rules)
    assert timezone_gap(0.13, 2.37) > 2
    assert not result.pairs
    assert result.unmatched == {"m": "timezone_limit"}
    both = propose([mentee("m", utc_offset=0.13)], [far, near], rules)
    assert [(p.mentee_id, p.mentor_id) for p in both.pairs] == [("m", "near")]


def test_timezone_limit_exact_in_suggest():
    rules = MatchSettings(max_timezone_difference=2)
    pool = [mentor("far", utc_offset=2.37), mentor("near", utc_offset=2.0)]
    top = suggest_mentors(mentee("m", utc_offset=0.13), pool, k=5, settings=rules)
    assert [p.mentor_id for p in top] == ["near"]


def test_second_repropose_keeps_the_first_rejection():
    people = [mentee("m")]
    pool = [mentor("x"), mentor("y")]
    first = propose(people, pool)
    (pair,) = first.pairs
    second = repropose(first, [(pair.mentee_id, pair.mentor_id)], people)
    (again,) = second.pairs
    assert again.mentor_id != pair.mentor_id
    third = repropose(second, [(again.mentee_id, again.mentor_id)], people)
    assert not third.pairs
    assert third.unmatched == {"m": "all_candidates_excluded"}


def test_suggest_honours_committed_capacity_it_is_given():
    pool = [mentor("full", capacity=1), mentor("free", capacity=1)]
    person = mentee("m")
    index = propose([person], pool).index
    rules = MatchSettings(committed_capacity={"full": 1})
    top = suggest_mentors(person, index, k=5, settings=rules)
    assert [p.mentor_id for p in top] == ["free"]


def test_preference_for_another_region_is_told_as_such():
    person = mentee("m", region="europe", region_preference="different")
    result = propose([person], [mentor("x", region="africa")])
    codes = {r.code: r.value for r in result.pairs[0].reasons}
    assert codes.get("different_region") == "africa"
    assert "same_region" not in codes


def test_same_region_preference_keeps_its_code():
    person = mentee("m", region="europe", region_preference="same")
    result = propose([person], [mentor("x", region="europe")])
    codes = {r.code: r.value for r in result.pairs[0].reasons}
    assert codes.get("same_region") == "europe"


def sparse_cohort(n):
    """``n`` mentees with full profiles, ``n`` identical blank mentors (capacity 1)."""
    people = [
        mentee(i, tags=("geology",), goals="geology mapping", discipline="geology")
        for i in range(n)
    ]
    pool = [mentor(f"blank{j}", capacity=1) for j in range(n)]
    return people, pool


def test_identical_sparse_mentors_are_all_used():
    people, pool = sparse_cohort(12)
    rules = MatchSettings(candidates_per_mentee=2, candidates_per_mentor=1)
    result = propose(people, pool, rules)
    exact = propose(people, pool, rules, exact=True)
    assert exact.stats["matched"] == 12
    assert result.stats["matched"] == 12
    assert not result.unmatched


def test_outscored_only_when_every_feasible_mentor_is_full():
    people, pool = sparse_cohort(12)
    rules = MatchSettings(candidates_per_mentee=2, candidates_per_mentor=1)
    greedy = propose(people, pool, rules, method="greedy")
    taken = {p.mentor_id for p in greedy.pairs}
    free = [m for m in pool if m.id not in taken]
    assert free  # greedy leaves feasible mentors free: that is not "outscored"
    assert set(greedy.unmatched.values()) == {"free_mentor_unused"}
    result = propose(people[:3], pool[:2], rules)
    assert list(result.unmatched.values()) == ["outscored"]


def test_default_never_leaves_a_free_feasible_mentor():
    people, pool = sparse_cohort(12)
    rules = MatchSettings(candidates_per_mentee=2, candidates_per_mentor=1)
    result = propose(people, pool, rules)
    assert not result.unmatched and result.stats["certify_rounds"] >= 1
