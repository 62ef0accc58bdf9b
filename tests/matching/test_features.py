import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from matching import CRITERIA, MenteeProfile, MentorProfile, ProfileVectorizer
from matching.features import STAGE_FIT

_NUMERIC = (
    "ProfileVectorizer consumes a sequence of MenteeProfile/MentorProfile (free text, "
    "tags, languages, role); a numeric array is not a valid input and is rejected "
    "with TypeError. The profile-based equivalent is tested in test_features.py."
)
NUMERIC_INPUT_CHECKS = (
    "check_complex_data",
    "check_dict_unchanged",
    "check_dont_overwrite_parameters",
    "check_dtype_object",
    "check_estimator_sparse_array",
    "check_estimator_sparse_matrix",
    "check_estimator_sparse_tag",
    "check_estimators_dtypes",
    "check_estimators_empty_data_messages",
    "check_estimators_fit_returns_self",
    "check_estimators_nan_inf",
    "check_estimators_overwrite_params",
    "check_estimators_pickle",
    "check_f_contiguous_array_estimator",
    "check_fit1d",
    "check_fit2d_1feature",
    "check_fit2d_1sample",
    "check_fit2d_predict1d",
    "check_fit_check_is_fitted",
    "check_fit_idempotent",
    "check_fit_score_takes_y",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_n_features_in",
    "check_n_features_in_after_fitting",
    "check_pipeline_consistency",
    "check_positive_only_tag_during_fit",
    "check_readonly_memmap_input",
    "check_transformer_data_not_an_array",
    "check_transformer_general",
    "check_transformer_preserve_dtypes",
)


def expected_failed_checks(estimator):
    return dict.fromkeys(NUMERIC_INPUT_CHECKS, _NUMERIC)


@parametrize_with_checks(
    [ProfileVectorizer(random_state=0)],
    expected_failed_checks=expected_failed_checks,
    xfail_strict=True,
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def people(cohort):
    mentees, mentors = cohort
    return list(mentees[:120]) + list(mentors[:60])


@pytest.fixture(scope="module")
def fitted(people):
    return ProfileVectorizer(random_state=0).fit(people)


def test_fit_returns_self_and_does_not_change_params(people):
    vectorizer = ProfileVectorizer(weights={"tags": 2.0}, random_state=0)
    params = clone(vectorizer).get_params()
    assert vectorizer.fit(people) is vectorizer
    assert vectorizer.get_params() == params


def test_clone_and_get_params():
    vectorizer = ProfileVectorizer(text_components=64, random_state=3)
    twin = clone(vectorizer)
    assert twin is not vectorizer
    assert twin.get_params() == vectorizer.get_params()
    assert twin.set_params(text_components=32).text_components == 32


def test_transform_before_fit_raises(people):
    with pytest.raises(NotFittedError):
        ProfileVectorizer().transform(people)


def test_numeric_input_is_rejected():
    with pytest.raises(TypeError, match="MenteeProfile"):
        ProfileVectorizer().fit(np.zeros((3, 2)))


def test_empty_input_is_rejected():
    with pytest.raises(ValueError, match="at least one profile"):
        ProfileVectorizer().fit([])


def test_fit_transform_equals_fit_then_transform(people, fitted):
    both = ProfileVectorizer(random_state=0).fit_transform(people)
    np.testing.assert_allclose(both, fitted.transform(people), atol=1e-6)
    assert both.dtype == np.float32
    assert both.shape == (len(people), fitted.n_features_out_)
    assert len(fitted.get_feature_names_out()) == fitted.n_features_out_


def test_deterministic_and_idempotent(people):
    first = ProfileVectorizer(random_state=5).fit_transform(people)
    np.testing.assert_array_equal(
        first, ProfileVectorizer(random_state=5).fit_transform(people)
    )
    vectorizer = ProfileVectorizer(random_state=5)
    vectorizer.fit(people[::-1])
    again = vectorizer.fit(people).transform(people)
    np.testing.assert_allclose(first, again, atol=1e-6)


def test_rows_do_not_depend_on_the_batch(people, fitted):
    whole = fitted.transform(people)
    order = np.random.default_rng(0).permutation(len(people))
    np.testing.assert_allclose(
        fitted.transform([people[i] for i in order]), whole[order], atol=1e-6
    )
    np.testing.assert_allclose(fitted.transform(people[5:9]), whole[5:9], atol=1e-6)


def test_pickle_round_trip(people, fitted):
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.transform(people), fitted.transform(people))


def _score_blocks(vectorizer, mentee, mentor):
    a, b = vectorizer.transform([mentee, mentor])
    weights = vectorizer.weights_
    return {
        c: float(a[s] @ b[s]) / weights[c] for c, s in vectorizer.blocks_.items()
    }, float(a @ b)


