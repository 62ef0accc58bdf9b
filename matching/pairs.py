"""Score two sets of feature vectors by named blocks, with the reasons of each pair.

The general form of the library's scorer (see :mod:`matching.explain`): a pair's
score is ``A[i] @ B[j]``; each named block of columns contributes its share, and the
blocks that contribute are the pair's reasons, largest first. Callers outside the
mentoring flow (organisations introduced to each other) build their own blocks.

>>> import numpy as np
>>> A = np.array([[1.0, 0.0, 1.0]])
>>> B = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
>>> ranked = rank_pairs(A, B, {"need": slice(0, 2), "language": slice(2, 3)})
>>> [(p.left, p.right, p.reasons) for p in ranked]
[(0, 0, ('need',)), (0, 1, ('language',))]
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """One scored pair: indices into the two sets, the score, the contribution of
    every block (by name) and the contributing blocks, largest first."""

    left: int
    right: int
    score: float
    contributions: dict
    reasons: tuple


def block_contributions(A, B, blocks):
    """Contribution of each block to every pair's score.

    Parameters
    ----------
    A : array-like of float, shape (n_left, n_features)
    B : array-like of float, shape (n_right, n_features)
    blocks : dict of str to slice
        Named, disjoint column ranges; columns outside every block do not count.

    Returns
    -------
    ndarray of float64, shape (n_left, n_right, n_blocks)
        In the order of ``blocks``; summed over the last axis it is the score.
    """
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1]:
        raise ValueError("A and B must be 2-D with the same number of columns")
    out = np.zeros((A.shape[0], B.shape[0], len(blocks)), dtype=np.float64)
    for k, columns in enumerate(blocks.values()):
        out[:, :, k] = A[:, columns] @ B[:, columns].T
    return out


def rank_pairs(A, B, blocks, *, exclude=None, required=(), min_score=0.0, top_k=None):
    """Every pair with a positive score, best first, each with its reasons.

    Parameters
    ----------
    A : array-like of float, shape (n_left, n_features)
        Left items' vectors (put the weights on this side).
    B : array-like of float, shape (n_right, n_features)
    blocks : dict of str to slice
        Named column ranges (see :func:`block_contributions`).
    exclude : array-like of bool, shape (n_left, n_right), optional
        Pairs never ranked (the same item on both sides, pairs already made).
    required : sequence of str, default=()
        Blocks of which at least one must contribute for a pair to be ranked.
    min_score : float, default=0.0
        Pairs scoring this or less are left out.
    top_k : int, optional
        Keep at most this many pairs per left item.

    Returns
    -------
    list of ScoredPair
        Sorted by score (descending), then left, then right index.
    """
    names = list(blocks)
    parts = block_contributions(A, B, blocks)
    scores = parts.sum(axis=2)
    keep = scores > min_score
    if exclude is not None:
        keep &= ~np.asarray(exclude, dtype=bool)
    if required:
        wanted = [names.index(name) for name in required]
        keep &= (parts[:, :, wanted] > 0).any(axis=2)
    rows, cols = np.nonzero(keep)
    order = np.lexsort((cols, rows, -scores[rows, cols]))
    ranked, per_left = [], {}
    for t in order.tolist():
        i, j = int(rows[t]), int(cols[t])
        if top_k is not None and per_left.get(i, 0) >= top_k:
            continue
        per_left[i] = per_left.get(i, 0) + 1
        share = parts[i, j]
        reasons = tuple(
            names[k] for k in np.argsort(-share, kind="stable").tolist() if share[k] > 0
        )
        contributions = {name: float(share[k]) for k, name in enumerate(names)}
        ranked.append(ScoredPair(i, j, float(scores[i, j]), contributions, reasons))
    return ranked
