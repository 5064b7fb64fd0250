"""A question, understood: the record `Reader.read` makes and the engine acts on.

Its fields say what was asked (search terms, unknown words, places) and how the question
steers the talk (an ordinal, "tell me more", a currency to convert to).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.money import Figure
from retrieval.tokenize import Analysis


@dataclass(frozen=True)
class Query:
    """A question, understood."""

    text: str
    analysis: Analysis
    terms: tuple[str, ...]
    unknown: tuple[str, ...]
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    cities: tuple[str, ...]
    foreign: tuple[str, ...]
    salary: bool
    amount: bool
    smalltalk: str | None
    ordinal: int | None
    back_reference: bool
    more: bool
    person: bool = False
    other_role: str | None = None   # "data engineer" when the guide's role is another
    figure: Figure | None = None    # "is 120k inside the range?"
    convert_to: str | None = None   # "Germany in dollars" → USD
    currency: str | None = None     # the currency named, if any ("in CAD" → CAD)
    extreme: bool | None = None     # most/highest → True, least/lowest → False
    off_topic: str | None = None    # "minimum wage": a subject no career guide covers
    count: bool = False             # "how many …", "number of …"
    tutorial: bool = False          # "how do I code a decision tree": a how-to, not the career
    names: tuple[str, ...] = ()     # unknown words written as names mid-sentence ("Rust")
    exchange: bool = False          # two currencies and no pay word: an exchange rate
    purpose: bool = False           # "the point of an ML engineer": what the role is for
    about_work: bool = False        # "do ml engineers train the models?": what the role does
    periods: tuple[str, ...] = ()   # "monthly or yearly?" → (month, year)

    @property
    def words(self) -> tuple[str, ...]:
        """The question's folded words."""
        return self.analysis.words

    @property
    def places(self) -> tuple[str, ...]:
        """Every place named: countries, regions, cities and uncovered countries."""
        return self.countries + self.regions + self.cities + self.foreign
