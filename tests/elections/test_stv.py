"""The STV counter: published examples, an independent count, properties, bad input."""

import ast
import csv
import io
import itertools
import json
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorship.elections.stv import CountError, count

PACKAGE = Path(__file__).resolve().parents[2] / "mentorship" / "elections"
F = Fraction


# -- purity ---------------------------------------------------------------------------


def test_stv_imports_without_flask():
    """`mentorship/__init__.py` imports Flask, so the elections package is loaded
    under a bare stand-in for its parent: nothing but the standard library loads."""
    code = (
        "import sys, types\n"
        "parent = types.ModuleType('mentorship')\n"
        f"parent.__path__ = [{str(PACKAGE.parent)!r}]\n"
        "sys.modules['mentorship'] = parent\n"
        "from mentorship.elections.stv import count\n"
        "assert count([(1, ['a'])], 1).elected == ('a',)\n"
        "bad = [m for m in sys.modules\n"
        "       if m.split('.')[0] in ('flask', 'sqlalchemy')\n"
        "       or (m.startswith('mentorship.') and not m.startswith("
        "'mentorship.elections'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("module", ["stv", "seats", "protocol"])
def test_the_count_imports_only_the_standard_library(module):
    """Each module of the count imports the standard library and its siblings."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            assert node.level == 1 and node.module in ("seats", "protocol"), module
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module.split(".")[0])
    assert names <= sys.stdlib_module_names | {"__future__"}, names


def test_package_init_imports_nothing_on_import():
    """Importing the package runs no import (its init_app imports the web part
    when the app calls it)."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text())
    assert not [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]


# -- published examples ---------------------------------------------------------------

FOOD = [
    (4, ["Oranges", "Pears"]),
    (2, ["Pears", "Oranges"]),
    (8, ["Chocolate", "Strawberries"]),
    (4, ["Chocolate", "Sweets"]),
    (1, ["Strawberries"]),
    (1, ["Sweets"]),
]


def test_wikipedia_food_example():
    """Wikipedia, "Single transferable vote", section Example (the food election).

    20 guests, 3 seats; published winners Chocolate, Oranges, Strawberries (with the
    integer Droop quota 6 Strawberries is elected last). With the exact quota
    20/4 = 5 and WIGM, by hand:
    round 1: Oranges 4, Pears 2, Chocolate 12, Strawberries 1, Sweets 1; Chocolate > 5.
    round 2: Chocolate's surplus 7 at 7/12: 8*7/12 = 14/3 to Strawberries (17/3),
             4*7/12 = 7/3 to Sweets (10/3); Strawberries > 5 is elected.
    round 3: Strawberries' surplus 2/3 at (2/3)/(17/3) = 2/17: every ballot is
             exhausted, 2/3 in all.
    round 4: Pears (2) excluded, to Oranges: 6 > 5, elected. Sweets keeps 10/3.
    """
    result = count(FOOD, 3)
    assert set(result.elected) == {"Chocolate", "Oranges", "Strawberries"}
    assert result.elected == ("Chocolate", "Strawberries", "Oranges")
    assert result.quota == 5
    r1, r2, r3, r4 = result.rounds
    assert r1.tallies == {
        "Oranges": 4,
        "Pears": 2,
        "Chocolate": 12,
        "Strawberries": 1,
        "Sweets": 1,
    }
    assert r1.elected == ("Chocolate",)
    assert r2.action == "surplus" and r2.candidates == ("Chocolate",)
    assert r2.tallies["Strawberries"] == F(17, 3)
    assert r2.tallies["Sweets"] == F(10, 3)
    assert r2.tallies["Chocolate"] == 5
    assert {t.target: t.value for t in r2.transfers} == {
        "Strawberries": F(14, 3),
        "Sweets": F(7, 3),
    }
    assert {t.transfer_value for t in r2.transfers} == {F(7, 12)}
    assert r2.elected == ("Strawberries",)
    assert r3.transfers[0].transfer_value == F(2, 17)
    assert r3.exhausted == F(2, 3)
    assert [t.target for t in r3.transfers] == [None]
    assert r4.action == "exclusion" and r4.excluded == {"Pears": "lowest"}
    assert r4.tallies["Oranges"] == 6 and r4.tallies["Sweets"] == F(10, 3)
    assert r4.elected == ("Oranges",)


def test_wikipedia_two_seat_example():
    """Wikipedia, "Counting single transferable votes" (also "Droop quota"): 57 voters,
    2 seats, Andrea 40 first preferences (16 then Brad, 24 then Carter), Delilah 17.

    Published: Andrea elected; her surplus splits 12 : 8 between Carter and Brad
    (integer quota 20); Brad excluded, his votes go to Carter, who is elected.
    With the exact quota 57/3 = 19 and WIGM, by hand: Andrea's surplus 21 at 21/40:
    Brad 16*21/40 = 42/5, Carter 24*21/40 = 63/5; Brad excluded: Carter 21 > 19.
    """
    ballots = [
        (16, ["Andrea", "Brad", "Carter", "Delilah"]),
        (24, ["Andrea", "Carter", "Brad", "Delilah"]),
        (17, ["Delilah", "Andrea", "Carter", "Brad"]),
    ]
    result = count(ballots, 2)
    assert result.elected == ("Andrea", "Carter")
    assert result.quota == 19
    r1, r2, r3 = result.rounds
    assert r1.tallies == {"Andrea": 40, "Brad": 0, "Carter": 0, "Delilah": 17}
    assert r2.tallies == {"Andrea": 19, "Brad": F(42, 5), "Carter": F(63, 5)} | {
        "Delilah": 17
    }
    assert r3.excluded == {"Brad": "lowest"}
    assert r3.tallies["Carter"] == 21 and r3.elected == ("Carter",)


# -- the seat model, by hand ----------------------------------------------------------


def test_region_minimum_protects_its_last_candidate():
    """Africa needs one seat of two; Zola (Africa) has the fewest votes but is
    protected; the lowest of the others is excluded instead, and Zola is elected."""
    ballots = [(10, ["Ann"]), (9, ["Bea"]), (8, ["Cat"]), (2, ["Zola"])]
    regions = {"Ann": "EU", "Bea": "EU", "Cat": "EU", "Zola": "AF"}
    result = count(ballots, 2, regions=regions, minimum={"AF": 1})
    assert set(result.elected) == {"Ann", "Zola"}
    assert "Zola" in result.rounds[0].protected
    excluded = {c: why for r in result.rounds for c, why in r.excluded.items()}
    assert excluded["Bea"] == "seats_reserved"  # once Ann holds the only free seat
    assert "Zola" not in excluded


def test_region_maximum_and_organisation_exclude_at_once():
    ballots = [
        (30, ["Ann", "Bea", "Dan"]),
        (25, ["Cat", "Bea", "Eve"]),
        (5, ["Dan"]),
        (4, ["Eve"]),
        (6, ["Fay"]),
    ]
    regions = {"Ann": "EU", "Bea": "EU", "Cat": "AS", "Dan": "AS", "Eve": "AF"}
    regions["Fay"] = "AF"
    organisations = {"Cat": "Mine Co", "Dan": "Mine Co"}
    result = count(
        ballots,
        3,
        regions=regions,
        maximum={"EU": 1},
        organisations=organisations,
    )
    excluded = {c: why for r in result.rounds for c, why in r.excluded.items()}
    assert excluded["Bea"] == "region_maximum"
    assert excluded["Dan"] == "organisation"
    assert result.elected == ("Ann", "Cat", "Eve")
    # Bea's and Dan's ballots are transferred in the round after, before surpluses
    assert result.rounds[1].action == "ineligible"
    assert set(result.rounds[1].candidates) == {"Bea", "Dan"}
    # quota 70/4; Ann's surplus (25/2) is exhausted, Cat's (15/2) goes to Eve
    assert result.rounds[3].tallies["Eve"] == F(23, 2)
    assert result.rounds[4].excluded == {"Fay": "lowest"}


# -- ties -----------------------------------------------------------------------------


def test_tie_broken_by_earlier_round():
    """B and C tie for last in round 2; B had fewer votes in round 1, so B goes."""
    # quota 27/3 = 9; A's surplus 2 goes to B: B 3 + 2 = 5 = C
    ballots = [(11, ["A", "B"]), (3, ["B"]), (5, ["C"]), (8, ["D"])]
    result = count(ballots, 2)
    assert result.quota == 9
    r2 = result.rounds[1]
    assert r2.tallies["B"] == r2.tallies["C"] == 5
    r3 = result.rounds[2]
    assert r3.excluded == {"B": "lowest"}
    (tie,) = r3.tie_breaks
    assert (tie.rule, tie.round, tie.chosen, tie.purpose) == (
        "earlier_rounds",
        1,
        "B",
        "exclude",
    )


def test_tie_broken_by_seeded_draw_is_recorded_and_reproducible():
    ballots = [(5, ["A"]), (3, ["B"]), (3, ["C"]), (3, ["D"])]
    outcomes = set()
    for seed in range(12):
        first = count(ballots, 2, seed=seed)
        assert count(ballots, 2, seed=seed) == first
        # round 1: A elected; round 2: her surplus is exhausted; round 3: B, C, D
        # tie at 3 in every round, so the draw decides who is excluded
        tie = first.rounds[2].tie_breaks[0]
        assert tie.rule == "draw" and tie.seed == seed
        assert tie.drawn_from == ("B", "C", "D")
        assert tie.chosen == random.Random(seed).choice(["B", "C", "D"])
        outcomes.add(first.elected)
    assert len(outcomes) > 1


# -- an independent count: one seat is instant-runoff ---------------------------------


def instant_runoff(ballots, candidates):
    """Exclude the fewest until one is left; None on any tie for last place."""
    left = set(candidates)
    while len(left) > 1:
        tally = dict.fromkeys(left, Fraction(0))
        for weight, prefs in ballots:
            top = next((c for c in prefs if c in left), None)
            if top is not None:
                tally[top] += weight
        low = min(tally.values())
        last = [c for c in left if tally[c] == low]
        if len(last) > 1:
            return None
        left.remove(last[0])
    return left.pop()


def random_ballots(rng, candidates, n):
    ballots = []
    for _ in range(n):
        k = rng.randint(1, len(candidates))
        ballots.append((rng.randint(1, 50), rng.sample(candidates, k)))
    return ballots


def test_one_seat_equals_instant_runoff():
    compared = 0
    for seed in range(400):
        rng = random.Random(seed)
        candidates = [f"c{i}" for i in range(rng.randint(2, 7))]
        ballots = random_ballots(rng, candidates, rng.randint(1, 30))
        expected = instant_runoff(ballots, candidates)
        if expected is None:
            continue
        result = count(ballots, 1, candidates=candidates)
        assert result.elected == (expected,), seed
        compared += 1
    assert compared > 250


# -- properties -----------------------------------------------------------------------

REGIONS = ("AF", "AS", "EU", "LA")


@st.composite
def elections(draw):
    n = draw(st.integers(1, 8))
    names = [f"c{i}" for i in range(n)]
    regions = {c: draw(st.sampled_from(REGIONS)) for c in names}
    organisations = {
        c: draw(st.sampled_from("pqrs")) for c in names if draw(st.booleans())
    }
    seats = draw(st.integers(1, 5))
    minimum = {r: draw(st.integers(0, 2)) for r in REGIONS if draw(st.booleans())}
    maximum = {
        r: draw(st.integers(minimum.get(r, 0), 3))
        for r in REGIONS
        if draw(st.booleans())
    }
    while sum(minimum.values()) > seats:
        minimum.popitem()
    ballots = draw(
        st.lists(
            st.tuples(
                st.integers(0, 20),
                st.permutations(names).flatmap(
                    lambda p: st.integers(0, len(p)).map(lambda k: p[:k])
                ),
            ),
            max_size=25,
        )
    )
    seed = draw(st.integers(0, 3))
    return dict(
        ballots=ballots,
        seats=seats,
        regions=regions,
        minimum=minimum,
        maximum=maximum,
        organisations=organisations,
        seed=seed,
    )


def admissible(committee, e):
    per_region = {}
    for c in committee:
        per_region[e["regions"][c]] = per_region.get(e["regions"][c], 0) + 1
    orgs = [e["organisations"][c] for c in committee if c in e["organisations"]]
    return (
        len(set(orgs)) == len(orgs)
        and all(per_region.get(r, 0) >= n for r, n in e["minimum"].items())
        and all(per_region.get(r, 0) <= n for r, n in e["maximum"].items())
    )


def brute_force_feasible(e):
    names = list(e["regions"])
    size = min(e["seats"], len(names))
    return any(admissible(c, e) for c in itertools.combinations(names, size))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections())
