"""The fast scorer against rank-bm25 on random corpora: same scores, bit for bit; same top-k."""

from __future__ import annotations

import random

import pytest
from rank_bm25 import BM25Okapi

from retrieval.bm25 import BM25, DENSE_FROM


def zipf_corpus(rng: random.Random, documents: int, vocabulary: int) -> list[list[str]]:
    words = [f"w{i}" for i in range(vocabulary)]
    weights = [1 / (rank + 1) for rank in range(vocabulary)]
    return [rng.choices(words, weights, k=rng.randint(1, 40)) for _ in range(documents)]


@pytest.mark.parametrize(("seed", "epsilon", "size"), [
    (1, 0.0, 37), (2, 0.25, 400), (3, 0.0, 1), (4, 1.0, 250),
    (5, 0.0, DENSE_FROM + 500), (6, 0.25, DENSE_FROM),          # the numpy path
])
def test_identical_to_bm25okapi(seed: int, epsilon: float, size: int) -> None:
    rng = random.Random(seed)
    corpus = zipf_corpus(rng, size, 300)
    ours = BM25(corpus, epsilon=epsilon)
    theirs = BM25Okapi(corpus, epsilon=epsilon)
    assert ours.idf == theirs.idf
    for _ in range(50):
        query = list(dict.fromkeys(rng.choices([f"w{i}" for i in range(320)], k=rng.randint(1, 6))))
        expected = [float(s) for s in theirs.get_scores(query)]
        assert ours.all_scores(query) == expected
        stable = sorted((i for i, s in enumerate(expected) if s > 0), key=lambda i: (-expected[i], i))
        assert ours.top(query, 10) == [(i, expected[i]) for i in stable[:10]]
        assert {i: s for i, s in ours.scores(query).items() if s} == \
            {i: s for i, s in enumerate(expected) if s}


def test_single_document_and_unknown_terms() -> None:
    ours = BM25([["a", "b"]])
    assert ours.all_scores(["zzz"]) == [0.0] and ours.top(["zzz"], 5) == []
    with pytest.raises(ValueError):
        BM25([])
