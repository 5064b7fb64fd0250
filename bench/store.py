"""The store's figures, side by side in one run: `python -m bench.store [--quick] [--json F]`.

1. What recording adds to an answer: the cost of `Recorder.record` (the only store work on
   the answer path), and the event loop's lag while the writer drains a steady stream,
   against the same loop with no store.
2. `guidebot gaps` over 1,000,000 recorded turns, in process and as the real command.

Both run on SQLite and on a throwaway PostgreSQL (tests/store/postgres_server.py, fsync off:
write rates there are an upper bound; reads are what the target is about).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.stats import percentile

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"record_p99_ms": 1.0, "gaps_s": 2.0}
DAY_MS = 86_400_000


# -- 1. the answer path ---------------------------------------------------------------------

async def _lag_while(record_rate: int, seconds: float, recorder: Any, answers: list[Any]) -> list[float]:
    """Loop lag (ms past a 1 ms sleep) while recording `record_rate` turns a second."""
    lags: list[float] = []
    stop = time.perf_counter() + seconds

    async def tick() -> None:
        loop = asyncio.get_running_loop()
        while time.perf_counter() < stop:
            start = loop.time()
            await asyncio.sleep(0.001)
            lags.append((loop.time() - start - 0.001) * 1000)

    async def feed() -> None:
        n = 0
        while time.perf_counter() < stop:
            for _ in range(record_rate // 100):
                question, answer = answers[n % len(answers)]
                recorder.record(answer, question=question, guild_id=1, channel_id=2, user_id=n)
                n += 1
            await asyncio.sleep(0.01)

    await asyncio.gather(tick(), feed() if recorder is not None else asyncio.sleep(0))
    return lags


async def answer_path(storage: str, records: int, rate: int, seconds: float) -> dict[str, Any]:
    """`record` cost per answer, and loop lag with and without the writer at work."""
    from bot.engine import Engine
    from bot.store import open_store
    from bot.store.gaps import role_terms
    from bot.store.recorder import Recorder
    engine = Engine.load()
    questions = ["What skills do I need?", "Does the guide cover quantum computing?",
                 "How much do ML engineers earn in Germany?", "Which books should I read?",
                 "How old is Andrew Ng?", "What does an ML engineer do?"]
    answers = [(q, engine.answer(q)) for q in questions]
    recorder = Recorder(open_store(storage), ignore_terms=role_terms(engine.corpus.role),
                        queue_size=max(10_000, records))
    recorder.start()
    await asyncio.wait_for(recorder.connected.wait(), 30)
    costs: list[float] = []
    clock = time.perf_counter_ns
    for n in range(records):
        question, answer = answers[n % len(answers)]
        start = clock()
        recorder.record(answer, question=question, guild_id=1, channel_id=2, user_id=n)
        costs.append((clock() - start) / 1e6)
        if n % 50 == 49:
            await asyncio.sleep(0)      # let the writer drain, as between real answers
    await recorder.flush(120)
    baseline = await _lag_while(rate, seconds, None, answers)
    loaded = await _lag_while(rate, seconds, recorder, answers)
    await recorder.flush(120)
    written = recorder.written
    await recorder.close()
    return {"records": records, "record_p50_ms": percentile(costs, .5),
            "record_p99_ms": percentile(costs, .99), "record_max_ms": max(costs), "rate": rate,
            "lag_p99_ms": percentile(loaded, .99), "lag_p99_no_store_ms": percentile(baseline, .99),
            "written": written, "dropped": recorder.dropped_total}


# -- 2. gaps over a million turns -----------------------------------------------------------

FILLER = ["", "please", "in the guide", "any advice on", "tell me about", "what about",
          "is there anything on", "how do I get into"]


def synthetic_turns(total: int, seed: int = 7) -> Iterator[list[Any]]:
    """Turns in chunks of 20,000: 30% refused. Refused questions are drawn Zipf-like from
    3,000 recurring gaps (1–3 words, asked with varying filler and sometimes an extra word)
    and, for 15%, one-off questions of 2–5 words; words come Zipf-like from a 4,000-word
    vocabulary, as question words do. 3% of answered turns get a vote."""
    from bot.store.gaps import key_terms
    from bot.store.records import SourceRef, Turn
    rng = random.Random(seed)
    vocabulary = [f"w{n}x" for n in range(4000)]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))

    def words(k: int) -> list[str]:
        return list(dict.fromkeys(rng.choices(vocabulary, cum_weights=cumulative, k=k)))

    topics = [words(rng.randint(1, 3)) for _ in range(3000)]
    popularity = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(topics))))
    sources = [(SourceRef(section=f"Section {n} › Part", passage=f"p{n}"),) for n in range(300)]
    keys: dict[str, str] = {}
    now = int(time.time() * 1000)
    made = 0
    while made < total:
        chunk: list[Any] = []
        for _ in range(min(20_000, total - made)):
            made += 1
            refused = rng.random() < 0.3
            if refused and rng.random() < 0.85:
                topic = rng.choices(topics, cum_weights=popularity)[0]
                extra = words(1) if rng.random() < 0.3 else []
                question = f"{rng.choice(FILLER)} {' '.join(rng.sample(topic, len(topic)) + extra)}?"
            elif refused:
                question = " ".join(words(rng.randint(2, 5))) + "?"
            else:
                question = "What skills do I need?"
            if refused and question not in keys:
                keys[question] = key_terms(question)
            chunk.append(Turn(
                # In time order, as a bot writes them, over the last 89 days.
                answer_id=f"{made:016x}", at_ms=now - 89 * DAY_MS + made * 89 * DAY_MS // total,
                guild_id=rng.randint(1, 50), channel_id=rng.randint(1, 500),
                user_hash=f"{rng.randint(0, 20_000):032x}", question=question,
                route="abstain" if refused else "passage", abstained=refused,
                sources=() if refused else rng.choice(sources),
                terms=keys[question] if refused else ""))
        yield chunk


async def fill(storage: str, total: int) -> dict[str, Any]:
    """Write `total` turns through the store's own write path, and some votes."""
    from bot.store import Vote, open_store
    store = open_store(storage)
    await store.open()
    start = time.perf_counter()
    voted = 0
    for chunk in synthetic_turns(total):
        await store.write_turns(chunk)
        for turn in chunk[::33]:
            if not turn.abstained:
                await store.vote(turn.answer_id, turn.user_hash,
                                 Vote.DOWN if voted % 3 else Vote.UP, turn.at_ms)
                voted += 1
    took = time.perf_counter() - start
    count = await store.count()
    await store.close()
    return {"turns": count, "votes": voted, "write_s": took, "turns_per_s": count / took}


