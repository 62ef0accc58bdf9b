"""Suggested introductions: organisations whose needs meet each other's offers.

The scores come from the `matching` library (`rank_pairs`, through the adapter):
each organisation is a vector of named blocks (what it needs against what the other
offers, both ways; working languages; region; stage) and each pair's contributing
blocks are its reasons. Only pairs where a need meets an offer are suggested;
languages, region and stage weigh them. Pairs already introduced or pending are left
out.
"""

from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa

from .. import vocab
from ..db import db, utcnow
from ..matches import adapter
from ..organisations.models import Organisation, OrganisationStatus, SizeBand
from .models import OPEN_STATES, Category, Introduction, Listing, ListingKind

WEIGHTS = {
    "they_offer": 1.0,
    "they_need": 1.0,
    "language": 0.4,
    "region": 0.3,
    "stage": 0.3,
}
"""Each block's weight: a need met counts most; the rest weighs the pairs."""
NEEDS_MET = ("they_offer", "they_need")
YOUNG_YEARS = 5  # founded this many years ago or less: a young organisation
ESTABLISHED_YEARS = 10  # founded this many years ago or more: an established one
SMALL = (SizeBand.UNDER_25,)
LARGE = (SizeBand.FROM_100, SizeBand.FROM_500)
CATEGORIES = list(Category)


@dataclass
class Profile:
    """What the scorer knows of one organisation."""

    organisation: Organisation
    needs: set = field(default_factory=set)
    offers: set = field(default_factory=set)

    @property
    def id(self):
        return self.organisation.id


@dataclass(frozen=True)
class Reason:
    """One reason of a suggestion: a block's code and what they share."""

    code: str
    values: tuple = ()


@dataclass(frozen=True)
class Suggestion:
    organisation: Organisation  # the one the suggestion is for
    other: Organisation
    score: float
    reasons: tuple


def stage(organisation, year=None):
    """'young', 'established' or None, from its founding year and size band."""
    year = year or utcnow().year
    founded = organisation.founding_year
    if (founded and year - founded <= YOUNG_YEARS) or organisation.size_band in SMALL:
        return "young"
    if (founded and year - founded >= ESTABLISHED_YEARS) or (
        organisation.size_band in LARGE
    ):
        return "established"
    return None


def profiles():
    """Every member organisation with its needs and offers, by id."""
    organisations = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.status == OrganisationStatus.MEMBER)
        .order_by(Organisation.id)
    ).all()
    found = {org.id: Profile(org) for org in organisations}
    rows = db.session.execute(
        sa.select(Listing.organisation_id, Listing.kind, Listing.category)
    )
    for organisation_id, kind, category in rows:
        if organisation_id in found:
            target = found[organisation_id]
            (target.needs if kind == ListingKind.NEED else target.offers).add(category)
    return found


def open_pairs():
    """Unordered pairs (low id, high id) with an open or made introduction."""
    rows = db.session.execute(
        sa.select(Introduction.org_low_id, Introduction.org_high_id).where(
            Introduction.status.in_(OPEN_STATES)
        )
    )
    return {tuple(row) for row in rows}


def _layout(languages, regions):
    sizes = {
        "they_offer": len(CATEGORIES),
        "they_need": len(CATEGORIES),
        "language": len(languages),
        "region": len(regions),
        "stage": 2,
    }
    blocks, start = {}, 0
    for name, size in sizes.items():
        blocks[name] = slice(start, start + size)
        start += size
    return blocks, start


def _hot(values, vocabulary):
    return np.array([1.0 if v in values else 0.0 for v in vocabulary])


def _vectors(items, languages, regions, left):
    """Rows of the left (weighted) or right side: the left's needs face the right's
    offers in 'they_offer', and its offers face the right's needs in 'they_need'."""
    blocks, width = _layout(languages, regions)
    out = np.zeros((len(items), width))
    for row, item in enumerate(items):
        org = item.organisation
        first, second = (item.needs, item.offers) if left else (item.offers, item.needs)
        where = stage(org)
        parts = {
            "they_offer": _hot(first, CATEGORIES),
            "they_need": _hot(second, CATEGORIES),
            "language": _hot(set(org.working_languages or ()), languages),
            "region": _hot({org.region}, regions),
            "stage": np.array(
                [where == "young", where == "established"]
                if left
                else [where == "established", where == "young"],
                dtype=float,
            ),
        }
        for name, values in parts.items():
            weight = WEIGHTS[name] if left else 1.0
            out[row, blocks[name]] = values * weight
    return out, blocks


def rank(left, right, exclude_pairs=(), top_k=None):
    """Suggestions for each of `left` among `right` (Profiles), best first."""
    if not left or not right:
        return []
    languages = sorted(
        {c for p in left + right for c in p.organisation.working_languages or ()}
    )
    regions = sorted({p.organisation.region for p in left + right})
    A, blocks = _vectors(left, languages, regions, left=True)
    B, _ = _vectors(right, languages, regions, left=False)
    exclude = np.array(
        [
            [
                a.id == b.id or tuple(sorted((a.id, b.id))) in exclude_pairs
                for b in right
            ]
            for a in left
        ]
    )
    ranked = adapter.rank_pairs(
        A, B, blocks, exclude=exclude, required=NEEDS_MET, top_k=top_k
    )
    return [
        Suggestion(
            left[p.left].organisation,
            right[p.right].organisation,
            p.score,
            tuple(_reasons(p.reasons, left[p.left], right[p.right])),
        )
        for p in ranked
    ]


def _reasons(codes, mine, theirs):
    """What each contributing block shares, in the order of its contribution."""
    shared = {
        "they_offer": sorted(mine.needs & theirs.offers, key=CATEGORIES.index),
        "they_need": sorted(mine.offers & theirs.needs, key=CATEGORIES.index),
        "language": sorted(
            set(mine.organisation.working_languages or ())
            & set(theirs.organisation.working_languages or ())
        ),
        "region": [mine.organisation.region],
        "stage": [stage(mine.organisation), stage(theirs.organisation)],
    }
    for code in codes:
        yield Reason(code, tuple(shared[code]))


def for_organisation(organisation, limit=10):
    """Suggested introductions for one organisation, best first."""
    found = profiles()
    mine = found.get(organisation.id)
    if mine is None:
        return []
    others = [p for p in found.values() if p.id != organisation.id]
    return rank([mine], others, open_pairs(), top_k=limit)


def across_alliance(limit=20):
    """Suggestions for the member organisations without any open or made
    introduction, each unordered pair once, best first."""
    found = profiles()
    pairs = open_pairs()
    introduced = {org_id for pair in pairs for org_id in pair}
    alone = [p for p in found.values() if p.id not in introduced]
    seen, out = set(), []
    for suggestion in rank(alone, list(found.values()), pairs, top_k=3):
        key = tuple(sorted((suggestion.organisation.id, suggestion.other.id)))
        if key not in seen:
            seen.add(key)
            out.append(suggestion)
    return out[:limit]


def region_label(code):
    return vocab.label(vocab.REGIONS, code)
