"""Certify the matched count: no feasible pair outside the graph can raise it.

The flow on the candidate graph matches as many mentees as that graph allows.
Mentees and mentors reachable from an unmatched mentee by alternating paths
(any candidate pair forward, a matched pair back) are computed on the graph.
By König's theorem the matching is maximum on the *full* problem unless some
feasible pair joins a reachable mentee to an unreachable mentor with capacity:
the unreachable mentees plus the reachable mentors then cover every feasible
pair, and their weight is the matched count. So only that rectangle is scanned,
block by block as the pricing step does; its pairs are added and the flow
re-solved until the rectangle holds none.
"""

import numpy as np

from .similarity import map_blocks, spread, top_k

PAIRS_PER_MENTEE = 4
"""Pairs added per reachable mentee and round (the best, ties spread)."""
MAX_ROUNDS = 100
TIE_SCALE = 1e-3
"""Scores closer than this may be picked in either order."""


def reachable(graph, mentor_of):
    """Mentees and mentors reachable by alternating paths from unmatched mentees.

    Parameters
    ----------
    graph : scipy.sparse.csr_array, shape (n_mentees, n_mentors)
        Candidate pairs.
    mentor_of : ndarray of int64, shape (n_mentees,)
        A maximum matching of ``graph`` (-1 for unmatched).

    Returns
    -------
    mentees, mentors : ndarray of bool
    """
    n_mentees, n_mentors = graph.shape
    seen_a = mentor_of < 0
    seen_m = np.zeros(n_mentors, dtype=bool)
    matched = np.flatnonzero(mentor_of >= 0)
    order = matched[np.argsort(mentor_of[matched], kind="stable")]
    first = np.searchsorted(mentor_of[order], np.arange(n_mentors + 1))
    frontier = np.flatnonzero(seen_a)
    indptr, indices = graph.indptr, graph.indices
    while frontier.size:
        lens = indptr[frontier + 1] - indptr[frontier]
        start = np.repeat(indptr[frontier] - np.cumsum(lens) + lens, lens)
        cols = np.unique(indices[start + np.arange(lens.sum())])
        cols = cols[~seen_m[cols]]
        seen_m[cols] = True
        lo, hi = first[cols], first[cols + 1]
        span = hi - lo
        back = order[
            np.repeat(lo - np.cumsum(span) + span, span) + np.arange(span.sum())
        ]
        frontier = back[~seen_a[back]]
        seen_a[frontier] = True
    return seen_a, seen_m


def augmenting_pairs(A, B, cohort, settings, graph, mentor_of, capacity):
    """Feasible pairs outside ``graph`` that could raise the matched count.

    Returns
    -------
    rows, cols : ndarray of int64
    values : ndarray of float32
        Their scores; empty when the matched count is certified maximal.
    """
    seen_a, seen_m = reachable(graph, mentor_of)
    rows = np.flatnonzero(seen_a)
    cols = np.flatnonzero(~seen_m & (capacity > 0))
    if not rows.size or not cols.size:
        return _empty()
    k = min(PAIRS_PER_MENTEE, settings.candidates_per_mentee)
    found = []

    def select(block_rows, block_cols, scores):
        n_cols = len(block_cols)
        ties = spread(block_rows, block_cols, TIE_SCALE)
        scores[:, :n_cols] += ties
        local, _ = top_k(scores, k)
        r, slot = np.nonzero(local >= 0)
        c = local[r, slot]
        values = scores[r, c] - ties[r, c]
        found.append((block_rows[r], block_cols[c], values))

    map_blocks(select, A, B, cohort, settings, rows, cols)
    if not found:
        return _empty()
    return tuple(np.concatenate(part) for part in zip(*found, strict=True))


def _empty():
    return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
