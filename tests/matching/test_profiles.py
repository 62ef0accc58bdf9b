import dataclasses

import pytest

from matching import CRITERIA, MatchSettings, MenteeProfile, MentorProfile
from matching.profiles import cohort_arrays


def test_profiles_are_frozen_and_coerce_sequences():
    mentee = MenteeProfile(id=1, organisation_id="a", tags=["esg"], languages="fr")
    assert mentee.tags == ("esg",)
    assert mentee.languages == ("fr",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mentee.goals = "x"


@pytest.mark.parametrize(
    "kwargs", [{"career_stage": "guru"}, {"utc_offset": 15}, {"utc_offset": -13}]
)
def test_profiles_reject_invalid_values(kwargs):
    with pytest.raises(ValueError):
        MentorProfile(id=1, organisation_id=1, **kwargs)


def test_settings_weights_are_normalised():
    weights = MatchSettings(weights={"tags": 3.0}).resolved_weights()
    assert list(weights) == list(CRITERIA)
    assert sum(weights.values()) == pytest.approx(1.0)
    assert weights["tags"] > 0.5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weights": {"beauty": 1.0}},
        {"weights": {c: 0.0 for c in CRITERIA}},
        {"proposals_per_mentee": 0},
        {"candidates_per_mentee": 0},
    ],
)
def test_settings_reject_invalid_values(kwargs):
    with pytest.raises(ValueError):
        MatchSettings(**kwargs).resolved_weights()


def test_cohort_arrays_capacity_and_exclusions():
    mentees = [MenteeProfile(id="m1", organisation_id=1)]
    mentors = [
        MentorProfile(id="x", organisation_id=2, capacity=2),
        MentorProfile(id="y", organisation_id=3, capacity=1),
    ]
    settings = MatchSettings(
        excluded_pairs={("m1", "y"), ("ghost", "x")}, committed_capacity={"x": 1}
    )
    arrays = cohort_arrays(mentees, mentors, settings)
    assert arrays.capacity.tolist() == [1, 1]
    assert arrays.excluded.tolist() == [[0, 1]]
    assert arrays.mentee_org[0] not in arrays.mentor_org


def test_cohort_arrays_rejects_duplicate_ids():
    mentors = [MentorProfile(id=1, organisation_id=1)] * 2
    with pytest.raises(ValueError, match="unique"):
        cohort_arrays([], mentors, MatchSettings())