async def gaps_in_process(storage: str, since_ms: int | None) -> float:
    from bot.store import open_store
    store = open_store(storage, create=False)
    await store.open()
    start = time.perf_counter()
    await store.gaps(since_ms)
    took = time.perf_counter() - start
    await store.close()
    return took


def gaps_command(storage: str, *args: str) -> float:
    """Wall time of the real `guidebot gaps` process."""
    guidebot = Path(sys.executable).parent / "guidebot"
    start = time.perf_counter()
    subprocess.run([str(guidebot), "gaps", "--storage", storage, *args], check=True,
                   capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def gaps_figures(storage: str, total: int, runs: int) -> dict[str, Any]:
    """Fill the store, then time gaps in process and as a command (median of `runs`)."""
    figures = asyncio.run(fill(storage, total))
    week = int(time.time() * 1000) - 7 * DAY_MS
    figures["gaps_s"] = statistics.median(asyncio.run(gaps_in_process(storage, None))
                                          for _ in range(runs))
    figures["gaps_week_s"] = statistics.median(asyncio.run(gaps_in_process(storage, week))
                                               for _ in range(runs))
    figures["command_s"] = statistics.median(gaps_command(storage) for _ in range(runs))
    figures["command_json_s"] = statistics.median(gaps_command(storage, "--json", "--since", "7d")
                                                  for _ in range(runs))
    return figures


# -- the run ----------------------------------------------------------------------------------

def backends(folder: Path) -> Iterator[tuple[str, str | None, Any]]:
    """("sqlite", path, None), then ("postgresql", url, server) when PostgreSQL is installed."""
    yield "sqlite", str(folder / "bench.sqlite3"), None
    from tests.store.postgres_server import PostgresServer, binaries
    found = binaries()
    if found is None:
        yield "postgresql", None, None
        return
    server = PostgresServer(found)
    try:
        server.start()
        yield "postgresql", server.create_database(), server
    finally:
        server.close()


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def render(figures: dict[str, Any]) -> str:
    """The side-by-side table."""
    lines = [f"store bench: one run, {os.cpu_count()} cores, Python {sys.version.split()[0]}", ""]
    lines.append("1. answer path with recording on       record p50   record p99   record max"
                 "   loop lag p99 (writer on / no store)")
    for name, row in figures.items():
        path = row.get("path")
        if path is None:
            lines.append(f"   {name:<12} skipped (PostgreSQL is not installed: .ci/postgres)")
            continue
        lines.append(
            f"   {name:<12} {path['records']:>7,} records  {path['record_p50_ms'] * 1000:7.1f} µs "
            f"{path['record_p99_ms'] * 1000:9.1f} µs {path['record_max_ms'] * 1000:9.1f} µs"
            f"   {path['lag_p99_ms']:.2f} / {path['lag_p99_no_store_ms']:.2f} ms at "
            f"{path['rate']:,} turns/s")
    worst = max((r["path"]["record_p99_ms"] for r in figures.values() if r.get("path")), default=0)
    lines += [f"   target record p99 <= {TARGETS['record_p99_ms']} ms: "
              f"{verdict(worst <= TARGETS['record_p99_ms'])}", ""]
    lines.append("2. gaps over recorded turns            write rate    gaps (all)  gaps (7 d)"
                 "   `guidebot gaps`   --json --since 7d")
    for name, row in figures.items():
        gaps = row.get("gaps")
        if gaps is None:
            continue
        lines.append(
            f"   {name:<12} {gaps['turns']:>9,} turns {gaps['turns_per_s']:8,.0f}/s "
            f"{gaps['gaps_s']:9.2f} s {gaps['gaps_week_s']:9.2f} s {gaps['command_s']:12.2f} s "
            f"{gaps['command_json_s']:14.2f} s")
    worst_gaps = max((r["gaps"]["command_s"] for r in figures.values() if r.get("gaps")),
                     default=0)
    lines.append(f"   target `guidebot gaps` < {TARGETS['gaps_s']} s: "
                 f"{verdict(worst_gaps < TARGETS['gaps_s'])}")
    return "\n".join(lines)


def run(json_path: str | None = None, quick: bool = False) -> int:
    """Measure everything, print the table, optionally write the figures as JSON."""
    folder = Path(tempfile.mkdtemp(prefix="guidebot-bench-"))
    figures: dict[str, Any] = {}
    try:
        for name, storage, _ in backends(folder):
            if storage is None:
                figures[name] = {}
                continue
            figures[name] = {
                "path": asyncio.run(answer_path(storage, 2_000 if quick else 20_000,
                                                rate=2_000, seconds=1 if quick else 3)),
            }
            fresh = storage if name == "postgresql" else str(folder / "gaps.sqlite3")
            if name == "postgresql":
                asyncio.run(_drop_turns(storage))
            figures[name]["gaps"] = gaps_figures(fresh, 100_000 if quick else 1_000_000,
                                                 runs=1 if quick else 3)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(render(figures))
    if json_path:
        Path(json_path).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


async def _drop_turns(storage: str) -> None:
    from bot.store import open_store
    store = open_store(storage)
    await store.open()
    await store.rows("DELETE FROM votes RETURNING 1")
    await store.rows("DELETE FROM turns RETURNING 1")
    await store.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    target = args[args.index("--json") + 1] if "--json" in args else None
    sys.exit(run(target, "--quick" in args))
