"""Disclosure control on its own: blocks, what may be published, rounding.

The property every published figure must keep: no two of them (and no total minus
the visible cells of a breakdown) can be subtracted to single out fewer than 5
people. Checked by brute force over every view a reader can request on random
cohorts, without looking at how the blocks are built.
"""

import itertools
import random

import pytest

from mentorship.core.disclosure import (
    MIN_GROUP,
    NEVER,
    Partition,
    round_mean,
    round_score,
    suppress,
)

DIMENSIONS = 4  # e.g. stage, programme, organisation, language


def cohort(rng, sizes=(3, 3, 6, 3), empty=0.4):
    """Random counts per cell, many small and empty ones."""
    cells = {}
    for key in itertools.product(*(range(size) for size in sizes)):
        if rng.random() > empty:
            cells[key] = rng.choice((1, 1, 1, 2, 3, 4, 5, 6, 9, 17, 22))
    return cells


def views(cells):
    """Every view a reader can request: each dimension fixed to a value or left open."""
    values = [sorted({key[d] for key in cells}) + [None] for d in range(DIMENSIONS)]
    for wanted in itertools.product(*values):
        keys = frozenset(
            key
            for key in cells
            if all(v is None or key[d] == v for d, v in enumerate(wanted))
        )
        yield wanted, keys


def published(cells):
    partition = Partition(cells)
    shown = {}
    for wanted, keys in views(cells):
        n = partition.total(keys)
        if n >= MIN_GROUP and partition.allows(keys):
            shown[wanted] = keys
    return partition, shown


def unsafe(n):
    return 0 < n < MIN_GROUP


@pytest.mark.parametrize("seed", range(12))
def test_no_two_published_figures_single_out_fewer_than_five(seed):
    cells = cohort(random.Random(seed))
    partition, shown = published(cells)
    assert shown, "something is published"
    groups = set(shown.values())
    for a, b in itertools.permutations(groups, 2):
        assert not unsafe(partition.total(a - b)), (sorted(a - b), seed)


@pytest.mark.parametrize("seed", range(12))
def test_a_total_minus_its_visible_cells_never_reveals_a_hidden_one(seed):
    cells = cohort(random.Random(seed))
    partition, shown = published(cells)
    for wanted, total in shown.items():
        for d in range(DIMENSIONS):
            if wanted[d] is not None:
                continue
            visible = set()
            for value in {key[d] for key in total}:
                row = wanted[:d] + (value,) + wanted[d + 1 :]
                visible |= shown.get(row, frozenset())
            assert not unsafe(partition.total(total - visible)), (wanted, d, seed)


def test_twenty_three_against_twenty_two():
    """The reported attack: her organisation (23) and one programme of it (22)."""
    cells = {("final", "P1", "en"): 22, ("final", "P2", "en"): 1}
    partition = Partition(cells)
    everyone = list(cells)
    assert partition.allows(everyone)
    assert not partition.allows([("final", "P1", "en")])
    assert not partition.allows([("final", "P2", "en")])


def test_small_cells_pool_into_a_block_of_their_own():
    cells = {("a", 1): 2, ("a", 2): 3, ("a", 3): 8}
    partition = Partition(cells)
    assert partition.allows([("a", 3)])  # 8 on its own
    assert partition.allows([("a", 1), ("a", 2)])  # the pool of 5
    assert not partition.allows([("a", 1)])
    assert partition.allows(list(cells))


def test_what_is_left_at_the_top_is_never_published():
    cells = {("final", 1): 6, ("midpoint", 1): 2}
    partition = Partition(cells)
    assert partition.block_of[("midpoint", 1)] == NEVER
    assert partition.allows([("final", 1)])
    assert not partition.allows(list(cells))  # 8 - 6 would be the 2


def test_empty_cells_do_not_matter():
    partition = Partition({("a", 1): 0, ("a", 2): 7})
    assert partition.allows([("a", 1), ("a", 2)]) and partition.allows([("a", 2)])
    assert partition.total([("a", 1)]) == 0


@pytest.mark.parametrize(
    "value, n, expected",
    [
        (4.2, 5, 4.0),
        (4.25, 19, 4.5),
        (4.74, 10, 4.5),
        (4.75, 10, 5.0),
        (4.04, 20, 4.0),
        (4.05, 20, 4.1),
        (None, 30, None),
    ],
)
def test_means_are_rounded_to_what_the_group_supports(value, n, expected):
    assert round_mean(value, n) == expected


@pytest.mark.parametrize(
    "value, n, expected",
    [(40, 5, 40), (-66.7, 9, -70), (43, 19, 40), (43, 20, 45), (43.4, 100, 43)],
)
def test_nps_is_rounded_to_what_the_group_supports(value, n, expected):
    assert round_score(value, n) == expected


def test_a_rounded_mean_never_pins_the_sum_of_one_answer():
    """mean x n is uncertain by n x step / 2 >= 1 answer point for every n >= 5."""
    from mentorship.core.disclosure import mean_step

    for n in range(MIN_GROUP, 500):
        assert n * mean_step(n) / 2 >= 1, n


def test_primary_suppression_hides_small_groups():
    assert suppress(4, 3.5) is None
    assert suppress(None, 3.5) is None
    assert suppress(5, 3.5) == 3.5
