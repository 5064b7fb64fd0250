"""Many askers, each once: 60,000 /ask from distinct users through the fake Discord.

The bot runs in a fresh process of its own (`python -m bench.plateau TOTAL IN_FLIGHT`) with
its default config, so its memory is this run's alone; it samples its resident memory every
SAMPLE seconds. Memory has plateaued when the second half of the run adds (almost) nothing:
every per-asker table is bounded by `memory.size` (5,000 by default), whatever the number of
askers.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from typing import Any

from bench.load import ROOT, pair
from bench.stats import rss_mb

SAMPLE = 0.25


async def _measure(total: int, in_flight: int) -> dict[str, Any]:
    from bot.discord_app.config import Config
    from tests.bot.discord_app.fake_discord import GUILD_ID
    samples: list[tuple[float, float]] = []
    stop = asyncio.Event()

    async def sample() -> None:
        while not stop.is_set():
            samples.append((time.monotonic(), rss_mb()))
            await asyncio.sleep(SAMPLE)

    async with pair("steady", total, in_flight, config=Config(guilds=(GUILD_ID,))) as both:
        sampler = asyncio.create_task(sample())
        result = await both.hear(timeout=1800)
        stop.set()
        await sampler
        remembered = both.client.desk.remembered()
    began, ended = samples[0][0], samples[-1][0]
    middle = began + (ended - began) / 2
    at_middle = min(samples, key=lambda s: abs(s[0] - middle))[1]
    second_half = [rss for when, rss in samples if when >= middle]
    return {"total": total, "in_flight": in_flight, "answered": len(result["acks"]),
            "wall_s": ended - began, "rss_start_mb": samples[0][1], "rss_middle_mb": at_middle,
            "rss_end_mb": samples[-1][1], "rss_max_mb": max(rss for _, rss in samples),
            "second_half_growth_mb": max(second_half) - at_middle, "remembered": remembered}


def plateau(total: int, in_flight: int) -> dict[str, Any]:
    """The run's figures, measured in a fresh process."""
    done = subprocess.run([sys.executable, "-m", "bench.plateau", str(total), str(in_flight)],
                          check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(done.stdout))


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_measure(int(sys.argv[1]), int(sys.argv[2])))))
