from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings

from matching import REASON_CODES, MatchSettings, propose, repropose, suggest
from matching.assignment import dense_assign
from matching.bench import dense_allowed
from matching.explain import REASON_CRITERION
from matching.profiles import cohort_arrays

from .strategies import cohorts


def objective(result):
    primary = [p for p in result.pairs if p.rank == 1]
    return len(primary), sum(p.score for p in primary)


def dense_optimum(result, mentees, mentors, rules):
    features = result.index.vectorizer.transform(mentees)
    scores = np.clip(features @ result.index.features.T, 0, 1)
    arrays = cohort_arrays(mentees, mentors, rules)
    mentor_of = dense_assign(scores, arrays.capacity, dense_allowed(arrays, rules))
    rows = np.flatnonzero(mentor_of >= 0)
    return rows.size, float(scores[rows, mentor_of[rows]].sum())


@pytest.fixture(scope="module")
def run(cohort):
    mentees, mentors = cohort
    rules = MatchSettings(candidates_per_mentee=5, excluded_pairs={(0, 1), (3, 4)})
    return propose(mentees, mentors, rules), rules


def test_exact_equals_dense_optimum_of_full_problem(cohort):
    mentees, mentors = cohort
    rules = MatchSettings(candidates_per_mentee=2, candidates_per_mentor=1)
    exact = propose(mentees, mentors, rules, exact=True)
    matched, total = dense_optimum(exact, mentees, mentors, rules)
    assert objective(exact)[0] == matched
    assert objective(exact)[1] == pytest.approx(total, abs=1e-5 * matched)
    assert exact.stats["pricing_rounds"] >= 1


@settings(deadline=None, max_examples=25)
@given(cohorts(max_mentees=12, max_mentors=6))
def test_exact_equals_dense_optimum_on_random_cohorts(case):
    mentees, mentors, rules = case
    rules = rules.replace(proposals_per_mentee=1)
    exact = propose(mentees, mentors, rules, exact=True)
    matched, total = dense_optimum(exact, mentees, mentors, rules)
    assert objective(exact)[0] == matched
    assert objective(exact)[1] == pytest.approx(total, abs=1e-5 * max(matched, 1))


def test_flow_beats_greedy(cohort):
    mentees, mentors = cohort
    flow = objective(propose(mentees, mentors))
    greedy = objective(propose(mentees, mentors, method="greedy"))
    assert flow[0] > greedy[0] or (flow[0] == greedy[0] and flow[1] >= greedy[1])


def test_determinism(cohort):
    mentees, mentors = cohort
    first = propose(mentees, mentors, random_state=3)
    second = propose(mentees, mentors, random_state=3)
    assert [(p.mentee_id, p.mentor_id, p.score) for p in first.pairs] == [
        (p.mentee_id, p.mentor_id, p.score) for p in second.pairs
    ]
    assert first.unmatched == second.unmatched


def test_reasons_are_consistent_with_the_score(run):
    result, rules = run
    for pair in result.pairs:
        assert sum(pair.contributions) == pair.score
        assert pair.breakdown.keys() == set(REASON_CODES.values())
        assert 1 <= len(pair.reasons) <= rules.max_reasons
        contributions = [r.contribution for r in pair.reasons]
        assert contributions == sorted(contributions, reverse=True)
        for reason in pair.reasons:
            code = REASON_CODES[REASON_CRITERION[reason.code]]
            assert reason.contribution == pair.breakdown[code] > 0
            assert type(reason.value) in (str, int, float)


def test_reason_values(cohort, run):
    result, _ = run
    mentees = {m.id: m for m in cohort[0]}
    mentors = {m.id: m for m in cohort[1]}
    seen = set()
    for pair in result.pairs:
        mentee, mentor = mentees[pair.mentee_id], mentors[pair.mentor_id]
        for reason in pair.reasons:
            seen.add(reason.code)
            if reason.code == "shared_language":
                assert reason.value == mentee.languages[0] in mentor.languages
            if reason.code == "tag_overlap":
                shared = set(reason.value.split(","))
                assert shared and shared <= set(mentee.tags) & set(mentor.tags)
            if reason.code == "career_stage_gap":
                assert reason.value in (1, 2, 3)
    assert {"tag_overlap", "career_stage_gap"} <= seen


def test_excluded_pairs_and_capacity(run, cohort):
    result, rules = run
    capacity = {m.id: m.capacity for m in cohort[1]}
    assert not {(p.mentee_id, p.mentor_id) for p in result.pairs} & rules.excluded_pairs
    for mentor_id, load in Counter(p.mentor_id for p in result.pairs).items():
        assert load <= capacity[mentor_id]


