"""BM25 over passages. The only module that imports rank_bm25.

rank-bm25 0.2.2's traps, handled here: an empty corpus divides by zero (we refuse it), a
term in more than half the passages gets a negative idf that epsilon would floor to a
positive one (we pass epsilon=0: such terms score nothing, as stopwords do), `get_top_n`
returns passages even when every score is 0 (we drop zero scores), `argsort` breaks ties
unstably (we sort by score, then page order), and `tokenizer=` spawns processes (we give
it ready tokens).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from corpus.errors import CorpusError
from corpus.passages import Passage
from retrieval.tokenize import Tokenizer

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
                 k1: float = 1.5, b: float = 0.75) -> None:
        if not passages:
            raise CorpusError("the corpus has no passages to index")
        self.passages = tuple(passages)
        self.tokenizer = tokenizer
        self.documents = [passage_terms(p, tokenizer) for p in self.passages]
        self.term_sets = [frozenset(d) for d in self.documents]
        self.bm25 = BM25Okapi(self.documents, k1=k1, b=b, epsilon=0.0)
        self.vocabulary = frozenset(self.bm25.idf)
        self.position = {p.id: i for i, p in enumerate(self.passages)}

    def idf(self, term: str) -> float:
        """The term's idf (0 for unknown terms and terms in half the passages or more)."""
        return max(self.bm25.idf.get(term, 0.0), 0.0)

    def informative(self, terms: Sequence[str]) -> tuple[str, ...]:
        """The distinct terms that can raise a score: known to the corpus, positive idf."""
        return tuple(dict.fromkeys(t for t in terms if self.idf(t) > 0))

    def scores(self, terms: Sequence[str]) -> list[float]:
        """BM25 score of every passage for the de-duplicated query terms."""
        query = list(dict.fromkeys(terms))
        return [float(s) for s in self.bm25.get_scores(query)]

    def search(self, terms: Sequence[str], k: int = 10,
               where: Callable[[Passage], bool] | None = None) -> list[Hit]:
        """The k best passages with a positive score, best first, ties in page order."""
        query = self.informative(terms)
        if not query:
            return []
        scores = self.scores(query)
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        hits: list[Hit] = []
        for i in order:
            if scores[i] <= 0 or len(hits) >= k:
                break
            if where is not None and not where(self.passages[i]):
                continue
            matched = tuple(t for t in query if t in self.term_sets[i])
            hits.append(Hit(self.passages[i], scores[i], matched))
        return hits
