"""The bot under load, for `guidebot bench`.

The real client runs in this process; the fake Discord (tests/bot/fake_discord.py) runs in a
child process and drives the load, so neither steals the other's CPU or GIL and the event-loop
lag measured here is the bot's own. Acknowledgement times are taken by the fake, from sending
INTERACTION_CREATE to receiving the callback (both on the system's monotonic clock).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.latency import pct, rss_mb

LAG_TICK = 0.01
DEADLINE_MS = 3000.0

# Runs in the child: start the fake, print its port, wait for the bot's commands, drive the
# load with `in_flight` outstanding, print the acknowledgement times as JSON.
CHILD = r"""
import asyncio, importlib.util, json, sys, time
spec = importlib.util.spec_from_file_location("fake_discord", sys.argv[1])
fake_module = importlib.util.module_from_spec(spec); sys.modules["fake_discord"] = fake_module
spec.loader.exec_module(fake_module)
total, in_flight = int(sys.argv[2]), int(sys.argv[3])

async def main():
    fake = fake_module.FakeDiscord()
    await fake.start()
    print(json.dumps({"api": fake.api, "gateway": fake.gateway_url}), flush=True)
    while str(fake_module.GUILD_ID) not in fake.commands:
        await asyncio.sleep(0.05)
    await asyncio.sleep(2.5)   # discord.py's on_ready follows the last GUILD_CREATE by ~2 s
    option = [{"name": "question", "type": 3,
               "value": "How much does an ML engineer earn in Germany?"}]
    sent = 0
    while True:
        async with fake.changed:
            answered = fake.counts.get("callback", 0)
            if answered >= total:
                break
            if sent - answered >= in_flight or sent >= total:
                await asyncio.wait_for(fake.changed.wait(), 30)
                continue
        await fake.command("ask", option, author=100_000 + sent)
        sent += 1
    acks = [(s.at - fake.dispatched[s.target]) * 1000 for s in fake.sent
            if s.route == "callback" and s.target in fake.dispatched]
    import os
    print(json.dumps({"acks": acks, "fake_cpu_s": sum(os.times()[:2])}), flush=True)
    await fake.stop()

asyncio.run(main())
"""


async def _measure(fake_file: Path, total: int, in_flight: int) -> dict[str, Any]:
    import discord
    import yarl

    from bot.discord_app.config import Config, Cooldown
    from bot.discord_app.client import make_client
    from bot.engine import Engine
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, str(fake_file), str(total), str(in_flight),
        stdout=asyncio.subprocess.PIPE)
    assert child.stdout is not None
    urls = json.loads(await child.stdout.readline())
    # The fake's own constants: its test token and guild, read from the module, not a pipe.
    fake_module = _load_module(fake_file)
    token, guild = fake_module.TOKEN, fake_module.GUILD_ID
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    discord.http.Route.BASE = urls["api"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(urls["gateway"])
    lags: list[float] = []
    stop = asyncio.Event()

    async def monitor() -> None:
        while not stop.is_set():
            start = time.perf_counter()
            await asyncio.sleep(LAG_TICK)
            lags.append((time.perf_counter() - start - LAG_TICK) * 1000)

    client = make_client(Engine.load(), Config(guilds=(guild,), cooldown=Cooldown(1000, 1)))
    runner = asyncio.create_task(client.start(token))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 30)
        watcher = asyncio.create_task(monitor())
        started = time.perf_counter()
        cpu_before = sum(os.times()[:2])
        result = json.loads(await asyncio.wait_for(child.stdout.readline(), 300))
        wall = time.perf_counter() - started
        bot_cpu = sum(os.times()[:2]) - cpu_before
        acks = result["acks"]
        stop.set()
        await watcher
    finally:
        await client.close()
        await runner
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
        await child.wait()
    return {"total": total, "in_flight": in_flight, "answered": len(acks),
            "ack_p50_ms": pct(acks, .5), "ack_p95_ms": pct(acks, .95), "ack_max_ms": max(acks),
            "missed_3s": sum(a > DEADLINE_MS for a in acks) + total - len(acks),
            "lag_p99_ms": pct(lags, .99), "lag_max_ms": max(lags), "rss_mb": rss_mb(),
            "wall_s": wall, "bot_cpu_s": bot_cpu, "fake_cpu_s": result["fake_cpu_s"]}


def _load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("guidebot_bench_fake", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def run_load(fake_file: Path, total: int, in_flight: int) -> dict[str, Any]:
    """Run the load and return its figures."""
    return asyncio.run(_measure(fake_file, total, in_flight))
