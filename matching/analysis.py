"""Words and concepts of free text in English, French, Spanish and Portuguese.

``content_words`` lowercases, drops accents, removes the framing phrases and
function words of :mod:`matching.glossary` and stems what is left with a crude
rule shared by the four languages (plural ``s``, then one final vowel, at most
seven letters): "minas", "mina" and "mine" are all ``min``, "mineras" and
"minero" both ``miner``. :class:`ConceptMap` then turns the word n-grams of a
text into the glossary's concepts, as a sparse matrix product.
"""

import re
import unicodedata
from functools import lru_cache

import numpy as np
from scipy import sparse

from .glossary import BOILERPLATE, GLOSSARY, LANGUAGES, STOPWORDS

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_COMBINING_MARKS = re.compile("[\u0300-\u036f]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
STEM_LENGTH = 7


def normalise(text):
    """Lowercase, accent-free text with one kind of apostrophe."""
    text = text.lower().translate(_APOSTROPHES)
    if not text.isascii():
        text = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return text


def _split(phrases):
    return [p.strip() for p in phrases.split(";") if p.strip()]


def _boilerplate_pattern():
    phrases = {normalise(p) for text in BOILERPLATE.values() for p in _split(text)}
    # longest first, so that "i would like to learn about" wins over "i would like"
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")


_BOILERPLATE = _boilerplate_pattern()
_STOPWORDS = frozenset(
    normalise(w) for words in STOPWORDS.values() for w in words.split()
)


@lru_cache(maxsize=200_000)
def stem(word):
    """A crude stem shared by the four languages (see the module docstring)."""
    if len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    if len(word) > 3 and word[-1] in "aeo":
        word = word[:-1]
    return word[:STEM_LENGTH]


def content_words(text):
    """Stems of the words that carry the topic, in order."""
    text = _BOILERPLATE.sub(" ", normalise(text))
    return [stem(w) for w in _TOKEN.findall(text) if w not in _STOPWORDS]


def word_ngrams(text):
    """Content-word 1-2-grams of ``text`` (the analyzer of the word TF-IDF)."""
    words = content_words(text)
    return words + [" ".join(pair) for pair in zip(words, words[1:], strict=False)]


def _phrase_ngrams(phrase):
    """The n-grams a phrase is recognised by, each with its share of the phrase.

    A one-word term is its word; a longer one its content bigrams, each worth an
    equal share, so a text holding part of the phrase gets part of the concept.
    A phrase that shrinks to one word only because its small words were dropped
    ("mine d'or" -> "mine") is too vague to recognise and yields nothing.
    """
    words = content_words(phrase)
    if len(words) == 1 and len(_TOKEN.findall(normalise(phrase))) == 1:
        return [(words[0], 1.0)]
    if len(words) < 2:
        return []
    pairs = [" ".join(p) for p in zip(words, words[1:], strict=False)]
    return [(p, 1.0 / len(pairs)) for p in pairs]


CONCEPTS = tuple(GLOSSARY)
"""Concept codes, in the order of :class:`ConceptMap`'s columns."""


def glossary_terms():
    """(concept index, language, term) of every glossary term."""
    return [
        (c, language, term)
        for c, concept in enumerate(CONCEPTS)
        for language, terms in zip(LANGUAGES, GLOSSARY[concept], strict=True)
        for term in _split(terms)
    ]


def concept_documents():
    """One text per concept: all its terms in the four languages."""
    texts = [[] for _ in CONCEPTS]
    for c, _language, term in glossary_terms():
        texts[c].append(term)
    return [" ; ".join(t) for t in texts]


class ConceptMap:
    """Word n-gram counts -> glossary concept counts, one sparse product.

    Parameters
    ----------
    vocabulary : mapping of str to int
        The fitted word n-gram vocabulary (``CountVectorizer.vocabulary_``).

    Attributes
    ----------
    matrix : scipy.sparse.csr_array, shape (n_word_features, n_concepts)
    """

    def __init__(self, vocabulary):
        rows, cols, values = [], [], []
        for c, _language, term in glossary_terms():
            for gram, share in _phrase_ngrams(term):
                if gram in vocabulary:
                    rows.append(vocabulary[gram])
                    cols.append(c)
                    values.append(share)
        shape = (len(vocabulary), len(CONCEPTS))
        matrix = sparse.coo_array(
            (np.asarray(values, np.float32), (rows, cols)), shape=shape
        ).tocsr()
        matrix.sum_duplicates()
        # a gram used by several terms of one concept counts once for it
        matrix.data = np.minimum(matrix.data, 1)
        self.matrix = matrix

    def transform(self, counts):
        """Concept counts of documents, shape (n_docs, n_concepts)."""
        return sparse.csr_array(counts @ self.matrix)
