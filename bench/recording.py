"""Recording on the Discord front, measured beside the bot without it in one run.

1. What it adds to each answer: the desk's turn as the Discord front takes it (the engine's
   answer), then what recording adds on the same path (queue the turn, build the 👍/👎
   buttons), with the store's writer at work on the same loop.
2. The bot under load (bench/load.py: 500 /ask, 50 in flight, the fake Discord in a child
   process) with no store, with SQLite and with PostgreSQL, interleaved round by round so
   that the shared machine's drift falls on all three alike; each figure is the median over
   the rounds.

PostgreSQL is a throwaway server (tests/store/postgres_server.py, fsync off); without its
programs installed, its rows say so and the rest still runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.load import bot_load
from bench.stats import percentile

QUESTIONS = ["What skills do I need?", "Does the guide cover quantum computing?",
             "How much do ML engineers earn in Germany?", "Which books should I read?",
             "What does an ML engineer do?", "tell me more about the second one"]
LOAD_FIGURES = ("ack_p50_ms", "ack_p95_ms", "ack_max_ms", "lag_p99_ms", "missed_3s", "answered",
                "bot_cpu_s")


@contextlib.contextmanager
def stores() -> Iterator[dict[str, str | None]]:
    """The storage values to compare: none, a SQLite file, a PostgreSQL database (None when
    PostgreSQL is not installed)."""
    from tests.store.postgres_server import PostgresServer, binaries
    with tempfile.TemporaryDirectory(prefix="guidebot-bench-") as folder:
        found = binaries()
        server = PostgresServer(found) if found else None
        try:
            if server is not None:
                server.start()
            yield {"none": "", "sqlite": str(Path(folder) / "guidebot.sqlite3"),
                   "postgresql": server.create_database() if server else None}
        finally:
            if server is not None:
                server.close()


async def _added(storage: str, turns: int) -> dict[str, float]:
    from bot.discord_app.config import Config
    from bot.discord_app.desk import Desk
    from bot.discord_app.feedback import recorded
    from bot.discord_app.ledger import open_recorder
    from bot.engine import Engine
    engine = Engine.load()
    recorder = open_recorder(storage, 90, engine.corpus.role)
    desk = Desk(engine, Config(), recorder=recorder)
    desk.ledger.start()
    assert recorder is not None
    await asyncio.wait_for(recorder.connected.wait(), 30)
    answer_ms: list[float] = []
    added_ms: list[float] = []
    for n in range(turns):
        started = time.perf_counter()
        asked = desk.asked(QUESTIONS[n % len(QUESTIONS)], guild_id=1, channel_id=n % 50,
                           user_id=n)
        answered = time.perf_counter()
        view = recorded(desk, asked)
        done = time.perf_counter()
        assert view is not None
        answer_ms.append((answered - started) * 1000)
        added_ms.append((done - answered) * 1000)
        if n % 50 == 49:
            await asyncio.sleep(0)      # the writer drains between bursts, as under traffic
    written = await recorder.flush(60)
    await desk.ledger.close()
    return {"turns": turns, "answer_p50_ms": percentile(answer_ms, .5),
            "answer_p99_ms": percentile(answer_ms, .99),
            "added_p50_ms": percentile(added_ms, .5), "added_p99_ms": percentile(added_ms, .99),
            "added_max_ms": max(added_ms), "all_written": float(written)}


def added_latency(storage: str, turns: int) -> dict[str, float]:
    """What recording adds per answer on the Discord front's path."""
    return asyncio.run(_added(storage, turns))


def load_config(storage: str) -> Any:
    """The load bench's bot config, recording to `storage` ("" for no store)."""
    from bot.discord_app.config import Config, Cooldown
    from tests.bot.discord_app.fake_discord import GUILD_ID
    return Config(guilds=(GUILD_ID,), cooldown=Cooldown(1000, 1), storage=storage or False)


def recording(total: int, in_flight: int, rounds: int, turns: int) -> dict[str, Any]:
    """Both measurements, for every store kind available."""
    figures: dict[str, Any] = {"total": total, "in_flight": in_flight, "rounds": rounds,
                               "added": {}, "load": {}}
    with stores() as kinds:
        available = {k: v for k, v in kinds.items() if v is not None}
        for kind, storage in available.items():
            if storage:
                figures["added"][kind] = added_latency(storage, turns)
        runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in available}
        for _ in range(rounds):
            for kind, storage in available.items():
                runs[kind].append(bot_load(total, in_flight, load_config(storage or "")))
        for kind, results in runs.items():
            figures["load"][kind] = {name: statistics.median(r[name] for r in results)
                                     for name in LOAD_FIGURES}
            figures["load"][kind]["ack_p95_each"] = [r["ack_p95_ms"] for r in results]
        figures["missing"] = [k for k, v in kinds.items() if v is None]
    return figures
