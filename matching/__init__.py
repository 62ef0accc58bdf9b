"""Cross-organisation mentor matching: profiles in, proposals with reasons out.

A pure library (numpy, scipy, scikit-learn, OR-tools); it knows nothing of the web.

>>> from matching import propose, MatchSettings
>>> from matching.datasets import make_profiles
>>> mentees, mentors = make_profiles(200, 100, random_state=0)
>>> result = propose(mentees, mentors, MatchSettings())
>>> len(result.pairs) + len(result.unmatched) == len(mentees)
True
"""

import importlib

# Each name is imported from its module when first asked for (PEP 562): a program
# that needs only the vocabulary or the profiles (the web app, at every worker's
# start) does not pay for scikit-learn's import.
_HOME = {
    "UNMATCHED_REASONS": "constraints",
    "REASON_CODES": "explain",
    "Proposal": "explain",
    "Reason": "explain",
    "ProfileVectorizer": "features",
    "ScoredPair": "pairs",
    "rank_pairs": "pairs",
    "MatchResult": "pipeline",
    "propose": "pipeline",
    "repropose": "pipeline",
    "CRITERIA": "profiles",
    "MatchSettings": "profiles",
    "MenteeProfile": "profiles",
    "MentorProfile": "profiles",
    "MentorIndex": "mentor_index",
    "suggest": "mentor_index",
}


def __getattr__(name):
    if name in _HOME:
        value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_HOME])


__version__ = "1.1.0"

__all__ = [
    "CRITERIA",
    "REASON_CODES",
    "UNMATCHED_REASONS",
    "MatchResult",
    "MatchSettings",
    "MenteeProfile",
    "MentorIndex",
    "MentorProfile",
    "ProfileVectorizer",
    "Proposal",
    "Reason",
    "ScoredPair",
    "propose",
    "rank_pairs",
    "repropose",
    "suggest",
]
