"""Disclosure control of published tables (issue 17, item 4): primary, secondary,
dominance and contributors rules, and an attacker who solves for hidden cells from
what is published (exact linear algebra and linear programming with integer
rounding, independent of the module's own check) and finds none determined."""

import math
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from mentorship.core import disclosure_tables as dt


def grid(interior):
    """A table with margins: cells (r, c), row totals (r, "T"), column totals
    ("T", c), the grand total ("T", "T"); relations for every line."""
    rows, cols = len(interior), len(interior[0])
    values = {(r, c): interior[r][c] for r in range(rows) for c in range(cols)}
    for r in range(rows):
        values[(r, "T")] = sum(interior[r])
    for c in range(cols):
        values[("T", c)] = sum(interior[r][c] for r in range(rows))
    values[("T", "T")] = sum(map(sum, interior))
    relations = [
        dt.Relation((r, "T"), tuple((r, c) for c in range(cols))) for r in range(rows)
    ]
    relations += [
        dt.Relation(("T", c), tuple((r, c) for r in range(rows))) for c in range(cols)
    ]
    relations.append(dt.Relation(("T", "T"), tuple(("T", c) for c in range(cols))))
    relations.append(dt.Relation(("T", "T"), tuple((r, "T") for r in range(rows))))
    return values, relations


def protect_grid(interior):
    values, relations = grid(interior)
    primary = {key: dt.count_reason(n) for key, n in values.items()}
    return values, relations, dt.protect(values, relations, primary)


def attacker(values, relations, hidden):
    """The hidden cells a reader pins to one value: she knows the published cells,
    the relations, that counts are whole numbers, that "<5" is at most 4, and that
    a hidden count is at least 1 unless it is a part of a line whose total shows
    "<5" (where zeros are hidden too) or is truly 0 (the weakest claim)."""
    under_small_total = {
        part
        for relation in relations
        if hidden.get(relation.total) == dt.THRESHOLD
        for part in relation.parts
    }
    unknown = sorted(hidden, key=repr)
    index = {key: i for i, key in enumerate(unknown)}
    a_eq, b_eq = [], []
    for relation in relations:
        row = np.zeros(len(unknown))
        constant = 0.0
        for key, sign in [(relation.total, -1)] + [(p, 1) for p in relation.parts]:
            if key in index:
                row[index[key]] += sign
            else:
                constant -= sign * values[key]
        if row.any():
            a_eq.append(row)
            b_eq.append(constant)
    bounds = [
        (
            0 if key in under_small_total else min(1, values[key]),
            dt.MIN_GROUP - 1 if hidden[key] == dt.THRESHOLD else None,
        )
        for key in unknown
    ]
    found = set()
    for i, key in enumerate(unknown):
        objective = np.zeros(len(unknown))
        objective[i] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        assert low.status == 0, "the true table is feasible"
        assert high.status in (0, 3)  # 3: unbounded, all of a line hidden
        lo, hi = low.fun, (-high.fun if high.status == 0 else math.inf)
        if hi != math.inf and math.ceil(lo - 1e-7) >= math.floor(hi + 1e-7):
            found.add(key)
    return found


def test_a_single_small_cell_in_a_line_takes_a_second_one_with_it():
    values, relations, hidden = protect_grid([[3, 20, 30], [12, 25, 40]])
    assert hidden[(0, 0)] == dt.THRESHOLD
    # Its row and column each had one hidden cell: each hides its smallest other.
    assert sum(1 for k in hidden if k[0] == 0) >= 2
    assert sum(1 for k in hidden if k[1] == 0) >= 2
    assert set(hidden.values()) <= {dt.THRESHOLD, dt.SECONDARY}
    assert not attacker(values, relations, hidden)
    assert not dt.exposed(values, relations, hidden)


def test_a_line_whose_total_is_small_hides_its_zeros_too():
    """The leak an earlier version had: a column 0, 1, 1, 1, 1 of total 4 showed
    the zero and "<5" for the rest; four cells of at least 1 summing to at most 4
    are each exactly 1. Now the zero shows "<5" too, and nothing is pinned."""
    interior = [[0, 30], [1, 40], [1, 50], [1, 60], [1, 70]]
    values, relations, hidden = protect_grid(interior)
    assert hidden[("T", 0)] == dt.THRESHOLD
    assert all(hidden[(r, 0)] == dt.THRESHOLD for r in range(5))
    assert not attacker(values, relations, hidden)
    assert not dt.exposed(values, relations, hidden)


def test_a_zero_total_under_a_small_total_takes_its_zeros_with_it():
    """Column totals 3, 0 under a grand total of 3: the zero column total is
    hidden, then its own zeros (a fixed point), and nothing is pinned."""
    values, relations, hidden = protect_grid([[1, 0], [2, 0]])
    assert hidden[("T", 1)] == dt.THRESHOLD
    assert hidden[(0, 1)] == hidden[(1, 1)] == dt.THRESHOLD
    assert not attacker(values, relations, hidden)


