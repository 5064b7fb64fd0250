"""The BM25 index: rank-bm25's scores, and its traps handled."""

from __future__ import annotations

import random
from typing import Any

import pytest
from rank_bm25 import BM25Okapi

from corpus.errors import CorpusError
from corpus.passages import Passage
from corpus.store import Corpus
from retrieval.bm25 import DENSE_FROM
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


def ranked_by_hand(index: Index, terms: list[str], k: int, where: Any) -> list[tuple[str, float]]:
    """The k best passages from the full score list: positive, filtered, by score then page."""
    scores = index.scores(index.informative(terms))
    chosen = sorted((i for i, s in enumerate(scores)
                     if s > 0 and (where is None or where(index.passages[i]))),
                    key=lambda i: (-scores[i], i))[:k]
    return [(index.passages[i].id, scores[i]) for i in chosen]


def check_searches(index: Index, seed: int, rounds: int) -> None:
    """Searches in a random order (so a query's kept ranking is reused, then replaced) give
    what the full score list gives, with each hit's matched terms."""
    rng = random.Random(seed)
    vocabulary = sorted(index.informative(sorted(index.vocabulary)))
    filters = [None, lambda p: p.kind == "item", lambda p: int(p.id.strip("px") or 0) % 3 == 0]
    queries = [rng.sample(vocabulary, rng.randint(1, 4)) for _ in range(25)]
    position = {p.id: i for i, p in enumerate(index.passages)}
    for _ in range(rounds):
        terms, where, k = rng.choice(queries), rng.choice(filters), rng.choice([1, 3, 10, 40])
        hits = index.search(terms, k, where=where)
        assert [(h.passage.id, h.score) for h in hits] == ranked_by_hand(index, terms, k, where)
        for hit in hits:
            assert hit.matched == tuple(t for t in index.informative(terms)
                                        if t in index.term_sets[position[hit.passage.id]])


def test_searches_equal_the_full_ranking() -> None:
    rng = random.Random(3)
    words = [f"w{n}" for n in range(60)]
    passages = [Passage(f"p{i}", "Role", "S", rng.choice(["item", "paragraph"]),
                        " ".join(rng.choices(words, k=rng.randint(3, 12)))) for i in range(150)]
    check_searches(Index(passages, default_tokenizer()), seed=4, rounds=300)


def test_searches_equal_the_full_ranking_on_a_large_corpus() -> None:
    """From DENSE_FROM passages on, BM25 keeps numpy postings and search takes its other path."""
    rng = random.Random(5)
    words = [f"w{n}" for n in range(400)]
    passages = [Passage(f"p{i}", "Role", "S", rng.choice(["item", "paragraph"]),
                        " ".join(rng.choices(words, k=rng.randint(3, 12))))
                for i in range(DENSE_FROM + 100)]
    index = Index(passages, default_tokenizer())
    assert index.bm25.arrays is not None
    check_searches(index, seed=6, rounds=40)
