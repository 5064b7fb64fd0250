"""How much of a question the guide explains: its topic terms, the words it lacks and how
much they weigh, and whether a match is only a guide word used in another sense.

Every gate the engine uses to say "the guide doesn't cover that" is computed here, from
the index's idf and the English word frequencies, so `Engine.explain` can show them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.frequency import rarity, zipf
from bot.engine.query import Query
from bot.engine.steps import Steps
from corpus.passages import Passage, PassageKind
from corpus.store import Corpus
from retrieval.index import Hit, Index
from retrieval.tokenize import Tokenizer, normalize, split_words

# An unknown word at least this rare (Zipf ≤ 4.25: "visa", "sourdough", "Lyon", not "code",
# "expect", "comes") marks a topic the guide lacks on its own.
SIGNIFICANT = 0.5
# Rare enough to count as a content word the guide lacks (not "think", "really").
NOTICEABLE = 0.1
# A word this common in English (Zipf ≥ 5.8: "time", "world", "take") is weak evidence alone.
EVERYDAY = 5.8
# Below this share of known weight a question is about something the guide lacks: the middle
# of the plateau (0.3–0.55) where accuracy on the tune half of tests/eval/ml.yaml peaks; the
# test half checks it.
MIN_COVERAGE = 0.425
# Words that make a fact the question's point: "is it free?", "how much does it cost?".
QUESTION_WORDS = frozenset({"is", "are", "does", "do", "did", "how", "what", "whats",
                            "which", "when", "can", "will"})
# Where a clause ends, and the words that open one that asks.
CLAUSE = re.compile(r"[,.;:!?]+\s+|\s+[-—–]\s+")
ASKING = QUESTION_WORDS | {"where", "who", "why", "whos", "wheres", "should", "could"}
# Asked even in keywords: "aws exam fee in rupees".
PRICES = frozenset({"fee", "fees", "price", "prices", "cost", "costs"})
# Facts said of a thing by an adjective, which can stand before the thing's name instead.
ADJECTIVE_FACTS = frozenset({"free", "cheap", "expensive", "costly"})
# Words after which an adjective is said of something ("is it free", "that one free?").
PREDICATE = frozenset({"is", "are", "was", "were", "be", "it", "its", "that", "this", "one",
                       "they", "them", "those", "these"})
# Counted, they ask for a number of people or posts ("how many ML engineers…").
HEADCOUNT = frozenset({"engineers", "people", "persons", "employees", "workers", "developers",
                       "devs", "jobs", "openings", "vacancies", "positions", "hires",
                       "professionals", "specialists", "scientists", "companies", "employers"})
# After "when", the verbs of a question about a date ("when is…", "when did…"), not advice
# ("when should I…").
FACT_VERBS = frozenset({"is", "was", "are", "were", "did", "does", "will"})
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
DURATIONS = ("years", "months", "weeks", "days", "hours")
# A word at least this common ("team", "company", "models") says where, not what.
SETTING = 5.0
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
        # Each synonym's ways of saying it, as stems ("uni", "university", "college" for
        # education), the canonical word itself left out.
        said_as: dict[tuple[str, ...], set[str]] = {}
        for alias in tokenizer.synonyms.aliases:
            if len(alias.words) == 1 and alias.words != alias.canonical:
                said_as.setdefault(tokenizer.terms_of(" ".join(alias.canonical)), set()).add(
                    tokenizer.stem(alias.words[0]))
        self.said_as = {k: frozenset(v) for k, v in said_as.items()}
        # The sections of the entries a profile names ("Coursera" is a website): "which
        # online platform did he start" asks what the profile says.
        self.named_sections: dict[str, frozenset[str]] = {}
        for profile in corpus.passages:
            if profile.kind == PassageKind.PROFILE:
                has = tokenizer.stems_of(profile.text)   # word for word, no synonyms
                self.named_sections[profile.id] = frozenset().union(*(
                    self.section_terms_of(p) for p in corpus.passages
                    if p.kind == PassageKind.ITEM and p.title
                    and tokenizer.stems_of(p.title) <= has))
        sections = {p.section: frozenset(tokenizer.tokens(p.section)) for p in corpus.passages}
        self.section_terms = {p.id: sections[p.section] for p in corpus.passages}
        # The words naming a section, the role's aside.
        self.listed_terms = frozenset().union(*sections.values()) - self.role_terms

    def section_terms_of(self, passage: Passage) -> frozenset[str]:
        """The index terms of a passage's section path."""
        return frozenset(self.tokenizer.tokens(passage.section))

    def title_terms_of(self, title: str) -> frozenset[str]:
        """The index terms of a title (a person's name)."""
        return frozenset(self.tokenizer.tokens(title))

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
        surface = {self.tokenizer.stem(w): w for w in query.analysis.expanded}
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

    def without_setting(self, query: Query, topic: tuple[str, ...]) -> tuple[str, ...]:
        """The topic without its common English words ("companies", "team"), when it has
        others."""
        surface = {self.tokenizer.stem(w): w for w in query.analysis.expanded}
        kept = tuple(t for t in topic if zipf(surface.get(t, t)) < SETTING)
        return kept or topic

    def only_everyday(self, query: Query, topic: tuple[str, ...]) -> bool:
        """True when every topic term is a common English word ("team", "company"): the
        setting of a question, not its subject."""
        surface = {self.tokenizer.stem(w): w for w in query.analysis.expanded}
        return all(zipf(surface.get(t, t)) >= SETTING for t in topic)

    def unstated(self, query: Query, text: str) -> bool:
        """True when the question asks a fact (price, length, age…) that the text never
        mentions."""
        expanded = query.analysis.expanded
        # Only what the asking clause says: "the outlook could be old, where does it say to
        # check for the latest?" asks no age.
        asked = set(self.facts.intersection(expanded)) & set(self.asking(query))
        # "free ml course from stanford" names a kind, it asks no fact; a price word the
        # guide never uses asks one even in keywords ("aws exam fee"), one it uses is a
        # topic ("cloud costs").
        if QUESTION_WORDS.isdisjoint(query.words) and PRICES.isdisjoint(query.unknown):
            return False
        padded = f" {' '.join(expanded)} "
        words = query.words
        # "where do i get free lecture notes": an adjective before what is asked for names
        # the kind wanted, it asks no fact ("is kaggle free to use?" does).
        asked -= {w for at, w in enumerate(words[:-1]) if w in ADJECTIVE_FACTS
                  and self.tokenizer.stem(words[at + 1]) in query.terms
                  and (at == 0 or words[at - 1] not in PREDICATE)}
        if " how long " in padded or any(f" how many {unit} " in padded for unit in DURATIONS):
            asked.add("long")   # "how many years does the switch take"
        if " how many " in padded:
            # "how many ML engineers work at Baidu": a count of people or jobs, which a
            # description would give as a number.
            at = words.index("many") if "many" in words else len(words)
            counted = words[at + 1:at + 4]
            # "how many notable engineers": the entries of a section, which it lists.
            listed = any(t in self.listed_terms for w in counted for t in self.tokenizer.terms_of(w))
            if not HEADCOUNT.isdisjoint(counted) and not listed:
                asked.add("headcount")
        when = words.index("when") if "when" in words else -1
        if 0 <= when < len(words) - 1 and words[when + 1] in FACT_VERBS:
            asked.add("when")   # "when is acm's next conference": a date
        if any(f" how much {verb} " in padded for verb in ("is", "are", "for")):
            asked.add("price")   # "how much is the azure one?" (pay goes elsewhere first)
        if not asked:
            return False
        said = self.tokenizer.stems_of(text)
        if "when" in asked and YEAR.search(text):
            return False
        return not any(self.tokenizer.stem(w) in said for w in asked)

    def place_words(self, query: Query) -> frozenset[str]:
        """The terms of the places a question names."""
        return frozenset().union(*(self.place_terms[p] for p in query.places))

    def coverage(self, query: Query, topic: tuple[str, ...]) -> float:
        """The share of the question's weight the guide knows: each topic term weighs its
        idf, each unknown word up to the rarest guide word's, by how rare it is in English."""
        known = sum(self.index.idf(t) for t in dict.fromkeys(topic))
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
        surface = {self.tokenizer.stem(w): w for w in query.analysis.expanded}
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

    def unsaid_of_person(self, query: Query, profile: Passage) -> bool:
        """True when a word the synonym table rewrote is not in a profile whose text matched
        only its rewriting: "where did Andrew Ng do his PhD" is not his "education in the
        field"."""
        expanded = set(query.analysis.expanded)
        said = self.tokenizer.stems_of(f"{profile.title or ''} {profile.text}")
        for word in query.words:
            if word in expanded or not word.isalpha() or word in self.tokenizer.stopwords:
                continue
            meant = self.tokenizer.terms_of(word)
            # Only a word the table rewrites on its own ("phd", not "started" of "who
            # started"), into something other than the role or the profile's section
            # ("famous" is what "Notable" says).
            if (not meant or meant == (self.tokenizer.stem(word),)
                    or set(meant) <= self.role_terms | self.section_terms[profile.id]
                    | self.named_sections.get(profile.id, frozenset())):
                continue
            # Said in the profile as itself or as another way of saying the same thing
            # ("uni" by "University"), not as the table's name for all of them.
            if said.isdisjoint(self.said_as.get(meant, ())) and \
                    self.tokenizer.stem(word) not in said:
                return True
        return False

    @staticmethod
    def asking(query: Query) -> tuple[str, ...]:
        """The words of the last clause, when it opens with a question word after one that
        tells ("I'm moving to Canada next year, which cities…"); all the question's words
        otherwise ("which of the AWS, Google Cloud and Azure certs is the easiest")."""
        clauses = [c for c in (split_words(normalize(part)) for part in CLAUSE.split(query.text))
                   if c]
        if len(clauses) < 2:
            return query.words
        return tuple(clauses[-1]) if clauses[-1][0] in ASKING else query.words

    def objection(self, query: Query, topic: tuple[str, ...], top: Hit) -> str | None:
        """Why the best passage does not answer the question, or None when it does."""
        title_terms = self.title_terms[top.passage.id]
        matched = set(top.matched)
        explained = matched & set(topic)
        lacking = [w for w in query.unknown if self.rarity(query, w) >= NOTICEABLE]
        if sum(self.rarity(query, w) for w in lacking) * self.max_idf > sum(
                self.index.idf(t) for t in explained):
            return "the passage explains less of the question than the words the guide lacks"
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
        if person and self.unsaid_of_person(query, top.passage):
            return "a word the profile does not use: an attribute the guide lacks"
        section_terms = self.section_terms[top.passage.id]
        # "is Coursera free?"; but not a word that names the section itself ("what's hard
        # about deploying models" asks the challenge).
        asked = any(w in self.attributes and not set(self.tokenizer.terms_of(w)) <= section_terms
                    for w in self.asking(query))
        if top.passage.kind != PassageKind.LIST and self.unstated(query, top.passage.text):
            return "an attribute the entry does not state"   # "how long are the courses?"
        if (top.passage.kind != PassageKind.LIST and (missing or unmatched or asked)
                and matched <= title_terms | self.role_terms
                | (section_terms if asked else frozenset())):
            return "only the entry's name matched: an attribute the guide lacks"
        return None
