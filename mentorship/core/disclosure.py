"""Disclosure control: which figures may be published, and how precisely.

The one module every published count or aggregate about people passes through (the
kernel's; plain Python on counts and values, importing no feature). `MIN_GROUP` is
the only "fewer than 5" of the application; `suppress` is primary suppression of one
figure, `Partition` the differencing rule for figures a reader can combine.
The callers give it *cells*: the answers of one reader's scope
(everything she may ask figures about) counted per combination of the dimensions she
can filter on, keys ordered from the coarsest dimension to the finest, e.g.
(stage, programme, region, organisation, language) -> number of people who answered.

Why suppressing each small figure is not enough: a reader who may ask for "her
organisation" (23 answers) and for "her organisation in programme X" (22 answers)
subtracts the two and reads the 23rd person's answer. So the scope is cut into
*blocks* of at least `MIN_GROUP` people (`Partition`), and a figure is published only
when the group it describes is a whole union of blocks. Any sum, difference or other
combination of published figures is then a combination of block totals: it can never
isolate fewer than `MIN_GROUP` people, however many views the reader requests and
whatever breakdown table (cells and their total) they appear in. That covers the
"complement" rule (a group whose complement in the reader's reach is 1-4 people is a
part of a block, so it is not published) and secondary suppression in tables.

Blocks follow the dimensions' hierarchy, built bottom-up: a cell of 5 or more is a
block; the small cells left under one node (say the languages of one organisation)
are pooled, and become a block when the pool reaches 5; a pool still short of 5 joins
the smallest block under the same node, so that node's own figure stays publishable
and only finer views are lost; a pool left over at the top is never published.

Means are then rounded to what the group size supports (`round_mean`, `round_score`).
"""

from dataclasses import dataclass, field

MIN_GROUP = 5
"""Smallest group of people whose answers a published figure may describe."""


def suppress(count, value):
    """`value` when at least `MIN_GROUP` people are behind it, else None (primary
    suppression: shown as "fewer than 5")."""
    return value if count is not None and count >= MIN_GROUP else None


def publishable(count):
    """True when a group of `count` people is large enough to be described."""
    return count is not None and count >= MIN_GROUP


NEVER = -1
"""The block of answers that no published figure may include (fewer than 5 left)."""


@dataclass
class Partition:
    """The reader's scope cut into blocks of at least `min_group` people.

    `cells` maps a key (a tuple, coarsest dimension first) to how many people answered;
    every key has the same length.
    """

    cells: dict
    min_group: int = MIN_GROUP
    block_of: dict = field(init=False, default_factory=dict)
    sizes: list = field(init=False, default_factory=list)

    def __post_init__(self):
        present = sorted((k for k, n in self.cells.items() if n > 0), key=_order)
        left, _n = self._walk(present, 0) if present else ([], 0)
        for key in left:  # fewer than min_group over the whole scope's top node
            self.block_of[key] = NEVER

    def allows(self, keys):
        """True when the group made of these cells may be published: nothing of a
        block is left out, and no answer that may never be published is in."""
        chosen = {key for key in keys if self.cells.get(key, 0) > 0}
        blocks = {self.block_of[key] for key in chosen}
        if NEVER in blocks:
            return False
        return sum(self.sizes[b] for b in blocks) == self.total(chosen)

    def total(self, keys):
        return sum(self.cells.get(key, 0) for key in keys)

    # --- Building the blocks ------------------------------------------------------

    def _walk(self, keys, depth):
        """Make the blocks under one node (`keys` share their first `depth` values);
        return the keys left over and how many people they hold (fewer than
        min_group, maybe none)."""
        if depth == len(keys[0]):
            return self._leaf(keys[0])
        first_block = len(self.sizes)
        pool, pooled = [], 0
        for group in _groups(keys, depth):
            left, n = self._walk(group, depth + 1)
            pool += left
            pooled += n
        if pooled >= self.min_group:
            self._new_block(pool, pooled)
        elif pooled and len(self.sizes) > first_block and depth > 0:
            self._join_smallest(pool, pooled, range(first_block, len(self.sizes)))
        else:
            return pool, pooled
        return [], 0

    def _leaf(self, key):
        n = self.cells[key]
        if n >= self.min_group:
            self._new_block([key], n)
            return [], 0
        return [key], n

    def _new_block(self, keys, n):
        self.sizes.append(n)
        for key in keys:
            self.block_of[key] = len(self.sizes) - 1

    def _join_smallest(self, pool, pooled, candidates):
        smallest = min(candidates, key=lambda b: (self.sizes[b], b))
        self.sizes[smallest] += pooled
        for key in pool:
            self.block_of[key] = smallest


def _order(key):
    """Sort keys whose values may be None (an independent member has no region)."""
    return tuple((value is None, value) for value in key)


def _groups(keys, depth):
    """Consecutive runs of sorted `keys` sharing the value at `depth`."""
    start = 0
    for end in range(1, len(keys) + 1):
        if end == len(keys) or keys[end][depth] != keys[start][depth]:
            yield keys[start:end]
            start = end


# --- Precision --------------------------------------------------------------------


def _step_round(value, step):
    """Round half up to a multiple of `step` (4.25 -> 4.5 with step 0.5)."""
    # round(..., 9) first: 4.05 / 0.1 is 40.49999... in binary floating point.
    units = round(abs(value) / step, 9)
    units = int(units + 0.5) if value >= 0 else -int(units + 0.5)
    return round(units * step, 1)


def mean_step(n):
    """The precision of a published 1-5 mean over n people: 0.1 from 20 people, 0.5
    below. The standard error of such a mean (sd about 1) is 0.22 or more under 20
    people, so a finer digit would be noise; and n x (step / 2) >= 1 for every n >= 5,
    so the sum behind a rounded mean (mean x n) is uncertain by at least one answer
    point: comparing two published means never gives an exact answer."""
    return 0.1 if n >= 20 else 0.5


def score_step(n):
    """The precision of a published net promoter score (-100..100) over n people:
    1 point from 100 people, 5 from 20, 10 below (each person moves it by 100/n)."""
    if n >= 100:
        return 1
    return 5 if n >= 20 else 10


def round_mean(value, n):
    return None if value is None else _step_round(value, mean_step(n))


def round_score(value, n):
    return None if value is None else _step_round(value, score_step(n))