def test_regional_rules_hold_whenever_they_can(e):
    feasible = brute_force_feasible(e)
    if not feasible:
        with pytest.raises(CountError) as error:
            count(**e)
        assert error.value.code == "no_feasible_committee"
        return
    result = count(**e)
    assert len(result.elected) == min(e["seats"], len(e["regions"]))
    assert len(set(result.elected)) == len(result.elected)
    assert admissible(result.elected, e)
    # weight is conserved exactly in every round
    total = sum(Fraction(w) for w, p in e["ballots"] if p)
    assert result.total == total
    for r in result.rounds:
        assert sum(r.tallies.values()) + r.exhausted == total
        assert r.quota == total / (e["seats"] + 1)
        assert not set(r.protected) & set(r.excluded)
    # deterministic for a seed; the protocol serialises
    assert count(**e) == result
    json.dumps(result.to_json())
    assert list(csv.reader(io.StringIO(result.to_csv())))[0][0] == "round"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.data())
def test_a_vacancy_recount_keeps_the_sitting_members(e, data):
    """Fill a vacancy: the departed member withdrawn (her preferences skipped),
    the others fixed. The fixed are all re-elected, one new member joins, and the
    regional rules still hold whenever they can."""
    if not brute_force_feasible(e):
        return
    first = count(**e)
    if len(first.elected) < 2 or len(e["regions"]) <= len(first.elected):
        return
    departed = data.draw(st.sampled_from(first.elected))
    sitting = [c for c in first.elected if c != departed]
    rest = {c: r for c, r in e["regions"].items() if c != departed}
    again = dict(
        e,
        regions=rest,
        organisations={c: o for c, o in e["organisations"].items() if c in rest},
        ballots=[(w, [c for c in p if c != departed]) for w, p in e["ballots"]],
        fixed=sitting,
    )
    if not brute_force_feasible(again) or not any(
        admissible([*sitting, c], again) for c in rest if c not in sitting
    ):
        with pytest.raises(CountError):
            count(**again)
        return
    result = count(**again)
    assert set(sitting) <= set(result.elected)
    assert len(result.elected) == len(first.elected)
    assert admissible(result.elected, again)


