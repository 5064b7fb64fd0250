"""Acronyms of the guide's own names: "MLE" is a Machine Learning Engineer, "IEEE CIS" the
IEEE Computational Intelligence Society, "PRML" a book's title.

People shorten long names to their initials; the guide spells them out. Each run of three or
more capitalised words in a title (or in the role's name) gives its initials as an
acronym, read in a question as the words it stands for. An acronym that is an English or a
guide word, or that two different names share, is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.engine.frequency import zipf
from retrieval.tokenize import cased_words

# Words a name's initials skip: "Association for Computing Machinery" is ACM.
LINKS = frozenset({"and", "or", "of", "for", "the", "with", "on", "in", "a", "an", "to", "by"})
SPLITS = frozenset({"or", "by"})
# An acronym as common as this in English is that word ("cis" is rare enough, "cat" not).
EVERYDAY = 4.0
SHORTEST = 3   # two letters ("ML", "DS") are ambiguous and usually aliases already


def _runs(name: str) -> list[list[str]]:
    """Runs of capitalised words in a name, split where another name starts ("Chief Data
    Officer or Chief AI Officer", "“Deep Learning” by Ian Goodfellow") or at a lower-case
    word that is no link."""
    runs: list[list[str]] = [[]]
    for word in cased_words(name):
        folded = word.casefold()
        if folded in SPLITS or not (word[:1].isupper() or folded in LINKS):
            runs.append([])
        elif word[:1].isupper() or runs[-1]:
            runs[-1].append(word)   # a link inside a name is kept for its spelling
    trimmed = [r[:max(i for i, w in enumerate(r) if w[:1].isupper()) + 1] for r in runs
               if any(w[:1].isupper() for w in r)]
    return [r for r in trimmed if sum(w[:1].isupper() for w in r) >= SHORTEST]


def _initials(words: list[str]) -> set[str]:
    """A run's initials, with a word in capitals kept whole ("Chief AI Officer" → cao, caio)."""
    named = [w for w in words if w[:1].isupper()]
    short = "".join(w[0] for w in named).casefold()
    whole = "".join(w if w.isupper() else w[0] for w in named).casefold()
    return {short, whole}


def acronyms(names: Iterable[str], known: frozenset[str]) -> dict[str, str]:
    """Each unambiguous acronym (lower case) → the words it stands for."""
    found: dict[str, dict[str, str]] = {}
    for name in names:
        for run in _runs(name):
            # After a word in capitals too: "IEEE Computational Intelligence Society" is CIS.
            tails = [run, run[1:]] if run[0].isupper() and len(run) > SHORTEST \
                and run[1][:1].isupper() else [run]
            for words in tails:
                for acronym in _initials(words):
                    spelt = " ".join(words)
                    # "Machine Learning Engineers" is the same name as "… Engineer".
                    found.setdefault(acronym, {}).setdefault(spelt.removesuffix("s"), spelt)
    return {a: next(iter(names.values())) for a, names in found.items()
            if len(names) == 1 and len(a) >= SHORTEST and a.isalpha()
            and a not in known and zipf(a) < EVERYDAY}


def expander(table: dict[str, str], plural: bool = False) -> "Expander | None":
    """A pattern that finds any of the table's words as a whole word, any case (with
    `plural`, also with an "s": "MLEs")."""
    if not table:
        return None
    tail = "s?" if plural else ""
    return Expander(re.compile(
        r"\b(?:" + "|".join(sorted(map(re.escape, table), key=len, reverse=True))
        + r")" + tail + r"\b", re.IGNORECASE), table, plural)


_RUN = re.compile(r"\w+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")


class Expander:
    """An expander's pattern, with a set test first: most questions hold none of the table's
    words, and an IGNORECASE scan of a long alternation costs several microseconds each.

    The test is exact for ASCII text when every word is ASCII word characters: a match is
    then a whole run of word characters equal to a word, or a word and "s", in any case.
    Other text goes straight to the pattern."""

    def __init__(self, pattern: re.Pattern[str], table: Iterable[str], plural: bool) -> None:
        self.pattern = pattern
        words = list(table)
        lower = {w.lower() for w in words}
        # Every form a whole run of word characters can take to match, in lower case.
        self.forms = frozenset(lower | ({f"{w}s" for w in lower} if plural else set()))
        self.quick = all(_ASCII_WORD.fullmatch(w) for w in words)

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        """`pattern.sub(repl, text)`, skipped when no word of the table is in the text."""
        if self.quick and text.isascii() and self.forms.isdisjoint(_RUN.findall(text.lower())):
            return text
        return self.pattern.sub(repl, text)
