"""Capacity-aware maximum-weight bipartite b-matching of mentees to mentors.

The objective is lexicographic: first the number of matched mentees, then the
total score, exactly on the graph of allowed pairs the caller supplies.
``assign(method="flow")`` uses OR-tools' ``solve_max_flow_with_min_cost`` (the
maximum flow, then the minimum cost among maximum flows: exactly that order) on
scores rounded to ``1 / SCALE``; ``return_duals=True`` adds LP prices that let a
sparse pipeline prove left-out pairs useless (:class:`FlowResult`).
``method="greedy"`` is an instant baseline and :func:`dense_assign` the
slot-expanded Hungarian baseline for benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow
from scipy.optimize import linear_sum_assignment

__all__ = [
    "PRICE_TOL",
    "SCALE",
    "FlowResult",
    "assign",
    "dense_assign",
    "matched_count",
    "total_score",
]

SCALE = 1_000_000
"""Scores are turned into integer arc costs ``round(SCALE * s)``."""

PRICE_TOL = 1e-6
"""Per-pair tolerance of the dual certificate (rounding is at most 0.5/SCALE)."""

# Similarity code may produce 1 + a few ulps; that still rounds to SCALE.
_SCORE_SLACK = 1e-9
_METHODS = ("flow", "greedy")


@dataclass(frozen=True, eq=False)
class FlowResult:
    """Optimal assignment plus an optimal LP dual solution (prices).

    Let ``w_ij = bonus + s_ij`` for every allowed pair. Because ``bonus`` exceeds
    ``n_mentees * max score``, a maximum-weight b-matching under ``w`` is exactly
    the lexicographic optimum (most mentees, then highest total score). The
    prices solve the dual of the b-matching LP
    ``max sum w_ij x_ij  s.t.  sum_j x_ij <= 1,  sum_i x_ij <= capacity_j,
    x >= 0`` on the graph that was solved:

    * ``mentee_price >= 0`` and ``mentor_price >= 0``;
    * ``mentee_price[i] + mentor_price[j] >= w_ij - PRICE_TOL`` on every edge;
    * complementary slackness: matched pairs are tight (within ``PRICE_TOL``),
      a mentee with a positive price is matched, a mentor with a positive price
      is full.

    Hence a pair ``(i, j)`` outside the solved graph can improve the optimum
    only if ``bonus + s_ij > mentee_price[i] + mentor_price[j] + PRICE_TOL``.
    If no left-out pair satisfies this, the assignment is optimal on the larger
    graph as well: same count, total within ``2.5 * PRICE_TOL`` per matched pair.
    The prices are exact for the scores rounded to multiples of ``1 / SCALE``;
    ``PRICE_TOL`` covers that rounding (at most ``0.5 / SCALE`` per pair).
    Mentors with zero capacity get price ``bonus + 1`` so no pair with them ever
    prices out; that is still an optimal dual because their term
    ``capacity_j * mentor_price[j]`` is zero.

    Attributes
    ----------
    mentor_of : ndarray of int64, shape (n_mentees,)
        Mentor column index of each mentee, or -1 when unmatched.
    mentee_price : ndarray of float64, shape (n_mentees,)
        Dual value ``u_i`` of each mentee's "at most one mentor" constraint.
    mentor_price : ndarray of float64, shape (n_mentors,)
        Dual value ``v_j`` of each mentor's capacity constraint.
    bonus : float
        Constant added to every score in the dual weights, ``n_mentees + 1``.
    """

    mentor_of: np.ndarray
    mentee_price: np.ndarray
    mentor_price: np.ndarray
    bonus: float


@dataclass(frozen=True)
class _Graph:
    """Allowed pairs restricted to mentees and mentors that can be matched.

    ``mentees`` (A,) and ``mentors`` (M,) map local to original indices;
    ``li``/``lj`` (E,) are local endpoints, ``cost`` (E,) the integer scores and
    ``cap`` (M,) the capacities (clipped to ``n_mentees + 1``).
    """

    mentees: np.ndarray
    mentors: np.ndarray
    li: np.ndarray
    lj: np.ndarray
    cost: np.ndarray
    cap: np.ndarray


def _check_values(values: np.ndarray) -> None:
    if not np.all(np.isfinite(values)):
        raise ValueError("scores must be finite; found NaN or infinity")
    if values.size and values.min() < 0:
        raise ValueError(f"scores must be non-negative; minimum is {values.min()}")
    if values.size and values.max() > 1 + _SCORE_SLACK:
        raise ValueError(f"scores must lie in [0, 1]; maximum is {values.max()}")


def _check_capacity(capacity, n_mentors: int, n_mentees: int) -> np.ndarray:
    cap = np.asarray(capacity)
    if cap.shape != (n_mentors,):
        raise ValueError(
            f"capacity must have shape ({n_mentors},) to match the {n_mentors} "
            f"mentor columns of scores; got shape {cap.shape}"
        )
    integral = cap.dtype.kind in "iu" or (
        cap.dtype.kind == "f" and bool(np.all(np.isfinite(cap) & (cap % 1 == 0)))
    )
    if not integral:
        raise ValueError(f"capacity must hold integers; got dtype {cap.dtype}")
    if cap.size and cap.min() < 0:
        raise ValueError(f"capacity must be >= 0; minimum is {cap.min()}")
    # Slots beyond the number of mentees are never usable. Clipping to one more
    # keeps such capacities slack (price 0) while bounding the flow numbers.
    return np.minimum(cap.astype(np.int64), n_mentees + 1)


def _sparse_edges(scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Canonical (row-major, duplicate-free) stored entries of ``scores``."""
    if not sp.issparse(scores):
        raise TypeError(
            f"scores must be a scipy.sparse matrix or array; got {type(scores)!r}"
        )
    if scores.ndim != 2:
        raise ValueError(f"scores must be 2-D; got {scores.ndim}-D")
    csr = sp.csr_array(scores)
    if not csr.has_canonical_format:
        # Copy first: csr_array() may share buffers with the caller's matrix.
        csr = csr.copy()
        csr.sum_duplicates()
    rows = np.repeat(np.arange(csr.shape[0], dtype=np.int64), np.diff(csr.indptr))
    return rows, csr.indices.astype(np.int64), csr.data.astype(np.float64)


