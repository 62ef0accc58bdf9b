"""Builders for the matching-flow tests, now in `tests/factories.py` (one copy).

Kept so that `from .flow import ...` goes on working; new tests import the factories.
"""

from ..factories import (  # noqa: F401
    PROFILE,
    enrol,
    make_mentorship,
    make_programme,
    released_proposal,
)
