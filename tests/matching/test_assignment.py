"""Tests for matching.assignment: exactness, invariants, duals and input checks.

The reference optimum comes from scipy's MILP solver in two stages (maximum
number of matches, then maximum total score with that number fixed), which
states the lexicographic objective directly.
"""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from matching.assignment import (
    PRICE_TOL,
    FlowResult,
    assign,
    dense_assign,
    matched_count,
    total_score,
)


def _tol(n_matched):
    # Flow rounds each score to 1e-6 and the dual certificate adds PRICE_TOL,
    # so totals may differ from the float optimum by a few 1e-6 per pair.
    return 1e-5 + 3e-6 * n_matched


def _instance(seed, n, m, density=0.5, max_cap=3, zero_frac=0.1):
    """Random instance: (sparse scores, capacity, dense scores, allowed mask)."""
    rng = np.random.default_rng(seed)
    dense = rng.random((n, m))
    dense[rng.random((n, m)) < zero_frac] = 0.0
    mask = rng.random((n, m)) < density
    capacity = rng.integers(0, max_cap + 1, size=m)
    return _sparse(dense, mask), capacity, dense, mask


def _sparse(dense, mask):
    """CSR matrix storing exactly the masked entries (zeros included)."""
    rows, cols = np.nonzero(mask)
    return sp.csr_array((dense[rows, cols], (rows, cols)), shape=dense.shape)


def _milp_optimum(dense, mask, capacity):
    """(max matched count, max total score at that count) by two MILP solves."""
    rows, cols = np.nonzero(mask)
    n_edges = rows.size
    if n_edges == 0:
        return 0, 0.0
    n, m = dense.shape
    edge = np.arange(n_edges)
    a_mentee = sp.csr_array((np.ones(n_edges), (rows, edge)), shape=(n, n_edges))
    a_mentor = sp.csr_array((np.ones(n_edges), (cols, edge)), shape=(m, n_edges))
    limits = [
        LinearConstraint(a_mentee, 0, 1),
        LinearConstraint(a_mentor, 0, capacity),
    ]
    solve = {"integrality": np.ones(n_edges), "bounds": Bounds(0, 1)}
    first = milp(-np.ones(n_edges), constraints=limits, **solve)
    count = round(-first.fun)
    at_count = LinearConstraint(np.ones((1, n_edges)), count, count)
    second = milp(-dense[rows, cols], constraints=[*limits, at_count], **solve)
    assert first.success and second.success
    return count, -second.fun


def _assert_valid(mentor_of, scores, capacity):
    """Shape/dtype, capacities respected, every pair a stored entry."""
    n, m = scores.shape
    assert mentor_of.dtype == np.int64 and mentor_of.shape == (n,)
    assert np.all((mentor_of >= -1) & (mentor_of < m))
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=m)
    assert np.all(load <= capacity)
    rows = np.flatnonzero(mentor_of >= 0)
    stored = set(zip(*sp.coo_array(scores).coords, strict=True))
    assert all((i, mentor_of[i]) in stored for i in rows)


def _assert_optimal(mentor_of, dense, mask, capacity):
    count, total = _milp_optimum(dense, mask, capacity)
    assert matched_count(mentor_of) == count
    assert total_score(dense, mentor_of) == pytest.approx(total, abs=_tol(count))


def _assert_duals(res, dense, mask):
    """Feasibility, non-negativity and complementary slackness of the prices."""
    u, v, w = res.mentee_price, res.mentor_price, res.bonus + dense
    assert res.bonus > dense.shape[0] * max(dense.max(initial=0.0), 1.0)
    assert np.all(u >= 0) and np.all(v >= 0)
    rows, cols = np.nonzero(mask)
    assert np.all(u[rows] + v[cols] >= w[rows, cols] - PRICE_TOL)
    mentees = np.flatnonzero(res.mentor_of >= 0)
    tight = u[mentees] + v[res.mentor_of[mentees]] - w[mentees, res.mentor_of[mentees]]
    assert np.all(np.abs(tight) <= PRICE_TOL)
    assert np.all(res.mentor_of[u > 0] >= 0)
    return mentees


