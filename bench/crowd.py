"""The crowd for the load bench: the fake Discord in its own process, many users at once.

Run by bench/load.py as `python -m bench.crowd TOTAL IN_FLIGHT` from the checkout, so the
crowd and the bot steal neither each other's CPU nor GIL. It prints the fake's URLs as one
JSON line, waits for a line on stdin saying the bot is ready, keeps IN_FLIGHT /ask commands
outstanding until TOTAL are answered, then prints each acknowledgement time as JSON: from
sending INTERACTION_CREATE to receiving the callback, on the system's monotonic clock.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from tests.bot.discord_app.fake_discord import FakeDiscord

QUESTION = "How much does an ML engineer earn in Germany?"
ROUND_TIMEOUT = 30


async def crowd(total: int, in_flight: int) -> None:
    """Drive the load; see the module docstring for the protocol on stdin and stdout."""
    fake = FakeDiscord()
    await fake.start()
    print(json.dumps({"api": fake.api, "gateway": fake.gateway_url}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)   # bot ready
    option = [{"name": "question", "type": 3, "value": QUESTION}]
    sent = 0
    while True:
        async with fake.changed:
            answered = fake.counts.get("callback", 0)
            if answered >= total:
                break
            if sent - answered >= in_flight or sent >= total:
                await asyncio.wait_for(fake.changed.wait(), ROUND_TIMEOUT)
                continue
        await fake.command("ask", option, author=100_000 + sent)
        sent += 1
    acks = [(s.at - fake.dispatched[s.target]) * 1000 for s in fake.sent
            if s.route == "callback" and s.target in fake.dispatched]
    print(json.dumps({"acks": acks, "fake_cpu_s": sum(os.times()[:2])}), flush=True)
    await fake.stop()


if __name__ == "__main__":
    asyncio.run(crowd(int(sys.argv[1]), int(sys.argv[2])))
