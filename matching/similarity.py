"""Weighted similarity in blocks: the sparse top-k candidate graph and pricing.

Scores are computed group by group (see :func:`constraints.language_groups`) and
row block by row block, ``S = A[rows] @ B[cols].T`` into one preallocated float32
buffer, so memory is bounded by the block size and never by
``n_mentees x n_mentors``. Infeasible pairs are set to ``-inf`` before selecting.

Top-k selection uses a block-maximum bound: the k-th largest of ``n_groups``
strided column-group maxima is a lower bound on a row's k-th largest score, so
one comparison pass and ``flatnonzero`` leave only a few survivors to sort
(about 1 ns per score instead of 10-40 ns for ``np.argpartition``).
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse
from threadpoolctl import threadpool_limits

from .constraints import BlockMask, language_groups

BLOCK_BYTES = 64 * 2**20
"""Size of the score buffer of one row block."""
GROUPS = 509
"""Strided column groups of the top-k bound. Prime on purpose: score rows padded
to a multiple of a power of two made the GEMM twice as slow (cache conflicts)."""


_PREFILTER_MARGIN = 1e-5
REVERSE_TIE_SCALE = 1e-2
"""A mentor's best mentees are chosen among scores this close in a fixed
pseudo-random order, so that identical (e.g. blank) mentors reach different
mentees; the assignment still uses the true scores."""


def _padded(n_cols):
    return -(-n_cols // GROUPS) * GROUPS


def _block_rows(n_cols, block_bytes):
    return int(max(32, min(4096, block_bytes // (4 * max(n_cols, 1)))))


def scan(A, B, cohort, settings, rows=None, cols=None, block_bytes=BLOCK_BYTES):
    """Yield blocks of feasible scores.

    Parameters
    ----------
    A : ndarray of float32, shape (n_mentees, n_features)
        Mentee features (weights included).
    B : ndarray of float32, shape (n_mentors, n_features)
        Mentor features.
    cohort : CohortArrays
    settings : MatchSettings
    rows : ndarray of int, optional
        Mentees to score (all by default).
    cols : ndarray of int, optional
        Mentors to score (by default those with capacity left).
    block_bytes : int, default=BLOCK_BYTES
        Size of the score buffer.

    Yields
    ------
    block_rows : ndarray of int64, shape (r,)
        Mentee indices of the block.
    cols : ndarray of int64, shape (c,)
        Mentor indices of the columns.
    scores : ndarray of float32, shape (r, c_padded)
        Scores, ``-inf`` for infeasible pairs and padding columns (``c_padded``
        is ``c`` rounded up to a multiple of :data:`GROUPS`). Buffers are reused:
        consume a block before asking for the next.
    """
    for _, blocks in _group_blocks(B, cohort, settings, rows, cols, block_bytes):
        buffer = _buffer(block_bytes, blocks.padded)
        for start in blocks.starts:
            yield blocks.score(A, start, buffer)


class _Blocks:
    """The row blocks of one group, scored against its gathered mentors."""

    def __init__(self, cohort, settings, group, mentors, block_bytes):
        self.group, self.mentors = group, mentors
        self.padded = len(mentors)
        self.mask = BlockMask(cohort, settings, group)
        # at least two blocks per group so that both threads of a 2-core box work
        half = -(-len(group.rows) // 2)
        self.size = max(1, min(_block_rows(self.padded, block_bytes), half))
        self.starts = range(0, len(group.rows), self.size)

    def score(self, A, start, buffer):
        block_rows = self.group.rows[start : start + self.size]
        scores = buffer[: len(block_rows) * self.padded].reshape(-1, self.padded)
        np.matmul(A[block_rows], self.mentors.T, out=scores)
        scores[:, len(self.group.cols) :] = -np.inf
        self.mask.apply(scores, start)
        return block_rows, self.group.cols, scores


def _buffer(block_bytes, padded):
    return np.empty(max(block_bytes // 4, padded * 32), dtype=np.float32)


def _group_blocks(B, cohort, settings, rows, cols, block_bytes):
    """Yield (group, _Blocks) with the group's mentors gathered in one buffer."""
    groups = language_groups(cohort, settings, rows, cols)
    if not groups:
        return
    mentor_buffer = np.empty(
        (max(_padded(len(g.cols)) for g in groups), B.shape[1]), dtype=np.float32
    )
    for group in groups:
        n_cols = len(group.cols)
        mentors = mentor_buffer[: _padded(n_cols)]
        np.take(B, group.cols, axis=0, out=mentors[:n_cols])
        mentors[n_cols:] = 0
        yield group, _Blocks(cohort, settings, group, mentors, block_bytes)