def test_a_vacancy_goes_to_the_departed_members_next_preferences():
    ballots = [(6, ["a", "d"]), (5, ["b"]), (4, ["c"]), (2, ["d"])]
    first = count(ballots, 2, candidates="abcd")
    assert first.elected == ("a", "b")
    again = count(
        [(w, [c for c in p if c != "a"]) for w, p in ballots],
        2,
        candidates="bcd",
        fixed=["b"],
    )
    # her six ballots go on to d, who now leads c (8 to 4)
    assert set(again.elected) == {"b", "d"}


@settings(max_examples=200, deadline=None)
@given(elections())
def test_without_a_seat_model_every_seat_is_filled(e):
    result = count(e["ballots"], e["seats"], candidates=list(e["regions"]))
    assert len(result.elected) == min(e["seats"], len(e["regions"]))
    for r in result.rounds:
        assert r.protected == () or len(r.protected) <= e["seats"]
        for c in r.elected:
            # elected above the quota, or filling the last seats
            assert r.tallies[c] > r.quota or r is result.rounds[-1]


def test_regional_rules_hold_on_seeded_random_elections():
    """1,500 seeded elections of up to 10 candidates; in many of them a count without
    the seat model would break a rule, so the guarantee is really exercised."""
    regions_ = ("AF", "AS", "EU", "LA")
    tally = {"feasible": 0, "plain_breaks_rules": 0, "protected": 0}
    for seed in range(1500):
        rng = random.Random(seed)
        n = rng.randint(2, 10)
        names = [f"c{i}" for i in range(n)]
        e = dict(
            regions={c: rng.choice(regions_) for c in names},
            organisations={c: rng.choice("pqrst") for c in names if rng.random() < 0.5},
            seats=rng.randint(1, 5),
            seed=seed,
        )
        e["minimum"] = {r: rng.randint(0, 2) for r in regions_ if rng.random() < 0.5}
        e["maximum"] = {
            r: rng.randint(e["minimum"].get(r, 0), 3)
            for r in regions_
            if rng.random() < 0.5
        }
        while sum(e["minimum"].values()) > e["seats"]:
            e["minimum"].popitem()
        e["ballots"] = [
            (rng.randint(1, 9), rng.sample(names, rng.randint(1, n)))
            for _ in range(rng.randint(0, 40))
        ]
        if not brute_force_feasible(e):
            with pytest.raises(CountError):
                count(**e)
            continue
        result = count(**e)
        assert admissible(result.elected, e), seed
        assert len(result.elected) == min(e["seats"], n)
        tally["feasible"] += 1
        plain = count(e["ballots"], e["seats"], candidates=names)
        tally["plain_breaks_rules"] += not admissible(plain.elected, e)
        tally["protected"] += any(r.protected for r in result.rounds)
    assert tally["feasible"] > 800
    assert tally["plain_breaks_rules"] > 200 and tally["protected"] > 200