def _prepare(scores, capacity):
    rows, cols, vals = _sparse_edges(scores)
    _check_values(vals)
    n_mentees, n_mentors = scores.shape
    return rows, cols, vals, _check_capacity(capacity, n_mentors, n_mentees)


def _usable(rows, cols, vals, cap):
    """Drop edges to mentors without capacity (skipping the copy when none)."""
    usable = cap[cols] > 0
    if usable.all():
        return rows, cols, vals
    return rows[usable], cols[usable], vals[usable]


def _compact(rows, cols, vals, cap, n_mentees: int, n_mentors: int) -> _Graph:
    """Drop zero-capacity mentors, then mentees and mentors left without edges."""
    rows, cols, vals = _usable(rows, cols, vals, cap)
    mentees = np.flatnonzero(np.bincount(rows, minlength=n_mentees))
    mentors = np.flatnonzero(np.bincount(cols, minlength=n_mentors))
    local_i = np.zeros(n_mentees, dtype=np.int64)
    local_i[mentees] = np.arange(mentees.size)
    local_j = np.zeros(n_mentors, dtype=np.int64)
    local_j[mentors] = np.arange(mentors.size)
    cost = np.rint(vals * SCALE).astype(np.int64)
    return _Graph(mentees, mentors, local_i[rows], local_j[cols], cost, cap[mentors])


def _solve_flow(g: _Graph) -> np.ndarray:
    """Lexicographically optimal b-matching on ``g``.

    Returns
    -------
    ndarray of bool, shape (E,)
        Whether each edge of ``g`` is in the matching.
    """
    n_a, n_m, n_e = g.mentees.size, g.mentors.size, g.li.size
    source, sink = 0, n_a + n_m + 1
    mentee_node = 1 + np.arange(n_a)
    mentor_node = 1 + n_a + np.arange(n_m)
    tails = np.concatenate([np.zeros(n_a, np.int64), 1 + g.li, mentor_node])
    heads = np.concatenate([mentee_node, 1 + n_a + g.lj, np.full(n_m, sink)])
    caps = np.concatenate([np.ones(n_a + n_e, np.int64), g.cap])
    costs = np.concatenate([np.zeros(n_a, np.int64), -g.cost, np.zeros(n_m, np.int64)])

    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    # Supplies are upper bounds here: the solver first finds the maximum flow.
    smcf.set_nodes_supplies(
        np.array([source, sink], np.int32), np.array([n_a, -n_a], np.int64)
    )
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status!r}")
    edge_arcs = np.asarray(arcs, dtype=np.int32)[n_a : n_a + n_e]
    return np.asarray(smcf.flows(edge_arcs)) > 0


