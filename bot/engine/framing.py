"""Who asks, and for whom: the words of a question that frame it rather than name its topic.

"Recruiter here: which responsibilities should I list?", "as a nurse, which trainings?",
"explain it for my parents": "recruiter", "nurse" and "parents" say who asks or who will
read the answer. A word the guide lacks in such a frame is no evidence that the question is
about something else; the rest of the question still has to be about the guide.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.engine.lexicon import Lexicon

# How many words after "as a" / "I am" can name the asker ("as a data analyst").
PERSONA_WORDS = 2


def _opening(words: Sequence[str], lex: Lexicon) -> int:
    """Where a sentence's own words start, after "hi", "good evening", "please"."""
    skip = lex.politeness | lex.address | lex.smalltalk.get("greeting", frozenset())
    return next((at for at, word in enumerate(words) if word not in skip), len(words))


def _after(words: Sequence[str], phrase: tuple[str, ...]) -> list[int]:
    """The positions just after each place the phrase occurs."""
    size = len(phrase)
    return [at + size for at in range(len(words) - size + 1)
            if tuple(words[at:at + size]) == phrase]


def framing_words(sentences: Sequence[Sequence[str]], lex: Lexicon,
                  stopwords: Collection[str]) -> frozenset[str]:
    """The words naming the asker where a sentence opens ("As a recruiter, …", "I am a
    nurse…", "student here: …") or the audience anywhere ("for my mom"): never evidence
    that a question is off the guide. "The salary as a freelancer" frames nothing."""
    found: set[str] = set()
    for words in sentences:
        lead = _opening(words, lex)
        for phrase in lex.persona_openers:
            if tuple(words[lead:lead + len(phrase)]) == phrase:
                for word in words[lead + len(phrase):lead + len(phrase) + PERSONA_WORDS]:
                    if word in stopwords:
                        break
                    found.add(word)
                break
        for size in range(1, PERSONA_WORDS + 1):   # "recruiter here", "hiring manager question"
            end = lead + size
            if end < len(words) and words[end] in lex.persona_labels:
                found.update(words[lead:end])
                break
        for phrase in lex.reason_openers:   # "…, since I plan to relocate": to its end
            starts = _after(words, phrase)
            if starts:
                found.update(w for w in words[starts[0] - len(phrase):]
                             if w not in stopwords)
                break
        for phrase in lex.audience_openers:
            found.update(words[at] for at in _after(words, phrase)
                         if at < len(words) and words[at] in lex.audience)
    return frozenset(found)
