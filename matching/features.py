"""Profiles as weighted feature blocks whose dot product is the match score.

Every criterion is written so that its similarity in [0, 1] is the dot product of
a mentee block and a mentor block, with the criterion's weight on the mentee side.
The score of a pair is therefore one row of ``A @ B.T`` (a float32 GEMM), and its
explanation is the exact split of that product by block.
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .profiles import (
    CRITERIA,
    MatchSettings,
    MenteeProfile,
    MentorProfile,
    check_profiles,
)
from .text import TextEncoder
from .vocabulary import CAREER_STAGES

STAGE_FIT = {-4: 0.0, -3: 0.0, -2: 0.0, -1: 0.0, 0: 0.2, 1: 1.0, 2: 0.8, 3: 0.4, 4: 0.2}
"""Career-stage fit by mentor stage minus mentee stage."""
AVAILABILITY_HOURS = (0, 2, 4, 6, 8, 10, 12)
"""Buckets (hours per month) of a mentee's need; a mentor covers ``offer / need``."""
_HALF = np.sqrt(0.5)


def _one_hot(values, vocabulary):
    index = {v: i for i, v in enumerate(vocabulary)}
    out = np.zeros((len(values), len(vocabulary)), dtype=np.float32)
    rows = [(r, index[v]) for r, v in enumerate(values) if v in index]
    if rows:
        out[tuple(np.array(rows).T)] = 1
    return out


def _multi_hot(value_lists, vocabulary, normalise):
    index = {v: i for i, v in enumerate(vocabulary)}
    pairs = [
        (r, index[v])
        for r, values in enumerate(value_lists)
        for v in values
        if v in index
    ]
    out = np.zeros((len(value_lists), len(vocabulary)), dtype=np.float32)
    if pairs:
        out[tuple(np.array(pairs).T)] = 1
    if normalise:
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
    return out


def _clock(offsets):
    angle = np.asarray(offsets, dtype=np.float64) * (2 * np.pi / 24)
    return np.column_stack(
        [np.full_like(angle, _HALF), _HALF * np.cos(angle), _HALF * np.sin(angle)]
    ).astype(np.float32)


def _stage_index(people):
    return np.array(
        [CAREER_STAGES.index(p.career_stage) if p.career_stage else -1 for p in people]
    )


def _vocabulary(people, attribute):
    return tuple(sorted({getattr(p, attribute) for p in people} - {None}, key=str))