# ----------------------------------------------------------------------------
# Duals from the optimal flow
# ----------------------------------------------------------------------------

# Node numbering of the residual graph; mentees follow, then mentors.
_ROOT, _SOURCE, _SINK, _FIRST = 0, 1, 2, 3


def _residual_graph(g: _Graph, matched, has_mate, w):
    """Residual graph (CSR arrays) of the optimal flow, arc costs ``-w`` on edges.

    A free sink -> source arc turns "max flow, then min cost" into a plain
    max-weight circulation for ``w`` (the bonus in ``w`` makes every unit of flow
    worth more than any score change), so the graph has no negative cycle. A
    virtual root reaches every node at cost 0.

    Returns
    -------
    indptr : ndarray of int64, shape (n_nodes + 1,)
    heads, costs : ndarray, shape (n_arcs,)
    """
    n_a, n_m = g.mentees.size, g.mentors.size
    n_nodes = _FIRST + n_a + n_m
    node_i, node_j = _FIRST + g.li, _FIRST + n_a + g.lj
    mentee_node = _FIRST + np.arange(n_a)
    mentor_node = _FIRST + n_a + np.arange(n_m)
    load = np.bincount(g.lj[matched], minlength=n_m)
    free = ~matched
    parts = [  # (tails, heads, costs), listed by tail so tails come nearly sorted
        (_ROOT, np.arange(1, n_nodes), 0),
        (_SOURCE, mentee_node[~has_mate], 0),
        (_SOURCE, _SINK if matched.any() else np.empty(0, np.int64), 0),
        (_SINK, np.append(_SOURCE, mentor_node[load > 0]), 0),
        # A free edge can take flow; a matched one can only give it back.
        (node_i[free], node_j[free], -w[free]),
        (mentee_node[has_mate], _SOURCE, 0),
        (node_j[matched], node_i[matched], w[matched]),
        (mentor_node[load < g.cap], _SINK, 0),
    ]
    tails, heads, costs = (
        np.concatenate([np.broadcast_arrays(*part)[k].ravel() for part in parts])
        for k in range(3)
    )
    # Timsort (kind="stable") is near-linear on these few presorted runs.
    order = np.argsort(tails, kind="stable")
    indptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=n_nodes), out=indptr[1:])
    return indptr, heads[order], costs[order].astype(np.float64)


def _bellman_ford(indptr, heads, costs) -> np.ndarray:
    """Distances from node 0, relaxing only arcs out of nodes that just improved.

    Each round is vectorised and the number of rounds is the depth of the
    shortest-path tree, far fewer than the full sweeps of scipy's Bellman-Ford.
    Costs are integers below 2**53, so float64 arithmetic is exact.
    """
    n_nodes = indptr.size - 1
    dist = np.full(n_nodes, np.inf)
    dist[0] = 0.0
    frontier = np.zeros(1, dtype=np.int64)
    for _ in range(n_nodes + 1):
        if frontier.size == 0:
            return dist
        stop = indptr[frontier + 1]
        lens = stop - indptr[frontier]
        arc = np.repeat(stop - np.cumsum(lens), lens) + np.arange(lens.sum())
        cand = np.repeat(dist[frontier], lens) + costs[arc]
        head = heads[arc]
        better = cand < dist[head]
        best = np.full(n_nodes, np.inf)
        np.minimum.at(best, head[better], cand[better])
        frontier = np.flatnonzero(best < dist)
        dist[frontier] = best[frontier]
    raise RuntimeError("negative cycle in the residual graph: flow is not optimal")


