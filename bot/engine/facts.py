"""The facts a question asks of an entry, and whether its text states them.

"Is Coursera free?", "how long is the AWS exam?", "how many ML engineers work at Baidu?",
"when is ACM's next conference?", "where did Andrew Ng do his PhD?": a description answers
them only when it says so in so many words. Read from the clause that asks, not from the
asker's background ("I'm moving next year, which cities…").
"""

from __future__ import annotations

import re

from bot.engine.query import Query
from corpus.passages import Passage, PassageKind
from corpus.store import Corpus
from retrieval.tokenize import Tokenizer, normalize, split_words

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
FACT_VERBS = frozenset({"is", "was", "are", "were", "did", "will"})
# After "when is", words that make it a question about anyone or any time ("when is a
# masters worth it", "when is it time to…"), not a date of a thing.
GENERAL = frozenset({"a", "an", "it", "i", "you", "we", "one", "someone", "the", "my", "your"})
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
DURATIONS = ("years", "months", "weeks", "days", "hours")


class Facts:
    """Which facts a question asks, and whether a passage states them."""

    def __init__(self, corpus: Corpus, tokenizer: Tokenizer, facts: frozenset[str],
                 role_terms: frozenset[str], section_terms: dict[str, frozenset[str]]) -> None:
        self.tokenizer, self.facts = tokenizer, facts
        self.role_terms, self.section_terms = role_terms, section_terms
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
                    frozenset(tokenizer.tokens(p.section)) for p in corpus.passages
                    if p.kind == PassageKind.ITEM and p.title
                    and tokenizer.stems_of(p.title) <= has))
        # The words naming a section, the role's aside.
        self.listed_terms = frozenset().union(*section_terms.values()) - role_terms

    def unstated(self, query: Query, text: str) -> bool:
        """True when the question asks a fact (price, length, age…) that the text never
        mentions."""
        expanded = query.analysis.expanded
        # Only what the asking clause says: "the outlook could be old, where does it say to
        # check for the latest?" asks no age.
        asked = set(self.facts.intersection(expanded))
        clause = self.asking(query)
        if clause is not query.words:   # a fact word reached through a synonym stays
            asked &= set(clause)
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
        if 0 <= when < len(words) - 2 and words[when + 1] in FACT_VERBS \
                and words[when + 2] not in GENERAL and "worth" not in words:
            asked.add("when")   # "when is acm's next conference": a date
        if any(f" how much {verb} " in padded for verb in ("is", "are", "for")):
            asked.add("price")   # "how much is the azure one?" (pay goes elsewhere first)
        if not asked:
            return False
        said = self.tokenizer.stems_of(text)
        if "when" in asked and YEAR.search(text):
            return False
        return not any(self.tokenizer.stem(w) in said for w in asked)

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
        if CLAUSE.search(query.text) is None:
            return query.words   # one clause: most questions
        clauses = [c for c in (split_words(normalize(part)) for part in CLAUSE.split(query.text))
                   if c]
        if len(clauses) < 2:
            return query.words
        return tuple(clauses[-1]) if clauses[-1][0] in ASKING else query.words
