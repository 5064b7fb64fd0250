"""How common a word is in general English, and so how much its absence from the guide says.

A word the guide never uses is evidence that the question is about something else only in
proportion to how specific it is: "exist" or "themselves" says little, "sourdough" or
"Lyon" a lot. The table (`data/english-frequency.txt`, derived from wordfreq, CC BY-SA 4.0)
gives each common word its Zipf frequency; a word absent from it is rare.
"""

from __future__ import annotations

from functools import lru_cache

from corpus.files import shipped_text

# Zipf frequency at or above which a word is too common to mean anything on its own, and
# below which a word weighs fully (a rare word or a name).
COMMON, RARE = 5.5, 3.0
FLOOR = 0.05


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    text = shipped_text("bot.engine", "data", "english-frequency.txt")
    table: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        band, *words = line.split()
        zipf = int(band) / 10
        table.update(dict.fromkeys(words, zipf))
    return table


def _forms(word: str) -> list[str]:
    """The word and the plain forms an inflection may hide ("affects" → affect)."""
    forms = [word]
    for suffix, keep in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e"), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[:-len(suffix)] + keep)
    return forms


@lru_cache(maxsize=1 << 16)   # bounded: words repeat across questions
def zipf(word: str) -> float:
    """The Zipf frequency in English of the word or its plain form, whichever is more
    common (0 when rarer than the table keeps): an inflection is as ordinary as its stem."""
    table = _table()
    return max(table.get(form, 0.0) for form in _forms(word.casefold()))


def is_word(word: str) -> bool:
    """True when the table lists this exact form ("pages" is a word; "amazons" is not)."""
    return word.casefold() in _table()


def is_common(word: str) -> bool:
    """True for an ordinary English word (frequency 3.0 or more): never a typo to correct."""
    return zipf(word) > 0


def rarity(word: str) -> float:
    """How much an unknown word weighs, from FLOOR (very common) to 1 (rare, or a name)."""
    z = zipf(word)
    if z < RARE:
        return 1.0
    return max(FLOOR, min(1.0, (COMMON - z) / (COMMON - RARE)))