def map_blocks(work, A, B, cohort, settings, rows=None, cols=None, **options):
    """Call ``work(block_rows, cols, scores)`` on every block of :func:`scan`.

    Blocks are scored by ``n_jobs`` threads (default: every CPU), each running a
    single-threaded GEMM and then ``work`` on its own buffer, so selection
    overlaps with scoring instead of leaving cores idle. ``work`` must be safe to
    call concurrently on distinct blocks.

    Parameters
    ----------
    work : callable
    A, B, cohort, settings, rows, cols
        As in :func:`scan`.
    **options
        ``block_bytes`` (default :data:`BLOCK_BYTES`), ``n_jobs``.
    """
    block_bytes = options.get("block_bytes", BLOCK_BYTES)
    n_jobs = options.get("n_jobs") or os.cpu_count() or 1
    buffers = threading.local()

    def run(blocks, start):
        if getattr(buffers, "size", 0) < blocks.padded * 32:
            buffers.array = _buffer(block_bytes, blocks.padded)
            buffers.size = buffers.array.size
        work(*blocks.score(A, start, buffers.array))

    with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(n_jobs) as pool:
        for _, blocks in _group_blocks(B, cohort, settings, rows, cols, block_bytes):
            futures = [pool.submit(run, blocks, start) for start in blocks.starts]
            for future in futures:
                future.result()


