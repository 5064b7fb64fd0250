"""OneEdit finds what a full rapidfuzz scan finds, without the scan."""

from __future__ import annotations

import random
import string

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.engine.lexicon import lexicon
from retrieval.oneedit import OneEdit


def mutated(word: str, rng: random.Random) -> str:
    """The word with up to two random edits: typos, and words too far to match."""
    for _ in range(rng.randint(0, 2)):
        at = rng.randrange(len(word) + 1)
        kind = rng.choice(["insert", "delete", "replace", "swap"])
        letter = rng.choice(string.ascii_lowercase + "é")
        if kind == "insert":
            word = word[:at] + letter + word[at:]
        elif kind == "delete" and at < len(word):
            word = word[:at] + word[at + 1:]
        elif kind == "replace" and at < len(word):
            word = word[:at] + letter + word[at + 1:]
        elif kind == "swap" and at + 1 < len(word):
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return word


def full_scan(word: str, words: list[str]) -> str | None:
    match = process.extractOne(word, words, scorer=OSA.distance, score_cutoff=1)
    return match[0] if match is not None else None


def test_agrees_with_a_full_scan_over_place_names() -> None:
    words = sorted({w for phrase in lexicon().world for w in phrase if len(w) >= 4})
    near = OneEdit(words)
    rng = random.Random(11)
    found = 0
    for _ in range(3000):
        word = mutated(rng.choice(words), rng)
        expected = full_scan(word, words)
        assert near.closest(word) == expected, word
        found += expected is not None
    assert found > 1000   # typos close enough to match were among the cases


def test_ties_go_to_the_first_word_and_repeats_count_once() -> None:
    words = ["cart", "bart", "card", "cart", "dart"]
    near = OneEdit(words)
    assert near.closest("cart") == "cart"
    assert near.closest("dart") == "dart"
    assert near.closest("xart") == full_scan("xart", words) == "cart"
    assert near.closest("acrt") == "cart"      # two neighbours swapped: one edit
    assert near.closest("xyrt") is None and full_scan("xyrt", words) is None   # two edits
    assert near.closest("") is None
    assert OneEdit([]).closest("cart") is None
