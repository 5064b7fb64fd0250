"""The bot as a real process (`python -m bot`) against the fake Discord, for the process tests.

discord.py inside it is aimed at the fake the one way the tests know (aim.py); everything
else is the bot's own start-up.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable

from tests.bot.discord_app.fake_discord import FakeDiscord
from tests.conftest import ROOT

# `python -m bot ARGS`, with discord.py aimed at the fake the one way the tests know.
LAUNCH = """
import runpy, sys
from tests.bot.discord_app.aim import discord_aimed_at
api, gateway, sys.argv = sys.argv[1], sys.argv[2], ["bot", *sys.argv[3:]]
with discord_aimed_at(api, gateway):
    runpy.run_module("bot", run_name="__main__")
"""


class Bot:
    """The bot as a real process; its stderr read as it is written, to see what it logs."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.err: list[str] = []
        self.heard = asyncio.Condition()
        self.ended = False
        self.reader = asyncio.create_task(self._read_stderr())

    @classmethod
    async def start(cls, fake: FakeDiscord, token: str | None, *args: str) -> "Bot":
        env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
        if token is not None:
            env["DISCORD_TOKEN"] = token
        return cls(await asyncio.create_subprocess_exec(
            sys.executable, "-c", LAUNCH, fake.api, fake.gateway_url, *args, cwd=ROOT,
            env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE))

    async def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            async with self.heard:
                self.err.append(line.decode())
                self.heard.notify_all()
        async with self.heard:
            self.ended = True
            self.heard.notify_all()

    async def until(self, wanted: Callable[[str], bool], timeout: float = 30) -> str:
        """The first line of stderr that is wanted, once logged (the bot exiting first fails)."""
        async with self.heard:
            await asyncio.wait_for(self.heard.wait_for(
                lambda: self.ended or any(map(wanted, self.err))), timeout)
        lines = [line for line in self.err if wanted(line)]
        assert lines, "not logged before the bot exited:\n" + "".join(self.err)
        return lines[0]

    async def until_ready(self, timeout: float = 30) -> None:
        """Until the bot logs that discord.py fired on_ready (or it exits, which fails)."""
        await self.until(lambda line: "ready as guidebot" in line, timeout)   # on_ready, INFO

    async def finish(self, timeout: float = 30) -> tuple[int, str, str]:
        """Its exit code, stdout and stderr once it has exited."""
        assert self.process.stdout is not None
        out = await asyncio.wait_for(self.process.stdout.read(), timeout)
        await asyncio.wait_for(self.reader, timeout)
        code = await asyncio.wait_for(self.process.wait(), timeout)
        return code, out.decode(), "".join(self.err)
