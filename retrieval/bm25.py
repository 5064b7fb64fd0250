"""BM25 scoring that touches only the passages containing a query term.

The formula and its floating-point operations are rank-bm25 0.2.2's BM25Okapi, term for
term, so the scores are identical (a differential test pins them): idf is
``log(N - n + 0.5) - log(n + 0.5)`` with negative values replaced by ``epsilon × mean idf``,
and a term's weight in a passage is ``idf × tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))``.

Unlike BM25Okapi, which loops over every passage for every query term, each term's weight
in each passage is computed once, at build time, into a posting list; a query then adds up
the postings of its terms. Small corpora (a guide: about a hundred passages) stay in pure
Python, so the answer path never imports numpy; from DENSE_FROM passages on, the postings
become numpy arrays and a query is a few vectorised adds (same float64 operations, same
order, so still bit-identical).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

DENSE_FROM = 2000


class BM25:
    """An inverted index of precomputed BM25Okapi term weights."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75,
                 epsilon: float = 0.25) -> None:
        if not documents:
            raise ValueError("BM25 needs at least one document")
        self.k1, self.b, self.epsilon = k1, b, epsilon
        self.size = len(documents)
        lengths = [len(d) for d in documents]
        self.avgdl = sum(lengths) / self.size
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.arrays: dict[str, tuple[Any, Any]] | None = None
        if self.size >= DENSE_FROM:
            self._build_dense(documents, lengths)
            return
        # Counter counts in C; df keeps rank-bm25's first-seen term order, which its mean
        # idf (and so the epsilon floor) depends on.
        frequencies = [Counter(document) for document in documents]
        df: Counter[str] = Counter()
        for counts in frequencies:
            df.update(counts.keys())
        self.idf = self._idf(df)
        for index, (counts, length) in enumerate(zip(frequencies, lengths)):
            # Same operation order as BM25Okapi.get_scores, so each weight is bit-identical.
            norm = k1 * (1 - b + b * length / self.avgdl)
            for term, tf in counts.items():
                weight = self.idf[term] * (tf * (k1 + 1) / (tf + norm))
                self.postings.setdefault(term, []).append((index, weight))

    def _build_dense(self, documents: Sequence[Sequence[str]], lengths: list[int]) -> None:
        """Postings as numpy arrays: one pass gathers ids and tfs into compact arrays (no
        per-passage dicts kept), then weights are vectorised with the same float64
        operations in the same order."""
        import numpy as np
        self.np = np
        gathered: dict[str, tuple[array[int], array[int]]] = {}
        df: Counter[str] = Counter()
        for index, document in enumerate(documents):
            counts = Counter(document)
            df.update(counts.keys())
            for term, tf in counts.items():
                entry = gathered.get(term)
                if entry is None:
                    entry = gathered[term] = (array("q"), array("q"))
                entry[0].append(index)
                entry[1].append(tf)
        self.idf = self._idf(df)
        k1, b = self.k1, self.b
        norms = k1 * (1 - b + b * np.array(lengths, dtype=np.int64) / self.avgdl)
        self.arrays = {}
        for term, (id_array, tf_array) in gathered.items():
            doc_ids = np.frombuffer(id_array, dtype=np.int64)
            tfs = np.frombuffer(tf_array, dtype=np.int64)
            self.arrays[term] = (doc_ids,
                                 self.idf[term] * (tfs * (k1 + 1) / (tfs + norms[doc_ids])))

    def _idf(self, df: dict[str, int]) -> dict[str, float]:
        """rank-bm25's `_calc_idf`: negative idf floored to epsilon times the mean idf."""
        idf: dict[str, float] = {}
        negative: list[str] = []
        total = 0.0
        for term, freq in df.items():
            value = math.log(self.size - freq + 0.5) - math.log(freq + 0.5)
            idf[term] = value
            total += value
            if value < 0:
                negative.append(term)
        floor = self.epsilon * (total / len(idf)) if idf else 0.0
        for term in negative:
            idf[term] = floor
        return idf

    def _dense(self, query: Iterable[str]) -> Any:
        """A numpy vector of every passage's score (large corpora)."""
        assert self.arrays is not None
        scores = self.np.zeros(self.size)
        for term in query:
            found = self.arrays.get(term)
            if found is not None:
                ids, weights = found
                scores[ids] += weights   # a term's ids are distinct, so += is exact
        return scores

    def scores(self, query: Iterable[str]) -> dict[int, float]:
        """Score of every passage that contains a query term, in query-term order."""
        if self.arrays is not None:
            dense = self._dense(query)
            return {int(i): float(dense[i]) for i in self.np.flatnonzero(dense)}
        totals: dict[int, float] = {}
        total, postings = totals.get, self.postings   # bound once: this loop is the hot path
        for term in query:
            for index, weight in postings.get(term, ()):
                totals[index] = total(index, 0.0) + weight
        return totals

    def all_scores(self, query: Iterable[str]) -> list[float]:
        """A score for every passage, zeros included, as BM25Okapi.get_scores returns."""
        if self.arrays is not None:
            return [float(x) for x in self._dense(query)]
        dense = [0.0] * self.size
        for index, value in self.scores(query).items():
            dense[index] = value
        return dense

    def top(self, query: Iterable[str], k: int) -> list[tuple[int, float]]:
        """The k best (passage, score) pairs with a positive score; ties in passage order."""
        if self.arrays is not None:
            return self._dense_top(self._dense(query), k)
        # A guide scores a few dozen passages: two C sorts beat a heap. Passage order first,
        # then a stable sort by score, so ties stay in passage order.
        totals = self.scores(query)
        order = sorted(sorted(totals), key=totals.__getitem__, reverse=True)
        return [(i, totals[i]) for i in order[:k] if totals[i] > 0]

    def _dense_top(self, scores: Any, k: int) -> list[tuple[int, float]]:
        np = self.np
        positive = np.flatnonzero(scores > 0)
        if len(positive) > k:
            # Everything scoring at least the k-th best, so ties at the edge are all kept.
            kth = np.partition(scores[positive], len(positive) - k)[len(positive) - k]
            positive = positive[scores[positive] >= kth]
        order = np.lexsort((positive, -scores[positive]))[:k]
        return [(int(positive[i]), float(scores[positive[i]])) for i in order]