class ProfileVectorizer(TransformerMixin, BaseEstimator):
    """Turn mentee and mentor profiles into weighted feature blocks.

    ``transform`` encodes each profile by its role: a mentee row holds the
    criterion weights and the fit she would have with every possible mentor
    attribute, a mentor row holds her attributes. For any mentee ``a`` and mentor
    ``b``, ``transform([a]) @ transform([b]).T`` is their score in [0, 1], the
    weighted sum of the per-criterion similarities of :data:`CRITERIA`.

    Parameters
    ----------
    weights : mapping of str to float, default=None
        Criterion weights (see :class:`MatchSettings`); normalised to sum to one.
    prefer_same_region : bool, default=False
        Region preference of mentees who state none.
    text_components : int, default=256
        Text dimensions kept by the truncated SVD.
    text_sample_size : int, default=1000
        Texts sampled to fit the SVD.
    char_ngram_range : tuple of int, default=(3, 5)
        Sizes of the ``char_wb`` n-grams of the text.
    random_state : int, RandomState instance or None, default=None
        Seeds the text SVD.

    Attributes
    ----------
    weights_ : dict of str to float
        Normalised weights.
    vocabularies_ : dict of str to tuple
        Codes seen in fit, per categorical attribute.
    text_ : TextEncoder
        Fitted text encoder.
    blocks_ : dict of str to slice
        Columns of each criterion in the output.
    n_features_out_ : int
        Width of the output.
    """

    def __init__(
        self,
        weights=None,
        prefer_same_region=False,
        text_components=256,
        text_sample_size=1000,
        char_ngram_range=(3, 5),
        random_state=None,
    ):
        self.weights = weights
        self.prefer_same_region = prefer_same_region
        self.text_components = text_components
        self.text_sample_size = text_sample_size
        self.char_ngram_range = char_ngram_range
        self.random_state = random_state

    @classmethod
    def from_settings(cls, settings, random_state=None):
        """Build a vectorizer with the weights and region preference of ``settings``."""
        return cls(
            weights=dict(settings.weights or {}),
            prefer_same_region=settings.prefer_same_region,
            random_state=random_state,
        )

    def fit(self, X, y=None):
        """Learn vocabularies and the text model from profiles ``X``.

        Parameters
        ----------
        X : sequence of MenteeProfile or MentorProfile, length n_profiles
        y : None
            Ignored.

        Returns
        -------
        self : ProfileVectorizer
        """
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        """Fit on profiles ``X`` and return their features.

        Returns
        -------
        ndarray of float32, shape (n_profiles, n_features_out_)
        """
        people = self._check_input(X)
        self.weights_ = MatchSettings(weights=self.weights).resolved_weights()
        self.vocabularies_ = self._fit_vocabularies(people)
        self.text_ = TextEncoder(
            n_components=self.text_components,
            sample_size=self.text_sample_size,
            char_ngram_range=self.char_ngram_range,
            random_state=self.random_state,
        )
        text = self.text_.fit_transform([p.text for p in people])
        blocks = self._encode(people, text)
        self.blocks_ = self._slices(blocks)
        self.n_features_out_ = sum(b.shape[1] for b in blocks)
        return np.hstack(blocks)

    def transform(self, X):
        """Features of profiles ``X``, each encoded by its role.

        Parameters
        ----------
        X : sequence of MenteeProfile or MentorProfile, length n_profiles

        Returns
        -------
        ndarray of float32, shape (n_profiles, n_features_out_)
        """
        check_is_fitted(self, "blocks_")
        people = self._check_input(X)
        return np.hstack(
            self._encode(people, self.text_.transform([p.text for p in people]))
        )

    def get_feature_names_out(self, input_features=None):
        """Names ``criterion__index`` of the output columns."""
        check_is_fitted(self, "blocks_")
        return np.array(
            [
                f"{c}__{i}"
                for c, s in self.blocks_.items()
                for i in range(s.stop - s.start)
            ],
            dtype=object,
        )

    def _check_input(self, X):
        check_profiles(X, (MenteeProfile, MentorProfile))
        if not len(X):
            raise ValueError("need at least one profile, got an empty sequence")
        return list(X)

    def _fit_vocabularies(self, people):
        vocab = {
            a: _vocabulary(people, a) for a in ("discipline", "commodity", "region")
        }
        vocab["operation_type"] = _vocabulary(people, "operation_type")
        vocab["tags"] = tuple(sorted({t for p in people for t in p.tags}))
        vocab["languages"] = tuple(
            sorted({lang for p in people for lang in p.languages})
        )
        return vocab

    def _slices(self, blocks):
        edges = np.cumsum([0] + [b.shape[1] for b in blocks])
        return {
            c: slice(int(a), int(b))
            for c, a, b in zip(CRITERIA, edges[:-1], edges[1:], strict=True)
        }

    def _encode(self, people, text):
        mentee = np.array([isinstance(p, MenteeProfile) for p in people], dtype=bool)
        blocks = [
            self._language(people, mentee),
            _multi_hot([p.tags for p in people], self.vocabularies_["tags"], True),
            self._text(text),
            self._one_hot(people, "discipline"),
            self._one_hot(people, "commodity"),
            self._one_hot(people, "operation_type"),
            self._career(people, mentee),
            self._region(people, mentee),
            _clock([p.utc_offset for p in people]),
            self._availability(people, mentee),
        ]
        blocks = [b.astype(np.float32, copy=False) for b in blocks]
        for criterion, block in zip(CRITERIA, blocks, strict=True):
            block[mentee] *= self.weights_[criterion]
        return blocks

    def _one_hot(self, people, attribute):
        values = [getattr(p, attribute) for p in people]
        return _one_hot(values, self.vocabularies_[attribute])

    def _language(self, people, mentee):
        """0.5 for any pair, plus 0.5 when the mentor speaks her first language."""
        vocabulary = self.vocabularies_["languages"]
        spoken = _multi_hot([p.languages for p in people], vocabulary, False)
        first = _one_hot(
            [p.languages[0] if p.languages else None for p in people], vocabulary
        )
        out = np.hstack([np.ones((len(people), 1), np.float32), spoken])
        out[mentee] = 0.5 * np.hstack([np.ones((mentee.sum(), 1)), first[mentee]])
        return out

    def _text(self, text):
        """``(1 + cosine) / 2``; an empty text is neutral (1/2)."""
        return np.hstack([np.full((len(text), 1), _HALF, np.float32), _HALF * text])

    def _career(self, people, mentee):
        """Mentee rows: fit with each mentor stage (+ unknown); mentors: one-hot."""
        stage = _stage_index(people)
        n = len(CAREER_STAGES)
        out = np.zeros((len(people), n + 1), dtype=np.float32)
        out[~mentee, np.where(stage < 0, n, stage)[~mentee]] = 1
        table = np.array(
            [[STAGE_FIT[j - i] for j in range(n)] + [0.5] for i in range(n)]
            + [[0.5] * (n + 1)],
            dtype=np.float32,
        )
        out[mentee] = table[stage[mentee]]
        return out

    def _region(self, people, mentee):
        """Mentee rows: preference per mentor region (+ unknown); mentors: one-hot."""
        own = _one_hot([p.region for p in people], self.vocabularies_["region"])
        known = own.sum(axis=1) > 0
        out = np.hstack([own, (~known[:, None]).astype(np.float32)])
        default = "same" if self.prefer_same_region else "none"
        preference = np.array(
            [getattr(p, "region_preference", None) or default for p in people]
        )
        same = mentee & known & (preference == "same")
        different = mentee & known & (preference == "different")
        neutral = mentee & ~same & ~different
        out[different, :-1] = 1 - own[different]
        out[neutral, :-1] = 0.5
        out[mentee, -1] = 0.5
        return out

    def _availability(self, people, mentee):
        """min(1, mentor hours / mentee need), the need rounded up to a bucket."""
        hours = np.array(
            [max(0, p.availability_hours) for p in people], dtype=np.float32
        )
        buckets = np.array(AVAILABILITY_HOURS, dtype=np.float32)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.minimum(1, hours[:, None] / buckets[None, :])
        out[:, 0] = 1
        need = np.minimum(np.searchsorted(buckets, hours), len(buckets) - 1)
        out[mentee] = np.eye(len(buckets), dtype=np.float32)[need[mentee]]
        return out
