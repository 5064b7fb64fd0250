"""How long an answer takes: warm in-process against rank-bm25, and cold as a whole process.

Machines here are shared and noisy, so each figure is measured beside its baseline in the
same run (the naive rank-bm25 lookup, the import floor) and judged as a ratio.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.stats import percentile

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "eval" / "ml.yaml"
PACKAGES = ("bot", "corpus", "retrieval")


def answer_latency(rounds: int) -> dict[str, Any]:
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
            "answer_p50_ms": percentile(ours, .5), "answer_p99_ms": percentile(ours, .99),
            "naive_p50_ms": percentile(naive, .5), "naive_p99_ms": percentile(naive, .99)}


def cold_start(runs: int) -> dict[str, Any]:
    """Whole-process times, interleaved so drift hits each command alike.

    Our packages are byte-compiled first, as pip compiles an installed package and as the
    floor's numpy is: with PYTHONDONTWRITEBYTECODE set (some shells and CI images set it),
    an editable checkout would otherwise be compiled from source on every run.
    """
    for package in PACKAGES:
        compileall.compile_dir(str(ROOT / package), quiet=1)
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
