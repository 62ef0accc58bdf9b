"""The matching pipeline: :func:`propose` and :func:`repropose`."""

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .assignment import assign, total_score
from .certify import MAX_ROUNDS as MAX_CERTIFY_ROUNDS
from .certify import augmenting_pairs
from .constraints import unmatched_reasons
from .explain import contributions, proposals
from .features import ProfileVectorizer
from .mentor_index import MentorIndex
from .profiles import (
    MatchSettings,
    MenteeProfile,
    MentorProfile,
    check_profiles,
    cohort_arrays,
)
from .similarity import candidate_graph, merge, price_out

_METHODS = ("flow", "greedy")
MAX_PRICING_ROUNDS = 50
SHORT_PRICING_ROUNDS = 8
"""At most this many rounds of pricing on short mentors (the default's quality
step); :data:`PRICING_GAIN` usually stops it after one or two."""
PRICING_GAIN = 1e-4
"""A pricing round that raised the total score by less than this share is the
last one."""


@dataclass(frozen=True, eq=False)
class MatchResult:
    """Outcome of a matching run.

    Attributes
    ----------
    pairs : list of Proposal
        Proposed pairs (rank 1 first, then later rounds).
    unmatched : dict
        Mentee id to a reason code of
        :data:`~matching.constraints.UNMATCHED_REASONS`.
    stats : dict
        ``seconds`` per stage and in total, sizes, candidate pairs, pricing
        rounds, matched count and total score of rank 1.
    settings : MatchSettings
        Settings of the run.
    index : MentorIndex
        The fitted mentor pool, for :func:`~matching.suggest` and
        :func:`repropose`.
    rejected : frozenset of (mentee_id, mentor_id)
        Every pair rejected in this run's :func:`repropose` chain; the next
        ``repropose`` keeps them excluded.
    """

    pairs: list
    unmatched: dict
    stats: dict
    settings: MatchSettings
    index: MentorIndex | None = field(default=None, repr=False)
    rejected: frozenset = frozenset()


class _Stages:
    def __init__(self):
        self.seconds = {}
        self.start = time.perf_counter()

    @contextmanager
    def __call__(self, name):
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed

    def total(self):
        return {**self.seconds, "total": time.perf_counter() - self.start}


def _check(mentees, mentors, settings, method):
    check_profiles(mentees, MenteeProfile)
    check_profiles(mentors, MentorProfile)
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    return settings or MatchSettings()


def propose(
    mentees, mentors, settings=None, *, exact=False, method="flow", random_state=0
):
    """Propose mentor-mentee pairs with reasons.

    Parameters
    ----------
    mentees : sequence of MenteeProfile, length n_mentees
    mentors : sequence of MentorProfile, length n_mentors
    settings : MatchSettings, optional
    exact : bool, default=False
        Prove optimality: rescan every feasible pair for a positive reduced cost
        against the assignment's dual prices, add those pairs and re-solve until
        none is left. The result then equals the optimum of the full problem.
    method : {"flow", "greedy"}, default="flow"
        Exact min-cost flow on the candidate graph, or the greedy baseline.
    random_state : int, RandomState instance or None, default=0
        Seeds the text model; a fixed value gives identical runs.

    Returns
    -------
    MatchResult
    """
    settings = _check(mentees, mentors, settings, method)
    stages = _Stages()
    with stages("features"):
        vectorizer = ProfileVectorizer.from_settings(settings, random_state)
        features = vectorizer.fit_transform(list(mentees) + list(mentors))
        index = MentorIndex(vectorizer, mentors, features[len(mentees) :], settings)
    pairs, unmatched, stats = _match(
        mentees, index, features[: len(mentees)], settings, exact, method, stages
    )
    stats["seconds"] = stages.total()
    return MatchResult(pairs, unmatched, stats, settings, index)


