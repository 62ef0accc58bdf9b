import numpy as np
import pytest

from matching import MatchSettings
from matching.bench import dense_allowed
from matching.features import ProfileVectorizer
from matching.profiles import cohort_arrays
from matching.similarity import candidate_graph, scan, top_k


@pytest.mark.parametrize(
    ("shape", "k"),
    [((7, 509), 3), ((40, 509 * 8), 16), ((5, 509 * 6), 64), ((9, 509 * 5), 100)],
)
def test_top_k_equals_brute_force(shape, k):
    rng = np.random.default_rng(0)
    scores = rng.random(shape).astype(np.float32)
    scores[rng.random(shape) < 0.3] = -np.inf
    scores[0, :] = -np.inf
    scores[1, 5:] = -np.inf
    index, values = top_k(scores, k)
    for row in range(shape[0]):
        finite = np.flatnonzero(np.isfinite(scores[row]))
        expected = finite[np.lexsort((finite, -scores[row, finite]))][:k]
        got = index[row][index[row] >= 0]
        np.testing.assert_array_equal(got, expected)
        np.testing.assert_array_equal(values[row, : len(got)], scores[row, expected])


@pytest.fixture(scope="module")
def problem(cohort):
    mentees, mentors = cohort
    rules = MatchSettings(candidates_per_mentee=6, excluded_pairs={(1, 2), (5, 9)})
    features = ProfileVectorizer(random_state=0).fit_transform(mentees + mentors)
    A, B = features[: len(mentees)], features[len(mentees) :]
    arrays = cohort_arrays(mentees, mentors, rules)
    allowed = dense_allowed(arrays, rules)
    return A, B, arrays, rules, allowed


def test_scan_masks_exactly_the_infeasible_pairs(problem):
    A, B, arrays, rules, allowed = problem
    seen = np.zeros_like(allowed)
    for rows, cols, scores in scan(A, B, arrays, rules, block_bytes=4096 * 8):
        block = scores[:, : len(cols)]
        finite = np.isfinite(block)
        assert np.isinf(scores[:, len(cols) :]).all()
        np.testing.assert_array_equal(finite, allowed[np.ix_(rows, cols)])
        np.testing.assert_allclose(
            block[finite], (A[rows] @ B[cols].T)[finite], atol=1e-6
        )
        seen[np.ix_(rows, cols)] |= finite
    np.testing.assert_array_equal(seen, allowed)


def test_candidate_graph_holds_each_mentees_top_k_and_every_mentor(problem):
    A, B, arrays, rules, allowed = problem
    graph = candidate_graph(A, B, arrays, rules, block_bytes=4096 * 8)
    dense = np.where(allowed, A @ B.T, -np.inf)
    k = rules.candidates_per_mentee
    for i in range(len(A)):
        stored = set(graph.indices[graph.indptr[i] : graph.indptr[i + 1]])
        assert stored <= set(np.flatnonzero(allowed[i]))
        kth = np.sort(dense[i])[::-1][min(k, allowed[i].sum()) - 1]
        assert {j for j in np.flatnonzero(dense[i] > kth + 1e-6)} <= stored
    reachable = allowed.any(axis=0) & (arrays.capacity > 0)
    degree = np.bincount(graph.indices, minlength=len(B))
    assert (degree[reachable] >= 1).all()
