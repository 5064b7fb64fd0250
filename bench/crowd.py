"""The crowds for the bot benches: the fake Discord in its own process, many users at once.

Run by the bench as `python -m bench.crowd MODE …` from the checkout, so the crowd and the bot
steal neither each other's CPU nor GIL. Each mode prints the fake's URLs as one JSON line and
waits for a line on stdin saying the bot is ready; it stops once the bot closes its stdin.
Every /ask comes from a new user. Times are
on the system's monotonic clock, which both processes share.

- `steady TOTAL IN_FLIGHT`: keeps IN_FLIGHT /ask outstanding until TOTAL are sent and each
  answered or given up on, then prints each acknowledgement time (ms, from sending
  INTERACTION_CREATE to the callback).
- `burst TOTAL`: sends TOTAL /ask at once and prints when the burst began and ended; then
  answers each line on stdin: `count` with how many were acknowledged so far, `probe` with
  the acknowledgement time of one more /ask, `stop` with the final figures.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from typing import Any

from tests.bot.discord_app.fake_discord import FakeDiscord

QUESTION = "How much does an ML engineer earn in Germany?"
OPTION = [{"name": "question", "type": 3, "value": QUESTION}]
ROUND_TIMEOUT = 30
GIVE_UP = 4.0        # seconds: past Discord's deadline, an unanswered /ask will stay so
FIRST_USER = 100_000


def say(data: dict[str, Any]) -> None:
    """One JSON line to the bench."""
    print(json.dumps(data), flush=True)


async def read_line() -> str:
    """The bench's next line on stdin."""
    return (await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)).strip()


def acknowledged(fake: FakeDiscord) -> list[str]:
    """The interactions whose callback Discord accepted."""
    return [s.target for s in fake.sent if s.route == "callback"]


async def steady(fake: FakeDiscord, total: int, in_flight: int) -> None:
    """Keep `in_flight` questions outstanding until `total` are answered or given up on (one
    neither answered nor refused GIVE_UP seconds after it was sent: the bot skipped it)."""
    sent, seen = 0, 0
    pending: dict[str, float] = {}             # interaction id → when it was sent
    while sent < total or pending:
        for done in fake.sent[seen:]:
            pending.pop(done.target, None)
        seen = len(fake.sent)
        for iid in fake.late:
            pending.pop(iid, None)
        now = time.monotonic()
        for iid in [i for i, at in pending.items() if now - at > GIVE_UP]:
            del pending[iid]
        if sent < total and len(pending) < in_flight:
            iid = await fake.command("ask", OPTION, author=FIRST_USER + sent)
            pending[iid] = fake.dispatched[iid]
            sent += 1
            continue
        async with fake.changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(fake.changed.wait(), 0.5)
    acks = [(s.at - fake.dispatched[s.target]) * 1000 for s in fake.sent
            if s.route == "callback" and s.target in fake.dispatched]
    say({"acks": acks, "late": len(fake.late), "fake_cpu_s": sum(os.times()[:2])})


async def burst(fake: FakeDiscord, total: int) -> None:
    """Everything at once, then report on request (see the module docstring)."""
    began = time.monotonic()
    ids = [await fake.command("ask", OPTION, author=FIRST_USER + n) for n in range(total)]
    say({"began": began, "ended": time.monotonic()})
    while (line := await read_line()) != "stop":
        if line == "count":
            say({"acknowledged": len(acknowledged(fake)), "late": len(fake.late)})
        elif line == "probe":
            iid = await fake.command("ask", OPTION, author=FIRST_USER + total)
            await fake.wait_until(lambda: iid in acknowledged(fake) or iid in fake.late,
                                  ROUND_TIMEOUT)
            say({"probe_ms": (time.monotonic() - fake.dispatched[iid]) * 1000,
                 "probe_late": iid in fake.late})
    called = set(acknowledged(fake)) | set(fake.late)
    say({"acknowledged": len(set(acknowledged(fake)) & set(ids)), "late": len(fake.late),
         "never_called": sum(i not in called for i in ids)})


async def crowd(mode: str, numbers: list[int]) -> None:
    """Start the fake, wait for the bot, run the mode."""
    fake = FakeDiscord()
    await fake.start()
    say({"api": fake.api, "gateway": fake.gateway_url})
    await read_line()                                                   # the bot is ready
    try:
        if mode == "steady":
            await steady(fake, *numbers)
        else:
            await burst(fake, *numbers)
        await read_line()         # until the bot has closed its connection (stdin closed)
    finally:
        await fake.stop()


if __name__ == "__main__":
    asyncio.run(crowd(sys.argv[1], [int(n) for n in sys.argv[2:]]))