def test_score_is_weighted_sum_of_similarities_in_unit_interval(people, fitted):
    features = fitted.transform(people)
    mentees = features[:120]
    mentors = features[120:]
    scores = mentees @ mentors.T
    assert scores.min() >= -1e-6 and scores.max() <= 1 + 1e-6
    total = np.zeros_like(scores)
    for criterion, block in fitted.blocks_.items():
        similarity = (
            mentees[:, block] @ mentors[:, block].T / fitted.weights_[criterion]
        )
        assert similarity.min() >= -1e-5 and similarity.max() <= 1 + 1e-5, criterion
        total += fitted.weights_[criterion] * similarity
    np.testing.assert_allclose(total, scores, atol=1e-5)
    assert list(fitted.blocks_) == list(CRITERIA)


def _pair(**changes):
    mentee = dict(id=1, organisation_id=1, languages=("en",))
    mentor = dict(id=2, organisation_id=2, languages=("en",))
    mentee.update(changes.pop("mentee", {}))
    mentor.update(changes.pop("mentor", {}))
    return MenteeProfile(**mentee), MentorProfile(**mentor)


@pytest.mark.parametrize("gap", [0, 1, 2, 3, -1])
def test_career_stage_fit(gap):
    stages = ("student", "early_career", "mid_career", "senior", "executive")
    mentee, mentor = _pair(
        mentee={"career_stage": stages[1]}, mentor={"career_stage": stages[1 + gap]}
    )
    vectorizer = ProfileVectorizer().fit([mentee, mentor])
    similarity, _ = _score_blocks(vectorizer, mentee, mentor)
    assert similarity["career_stage"] == pytest.approx(STAGE_FIT[gap])


@pytest.mark.parametrize("hours", [0, 3, 6, 11])
def test_timezone_similarity_is_half_plus_half_cosine(hours):
    mentee, mentor = _pair(mentee={"utc_offset": -5}, mentor={"utc_offset": -5 + hours})
    vectorizer = ProfileVectorizer().fit([mentee, mentor])
    similarity, _ = _score_blocks(vectorizer, mentee, mentor)
    expected = 0.5 + 0.5 * np.cos(2 * np.pi * hours / 24)
    assert similarity["timezone"] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    ("preference", "mentor_region", "expected"),
    [
        ("same", "africa", 1.0),
        ("same", "europe", 0.0),
        ("different", "europe", 1.0),
        ("different", "africa", 0.0),
        (None, "europe", 0.5),
    ],
)
def test_region_preference(preference, mentor_region, expected):
    mentee, mentor = _pair(
        mentee={"region": "africa", "region_preference": preference},
        mentor={"region": mentor_region},
    )
    vectorizer = ProfileVectorizer().fit([mentee, mentor, _pair()[1]])
    similarity, _ = _score_blocks(vectorizer, mentee, mentor)
    assert similarity["region"] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("need", "offer", "expected"), [(4, 8, 1.0), (8, 4, 0.5), (0, 0, 1.0)]
)
def test_availability_fit(need, offer, expected):
    mentee, mentor = _pair(
        mentee={"availability_hours": need}, mentor={"availability_hours": offer}
    )
    vectorizer = ProfileVectorizer().fit([mentee, mentor])
    similarity, _ = _score_blocks(vectorizer, mentee, mentor)
    assert similarity["availability"] == pytest.approx(expected)


def test_language_prefers_the_mentees_first_language():
    mentee, first = _pair(
        mentee={"languages": ("fr", "en")}, mentor={"languages": ("fr",)}
    )
    _, second = _pair(mentor={"languages": ("en",)})
    vectorizer = ProfileVectorizer().fit([mentee, first, second])
    assert _score_blocks(vectorizer, mentee, first)[0]["language"] == pytest.approx(1.0)
    assert _score_blocks(vectorizer, mentee, second)[0]["language"] == pytest.approx(
        0.5
    )


def test_text_meets_across_languages(cohort):
    texts = ["géologie", "geología", "geology", "finance"]
    mentees = [
        MenteeProfile(id=i, organisation_id=0, goals=t) for i, t in enumerate(texts)
    ]
    background = [
        MentorProfile(id=i, organisation_id=1, expertise=m.text)
        for i, m in enumerate(cohort[1])
    ]
    vectorizer = ProfileVectorizer(random_state=0).fit(mentees + background)
    text = vectorizer.transform(mentees)[:, vectorizer.blocks_["text"]]
    text /= np.linalg.norm(text, axis=1, keepdims=True)
    similarity = text @ text.T
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        assert similarity[a, b] > similarity[a, 3] + 0.1


@pytest.mark.parametrize(
    "texts", [["", ""], ["\U0001f642", "\u2728\u26cf"], ["", "ok"]]
)
def test_empty_or_emoji_text_works(texts):
    people = [MenteeProfile(id=1, organisation_id=1, goals=texts[0])]
    people.append(MentorProfile(id=2, organisation_id=2, expertise=texts[1]))
    vectorizer = ProfileVectorizer()
    features = vectorizer.fit_transform(people)
    assert np.isfinite(features).all()
    similarity, score = _score_blocks(vectorizer, *people)
    assert similarity["text"] == pytest.approx(0.5)
    assert 0 <= score <= 1
