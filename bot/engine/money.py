"""Money questions over a guide's salary table: which country pays most, whether a figure
is inside a range, the top or bottom of a range, and a clearly labelled conversion.

The guide's own figures are always shown as printed. Rates (`data/rates.txt`) are not the
guide's: they only rank countries paid in different currencies and convert on request,
and every sentence that uses them says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.engine.gazetteer import with_article
from corpus.files import shipped_text
from corpus.salary import SYMBOLS, SalaryRange

# How many of each period make a year, to rank monthly and yearly figures together.
PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
HIGH = frozenset({"most", "highest", "best", "top", "maximum", "max", "upper", "higher",
                  "more", "biggest", "largest"})
LOW = frozenset({"least", "lowest", "worst", "minimum", "min", "bottom", "lower", "less",
                 "smallest"})
_MULTIPLIER = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000,
               "lakh": 100_000, "lakhs": 100_000, "lpa": 100_000, "l": 100_000}
_AMOUNT = re.compile(
    r"(?<![\w.])(?P<cur>[$€£₹]|usd|eur|gbp|inr|cad|aud|sgd|aed)?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d{1,2},\d{2},\d{3}|\d+(?:\.\d+)?)\s?"
    r"(?P<mult>k|m|thousand|million|lakhs?|lpa|l)?\b", re.IGNORECASE)
# Every amount has a digit; most questions have none, and one scan for it is cheaper than
# trying _AMOUNT's optional prefixes at every position.
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Rates:
    """US dollars per unit of each currency, and when the rates are from."""

    usd: dict[str, float]
    as_of: str

    def to_usd(self, amount: float, currency: str) -> float | None:
        """The amount in US dollars, or None for a currency the table lacks."""
        rate = self.usd.get(currency)
        return None if rate is None else amount * rate

    @property
    def label(self) -> str:
        """The words every converted figure carries."""
        return f"approximate {self.as_of} exchange rates, not the guide's figures"


@lru_cache(maxsize=1)
def rates() -> Rates:
    """The bundled rate table."""
    text = shipped_text("bot.engine", "data", "rates.txt")
    usd: dict[str, float] = {}
    as_of = "recent"
    for line in text.splitlines():
        if line.startswith("as_of:"):
            as_of = line.split(":", 1)[1].strip()
        elif " = " in line and not line.startswith("#"):
            code, _, value = line.partition(" = ")
            usd[code.strip()] = float(value)
    return Rates(usd, as_of)


@dataclass(frozen=True)
class Figure:
    """An amount a question names: "120k", "$120,000", "15 lakh"."""

    value: float
    currency: str | None


def figure_in(text: str) -> Figure | None:
    """The money amount a question names, if any (years and small counts are not money)."""
    if _DIGIT.search(text) is None:
        return None
    for match in _AMOUNT.finditer(text):
        number = match["num"].replace(",", "")
        value = float(number)
        mult = (match["mult"] or "").casefold()
        symbol = match["cur"] or ""
        code = SYMBOLS.get(symbol) or (symbol.upper() if symbol else None)
        if mult:
            value *= _MULTIPLIER[mult]
        elif not code and (value < 1000 or (1900 <= value <= 2100 and "," not in match["num"])):
            continue
        return Figure(value, code)
    return None


def extreme(words: Sequence[str]) -> bool | None:
    """True for "most/highest/maximum", False for "least/lowest/minimum", else None."""
    found = set(words)
    if found & HIGH:
        return True
    if found & LOW:
        return False
    return None


def yearly_usd(row: SalaryRange, high: bool) -> float:
    """One end of a row's range, per year, in US dollars (0 when the rate is unknown)."""
    value = (row.high if high else row.low) * PER_YEAR.get(row.period, 1)
    return rates().to_usd(value, row.currency) or 0.0


def dollars(value: float) -> str:
    """`$91,000`: rounded to the thousand, as an estimate should be."""
    return f"${round(value, -3):,.0f}"


def ranking(rows: Sequence[SalaryRange], high: bool, currency: str = "USD") -> list[str]:
    """The countries ordered by the top (or bottom) of their range, in one currency: the
    rows' own when they share one (nothing converted), else `currency` at the bundled rates."""
    ordered = sorted(rows, key=lambda r: yearly_usd(r, high), reverse=high)
    end = "top" if high else "bottom"
    shared = len({r.currency for r in rows}) == 1
    target = rows[0].currency if shared else currency
    rate = rates().usd.get(target) or 1.0
    if shared:
        lines = [f"Ordered by the {end} of each range (the guide's figures, all in {target}):"]
    else:
        named = "US dollars" if target == "USD" else target
        lines = [f"Ordered by the {end} of each range, converted to {named} at "
                 f"{rates().label}:"]
    for number, row in enumerate(ordered, 1):
        value = yearly_usd(row, high) / rate
        if row.currency == target:
            figure = shown(row, row.high if high else row.low)
            lines.append(f"{number}. **{row.country}**: {figure} (the guide: {row.text})")
            continue
        amount = dollars(value) if target == "USD" else f"{target} {round(value, -3):,.0f}"
        lines.append(f"{number}. **{row.country}**: about {amount} a year (the guide: {row.text})")
    return lines


def shown(row: SalaryRange, value: float) -> str:
    """An amount in the row's currency, written the way the guide writes it: "€55,000"."""
    gap = "" if len(row.symbol) == 1 else " "
    return f"{row.symbol}{gap}{value:,.0f}"


def end_line(row: SalaryRange, high: bool) -> str:
    """"The top of the guide's range for Australia is AUD 140,000 per year."""
    end, value = ("top", row.high) if high else ("bottom", row.low)
    return (f"The {end} of the guide's range for {with_article(row.country)} is "
            f"{shown(row, value)} per {row.period}.")


def compare_line(figure: Figure, row: SalaryRange) -> str:
    """Whether a named amount is below, inside or above a row's range."""
    value, note = figure.value, ""
    if figure.currency and figure.currency != row.currency:
        usd = rates().to_usd(value, figure.currency)
        rate = rates().usd.get(row.currency)
        if usd is None or not rate:
            return f"I can't compare {figure.currency} with {row.currency}."
        value, note = usd / rate, f" (converted at {rates().label})"
    where = ("below" if value < row.low else "above" if value > row.high else "inside")
    return (f"{shown(row, value)}{note} is {where} the guide's range for "
            f"{with_article(row.country)}: {row.text}.")


def converted_line(row: SalaryRange, currency: str) -> str | None:
    """A row's range in another currency, labelled as an estimate; None when unknown."""
    low, high = (rates().to_usd(v, row.currency) for v in (row.low, row.high))
    rate = rates().usd.get(currency)
    if low is None or high is None or not rate or currency == row.currency:
        return None
    shown = [f"{currency} {round(v / rate, -3):,.0f}" if currency != "USD" else dollars(v)
             for v in (low, high)]
    return (f"In {currency}: about {shown[0]} – {shown[1]} per {row.period} "
            f"({rates().label}).")


def per_period_line(row: SalaryRange, period: str) -> str | None:
    """A row's range per another period, by plain division, labelled as such."""
    if period == row.period or period not in PER_YEAR or row.period not in PER_YEAR:
        return None
    factor = PER_YEAR[period] / PER_YEAR[row.period]
    low, high = (shown(row, round(v / factor, -1)) for v in (row.low, row.high))
    return (f"Per {period}: about {low} – {high} for {with_article(row.country)} (the guide's "
            f"per-{row.period} figures divided by {factor:g}; the guide gives them per "
            f"{row.period}).")
