"""DISCORD_TOKEN from ./.env: the format, and `python -m bot` using it against the fake Discord."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from bot.envfile import token_from
from tests.bot.discord_app.fake_discord import TOKEN, FakeDiscord
from tests.conftest import ROOT

# `python -m bot` with discord.py's URLs aimed at the fake, run in `cwd` (where .env is).
LAUNCH = ("import runpy, sys, discord, yarl; "
          "discord.http.Route.BASE = sys.argv[1]; "
          "discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2]); "
          "sys.argv = ['bot']; runpy.run_module('bot', run_name='__main__')")
REJECTED = "guidebot: Discord rejected DISCORD_TOKEN"


@pytest.mark.parametrize(("text", "token"), [
    ("DISCORD_TOKEN=abc.def\n", "abc.def"),
    ("# a comment\nexport DISCORD_TOKEN='abc.def'\nOTHER=1\n", "abc.def"),
    ('DISCORD_TOKEN = "abc.def"   \n', "abc.def"),
    ("DISCORD_TOKEN=abc.def  # the bot's\n", "abc.def"),
    ("DISCORD_TOKEN=old\nDISCORD_TOKEN=new\n", "new"),
    ("# DISCORD_TOKEN=commented\nDISCORD_TOKENS=x\n", None),
    ("", None),
])
def test_the_file_format(text: str, token: str | None) -> None:
    assert token_from(text) == token


async def bot_in(directory: Path, fake: FakeDiscord, token: str | None) -> tuple[int, str]:
    """Run the bot in `directory` until it exits; its exit code and stderr."""
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    if token is not None:
        env["DISCORD_TOKEN"] = token
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", LAUNCH, fake.api, fake.gateway_url, cwd=directory, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert out == b""
    return process.returncode or 0, err.decode()


@pytest.mark.process
@pytest.mark.asyncio
async def test_the_bot_reads_its_token_from_dotenv(fake: FakeDiscord, tmp_path: Path) -> None:
    wrong = TOKEN[:-4] + "XXXX"      # the fake refuses it: proof the file's token was sent
    (tmp_path / ".env").write_text(f"export DISCORD_TOKEN='{wrong}'\n", encoding="utf-8")
    code, err = await bot_in(tmp_path, fake, None)
    assert code == 2 and err.splitlines()[-1].startswith(REJECTED) and wrong not in err


@pytest.mark.process
@pytest.mark.asyncio
async def test_the_environment_wins_over_dotenv(fake: FakeDiscord, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=has a space\n", encoding="utf-8")
    code, err = await bot_in(tmp_path, fake, TOKEN[:-4] + "XXXX")
    assert code == 2 and err.splitlines()[-1].startswith(REJECTED)      # not "contains spaces": .env unused


@pytest.mark.process
@pytest.mark.asyncio
async def test_an_unreadable_dotenv_is_one_line(fake: FakeDiscord, tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"DISCORD_TOKEN=\xff\xfe\n")
    code, err = await bot_in(tmp_path, fake, None)
    assert (code, err) == (2, f"guidebot: {tmp_path / '.env'}: cannot read it (not UTF-8 text)\n")
