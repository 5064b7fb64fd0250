"""The BM25 index: rank-bm25's scores, and its traps handled."""

from __future__ import annotations

import random

import pytest
from rank_bm25 import BM25Okapi

from corpus.errors import CorpusError
from corpus.passages import Passage
from corpus.store import Corpus
from retrieval.index import Index
from retrieval.tokenize import default_tokenizer


def passage(pid: str, text: str, title: str | None = None, section: str = "S") -> Passage:
    return Passage(pid, "Role", section, "item", text, title)


def test_empty_corpus_is_refused() -> None:
    with pytest.raises(CorpusError):
        Index([], default_tokenizer())


def test_scores_are_rank_bm25s(ml_corpus: Corpus) -> None:
    """Differential: our index's scores are BM25Okapi's, with epsilon=0, on the same tokens."""
    index = Index(ml_corpus.passages, default_tokenizer())
    reference = BM25Okapi(index.documents, k1=1.5, b=0.75, epsilon=0.0)
    assert type(index.reference()) is BM25Okapi
    vocabulary = sorted(index.vocabulary)
    rng = random.Random(7)
    for _ in range(200):
        query = rng.sample(vocabulary, rng.randint(1, 5))
        assert index.scores(query) == [float(s) for s in reference.get_scores(query)]


def test_zero_scores_are_not_hits() -> None:
    index = Index([passage("a", "apples"), passage("b", "pears"), passage("c", "plums")],
                  default_tokenizer())
    assert [h.passage.id for h in index.search(["appl"])] == ["a"]
    assert index.search(["kiwi"]) == []
    assert index.search([]) == []


def test_terms_in_half_the_passages_score_nothing() -> None:
    # rank-bm25's default epsilon would floor a negative idf to a positive one.
    index = Index([passage("a", "data apples"), passage("b", "data pears"),
                   passage("c", "data plums"), passage("d", "kiwis")], default_tokenizer())
    assert index.idf("data") == 0
    assert index.search(["data"]) == []
    assert [h.matched for h in index.search(["data", "pear"])] == [("pear",)]


def test_ties_keep_page_order() -> None:
    index = Index([passage(str(i), "same words here") for i in range(12)]
                  + [passage(f"x{i}", f"other{i}") for i in range(13)], default_tokenizer())
    assert [h.passage.id for h in index.search(["word"], k=12)] == [str(i) for i in range(12)]


def test_repeated_query_terms_count_once() -> None:
    index = Index([passage("a", "apples pears"), passage("b", "plums")], default_tokenizer())
    assert index.scores(["appl"] * 50) == index.scores(["appl"])


def test_title_weighs_more_than_text() -> None:
    index = Index([passage("text", "kaggle is mentioned here", title="Other"),
                   passage("title", "a platform", title="Kaggle"),
                   *(passage(f"n{i}", f"unrelated{i}") for i in range(5))], default_tokenizer())
    assert index.search(["kaggl"])[0].passage.id == "title"


def test_filter_and_k(ml_corpus: Corpus) -> None:
    index = Index(ml_corpus.passages, default_tokenizer())
    hits = index.search(["book", "deep"], k=3, where=lambda p: p.kind == "item")
    assert len(hits) == 3 and all(h.passage.kind == "item" for h in hits)
    assert hits[0].passage.title.startswith("“Deep Learning”")
