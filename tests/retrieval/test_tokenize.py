"""The tokenizer: folding, words, synonyms, stopwords and stems."""

from __future__ import annotations

import pytest

from retrieval.synonyms import Synonyms
from retrieval.tokenize import Tokenizer, default_tokenizer, normalize, split_words


@pytest.fixture(scope="module")
def tok() -> Tokenizer:
    return default_tokenizer()


@pytest.mark.parametrize(("raw", "folded"), [
    ("Géron", "geron"),
    ("Ge\u0301ron", "geron"),                 # NFD accent
    ("ＵＫ", "uk"),                            # full-width letters
    ("İstanbul", "istanbul"),                 # Turkish dotted capital I
    ("“quoted” – dash", '"quoted" - dash'),
    ("zero\u200bwidth soft\u00adhyphen \ufeffbom", "zerowidth softhyphen bom"),
    ("\u202eevil override", "evil override"),
    ("STRASSE Straße", "strasse strasse"),
])
def test_normalize(raw: str, folded: str) -> None:
    assert normalize(raw) == folded


def test_words_keep_apostrophes_inside() -> None:
    assert split_words(normalize("Bachelor’s or Master’s")) == ["bachelors", "or", "masters"]
    assert split_words("c++ / r, python!") == ["c", "r", "python"]


def test_invisible_characters_do_not_change_terms(tok: Tokenizer) -> None:
    assert tok.tokens("sal\u200bary in Ger\u00admany") == tok.tokens("salary in Germany")


def test_stopwords_and_stems(tok: Tokenizer) -> None:
    assert tok.tokens("What are the certifications?") == ["certif"]
    assert tok.tokens("on the off chance") == ["chanc"]   # YAML would have made on/off booleans
    assert tok.tokens("the of and") == []


@pytest.mark.parametrize(("question", "expected"), [
    ("ML salary", ["machin", "learn", "salari"]),
    ("how much do they earn", ["salari"]),
    ("certs", ["certif"]),
    ("UK", ["unit", "kingdom"]),
    ("Britain", ["unit", "kingdom"]),
    ("salary in the US", ["salari", "unit", "state"]),
    ("USA", ["unit", "state"]),
    ("UAE", ["unit", "arab", "emir"]),
    ("Deutschland", ["germani"]),
    ("salaries in North America", ["salari", "north", "america"]),
])
def test_synonyms(tok: Tokenizer, question: str, expected: list[str]) -> None:
    assert tok.tokens(question) == expected


def test_lowercase_us_is_the_pronoun(tok: Tokenizer) -> None:
    assert tok.tokens("tell us about it") == []


def test_synonyms_are_longest_match() -> None:
    table = Synonyms.load({"new york": ["nyc", "new york city"], "york": ["yorkshire"]})
    assert table.expand(["new", "york", "city", "pizza"]) == ("new", "york", "pizza")
    assert table.expand(["yorkshire"]) == ("york",)


def test_bad_synonym_table() -> None:
    with pytest.raises(ValueError):
        Synonyms.load(["not", "a", "mapping"])
    with pytest.raises(ValueError):
        Synonyms.load({"uk": [True]})


def test_format_class_is_unicodes_cf() -> None:
    """The hard-coded class holds every Cf character, plus only ones this Python's Unicode
    database does not assign yet (Unicode 15 added some)."""
    import sys
    import unicodedata

    from retrieval.tokenize import _FORMAT
    expected = {cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"}
    found = {cp for cp in range(sys.maxunicode + 1) if _FORMAT.fullmatch(chr(cp))}
    assert expected <= found
    assert all(unicodedata.category(chr(cp)) == "Cn" for cp in found - expected)
