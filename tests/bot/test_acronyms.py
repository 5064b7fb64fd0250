"""Acronyms derived from a guide's names."""

from __future__ import annotations

import random

from bot.engine.acronyms import Expander, acronyms, expander


def expander_of(table: dict[str, str], plural: bool) -> Expander:
    found = expander(table, plural)
    assert found is not None
    return found


def test_initials_of_each_name_with_capitals_kept_whole_and_links_skipped() -> None:
    table = acronyms(["Chief Data Officer or Chief AI Officer",
                      "Association for Computing Machinery",
                      "IEEE Computational Intelligence Society"], frozenset())
    assert table["cdo"] == "Chief Data Officer" and table["caio"] == "Chief AI Officer"
    assert table["acm"] == "Association for Computing Machinery"
    assert table["cis"] == "Computational Intelligence Society"


def test_ambiguous_common_and_known_acronyms_are_left_alone() -> None:
    table = acronyms(["Data Science Manager", "Data Strategy Meeting",   # both "dsm"
                      "Computer Aided Testing",                          # "cat" is a word
                      "Machine Learning Engineer", "Machine Learning Engineers",
                      "Towards Data Science"], frozenset({"tds"}))
    assert "dsm" not in table and "cat" not in table and "tds" not in table
    assert table["mle"] == "Machine Learning Engineer"   # a plural is the same name


def random_text(rng: random.Random, words: list[str]) -> str:
    """Table words in any case, plural or glued to others, among other words and marks."""
    parts = []
    for _ in range(rng.randint(0, 8)):
        word = rng.choice(words + ["the", "salary", "x", "ıs", "ſ", "Ünï", "b_4", "42"])
        word = "".join(c.upper() if rng.random() < .3 else c for c in word)
        parts.append(word + rng.choice(["", "", "s", "S", "_", "é", "2"]))
    return "".join(p + rng.choice([" ", " ", "-", ", ", "'", "", "?"]) for p in parts)


def test_expander_substitutes_exactly_what_its_pattern_does() -> None:
    """The set test in front of the pattern never skips a text the pattern would change."""
    rng = random.Random(8)
    for table, plural in [({"mle": "Machine Learning Engineer", "cis": "CIS", "caio": "C"}, True),
                          ({"wht": "what", "r": "are", "b4": "before", "u": "you"}, False),
                          ({"naïve": "naive", "mle": "M"}, True)]:   # not ASCII: pattern only
        expander = expander_of(table, plural)
        changed = 0
        for _ in range(3000):
            text = random_text(rng, list(table))
            expected = expander.pattern.sub(lambda m: f"<{m.group(0)}>", text)
            assert expander.sub(lambda m: f"<{m.group(0)}>", text) == expected, text
            changed += expected != text
        assert changed > 500   # the texts held the table's words often enough to matter
