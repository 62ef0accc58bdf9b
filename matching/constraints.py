"""Hard rules as masks, never as low scores.

A pair is feasible when mentee and mentor share a language, belong to different
organisations (when cross-organisation is required), are within the time-zone
limit (when set), the mentor has capacity left and the pair is not excluded.

Mentees are grouped by language set and only the mentors sharing a language are
scored; inside a group mentors are sorted by organisation, so the same-organisation
mentors of a mentee are one contiguous column range, and exclusions are removed by
index. Nothing of size n_mentees x n_mentors is ever built.
"""

from dataclasses import dataclass

import numpy as np

UNMATCHED_REASONS = (
    "no_shared_language",
    "no_cross_organisation_mentor",
    "timezone_limit",
    "no_mentor_with_capacity",
    "all_candidates_excluded",
    "free_mentor_unused",
    "outscored",
)
"""Why a mentee is unmatched: the first rule that left her without a mentor.

``outscored`` only when every feasible mentor is full after the assignment;
``free_mentor_unused`` when one still has a free place (possible with
``method="greedy"``; the default certifies that it never happens)."""


def timezone_gap(offset_a, offset_b):
    """Circular difference of UTC offsets in hours, in [0, 12]."""
    gap = np.abs(np.asarray(offset_a) - np.asarray(offset_b)) % 24
    return np.minimum(gap, 24 - gap)


def within_limit(offset_a, offset_b, limit):
    """Whether the gap between offsets is at most ``limit`` hours (None: always).

    The one statement of the rule, used by every stage; the tolerance only
    absorbs float error (1e-9 h), far below a minute.
    """
    gap = timezone_gap(offset_a, offset_b)
    if limit is None:
        return np.ones(np.shape(gap), dtype=bool)
    return gap <= float(limit) + 1e-9


@dataclass
class Group:
    """Mentees sharing a language set and the mentors they may be scored against.

    Attributes
    ----------
    rows : ndarray of int64, shape (n_rows,)
        Mentee indices, sorted by organisation.
    cols : ndarray of int64, shape (n_cols,)
        Mentor indices, sorted by organisation.
    same_org : ndarray of int64, shape (n_rows, 2)
        Column range ``[lo, hi)`` of each row's own organisation (empty if allowed).
    excluded : ndarray of int64, shape (n_excluded, 2)
        Excluded (row position, column position), sorted by row.
    speaks : ndarray of bool, shape (n_language_sets, n_cols), or None
        For a group merged from small language sets: which columns share a
        language with each set; ``row_set`` gives each row's set.
    row_set : ndarray of int64, shape (n_rows,), or None
    """

    rows: np.ndarray
    cols: np.ndarray
    same_org: np.ndarray
    excluded: np.ndarray
    speaks: np.ndarray | None = None
    row_set: np.ndarray | None = None


def _language_keys(incidence, rows):
    sub = incidence[rows]
    return [
        tuple(sub.indices[a:b])
        for a, b in zip(sub.indptr[:-1], sub.indptr[1:], strict=True)
    ]


def _speakers(cohort, languages):
    if not languages:
        return np.zeros(len(cohort.mentor_ids), dtype=bool)
    return np.asarray(cohort.mentor_lang[:, list(languages)].sum(axis=1)).ravel() > 0


def _by_org(indices, orgs):
    return indices[np.argsort(orgs[indices], kind="stable")]


def _same_org_ranges(cohort, rows, cols, cross_organisation):
    col_org = cohort.mentor_org[cols]
    row_org = cohort.mentee_org[rows]
    lo = np.searchsorted(col_org, row_org, side="left")
    hi = np.searchsorted(col_org, row_org, side="right")
    if not cross_organisation:
        hi = lo
    return np.column_stack([lo, hi])


