"""Ordered career steps: "what comes after senior?", "the job before ML engineer", "the top".

A guide's career-path list is in the order people climb it. A question that asks for the
step after, before, at the top or at the start of that list, naming a step (or following an
answer about one), gets the neighbouring step, not the step it named.
"""

from __future__ import annotations

from enum import Enum

from corpus.passages import Passage, PassageKind
from corpus.store import Corpus
from retrieval.index import Index
from retrieval.tokenize import Tokenizer

# Section words that make a list a path people climb, in order.
PATH_WORDS = ("career", "path", "progression", "ladder", "roadmap")
NEXT = frozenset({"next", "after", "afterwards", "following", "beyond", })
PREVIOUS = frozenset({"before", "prior", "preceding", "earlier", "previous"})
TOP = frozenset({"highest", "top", "pinnacle", "ultimate", "peak", "final", "furthest"})
START = frozenset({"start", "starting", "begin", "beginning", "entry", "first", "bottom"})
# "bottom to top", "the whole ladder": the path itself, not one end of it.
WHOLE = frozenset({"whole", "entire", "all", "full", "complete", "every", "each"})
# With TOP or START, a word that says the question is about the career, not e.g. "top books".
CAREER_CUES = frozenset({"position", "positions", "career", "level", "rank", "title", "role",
                         "job", "jobs", "roles", "reach", "climb", "step", "steps", "go"})
# Asked in the plural, a direction wants every step on that side.
PLURAL = frozenset({"jobs", "roles", "positions", "steps", "titles", "stages"})


class Direction(Enum):
    """Which neighbour of a step is asked for."""

    NEXT = 1
    PREVIOUS = -1
    TOP = 2
    START = -2


def direction(words: tuple[str, ...], on_path: bool = False) -> Direction | None:
    """The direction a question asks in, if any (`on_path`: the talk is already about a
    step, so "final stop?" needs no career word to mean the top)."""
    found = set(words)
    if found & NEXT:
        return Direction.NEXT
    if found & PREVIOUS:
        return Direction.PREVIOUS
    cued = on_path or bool(found & CAREER_CUES)
    if found & WHOLE or (found & TOP and found & START):
        return None
    if cued and found & TOP:
        return Direction.TOP
    if cued and found & START:
        return Direction.START
    return None


class Steps:
    """The guide's career path, if it has one, and how to walk it."""

    def __init__(self, corpus: Corpus, index: Index, tokenizer: Tokenizer) -> None:
        self.index = index
        self.path: Passage | None = next(
            (p for p in corpus.passages if p.kind == PassageKind.LIST and len(p.path) == 1
             and any(w in p.section.casefold() for w in PATH_WORDS)), None)
        self.items = self.path.items if self.path else ()
        self.cue_terms = frozenset(tokenizer.tokens(" ".join(CAREER_CUES)))
        # The words naming the path itself ("career ladder" is read as "career path").
        self.path_terms = frozenset(tokenizer.tokens(self.path.section)) if self.path \
            else frozenset()
        self.titles = {pid: frozenset(tokenizer.tokens(corpus.by_id[pid].title or ""))
                       for pid in self.items}
        role = tokenizer.tokens(corpus.role)
        # The step that is the role itself ("Machine Learning Engineer").
        self.role_step = next((pid for pid in self.items
                               if tokenizer.tokens(corpus.by_id[pid].title or "") == role), None)

    def step_titled(self, terms: tuple[str, ...]) -> str | None:
        """The step whose title holds every one of these terms ("AI engineer")."""
        wanted = set(terms)
        return next((pid for pid, title in self.titles.items() if wanted <= title), None)

    def step_named(self, terms: tuple[str, ...], role_only: bool) -> str | None:
        """The step the question names: best match among the steps, or the role's own."""
        if not self.items:
            return None
        allowed = set(self.items)
        terms = tuple(t for t in terms if t not in self.cue_terms)
        if terms:
            # Every topic term must be in the step found: "datasets before training" names
            # no step, though "training" alone might match one.
            hits = self.index.search(terms, 1, where=lambda p: p.id in allowed)
            if hits and set(hits[0].matched) >= set(terms):
                return hits[0].passage.id
            return None
        return self.role_step if role_only else None

    def neighbour(self, words: tuple[str, ...], terms: tuple[str, ...], mentions_role: bool,
                  last: str | None) -> str | None:
        # `terms` are the question's topic terms; with none, "and after that?" walks on from
        # the step the conversation was last about (`last`).
        """The id of the step asked for, or None when the question is not about steps."""
        way = direction(words, last in self.items)
        if way is None or not self.items:
            return None
        if way is Direction.TOP:
            return self.items[-1]
        if way is Direction.START:
            return self.items[0]
        named = self.step_named(terms, mentions_role)
        if named is None and not terms and last in self.items:
            named = last
        if named is None:
            return None
        if (mentions_role and self.role_step is not None and named != self.role_step
                and not self.titles[self.role_step] <= self.titles[named]):   # "senior ML engineer"
            # "which manager roles come after being an ML engineer": the step named is
            # the kind asked for, on that side of the role, not where to start from.
            side = self.items.index(named) - self.items.index(self.role_step)
            if side * way.value > 0:
                return named
        at = self.items.index(named) + way.value
        return self.items[at] if 0 <= at < len(self.items) else None

    def neighbours(self, words: tuple[str, ...], terms: tuple[str, ...], mentions_role: bool,
                   last: str | None) -> tuple[str, ...]:
        """The steps asked for: the neighbour, or every step on that side of it when the
        question asks in the plural ("what jobs do people have before becoming one?")."""
        found = set(words)
        if self.items and not self.path_terms.isdisjoint(terms) and (
                found & WHOLE or (found & TOP and found & START)):
            return self.items   # "every step of the career ladder, from entry level to the top"
        one = self.neighbour(words, terms, mentions_role, last)
        if one is None:
            return ()
        joined = f" {' '.join(words)} "
        if one == self.items[-1] and (" to the top " in joined or " to top " in joined):
            # "ml engineer to the top": from the step named to the last.
            named = self.step_named(tuple(t for t in terms if t not in self.path_terms),
                                    mentions_role)
            if named is not None and named != one:
                return self.items[self.items.index(named):]
        way = direction(words, last in self.items)
        if PLURAL.isdisjoint(words) or way not in (Direction.NEXT, Direction.PREVIOUS):
            return (one,)
        at = self.items.index(one)
        return self.items[:at + 1] if way is Direction.PREVIOUS else self.items[at:]
