"""The bot under load: 500 /ask through the fake Discord on 127.0.0.1, 50 at once.

The real client runs in this process; the crowd (bench/crowd.py: the fake Discord and its
users) runs in a child process, so the event-loop lag measured here is the bot's own. The
client is started and aimed at the fake the way the Discord tests do it (tests/bot/
discord_app/), since the bench runs from a checkout. The burst and the crowd of many users
(bench/burst.py, bench/plateau.py) start the pair the same way, through `Pair`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stats import peak_rss_mb, percentile

ROOT = Path(__file__).resolve().parents[1]
LAG_TICK = 0.01
DEADLINE_MS = 3000.0


@dataclass
class Lag:
    """The event loop's lag, sampled every LAG_TICK while it runs: (when, lag in ms)."""

    samples: list[tuple[float, float]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def monitor(self) -> None:
        """Sample until stopped."""
        while not self.stop.is_set():
            start = time.perf_counter()
            await asyncio.sleep(LAG_TICK)
            self.samples.append((time.monotonic(),
                                 (time.perf_counter() - start - LAG_TICK) * 1000))

    @property
    def values(self) -> list[float]:
        """The lags alone, in ms."""
        return [lag for _, lag in self.samples]


@dataclass
class Pair:
    """The crowd's process and the real client connected to its fake Discord."""

    child: asyncio.subprocess.Process
    client: Any

    async def say(self, line: str) -> None:
        """A line to the crowd."""
        assert self.child.stdin is not None
        self.child.stdin.write(line.encode() + b"\n")
        await self.child.stdin.drain()

    async def hear(self, timeout: float = 300) -> dict[str, Any]:
        """The crowd's next JSON line."""
        assert self.child.stdout is not None
        return dict(json.loads(await asyncio.wait_for(self.child.stdout.readline(), timeout)))


@contextlib.asynccontextmanager
async def pair(mode: str, *numbers: int, config: Any = None) -> AsyncIterator[Pair]:
    """The crowd in a child process and the client here, ready; the crowd is told so."""
    from bot.discord_app.client import make_client
    from bot.discord_app.config import Config, Cooldown
    from bot.engine import Engine
    from tests.bot.discord_app.aim import discord_aimed_at
    from tests.bot.discord_app.fake_discord import GUILD_ID, TOKEN
    from tests.bot.discord_app.live import connected
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.crowd", mode, *map(str, numbers), cwd=ROOT,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        limit=2**26)      # one JSON line holds every acknowledgement time of a long run
    try:
        assert child.stdout is not None
        urls = json.loads(await child.stdout.readline())
        with discord_aimed_at(urls["api"], urls["gateway"]):
            client = make_client(Engine.load(), config or Config(guilds=(GUILD_ID,),
                                                                 cooldown=Cooldown(1000, 1)))
            async with connected(client, TOKEN):
                both = Pair(child, client)
                await both.say("ready")
                yield both
        assert child.stdin is not None
        child.stdin.close()       # the bot has disconnected: the crowd may stop its fake
    except BaseException:
        child.kill()      # the crowd would otherwise wait for a bot that never came
        raise
    finally:
        await child.wait()


async def _measure(total: int, in_flight: int, config: Any = None) -> dict[str, Any]:
    lag = Lag()
    async with pair("steady", total, in_flight, config=config) as both:
        watcher = asyncio.create_task(lag.monitor())
        started = time.perf_counter()
        cpu_before = sum(os.times()[:2])
        result = await both.hear()
        wall = time.perf_counter() - started
        bot_cpu = sum(os.times()[:2]) - cpu_before
        lag.stop.set()
        await watcher
    acks = result["acks"]
    return {"total": total, "in_flight": in_flight, "answered": len(acks),
            "ack_p50_ms": percentile(acks, .5), "ack_p95_ms": percentile(acks, .95),
            "ack_max_ms": max(acks), "missed_3s": sum(a > DEADLINE_MS for a in acks) + total
            - len(acks), "lag_p99_ms": percentile(lag.values, .99),
            "lag_max_ms": max(lag.values), "rss_mb": peak_rss_mb(), "wall_s": wall,
            "bot_cpu_s": bot_cpu, "fake_cpu_s": result["fake_cpu_s"]}


def bot_load(total: int, in_flight: int, config: Any = None) -> dict[str, Any]:
    """Run the load and return its figures (`config`: the bot's, if not the default)."""
    return asyncio.run(_measure(total, in_flight, config))
