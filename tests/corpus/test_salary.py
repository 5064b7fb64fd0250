"""The salary table and the cities behind it, on both guides."""

from __future__ import annotations

import pytest

from corpus.salary import parse_amount, parse_money_range
from corpus.store import Corpus


@pytest.mark.parametrize(("text", "currency", "low", "high", "period"), [
    ("$90,000 – $150,000 per year", "USD", 90_000, 150_000, "year"),
    ("CAD 70,000 – CAD 130,000 per year", "CAD", 70_000, 130_000, "year"),
    ("INR 6,00,000 – INR 15,00,000 per year", "INR", 600_000, 1_500_000, "year"),
    ("AED 180,000 – AED 360,000 per year", "AED", 180_000, 360_000, "year"),
    ("£50,000 – £90,000 per year", "GBP", 50_000, 90_000, "year"),
    ("CHF 100’000 – CHF 150’000 per year", "CHF", 100_000, 150_000, "year"),
    ("¥6,000,000 – ¥11,000,000 per year", "JPY", 6_000_000, 11_000_000, "year"),
    ("R$ 8.000 – R$ 20.000 per month", "BRL", 8_000, 20_000, "month"),
    ("€40k - €60k a year", "EUR", 40_000, 60_000, "year"),
    ("NZ$ 90,000 to NZ$ 120,000 per year", "NZD", 90_000, 120_000, "year"),
    ("$45 – $70 per hour", "USD", 45, 70, "hour"),
])
def test_money_ranges(text: str, currency: str, low: int, high: int, period: str) -> None:
    money = parse_money_range(text)
    assert money is not None
    assert (money.currency, money.low, money.high, money.period) == (currency, low, high, period)


@pytest.mark.parametrize("text", [
    "The demand for machine learning developers is high.",
    "90,000 – 150,000 per year",          # no currency: not a salary we can state
    "$150,000 – $90,000 per year",        # inverted
    "Toronto and Vancouver",
])
def test_not_money(text: str) -> None:
    assert parse_money_range(text) is None


def test_indian_grouping() -> None:
    assert parse_amount("6,00,000") == 600_000
    assert parse_amount("15,00,000") == 1_500_000


def rows(corpus: Corpus) -> list[tuple]:
    return [(r.region, r.country, r.currency, r.symbol, r.low, r.high, r.period)
            for r in corpus.salaries]


def test_ml_salary_table(ml_corpus: Corpus) -> None:
    assert rows(ml_corpus) == [
        ("North America", "United States", "USD", "$", 90000, 150000, "year"),
        ("North America", "Canada", "CAD", "CAD", 70000, 130000, "year"),
        ("Europe", "United Kingdom", "GBP", "£", 50000, 90000, "year"),
        ("Europe", "Germany", "EUR", "€", 55000, 100000, "year"),
        ("Europe", "Netherlands", "EUR", "€", 55000, 100000, "year"),
        ("Europe", "France", "EUR", "€", 45000, 80000, "year"),
        ("Asia-Pacific", "Australia", "AUD", "AUD", 80000, 140000, "year"),
        ("Asia-Pacific", "Singapore", "SGD", "SGD", 60000, 120000, "year"),
        ("Asia-Pacific", "India", "INR", "INR", 600000, 1500000, "year"),
        ("Middle East", "United Arab Emirates", "AED", "AED", 180000, 360000, "year"),
    ]
    for row in ml_corpus.salaries:
        passage = ml_corpus.passage(row.passage)
        assert passage.title == row.country and passage.text == row.text


def test_second_guide_salary_table(de_corpus: Corpus) -> None:
    assert rows(de_corpus) == [
        ("North America", "United States", "USD", "$", 95000, 160000, "year"),
        ("Europe", "Switzerland", "CHF", "CHF", 100000, 150000, "year"),
        ("Europe", "Germany", "EUR", "€", 50000, 85000, "year"),
        ("Europe", "Poland", "PLN", "PLN", 120000, 240000, "year"),
        ("Asia-Pacific", "Japan", "JPY", "¥", 6000000, 11000000, "year"),
        ("Asia-Pacific", "India", "INR", "INR", 800000, 2000000, "year"),
        ("Latin America", "Brazil", "BRL", "R$", 8000, 20000, "month"),
        ("Latin America", "Mexico", "MXN", "MXN", 400000, 900000, "year"),
        ("Africa", "South Africa", "ZAR", "ZAR", 450000, 900000, "year"),
        ("Africa", "Nigeria", "NGN", "NGN", 6000000, 15000000, "year"),
    ]


def test_ml_cities(ml_corpus: Corpus) -> None:
    cities = {p.name: p.country for p in ml_corpus.places}
    assert cities == {
        "Silicon Valley": "United States", "Seattle": "United States",
        "New York": "United States", "Toronto": "Canada", "Vancouver": "Canada",
        "London": "United Kingdom", "Edinburgh": "United Kingdom",
        "Cambridge": "United Kingdom", "Berlin": "Germany", "Amsterdam": "Netherlands",
        "Paris": "France", "Sydney": "Australia", "Melbourne": "Australia",
        "Bengaluru": "India", "Mumbai": "India", "Delhi-NCR": "India",
        "Dubai": "United Arab Emirates", "Abu Dhabi": "United Arab Emirates",
    }


def test_second_guide_cities(de_corpus: Corpus) -> None:
    cities = {p.name: p.country for p in de_corpus.places}
    assert cities["São Paulo"] == "Brazil"
    assert cities["Kraków"] == "Poland"
    assert cities["Cape Town"] == "South Africa"
    assert cities["Tokyo"] == "Japan"
    assert "Apache" not in cities and "Demand" not in cities