def _match(mentees, index, A, settings, exact, method, stages, extra_excluded=()):
    mentors, B = index.mentors, index.features
    with stages("constraints"):
        cohort = cohort_arrays(mentees, mentors, settings, extra_excluded)
    with stages("candidates"):
        graph, short = candidate_graph(A, B, cohort, settings, return_short=True)
    stats = {
        "n_mentees": len(mentees),
        "n_mentors": len(mentors),
        "candidate_pairs": int(graph.nnz),
        "pricing_rounds": 0,
        "certify_rounds": 0,
    }
    with stages("assignment"):
        rounds = _rounds(
            A, B, cohort, settings, (graph, short), exact, method, stats, stages
        )
    # pricing and certification run inside the assignment stage; report apart
    for inner in ("pricing", "certify"):
        stages.seconds["assignment"] -= stages.seconds.get(inner, 0.0)
    with stages("explain"):
        pairs = _explain(mentees, index, A, rounds, settings)
        first = rounds[0][0] if rounds else np.zeros(0, np.int64)
        missing = np.setdiff1d(np.arange(len(mentees)), first)
        remaining = cohort.capacity.copy()
        if rounds:
            remaining -= np.bincount(rounds[0][1], minlength=len(remaining))
        codes = unmatched_reasons(cohort, settings, missing, remaining)
        unmatched = {cohort.mentee_ids[i]: code for i, code in codes.items()}
    primary = [p for p in pairs if p.rank == 1]
    stats.update(matched=len(primary), total_score=sum(p.score for p in primary))
    stats["unmatched_reasons"] = dict(Counter(unmatched.values()))
    return pairs, unmatched, stats


def _solve_exact(A, B, cohort, settings, graph, stats, stages):
    for _ in range(MAX_PRICING_ROUNDS):
        duals = assign(graph, cohort.capacity, return_duals=True)
        with stages("pricing"):
            rows, cols, values = price_out(A, B, cohort, settings, duals, graph)
        stats["pricing_rounds"] += 1
        if not len(rows):
            return duals.mentor_of, graph
        graph = merge(graph, rows, cols, values)
        stats["candidate_pairs"] = int(graph.nnz)
    raise RuntimeError(f"no proof of optimality after {MAX_PRICING_ROUNDS} rounds")


def _solve_default(A, B, cohort, settings, graphs, stats, stages):
    """Flow on the candidate graph, grown until the matched count is certified.

    Each round solves once, then (1) adds the feasible pairs that could raise
    the matched count (:mod:`matching.certify`) and, once there are none, (2)
    prices the columns of the mentors the mentees' own lists left short, and of
    those with places to spare, against the dual prices. Nobody lists a blank or
    unusual mentor among her best, so which mentees she should take is a global
    question the top-k lists cannot answer; her column is cheap to price
    exactly. Pricing stops when a round gained less than :data:`PRICING_GAIN`
    of the total score, or after :data:`SHORT_PRICING_ROUNDS` rounds.
    """
    graph, short = graphs
    pricing, priced_total = 0, None
    for _ in range(MAX_CERTIFY_ROUNDS + SHORT_PRICING_ROUNDS):
        want_duals = bool(short.size) and pricing < SHORT_PRICING_ROUNDS
        solved = assign(graph, cohort.capacity, return_duals=want_duals)
        mentor_of = solved.mentor_of if want_duals else solved
        with stages("certify"):
            rows, cols, values = augmenting_pairs(
                A, B, cohort, settings, graph, mentor_of, cohort.capacity
            )
        stats["certify_rounds"] += 1
        if not len(rows):
            if not want_duals:
                return mentor_of, graph
            total = total_score(graph, mentor_of)
            if priced_total is not None and total - priced_total < PRICING_GAIN * total:
                return mentor_of, graph
            with stages("pricing"):
                rows, cols, values = _price_short(
                    A, B, cohort, settings, (solved, graph, short)
                )
            stats["pricing_rounds"] += 1
            pricing, priced_total = pricing + 1, total
            if not len(rows):
                return mentor_of, graph
        graph = merge(graph, rows, cols, values)
        stats["candidate_pairs"] = int(graph.nnz)
    raise RuntimeError("matched count not certified")


def _price_short(A, B, cohort, settings, state):
    """Violating pairs in the columns of short and spare mentors, and in the
    rows of the mentees they took or who are left out (whose low price makes
    every other mentor worth a look)."""
    duals, graph, short = state
    mentor_of = duals.mentor_of
    columns = np.union1d(short, _spare(mentor_of, cohort.capacity))
    taken = np.zeros(len(cohort.capacity) + 1, dtype=bool)
    taken[short] = True
    rows = np.flatnonzero(taken[mentor_of])  # mentor_of = -1 reads the last
    found = [
        price_out(A, B, cohort, settings, duals, graph, cols=columns),
        price_out(A, B, cohort, settings, duals, graph, rows=rows),
    ]
    rows, cols, values = (np.concatenate(p) for p in zip(*found, strict=True))
    keys = rows * len(cohort.capacity) + cols
    _, first = np.unique(keys, return_index=True)
    return rows[first], cols[first], values[first]


