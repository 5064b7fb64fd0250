"""BM25 over passages: retrieval/bm25.py scores, rank-bm25 is the reference it must equal.

This is the only module that imports rank_bm25, and only in `reference()`, for the bench and
the differential test: the answer path never pays for it (or for numpy).

rank-bm25 0.2.2's traps, handled here: an empty corpus divides by zero (we refuse it), a
term in more than half the passages gets a negative idf that epsilon would floor to a
positive one (we use epsilon=0: such terms score nothing, as stopwords do), `get_top_n`
returns passages even when every score is 0 (we drop zero scores), `argsort` breaks ties
unstably (we sort by score, then page order), and `tokenizer=` spawns processes (we give
it ready tokens).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from typing import Any

from corpus.errors import CorpusError
from corpus.passages import Passage
from retrieval.bm25 import BM25
from retrieval.tokenize import Tokenizer

K1, B, EPSILON = 1.5, 0.75, 0.0

TITLE_WEIGHT = 2


@dataclass(frozen=True)
class Hit:
    """A passage that matched a query, its BM25 score and the query terms it contains."""

    passage: Passage
    score: float
    matched: tuple[str, ...]


def passage_terms(passage: Passage, tokenizer: Tokenizer) -> list[str]:
    """A passage's index terms: its text, its title (weighted) and its section path."""
    terms = tokenizer.tokens(passage.text)
    if passage.title:
        terms += tokenizer.tokens(passage.title) * TITLE_WEIGHT
    terms += tokenizer.tokens(" ".join(passage.path))
    return terms


class Index:
    """A BM25 index of passages, searched with already-tokenised queries."""

    def __init__(self, passages: Sequence[Passage], tokenizer: Tokenizer,
                 k1: float = K1, b: float = B) -> None:
        if not passages:
            raise CorpusError("the corpus has no passages to index")
        self.passages = tuple(passages)
        self.tokenizer = tokenizer
        self.documents = [passage_terms(p, tokenizer) for p in self.passages]
        self.term_sets = [frozenset(d) for d in self.documents]
        self.bm25 = BM25(self.documents, k1=k1, b=b, epsilon=EPSILON)
        self.vocabulary = frozenset(self.bm25.idf)
        # Looked up several times per question: clipped once here, not per call.
        self._idf = {term: max(value, 0.0) for term, value in self.bm25.idf.items()}
        self.positive = frozenset(t for t, value in self._idf.items() if value > 0)
        # One question searches the same terms up to four times (all passages, then inside
        # each list it names): the last query's ranking and hits are kept for the next call.
        self._last: tuple[tuple[str, ...], Ranking] | None = None

    def reference(self) -> Any:
        """rank-bm25's BM25Okapi on the same tokens and parameters (slow; for checking)."""
        from rank_bm25 import BM25Okapi
        return BM25Okapi(self.documents, k1=self.bm25.k1, b=self.bm25.b, epsilon=EPSILON)

    def idf(self, term: str) -> float:
        """The term's idf (0 for unknown terms and terms in half the passages or more)."""
        return self._idf.get(term, 0.0)

    def informative(self, terms: Sequence[str]) -> tuple[str, ...]:
        """The distinct terms that can raise a score: known to the corpus, positive idf."""
        positive = self.positive
        return tuple(dict.fromkeys([t for t in terms if t in positive]))

    def scores(self, terms: Sequence[str]) -> list[float]:
        """BM25 score of every passage for the de-duplicated query terms."""
        return self.bm25.all_scores(dict.fromkeys(terms))

    def search(self, terms: Sequence[str], k: int = 10,
               where: Callable[[Passage], bool] | None = None) -> list[Hit]:
        """The k best passages with a positive score, best first, ties in page order."""
        query = self.informative(terms)
        if not query:
            return []
        if self.bm25.arrays is not None:   # a large corpus: never rank every passage
            ranked = self.bm25.top(query, k) if where is None else sorted(
                ((i, s) for i, s in self.bm25.scores(query).items()
                 if s > 0 and where(self.passages[i])), key=lambda p: (-p[1], p[0]))[:k]
            return [self._hit(query, i, score) for i, score in ranked]
        ranking = self._ranking(query)
        hits: list[Hit] = []
        if k <= 0:
            return hits
        for i in ranking.order:
            if where is None or where(self.passages[i]):
                hit = ranking.hits.get(i)
                if hit is None:
                    hit = ranking.hits[i] = self._hit(query, i, ranking.totals[i])
                hits.append(hit)
                if len(hits) == k:
                    break
        return hits

    def _ranking(self, query: tuple[str, ...]) -> "Ranking":
        """Every passage scoring above 0 for the query, best first, ties in page order."""
        last = self._last
        if last is not None and last[0] == query:
            return last[1]
        totals = self.bm25.scores(query)
        # Passage order first, then a stable sort by score.
        order = [i for i in sorted(sorted(totals), key=totals.__getitem__, reverse=True)
                 if totals[i] > 0]
        ranking = Ranking(totals=totals, order=order, hits={})
        self._last = (query, ranking)
        return ranking

    def _hit(self, query: tuple[str, ...], i: int, score: float) -> Hit:
        present = self.term_sets[i]
        return Hit(self.passages[i], score, tuple([t for t in query if t in present]))


@dataclass(frozen=True)
class Ranking:
    """One query's scores, the passages in rank order, and the hits made from them so far."""

    totals: dict[int, float]
    order: list[int]
    hits: dict[int, Hit]
