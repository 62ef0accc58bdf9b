"""Interactive use: a fitted mentor pool and one mentee's top-k mentors."""

from functools import cached_property

import numpy as np

from .constraints import within_limit
from .explain import contributions, proposals
from .features import ProfileVectorizer
from .profiles import (
    MatchSettings,
    MenteeProfile,
    MentorProfile,
    check_profiles,
    cohort_arrays,
)


class MentorIndex:
    """A mentor pool with its fitted features and hard-rule arrays.

    Built once (by :func:`~matching.propose` or :meth:`build`), it answers
    :func:`suggest` without refitting and lets :func:`~matching.repropose` score
    only the mentees that move.

    Parameters
    ----------
    vectorizer : ProfileVectorizer
        Fitted on the pool (and usually its mentees).
    mentors : sequence of MentorProfile, length n_mentors
    features : ndarray of float32, shape (n_mentors, n_features)
        ``vectorizer.transform(mentors)``.
    settings : MatchSettings
        Settings whose weights the vectorizer holds and whose committed capacity
        applies.
    """

    def __init__(self, vectorizer, mentors, features, settings):
        self.vectorizer = vectorizer
        self.mentors = list(mentors)
        self.features = features
        self.settings = settings

    @classmethod
    def build(cls, mentors, settings=None, mentees=(), random_state=0):
        """Fit a vectorizer on ``mentees`` and ``mentors`` and index the mentors.

        Parameters
        ----------
        mentors : sequence of MentorProfile
        settings : MatchSettings, optional
        mentees : sequence of MenteeProfile, default=()
            Extra texts for the vocabulary (recommended: the cohort's mentees).
        random_state : int, RandomState instance or None, default=0

        Returns
        -------
        MentorIndex
        """
        check_profiles(mentors, MentorProfile)
        settings = settings or MatchSettings()
        vectorizer = ProfileVectorizer.from_settings(settings, random_state)
        features = vectorizer.fit_transform(list(mentees) + list(mentors))
        return cls(vectorizer, mentors, features[len(mentees) :], settings)

    @cached_property
    def _arrays(self):
        return cohort_arrays([], self.mentors, self.settings)

    @cached_property
    def _speakers(self):
        incidence = self._arrays.mentor_lang.tocsc()
        return {
            lang: np.asarray(incidence[:, [c]].toarray()).ravel()
            for c, lang in enumerate(self._arrays.languages)
        }

    def _capacity(self, settings):
        """Slots left under ``settings``' committed capacity (not the index's)."""
        if settings.committed_capacity == self.settings.committed_capacity:
            return self._arrays.capacity
        committed = settings.committed_capacity or {}
        return np.fromiter(
            (max(0, m.capacity - int(committed.get(m.id, 0))) for m in self.mentors),
            np.int64,
            len(self.mentors),
        )

    @cached_property
    def _position(self):
        return {mentor.id: j for j, mentor in enumerate(self.mentors)}

    def feasible(self, mentee, settings=None):
        """Mentors that ``mentee`` may be proposed to under the hard rules.

        Returns
        -------
        ndarray of bool, shape (n_mentors,)
        """
        settings = settings or self.settings
        arrays = self._arrays
        ok = np.zeros(len(self.mentors), dtype=bool)
        for lang in mentee.languages:
            ok |= self._speakers.get(lang, False)
        ok &= self._capacity(settings) > 0
        if settings.cross_organisation:
            org = arrays.organisations.get(mentee.organisation_id, -1)
            ok &= arrays.mentor_org != org
        limit = settings.max_timezone_difference
        if limit is not None:
            ok &= within_limit(mentee.utc_offset, arrays.mentor_offset, limit)
        for a, b in settings.excluded_pairs:
            if a == mentee.id and b in self._position:
                ok[self._position[b]] = False
        return ok


def suggest(person, candidates, k=10, settings=None):
    """Top-k mentors of one mentee, hard rules applied.

    Parameters
    ----------
    person : MenteeProfile
    candidates : MentorIndex or sequence of MentorProfile
        A prepared index answers in milliseconds; a plain sequence is indexed
        first (fitting the vectorizer).
    k : int, default=10
    settings : MatchSettings, optional
        Hard rules to apply; defaults to the index's settings. Criterion weights
        are those the index was built with.

    Returns
    -------
    list of Proposal
        At most ``k``, by descending score (ties by mentor order).
    """
    if not isinstance(person, MenteeProfile):
        raise TypeError(f"expected a MenteeProfile, got {type(person).__name__}")
    if not isinstance(candidates, MentorIndex):
        candidates = MentorIndex.build(candidates, settings, mentees=[person])
    index = candidates
    settings = settings or index.settings
    row = index.vectorizer.transform([person])
    scores = index.features @ row[0]
    scores[~index.feasible(person, settings)] = -np.inf
    top = _best(scores, k)
    rows = np.zeros(len(top), dtype=np.int64)
    vectorizer = index.vectorizer
    parts = contributions(row, index.features, rows, top, vectorizer.blocks_)
    return proposals(
        [person], index.mentors, rows, top, parts, vectorizer.weights_,
        settings.max_reasons,
    )  # fmt: skip


def _best(scores, k):
    finite = np.flatnonzero(scores > -np.inf)
    if len(finite) > k:
        finite = finite[np.argpartition(-scores[finite], k - 1)[:k]]
    return finite[np.lexsort((finite, -scores[finite]))]
