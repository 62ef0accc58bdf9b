"""Cross-organisation mentor matching: profiles in, proposals with reasons out.

A pure library (numpy, scipy, scikit-learn, OR-tools); it knows nothing of the web.

>>> from matching import propose, MatchSettings
>>> from matching.datasets import make_profiles
>>> mentees, mentors = make_profiles(200, 100, random_state=0)
>>> result = propose(mentees, mentors, MatchSettings())
>>> len(result.pairs) + len(result.unmatched) == len(mentees)
True
"""

from .constraints import UNMATCHED_REASONS
from .explain import REASON_CODES, Proposal, Reason
from .features import ProfileVectorizer
from .pairs import ScoredPair, rank_pairs
from .pipeline import MatchResult, propose, repropose
from .profiles import CRITERIA, MatchSettings, MenteeProfile, MentorProfile
from .suggest import MentorIndex, suggest

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