# -- the protocol ---------------------------------------------------------------------


def test_json_and_csv_protocol():
    result = count(FOOD, 3, seed=42)
    data = json.loads(json.dumps(result.to_json()))
    assert data["quota"] == {"exact": "5/1", "decimal": 5.0}
    assert data["elected"] == ["Chocolate", "Strawberries", "Oranges"]
    assert data["seed"] == 42
    round2 = data["rounds"][1]
    assert {t["to"]: t["value"]["exact"] for t in round2["transfers"]} == {
        "Strawberries": "14/3",
        "Sweets": "7/3",
    }
    assert Fraction(round2["transfers"][0]["transfer_value"]["exact"]) == F(7, 12)
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    strawberries = [
        r
        for r in rows
        if r["candidate"] == "Strawberries" and r["status"] != "transfer"
    ]
    assert [Fraction(r["tally"]) for r in strawberries] == [1, F(17, 3), 5, 5]
    assert strawberries[1]["event"] == "elected"
    pears = [r for r in rows if r["candidate"] == "Pears" and r["round"] == "4"]
    assert pears[-1]["event"] == "excluded (lowest)"


# -- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        (dict(seats=0), "invalid_seats"),
        (dict(seats=True), "invalid_seats"),
        (dict(seed=None), "invalid_seed"),
        (dict(seed=1.5), "invalid_seed"),
        (dict(ballots=[(-1, ["a"])]), "negative_weight"),
        (dict(ballots=[("x", ["a"])]), "invalid_weight"),
        (dict(ballots=[(1, ["a", "b", "a"])]), "duplicate_candidate"),
        (dict(ballots=[(1, ["a", "zz"])]), "unknown_candidate"),
        (dict(ballots=[3]), "invalid_ballot"),
        (dict(minimum={"EU": 2, "AF": 1}), "minimums_exceed_seats"),
        (dict(minimum={"EU": 2}, maximum={"EU": 1}), "minimum_exceeds_maximum"),
        (dict(minimum={"EU": -1}), "invalid_limit"),
        (dict(minimum={"AF": 1}, regions=None), "regions_required"),
        (dict(regions={"a": "EU", "b": "EU"}), "unknown_candidate"),
        (dict(candidates=["a", "b", "c", "d"]), "missing_region"),
        (dict(organisations={"a": "o", "b": "o", "c": "o"}), "no_feasible_committee"),
        (dict(maximum={"EU": 0, "AF": 0}), "no_feasible_committee"),
        (dict(fixed=["a", "b"]), "invalid_fixed"),
        (dict(fixed=["zz"]), "unknown_candidate"),
    ],
)
def test_bad_input(kwargs, code):
    e = dict(
        ballots=[(1, ["a", "b"]), (2, ["c"])],
        seats=2,
        regions={"a": "EU", "b": "EU", "c": "AF"},
    )
    e.update(kwargs)
    with pytest.raises(CountError) as error:
        count(**e)
    assert error.value.code == code
    assert isinstance(error.value, ValueError) and str(error.value)
