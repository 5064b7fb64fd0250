"""How much of a question the guide explains: its topic terms, the words it lacks and how
much they weigh, and whether a match is only a guide word used in another sense.

Every gate the engine uses to say "the guide doesn't cover that" is computed here (the facts
an entry must state, in `facts`), from the index's idf and the English word frequencies, so
`Engine.explain` can show them.
"""

from __future__ import annotations

from dataclasses import replace

from bot.engine.facts import Facts
from bot.engine.frequency import COMMON, rarity, zipf
from bot.engine.query import Query
from bot.engine.steps import Steps
from corpus.passages import Passage, PassageKind
from corpus.store import Corpus
from retrieval.index import Hit, Index
from retrieval.tokenize import Tokenizer

# An unknown word at least this rare (Zipf ≤ 4.25: "visa", "sourdough", "Lyon", not "code",
# "expect", "comes") marks a topic the guide lacks on its own.
SIGNIFICANT = 0.5
# The share of its idf an everyday matched word (Zipf 5.5 or more) keeps when weighed
# against the words the guide lacks.
MATCH_FLOOR = 0.3
# Rare enough to count as a content word the guide lacks (not "think", "really").
NOTICEABLE = 0.1
# A word this common in English (Zipf ≥ 5.8: "time", "world", "take") is weak evidence alone.
EVERYDAY = 5.8
# Below this share of known weight a question is about something the guide lacks: the middle
# of the plateau (0.3–0.55) where accuracy on the tune half of tests/eval/ml.yaml peaks; the
# test half checks it.
MIN_COVERAGE = 0.425
# A word at least this common ("team", "company", "models") says where, not what.
SETTING = 5.0
# Beside a list's name, only a word this common ("company", "team", not "data" or "step")
# just sets the scene.
SCENE = 5.5
INCIDENTAL = "only everyday words matched, in another sense"
# A term in at most two passages of a guide (idf ≥ 3.6 at a hundred passages): used in
# passing, unless the question has nothing else.
PASSING_IDF = 3.6


