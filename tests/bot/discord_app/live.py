"""The live harness: the real guidebot client connected to the fake Discord over loopback.

The one way to start a client and wait until it is ready, and the running pair the tests
drive. The Discord tests use it through conftest.py and the load bench (bench/load.py) from
a checkout, so nothing here imports pytest.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass

import discord

from bot.discord_app.client import GuideMixin, make_client
from bot.discord_app.config import Config
from bot.engine import Engine
from tests.bot.discord_app.aim import discord_aimed_at
from tests.bot.discord_app.fake_discord import CHANNEL_ID, TOKEN, FakeDiscord, Sent

OPEN_CHANNEL = 1401
READY_SECONDS = 30
sentinel_authors = itertools.count(900_000)   # one asker per sentinel: no cooldown in the way


@contextlib.asynccontextmanager
async def connected(client: discord.Client, token: str = TOKEN) -> AsyncIterator[None]:
    """The client logged in and ready until the block ends, then closed.

    `async with client` sets the client up on this loop before anything waits on it: since
    Python 3.12 `wait_for` runs its coroutine at once, before a `start()` task has had a
    turn, so waiting for readiness first fails with "Client has not been properly
    initialised". A start-up failure is raised at once, not waited out.
    """
    async with client:
        runner = asyncio.create_task(client.start(token))
        ready = asyncio.create_task(client.wait_until_ready())
        try:
            await asyncio.wait({runner, ready}, timeout=READY_SECONDS,
                               return_when=asyncio.FIRST_COMPLETED)
            if runner.done():
                runner.result()          # start() ended early: raise why
            if not ready.done():
                raise TimeoutError(f"client not ready after {READY_SECONDS} s")
            yield
        finally:
            ready.cancel()
            await client.close()
            await asyncio.gather(runner, ready, return_exceptions=True)


def reference(sent: Sent) -> str:
    """The id of the message a reply answers ("" if it is not a reply)."""
    return str((sent.body.get("message_reference") or {}).get("message_id", ""))


@dataclass
class Live:
    """A fake Discord and the real client connected to it."""

    fake: FakeDiscord
    client: GuideMixin

    async def next_sent(self, action: Awaitable[object], count: int = 1,
                        timeout: float = 10) -> list[Sent]:
        """Run an action against the fake and return what the bot sent because of it."""
        before = len(self.fake.sent)
        await action
        sent = await self.fake.wait_sent(before + count, timeout)
        return sent[before:]

    async def settled(self, timeout: float = 20) -> None:
        """Until the bot has sent all it ever will for the events dispatched so far.

        A sentinel DM follows those events down the gateway; the client starts handlers in
        the order events arrive, and a handler enters its turn at the desk before it first
        waits, so once the sentinel is answered every earlier event has its turn begun or
        done. When no turn is left in flight, nothing more is on its way.
        """
        mid = await self.fake.message("books?", dm=True, author=next(sentinel_authors))
        await self.fake.wait_until(lambda: any(reference(s) == mid for s in self.fake.sent),
                                   timeout)
        pending = self.client.desk.in_flight
        if pending:
            await asyncio.wait(pending, timeout=timeout)
        assert not self.client.desk.in_flight, "turns still in flight"


@contextlib.asynccontextmanager
async def running(engine: Engine, config: Config, shards: int = 1) -> AsyncIterator[Live]:
    """A fake Discord on 127.0.0.1 and the real client, connected and ready."""
    fake = FakeDiscord(channels=[CHANNEL_ID, OPEN_CHANNEL], shards=shards)
    await fake.start()
    try:
        with discord_aimed_at(fake.api, fake.gateway_url):
            client = make_client(engine, config)
            async with connected(client):
                yield Live(fake, client)
    finally:
        await fake.stop()
