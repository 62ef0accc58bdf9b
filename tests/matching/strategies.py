"""Hypothesis strategies for small random cohorts."""

from hypothesis import strategies as st

from matching import MatchSettings, MenteeProfile, MentorProfile

LANGUAGES = ("en", "fr", "es", "sw")
OFFSETS = (-8, -5, -3, 0, 1, 3, 5.5, 8, 10)
TAGS = ("geology", "esg", "mine_closure", "finance", "leadership")
WORDS = ("géologie", "geology", "finance", "closure", "leadership", "\U0001f642", "")
STAGES = (None, "student", "early_career", "mid_career", "senior", "executive")


def _common(draw, role, i):
    return dict(
        id=f"{role}{i}",
        organisation_id=draw(st.integers(0, 3)),
        tags=draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
        languages=draw(st.lists(st.sampled_from(LANGUAGES), max_size=2, unique=True)),
        utc_offset=draw(st.sampled_from(OFFSETS)),
        career_stage=draw(st.sampled_from(STAGES)),
        region=draw(st.sampled_from((None, "africa", "europe"))),
        discipline=draw(st.sampled_from((None, "geology", "finance"))),
        availability_hours=draw(st.integers(0, 12)),
    )


def _text(draw):
    return " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=4)))


@st.composite
def cohorts(draw, max_mentees=14, max_mentors=8):
    """(mentees, mentors, settings) with hard rules and exclusions in play."""
    n_mentees = draw(st.integers(1, max_mentees))
    n_mentors = draw(st.integers(1, max_mentors))
    mentees = [
        MenteeProfile(
            **_common(draw, "e", i),
            goals=_text(draw),
            region_preference=draw(st.sampled_from((None, "same", "different"))),
        )
        for i in range(n_mentees)
    ]
    mentors = [
        MentorProfile(
            **_common(draw, "r", j),
            expertise=_text(draw),
            capacity=draw(st.integers(0, 3)),
        )
        for j in range(n_mentors)
    ]
    pairs = [(m.id, r.id) for m in mentees for r in mentors]
    settings = MatchSettings(
        cross_organisation=draw(st.booleans()),
        max_timezone_difference=draw(st.sampled_from((None, 3.0, 6.0))),
        excluded_pairs=draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 3)),
        committed_capacity={r.id: draw(st.integers(0, 2)) for r in mentors[:2]},
        proposals_per_mentee=draw(st.integers(1, 2)),
        candidates_per_mentee=draw(st.integers(1, 4)),
        candidates_per_mentor=draw(st.integers(1, 3)),
    )
    return mentees, mentors, settings