class Evidence:
    """Weighs a question's words against one guide's index."""

    def __init__(self, corpus: Corpus, index: Index, tokenizer: Tokenizer, steps: Steps,
                 place_names: set[str], weak_cues: frozenset[str],
                 attributes: frozenset[str], facts: frozenset[str] = frozenset()) -> None:
        self.index, self.tokenizer, self.steps = index, tokenizer, steps
        self.attributes, self.facts = attributes, facts
        # Every question is about the role, so its name says nothing about which passage.
        self.role_terms = frozenset(tokenizer.tokens(corpus.role))
        self.max_idf = max(index.idf(t) for t in index.vocabulary)
        # Computed once here, not per question.
        self.place_terms = {name: frozenset(tokenizer.tokens(name)) for name in place_names}
        self.weak_terms = {w: frozenset(tokenizer.tokens(w)) for w in weak_cues}
        self.title_terms = {p.id: frozenset(tokenizer.tokens(p.title or ""))
                            for p in corpus.passages}
        sections = {p.section: frozenset(tokenizer.tokens(p.section)) for p in corpus.passages}
        self.section_terms = {p.id: sections[p.section] for p in corpus.passages}
        self.stated = Facts(corpus, tokenizer, facts, self.role_terms, self.section_terms)

    def title_terms_of(self, title: str) -> frozenset[str]:
        """The index terms of a title (a person's name)."""
        return frozenset(self.tokenizer.tokens(title))

    def surface(self, query: Query) -> dict[str, str]:
        """Each index term of the question with the word it came from, to look up in English
        word frequencies ("compani" → "companies")."""
        return {self.tokenizer.stem(w): w for w in query.analysis.expanded}

    def topic_terms(self, query: Query) -> tuple[str, ...]:
        """Informative terms that name neither a place nor the role: what the question is about."""
        skip = self.role_terms | self.place_words(query)
        return tuple(t for t in self.index.informative(query.terms) if t not in skip)

    def incidental(self, query: Query, explained: set[str], passage: Passage,
                   topic: tuple[str, ...]) -> bool:
        """True when every matched term is an everyday English word ("time", "world") that
        the passage's title and section do not name: a guide word in another sense. So is
        a common word the guide uses only in passing ("skill areas" is not the UK's "this
        area") when the question has a topic word the passage lacks."""
        surface = self.surface(query)
        named = self.title_terms[passage.id] | self.section_terms[passage.id]
        if all(zipf(surface.get(t, t)) >= EVERYDAY and t not in named for t in explained):
            return True

        def passing(term: str) -> bool:
            word = surface.get(term, term)
            return len(word) > 2 and zipf(word) >= SETTING and \
                self.index.idf(term) >= PASSING_IDF and term not in named
        # One such word alone: two of them in one passage ("ask questions") mean it.
        return len(explained) == 1 and all(map(passing, explained)) and any(
            t not in explained and not passing(t) for t in topic)

    def without_incidental(self, query: Query, topic: tuple[str, ...],
                           top: Hit) -> tuple[str, ...]:
        """The topic without the everyday words that matched the passage in another sense."""
        return tuple(t for t in topic if t not in top.matched)

    def without_setting(self, query: Query, topic: tuple[str, ...],
                        floor: float = SETTING) -> tuple[str, ...]:
        """The topic without its common English words ("companies", "team": this common or
        more), when it has others."""
        surface = self.surface(query)
        kept = tuple(t for t in topic if zipf(surface.get(t, t)) < floor)
        return kept or topic

    def only_everyday(self, query: Query, topic: tuple[str, ...]) -> bool:
        """True when every topic term is a common English word ("team", "company"): the
        setting of a question, not its subject."""
        surface = self.surface(query)
        return all(zipf(surface.get(t, t)) >= SETTING for t in topic)

    def place_words(self, query: Query) -> frozenset[str]:
        """The terms of the places a question names."""
        return frozenset().union(*(self.place_terms[p] for p in query.places))

    def weighed(self, query: Query, terms: set[str]) -> float:
        """The idf the question's words give these terms: one word read as two terms
        ("become" as career path, "phd" as education degree) weighs as its rarer term."""
        seen: set[str] = set()
        total = 0.0
        for word in query.words:
            own = set(self.tokenizer.terms_of(word)) & terms - seen
            if own:
                total += max(map(self.index.idf, own))
                seen |= own
        return total + sum(self.index.idf(t) for t in terms - seen)

    def coverage(self, query: Query, topic: tuple[str, ...]) -> float:
        """The share of the question's weight the guide knows: each topic term weighs its
        idf, each unknown word up to the rarest guide word's, by how rare it is in English."""
        known = self.weighed(query, set(topic))
        known += len(query.places) * self.max_idf   # a place the guide names is as specific
        unknown = sum(self.rarity(query, w) for w in self.noticeable(query)) * self.max_idf
        return known / (known + unknown) if known + unknown else 0.0

    def without_weak_cues(self, query: Query,
                          topic: tuple[str, ...]) -> tuple[Query, tuple[str, ...]]:
        """Without a weak cue's terms ("become") when the question names another topic,
        unless that topic is a career step ("become an AI engineer")."""
        cued = frozenset().union(*(self.weak_terms[w] for w in query.words
                                   if w in self.weak_terms))
        # A word this common in English ("time", "take") is a weak cue beside a rarer one.
        surface = self.surface(query)
        everyday = frozenset(t for t in topic if zipf(surface.get(t, t)) >= EVERYDAY)
        if everyday and everyday != set(topic):
            cued |= everyday
        rest = tuple(t for t in topic if t not in cued)
        if not cued or not rest or self.steps.step_titled(rest) is not None:
            return query, topic
        return replace(query, terms=tuple(t for t in query.terms if t not in cued)), rest

    @staticmethod
    def rarity(query: Query, word: str) -> float:
        """How much an unknown word weighs: by its English frequency, fully for a name."""
        return 1.0 if word in query.names else rarity(word)

    def noticeable(self, query: Query) -> tuple[str, ...]:
        """The unknown words rare enough to count at all ("even", "like" do not)."""
        return tuple(w for w in query.unknown if self.rarity(query, w) >= NOTICEABLE)

    def significant(self, query: Query) -> tuple[str, ...]:
        """The unknown words specific enough to say the question is about something else."""
        return tuple(w for w in query.unknown if self.rarity(query, w) >= SIGNIFICANT)

    def objection(self, query: Query, topic: tuple[str, ...], top: Hit) -> str | None:
        """Why the best passage does not answer the question, or None when it does."""
        title_terms = self.title_terms[top.passage.id]
        matched = set(top.matched)
        explained = matched & set(topic)
        lacking = [w for w in query.unknown if self.rarity(query, w) >= NOTICEABLE]
        # A guide word everyone uses ("often", "change", "top") explains little, however rare
        # in the guide: "how often should I water succulents".
        surface = self.surface(query)
        lacks = sum(self.rarity(query, w) for w in lacking) * self.max_idf
        if lacks > self.weighed(query, explained):
            return "the passage explains less of the question than the words the guide lacks"
        if lacks > sum(self.index.idf(t) * (MATCH_FLOOR if zipf(surface.get(t, t)) >= COMMON
                                            else 1.0) for t in explained):
            return INCIDENTAL   # the rest of the question may still be answered
        if explained and self.incidental(query, explained, top.passage, topic):
            return INCIDENTAL
        if query.unknown and matched <= self.place_words(query) | self.role_terms:
            return "only a place matched, beside words the guide lacks"   # "pizza in Amsterdam"
        # Only the name matched and the rest of the question did not: an attribute the guide
        # lacks ("How old is Andrew Ng?", "How long is the AWS exam?"). For a person any
        # other word counts; for an entry, only words the guide never uses.
        person = top.passage.kind == PassageKind.PROFILE
        unmatched = set(topic) - matched if person else set()
        missing = query.unknown if person else self.significant(query)
        if person and self.stated.unsaid_of_person(query, top.passage):
            return "a word the profile does not use: an attribute the guide lacks"
        section_terms = self.section_terms[top.passage.id]
        # "is Coursera free?"; but not a word that names the section itself ("what's hard
        # about deploying models" asks the challenge).
        asked = any(w in self.attributes and not set(self.tokenizer.terms_of(w)) <= section_terms
                    for w in self.stated.asking(query))
        if top.passage.kind != PassageKind.LIST and self.stated.unstated(query, top.passage.text):
            return "an attribute the entry does not state"   # "how long are the courses?"
        if (top.passage.kind != PassageKind.LIST and (missing or unmatched or asked)
                and matched <= title_terms | self.role_terms
                | (section_terms if asked else frozenset())):
            return "only the entry's name matched: an attribute the guide lacks"
        return None