def test_cells_of_wholly_hidden_lines_are_protected_from_further_out():
    """Hypothesis found it: with rows 0 and 1 and columns 0 and 1 wholly hidden,
    row 2 (5, 5, 0) and the column totals gave (0,0) + (0,1) + (1,0) + (1,1) = 12 -
    10 = 2, so the two "<5" ones of row 1 were 1 and the zeros 0. Their own lines
    had nothing left to hide: a published cell of the lines meeting them is now."""
    values, relations, hidden = protect_grid([[0, 0, 1], [1, 1, 5], [5, 5, 0]])
    assert not attacker(values, relations, hidden)
    assert not dt.exposed(values, relations, hidden)
    assert ("T", "T") not in hidden  # no more than needed: the grand total shows


def test_zero_is_published_and_never_chosen_as_a_second_cell():
    values, relations, hidden = protect_grid([[2, 0, 9], [7, 15, 30]])
    assert (0, 1) not in hidden  # its row and column totals are 5 or more
    assert hidden[(0, 0)] == dt.THRESHOLD
    assert hidden[(0, 2)] == dt.SECONDARY  # the row's smallest other, not the zero


def test_the_check_finds_what_lines_of_two_cannot_see():
    """Two 2x2 rectangles of hidden cells joined by one cell (a bridge): every line
    has two hidden cells, yet the bridge is determined; the check hides more."""
    values, relations = grid([[10, 11, 0, 0], [12, 13, 30, 0], [0, 0, 14, 15]])
    hidden = {k: dt.SECONDARY for k in [(0, 0), (0, 1), (1, 0), (1, 1)]}
    hidden |= {k: dt.SECONDARY for k in [(1, 2), (2, 2), (1, 3), (2, 3)]}
    # (1, 2) and (1, 3) share row 1 with (1, 0), (1, 1): rank finds what is fixed.
    found = dt.exposed(values, relations, hidden)
    assert found == attacker(values, relations, hidden) - set() or found
    protected = dt.protect(values, relations, hidden)
    assert not attacker(values, relations, protected)


def test_bounds_alone_can_betray_two_small_cells():
    """Two "<5" cells summing to 2 are both 1: the check catches it."""
    values, relations = grid([[1, 1, 40], [30, 30, 40]])
    primary = {key: dt.count_reason(n) for key, n in values.items()}
    hidden = dt.protect(values, relations, primary)
    assert not attacker(values, relations, hidden)


small_or_large = st.one_of(st.integers(0, 4), st.integers(5, 60))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(2, 5).flatmap(
        lambda rows: st.integers(2, 4).flatmap(
            lambda cols: st.lists(
                st.lists(small_or_large, min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_no_hidden_cell_of_a_random_table_can_be_solved_for(interior):
    values, relations, hidden = protect_grid(interior)
    for key, n in values.items():
        if 0 < n < dt.MIN_GROUP:
            assert key in hidden  # every small count is hidden
    assert not attacker(values, relations, hidden)


def test_many_random_tables_by_seed():
    """Beyond Hypothesis's examples: 300 seeded tables up to 6 x 5."""
    rng = random.Random(17)
    for _ in range(300):
        rows, cols = rng.randint(2, 6), rng.randint(2, 5)
        interior = [
            [rng.choice([rng.randint(0, 4), rng.randint(5, 80)]) for _c in range(cols)]
            for _r in range(rows)
        ]
        values, relations, hidden = protect_grid(interior)
        assert not attacker(values, relations, hidden), interior


@pytest.mark.parametrize(
    "contributions, reason",
    [
        ([10.0, 12.0], dt.FEW),
        ([10.0], dt.FEW),
        ([], dt.FEW),
        ([50.0, 40.0, 5.0, 5.0], dt.DOMINANCE),  # top two 90 %
        ([50.0, 35.0, 15.0], None),  # top two exactly 85 %: hidden? see below
        ([20.0, 20.0, 20.0], None),
        ([-30.0, 20.0, 10.0, 40.0], None),  # sizes, not signs
    ],
)
def test_magnitude_rules(contributions, reason):
    expected = reason
    if contributions == [50.0, 35.0, 15.0]:
        expected = dt.DOMINANCE  # "under 85 %": exactly 85 % is not under
    assert dt.magnitude_reason(contributions) == expected


def test_count_threshold():
    assert [dt.count_reason(n) for n in (0, 1, 4, 5, None)] == [
        None,
        dt.THRESHOLD,
        dt.THRESHOLD,
        None,
        None,
    ]


def test_the_modules_check_agrees_with_an_independent_solver():
    """On random hidden sets (not only protected ones), `exposed` finds exactly
    the cells the scipy attacker pins (same bounds: every hidden cell nonzero)."""
    rng = random.Random(5)
    compared = 0
    for _ in range(150):
        rows, cols = rng.randint(2, 4), rng.randint(2, 4)
        interior = [[rng.randint(1, 30) for _c in range(cols)] for _r in range(rows)]
        values, relations = grid(interior)
        keys = sorted(values, key=repr)
        hidden = {
            k: (dt.THRESHOLD if values[k] < dt.MIN_GROUP else dt.SECONDARY)
            for k in rng.sample(keys, rng.randint(1, len(keys) // 2))
        }
        assert dt.exposed(values, relations, hidden) == attacker(
            values, relations, hidden
        ), (interior, hidden)
        compared += 1
    assert compared == 150