def top_k(scores, k):
    """Column indices and values of the ``k`` largest finite scores of each row.

    Parameters
    ----------
    scores : ndarray of float32, shape (r, c)
        ``c`` is a multiple of :data:`GROUPS` (as :func:`scan` pads it).
    k : int

    Returns
    -------
    index : ndarray of int64, shape (r, k)
        Columns by descending score (ties by column), -1 where a row has fewer
        than ``k`` finite scores.
    values : ndarray of float32, shape (r, k)
        Their scores, ``-inf`` where the index is -1.
    """
    r, c = scores.shape
    n_groups = GROUPS
    if c < 4 * n_groups or 4 * k > n_groups or c % n_groups:
        return _direct_top_k(scores, k)
    maxima = scores.reshape(r, c // n_groups, n_groups).max(axis=1)
    threshold = np.partition(maxima, n_groups - k, axis=1)[:, n_groups - k]
    threshold = np.maximum(threshold, np.finfo(np.float32).min)
    # flatnonzero is ~10x faster than a 2-D nonzero
    hits = np.flatnonzero(scores >= threshold[:, None])
    hit_rows, hit_cols = np.divmod(hits, c)
    return _rank_hits(hit_rows, hit_cols, scores.ravel()[hits], r, k)


def _direct_top_k(scores, k):
    r, c = scores.shape
    if c > k:
        part = np.argpartition(scores, c - k, axis=1)[:, c - k :]
    else:
        part = np.broadcast_to(np.arange(c), (r, c))
    part = np.sort(part, axis=1)
    hit_rows = np.repeat(np.arange(r), part.shape[1])
    hit_cols = part.ravel()
    values = scores[hit_rows, hit_cols]
    finite = values > -np.inf
    return _rank_hits(hit_rows[finite], hit_cols[finite], values[finite], r, k)


def _rank_hits(hit_rows, hit_cols, values, n_rows, k):
    """Keep the ``k`` best hits of each row; hits come in (row, column) order."""
    values = values.astype(np.float64)
    span = float(values.max() - values.min()) + 1 if len(values) else 1.0
    # one stable sort on (row, -value); ties keep their column order
    order = np.argsort(hit_rows * span - values, kind="stable")
    hit_rows, hit_cols, values = hit_rows[order], hit_cols[order], values[order]
    first = np.searchsorted(hit_rows, np.arange(n_rows))
    rank = np.arange(len(hit_rows)) - first[hit_rows]
    keep = rank < k
    index = np.full((n_rows, k), -1, dtype=np.int64)
    best = np.full((n_rows, k), -np.inf, dtype=np.float32)
    index[hit_rows[keep], rank[keep]] = hit_cols[keep]
    best[hit_rows[keep], rank[keep]] = values[keep]
    return index, best


def _unit(index, salt):
    """A fixed pseudo-random value in [0, 1) per index (splitmix64)."""
    key = np.asarray(index, np.uint64) + np.uint64(salt)
    key = (key ^ (key >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    key = (key ^ (key >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    key ^= key >> np.uint64(31)
    return (key >> np.uint64(40)).astype(np.float64) / 2**24


def spread(rows, cols, scale):
    """Fixed tie-breakers in [0, scale) for the pairs ``rows x cols``.

    ``(a_i + b_j) mod 1`` orders a row's columns by a rotation that differs from
    row to row, so identical mentors (who score every mentee alike) are picked
    by, and pick, different mentees instead of all the same few.

    Returns
    -------
    ndarray of float32, shape (len(rows), len(cols))
    """
    out = np.add.outer(
        _unit(rows, 0x51ED).astype(np.float32), _unit(cols, 0xA5A5).astype(np.float32)
    )
    np.mod(out, 1, out=out)
    out *= np.float32(scale)
    return out


def _best_mentees(A, B, cohort, settings, rows, mentors, size, block_bytes, alt):
    """The ``size`` best feasible mentees of each of ``mentors``, as pair arrays.

    "Best" is the gain over the mentee's own best candidate (``alt``), not the
    raw score: a mentor nobody lists is most useful to the mentees who have the
    least to lose by taking her, which is whom the optimum gives her.
    """
    found = []
    for block_rows, cols, scores in scan(A, B, cohort, settings, rows, mentors):
        n_cols = len(cols)
        ties = spread(block_rows, cols, REVERSE_TIE_SCALE)
        ties -= alt[block_rows, None]
        keyed = np.ascontiguousarray((scores[:, :n_cols] + ties).T)
        local, _ = top_k(keyed, size)
        c, slot = np.nonzero(local >= 0)
        r = local[c, slot]
        found.append((block_rows[r], cols[c], scores[r, c]))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    pair_rows, pair_cols, values = (np.concatenate(p) for p in zip(*found, strict=True))
    order = np.lexsort((pair_rows, -values, pair_cols))
    pair_rows, pair_cols, values = pair_rows[order], pair_cols[order], values[order]
    first = np.searchsorted(pair_cols, pair_cols)
    keep = np.arange(len(pair_cols)) - first < size
    return pair_rows[keep], pair_cols[keep], values[keep]


def candidate_graph(
    A, B, cohort, settings, rows=None, block_bytes=BLOCK_BYTES, return_short=False
):
    """Sparse top-k candidate graph of feasible pairs.

    Each mentee keeps her ``settings.candidates_per_mentee`` best feasible mentors.
    Then every mentor with capacity who is a candidate of fewer than
    ``settings.candidates_per_mentor`` mentees gets her best feasible mentees
    added (a second, narrow scan), so no mentor with capacity is left out.

    Parameters
    ----------
    A, B, cohort, settings, rows, block_bytes
        As in :func:`scan`.

    return_short : bool, default=False
        Also return the mentors that the mentees' own lists left short.

    Returns
    -------
    scipy.sparse.csr_array of float32, shape (n_mentees, n_mentors)
        Stored entries are candidate pairs, values their scores clipped to [0, 1].
    short : ndarray of int64
        Only with ``return_short``.
    """
    n_mentees, n_mentors = len(A), len(B)
    k = settings.candidates_per_mentee
    index = np.full((n_mentees, k), -1, dtype=np.int64)
    values = np.zeros((n_mentees, k), dtype=np.float32)

    def select(block_rows, cols, scores):
        local, top = top_k(scores, k)
        index[block_rows] = np.where(local >= 0, cols[np.maximum(local, 0)], -1)
        values[block_rows] = top

    map_blocks(select, A, B, cohort, settings, rows, block_bytes=block_bytes)
    kept_rows, kept_slots = np.nonzero(index >= 0)
    kept_cols = index[kept_rows, kept_slots]
    size = settings.candidates_per_mentor
    degree = np.bincount(kept_cols, minlength=n_mentors)
    short = np.flatnonzero((cohort.capacity > 0) & (degree < size))
    alt = np.where(index[:, 0] >= 0, values[:, 0], 0).astype(np.float32)
    extra = _best_mentees(A, B, cohort, settings, rows, short, size, block_bytes, alt)
    new = ~(index[extra[0]] == extra[1][:, None]).any(axis=1)
    graph = _graph(
        np.concatenate([kept_rows, extra[0][new]]),
        np.concatenate([kept_cols, extra[1][new]]),
        np.concatenate([values[kept_rows, kept_slots], extra[2][new]]),
        (n_mentees, n_mentors),
    )
    return (graph, short) if return_short else graph


def _graph(rows, cols, values, shape):
    values = np.clip(values, 0, 1).astype(np.float32)
    return sparse.coo_array((values, (rows, cols)), shape=shape).tocsr()


def price_out(
    A, B, cohort, settings, duals, graph, block_bytes=BLOCK_BYTES, cols=None, rows=None
):
    """Feasible pairs outside ``graph`` that could improve the optimum.

    A pair ``(i, j)`` is kept when ``bonus + s_ij > u_i + v_j + tol`` for the dual
    prices of :class:`~matching.assignment.FlowResult`; at most
    ``settings.candidates_per_mentee`` per mentee, the most violating first.

    ``cols`` and ``rows`` restrict the scan to those mentors (default: all with
    capacity) and mentees (default: all).

    Returns
    -------
    rows, cols : ndarray of int64, shape (n_found,)
    values : ndarray of float32, shape (n_found,)
        Scores of the violating pairs.
    """
    from .assignment import PRICE_TOL

    k = settings.candidates_per_mentee
    coo = graph.tocoo()
    known = np.sort(_keys(coo.row, coo.col, graph.shape))
    # prices on the score scale (the bonus taken out), small enough for float32
    mentee_price = (duals.mentee_price - duals.bonus).astype(np.float32)
    mentor_price = np.minimum(duals.mentor_price, 2.0).astype(np.float32)
    found = []

    def select(block_rows, cols, scores):
        block = scores[:, : len(cols)]
        # float32 reduced costs with a wide margin; the few hits are checked
        # exactly in float64 below
        block -= mentor_price[cols]
        block -= mentee_price[block_rows, None]
        r, c = np.nonzero(block > PRICE_TOL - _PREFILTER_MARGIN)
        if not r.size:
            return
        r, c = _first_per_row(r, c, block[r, c], 2 * k)
        rows, mentors = block_rows[r], cols[c]
        values = _exact_scores(A, B, rows, mentors)
        slack = values - duals.mentor_price[mentors]
        slack -= duals.mentee_price[rows] - duals.bonus
        hit = slack > PRICE_TOL
        r, c = _first_per_row(r[hit], c[hit], slack[hit], k)
        rows, mentors = block_rows[r], cols[c]
        new = ~_contains(known, _keys(rows, mentors, graph.shape))
        rows, mentors = rows[new], mentors[new]
        found.append((rows, mentors, _exact_scores(A, B, rows, mentors)))

    map_blocks(select, A, B, cohort, settings, rows, cols, block_bytes=block_bytes)
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))


def _exact_scores(A, B, rows, cols):
    """Scores of single pairs in float64 (the block now holds reduced costs)."""
    return np.einsum("ij,ij->i", A[rows].astype(np.float64), B[cols])


def _first_per_row(r, c, values, k):
    """The ``k`` largest ``values`` of each row ``r`` (hits in row order)."""
    order = np.lexsort((-values, r))
    r, c = r[order], c[order]
    rank = np.arange(len(r)) - np.searchsorted(r, r)
    return r[rank < k], c[rank < k]


def _contains(sorted_keys, keys):
    if not sorted_keys.size:
        return np.zeros(len(keys), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[pos] == keys


def _keys(rows, cols, shape):
    return np.asarray(rows, np.int64) * shape[1] + np.asarray(cols, np.int64)


def merge(graph, rows, cols, values):
    """Return ``graph`` with the new entries ``(rows, cols, values)`` added."""
    coo = graph.tocoo()
    return _graph(
        np.concatenate([coo.row, rows]),
        np.concatenate([coo.col, cols]),
        np.concatenate([coo.data, values]),
        graph.shape,
    )
