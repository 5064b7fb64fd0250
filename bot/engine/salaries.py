"""Salary answers: the guide's table, by country, city or region, in its own words.

One call, `Salaries.report`, turns place names into a `SalaryReport` record; the engine's own
salary answers, `guidebot salary` and Discord's `/salary` all render that record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


from bot.engine import compose, money
from bot.engine.answer import Answer, Context, Route, Source
from bot.engine.gazetteer import with_article
from bot.engine.query import Query
from bot.engine.sentences import clean_question
from bot.engine.understand import Reader
from corpus.passages import Passage, PassageKind
from corpus.salary import SalaryRange
from corpus.store import Corpus
from retrieval.tokenize import normalize

@dataclass(frozen=True)
class Missing:
    """A place name the guide has no figure for, with the closest names it does cover."""

    name: str
    closest: tuple[str, ...]


@dataclass(frozen=True)
class SalaryReport:
    """What the guide says about pay in the places asked for, ready for any front to render."""

    rows: tuple[SalaryRange, ...]
    notes: tuple[str, ...]          # "London is in the United Kingdom; …"
    missing: tuple[Missing, ...]
    caveat: str | None              # the guide's paragraph introducing its salary table
    sources: tuple[Source, ...]
    covered: tuple[str, ...]        # every country the guide has a figure for

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries the rows are for, in order."""
        return tuple(dict.fromkeys(r.country for r in self.rows))


class Salaries:
    """Answers about pay from one corpus's salary table."""

    def __init__(self, corpus: Corpus, reader: Reader) -> None:
        self.corpus = corpus
        self.reader = reader
        self.by_id = corpus.by_id
        self.countries = tuple(dict.fromkeys(r.country for r in corpus.salaries))

    def places(self) -> tuple[str, ...]:
        """Every country, region and city the guide's salary table can answer for."""
        return self.corpus.place_names

    def closest(self, typed: str, count: int = 3) -> tuple[str, ...]:
        """The covered countries most like a name the guide lacks, best first."""
        key = normalize(typed)
        from rapidfuzz import fuzz, process   # only for a name the table lacks
        scored = process.extract(key, [normalize(c) for c in self.countries],
                                 scorer=fuzz.ratio, limit=count)
        return tuple(self.countries[index] for _, _, index in scored)

    def city_note(self, city: str) -> str:
        """The sentence saying a city's figure is its country's."""
        country = with_article(self.reader.city_country[city])
        return f"{city} is in {country}; the guide gives one range for the whole country."

    def _rows_for(self, countries: Sequence[str], regions: Sequence[str]) -> list[SalaryRange]:
        rows = self.corpus.salaries
        picked = [r for c in countries for r in rows if r.country == c]
        picked += [r for r in rows if r.region in regions and r not in picked]
        return picked

    def report(self, names: Sequence[str]) -> SalaryReport:
        """The rows for each place name given (country, city or region); no names, all rows."""
        rows: list[SalaryRange] = [] if names else list(self.corpus.salaries)
        notes: list[str] = []
        missing: list[Missing] = []
        for name in names:
            query = self.reader.read(clean_question(name))
            found = self._rows_for(query.countries, query.regions)
            if not found:
                missing.append(Missing(name, self.closest(name)))
            rows += [r for r in found if r not in rows]
            notes += [note for note in map(self.city_note, query.cities) if note not in notes]
        return self._record(rows, notes, missing)

    def _record(self, rows: list[SalaryRange], notes: list[str],
                missing: list[Missing]) -> SalaryReport:
        sources = [compose.source_of(self.by_id[r.passage]) for r in rows]
        caveat = self.caveat(rows)
        if caveat is not None:
            sources.append(compose.source_of(caveat))
        return SalaryReport(rows=tuple(rows), notes=tuple(notes), missing=tuple(missing),
                            caveat=caveat.text if caveat else None, sources=tuple(sources),
                            covered=self.countries)

    def answer(self, query: Query, countries: tuple[str, ...] = ()) -> Answer | None:
        """Rows for the countries, cities or regions named (or `countries`, from the talk so
        far); the whole table when none is; None when the guide has no table."""
        if not self.corpus.salaries:
            return None
        countries = query.countries or countries
        whole = not (countries or query.regions)
        rows = list(self.corpus.salaries) if whole else self._rows_for(countries, query.regions)
        report = self._record(rows, [self.city_note(c) for c in query.cities], [])
        lines = list(report.notes)
        if len(rows) > 1 and query.extreme is not None and not query.figure:
            # "which country pays the most": ranked, in one currency, labelled as such.
            # Countries the question names are compared in the first one's currency
            # ("UK vs France" in pounds); the whole table in US dollars.
            named = bool(countries) and not query.regions and len(rows) <= 3
            lines += money.ranking(rows, query.extreme, rows[0].currency if named else "USD")
        else:
            if whole:
                lines.insert(0, f"Salary ranges for a {self.corpus.role}, by country:")
            lines += self.money_lines(query, rows)
            lines.append(compose.salary_body(rows, grouped=whole or len(query.regions) > 0))
            if query.convert_to:
                lines += filter(None, (money.converted_line(r, query.convert_to) for r in rows))
            if len(query.periods) == 1:   # "per month?": the guide's yearly figure divided
                lines += filter(None, (money.per_period_line(r, query.periods[0]) for r in rows))
        if query.foreign:
            lines.append(f"The guide has no salary figure for {' or '.join(query.foreign)}.")
        if report.caveat is not None:
            lines.append(f"\n_{report.caveat}_")
        text = compose.with_footer("\n".join(lines), report.sources)
        return Answer(text=text, abstained=False, sources=report.sources, route=Route.SALARY,
                      context=Context(route=Route.SALARY, countries=report.countries,
                                      section=self.by_id[rows[0].passage].section))

    def countries_answer(self, regions: Sequence[str] = ()) -> Answer | None:
        """Which countries the guide gives figures for ("which countries does it cover?"),
        by region; only the regions named when some are. None without a table."""
        rows = [r for r in self.corpus.salaries if not regions or r.region in regions]
        if not rows:
            return None
        grouped: dict[str, list[str]] = {}
        for row in rows:
            grouped.setdefault(row.region or "", []).append(row.country)
        lines = [f"The guide gives salary figures for {len(rows)} countries:"]
        lines += [f"- **{region}**: {', '.join(names)}" if region else f"- {', '.join(names)}"
                  for region, names in grouped.items()]
        sources = tuple(compose.source_of(self.by_id[r.passage]) for r in rows)
        return Answer(text=compose.with_footer("\n".join(lines), sources), abstained=False,
                      sources=sources, route=Route.SALARY,
                      context=Context(route=Route.SALARY,
                                      countries=tuple(r.country for r in rows),
                                      section=self.by_id[rows[0].passage].section))

    @staticmethod
    def money_lines(query: Query, rows: Sequence[SalaryRange]) -> list[str]:
        """A figure compared with each range, or the end of a range asked for."""
        if len(rows) > 3:
            return []
        if query.figure is not None:
            return [money.compare_line(query.figure, r) for r in rows]
        if query.extreme is not None:
            return [money.end_line(r, query.extreme) for r in rows]
        return []

    def caveat(self, rows: Sequence[SalaryRange]) -> Passage | None:
        """The paragraph that introduces the salary section, if the guide has one."""
        if not rows:
            return None
        top = self.by_id[rows[0].passage].path[0]
        return next((p for p in self.corpus.passages
                     if p.kind == PassageKind.PARAGRAPH and p.path == (top,)), None)
