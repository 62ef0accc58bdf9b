"""rank_pairs: two sets of vectors scored by named blocks, with reasons."""

import numpy as np
import pytest

from matching import rank_pairs
from matching.pairs import block_contributions

BLOCKS = {"need": slice(0, 2), "language": slice(2, 4)}


def test_contributions_sum_to_the_score():
    rng = np.random.default_rng(0)
    A, B = rng.random((3, 5)), rng.random((4, 5))
    blocks = {"a": slice(0, 2), "b": slice(2, 5)}
    parts = block_contributions(A, B, blocks)
    assert parts.shape == (3, 4, 2)
    np.testing.assert_allclose(parts.sum(axis=2), A @ B.T)


def test_ranked_best_first_with_reasons_largest_first():
    A = np.array([[1.0, 0.0, 0.3, 0.0]])
    B = np.array([[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0]])
    ranked = rank_pairs(A, B, BLOCKS)
    assert [(p.left, p.right) for p in ranked] == [(0, 1), (0, 0)]
    assert ranked[0].reasons == ("need", "language")
    assert ranked[1].reasons == ("language",)
    assert ranked[0].score == pytest.approx(1.3)
    assert ranked[0].contributions == {"need": 1.0, "language": pytest.approx(0.3)}


def test_exclusions_required_blocks_and_top_k():
    A = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.0]])
    B = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.0]])
    exclude = np.eye(2, dtype=bool)
    assert [(p.left, p.right) for p in rank_pairs(A, B, BLOCKS, exclude=exclude)] == [
        (0, 1),
        (1, 0),
    ]
    # Only the language is shared off the diagonal: "need" is required.
    assert rank_pairs(A, B, BLOCKS, exclude=exclude, required=("need",)) == []
    assert len(rank_pairs(A, B, BLOCKS, top_k=1)) == 2


def test_nothing_in_common_is_not_ranked():
    assert rank_pairs(np.zeros((1, 4)), np.ones((2, 4)), BLOCKS) == []


def test_shapes_are_checked():
    with pytest.raises(ValueError):
        rank_pairs(np.ones((1, 3)), np.ones((1, 4)), BLOCKS)
