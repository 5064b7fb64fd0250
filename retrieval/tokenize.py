"""Tokens: the one place that turns text into the terms BM25 counts.

Passages and questions go through the same steps: Unicode folding (NFKC, casefold, curly
quotes and dashes, zero-width and soft-hyphen characters removed), words, synonym
expansion, stopwords, Snowball stemming. Tokenisation is kept apart from scoring, as bm25s
does, so the index never sees raw text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from corpus import safe_yaml
from corpus.files import shipped_text

from retrieval.synonyms import Synonyms

_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "ı": "i",
})
_WORD = re.compile(r"[^\W_]+(?:['][^\W_]+)*")


# Unicode's format characters (category Cf: zero-width spaces and joiners, soft hyphens, BOMs,
# bidi controls, tags). A test checks this class against unicodedata.
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]")


def _fold(text: str) -> str:
    """NFKC, no format characters, plain quotes and dashes, no accents; case kept."""
    text = _FORMAT.sub("", unicodedata.normalize("NFKC", text)).translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed == text:   # nothing to strip: most text, curly quotes and all
        return text
    # Drop combining marks so "Géron", "Geron" and NFD input all match.
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def normalize(text: str) -> str:
    """Fold text for matching: NFKC, casefold, plain quotes and dashes, no invisible characters."""
    if text.isascii():  # the common case: no accents, quotes or invisible characters to fold
        return text.lower()
    return _fold(text).casefold().translate(_FOLD)


def split_words(text: str) -> list[str]:
    """Words of already-folded text, apostrophes removed ("bachelor's" → "bachelors")."""
    return [w.replace("'", "") for w in _WORD.findall(text)]


def cased_words(text: str) -> list[str]:
    """Words of the text with their original case, aligned with `split_words(normalize(text))`."""
    return [w.replace("'", "") for w in _WORD.findall(text if text.isascii() else _fold(text))]


def _data_text(name: str) -> str:
    return shipped_text("retrieval", "data", name)


def load_stopwords() -> frozenset[str]:
    """The bundled stopword list (plain text: YAML would read `on` and `no` as booleans)."""
    lines = (line.strip() for line in _data_text("stopwords.txt").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@dataclass(frozen=True)
class Analysis:
    """A text seen three ways: folded words, words after synonyms, and index terms."""

    words: tuple[str, ...]
    expanded: tuple[str, ...]
    terms: tuple[str, ...]


# Texts this short (titles, section paths, single words) are kept once tokenised.
SHORT_TEXT = 120


class Tokenizer:
    """Text → index terms, the same way for passages and questions."""

    def __init__(self, stopwords: frozenset[str] | None = None,
                 synonyms: Synonyms | None = None) -> None:
        self.stopwords = stopwords if stopwords is not None else load_stopwords()
        if synonyms is None:
            synonyms = Synonyms.load(safe_yaml.load(_data_text("synonyms.yaml")))
        self.synonyms = synonyms
        self._stemmer = Stemmer.Stemmer("english")
        self.stem = lru_cache(maxsize=65536)(self._stemmer.stemWord)
        # Asked of the same passages over and over (does the entry state a price?).
        self.stems_of = lru_cache(maxsize=1024)(self._stems_of)
        # Asked of a question's single words (is "certs" a section's name?): words repeat.
        self.terms_of = lru_cache(maxsize=16384)(self._terms_of)

    def keeping(self, phrases: list[str]) -> "Tokenizer":
        """A tokenizer that never splits these names with a synonym (a guide's places)."""
        return Tokenizer(self.stopwords, self.synonyms.keeping(phrases))

    def analyze(self, text: str) -> Analysis:
        """Fold, split, expand synonyms, drop stopwords and stem one text."""
        if text.isascii():
            # Lower-casing ASCII never moves a word boundary: split once, fold each word.
            cased = cased_words(text)
            words = [w.lower() for w in cased]
        else:
            words = split_words(normalize(text))
            cased = cased_words(text)
            if len(cased) != len(words):  # folding changed the word split; use folded words
                cased = words
        expanded = self.synonyms.expand(words, cased)
        stem, stopwords = self.stem, self.stopwords
        terms = tuple([stem(w) for w in expanded if w not in stopwords])
        return Analysis(tuple(words), expanded, terms)

    def _stems_of(self, text: str) -> frozenset[str]:
        """The stems of every word of a text, stopwords and all, synonyms not applied."""
        return frozenset(self.stem(w) for w in split_words(normalize(text)))

    def _terms_of(self, text: str) -> tuple[str, ...]:
        """A short text's index terms, as `tokens` gives them (a tuple, so it can be kept)."""
        return self.analyze(text).terms

    def tokens(self, text: str) -> list[str]:
        """Index terms of a text, in order, repeats kept (BM25 counts them)."""
        if len(text) <= SHORT_TEXT:   # titles and section paths, tokenised again and again
            return list(self.terms_of(text))
        return list(self.analyze(text).terms)


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    """The tokenizer with the bundled stopwords and synonyms, built once per process."""
    return Tokenizer()
