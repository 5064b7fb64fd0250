"""Words that point back into the conversation: "he", "her", "there".

A pronoun for a person or a place adverb carries no terms of its own, so the engine reads
the question with the referent's name added: "where was he chief scientist" after an
answer about Andrew Ng is read as "… Andrew Ng"; "which cities are hiring there?" after
one about the UAE as "… in United Arab Emirates". A question that names its own person
or place keeps it.
"""

from __future__ import annotations

from bot.engine.answer import Context
from retrieval.tokenize import normalize, split_words

PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
# "there" after these is existential ("is there demand?"), not a place ("demand there?").
EXISTENTIAL = frozenset({"is", "are", "was", "were", "be", "s", "isnt", "arent"})


def points_to_place(words: list[str]) -> bool:
    """True when "there" is used of a place, not to say that something exists."""
    return any(w == "there" and (i == 0 or words[i - 1] not in EXISTENTIAL)
               for i, w in enumerate(words))


def resolve(text: str, context: Context, names_place: bool) -> str:
    """The question with the person or place it points back to named."""
    words = split_words(normalize(text))
    if context.person and not PERSONAL.isdisjoint(words):
        person = set(split_words(normalize(context.person)))
        if person.isdisjoint(words):
            text = f"{text} {context.person}"
    if context.countries and not names_place and points_to_place(words):
        text = f"{text} in {' and '.join(context.countries)}"
    return text
