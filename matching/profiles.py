"""Plain frozen dataclasses in, plain arrays out.

The web layer builds :class:`MenteeProfile`, :class:`MentorProfile` and
:class:`MatchSettings` from database rows; everything downstream works on the numpy
arrays of :class:`CohortArrays`. Identifiers may be of any hashable type.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, fields

import numpy as np
from scipy import sparse

from .vocabulary import CAREER_STAGES

CRITERIA = (
    "language",
    "tags",
    "text",
    "discipline",
    "commodity",
    "operation",
    "career_stage",
    "region",
    "timezone",
    "availability",
)
"""Scored criteria, in the order of the feature blocks."""

DEFAULT_WEIGHTS = {
    "language": 0.04,
    "tags": 0.30,
    "text": 0.18,
    "discipline": 0.10,
    "commodity": 0.07,
    "operation": 0.04,
    "career_stage": 0.12,
    "region": 0.05,
    "timezone": 0.05,
    "availability": 0.05,
}
"""Default share of each criterion in the score (they sum to one)."""

REGION_PREFERENCES = ("same", "different", "none")


def _tuple_of_str(values):
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(str(v) for v in values)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Profile:
    id: Hashable
    organisation_id: Hashable
    tags: tuple[str, ...] = ()
    discipline: str | None = None
    career_stage: str | None = None
    years_experience: int = 0
    commodity: str | None = None
    operation_type: str | None = None
    country: str | None = None
    region: str | None = None
    utc_offset: float = 0.0
    languages: tuple[str, ...] = ("en",)
    availability_hours: int = 0
    meeting_mode: str = "either"

    def __post_init__(self):
        object.__setattr__(self, "tags", _tuple_of_str(self.tags))
        object.__setattr__(self, "languages", _tuple_of_str(self.languages))
        if self.career_stage is not None and self.career_stage not in CAREER_STAGES:
            raise ValueError(f"unknown career_stage {self.career_stage!r}")
        if not -12 <= float(self.utc_offset) <= 14:
            raise ValueError(f"utc_offset out of range: {self.utc_offset!r}")


@dataclass(frozen=True, kw_only=True, slots=True)
class MenteeProfile(_Profile):
    """A mentee's profile.

    ``goals`` is free text in any language. ``languages`` are ISO 639-1 codes, the
    preferred one first. ``availability_hours`` is the time she wishes per month;
    ``region_preference`` is ``"same"``, ``"different"``, ``"none"`` or ``None``
    (use :attr:`MatchSettings.prefer_same_region`).
    """

    goals: str = ""
    region_preference: str | None = None

    @property
    def text(self):
        """The free text that is vectorised."""
        return self.goals


@dataclass(frozen=True, kw_only=True, slots=True)
class MentorProfile(_Profile):
    """A mentor's profile.

    ``expertise`` is free text in any language; ``availability_hours`` is the time
    she offers per month; ``capacity`` the number of mentees she will take.
    """

    expertise: str = ""
    capacity: int = 1

    @property
    def text(self):
        """The free text that is vectorised."""
        return self.expertise


@dataclass(frozen=True, kw_only=True)
class MatchSettings:
    """Settings of one matching run.

    Parameters
    ----------
    weights : mapping of str to float, default=None
        Share of each criterion of :data:`CRITERIA` in the score; missing ones take
        :data:`DEFAULT_WEIGHTS`. They are normalised to sum to one.
    cross_organisation : bool, default=True
        Hard rule: mentor and mentee belong to different organisations.
    prefer_same_region : bool, default=False
        Region preference of mentees who state none.
    max_timezone_difference : float or None, default=None
        Hard rule, in hours, when set.
    proposals_per_mentee : int, default=1
        Rounds of proposals; every round respects the mentors' remaining capacity.
    excluded_pairs : set of (mentee_id, mentor_id), default=frozenset()
        Pairs that must never be proposed (rejected or already tried).
    committed_capacity : mapping of mentor_id to int, default=None
        Slots already taken by running mentorships.
    candidates_per_mentee : int, default=32
        Size of each mentee's candidate list in the sparse graph.
    candidates_per_mentor : int, default=4
        Best mentees kept per mentor so that no mentor with capacity is left out.
    max_reasons : int, default=3
        Reasons listed per proposal.
    """

    weights: Mapping[str, float] | None = None
    cross_organisation: bool = True
    prefer_same_region: bool = False
    max_timezone_difference: float | None = None
    proposals_per_mentee: int = 1
    excluded_pairs: frozenset = field(default_factory=frozenset)
    committed_capacity: Mapping[Hashable, int] | None = None
    candidates_per_mentee: int = 32
    candidates_per_mentor: int = 4
    max_reasons: int = 3

    def __post_init__(self):
        object.__setattr__(self, "excluded_pairs", frozenset(self.excluded_pairs))
        unknown = set(self.weights or {}) - set(CRITERIA)
        if unknown:
            raise ValueError(f"unknown criteria in weights: {sorted(unknown)}")
        for name in ("proposals_per_mentee", "candidates_per_mentee", "max_reasons"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be >= 1")

    def resolved_weights(self):
        """Return the normalised weights, one per criterion of :data:`CRITERIA`."""
        weights = {**DEFAULT_WEIGHTS, **(self.weights or {})}
        values = np.array([float(weights[c]) for c in CRITERIA])
        if (values < 0).any() or values.sum() <= 0:
            raise ValueError("weights must be non-negative with a positive sum")
        return dict(zip(CRITERIA, values / values.sum(), strict=True))

    def replace(self, **changes):
        """Return a copy with ``changes`` applied."""
        current = {f.name: getattr(self, f.name) for f in fields(self)}
        return MatchSettings(**{**current, **changes})


@dataclass(frozen=True)
class CohortArrays:
    """The columns the hard rules need, as arrays.

    Attributes
    ----------
    mentee_ids, mentor_ids : ndarray of object, shape (n_mentees,), (n_mentors,)
    mentee_org, mentor_org : ndarray of int64
        Organisation codes shared by both sides.
    mentee_lang, mentor_lang : scipy.sparse.csr_array of bool
        Person x language incidence, shapes (n, n_languages).
    languages : tuple of str
        Language codes of the incidence columns.
    mentee_offset, mentor_offset : ndarray of float64
        UTC offsets in hours.
    capacity : ndarray of int64, shape (n_mentors,)
        Remaining slots (capacity minus committed).
    excluded : ndarray of int64, shape (n_excluded, 2)
        Excluded pairs as (mentee index, mentor index).
    organisations : dict
        Organisation id to code.
    """

    mentee_ids: np.ndarray
    mentor_ids: np.ndarray
    mentee_org: np.ndarray
    mentor_org: np.ndarray
    mentee_lang: object
    mentor_lang: object
    languages: tuple
    mentee_offset: np.ndarray
    mentor_offset: np.ndarray
    capacity: np.ndarray
    excluded: np.ndarray
    organisations: dict


def _codes(values, table):
    return np.fromiter((table.setdefault(v, len(table)) for v in values), np.int64)


def _language_incidence(people, table):
    indptr, codes = [0], []
    for person in people:
        codes.extend(table.setdefault(lang, len(table)) for lang in person.languages)
        indptr.append(len(codes))
    return np.asarray(indptr, np.int64), np.asarray(codes, np.int64)


def _incidences(mentees, mentors):
    table = {}
    parts = [_language_incidence(people, table) for people in (mentees, mentors)]
    out = []
    for (indptr, codes), people in zip(parts, (mentees, mentors), strict=True):
        data = np.ones(len(codes), dtype=bool)
        shape = (len(people), len(table))
        matrix = sparse.csr_array((data, codes, indptr), shape=shape)
        matrix.sum_duplicates()
        out.append(matrix)
    return out, tuple(table)


def _object_array(values):
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _index_pairs(pairs, mentee_index, mentor_index):
    rows = [
        (mentee_index[a], mentor_index[b])
        for a, b in pairs
        if a in mentee_index and b in mentor_index
    ]
    return np.array(rows, dtype=np.int64).reshape(-1, 2)


def cohort_arrays(mentees, mentors, settings, extra_excluded=()):
    """Turn profiles and settings into the arrays of :class:`CohortArrays`.

    Parameters
    ----------
    mentees : sequence of MenteeProfile, length n_mentees
    mentors : sequence of MentorProfile, length n_mentors
    settings : MatchSettings
    extra_excluded : iterable of (mentee_id, mentor_id), default=()
        Pairs excluded on top of ``settings.excluded_pairs``.

    Returns
    -------
    CohortArrays
    """
    mentee_index = _unique_index(mentees, "mentee")
    mentor_index = _unique_index(mentors, "mentor")
    orgs = {}
    (mentee_lang, mentor_lang), languages = _incidences(mentees, mentors)
    committed = settings.committed_capacity or {}
    capacity = np.fromiter(
        (max(0, int(m.capacity) - int(committed.get(m.id, 0))) for m in mentors),
        np.int64,
        len(mentors),
    )
    excluded = set(settings.excluded_pairs) | set(extra_excluded)
    return CohortArrays(
        mentee_ids=_object_array([p.id for p in mentees]),
        mentor_ids=_object_array([p.id for p in mentors]),
        mentee_org=_codes((p.organisation_id for p in mentees), orgs),
        mentor_org=_codes((p.organisation_id for p in mentors), orgs),
        mentee_lang=mentee_lang,
        mentor_lang=mentor_lang,
        languages=languages,
        mentee_offset=_offsets(mentees),
        mentor_offset=_offsets(mentors),
        capacity=capacity,
        excluded=_index_pairs(excluded, mentee_index, mentor_index),
        organisations=orgs,
    )


def _offsets(people):
    return np.fromiter((float(p.utc_offset) for p in people), np.float64, len(people))


def _unique_index(people, role):
    index = {p.id: i for i, p in enumerate(people)}
    if len(index) != len(people):
        raise ValueError(f"{role} ids must be unique")
    return index


def check_profiles(people, kinds):
    """Raise ``TypeError`` unless ``people`` is a sequence of ``kinds`` instances."""
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    names = " or ".join(k.__name__ for k in kinds)
    if isinstance(people, str | bytes) or not isinstance(people, Sequence):
        raise TypeError(f"expected a sequence of {names}, got {type(people).__name__}")
    bad = next((p for p in people if not isinstance(p, kinds)), None)
    if bad is not None:
        raise TypeError(f"expected {names}, got {type(bad).__name__}")
