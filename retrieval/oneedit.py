"""The words of a fixed list one edit from a word, found without comparing it with each.

One edit is OSA's: a letter inserted, deleted, replaced, or two neighbours swapped. Two
words one edit apart share a "deletion key" (either word, or it with one letter removed),
so each list word is filed under its keys once, and a lookup reads the word's own keys
(about its length of them) instead of scoring the whole list. The candidates found are
then scored exactly, so the answer is what a full scan
(`rapidfuzz.process.extractOne(word, words, scorer=OSA.distance, score_cutoff=1)`) gives:
the nearest word, the first in list order among equals. A test checks the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence



def deletion_keys(word: str) -> set[str]:
    """The word and every form of it with one letter removed."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


class OneEdit:
    """A list of words, filed for finding the one nearest a word within one edit."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = tuple(words)
        self.first: dict[str, int] = {}
        for position, word in enumerate(self.words):
            self.first.setdefault(word, position)   # a repeat never wins over the first
        # Filed on the first lookup (a few ms for a few hundred words): most processes, a
        # one-question `guidebot ask` above all, never look one up.
        self._by_key: dict[str, list[int]] | None = None

    def by_key(self) -> dict[str, list[int]]:
        """Each deletion key → the positions of the list words that have it."""
        if self._by_key is None:
            by_key: dict[str, list[int]] = {}
            for word, position in self.first.items():
                for key in deletion_keys(word):
                    by_key.setdefault(key, []).append(position)
            self._by_key = by_key
        return self._by_key

    def closest(self, word: str) -> str | None:
        """The nearest list word at most one edit away (the first among equals), or None."""
        if word in self.first:
            return word
        by_key = self.by_key()
        found = {position for key in deletion_keys(word) for position in by_key.get(key, ())}
        from rapidfuzz.distance import OSA   # not imported until a word is misspelt
        best = min(((OSA.distance(word, self.words[p]), p) for p in found), default=None)
        return self.words[best[1]] if best is not None and best[0] <= 1 else None
