"""The one door between the web application and the `matching` library.

No other module of `mentorship/` imports `matching` (a test enforces it): what the
application needs of the library (its vocabularies' codes, its criteria and default
weights, its reason codes, its profile and settings types, `propose` and its version)
is named here. `services.py` translates rows to these types and back.
"""

import matching
from matching import vocabulary
from matching.constraints import UNMATCHED_REASONS
from matching.explain import REASON_CRITERION
from matching.profiles import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    MatchSettings,
    MenteeProfile,
    MentorProfile,
)

LIBRARY_VERSION = matching.__version__


# The engine (scikit-learn) is imported on the first run, not at a worker's start.
def propose(*args, **kwargs):
    """`matching.propose`."""
    return matching.propose(*args, **kwargs)


def rank_pairs(*args, **kwargs):
    """`matching.rank_pairs` (organisations' introductions: partnerships)."""
    return matching.rank_pairs(*args, **kwargs)


__all__ = [
    "CRITERIA",
    "DEFAULT_WEIGHTS",
    "LIBRARY_VERSION",
    "REASON_CRITERION",
    "UNMATCHED_REASONS",
    "MatchSettings",
    "MenteeProfile",
    "MentorProfile",
    "propose",
    "rank_pairs",
    "vocabulary",
]
