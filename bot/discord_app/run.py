"""Start the Discord bot: `python -m bot`, `guidebot discord` or `make bot`.

The token comes only from DISCORD_TOKEN. Start-up problems end with one line on stderr and
a non-zero exit, never a traceback and never the token. SIGINT and SIGTERM close the
client cleanly, and the process exits within about 3 s whatever the connection's state.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import aiohttp
import discord

from bot.discord_app.config import Config, load_config
from bot.discord_app.client import GuideMixin, make_client
from bot.discord_app.logs import setup_logging
from bot.discord_app.errors import TokenError, hide_tokens
from bot.engine import Engine
from bot.store import DEFAULT_PATH as DEFAULT_STORE
from corpus.errors import GuidebotError

EXIT_ERROR, EXIT_UNREACHABLE = 2, 1
REJECTED = "Discord rejected DISCORD_TOKEN; reset it in the Developer Portal and try again"
TOKEN_REVOKED = 4004   # the gateway's close code for a token that is no longer valid
DRAIN_SECONDS = 2.0   # answers in flight may finish; well inside a 5 s stop timeout
STOP_SECONDS = 1.0    # then the closed client's start() may end on its own, or is cancelled


def read_token() -> str:
    """The bot token from DISCORD_TOKEN, or a TokenError saying how to set it."""
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        raise TokenError("DISCORD_TOKEN is not set: export the bot token from the Developer "
                         "Portal (Bot → Reset Token) before starting the bot")
    if any(ch.isspace() for ch in token):
        raise TokenError("DISCORD_TOKEN contains spaces; paste the token alone")
    return token


async def serve(client: GuideMixin, token: str) -> None:
    """Run the client until it stops or a signal asks it to."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with client:
        runner = asyncio.create_task(client.start(token))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            await client.desk.drain(DRAIN_SECONDS)
            await client.close()
            await _stop(runner)
        else:
            stopper.cancel()
            await runner


async def _stop(runner: asyncio.Task[None]) -> None:
    """Let a closed client's start() end, or cancel it: with Discord unreachable it sleeps in
    discord.py's reconnect back-off (random, up to minutes) before it looks again."""
    done, _ = await asyncio.wait({runner}, timeout=STOP_SECONDS)
    if done:
        runner.result()            # an error it ended with is still reported
        return
    runner.cancel()
    await asyncio.wait({runner})   # the cancellation has run its course


def with_defaults(config: Config, config_path: str | None, guide: str | None) -> Config:
    """The config as this process runs it: `--guide` wins over `guide` (and is what /reload
    re-reads), and turns go to guidebot.sqlite3 next to the config file (or in the working
    folder without one) unless `storage` says otherwise."""
    storage = config.storage
    if storage is None:
        storage = str(Path(config_path).parent / DEFAULT_STORE) if config_path else DEFAULT_STORE
    return replace(config, guide=guide or config.guide, storage=storage)


def parser() -> argparse.ArgumentParser:
    """Options of the bot command."""
    p = argparse.ArgumentParser(prog="guidebot discord", description="Run the Discord bot.")
    p.add_argument("--config", metavar="FILE", help="YAML config (see config.example.yaml)")
    p.add_argument("--guide", metavar="FILE", help="answer from this guide instead")
    p.add_argument("--sync", action="store_true",
                   help="also publish the slash commands globally (do this once, not every start)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Start the bot; every start-up failure becomes one line and a non-zero exit."""
    args = parser().parse_args(argv)
    try:
        config = with_defaults(load_config(args.config), args.config, args.guide)
        token = read_token()
        engine = Engine.load(config.guide)
        setup_logging(config.level, token)
        asyncio.run(serve(make_client(engine, config, args.sync), token))
    except GuidebotError as exc:
        # It may quote a file (the config, a guide): whatever it quotes, not the token.
        line = hide_tokens(str(exc), os.environ.get("DISCORD_TOKEN", "").strip())
        print(f"guidebot: {line}", file=sys.stderr)
        return EXIT_ERROR
    except discord.LoginFailure:
        print(f"guidebot: {REJECTED}", file=sys.stderr)
        return EXIT_ERROR
    except discord.PrivilegedIntentsRequired:
        print("guidebot: the Message Content intent is not enabled for this bot; enable it "
              "in the Developer Portal or set message_content_intent: false", file=sys.stderr)
        return EXIT_ERROR
    except discord.ConnectionClosed as exc:
        if exc.code == TOKEN_REVOKED:     # reset in the portal while the bot was running
            print(f"guidebot: {REJECTED}", file=sys.stderr)
            return EXIT_ERROR
        print(f"guidebot: cannot reach Discord ({exc.__class__.__name__})", file=sys.stderr)
        return EXIT_UNREACHABLE
    except (aiohttp.ClientError, OSError, discord.GatewayNotFound) as exc:
        if isinstance(exc, OSError) and exc.filename:   # a file we could not read, not Discord
            shown = hide_tokens(str(exc.filename), os.environ.get("DISCORD_TOKEN", "").strip())
            print(f"guidebot: cannot read {shown} ({exc.strerror})", file=sys.stderr)
            return EXIT_ERROR
        print(f"guidebot: cannot reach Discord ({exc.__class__.__name__})", file=sys.stderr)
        return EXIT_UNREACHABLE
    except KeyboardInterrupt:
        return 0
    return 0
