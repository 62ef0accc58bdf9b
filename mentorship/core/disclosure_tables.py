"""Disclosure control for published tables of organisational statistics.

Beside `disclosure` (groups of people answering), this module protects tables of
figures that add up: counts of people per country, region and the Alliance, or sums
of magnitudes (an amount, a rate) over organisations. Standard library only.

A table is a dict of cells (any hashable key -> a number) and its *relations*: each
says one cell is the sum of others (a region's women = the sum of its countries'
women; a country's total = its women + its men). What a reader sees is every cell
not suppressed; every relation holds. The rules, in order:

1. **Primary** (the caller says which): a count of people from 1 to `MIN_GROUP - 1`
   is hidden, symbol `THRESHOLD` ("<5"); zero is published (nobody to protect). A
   magnitude aggregated over fewer than `MIN_CONTRIBUTORS` organisations is hidden,
   symbol `FEW` ("n"); over more, but with the largest two contributions
   `DOMINANCE_SHARE` (85 %) or more of the total, symbol `DOMINANCE` ("d")
   (`magnitude_reason`).
2. **Secondary** (`protect`): in every relation (the total and its parts, one
   "line"), a single hidden cell could be recovered by subtraction, so the smallest
   other cell of that line that is published and not zero is hidden too (symbol
   `SECONDARY`, "s"); repeated until no line has exactly one hidden cell.
3. **Check** (`exposed`): the hidden cells are then solved for from what is
   published: exactly, by linear algebra over the rationals (a hidden cell is
   determined when its unit vector lies in the span of the relations restricted to
   the hidden cells: the "bridge" case two lines of two cannot see), by interval
   bounds (each hidden count is at least 1, below 5 when primary; the bounds are
   narrowed through every line until stable, rounded to whole numbers), and by
   linear programming (each hidden cell minimised and maximised under all the
   relations and bounds at once, a small simplex here, rounded inwards). A cell
   found determined, or with bounds closed on one value, gets another cell of one
   of its lines hidden (when its lines are wholly hidden, of the lines that meet
   them, outwards), and the check runs again. The loop ends: each round hides a
   new cell, until nothing reachable is left to hide.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

from .disclosure import MIN_GROUP

MIN_CONTRIBUTORS = 3
"""Fewest organisations behind a published aggregate of magnitudes."""

DOMINANCE_SHARE = 0.85
"""The largest two contributions must be under this share of the aggregate."""

THRESHOLD = "<5"
SECONDARY = "s"
DOMINANCE = "d"
FEW = "n"
SYMBOLS = (THRESHOLD, SECONDARY, DOMINANCE, FEW)


def count_reason(count, min_group=MIN_GROUP):
    """The primary reason to hide a count of people, or None."""
    if count is None:
        return None
    return THRESHOLD if 0 < count < min_group else None


def magnitude_reason(contributions):
    """The primary reason to hide an aggregate of these organisations' magnitudes
    (one number each), or None: too few contributors, or two dominate."""
    contributions = [abs(c) for c in contributions if c is not None]
    if len(contributions) < MIN_CONTRIBUTORS:
        return FEW
    total = sum(contributions)
    top_two = sum(sorted(contributions, reverse=True)[:2])
    if total > 0 and top_two >= DOMINANCE_SHARE * total:
        return DOMINANCE
    return None


@dataclass
class Relation:
    """`total` is the sum of `parts` (keys of the table's cells)."""

    total: object
    parts: tuple

    @property
    def cells(self):
        return (self.total, *self.parts)


def protect(values, relations, primary, size=None, counts=True):
    """{key: reason} for every hidden cell (primary, then secondary until the check
    finds nothing recoverable). `values` {key: number}; `primary` {key: reason};
    `size(key)` orders candidates for secondary suppression (default: the value);
    `counts`: the cells are counts of people (bounds of at least 1 apply)."""
    size = size or (lambda key: abs(values[key]))
    hidden = {key: reason for key, reason in primary.items() if reason}
    lines = [r.cells for r in relations if all(k in values for k in r.cells)]
    if counts:
        _fold_zeros(values, relations, hidden)
    for _round in range(len(values) + 1):
        _secondary(values, lines, hidden, size)
        found = exposed(values, relations, hidden, counts=counts)
        if not found:
            return hidden
        more = False
        for key in sorted(found, key=repr):
            own = (line for line in lines if key in line)
            more |= any(_hide_one(values, line, hidden, size) for line in own)
        if not more:  # every line of every exposed cell is wholly hidden
            for key in sorted(found, key=repr):
                if _hide_near(values, lines, key, hidden, size):
                    break
            else:
                return hidden  # nothing reachable is left to hide
    return hidden


def _hide_near(values, lines, key, hidden, size):
    """Hide the smallest published cell of the nearest lines to `key` that have
    one: the lines meeting its own (wholly hidden) lines, then those meeting them,
    outwards (a reader pins a cell of wholly hidden lines through published cells
    further out: a row's total minus the parts of columns). False when no line
    reachable from `key` has a published cell left."""
    reached = {line for line in lines if key in line}
    frontier = reached
    while frontier:
        cells = {cell for line in frontier for cell in line}
        frontier = {
            line
            for line in lines
            if line not in reached and any(cell in cells for cell in line)
        }
        reached |= frontier
        left = {cell for line in frontier for cell in line if cell not in hidden}
        if left:
            hidden[_smallest(values, left, size)] = SECONDARY
            return True
    return False


def _fold_zeros(values, relations, hidden):
    """Hide as "<5" the zeros of every line whose total shows "<5" (to a fixed
    point: a zero so hidden may be the total of another line)."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if hidden.get(relation.total) != THRESHOLD:
                continue
            for part in relation.parts:
                if part in values and part not in hidden and values[part] == 0:
                    hidden[part] = THRESHOLD
                    changed = True


def may_be_zero(relations, hidden):
    """The hidden cells a reader cannot tell from zero: the parts of a line whose
    total shows "<5" (every other hidden count is at least 1)."""
    return {
        part
        for relation in relations
        if hidden.get(relation.total) == THRESHOLD
        for part in relation.parts
        if part in hidden
    }


def _secondary(values, lines, hidden, size):
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for key in line if key in hidden) == 1:
                changed |= _hide_one(values, line, hidden, size)


def _hide_one(values, line, hidden, size):
    """Hide the line's smallest published cell (not zero; zero only if nothing
    else is left); False when the whole line is hidden already."""
    left = [key for key in line if key not in hidden]
    if not left:
        return False
    hidden[_smallest(values, left, size)] = SECONDARY
    return True


def _smallest(values, cells, size):
    """The cell to hide next among `cells`: the smallest not zero (a zero only if
    nothing else is left), ties broken by key."""
    nonzero = [key for key in cells if values[key]]
    return min(nonzero or cells, key=lambda key: (size(key), repr(key)))


# --- The check: what a reader can solve for ---------------------------------------


def exposed(values, relations, hidden, counts=True):
    """The hidden cells a reader determines exactly from the published cells and
    the relations (a set of keys)."""
    unknown = sorted((k for k in hidden if k in values), key=repr)
    if not unknown:
        return set()
    index = {key: i for i, key in enumerate(unknown)}
    rows = []
    for relation in relations:
        if not all(k in values for k in relation.cells):
            continue
        row = [Fraction(0)] * len(unknown)
        constant = Fraction(0)
        for key, sign in [(relation.total, -1)] + [(p, 1) for p in relation.parts]:
            if key in index:
                row[index[key]] += sign
            else:
                constant -= sign * Fraction(values[key]).limit_denominator(10**6)
        if any(row):
            rows.append((row, constant))
    found = {unknown[i] for i in _determined([r for r, _c in rows], len(unknown))}
    if counts:
        zeros = may_be_zero(relations, hidden)
        found |= _bounded(unknown, index, rows, hidden, zeros)
        if not found:
            found |= _lp_bounded(unknown, index, rows, hidden, zeros)
    return found


def _determined(rows, n):
    """Indices i whose unit vector is in the span of `rows` (exact arithmetic)."""
    basis = _echelon(rows, n)
    out = []
    for i in range(n):
        unit = [Fraction(0)] * n
        unit[i] = Fraction(1)
        if _reduces_to_zero(unit, basis):
            out.append(i)
    return out


def _echelon(rows, n):
    basis = []  # (pivot, row) with row[pivot] == 1
    for row in rows:
        row = _reduce(list(row), basis)
        pivot = next((j for j in range(n) if row[j]), None)
        if pivot is None:
            continue
        row = [x / row[pivot] for x in row]
        basis.append((pivot, row))
    return basis


def _reduce(row, basis):
    for pivot, base in basis:
        if row[pivot]:
            factor = row[pivot]
            row = [a - factor * b for a, b in zip(row, base, strict=True)]
    return row


def _reduces_to_zero(vector, basis):
    # Reduce against the basis repeatedly (the basis is not fully reduced).
    for _ in range(len(basis) + 1):
        vector = _reduce(vector, basis)
        if not any(vector):
            return True
    return not any(vector)


def _bounded(unknown, index, rows, hidden, zeros):
    """Interval bounds: hidden counts >= 1 (>= 0 for `zeros`), "<5" ones <=
    MIN_GROUP - 1; each line narrows its cells; cells whose bounds close on one
    value."""
    big = 10**12
    lo = {i: (0 if key in zeros else 1) for key, i in index.items()}
    hi = {
        i: (MIN_GROUP - 1 if hidden[key] == THRESHOLD else big)
        for key, i in index.items()
    }
    for _ in range(4 * len(unknown) + 4):
        changed = False
        for row, constant in rows:
            # sum(row[j] * x_j) = constant, coefficients +-1.
            for j, coef in enumerate(row):
                if not coef:
                    continue
                rest_lo = rest_hi = Fraction(0)
                for k, other in enumerate(row):
                    if k == j or not other:
                        continue
                    a, b = other * lo[k], other * hi[k]
                    rest_lo += min(a, b)
                    rest_hi += max(a, b)
                a, b = (constant - rest_hi) / coef, (constant - rest_lo) / coef
                # Counts are whole numbers: round the bounds inwards.
                new_lo = max(lo[j], math.ceil(min(a, b)))
                new_hi = min(hi[j], math.floor(max(a, b)))
                if new_lo > lo[j] or new_hi < hi[j]:
                    lo[j], hi[j] = new_lo, new_hi
                    changed = True
        if not changed:
            break
    return {key for key, i in index.items() if lo[i] >= hi[i]}


# --- Linear programming bounds (a small dense simplex, standard library) ----------

EPS = 1e-9


def _lp_bounded(unknown, index, rows, hidden, zeros):
    """The hidden cells whose whole-number range under the relations and the
    bounds (>= 1, or >= 0 for `zeros`; "<5" at most 4) is one value: min and max
    of each cell by linear programming, rounded inwards. Catches combinations of
    lines interval bounds miss (a row total minus column bounds, say)."""
    n = len(unknown)
    lo = [0.0 if key in zeros else 1.0 for key in unknown]
    hi = [
        float(MIN_GROUP - 1) if hidden[key] == THRESHOLD else math.inf
        for key in unknown
    ]
    a = [[float(x) for x in row] for row, _c in rows]
    b = [float(c) for _row, c in rows]
    # Every solution the simplex finds is a table the reader cannot tell from the
    # true one: a cell seen at two whole values apart needs no program of its own.
    seen_lo, seen_hi = [math.inf] * n, [-math.inf] * n

    def saw(x):
        for j in range(n):
            seen_lo[j], seen_hi[j] = min(seen_lo[j], x[j]), max(seen_hi[j], x[j])

    def open_range(j):
        if seen_lo[j] == math.inf:
            return False
        return math.ceil(seen_lo[j] - 1e-6) < math.floor(seen_hi[j] + 1e-6)

    found = set()
    for i, key in enumerate(unknown):
        if open_range(i):
            continue
        c = [0.0] * n
        c[i] = 1.0
        low, x = _lp_min(a, b, lo, hi, c)
        if low is None:  # infeasible under the assumed bounds: nothing to learn
            continue
        saw(x)
        if open_range(i):
            continue
        high, x = _lp_min(a, b, lo, hi, [-v for v in c])
        if high == -math.inf:
            continue
        saw(x)
        if math.ceil(low - 1e-6) >= math.floor(-high + 1e-6):
            found.add(key)
    return found


def _lp_min(a, b, lo, hi, c):
    """(min c.x, a minimising x) subject to a x = b, lo <= x <= hi; (None, None)
    when infeasible, (-inf, None) when unbounded. Two-phase simplex on a dense
    tableau, Bland's rule."""
    n = len(c)
    # y = x - lo >= 0; upper bounds become rows y_j + s_j = hi_j - lo_j.
    uppers = [j for j in range(n) if hi[j] != math.inf]
    eq = []
    for row, rhs in zip(a, b, strict=True):
        rhs = rhs - sum(row[j] * lo[j] for j in range(n))
        eq.append((list(row), rhs) if rhs >= 0 else ([-x for x in row], -rhs))
    m_eq, m = len(eq), len(eq) + len(uppers)
    width = n + len(uppers) + m_eq + 1  # y, slacks, artificials, rhs
    tableau, basis = [], []
    for r, (row, rhs) in enumerate(eq):
        line = row + [0.0] * len(uppers) + [0.0] * m_eq + [rhs]
        line[n + len(uppers) + r] = 1.0
        tableau.append(line)
        basis.append(n + len(uppers) + r)
    for k, j in enumerate(uppers):
        line = [0.0] * width
        line[j] = 1.0
        line[n + k] = 1.0
        line[-1] = hi[j] - lo[j]
        tableau.append(line)
        basis.append(n + k)
    artificial = set(range(n + len(uppers), n + len(uppers) + m_eq))
    phase1 = [0.0] * (width - 1)
    for col in artificial:
        phase1[col] = 1.0
    if _simplex(tableau, basis, phase1, set()) is None:
        return -math.inf, None
    if _objective(tableau, basis, phase1) > 1e-7:
        return None, None
    for r in range(m):  # drive artificials at zero out of the basis
        if basis[r] in artificial:
            for col in range(width - 1):
                if col not in artificial and abs(tableau[r][col]) > EPS:
                    _pivot(tableau, basis, r, col)
                    break
    cost = list(c) + [0.0] * (width - 1 - n)
    if _simplex(tableau, basis, cost, artificial) is None:
        return -math.inf, None
    x = list(lo)
    for r, col in enumerate(basis):
        if col < n:
            x[col] += tableau[r][-1]
    value = _objective(tableau, basis, cost) + sum(c[j] * lo[j] for j in range(n))
    return value, x