def test_stats_time_every_stage(run):
    result, _ = run
    for stage in ("features", "constraints", "candidates", "assignment", "explain"):
        assert result.stats["seconds"][stage] >= 0
    assert result.stats["candidate_pairs"] > 0


def test_unmatched_reasons_on_constructed_cohort():
    from matching import MenteeProfile, MentorProfile

    mentees = [
        MenteeProfile(id="lonely", organisation_id=1, languages=("zh",)),
        MenteeProfile(id="insider", organisation_id=1, languages=("fr",)),
        MenteeProfile(id="far", organisation_id=2, languages=("de",), utc_offset=10),
        MenteeProfile(id="late", organisation_id=2, languages=("es",)),
        MenteeProfile(id="excluded", organisation_id=2, languages=("sw",)),
        MenteeProfile(id="a", organisation_id=2, languages=("en",)),
        MenteeProfile(id="b", organisation_id=2, languages=("en",)),
    ]
    mentors = [
        MentorProfile(id="fr", organisation_id=1, languages=("fr",)),
        MentorProfile(id="de", organisation_id=3, languages=("de",), utc_offset=-5),
        MentorProfile(id="es", organisation_id=3, languages=("es",), capacity=0),
        MentorProfile(id="sw", organisation_id=3, languages=("sw",)),
        MentorProfile(id="en", organisation_id=3, languages=("en",)),
    ]
    rules = MatchSettings(
        max_timezone_difference=6, excluded_pairs={("excluded", "sw")}
    )
    result = propose(mentees, mentors, rules)
    [pair] = result.pairs
    assert pair.mentee_id in ("a", "b") and pair.mentor_id == "en"
    other = "b" if pair.mentee_id == "a" else "a"
    assert result.unmatched == {
        "lonely": "no_shared_language",
        "insider": "no_cross_organisation_mentor",
        "far": "timezone_limit",
        "late": "no_mentor_with_capacity",
        "excluded": "all_candidates_excluded",
        other: "outscored",
    }


def test_proposals_per_mentee_rounds(cohort):
    mentees, mentors = cohort
    result = propose(mentees, mentors, MatchSettings(proposals_per_mentee=2))
    ranks = Counter(p.rank for p in result.pairs)
    assert set(ranks) == {1, 2}
    by_mentee = {}
    for pair in result.pairs:
        by_mentee.setdefault(pair.mentee_id, []).append(pair.mentor_id)
    assert all(len(set(v)) == len(v) for v in by_mentee.values())


def test_repropose_moves_only_freed_mentees(run, cohort):
    result, rules = run
    mentees, mentors = cohort
    rejected = [(p.mentee_id, p.mentor_id) for p in result.pairs[::10]]
    again = repropose(result, rejected, mentees)
    before = {(p.mentee_id, p.mentor_id) for p in result.pairs}
    after = {(p.mentee_id, p.mentor_id) for p in again.pairs}
    assert before - set(rejected) <= after
    freed = {a for a, _ in rejected} | set(result.unmatched)
    assert {a for a, _ in after - before} <= freed
    assert not after & set(rejected)
    assert again.stats["moved"] == len(freed)
    capacity = {m.id: m.capacity for m in mentors}
    for mentor_id, load in Counter(p.mentor_id for p in again.pairs).items():
        assert load <= capacity[mentor_id]


def test_suggest_matches_brute_force(run, cohort):
    result, rules = run
    mentees, mentors = cohort
    index = result.index
    features = index.vectorizer.transform(mentees)
    arrays = cohort_arrays(mentees, mentors, rules)
    allowed = dense_allowed(arrays, rules)
    for i in (0, 3, 17, 42):
        top = suggest(mentees[i], index, k=7)
        scores = np.where(allowed[i], features[i] @ index.features.T, -np.inf)
        expected = np.argsort(-scores, kind="stable")[: len(top)]
        assert [p.mentor_id for p in top] == [mentors[j].id for j in expected]
        assert all(np.isfinite(scores[expected]))
        assert [p.score for p in top] == pytest.approx(scores[expected], abs=1e-5)


def test_suggest_without_index(cohort):
    mentees, mentors = cohort
    top = suggest(mentees[0], mentors[:40], k=3)
    assert 0 < len(top) <= 3
    with pytest.raises(TypeError):
        suggest(mentors[0], mentors, k=3)
