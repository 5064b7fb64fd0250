"""What a question's words signal beyond its topic: small talk, a how-to, another role, an
ordinal, a topic set aside, a featured person's misspelt name, names the guide lacks, a
yes/no question about what the role does.

Each reads the question's words against the conversation lexicon; none searches the guide
(the Reader does that, and asks these).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from bot.engine.lexicon import Lexicon
from retrieval.tokenize import Tokenizer, cased_words

# Words that set a topic aside: "besides certs, what training should I do".
EXCEPT_WORDS = frozenset({"besides", "except", "excluding", "apart", "other"})
# Words for the role itself: "what the job is", "explain this role".
ROLE_NOUNS = frozenset({"job", "role", "position", "profession", "occupation"})
# How a yes/no question about the role opens ("do they…", "must an ML engineer…"), after
# the openers that lead into it ("so", "ok").
AUXILIARIES = frozenset({"do", "does", "did", "is", "are", "must", "should", "can", "will",
                         "would", "has", "have"})
OPENERS = frozenset({"so", "ok", "okay", "and", "but", "hey", "hi", "also", "wait", "then"})
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "all", "most"})
# The role as a subject, when the question does not name it.
ROLE_PRONOUNS = frozenset({"they", "he", "she"})
# Where a sentence ends, for telling a name from a sentence's first word.
SENTENCE_END = re.compile(r"[.!?:;]+\s+")


class Signals:
    """Reads what a question's words signal, with one lexicon and tokenizer."""

    def __init__(self, lex: Lexicon, tokenizer: Tokenizer, role_words: frozenset[str],
                 person_names: list[Counter[str]], role_head: str = "") -> None:
        self.lex = lex
        self.tokenizer = tokenizer
        self.role_words = role_words
        self.role_stems = frozenset(tokenizer.stem(w) for w in role_words)
        self.role_head = tokenizer.stem(role_head)   # "engineer" of "Machine Learning Engineer"
        self.person_names = person_names
        self.smalltalk_words = frozenset().union(*lex.smalltalk.values())

    def smalltalk(self, words: tuple[str, ...]) -> str | None:
        """The kind of small talk when every word is small talk (or a stopword)."""
        if self.smalltalk_words.isdisjoint(words):
            return None
        stop = self.tokenizer.stopwords
        for kind, vocab in self.lex.smalltalk.items():
            if any(w in vocab for w in words) and all(
                    w in vocab or w in stop or w in self.lex.address for w in words):
                return kind
        return None

    def tutorial(self, words: tuple[str, ...]) -> bool:
        """True for "how do I <technical verb> …" or an order to do a programming task
        ("write me a python function…"): a request for a how-to."""
        opening = next((w for w in words if w not in self.lex.politeness), None)
        if opening in self.lex.task_verbs:
            return True
        if "how" not in words or self.lex.how_to_verbs.isdisjoint(words):
            return False
        for phrase in self.lex.how_to:
            size = len(phrase)
            for at in range(len(words) - size):
                if words[at:at + size] == phrase and words[at + size] in self.lex.how_to_verbs:
                    return True
        return False

    def other_role(self, expanded: tuple[str, ...]) -> str | None:
        """A job title that is not the guide's role: "data engineer", "chief AI officer"."""
        for index, word in enumerate(expanded):
            if word not in self.lex.job_titles or index == 0:
                continue
            before = expanded[index - 1]
            if before in self.role_words or before in self.lex.seniority:
                continue
            start = index - 1
            while start > 0 and expanded[start - 1] not in self.tokenizer.stopwords \
                    and expanded[start - 1] not in self.role_words and index - start < 3:
                start -= 1
            return " ".join(expanded[start:index + 1])
        return None

    def ordinal(self, words: tuple[str, ...]) -> int | None:
        """`second`, `2nd`, `last`, `number 3`, `#3`, or a bare number in a short question."""
        for index, word in enumerate(words):
            if word in self.lex.ordinals:
                return self.lex.ordinals[word]
            if word.isascii() and word.isdigit() and 0 < int(word) <= 50 and (
                    len(words) <= 3 or (index and words[index - 1] in ("number", "no", "item"))):
                return int(word)
        return None

    def name_typos(self, words: tuple[str, ...], unknown: tuple[str, ...]) -> tuple[str, ...]:
        """The unknown words less those within two edits of another word of a featured
        person's name that the question writes right ("fe fei lee" → Fei-Fei Li)."""
        from rapidfuzz.distance import OSA
        asked = Counter(words)
        close: set[str] = set()
        for name in self.person_names:
            if asked.keys().isdisjoint(name):
                continue
            missing = name - asked   # the parts not written right ("Fei-Fei": fei twice)
            close.update(w for w in unknown for part in missing if OSA.distance(w, part) <= 2)
        return tuple(w for w in unknown if w not in close)

    def left_out(self, expanded: tuple[str, ...]) -> frozenset[str]:
        """The terms a question sets aside ("besides certs", "other than python"): the
        words after the first such word, up to a stopword, at most two."""
        stop = self.tokenizer.stopwords
        for at, word in enumerate(expanded):
            if word in EXCEPT_WORDS:
                joined = {"apart": "from", "other": "than"}.get(word)   # "apart from"
                if joined and expanded[at + 1:at + 2] != (joined,):
                    continue   # "the other one" sets nothing aside
                start = at + 2 if joined else at + 1
                kept = []
                for follower in expanded[start:start + 2]:
                    if follower in stop:
                        break
                    kept.append(self.tokenizer.stem(follower))
                return frozenset(kept)
        return frozenset()

    def names(self, text: str, unknown: tuple[str, ...]) -> tuple[str, ...]:
        """Unknown words capitalised where a sentence does not start: names of things the
        guide lacks ("the best Rust framework"). A question typed in capitals names nothing."""
        if not unknown:
            return ()
        wanted, found = set(unknown), []
        for sentence in SENTENCE_END.split(text):
            cased = cased_words(sentence)
            if sum(w[:1].isupper() for w in cased) * 2 > len(cased):
                continue   # Title Case Or CAPITALS: no sign of a name
            found += [w.casefold() for w in cased[1:]
                      if w[:1].isupper() and w.casefold() in wanted]
        return tuple(dict.fromkeys(found))

    def about_work(self, expanded: tuple[str, ...]) -> bool:
        """True for a yes/no question about what the role does: "do ml engineers train the
        models themselves?", "must they follow new research?", "is the job just building
        models?" (`expanded`: the words after synonyms, "ml" read as "machine learning")."""
        words, stem = expanded, self.tokenizer.stem
        at = next((i for i, w in enumerate(words) if w not in OPENERS), len(words))
        first = at < len(words) and words[at] not in AUXILIARIES
        # The role is the subject ("does a data scientist background help" is about the
        # background), named to its head noun ("is machine learning hard" is the field's).
        rest = [w for w in words[at if first else at + 1:] if w not in DETERMINERS]
        run = list(itertools.takewhile(lambda w: stem(w) in self.role_stems, rest))
        named = self.role_head in {stem(w) for w in run}
        if first:   # "ML engineer is working alone or with the data scientists?"
            return named and len(run) < len(rest) and rest[len(run)] in AUXILIARIES
        subject = rest[0] if rest else ""
        return subject in ROLE_PRONOUNS or subject in ROLE_NOUNS or named
