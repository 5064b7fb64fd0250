"""`guidebot bench`: speed and memory, every figure measured side by side in one run.

Machines here are shared and noisy, so each figure is printed beside its baseline from the
same run (the naive rank-bm25 bot, the import floor) and judged as a ratio. Targets live
here, not in tests. The bot-load part needs the repository's tests/ (the fake Discord).
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "eval" / "ml.yaml"
TARGETS = {
    "answer_p50_ms": 0.1, "answer_p99_ms": 0.3, "cold_ratio": 1.6, "scale_p99_ms": 2.0,
    "ack_p95_ms": 50.0, "missed_3s": 0, "lag_p99_ms": 20.0, "rss_mb": 150.0,
}


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0–1) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def rss_mb() -> float:
    """This process's peak resident memory, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- 1. answer latency ----------------------------------------------------------------------

def latency(rounds: int) -> dict[str, Any]:
    """The engine's answer path against BM25Okapi.get_scores + top-10, same passages."""
    import numpy as np

    from bot.engine import Engine
    from bot.evaluate import load_cases
    engine = Engine.load()
    questions = [t.question for c in load_cases(QUESTIONS, engine) for t in c.turns]
    reference = engine.index.reference()
    tokens = [list(dict.fromkeys(engine.tokenizer.tokens(q))) for q in questions]
    ours: list[float] = []
    naive: list[float] = []
    clock = time.perf_counter_ns
    # Alternate whole rounds, so each side runs warm and machine drift hits both alike.
    for _ in range(rounds):
        for question in questions:
            start = clock()
            engine.answer(question)
            ours.append((clock() - start) / 1e6)
        for terms in tokens:
            start = clock()
            scores = reference.get_scores(terms)
            np.argsort(scores)[::-1][:10]
            naive.append((clock() - start) / 1e6)
    return {"questions": len(questions), "rounds": rounds,
            "answer_p50_ms": pct(ours, .5), "answer_p99_ms": pct(ours, .99),
            "naive_p50_ms": pct(naive, .5), "naive_p99_ms": pct(naive, .99)}


# -- 2. cold start --------------------------------------------------------------------------

