"""Spelling: typos corrected toward the guide's words and places, and forms of its words.

A word is only corrected when the guide never uses it and it is close to one the guide does
use; everyday English words are left alone unless the guide word is far more common.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.engine.frequency import is_common, is_word, zipf
from retrieval.oneedit import OneEdit
from retrieval.tokenize import Tokenizer, cased_words, normalize, split_words

MIN_TYPO_LENGTH = 5  # shorter words have too many neighbours ("joke" → "Joe")
# A four-letter word no English word list knows ("clud", "jbos", "skil") is still corrected,
# when exactly one guide word is one edit away ("mony": money or many, left alone) and that
# word carries meaning ("algo" is not a typo of "also").
SHORT_TYPO = 4
LONG_WORD = 8
MIN_PLACE_TYPO = 4   # "inda" → india; place names are few, so shorter words are safe
MIN_VARIANT = 6  # "analys"/"analysi"; five ("popul"/"popular") joins unrelated words
# wordfreq also counts frequent misspellings ("traning": Zipf 3.0); a word this uncommon may
# still be a typo, when the guide word it is near is far more common (TYPO_GAP Zipf
# points, a hundred times or more) — so "direction" never becomes "director".
TYPO_ZIPF = 3.5
# The lengths of a mistyped function word worth looking for ("teh", "wher", "whcih").
SHORT_WORD = (3, 5)
# The British -ise/-isation endings ("optimise", "optimising", "specialisation").
BRITISH = re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$")
# Inflections, longest first, and what the plain word ends in instead ("studies" → study).
INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("es", ""), ("ed", ""), ("s", ""))
# Comparative and superlative endings and what the plain adjective ends in instead.
SUPERLATIVES = (("iest", "y"), ("ier", "y"), ("est", ""), ("er", ""))
TYPO_GAP = 1.5


class Speller:
    """Corrects a question's words against one corpus's known words, terms and places."""

    def __init__(self, tokenizer: Tokenizer, vocabulary: frozenset[str],
                 known_words: frozenset[str], place_phrases: Iterable[tuple[str, ...]],
                 filler_words: frozenset[str]) -> None:
        self.tokenizer = tokenizer
        self.vocabulary = vocabulary
        self.known_words = known_words
        self.filler_words = filler_words
        self.filler_by_stem: dict[str, list[str]] = {}
        for word in self.filler_words:
            self.filler_by_stem.setdefault(tokenizer.stem(word), []).append(word)
        self.place_words = sorted({w for phrase in place_phrases for w in phrase
                                   if len(w) >= MIN_PLACE_TYPO})
        self.place_near = OneEdit(self.place_words)   # one edit, without scanning ~400 names
        # Long words may be two edits off ("melborn" → melbourne). An edit distance is at
        # least the difference in length, so such a word is only compared with words within
        # two letters of its length (in the same order, so the same match wins).
        self.place_words_near = {
            size: [w for w in self.place_words if abs(len(w) - size) <= 2]
            for size in range(MIN_PLACE_TYPO, max(map(len, self.place_words), default=0) + 3)}
        self._known_near: dict[tuple[str, int, int], list[str]] = {}
        self.terms_by_prefix: dict[str, list[str]] = {}
        for term in sorted(vocabulary):
            if len(term) >= MIN_TYPO_LENGTH:
                self.terms_by_prefix.setdefault(term[:MIN_TYPO_LENGTH], []).append(term)
        # One-word aliases by stem: an inflection of one ("studied", "dutys") reads as it.
        self.alias_by_stem: dict[str, str] = {}
        for alias in tokenizer.synonyms.aliases:
            if len(alias.words) == 1 and alias.words[0].isalpha() and not alias.cased:
                self.alias_by_stem.setdefault(tokenizer.stem(alias.words[0]), alias.words[0])
        self.alias_words = frozenset(self.alias_by_stem.values())
        # Each stopword with two letters swapped ("teh") or one left out ("wher"), worked
        # out once; a letter changed is another word as often as a typo ("ide" is no "ive").
        self.function_typos = frozenset(
            typo for w in tokenizer.stopwords if w.isalpha()
            for typo in (*(w[:i] + w[i + 1] + w[i] + w[i + 2:] for i in range(len(w) - 1)),
                         *(w[:i] + w[i + 1:] for i in range(len(w))))
            if SHORT_WORD[0] <= len(typo) <= SHORT_WORD[1] and typo != w)
        self.known_by_initial: dict[str, list[str]] = {}
        for word in sorted(known_words):
            if len(word) >= MIN_TYPO_LENGTH - 1:
                self.known_by_initial.setdefault(word[0], []).append(word)

    def is_filler(self, word: str) -> bool:
        """A filler word, or a misspelling of one ("requirments")."""
        if word in self.filler_words:
            return True
        from rapidfuzz.distance import OSA   # imported on first need: most questions never
        return any(OSA.distance(word, f) <= 2
                   for f in self.filler_by_stem.get(self.tokenizer.stem(word), ()))

    def variant(self, word: str) -> str | None:
        """The guide term whose stem differs from this word's by one final letter (six or more
        letters shared): "analysing" → analysis."""
        stem = self.tokenizer.stem(word)
        if len(stem) < MIN_VARIANT or not word.isalpha():
            return None
        found = [t for t in self.terms_by_prefix.get(stem[:MIN_TYPO_LENGTH], ())
                 if (t.startswith(stem) or stem.startswith(t)) and len(t) >= MIN_VARIANT
                 and abs(len(t) - len(stem)) <= 1]   # "direct" is not "director"
        return found[0] if found else None

    def alias_form(self, word: str) -> str | None:
        """The synonym table's one-word alias this word inflects, when the guide has no
        form of it: "studied" → study, "dutys" → duties' alias, "toughest" → tough."""
        if len(word) < MIN_PLACE_TYPO or not word.isalpha() or word in self.known_words:
            return None
        stem = self.tokenizer.stem(word)
        if stem in self.vocabulary:
            return None
        found = self.alias_by_stem.get(stem)
        # The same word inflected, not another sharing its stem ("hospitality" is no
        # "hospital", "commitment" no "commits").
        if found is not None and not forms(found).isdisjoint(forms(word)):
            return found
        for suffix, ending in SUPERLATIVES:   # Snowball keeps "-est" and "-er" on adjectives
            base = word[:-len(suffix)] + ending
            if word.endswith(suffix) and len(base) >= 3:
                if base in self.alias_words:
                    return base
                if base[-1] == base[-2] and base[:-1] in self.alias_words:
                    return base[:-1]   # "biggest" → big
        return None

    def american(self, word: str) -> str | None:
        """The guide's -ize spelling of a British -ise word ("optimise" → optimize,
        "specialisation" → specialization), when the guide has it and not the word's own."""
        if "is" not in word or word in self.known_words:
            return None
        found = BRITISH.sub(lambda m: "iz" + m.group(1), word)
        return found if found != word and self.tokenizer.stem(found) in self.vocabulary \
            and self.tokenizer.stem(word) not in self.vocabulary else None

    def function_typo(self, word: str) -> bool:
        """A short non-word that is a stopword mistyped ("teh", "wher", "waht", "hwo")."""
        return (word in self.function_typos and word not in self.known_words
                and word not in self.tokenizer.stopwords and zipf(word) < TYPO_ZIPF)

    def may_be_typo(self, word: str) -> bool:
        """A word long enough to correct that the guide uses in no form ("explainability" is
        known through its stem)."""
        return ((len(word) >= MIN_TYPO_LENGTH or len(word) == SHORT_TYPO and not is_word(word))
                and word.isalpha() and word not in self.known_words
                and word not in self.tokenizer.stopwords and zipf(word) < TYPO_ZIPF
                and self.tokenizer.stem(word) not in self.vocabulary)

    def correct(self, text: str) -> str:
        """Fix typos: a word the guide never uses, close to one it does ("salery" → salary)."""
        words = split_words(normalize(text))
        cased = cased_words(text)
        if len(cased) != len(words):
            cased = list(words)
        changed = False
        for index, word in enumerate(words):
            if self.possessive(word):
                cased[index] = word[:-1]   # a possessive folded into a word: "amazon's"
                changed = True
                continue
            alias = self.alias_form(word) or self.american(word)
            if alias is not None:
                cased[index] = alias
                changed = True
                continue
            place = self.place_typo(word)
            if place is not None:
                cased[index] = place
                changed = True
                continue
            if not self.may_be_typo(word):
                continue
            # Typos rarely change the first letter; requiring it keeps "weather" from "whether".
            split = self._split_compound(word)
            if split:
                cased[index] = split
                changed = True
                continue
            # One edit (a transposition counts as one) for most words, two for long ones.
            from rapidfuzz import process
            from rapidfuzz.distance import OSA
            edits = 1 if len(word) < LONG_WORD else 2
            if len(word) < MIN_TYPO_LENGTH:
                found = process.extract(word, self._near_known(word, edits), scorer=OSA.distance,
                                        score_cutoff=edits, limit=2)
                match = found[0] if len(found) == 1 \
                    and found[0][0] not in self.tokenizer.stopwords else None
            else:
                match = process.extractOne(word, self._near_known(word, edits),
                                           scorer=OSA.distance, score_cutoff=edits)
            if match is not None and (not is_common(word)
                                      or zipf(match[0]) - zipf(word) >= TYPO_GAP):
                cased[index] = match[0]
                changed = True
        return " ".join(cased) if changed else text

    def _near_known(self, word: str, edits: int) -> list[str]:
        """The known words sharing the word's first letter within `edits` of its length."""
        known = self.known_by_initial.get(word[0], [])
        key = (word[0], len(word), edits)
        pool = self._known_near.get(key)
        if pool is None:
            pool = [w for w in known if abs(len(w) - len(word)) <= edits]
            if pool:   # kept only when found, so odd words cannot grow the table
                self._known_near[key] = pool
        return pool

    def possessive(self, word: str) -> bool:
        """A known word with an "s" the guide never adds ("amazons" from "amazon's")."""
        return word.endswith("s") and word not in self.known_words \
            and word[:-1] in self.known_words and not is_word(word)

    def place_typo(self, word: str) -> str | None:
        """A misspelt place name ("singapor", "inda"): one edit from a place word of the
        guide's, and neither a word the guide uses nor an everyday English word."""
        if (len(word) < MIN_PLACE_TYPO or word in self.known_words or not word.isalpha()
                or is_common(word)):
            return None
        if len(word) < LONG_WORD - 1:
            found = self.place_near.closest(word)
        else:   # "melborn" → melbourne
            from rapidfuzz import process
            from rapidfuzz.distance import OSA
            match = process.extractOne(word, self.place_words_near.get(len(word), ()),
                                       scorer=OSA.distance, score_cutoff=2)
            found = match[0] if match is not None else None
        return found if found is not None and found[0] == word[0] else None

    def _split_compound(self, word: str) -> str | None:
        """Two known words run together ("fastai" → "fast ai"), or None."""
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if head in self.known_words and tail in self.known_words:
                return f"{head} {tail}"
        return None


def forms(word: str) -> frozenset[str]:
    """The word and what it is with an inflection taken off ("studied" → study, "dutys" →
    duty, "incomes" → income): by ending alone, only to tell a form of a word from another
    word sharing its stem ("hospitality" is no "hospital")."""
    return frozenset([word] + [word[:-len(suffix)] + plain for suffix, plain in INFLECTIONS
                               if word.endswith(suffix) and len(word) - len(suffix) >= 3])