# ----------------------------------------------------------------------------
# Exactness
# ----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 9),
    m=st.integers(0, 6),
    density=st.floats(0.0, 1.0),
    max_cap=st.integers(0, 3),
)
def test_flow_equals_milp(seed, n, m, density, max_cap):
    scores, capacity, dense, mask = _instance(seed, n, m, density, max_cap)
    mentor_of = assign(scores, capacity)
    _assert_valid(mentor_of, scores, capacity)
    _assert_optimal(mentor_of, dense, mask, capacity)


def _seeded(seed, n, m):
    _, capacity, dense, mask = _instance(seed, n, m, 0.6, 3)
    return dense, mask, capacity


_Z = np.zeros
_ALL = np.ones
# name -> (dense scores, allowed mask, capacity)
CASES = {
    # every stored value is 0.0, yet the pairs are allowed
    "explicit_zeros": (
        _Z((3, 2)),
        np.array([[1, 0], [1, 1], [0, 1]], bool),
        np.array([1, 1]),
    ),
    "zero_capacity": (
        np.array([[0.9, 0.2], [0.8, 0.1]]),
        _ALL((2, 2), bool),
        np.array([0, 2]),
    ),
    "mentee_without_edges": (
        np.array([[0.5, 0.4], [0.0, 0.0], [0.3, 0.6]]),
        np.array([[1, 1], [0, 0], [1, 1]], bool),
        np.array([1, 1]),
    ),
    "empty_0x0": (_Z((0, 0)), _Z((0, 0), bool), _Z(0, int)),
    "empty_0x3": (_Z((0, 3)), _Z((0, 3), bool), np.array([1, 2, 3])),
    "empty_3x0": (_Z((3, 0)), _Z((3, 0), bool), _Z(0, int)),
    "no_stored_entries": (_Z((3, 3)), _Z((3, 3), bool), np.array([1, 1, 1])),
    "one_by_one": (np.array([[0.7]]), _ALL((1, 1), bool), np.array([1])),
    "capacity_exceeds_mentees": (
        np.random.default_rng(1).random((4, 3)),
        _ALL((4, 3), bool),
        np.array([10, 0, 7]),
    ),
    "seeded_12x5": _seeded(7, 12, 5),
    "seeded_40x6": _seeded(8, 40, 6),
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("method", ["flow", "greedy"])
def test_edge_cases(name, method):
    dense, mask, capacity = CASES[name]
    scores = _sparse(dense, mask)
    mentor_of = assign(scores, capacity, method=method)
    _assert_valid(mentor_of, scores, capacity)
    if method == "flow":
        _assert_optimal(mentor_of, dense, mask, capacity)
        res = assign(scores, capacity, return_duals=True)
        np.testing.assert_array_equal(res.mentor_of, mentor_of)
        _assert_duals(res, dense, mask)


def test_explicit_zeros_are_matched():
    dense, mask, capacity = CASES["explicit_zeros"]
    mentor_of = assign(_sparse(dense, mask), capacity)
    assert matched_count(mentor_of) == 2


def test_count_beats_score():
    """Two matches at 0.2 total beat one match at 1.0: count comes first."""
    dense = np.array([[1.0, 0.1], [0.1, 0.0]])
    mask = np.array([[True, True], [True, False]])
    capacity = np.array([1, 1])
    scores = _sparse(dense, mask)
    expected = np.array([1, 0])
    np.testing.assert_array_equal(assign(scores, capacity), expected)
    np.testing.assert_array_equal(dense_assign(dense, capacity, mask), expected)
    assert total_score(scores, expected) == pytest.approx(0.2)
    # Greedy grabs the 1.0 pair and strands the other mentee.
    np.testing.assert_array_equal(assign(scores, capacity, method="greedy"), [0, -1])


def test_storage_format_and_order_do_not_matter():
    scores, capacity, _, _ = _instance(3, 30, 8, 0.4, 2)
    coo = sp.coo_array(scores)
    perm = np.random.default_rng(0).permutation(coo.nnz)
    shuffled = sp.coo_array(
        (coo.data[perm], (coo.coords[0][perm], coo.coords[1][perm])), shape=coo.shape
    )
    flow = assign(scores, capacity)
    for other in (shuffled, sp.csc_array(scores), sp.coo_matrix(scores)):
        result = assign(other, capacity)
        assert matched_count(result) == matched_count(flow)
        assert total_score(scores, result) == pytest.approx(total_score(scores, flow))
        np.testing.assert_array_equal(
            assign(other, capacity, method="greedy"),
            assign(scores, capacity, method="greedy"),
        )


def test_non_canonical_input_handled_and_untouched():
    # Non-canonical CSR: unsorted column indices and a duplicate (0, 1) entry.
    indptr, indices = np.array([0, 3, 4]), np.array([1, 0, 1, 0])
    data = np.array([0.25, 0.5, 0.5, 0.125])
    scores = sp.csr_array((data, indices, indptr), shape=(2, 2))
    np.testing.assert_array_equal(assign(scores, np.array([1, 1])), [1, 0])
    np.testing.assert_array_equal(scores.indices, indices)
    np.testing.assert_array_equal(scores.data, data)


# ----------------------------------------------------------------------------
# Greedy baseline
# ----------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 25), m=st.integers(0, 10))
def test_greedy_valid_and_dominated_by_flow(seed, n, m):
    scores, capacity, _, _ = _instance(seed, n, m, 0.4, 3)
    greedy = assign(scores, capacity, method="greedy")
    flow = assign(scores, capacity)
    _assert_valid(greedy, scores, capacity)
    assert matched_count(greedy) <= matched_count(flow)
    if matched_count(greedy) == matched_count(flow):
        assert total_score(scores, greedy) <= total_score(scores, flow) + _tol(n)
    np.testing.assert_array_equal(assign(scores, capacity, method="greedy"), greedy)


def test_greedy_ties_by_mentee_then_mentor():
    dense = np.full((3, 2), 0.5)
    scores = _sparse(dense, np.ones((3, 2), bool))
    mentor_of = assign(scores, np.array([1, 1]), method="greedy")
    np.testing.assert_array_equal(mentor_of, [0, 1, -1])


# ----------------------------------------------------------------------------
# Dense baseline
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("masked", [False, True])
def test_dense_assign_equals_flow(seed, masked):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 40)), int(rng.integers(1, 15))
    dense = rng.random((n, m))
    mask = rng.random((n, m)) < 0.3 if masked else np.ones((n, m), bool)
    capacity = rng.integers(0, 4, size=m)
    flow = assign(_sparse(dense, mask), capacity)
    base = dense_assign(dense, capacity, mask if masked else None)
    _assert_valid(base, _sparse(dense, mask), capacity)
    assert matched_count(base) == matched_count(flow)
    assert total_score(dense, base) == pytest.approx(
        total_score(dense, flow), abs=_tol(n)
    )