def _local_prices(g: _Graph, matched: np.ndarray, bonus_int: int):
    """Integer-valued prices (units of 1/SCALE) of the compact graph's nodes.

    Returns
    -------
    u : ndarray of float64, shape (A,)
    v : ndarray of float64, shape (M,)
    """
    n_a = g.mentees.size
    w = bonus_int + g.cost
    has_mate = np.zeros(n_a, dtype=bool)
    has_mate[g.li[matched]] = True
    pot = _bellman_ford(*_residual_graph(g, matched, has_mate, w))
    pot_i, pot_j = pot[_FIRST : _FIRST + n_a], pot[_FIRST + n_a :]
    # A matched mentee's only residual in-arc comes from its mentor, so raising
    # its potential until that pair is tight keeps every reduced cost >= 0.
    pot_i[g.li[matched]] = pot_j[g.lj[matched]] + w[matched]
    u = np.where(has_mate, pot_i - pot[_SOURCE], 0.0)
    v = np.maximum(pot[_SINK] - pot_j, 0.0)
    if u.min(initial=0.0) < 0 or np.any(u[g.li] + v[g.lj] < w):
        raise RuntimeError("dual prices are infeasible: flow is not optimal")
    return u, v


def _flow_result(g: _Graph, matched, mentor_of, cap) -> FlowResult:
    n_mentees = mentor_of.size
    bonus = float(n_mentees + 1)
    u, v = _local_prices(g, matched, SCALE * (n_mentees + 1))
    mentee_price = np.zeros(n_mentees)
    mentee_price[g.mentees] = u / SCALE
    mentor_price = np.where(cap > 0, 0.0, bonus + 1.0)
    mentor_price[g.mentors] = v / SCALE
    return FlowResult(mentor_of, mentee_price, mentor_price, bonus)


def _greedy_order(vals: np.ndarray) -> np.ndarray:
    """Edge order by descending score, ties by position (= (mentee, mentor)).

    An unstable sort plus a fix-up of tied runs is about twice as fast as a
    stable sort on millions of edges.
    """
    order = np.argsort(-vals)
    tied = np.zeros(order.size, dtype=bool)
    same = vals[order[1:]] == vals[order[:-1]]
    tied[1:] |= same
    tied[:-1] |= same
    pos = np.flatnonzero(tied)
    if pos.size:
        # Runs of equal scores are contiguous, so sorting the tied entries by
        # (score desc, position) and writing them back keeps the global order.
        sub = order[pos]
        order[pos] = sub[np.lexsort((sub, -vals[sub]))]
    return order


def _greedy(rows, cols, vals, cap, n_mentees: int) -> np.ndarray:
    """Greedy b-matching over canonical (row-major) edges; see :func:`assign`."""
    rows, cols, vals = _usable(rows, cols, vals, cap)
    has_edge = np.bincount(cols, minlength=cap.size) > 0
    limit = min(np.count_nonzero(np.bincount(rows)), int(cap[has_edge].sum()))
    order = _greedy_order(vals)
    mate = [-1] * n_mentees
    slots = cap.tolist()
    taken = 0
    for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if mate[i] < 0 and slots[j]:
            mate[i] = j
            slots[j] -= 1
            taken += 1
            if taken == limit:
                break
    return np.asarray(mate, dtype=np.int64)


def assign(
    scores, capacity, *, method: str = "flow", return_duals: bool = False
) -> np.ndarray | FlowResult:
    """Assign mentees to mentors: most matches first, then highest total score.

    Parameters
    ----------
    scores : scipy.sparse matrix or array, shape (n_mentees, n_mentors)
        Stored entries are the allowed pairs (an explicitly stored 0.0 is still
        allowed); values must be finite and in [0, 1]. Duplicate COO entries are
        summed, as scipy does.
    capacity : array_like of int, shape (n_mentors,)
        Remaining slots per mentor, ``>= 0``.
    method : {"flow", "greedy"}, default "flow"
        ``"flow"`` is exact (min-cost flow; scores rounded to ``1 / SCALE``).
        ``"greedy"`` takes pairs by descending score, ties by (mentee, mentor)
        index, whenever the mentee is free and the mentor has a slot.
    return_duals : bool, default False
        Return a :class:`FlowResult` with optimal LP prices (``"flow"`` only).

    Returns
    -------
    mentor_of : ndarray of int64, shape (n_mentees,)
        Mentor column of each mentee, or -1 if unmatched. A :class:`FlowResult`
        instead when ``return_duals`` is true.

    Raises
    ------
    ValueError
        On invalid scores, capacity, method or option combination.
    RuntimeError
        If the flow solver does not report an optimal solution.
    """
    if method not in _METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {_METHODS}")
    if return_duals and method != "flow":
        raise ValueError("return_duals=True requires method='flow'")
    rows, cols, vals, cap = _prepare(scores, capacity)
    n_mentees, n_mentors = scores.shape
    if method == "greedy":
        return _greedy(rows, cols, vals, cap, n_mentees)
    g = _compact(rows, cols, vals, cap, n_mentees, n_mentors)
    matched = _solve_flow(g) if g.li.size else np.zeros(0, dtype=bool)
    mentor_of = np.full(n_mentees, -1, dtype=np.int64)
    mentor_of[g.mentees[g.li[matched]]] = g.mentors[g.lj[matched]]
    if return_duals:
        return _flow_result(g, matched, mentor_of, cap)
    return mentor_of


