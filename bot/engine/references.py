"""Words that point back into the conversation: "he", "her", "it", "there".

A pronoun for a person or a place adverb carries no terms of its own, so the engine reads
the question with the referent's name added: "where was he chief scientist" after an
answer about Andrew Ng is read as "… Andrew Ng"; "which cities are hiring there?" after
one about the UAE as "… in United Arab Emirates". A question that names its own person
or place keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.engine.answer import Context
from retrieval.tokenize import normalize, split_words

FEMININE = frozenset({"she", "her", "hers", "herself"})
MASCULINE = frozenset({"he", "him", "his", "himself"})
PERSONAL = FEMININE | MASCULINE
# A title naming its authors ("… by Sebastian Raschka and Vahid Mirjalili"): "he" after it
# is one of them.
AUTHORED = re.compile(r"\sby\s+[A-Z]")
# "there" after these is existential ("is there demand?"), not a place ("demand there?").
SHORT = 6   # words: "is it free?" points back; a long question names its own subject
EXISTENTIAL = frozenset({"is", "are", "was", "were", "be", "s", "isnt", "arent"})


def points_to_place(words: list[str]) -> bool:
    """True when "there" is used of a place, not to say that something exists."""
    return any(w == "there" and (i == 0 or words[i - 1] not in EXISTENTIAL)
               for i, w in enumerate(words))


def points_to_thing(words: list[str]) -> bool:
    """True for a short follow-up about "it" or "that one" ("is it free?")."""
    joined = f" {' '.join(words)} "
    return len(words) <= SHORT and (" it " in joined or " that one " in joined
                                    or " this one " in joined)


def pronoun_of(text: str) -> str | None:
    """"she" or "he", whichever a profile uses more of its subject, or None."""
    words = split_words(normalize(text))
    she = sum(w in FEMININE for w in words)
    he = sum(w in MASCULINE for w in words)
    return "she" if she > he else "he" if he > she else None


def referent(words: list[str], last: str | None, pronouns: Mapping[str, str]) -> str | None:
    """The person "he"/"she" means: the last one talked about, unless the pronoun is not
    theirs and exactly one other person in the guide takes it ("and her?" after Andrew Ng)."""
    asked = "she" if not FEMININE.isdisjoint(words) else "he"
    if last is None or pronouns.get(last) in (asked, None):
        return last   # with nobody talked about, "his work" is anyone's
    others = [name for name, pronoun in pronouns.items() if pronoun == asked]
    return others[0] if len(others) == 1 else last


def resolve(text: str, context: Context, names_place: bool, thing: str | None = None,
            pronouns: Mapping[str, str] | None = None) -> str:
    """The question with the person, thing or place it points back to named (`thing`: the
    title of the entry the last answer was about; `pronouns`: each featured person's)."""
    if not (thing or context.person or context.countries):
        return text   # nothing to point back to: the first turn, most often
    words = split_words(normalize(text))
    if thing and points_to_thing(words) and not set(split_words(normalize(thing))) & set(words):
        text = f"{text} {thing}"
    elif thing and AUTHORED.search(thing) and context.person is None \
            and not PERSONAL.isdisjoint(words):
        # "who's his co-author" after a book by one of its authors; "who is he?" after
        # Andrew Ng's book is Andrew Ng, whom the guide features.
        featured = [name for name in (pronouns or {}) if name in thing]
        text = f"{text} {featured[0] if len(featured) == 1 else thing}"
    person = referent(words, context.person, pronouns or {}) \
        if not PERSONAL.isdisjoint(words) else None
    if person is not None:
        if set(split_words(normalize(person))).isdisjoint(words):
            text = f"{text} {person}"
    if context.countries and not names_place and points_to_place(words):
        text = f"{text} in {' and '.join(context.countries)}"
    return text
