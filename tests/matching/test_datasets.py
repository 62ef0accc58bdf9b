from collections import Counter

from matching import MenteeProfile, MentorProfile
from matching.datasets import make_profiles
from matching.vocabulary import COMMODITIES, DISCIPLINES, REGIONS, TAGS


def test_sizes_types_and_ids():
    mentees, mentors = make_profiles(50, 20, random_state=1)
    assert len(mentees) == 50 and len(mentors) == 20
    assert all(isinstance(m, MenteeProfile) for m in mentees)
    assert all(isinstance(m, MentorProfile) for m in mentors)
    assert [m.id for m in mentees] == list(range(50))


def test_deterministic_for_a_fixed_random_state():
    assert make_profiles(30, 10, random_state=3) == make_profiles(
        30, 10, random_state=3
    )
    assert make_profiles(30, 10, random_state=3) != make_profiles(
        30, 10, random_state=4
    )


def test_realistic_cohort(cohort):
    mentees, mentors = cohort
    people = mentees + mentors
    sizes = Counter(p.organisation_id for p in people).most_common()
    assert sizes[0][1] >= 5 * sizes[-1][1]
    assert len({lang for p in people for lang in p.languages}) >= 5
    assert {p.region for p in people} <= set(REGIONS)
    assert {t for p in people for t in p.tags} <= set(TAGS)
    assert {p.discipline for p in people} <= set(DISCIPLINES)
    assert {p.commodity for p in people} <= set(COMMODITIES)
    assert any(p.text == "" for p in people)
    assert any(p.text and not p.text.isascii() for p in people)
    assert all(m.capacity >= 1 for m in mentors)