def _spare(mentor_of, capacity):
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=len(capacity))
    return np.flatnonzero(load < capacity)


def _rounds(A, B, cohort, settings, graphs, exact, method, stats, stages):
    """Assignment rounds: (mentee rows, mentor cols) of rank 1, 2, ..."""
    graph, short = graphs
    capacity = cohort.capacity.copy()
    rounds = []
    for rank in range(1, settings.proposals_per_mentee + 1):
        if rank == 1 and exact and method == "flow":
            mentor_of, graph = _solve_exact(
                A, B, cohort, settings, graph, stats, stages
            )
        elif rank == 1 and method == "flow":
            mentor_of, graph = _solve_default(
                A, B, cohort, settings, (graph, short), stats, stages
            )
        else:
            mentor_of = assign(graph, capacity, method=method)
        rows = np.flatnonzero(mentor_of >= 0)
        if not rows.size:
            break
        rounds.append((rows, mentor_of[rows]))
        capacity -= np.bincount(mentor_of[rows], minlength=len(capacity))
        graph = _without(graph, rows, mentor_of[rows])
    return rounds


def _without(graph, rows, cols):
    coo = graph.tocoo()
    taken = np.zeros(graph.shape[0], dtype=np.int64) - 1
    taken[rows] = cols
    keep = taken[coo.row] != coo.col
    return sparse.coo_array(
        (coo.data[keep], (coo.row[keep], coo.col[keep])), shape=graph.shape
    ).tocsr()


def _explain(mentees, index, A, rounds, settings):
    vectorizer = index.vectorizer
    pairs = []
    for rank, (rows, cols) in enumerate(rounds, start=1):
        parts = contributions(A, index.features, rows, cols, vectorizer.blocks_)
        pairs += proposals(
            mentees, index.mentors, rows, cols, parts, vectorizer.weights_,
            settings.max_reasons, rank,
        )  # fmt: skip
    return pairs


def repropose(
    previous,
    rejected_pairs,
    mentees,
    mentors=None,
    settings=None,
    *,
    exact=False,
    method="flow",
):
    """Re-solve after rejections: only the freed mentees move.

    Pairs not rejected stay as they are and keep their mentor's slot; mentees who
    lost all their proposals, and those unmatched before, are scored against the
    mentors' remaining capacity, with the rejected pairs excluded.

    Parameters
    ----------
    previous : MatchResult
        The run being revised (its fitted index is reused).
    rejected_pairs : iterable of (mentee_id, mentor_id)
    mentees : sequence of MenteeProfile
        The cohort's mentees (at least every mentee who moves).
    mentors : sequence of MentorProfile, optional
        The mentor pool; defaults to the previous run's. A different pool is
        re-indexed.
    settings : MatchSettings, optional
        Defaults to the previous run's.
    exact, method
        As in :func:`propose`.

    Returns
    -------
    MatchResult
        Kept pairs followed by the new ones; ``unmatched`` covers the movers.
    """
    settings = settings or previous.settings
    index = previous.index
    if mentors is not None and [m.id for m in mentors] != [m.id for m in index.mentors]:
        index = MentorIndex.build(mentors, settings, mentees)
    settings = _check(mentees, index.mentors, settings, method)
    stages = _Stages()
    # every earlier rejection of the chain stays excluded, not only the last ones
    rejected = previous.rejected | {tuple(pair) for pair in rejected_pairs}
    kept = [p for p in previous.pairs if (p.mentee_id, p.mentor_id) not in rejected]
    staying = {p.mentee_id for p in kept}
    movers = [m for m in mentees if m.id not in staying]
    committed = Counter(dict(settings.committed_capacity or {}))
    committed.update(p.mentor_id for p in kept)
    moving_settings = settings.replace(committed_capacity=dict(committed))
    with stages("features"):
        A = index.vectorizer.transform(movers)
    pairs, unmatched, stats = _match(
        movers, index, A, moving_settings, exact, method, stages, rejected
    )
    stats.update(kept=len(kept), moved=len(movers))
    stats["seconds"] = stages.total()
    return MatchResult(kept + pairs, unmatched, stats, settings, index, rejected)
