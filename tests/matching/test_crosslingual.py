"""Text that crosses languages: the glossary and the fixed test set."""

import numpy as np

from matching.analysis import CONCEPTS, content_words, glossary_terms
from matching.crosslingual import GOALS, cohort, evaluate
from matching.glossary import GLOSSARY, LANGUAGES
from matching.text import TextEncoder


def test_glossary_is_a_vocabulary_in_four_languages():
    assert len(CONCEPTS) >= 80
    for concept, terms in GLOSSARY.items():
        assert len(terms) == len(LANGUAGES), concept
        assert all(t.strip() for t in terms), concept
    terms = glossary_terms()
    assert len(terms) >= 300
    for language in LANGUAGES:
        assert sum(t[1] == language for t in terms) >= 300 // 4


def test_framing_and_function_words_are_dropped():
    assert content_words("Quiero aprender sobre cierre de minas") == ["cierr", "min"]
    assert content_words("Mi experiencia es en finanzas mineras.") == [
        "finanz",
        "miner",
    ]
    assert content_words("J\u2019aimerais progresser en géologie") == ["geologi"]


def test_translation_beats_same_language_framing():
    # the audit's example: 0.015 against the translation, 0.983 against the
    # same framing on another topic
    texts = [
        "Quiero aprender sobre cierre de minas",
        "Mine closure and rehabilitation",
        "Quiero aprender sobre finanzas mineras",
    ]
    encoder = TextEncoder(random_state=0)
    encoder.fit(texts + [g[2] for g in GOALS] + [g[3] for g in GOALS])
    goal, translation, framing = encoder.transform(texts)
    assert goal @ translation > 0.3
    assert goal @ translation > goal @ framing + 0.3


def test_test_set_is_fixed_and_honest():
    mentees, mentors, pools = cohort()
    assert len(GOALS) == 30
    assert {g[0] for g in GOALS} == {"fr", "es", "pt"}
    assert all(sum(g[0] == lang for g in GOALS) == 10 for lang in ("fr", "es", "pt"))
    texts = {m.id: m.expertise for m in mentors}
    for k, (_lang, _tag, _goal, expertise) in enumerate(GOALS):
        pool = pools[f"goal-{k}"]
        assert len(pool) == 191 and pool[-1] == f"intended-{k}"
        assert texts[f"intended-{k}"] == expertise
    # distractors speak every language, with their framing sentences
    framed = [t for t in texts.values() if t.startswith("Mi experiencia es en")]
    assert framed


def test_cross_language_targets():
    result = evaluate()
    assert result["n_mentors_per_goal"] == 191
    assert result["top1"] >= 24
    assert result["top5"] >= 27
    ranks = np.array(list(result["ranks"].values()))
    assert ranks.min() == 1
