"""Aim discord.py at a fake Discord: the one change any test makes to the real client.

Only discord.py's own two URLs move (its REST base and its gateway); nothing in bot/ changes.
Used in-process by the live harness and inside `python -m bot` by the process tests, so it
imports nothing but discord and yarl, and the bot's start-up stays the bot's own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import discord
import yarl


@contextlib.contextmanager
def discord_aimed_at(api: str, gateway: str) -> Iterator[None]:
    """discord.py's REST base and gateway URL aimed at a fake Discord, restored afterwards."""
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
