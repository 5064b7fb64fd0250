"""Scaffolding for the Discord front's tests: the live client on the fake Discord, once.

`live` is one running pair per test module (starting one costs discord.py's ~2 s wait for
more guilds before on_ready). A module that needs another config overrides `discord_config`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.discord_app.config import Config, Cooldown
from bot.engine import Engine
from tests.bot.discord_app.fake_discord import GUILD_ID
from tests.bot.discord_app.live import OPEN_CHANNEL, Live, running


@pytest.fixture(scope="module")
def discord_config() -> Config:
    """The module's client config: commands synced to the test guild, an open channel that
    needs the message content intent, and no cooldown to speak of."""
    return Config(guilds=(GUILD_ID,), channels=(OPEN_CHANNEL,), message_content_intent=True,
                  cooldown=Cooldown(rate=1000, per=1))


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def live(ml_engine: Engine, discord_config: Config) -> AsyncIterator[Live]:
    """The fake Discord and the real client on it, ready, for a whole test module."""
    async with running(ml_engine, discord_config) as started:
        yield started