def dense_assign(scores_dense, capacity, allowed=None) -> np.ndarray:
    """Dense baseline: Hungarian algorithm on the slot-expanded score matrix.

    Each mentor column is repeated ``capacity[j]`` times and allowed pairs get
    a constant ``n_mentees + 1`` added, so the maximum-weight assignment is the
    same lexicographic optimum as :func:`assign` (computed on unrounded scores).

    Parameters
    ----------
    scores_dense : array_like of float, shape (n_mentees, n_mentors)
        Scores in [0, 1].
    capacity : array_like of int, shape (n_mentors,)
        Remaining slots per mentor, ``>= 0``.
    allowed : array_like of bool, shape (n_mentees, n_mentors), optional
        Allowed pairs; all pairs by default. Disallowed pairs are never returned.

    Returns
    -------
    mentor_of : ndarray of int64, shape (n_mentees,)
        Mentor column of each mentee, or -1 if unmatched.
    """
    s = np.asarray(scores_dense, dtype=np.float64)
    if s.ndim != 2:
        raise ValueError(f"scores_dense must be 2-D; got {s.ndim}-D")
    _check_values(s)
    n_mentees, n_mentors = s.shape
    cap = _check_capacity(capacity, n_mentors, n_mentees)
    if allowed is None:
        allowed = np.ones(s.shape, dtype=bool)
    allowed = np.asarray(allowed, dtype=bool)
    if allowed.shape != s.shape:
        raise ValueError(f"allowed must have shape {s.shape}; got {allowed.shape}")
    mentor_of = np.full(n_mentees, -1, dtype=np.int64)
    slot_mentor = np.repeat(np.arange(n_mentors), np.minimum(cap, n_mentees))
    if n_mentees == 0 or slot_mentor.size == 0:
        return mentor_of
    weight = np.where(allowed, s + (n_mentees + 1.0), 0.0)[:, slot_mentor]
    r, c = linear_sum_assignment(weight, maximize=True)
    keep = allowed[r, slot_mentor[c]]
    mentor_of[r[keep]] = slot_mentor[c[keep]]
    return mentor_of


def total_score(scores, mentor_of) -> float:
    """Sum of the scores of the matched pairs.

    Parameters
    ----------
    scores : scipy.sparse matrix or array_like, shape (n_mentees, n_mentors)
        Score matrix (pairs not stored in a sparse matrix count as 0).
    mentor_of : array_like of int, shape (n_mentees,)
        Mentor column per mentee, -1 if unmatched.

    Returns
    -------
    float
        Total score of the assignment.
    """
    mentor_of = np.asarray(mentor_of, dtype=np.int64)
    rows = np.flatnonzero(mentor_of >= 0)
    if rows.size == 0:
        return 0.0
    mat = sp.csr_array(scores) if sp.issparse(scores) else np.asarray(scores)
    return float(np.sum(mat[rows, mentor_of[rows]]))


def matched_count(mentor_of) -> int:
    """Number of matched mentees.

    Parameters
    ----------
    mentor_of : array_like of int, shape (n_mentees,)
        Mentor column per mentee, -1 if unmatched.

    Returns
    -------
    int
        Count of entries ``>= 0``.
    """
    return int(np.count_nonzero(np.asarray(mentor_of) >= 0))
