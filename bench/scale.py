"""BM25 at scale: synthetic Zipfian corpora up to 100,000 passages, each in its own process.

Every size is built, queried and checked against rank-bm25's top 10 in a fresh process
(`python -m bench.scale SIZE`), so its peak memory is that corpus's own.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bench.stats import peak_rss_mb, percentile

ROOT = Path(__file__).resolve().parents[1]


def synthetic(size: int, seed: int) -> tuple[list[list[str]], list[list[str]]]:
    """Passages of 20–120 terms from a Zipfian vocabulary, and 2–4-term queries."""
    rng = random.Random(seed)
    vocabulary = [f"t{i}" for i in range(max(2000, size // 2))]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    cumulative = list(_accumulate(weights))
    documents = [rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(20, 120))
                 for _ in range(size)]
    # Questions name rarer things than the prose around them: sample with flattened weights.
    flat = list(_accumulate(w ** 0.5 for w in weights))
    queries = [rng.choices(vocabulary, cum_weights=flat, k=rng.randint(2, 4)) for _ in range(300)]
    return documents, queries


def _accumulate(values: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def scale_one(size: int, checked: int = 30) -> dict[str, Any]:
    """Build, query and check one synthetic corpus (run in its own process for its memory)."""
    from rank_bm25 import BM25Okapi

    from retrieval.bm25 import BM25
    from retrieval.index import B, EPSILON, K1
    documents, queries = synthetic(size, seed=size)
    start = time.perf_counter()
    index = BM25(documents, k1=K1, b=B, epsilon=EPSILON)
    build = time.perf_counter() - start
    times = []
    for query in queries:
        terms = [t for t in dict.fromkeys(query) if index.idf.get(t, 0) > 0]
        begin = time.perf_counter_ns()
        index.top(terms, 10)
        times.append((time.perf_counter_ns() - begin) / 1e6)
    peak = peak_rss_mb()
    reference = BM25Okapi(documents, k1=K1, b=B, epsilon=EPSILON)
    agree = 0
    for query in queries[:checked]:
        terms = [t for t in dict.fromkeys(query) if index.idf.get(t, 0) > 0]
        scores = reference.get_scores(terms)
        expected = sorted((i for i, s in enumerate(scores) if s > 0),
                          key=lambda i: (-scores[i], i))[:10]
        agree += [i for i, _ in index.top(terms, 10)] == expected
    return {"passages": size, "build_s": build, "query_p50_ms": percentile(times, .5),
            "query_p99_ms": percentile(times, .99), "peak_rss_mb": peak, "top10_agree": agree,
            "top10_checked": checked}


def scale(sizes: list[int]) -> list[dict[str, Any]]:
    """Each size in a fresh process, so peak memory is that corpus's own."""
    out = []
    for size in sizes:
        done = subprocess.run([sys.executable, "-m", "bench.scale", str(size)],
                              check=True, capture_output=True, text=True, cwd=ROOT)
        out.append(json.loads(done.stdout))
    return out


if __name__ == "__main__":
    print(json.dumps(scale_one(int(sys.argv[1]))))
