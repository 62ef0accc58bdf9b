"""The count's input and seat model: ballots, candidates, regions and organisations
checked (`Spec`), and the exact flow test of whether an admissible committee can
still be completed (`max_flow`). Standard library only."""

from __future__ import annotations

from collections import deque
from fractions import Fraction

from .protocol import CountError

# -- input ---------------------------------------------------------------------------


class Spec:
    def __init__(self):
        self.ballots: list[tuple[Fraction, tuple]] = []
        self.named: list = []
        self.fixed: list = []

    @classmethod
    def build(cls, ballots, seats, regions, minimum, maximum, organisations, seed):
        spec = cls()
        if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
            raise CountError(
                "invalid_seats", f"Seats must be a whole number >= 1, not {seats!r}."
            )
        spec.seats = seats
        if isinstance(seed, bool) or not isinstance(seed, int | str):
            raise CountError(
                "invalid_seed",
                f"The draw's seed must be a whole number or a text, not {seed!r}, "
                "so that any recount draws the same way.",
            )
        spec.regions = dict(regions) if regions is not None else None
        spec.minimum = dict(minimum or {})
        spec.maximum = dict(maximum or {})
        spec.organisations = dict(organisations or {})
        spec.seed = seed
        if (spec.minimum or spec.maximum) and spec.regions is None:
            raise CountError(
                "regions_required",
                "Regional minimums or maximums need the candidates' regions.",
            )
        for label, limits in (("minimum", spec.minimum), ("maximum", spec.maximum)):
            for region, n in limits.items():
                if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                    raise CountError(
                        "invalid_limit",
                        f"The {label} of region {region!r} must be a whole number "
                        f">= 0, not {n!r}.",
                    )
        for region, low in spec.minimum.items():
            if region in spec.maximum and low > spec.maximum[region]:
                raise CountError(
                    "minimum_exceeds_maximum",
                    f"Region {region!r} has a minimum ({low}) above its maximum "
                    f"({spec.maximum[region]}).",
                )
        if sum(spec.minimum.values()) > seats:
            raise CountError(
                "minimums_exceed_seats",
                f"The regional minimums add up to {sum(spec.minimum.values())}, more "
                f"than the {seats} seat(s).",
            )
        seen: dict = {}
        for number, item in enumerate(ballots, 1):
            try:
                weight, prefs = item
                prefs = tuple(prefs)
            except (TypeError, ValueError):
                raise CountError(
                    "invalid_ballot",
                    f"Ballot {number} is not a (weight, [candidate, ...]) pair.",
                ) from None
            try:
                weight = Fraction(weight)
            except (TypeError, ValueError):
                raise CountError(
                    "invalid_weight",
                    f"Ballot {number} has an invalid weight {weight!r}.",
                ) from None
            if weight < 0:
                raise CountError(
                    "negative_weight",
                    f"Ballot {number} has a negative weight {weight}.",
                )
            if len(set(prefs)) != len(prefs):
                raise CountError(
                    "duplicate_candidate",
                    f"Ballot {number} ranks a candidate more than once.",
                )
            for c in prefs:
                seen.setdefault(c, number)
            if weight > 0 and prefs:
                spec.ballots.append((weight, prefs))
        spec.seen = seen
        if spec.regions is not None:
            spec.named = list(spec.regions)
        else:
            spec.named = list(dict.fromkeys([*seen, *spec.organisations]))
        return spec

    def set_candidates(self, candidates):
        self.named = list(dict.fromkeys(candidates))

    def set_fixed(self, fixed):
        self.fixed = list(dict.fromkeys(fixed))
        if len(self.fixed) >= self.seats:
            raise CountError(
                "invalid_fixed",
                f"{len(self.fixed)} fixed candidate(s) leave no seat to fill out "
                f"of {self.seats}.",
            )

    def check(self):
        known = set(self.named)
        for c, number in self.seen.items():
            if c not in known:
                raise CountError(
                    "unknown_candidate",
                    f"Ballot {number} names an unknown candidate {c!r}.",
                )
        for c in [*self.organisations, *self.fixed]:
            if c not in known:
                raise CountError(
                    "unknown_candidate",
                    f"The organisations name an unknown candidate {c!r}.",
                )
        if self.regions is not None:
            for c in self.named:
                if c not in self.regions:
                    raise CountError(
                        "missing_region", f"Candidate {c!r} has no region."
                    )


# -- feasibility ---------------------------------------------------------------------


def max_flow(cap, source, sink) -> int:
    flow = 0
    while True:
        parent = {source: None}
        queue = deque([source])
        while queue and sink not in parent:
            u = queue.popleft()
            for v, c in cap[u].items():
                if c > 0 and v not in parent:
                    parent[v] = u
                    queue.append(v)
        if sink not in parent:
            return flow
        path, v = [], sink
        while parent[v] is not None:
            path.append((parent[v], v))
            v = parent[v]
        push = min(cap[u][v] for u, v in path)
        for u, v in path:
            cap[u][v] -= push
            cap[v][u] += push
        flow += push