# ----------------------------------------------------------------------------
# Duals and pricing
# ----------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 30),
    m=st.integers(0, 10),
    density=st.floats(0.0, 1.0),
)
def test_duals_feasible_and_complementary(seed, n, m, density):
    scores, capacity, dense, mask = _instance(seed, n, m, density, 3)
    res = assign(scores, capacity, return_duals=True)
    assert isinstance(res, FlowResult)
    assert res.mentee_price.dtype == res.mentor_price.dtype == np.float64
    assert res.mentee_price.shape == (n,) and res.mentor_price.shape == (m,)
    np.testing.assert_array_equal(res.mentor_of, assign(scores, capacity))
    mentees = _assert_duals(res, dense, mask)
    load = np.bincount(res.mentor_of[mentees], minlength=m)
    assert np.all(load[res.mentor_price > 0] == capacity[res.mentor_price > 0])
    # LP strong duality: the dual objective equals the matching's weight.
    weight = mentees.size * res.bonus + total_score(dense, res.mentor_of)
    dual = res.mentee_price.sum() + capacity @ res.mentor_price
    assert dual == pytest.approx(weight, abs=_tol(n))


def _price_until_stable(dense, full_mask, capacity, start_mask):
    """Solve on a subgraph, add every full-graph pair that prices out, repeat."""
    mask = start_mask.copy()
    for rounds in range(1, 50):
        res = assign(_sparse(dense, mask), capacity, return_duals=True)
        reduced = res.bonus + dense - res.mentee_price[:, None] - res.mentor_price
        add = full_mask & ~mask & (reduced > PRICE_TOL)
        if not add.any():
            return res.mentor_of, rounds
        mask |= add
    raise AssertionError("pricing did not converge")


