"""Per-pair contributions as reason codes (translated by the web layer).

A pair's score is ``A[i] @ B[j]``; its contribution from a criterion is the same
product restricted to that criterion's block, so the contributions of all
criteria sum to the score exactly.
"""

from dataclasses import dataclass

import numpy as np

from .constraints import timezone_gap
from .profiles import CRITERIA
from .vocabulary import CAREER_STAGES

REASON_CODES = {
    "language": "shared_language",
    "tags": "tag_overlap",
    "text": "text_similarity",
    "discipline": "discipline_match",
    "commodity": "commodity_match",
    "operation": "operation_match",
    "career_stage": "career_stage_gap",
    "region": "same_region",
    "timezone": "timezone_gap_hours",
    "availability": "availability_fit",
}
"""Stable reason code of each criterion."""

REASON_CRITERION = {code: c for c, code in REASON_CODES.items()} | {
    "different_region": "region",
}
"""Criterion behind every reason code (``different_region`` is the region block
when the mentee asked for a mentor from another region)."""

NEUTRAL = {
    "language": 0.5,  # any shared language: the hard rule, no reason by itself
    "text": 0.6,  # (1 + cosine) / 2: texts with a cosine of 0.2 or less
    "region": 0.5,  # no region preference
    "timezone": 0.5,  # six hours apart or more
    "career_stage": 0.2,  # the same stage
}
"""Similarity at or below which a criterion is not given as a reason (default 0)."""


_UNKNOWN = ("unknown", "")


@dataclass(frozen=True, slots=True)
class Reason:
    """One criterion behind a proposal.

    ``code`` is a key of :data:`REASON_CODES`' values, ``value`` a plain str, int or
    float (``"fr"``, ``"mine_closure"``, ``5``) and ``contribution`` its share of
    the score.
    """

    code: str
    value: str | int | float
    contribution: float


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed pair.

    ``reasons`` lists the top contributing criteria, largest first;
    ``contributions`` holds every criterion's contribution in the order of
    :data:`REASON_CODES` and sums to ``score``. ``rank`` is the proposal round
    (1 for the optimal assignment).
    """

    mentee_id: object
    mentor_id: object
    score: float
    reasons: tuple
    contributions: tuple
    rank: int = 1

    @property
    def breakdown(self):
        """Contribution of every criterion, by reason code."""
        return dict(zip(REASON_CODES.values(), self.contributions, strict=True))


def contributions(A, B, rows, cols, blocks, chunk=32768):
    """Per-criterion contributions of pairs ``(rows[t], cols[t])``.

    Parameters
    ----------
    A : ndarray of float32, shape (n_mentees, n_features)
    B : ndarray of float32, shape (n_mentors, n_features)
    rows, cols : ndarray of int, shape (n_pairs,)
    blocks : dict of str to slice
        Columns of each criterion (``ProfileVectorizer.blocks_``).
    chunk : int, default=32768
        Pairs processed at once.

    Returns
    -------
    ndarray of float64, shape (n_pairs, n_criteria)
        Columns in the order of :data:`~matching.profiles.CRITERIA`; rows sum to
        the pairs' scores.
    """
    nonempty = [i for i, c in enumerate(CRITERIA) if blocks[c].stop > blocks[c].start]
    starts = [blocks[CRITERIA[i]].start for i in nonempty]
    out = np.zeros((len(rows), len(CRITERIA)), dtype=np.float64)
    for a in range(0, len(rows), chunk):
        product = A[rows[a : a + chunk]].astype(np.float64)
        product *= B[cols[a : a + chunk]]
        out[a : a + chunk, nonempty] = np.add.reduceat(product, starts, axis=1)
    return out


def _value(criterion, mentee, mentor, similarity):
    if criterion == "language":
        return next((x for x in mentee.languages if x in mentor.languages), "")
    if criterion == "tags":
        return ",".join(t for t in mentee.tags if t in mentor.tags)
    if criterion == "text":
        return round(2 * float(similarity) - 1, 2)
    if criterion in ("discipline", "commodity"):
        return getattr(mentee, criterion)
    if criterion == "operation":
        return mentee.operation_type
    if criterion == "career_stage":
        stages = (mentee.career_stage, mentor.career_stage)
        if None in stages:
            return "unknown"
        return CAREER_STAGES.index(stages[1]) - CAREER_STAGES.index(stages[0])
    if criterion == "region":
        return mentor.region or "unknown"
    if criterion == "timezone":
        gap = float(timezone_gap(mentee.utc_offset, mentor.utc_offset))
        # to the minute: the reader is shown half hours, or minutes under an hour
        gap = round(gap * 60) / 60
        return int(gap) if gap.is_integer() else round(gap, 4)
    return int(mentor.availability_hours)


def _code(criterion, mentee):
    if criterion == "region" and mentee.region_preference == "different":
        return "different_region"
    return REASON_CODES[criterion]


def _top_reasons(parts, weights, max_reasons):
    """Criteria indices to list per pair, shape (n_pairs, max_reasons), -1 padded."""
    w = np.array([weights[c] for c in CRITERIA])
    neutral = np.array([NEUTRAL.get(c, 0.0) for c in CRITERIA])
    with np.errstate(divide="ignore", invalid="ignore"):
        similarity = np.where(w > 0, parts / w, 0)
    eligible = (similarity > neutral + 1e-6) & (parts > 0)
    order = np.argsort(np.where(eligible, -parts, np.inf), axis=1, kind="stable")
    order = order[:, :max_reasons]
    return np.where(np.take_along_axis(eligible, order, 1), order, -1), similarity


def proposals(mentees, mentors, rows, cols, parts, weights, max_reasons, rank=1):
    """Build :class:`Proposal` objects for pairs ``(rows[t], cols[t])``.

    Parameters
    ----------
    mentees, mentors : sequence of profiles
    rows, cols : ndarray of int, shape (n_pairs,)
        Indices into ``mentees`` and ``mentors``.
    parts : ndarray of float64, shape (n_pairs, n_criteria)
        Output of :func:`contributions`.
    weights : dict of str to float
        Normalised criterion weights.
    max_reasons : int
    rank : int, default=1

    Returns
    -------
    list of Proposal
    """
    listed, similarity = _top_reasons(parts, weights, max_reasons)
    out = []
    for t, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        mentee, mentor = mentees[i], mentors[j]
        reasons = tuple(
            Reason(_code(CRITERIA[c], mentee), value, float(parts[t, c]))
            for c in listed[t].tolist()
            if c >= 0
            and (value := _value(CRITERIA[c], mentee, mentor, similarity[t, c]))
            not in _UNKNOWN
        )
        row = parts[t].tolist()
        out.append(Proposal(mentee.id, mentor.id, sum(row), reasons, tuple(row), rank))
    return out
