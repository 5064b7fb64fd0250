"""The benchmark's machinery (not its timings: those live in `guidebot bench`, never in tests)."""

from __future__ import annotations

from bench.latency import TARGETS, pct, render, scale_one, synthetic


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (pct(values, .5), pct(values, .99), pct(values, 1)) == (50.0, 99.0, 100.0)


def test_synthetic_corpora_are_zipfian_and_repeatable() -> None:
    documents, queries = synthetic(500, seed=1)
    again, _ = synthetic(500, seed=1)
    assert documents == again and len(queries) == 300
    counts: dict[str, int] = {}
    for document in documents:
        assert 20 <= len(document) <= 120
        for term in document:
            counts[term] = counts.get(term, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    assert ranked[0] > 20 * ranked[len(ranked) // 2]      # a long tail


def test_scale_run_agrees_with_rank_bm25() -> None:
    row = scale_one(2500, checked=10)                       # past DENSE_FROM: the numpy path
    assert row["top10_agree"] == row["top10_checked"] == 10
    assert row["query_p50_ms"] > 0 and row["peak_rss_mb"] > 0


def test_render_judges_each_target() -> None:
    figures = {
        "latency": {"questions": 3, "rounds": 1, "answer_p50_ms": 0.05, "answer_p99_ms": 0.5,
                    "naive_p50_ms": 0.1, "naive_p99_ms": 0.2},
        "cold": {"runs": 1, "ask_s": 0.3, "floor_s": 0.25, "python_s": 0.05, "cold_ratio": 1.2},
        "scale": [{"passages": 1000, "build_s": 0.1, "query_p50_ms": 0.1, "query_p99_ms": 3.0,
                   "peak_rss_mb": 40, "top10_agree": 5, "top10_checked": 5}],
        "load": None,
    }
    text = render(figures)
    assert f"p50 <= {TARGETS['answer_p50_ms']} ms: met; p99 <= 0.3 ms: NOT met" in text
    assert "target <= 1.6 x floor: met" in text
    assert "identical top-10: NOT met" in text
    assert "4. bot under load: skipped" in text
