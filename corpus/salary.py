"""The salary table: every bullet whose description is a money range becomes a row.

`INR 6,00,000` (Indian grouping) is 600000, `CHF 120’000` (Swiss grouping) is 120000 and
`AED 180,000 – AED 360,000` is 180000–360000. The region is the sub-heading the bullet sits
under, the country its title; nothing here knows which countries a guide lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.parse import Page

# Symbols as printed → ISO 4217. Longest first so "R$" wins over "$" and "A$" over "$".
SYMBOLS: dict[str, str] = {
    "US$": "USD", "CA$": "CAD", "C$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD",
    "S$": "SGD", "HK$": "HKD", "R$": "BRL", "MX$": "MXN", "$": "USD", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "₪": "ILS", "₺": "TRY", "₱": "PHP", "₦": "NGN",
    "zł": "PLN", "kr": "SEK", "Fr.": "CHF",
}
PERIODS = {"year": "year", "annum": "year", "annually": "year", "month": "month",
           "monthly": "month", "hour": "hour", "hourly": "hour", "week": "week", "day": "day"}



@lru_cache(maxsize=1)
def _range() -> re.Pattern[str]:
    """The money-range pattern, compiled on first use (loading a corpus never needs it)."""
    symbol = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
    currency = rf"(?:[A-Z]{{3}}\b|{symbol})"
    number = r"\d[\d,.’' ]*\d|\d"
    amount = rf"(?P<cur§>{currency})?\s*(?P<num§>{number})\s*(?P<k§>[kK]\b)?"
    return re.compile(
        r"^\s*" + amount.replace("§", "1") + r"\s*(?:[-–—]|to)\s*" + amount.replace("§", "2")
        + r"\s*(?:(?:per|a|an|/)\s*)?(?P<period>[a-z]+)?\b")


@dataclass(frozen=True)
class SalaryRange:
    """One row of a guide's salary table."""

    region: str | None
    country: str
    currency: str          # ISO 4217 code
    symbol: str            # as printed in the guide: "€", "CAD", "$"
    low: int
    high: int
    period: str            # year, month, week, day or hour
    passage: str           # id of the passage the row came from
    text: str              # the guide's own words, e.g. "€55,000 – €100,000 per year"


@dataclass(frozen=True)
class Money:
    """A parsed money range before it is tied to a country."""

    currency: str
    symbol: str
    low: int
    high: int
    period: str


def parse_amount(number: str, thousands: bool = False) -> int:
    """Parse `6,00,000`, `120’000`, `1.200.000` or `90` (with `k`) into an integer."""
    digits = re.sub(r"[,’' ]", "", number)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
        digits = digits.replace(".", "")
    value = float(digits)
    return int(round(value * 1000 if thousands else value))


def parse_money_range(text: str) -> Money | None:
    """Parse a description like `CAD 70,000 – CAD 130,000 per year`, or None if it is not one."""
    match = _range().match(text)
    if not match:
        return None
    symbol = match["cur1"] or match["cur2"]
    if not symbol:
        return None
    currency = SYMBOLS.get(symbol, symbol)
    # "90 – 150k" means thousands at both ends.
    low = parse_amount(match["num1"], bool(match["k1"] or match["k2"]))
    high = parse_amount(match["num2"], bool(match["k2"]))
    period = PERIODS.get((match["period"] or "year").lower(), "year")
    if high < low:
        return None
    return Money(currency, symbol, low, high, period)


def salary_table(page: Page, passage_ids: dict[int, str]) -> tuple[SalaryRange, ...]:
    """Every titled bullet whose description is a money range, with its region.

    `passage_ids` maps a block's line number to the id of the passage built from it.
    """
    rows: list[SalaryRange] = []
    for section in page.sections:
        region = section.path[-1] if len(section.path) > 1 else None
        for block in section.blocks:
            if not block.is_item or not block.title:
                continue
            money = parse_money_range(block.text)
            if money is None:
                continue
            rows.append(SalaryRange(region, block.title, money.currency, money.symbol, money.low,
                                    money.high, money.period, passage_ids[block.line], block.text))
    return tuple(rows)
