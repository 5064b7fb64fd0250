"""Far past capacity: thousands of /ask at once through the fake Discord.

The bot runs in a fresh process of its own (`python -m bench.burst TOTAL`), so its peak
memory is the burst's alone, with the crowd (bench/crowd.py) in a child of that process.
Every interaction must end answered, skipped as too old, or lost (counted): the crowd tells
which ones Discord ever heard about, the desk how many it skipped. The loop has recovered
once its lag stays under RECOVERED_MS; a probe asked after the burst shows it answers again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import time
from typing import Any

from bench.load import ROOT, Lag, pair
from bench.stats import peak_rss_mb, rss_mb

RECOVERED_MS = 50.0
SETTLE_TIMEOUT = 120.0


class Tally(logging.Handler):
    """Counts the log records that carry a traceback, and the overload lines."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.tracebacks = self.overload_lines = self.lost_lines = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.tracebacks += bool(record.exc_info) or "Traceback" in message
        self.overload_lines += message.startswith("overloaded:")
        self.lost_lines += message.startswith("not delivered:")


async def _measure(total: int) -> dict[str, Any]:
    tally = Tally()
    logging.getLogger().addHandler(tally)
    lag = Lag()
    async with pair("burst", total) as both:
        desk = both.client.desk
        rss_before = rss_mb()
        watcher = asyncio.create_task(lag.monitor())
        sent = await both.hear()
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while time.monotonic() < deadline:
            await both.say("count")
            count = await both.hear()
            if count["acknowledged"] + desk.shedding.skipped + desk.lost >= total:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.5)      # past the quiet second that ends the burst's log line
        await both.say("probe")
        probe = await both.hear()
        await both.say("stop")
        final = await both.hear()
        lag.stop.set()
        await watcher
    stalled = [when for when, ms in lag.samples if ms > RECOVERED_MS and when > sent["began"]]
    return {"total": total, "sent_s": sent["ended"] - sent["began"],
            "answered": final["acknowledged"], "expired": desk.shedding.skipped,
            "lost": desk.lost, "late_404": final["late"], "never_called": final["never_called"],
            "tracebacks": tally.tracebacks, "overload_lines": tally.overload_lines,
            "recovered_s": max(stalled, default=sent["ended"]) - sent["ended"],
            "lag_max_ms": max(lag.values), "probe_ms": probe["probe_ms"],
            "rss_before_mb": rss_before, "peak_rss_mb": peak_rss_mb()}


def burst(total: int) -> dict[str, Any]:
    """The burst's figures, measured in a fresh process."""
    done = subprocess.run([sys.executable, "-m", "bench.burst", str(total)], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(done.stdout))


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_measure(int(sys.argv[1])))))