def _group_exclusions(cohort, rows, cols):
    pairs = cohort.excluded
    row_pos = np.full(len(cohort.mentee_ids), -1)
    row_pos[rows] = np.arange(len(rows))
    col_pos = np.full(len(cohort.mentor_ids), -1)
    col_pos[cols] = np.arange(len(cols))
    local = np.column_stack([row_pos[pairs[:, 0]], col_pos[pairs[:, 1]]])
    local = local[(local >= 0).all(axis=1)]
    return local[np.argsort(local[:, 0], kind="stable")]


def language_groups(cohort, settings, rows=None, cols=None, merge_below=128):
    """Group mentees by language set, each with the mentors who may score them.

    Parameters
    ----------
    cohort : CohortArrays
    settings : MatchSettings
    rows : ndarray of int, optional
        Mentees to group (all by default).
    cols : ndarray of int, optional
        Mentors to consider; by default those with capacity left.
    merge_below : int, default=128
        Language sets with fewer mentees are merged into one group scored
        against every mentor of ``cols`` with a language mask: copying the
        mentors of a tiny group costs more than scoring a few extra pairs.

    Returns
    -------
    list of Group
        Groups with at least one mentee and one mentor.
    """
    rows = np.arange(len(cohort.mentee_ids)) if rows is None else np.asarray(rows)
    if cols is None:
        cols = np.flatnonzero(cohort.capacity > 0)
    members = {}
    for row, key in zip(
        rows.tolist(), _language_keys(cohort.mentee_lang, rows), strict=True
    ):
        members.setdefault(key, []).append(row)
    groups, small = [], []
    for key, group_rows in members.items():
        speakers = _speakers(cohort, key)[cols]
        if not speakers.any():
            continue
        if len(group_rows) < merge_below:
            small.append((key, group_rows, speakers))
            continue
        groups.append(_group(cohort, settings, np.asarray(group_rows), cols[speakers]))
    if small:
        groups.append(_merged_group(cohort, settings, small, cols))
    return groups


def _group(cohort, settings, rows, cols):
    rows = _by_org(rows, cohort.mentee_org)
    cols = _by_org(cols, cohort.mentor_org)
    same_org = _same_org_ranges(cohort, rows, cols, settings.cross_organisation)
    return Group(rows, cols, same_org, _group_exclusions(cohort, rows, cols))


def _merged_group(cohort, settings, small, cols):
    rows = np.concatenate([np.asarray(r) for _, r, _ in small])
    row_set = np.concatenate([np.full(len(r), s) for s, (_, r, _) in enumerate(small)])
    group = _group(cohort, settings, rows, cols)
    group.row_set = row_set[np.argsort(cohort.mentee_org[rows], kind="stable")]
    col_order = np.argsort(cohort.mentor_org[cols], kind="stable")
    group.speaks = np.array([speakers[col_order] for _, _, speakers in small])
    return group


class BlockMask:
    """Forbid the infeasible pairs of one block of a group's score matrix.

    Parameters
    ----------
    cohort : CohortArrays
    settings : MatchSettings
    group : Group
    """

    def __init__(self, cohort, settings, group):
        self.group = group
        self.limit = settings.max_timezone_difference
        if self.limit is not None:
            # A table over the distinct offsets: exact for any offset (rounding to
            # a quarter-hour grid let a 2.24 h gap pass a 2 h limit), and small.
            rows = cohort.mentee_offset[group.rows]
            cols = cohort.mentor_offset[group.cols]
            span, codes = np.unique(np.concatenate([rows, cols]), return_inverse=True)
            self.row_tz, self.col_tz = codes[: len(rows)], codes[len(rows) :]
            self.allowed = within_limit(span[:, None], span[None, :], self.limit)

    def apply(self, scores, start):
        """Set ``scores[r, c]`` to -inf for every infeasible pair, in place.

        Parameters
        ----------
        scores : ndarray of float, shape (n_block_rows, >= n_cols)
            Scores of group rows ``start .. start + n_block_rows``.
        start : int
            Position of the block's first row in the group.
        """
        stop = start + scores.shape[0]
        self._same_org(scores, start, stop)
        group = self.group
        if group.speaks is not None:
            ok = group.speaks[group.row_set[start:stop]]
            np.putmask(scores[:, : ok.shape[1]], ~ok, -np.inf)
        excluded = self.group.excluded
        a, b = np.searchsorted(excluded[:, 0], [start, stop])
        scores[excluded[a:b, 0] - start, excluded[a:b, 1]] = -np.inf
        if self.limit is not None:
            ok = self.allowed[self.row_tz[start:stop]][:, self.col_tz]
            n_cols = ok.shape[1]
            np.putmask(scores[:, :n_cols], ~ok, -np.inf)

    def _same_org(self, scores, start, stop):
        ranges = self.group.same_org[start:stop]
        change = np.flatnonzero((ranges[1:] != ranges[:-1]).any(axis=1)) + 1
        bounds = np.concatenate([[0], change, [len(ranges)]])
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            lo, hi = ranges[a]
            if hi > lo:
                scores[a:b, lo:hi] = -np.inf


