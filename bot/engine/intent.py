"""What kind of answer a question wants beyond its words: pay, or the list of covered places.

A pay question need not say "salary": "how much do they make?", a bare "and Canada?" after a
pay answer, "which is higher?". And "which countries does the guide cover?" asks for the
places themselves, not for anything said about them. A pay word can belong to another topic
the guide covers: "do they earn money from the book links?" is the books' note.
"""

from __future__ import annotations

from bot.engine.answer import Context, Route
from bot.engine.facts import PRICES
from bot.engine.query import Query
from retrieval.index import Index
from retrieval.tokenize import Tokenizer

# Words that ask which places the guide covers.
COUNTRY_WORDS = frozenset({"country", "countries", "nation", "nations"})


class Intent:
    """Decides whether a question asks about pay, or for the covered countries."""

    def __init__(self, tokenizer: Tokenizer, index: Index, role_terms: frozenset[str],
                 pay_verbs: frozenset[str]) -> None:
        self.tokenizer = tokenizer
        self.index = index
        # The index term every pay word ("money", "earn") is read as.
        self.pay_terms = frozenset(tokenizer.tokens("salary"))
        self.role_terms = role_terms
        self.pay_verbs = pay_verbs

    def asks_countries(self, query: Query, topic: tuple[str, ...]) -> bool:
        """True for "which countries are covered?", "asia-pacific countries listed": the
        word country and nothing asked of the countries but that they are there."""
        if COUNTRY_WORDS.isdisjoint(query.words) or query.salary or query.amount \
                or query.countries or query.cities or query.foreign \
                or not COUNTRY_WORDS.issuperset(query.unknown):
            return False
        named = {t for region in query.regions for t in self.tokenizer.tokens(region)}
        return not {t for t in topic if t not in named and t not in self.role_terms}

    def is_salary(self, query: Query, topic: tuple[str, ...], context: Context) -> bool:
        """Pay words, "how much" with a place, or bare places after a salary answer."""
        if query.salary:
            return not self.paid_elsewhere(query, topic, context)
        if not PRICES.isdisjoint(query.words):
            return False   # "how much does the AWS exam cost in India?": a price, not pay
        if (query.extreme is not None or query.periods) and not topic \
                and context.route == Route.SALARY:
            return True   # "which is higher?", "monthly or yearly?" after pay answers
        has_place = bool(query.places)
        if query.amount and (has_place or context.route == Route.SALARY or not topic):
            return True   # "how much do they make?": nothing but "how much" and the role
        # A city the guide names is one of its job hubs: bare, it asks about the jobs there
        # ("is cambridge any good?"), unless the talk is already about pay.
        if query.cities and context.route != Route.SALARY:
            return not self.pay_verbs.isdisjoint(query.words)
        return has_place and not topic and context.route in (None, Route.SALARY)

    def paid_elsewhere(self, query: Query, topic: tuple[str, ...], context: Context) -> bool:
        """True when a pay word belongs to another topic the guide covers in one passage:
        "do they earn money when I buy the books from the links?" is the books' note, not
        the salary table (a place or "how much" keeps it pay)."""
        if query.places or query.amount or context.route == Route.SALARY:
            return False
        # Counted by the question's own words: "phd" alone is read as two terms.
        wanted = set(topic) - self.pay_terms
        other = [set(self.tokenizer.terms_of(w)) & wanted for w in query.words]
        other = [t for t in other if t]
        if len(other) < 2:   # "senior ml engineer salary": pay, of one step
            return False
        hits = self.index.search(topic, 1)
        if not hits or not self.pay_terms.isdisjoint(hits[0].matched):
            return False
        # Matched in what the passage says, not only by its section's name ("what does
        # every step of the career path pay" is pay, though the path's list has its words).
        named = set(self.tokenizer.terms_of(hits[0].passage.section))
        return sum(bool(t & set(hits[0].matched)) for t in other) >= 2 \
            and not set(hits[0].matched) <= named