def _objective(tableau, basis, cost):
    return sum(cost[basis[r]] * tableau[r][-1] for r in range(len(basis)))


def _simplex(tableau, basis, cost, banned):
    """Minimise `cost`; None when unbounded."""
    width = len(tableau[0]) - 1
    for _ in range(5000):
        entering = None
        for col in range(width):
            if col in banned or col in basis:
                continue
            reduced = cost[col] - sum(
                cost[basis[r]] * tableau[r][col] for r in range(len(basis))
            )
            if reduced < -EPS:
                entering = col
                break
        if entering is None:
            return True
        best, leaving = math.inf, None
        for r in range(len(basis)):
            if tableau[r][entering] > EPS:
                ratio = tableau[r][-1] / tableau[r][entering]
                if ratio < best - EPS or (
                    abs(ratio - best) <= EPS and basis[r] < basis[leaving]
                ):
                    best, leaving = ratio, r
        if leaving is None:
            return None
        _pivot(tableau, basis, leaving, entering)
    return True


def _pivot(tableau, basis, r, col):
    factor = tableau[r][col]
    tableau[r] = [x / factor for x in tableau[r]]
    for other in range(len(tableau)):
        if other != r and abs(tableau[other][col]) > EPS:
            f = tableau[other][col]
            tableau[other] = [
                x - f * y for x, y in zip(tableau[other], tableau[r], strict=True)
            ]
    basis[r] = col