def cold_start(runs: int) -> dict[str, Any]:
    """Whole-process times, interleaved so drift hits each command alike."""
    guidebot = str(Path(sys.executable).parent / "guidebot")
    commands = {
        "ask": [guidebot, "ask", "How much does an ML engineer earn in Germany?"],
        "floor": [sys.executable, "-c", "import numpy, yaml"],
        "python": [sys.executable, "-c", "pass"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {"runs": runs, "ask_s": medians["ask"], "floor_s": medians["floor"],
            "python_s": medians["python"], "cold_ratio": medians["ask"] / medians["floor"]}


# -- 3. scale -------------------------------------------------------------------------------

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


def _accumulate(values: Any) -> Any:
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
    peak = rss_mb()
    reference = BM25Okapi(documents, k1=K1, b=B, epsilon=EPSILON)
    agree = 0
    for query in queries[:checked]:
        terms = [t for t in dict.fromkeys(query) if index.idf.get(t, 0) > 0]
        scores = reference.get_scores(terms)
        expected = sorted((i for i, s in enumerate(scores) if s > 0),
                          key=lambda i: (-scores[i], i))[:10]
        agree += [i for i, _ in index.top(terms, 10)] == expected
    return {"passages": size, "build_s": build, "query_p50_ms": pct(times, .5),
            "query_p99_ms": pct(times, .99), "peak_rss_mb": peak, "top10_agree": agree,
            "top10_checked": checked}


def scale(sizes: list[int]) -> list[dict[str, Any]]:
    """Each size in a fresh process, so peak memory is that corpus's own."""
    out = []
    for size in sizes:
        done = subprocess.run([sys.executable, "-m", "bench.latency", "--scale-one", str(size)],
                              check=True, capture_output=True, text=True, cwd=ROOT)
        out.append(json.loads(done.stdout))
    return out


# -- 4. the bot under load ------------------------------------------------------------------

def bot_load(total: int, in_flight: int) -> dict[str, Any] | None:
    """500 /ask through the fake Discord on 127.0.0.1, 50 at once; see bot/bench_load.py."""
    fake_file = ROOT / "tests" / "bot" / "fake_discord.py"
    if not fake_file.exists():
        return None
    from bench.load import run_load
    return run_load(fake_file, total, in_flight)


# -- the report -----------------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def render(figures: dict[str, Any]) -> str:
    """The side-by-side table."""
    t = TARGETS
    lines = [f"guidebot bench: one run, {os.cpu_count()} cores, Python {sys.version.split()[0]}", ""]
    lat = figures["latency"]
    lines += [
        f"1. answer latency: {lat['questions']} questions x {lat['rounds']} rounds"
        "                p50         p99",
        f"   guidebot (tokenise, route, retrieve, compose)  {lat['answer_p50_ms']:8.3f} ms "
        f"{lat['answer_p99_ms']:8.3f} ms",
        f"   naive: BM25Okapi.get_scores + top-10           {lat['naive_p50_ms']:8.3f} ms "
        f"{lat['naive_p99_ms']:8.3f} ms",
        f"   ratio guidebot / naive                         {lat['answer_p50_ms'] / lat['naive_p50_ms']:8.2f} x  "
        f"{lat['answer_p99_ms'] / lat['naive_p99_ms']:8.2f} x",
        f"   target p50 <= {t['answer_p50_ms']} ms: {verdict(lat['answer_p50_ms'] <= t['answer_p50_ms'])}; "
        f"p99 <= {t['answer_p99_ms']} ms: {verdict(lat['answer_p99_ms'] <= t['answer_p99_ms'])}", ""]
    cold = figures["cold"]
    lines += [
        f"2. cold start, median of {cold['runs']} runs each, interleaved",
        f"   guidebot ask \"...\"              {cold['ask_s']:6.3f} s  {cold['cold_ratio']:5.2f} x floor",
        f"   python -c \"import numpy, yaml\"  {cold['floor_s']:6.3f} s  (floor)",
        f"   python -c pass                  {cold['python_s']:6.3f} s",
        f"   target <= {t['cold_ratio']} x floor: {verdict(cold['cold_ratio'] <= t['cold_ratio'])}", ""]
    lines.append("3. scale: synthetic Zipfian corpora   build    query p50  query p99  peak RSS  "
                 "top-10 = rank-bm25")
    for row in figures["scale"]:
        lines.append(f"   {row['passages']:>7,} passages               {row['build_s']:6.2f} s "
                     f"{row['query_p50_ms']:8.3f} ms {row['query_p99_ms']:8.3f} ms "
                     f"{row['peak_rss_mb']:6.0f} MB  {row['top10_agree']}/{row['top10_checked']}")
    largest = figures["scale"][-1]
    lines += [f"   target p99 <= {t['scale_p99_ms']} ms at {largest['passages']:,} with identical "
              f"top-10: {verdict(largest['query_p99_ms'] <= t['scale_p99_ms'] and largest['top10_agree'] == largest['top10_checked'])}", ""]
    load = figures.get("load")
    if load is None:
        lines.append("4. bot under load: skipped (needs the repository's tests/bot/fake_discord.py)")
    else:
        lines += [
            f"4. bot under load: {load['total']} /ask, {load['in_flight']} in flight, fake Discord on 127.0.0.1",
            f"   time to acknowledgement  p50 {load['ack_p50_ms']:.1f} ms  p95 {load['ack_p95_ms']:.1f} ms"
            f"  max {load['ack_max_ms']:.1f} ms   past 3 s: {load['missed_3s']}",
            f"   event-loop lag           p99 {load['lag_p99_ms']:.1f} ms  max {load['lag_max_ms']:.1f} ms"
            f"   peak RSS {load['rss_mb']:.0f} MB   answered {load['answered']}/{load['total']}",
            f"   targets: p95 ack <= {t['ack_p95_ms']:.0f} ms {verdict(load['ack_p95_ms'] <= t['ack_p95_ms'])}; "
            f"none past 3 s {verdict(load['missed_3s'] == 0)}; lag p99 <= {t['lag_p99_ms']:.0f} ms "
            f"{verdict(load['lag_p99_ms'] <= t['lag_p99_ms'])}; RSS <= {t['rss_mb']:.0f} MB "
            f"{verdict(load['rss_mb'] <= t['rss_mb'])}"]
    return "\n".join(lines)


def run(json_path: str | None = None, quick: bool = False) -> int:
    """Measure everything, print the table, optionally write the figures as JSON."""
    figures: dict[str, Any] = {
        "latency": latency(rounds=3 if quick else 20),
        "cold": cold_start(runs=3 if quick else 10),
        "scale": scale([1000, 10000] if quick else [1000, 10000, 100000]),
    }
    figures["load"] = bot_load(total=100 if quick else 500, in_flight=50)
    print(render(figures))
    if json_path:
        Path(json_path).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--scale-one":
        print(json.dumps(scale_one(int(sys.argv[2]))))
    else:
        sys.exit(run())
