"""The bot under load: 500 /ask through the fake Discord on 127.0.0.1, 50 at once.

The real client runs in this process; the crowd (bench/crowd.py: the fake Discord and its
users) runs in a child process, so the event-loop lag measured here is the bot's own. The
client is started and aimed at the fake the way the Discord tests do it (tests/bot/
discord_app/), since the bench runs from a checkout.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.stats import peak_rss_mb, percentile

ROOT = Path(__file__).resolve().parents[1]
LAG_TICK = 0.01
DEADLINE_MS = 3000.0


async def _measure(total: int, in_flight: int, config: Any = None) -> dict[str, Any]:
    from bot.discord_app.client import make_client
    from bot.discord_app.config import Config, Cooldown
    from bot.engine import Engine
    from tests.bot.discord_app.aim import discord_aimed_at
    from tests.bot.discord_app.fake_discord import GUILD_ID, TOKEN
    from tests.bot.discord_app.live import connected
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.crowd", str(total), str(in_flight), cwd=ROOT,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None
    urls = json.loads(await child.stdout.readline())
    lags: list[float] = []
    stop = asyncio.Event()

    async def monitor() -> None:
        while not stop.is_set():
            start = time.perf_counter()
            await asyncio.sleep(LAG_TICK)
            lags.append((time.perf_counter() - start - LAG_TICK) * 1000)

    try:
        with discord_aimed_at(urls["api"], urls["gateway"]):
            client = make_client(Engine.load(), config or Config(guilds=(GUILD_ID,),
                                                                 cooldown=Cooldown(1000, 1)))
            async with connected(client, TOKEN):
                child.stdin.write(b"ready\n")
                await child.stdin.drain()
                watcher = asyncio.create_task(monitor())
                started = time.perf_counter()
                cpu_before = sum(os.times()[:2])
                result = json.loads(await asyncio.wait_for(child.stdout.readline(), 300))
                wall = time.perf_counter() - started
                bot_cpu = sum(os.times()[:2]) - cpu_before
                stop.set()
                await watcher
    except BaseException:
        child.kill()      # the crowd would otherwise wait for a bot that never came
        raise
    finally:
        await child.wait()
    acks = result["acks"]
    return {"total": total, "in_flight": in_flight, "answered": len(acks),
            "ack_p50_ms": percentile(acks, .5), "ack_p95_ms": percentile(acks, .95),
            "ack_max_ms": max(acks), "missed_3s": sum(a > DEADLINE_MS for a in acks) + total
            - len(acks), "lag_p99_ms": percentile(lags, .99), "lag_max_ms": max(lags),
            "rss_mb": peak_rss_mb(), "wall_s": wall, "bot_cpu_s": bot_cpu,
            "fake_cpu_s": result["fake_cpu_s"]}


def bot_load(total: int, in_flight: int, config: Any = None) -> dict[str, Any]:
    """Run the load and return its figures (`config`: the bot's, if not the default)."""
    return asyncio.run(_measure(total, in_flight, config))
