"""The Steering Committee's count: STV with regional minimums and maximums.

A pure module (standard library only: no Flask, no database) so that any member
organisation can rerun the count from the published ballots and seed.

Rules, exactly as implemented:

* Quota: the exact Droop quota ``q = V / (seats + 1)`` as a Fraction, where ``V`` is
  the total weight of the valid (non-empty, positive-weight) ballots. It is fixed for
  the whole count. A candidate is elected when her tally *strictly exceeds* ``q``
  (for whole-number tallies this is the same test as ``>= floor(V/(seats+1)) + 1``,
  the integer Droop quota; surpluses are measured from the exact ``q``).
* Transfers: weighted inclusive Gregory. An elected candidate's surplus
  ``s = tally - q`` is passed on by sending *all* her ballots (including the ones she
  received by transfer) to their next continuing preference at their current value
  times ``s / tally``; she keeps ``q``. Ballots with no continuing preference left are
  exhausted at that value. An excluded candidate's ballots move at their current
  value. Ballots never go to elected or excluded candidates.
* Order: after each round's transfer, every continuing candidate above the quota is
  elected, highest tally first; then surpluses are transferred one per round, largest
  first; when there is no surplus to transfer, the lowest continuing candidate who is
  not protected is excluded (one per round). Candidates excluded by the rules below
  have their ballots transferred in the next round, before any surplus.
* Seat model: a committee is *admissible* when it has the seats, each region's count
  lies within its ``minimum`` and ``maximum``, and no two members share an
  organisation. At every step the counter keeps an admissible completion possible
  (checked exactly, as a flow problem with lower bounds): a continuing candidate who
  belongs to no admissible completion is excluded at once (her region is at its
  maximum, her organisation already holds a seat, or the remaining seats are needed by
  other regions' minimums); a continuing candidate who belongs to every admissible
  completion is *protected* and is never excluded as the lowest. When the continuing
  candidates exactly fill the remaining seats they are all elected. Hence, whenever an
  admissible committee exists, the result is one.
* Ties (highest for election order and surplus order, lowest for exclusion) are broken
  by the earlier rounds, most recent first: the tied candidate with the higher (resp.
  lower) tally in the latest earlier round where the tied candidates differed. If they
  were equal in every round, one is drawn with ``random.Random(seed).choice`` over the
  tied names sorted as strings (one generator for the whole count, draws in order).
  Every tie-break is recorded in its round.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from .protocol import EXHAUSTED, CountError, Result, Round, TieBreak, Transfer
from .seats import Spec, max_flow

__all__ = ["CountError", "Result", "Round", "TieBreak", "Transfer", "count"]


def count(
    ballots: Iterable[tuple[Any, Sequence[Hashable]]],
    seats: int,
    regions: Mapping[Hashable, Hashable] | None = None,
    minimum: Mapping[Hashable, int] | None = None,
    maximum: Mapping[Hashable, int] | None = None,
    organisations: Mapping[Hashable, Hashable] | None = None,
    seed: Any = 0,
    candidates: Iterable[Hashable] | None = None,
    fixed: Iterable[Hashable] = (),
) -> Result:
    """Count an STV election with regional guarantees (rules: the module docstring).

    Parameters
    ----------
    ballots : iterable of (weight, [candidate, ...])
        Each ballot's weight (int, Fraction, Decimal or "n/d" string; >= 0) and its
        preferences, most preferred first, without repeats. Empty ballots and
        zero-weight ballots are not valid votes and do not count towards the quota.
    seats : int
        Seats to fill (>= 1).
    regions : mapping candidate -> region, optional
        Required with `minimum` or `maximum`; then every candidate needs a region.
    minimum, maximum : mapping region -> int, optional
        Seats each region must at least / may at most hold.
    organisations : mapping candidate -> organisation, optional
        At most one seat per organisation; a candidate absent here has none.
    seed : int or str
        Seed of ``random.Random`` for draws (published with the result); None is
        refused, as a recount must draw the same way.
    candidates : iterable, optional
        All standing candidates (also those with no votes). Defaults to the keys of
        `regions` if given, else to everyone named on a ballot or in
        `organisations`.
    fixed : iterable, optional
        Candidates who must be elected: the sitting members when a vacancy is filled
        by recounting the original ballots (the departed member left out of
        `candidates` and her preferences skipped). They are protected from
        exclusion and count towards the regional and organisation rules.

    Returns
    -------
    Result
        ``elected`` (in order of election) and ``rounds`` (the protocol).

    Raises
    ------
    CountError
        With ``code`` one of: invalid_seats, invalid_seed, invalid_weight,
        negative_weight, invalid_ballot, duplicate_candidate, unknown_candidate,
        regions_required, missing_region, invalid_limit, minimum_exceeds_maximum,
        minimums_exceed_seats, invalid_fixed, no_feasible_committee.
    """
    spec = Spec.build(ballots, seats, regions, minimum, maximum, organisations, seed)
    if candidates is not None:
        spec.set_candidates(candidates)
    spec.set_fixed(fixed)
    spec.check()
    return _Count(spec).run()


# -- the count -----------------------------------------------------------------------


class _Paper:
    __slots__ = ("value", "prefs", "pos")

    def __init__(self, value, prefs):
        self.value, self.prefs, self.pos = value, prefs, 0


class _Count:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.names = spec.named
        self.seats = min(spec.seats, len(self.names))
        regions = spec.regions or {}
        self.region = {c: regions.get(c) for c in self.names}
        self.org = {
            c: ("org", spec.organisations[c]) if c in spec.organisations else ("own", c)
            for c in self.names
        }
        self.fixed = set(spec.fixed)
        self.constrained = bool(
            spec.minimum or spec.maximum or spec.organisations or self.fixed
        )
        self.total = sum((w for w, _ in spec.ballots), Fraction(0))
        self.quota = self.total / (spec.seats + 1)
        self.rng = random.Random(spec.seed)
        self.continuing = list(self.names)
        self.elected: list = []
        self.excluded: set = set()
        self.kept: dict = {}
        self.pending_surplus: list = []
        self.pending_ineligible: list = []
        self.exhausted = Fraction(0)
        self.history: list[dict] = []
        self.holding: dict = {c: [] for c in self.names}
        for weight, prefs in spec.ballots:
            self.holding[prefs[0]].append(_Paper(weight, prefs))

    # feasibility of completing an admissible committee from `elected` + `continuing`
    def feasible(self, elected, continuing) -> bool:
        if self.fixed:  # completions keep every fixed candidate: count them in
            if self.fixed - set(elected) - set(continuing):
                return False
            elected = [*elected, *(c for c in continuing if c in self.fixed)]
            continuing = [c for c in continuing if c not in self.fixed]
        need = self.seats - len(elected)
        if need < 0:
            return False
        if not self.constrained:
            return len(continuing) >= need
        held = {self.org[c] for c in elected}
        if len(held) < len(elected):
            return False
        usable = [c for c in continuing if self.org[c] not in held]
        have: dict = defaultdict(int)
        for c in elected:
            have[self.region[c]] += 1
        cap: dict = defaultdict(lambda: defaultdict(int))
        excess: dict = defaultdict(int)

        def edge(u, v, low, high):
            cap[u][v] += high - low
            cap[v][u] += 0
            excess[v] += low
            excess[u] -= low

        for o in {self.org[c] for c in usable}:
            edge("S", ("o", o), 0, 1)
        for o, r in {(self.org[c], self.region[c]) for c in usable}:
            edge(("o", o), ("r", r), 0, 1)
        regions = {self.region[c] for c in usable} | set(self.spec.minimum)
        for r in regions:
            low = max(0, self.spec.minimum.get(r, 0) - have[r])
            high = self.spec.maximum.get(r, need + have[r]) - have[r]
            high = min(high, need)
            if high < low:
                return False
            edge(("r", r), "T", low, high)
        for r, n in have.items():
            if n > self.spec.maximum.get(r, n):
                return False
        edge("T", "S", need, need)
        required = 0
        for v, e in list(excess.items()):
            if e > 0:
                cap["S*"][v] += e
                cap[v]["S*"] += 0
                required += e
            elif e < 0:
                cap[v]["T*"] += -e
                cap["T*"][v] += 0
        return max_flow(cap, "S*", "T*") == required

    def tallies(self) -> dict:
        return {
            c: self.kept[c]
            if c in self.kept
            else sum((p.value for p in self.holding[c]), Fraction(0))
            for c in self.names
        }

    def choose(self, tied, current, highest, purpose, ties) -> Hashable:
        """The candidate with the highest/lowest `current` tally, ties broken."""
        pick = max if highest else min
        best = pick(current[c] for c in tied)
        pool = [c for c in tied if current[c] == best]
        if len(pool) == 1:
            return pool[0]
        first = tuple(sorted(pool, key=str))
        for index in range(len(self.history) - 1, -1, -1):
            earlier = self.history[index]
            best = pick(earlier[c] for c in pool)
            pool = [c for c in pool if earlier[c] == best]
            if len(pool) == 1:
                ties.append(
                    TieBreak(purpose, first, "earlier_rounds", pool[0], index + 1)
                )
                return pool[0]
        drawn_from = tuple(sorted(pool, key=str))
        chosen = self.rng.choice(drawn_from)
        ties.append(
            TieBreak(purpose, first, "draw", chosen, None, self.spec.seed, drawn_from)
        )
        return chosen

    def move(self, source, factor) -> list[Transfer]:
        flows: dict = {}
        active = set(self.continuing)
        for paper in self.holding[source]:
            if factor is not None:
                paper.value *= factor
            target = EXHAUSTED
            for pos in range(paper.pos + 1, len(paper.prefs)):
                if paper.prefs[pos] in active:
                    target, paper.pos = paper.prefs[pos], pos
                    break
            if target is EXHAUSTED:
                self.exhausted += paper.value
            else:
                self.holding[target].append(paper)
            value, papers = flows.get(target, (Fraction(0), 0))
            flows[target] = (value + paper.value, papers + 1)
        self.holding[source] = []
        order = sorted(flows, key=lambda t: (t is EXHAUSTED, str(t)))
        return [Transfer(source, t, flows[t][0], flows[t][1], factor) for t in order]

    def protected(self) -> tuple:
        if not self.constrained and len(self.continuing) > self.seats - len(
            self.elected
        ):
            return ()
        return tuple(
            c
            for c in self.continuing
            if not self.feasible(self.elected, [d for d in self.continuing if d != c])
        )

    def reason(self, c) -> str:
        r = self.region[c]
        in_region = sum(1 for e in self.elected if self.region[e] == r)
        if r in self.spec.maximum and in_region >= self.spec.maximum[r]:
            return "region_maximum"
        if any(self.org[e] == self.org[c] for e in self.elected):
            return "organisation"
        return "seats_reserved"

    def sweep(self, excluded_now: dict):
        """Exclude at once each continuing candidate in no admissible committee."""
        if len(self.elected) >= self.seats:
            return
        for c in list(self.continuing):
            others = [d for d in self.continuing if d != c]
            if not self.feasible([*self.elected, c], others):
                excluded_now[c] = self.reason(c)
        for c in excluded_now:
            if c in self.continuing:
                self.continuing.remove(c)
                self.excluded.add(c)
                self.pending_ineligible.append(c)

    def run(self) -> Result:
        if not self.feasible([], self.continuing):
            raise CountError(
                "no_feasible_committee",
                f"No committee of {self.seats} seat(s) among these candidates meets "
                "the regional minimums and maximums and the one seat per "
                "organisation.",
            )
        rounds: list[Round] = []
        action, subjects, transfers, excluded_now, ties = (
            "first_preferences",
            (),
            [],
            {},
            [],
        )
        protected = self.protected()
        while True:
            current = self.tallies()
            elected_now: list = []
            self.sweep(excluded_now)
            while len(self.elected) < self.seats:
                over = [c for c in self.continuing if current[c] > self.quota]
                if not over:
                    break
                c = self.choose(over, current, True, "elect", ties)
                self.continuing.remove(c)
                self.elected.append(c)
                elected_now.append(c)
                self.pending_surplus.append(c)
                self.sweep(excluded_now)
            remaining = self.seats - len(self.elected)
            done = remaining == 0
            if remaining and len(self.continuing) == remaining:
                while self.continuing:
                    c = self.choose(self.continuing, current, True, "elect", ties)
                    self.continuing.remove(c)
                    self.elected.append(c)
                    elected_now.append(c)
                done = True
            rounds.append(
                Round(
                    number=len(rounds) + 1,
                    action=action,
                    candidates=tuple(subjects),
                    quota=self.quota,
                    tallies=current,
                    exhausted=self.exhausted,
                    transfers=tuple(transfers),
                    elected=tuple(elected_now),
                    excluded=dict(excluded_now),
                    protected=protected,
                    tie_breaks=tuple(ties),
                )
            )
            self.history.append(current)
            if done:
                break
            # the next round's transfer
            transfers, excluded_now, ties = [], {}, []
            protected = self.protected()
            if self.pending_ineligible:
                action, subjects = "ineligible", tuple(self.pending_ineligible)
                self.pending_ineligible = []
                for c in subjects:
                    transfers += self.move(c, None)
            elif self.pending_surplus:
                c = self.choose(self.pending_surplus, current, True, "surplus", ties)
                self.pending_surplus.remove(c)
                surplus = current[c] - self.quota
                action, subjects = "surplus", (c,)
                transfers = self.move(c, surplus / current[c])
                self.kept[c] = self.quota
            else:
                candidates = [c for c in self.continuing if c not in protected]
                c = self.choose(candidates, current, False, "exclude", ties)
                self.continuing.remove(c)
                self.excluded.add(c)
                excluded_now[c] = "lowest"
                action, subjects = "exclusion", (c,)
                transfers = self.move(c, None)
        return Result(
            elected=tuple(self.elected),
            rounds=tuple(rounds),
            seats=self.spec.seats,
            quota=self.quota,
            total=self.total,
            seed=self.spec.seed,
            candidates=tuple(self.names),
        )