def _stage_counts(cohort, settings, group, start, stop, remaining):
    """Feasible mentors per row after each rule, shape (n_rules + 1, n_rows).

    The last row counts the feasible mentors with a place left after the
    assignment (``remaining``).
    """
    n_rows, n_cols = stop - start, len(group.cols)
    ok = np.ones((n_rows, n_cols), dtype=bool)
    counts = [np.full(n_rows, n_cols)]
    for r, (lo, hi) in enumerate(group.same_org[start:stop]):
        ok[r, lo:hi] = False
    counts.append(ok.sum(axis=1))
    if settings.max_timezone_difference is not None:
        ok &= within_limit(
            cohort.mentee_offset[group.rows[start:stop], None],
            cohort.mentor_offset[group.cols][None, :],
            settings.max_timezone_difference,
        )
    counts.append(ok.sum(axis=1))
    ok &= cohort.capacity[group.cols] > 0
    counts.append(ok.sum(axis=1))
    excluded = group.excluded
    a, b = np.searchsorted(excluded[:, 0], [start, stop])
    ok[excluded[a:b, 0] - start, excluded[a:b, 1]] = False
    counts.append(ok.sum(axis=1))
    ok &= remaining[group.cols] > 0
    counts.append(ok.sum(axis=1))
    return np.array(counts)


def unmatched_reasons(cohort, settings, rows, remaining=None, block_rows=256):
    """Why each of ``rows`` has no mentor: the first rule that left none.

    Parameters
    ----------
    cohort : CohortArrays
    settings : MatchSettings
    rows : ndarray of int
        Unmatched mentees.
    remaining : ndarray of int, shape (n_mentors,), optional
        Places left after the assignment (default: ``cohort.capacity``, as if
        nothing had been assigned).
    block_rows : int, default=256
        Rows examined at once (memory is ``block_rows x n_mentors`` booleans).

    Returns
    -------
    dict of int to str
        Mentee index to a code of :data:`UNMATCHED_REASONS`.
    """
    rows = np.asarray(rows, dtype=np.int64)
    remaining = cohort.capacity if remaining is None else np.asarray(remaining)
    every_mentor = np.arange(len(cohort.mentor_ids))
    n_rules = UNMATCHED_REASONS.index("free_mentor_unused")
    reasons = dict.fromkeys(rows.tolist(), UNMATCHED_REASONS[0])
    for group in language_groups(cohort, settings, rows, every_mentor, merge_below=0):
        for start in range(0, len(group.rows), block_rows):
            stop = min(start + block_rows, len(group.rows))
            counts = _stage_counts(cohort, settings, group, start, stop, remaining)
            rules = np.vstack([counts[:n_rules] == 0, np.ones(stop - start)])
            stage = np.argmax(rules, 0)
            # every rule passed: a free feasible mentor, or all of them are full
            stage[(stage == n_rules) & (counts[n_rules] == 0)] = n_rules + 1
            for row, code in zip(group.rows[start:stop], stage, strict=True):
                reasons[int(row)] = UNMATCHED_REASONS[code]
    return reasons
