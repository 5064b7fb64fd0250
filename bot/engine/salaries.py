"""Salary answers: the guide's table, by country, city or region, in its own words."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine import compose
from bot.engine.answer import Answer, Context, Route
from bot.engine.understand import Query, Reader, clean_question
from corpus.passages import Passage, PassageKind
from corpus.salary import SalaryRange
from corpus.store import Corpus


@dataclass(frozen=True)
class SalaryLookup:
    """Salary rows found for a place name, and what the name turned out to be."""

    rows: tuple[SalaryRange, ...]
    cities: tuple[str, ...]
    foreign: tuple[str, ...]


class Salaries:
    """Answers about pay from one corpus's salary table."""

    def __init__(self, corpus: Corpus, reader: Reader) -> None:
        self.corpus = corpus
        self.reader = reader
        self.by_id = corpus.by_id

    def lookup(self, text: str) -> SalaryLookup:
        """The salary rows a place name stands for: a country, a city's country, or a region."""
        query = self.reader.read(clean_question(text))
        rows = [r for c in query.countries for r in self.corpus.salaries if r.country == c]
        rows += [r for r in self.corpus.salaries if r.region in query.regions and r not in rows]
        return SalaryLookup(tuple(rows), query.cities, query.foreign)

    def place_names(self) -> list[str]:
        """Every country, region and city the guide's salary table can answer for."""
        return list(self.corpus.place_names)

    def answer(self, query: Query, countries: tuple[str, ...] = ()) -> Answer | None:
        """Rows for the countries, cities or regions named (or `countries`, from the talk so
        far); the whole table when none is; None when the guide has no table."""
        rows = self.corpus.salaries
        if not rows:
            return None
        countries = query.countries or countries
        picked = [r for c in countries for r in rows if r.country == c]
        picked += [r for r in rows if r.region in query.regions and r not in picked]
        whole = not (countries or query.regions)
        shown: list[SalaryRange] = list(rows) if whole else picked
        lines = [f"{city} is in {self.reader.city_country[city]}; the guide gives one range for "
                 "the whole country." for city in query.cities]
        if whole:
            lines.insert(0, f"Salary ranges for a {self.corpus.role}, by country:")
        lines.append(compose.salary_body(shown, grouped=whole or len(query.regions) > 0))
        if query.foreign:
            lines.append(f"The guide has no salary figure for {' or '.join(query.foreign)}.")
        caveat = self.caveat(shown)
        sources = [compose.source_of(self.by_id[r.passage]) for r in shown]
        if caveat is not None:
            lines.append(f"\n_{caveat.text}_")
            sources.append(compose.source_of(caveat))
        text = compose.with_footer("\n".join(lines), sources)
        named = tuple(dict.fromkeys(r.country for r in shown))
        return Answer(text, False, tuple(sources), Route.SALARY,
                      Context(Route.SALARY, named, self.by_id[shown[0].passage].section))

    def caveat(self, rows: list[SalaryRange]) -> Passage | None:
        """The paragraph that introduces the salary section, if the guide has one."""
        if not rows:
            return None
        top = self.by_id[rows[0].passage].path[0]
        return next((p for p in self.corpus.passages
                     if p.kind == PassageKind.PARAGRAPH and p.path == (top,)), None)
