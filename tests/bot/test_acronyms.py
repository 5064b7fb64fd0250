"""Acronyms derived from a guide's names."""

from __future__ import annotations

from bot.engine.acronyms import acronyms


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
