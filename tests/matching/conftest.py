"""Fixtures of the matching library's tests (no Flask here)."""

import pytest

from matching.datasets import make_profiles


@pytest.fixture(scope="session")
def cohort():
    """A small synthetic cohort: 300 mentees, 150 mentors."""
    return make_profiles(300, 150, random_state=7)
