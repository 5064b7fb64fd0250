"""The benchmark's machinery (not its timings: those live in `make bench`, never in tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bench.recording import added_latency
from bench.report import TARGETS, figures_table, recording_lines
from bench.scale import scale_one, synthetic
from bench.stats import percentile
from tests.conftest import ROOT


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, .5), percentile(values, .99), percentile(values, 1)) == (
        50.0, 99.0, 100.0)


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


def test_the_table_judges_each_target() -> None:
    figures = {
        "latency": {"questions": 3, "rounds": 1, "answer_p50_ms": 0.05, "answer_p99_ms": 0.5,
                    "naive_p50_ms": 0.1, "naive_p99_ms": 0.2},
        "cold": {"runs": 1, "ask_s": 0.3, "floor_s": 0.25, "python_s": 0.05, "cold_ratio": 1.2},
        "scale": [{"passages": 1000, "build_s": 0.1, "query_p50_ms": 0.1, "query_p99_ms": 3.0,
                   "peak_rss_mb": 40, "top10_agree": 5, "top10_checked": 5}],
        "load": {"total": 10, "in_flight": 5, "answered": 10, "ack_p50_ms": 20.0,
                 "ack_p95_ms": 60.0, "ack_max_ms": 80.0, "missed_3s": 0, "lag_p99_ms": 5.0,
                 "lag_max_ms": 9.0, "rss_mb": 70.0},
        "burst": {"total": 100, "sent_s": 0.1, "answered": 60, "expired": 40, "lost": 0,
                  "late_404": 0, "never_called": 40, "tracebacks": 1, "overload_lines": 1,
                  "recovered_s": 2.0, "lag_max_ms": 300.0, "probe_ms": 4.0,
                  "rss_before_mb": 54.0, "peak_rss_mb": 90.0},
        "plateau": {"total": 1000, "in_flight": 10, "answered": 1000, "wall_s": 3.0,
                    "rss_start_mb": 50.0, "rss_middle_mb": 60.0, "rss_end_mb": 66.0,
                    "rss_max_mb": 66.0, "second_half_growth_mb": 6.0,
                    "remembered": {"conversations": 10, "cooldowns": 10, "notices": 0}},
    }
    text = figures_table(figures)
    assert f"p50 <= {TARGETS['answer_p50_ms']} ms: met; p99 <= 0.3 ms: NOT met" in text
    assert "target <= 1.6 x floor: met" in text
    assert "identical top-10: NOT met" in text
    assert "p95 ack <= 50 ms NOT met; none past 3 s met; lag p99 <= 20 ms met" in text
    assert "every one answered or skipped met; no 404, loss or traceback NOT met" in text
    assert "no HTTP call for the skipped met; RSS <= 150 MB met; recovered within 5 s met" in text
    assert "targets: second half grows < 5 MB NOT met; RSS <= 150 MB met" in text


def test_the_recording_section_judges_against_the_run_without_a_store() -> None:
    load = {"ack_p50_ms": 30.0, "ack_p95_ms": 100.0, "ack_max_ms": 120.0, "lag_p99_ms": 9.0,
            "missed_3s": 0, "answered": 10, "bot_cpu_s": 0.5, "ack_p95_each": [100.0]}
    recording = {"total": 10, "in_flight": 5, "rounds": 1, "missing": ["postgresql"],
                 "added": {"sqlite": {"turns": 5, "answer_p50_ms": 0.2, "answer_p99_ms": 0.4,
                                      "added_p50_ms": 0.05, "added_p99_ms": 1.5,
                                      "added_max_ms": 2.0}},
                 "load": {"none": load, "sqlite": {**load, "ack_p95_ms": 109.0}}}
    text = "\n".join(recording_lines(recording))
    assert "target added p99 <= 1.0 ms: NOT met" in text
    assert "sqlite: ack p95 1.09 x no store; target <= 1.10 x: met" in text
    assert "postgresql: not measured (its server programs are not installed)" in text


def test_added_latency_records_every_turn(tmp_path: Path) -> None:
    figures = added_latency(str(tmp_path / "guidebot.sqlite3"), turns=60)
    assert figures["turns"] == 60 and figures["all_written"] == 1.0
    assert 0 < figures["added_p50_ms"] <= figures["added_max_ms"]


@pytest.mark.process
def test_the_wheel_ships_no_bench_and_runs_without_the_checkout(tmp_path: Path) -> None:
    """Build the real wheel offline, install it apart, run it from outside the checkout."""
    source = tmp_path / "source"
    for name in ("bot", "corpus", "retrieval"):
        shutil.copytree(ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(tmp_path / "dist"), str(source)], check=True, timeout=120)
    (wheel,) = (tmp_path / "dist").glob("guidebot-*.whl")
    shipped = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in shipped} == {"bot", "corpus", "retrieval",
                                                 wheel.name.split("-py3")[0] + ".dist-info"}
    assert "corpus/guides/machine-learning-engineer.yaml" in shipped
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(site),
                    str(wheel)], check=True, timeout=120)

    def guidebot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", "import sys; from bot.cli import main; "
                               "sys.exit(main(sys.argv[1:]))", *args], capture_output=True,
                              text=True, cwd=tmp_path, timeout=60,
                              env={**os.environ, "PYTHONPATH": str(site)})

    # Its data files load from the installed wheel, not from the checkout.
    answer = guidebot("ask", "salary in Germany")
    assert answer.returncode == 0 and "€55,000" in answer.stdout
    bench = guidebot("bench")
    assert (bench.returncode, bench.stdout) == (2, "")
    assert bench.stderr == "guidebot: the benchmarks run from a source checkout: make bench\n"