@pytest.mark.parametrize("seed", range(10))
def test_pricing_reaches_full_graph_optimum(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(10, 60)), int(rng.integers(3, 20))
    scores, capacity, dense, full = _instance(seed, n, m, 0.6, 3)
    start = full & (rng.random((n, m)) < 0.15)
    mentor_of, rounds = _price_until_stable(dense, full, capacity, start)
    optimum = assign(scores, capacity)
    _assert_valid(mentor_of, scores, capacity)
    assert matched_count(mentor_of) == matched_count(optimum)
    assert total_score(dense, mentor_of) == pytest.approx(
        total_score(dense, optimum), abs=_tol(n)
    )
    assert rounds > 1  # the sparse start alone was not enough


# ----------------------------------------------------------------------------
# Helpers and input validation
# ----------------------------------------------------------------------------


def test_helpers():
    dense = np.array([[0.25, 0.5], [0.0, 1.0], [0.3, 0.0]])
    mentor_of = np.array([1, -1, 0])
    assert matched_count(mentor_of) == 2
    assert matched_count(np.array([], dtype=np.int64)) == 0
    assert total_score(dense, mentor_of) == pytest.approx(0.8)
    assert total_score(sp.csr_matrix(dense), mentor_of) == pytest.approx(0.8)
    assert total_score(dense, np.full(3, -1)) == 0.0


def _ok():
    return sp.csr_array(np.array([[0.5, 0.2], [0.1, 0.9]])), np.array([1, 1])


@pytest.mark.parametrize(
    ("scores", "capacity", "kwargs", "message"),
    [
        (sp.csr_array([[-0.1, 0.5]]), [1, 1], {}, "non-negative"),
        (sp.csr_array([[np.nan, 0.5]]), [1, 1], {}, "finite"),
        (sp.csr_array([[np.inf, 0.5]]), [1, 1], {}, "finite"),
        (sp.csr_array([[1.5, 0.5]]), [1, 1], {}, r"\[0, 1\]"),
        (_ok()[0], [1, 1, 1], {}, "shape"),
        (_ok()[0], [[1, 1]], {}, "shape"),
        (_ok()[0], [1, -1], {}, ">= 0"),
        (_ok()[0], [1.5, 1], {}, "integers"),
        (_ok()[0], [1, 1], {"method": "hungarian"}, "unknown method"),
        (_ok()[0], [1, 1], {"method": "greedy", "return_duals": True}, "flow"),
    ],
)
def test_bad_input(scores, capacity, kwargs, message):
    with pytest.raises(ValueError, match=message):
        assign(scores, np.asarray(capacity), **kwargs)


def test_bad_input_type_and_dense():
    with pytest.raises(TypeError, match="scipy.sparse"):
        assign(np.ones((2, 2)), np.array([1, 1]))
    with pytest.raises(ValueError, match="non-negative"):
        dense_assign(np.array([[-1.0]]), np.array([1]))
    with pytest.raises(ValueError, match="allowed"):
        dense_assign(np.ones((2, 2)), np.array([1, 1]), np.ones((2, 3), bool))
    with pytest.raises(ValueError, match="shape"):
        dense_assign(np.ones((2, 2)), np.array([1]))
