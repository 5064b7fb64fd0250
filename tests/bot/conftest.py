"""Scaffolding shared by the CLI and Discord front tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.bot.discord_app.fake_discord import FakeDiscord


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord alone, for a bot run as its own process."""
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()
