"""Commands for whoever looks after the bot on a server: /gaps, /reload and /why.

Each is published for members with Manage Server only (`default_permissions`, which a
server can widen in its settings), and checked again when used, since that setting is the
server's and not ours. Replies are ephemeral. Whatever people typed that these show (their
questions, the words the guide lacks) goes inside code blocks, where Discord renders no
mention, link or formatting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.discord_app.changes import compare, summary
from bot.discord_app.commands import send
from bot.discord_app.desk import Desk, Notices
from bot.discord_app.ledger import NotRecording
from bot.discord_app.render import MESSAGE_LIMIT, Reply
from bot.engine import Engine
from bot.store import StoreError, StoreUnavailable
from bot.store.gaps import parse_since
from bot.store.records import now_ms
from bot.store.report import render_text
from corpus.errors import GuidebotError

log = logging.getLogger("guidebot.discord")
GROUPS_SHOWN = 10
BLOCK = MESSAGE_LIMIT - 100          # a code block and its fences within one message
NOT_ALLOWED = "Only members with the Manage Server permission can use /{name}."
NOT_RECORDING = ("Nothing is recorded: this bot runs with `storage: false`, so there are no "
                 "questions or votes to report.")
STORE_DOWN = "The store can't be reached right now, so there is no report. Try again in a minute."


def allowed(interaction: discord.Interaction) -> bool:
    """True for a member with Manage Server, in a server."""
    return interaction.guild_id is not None and interaction.permissions.manage_guild


def code_blocks(lines: list[str]) -> str:
    """Lines as code blocks of at most one message each, split at blank lines, so that the
    reply's splitting never cuts a block; backticks become look-alikes that cannot close one."""
    blocks: list[list[str]] = [[]]
    size = 0
    for line in (line.replace("`", "ˋ")[:BLOCK] for line in lines):
        if not line.strip() or size + len(line) + 1 > BLOCK:
            blocks.append([])
            size = 0
        if line.strip():
            blocks[-1].append(line)
            size += len(line) + 1
    return "\n\n".join("```\n" + "\n".join(b) + "\n```" for b in blocks if b)


def register_admin(tree: app_commands.CommandTree[Any], desk: Desk, guide: str | None) -> None:
    """Add /gaps, /reload and /why; `guide` is the file /reload re-reads (None: the bundled)."""
    reloading = asyncio.Lock()

    async def admin(interaction: discord.Interaction, name: str,
                    work: Callable[[], Awaitable[Reply]], slow: bool = False) -> None:
        with desk.turn(interaction.user.id, Notices.EVERY) as refusal:
            if refusal is not None:
                if refusal.text:
                    await send(desk, interaction, Reply(refusal.text, ephemeral=True))
                return
            if not allowed(interaction):
                await send(desk, interaction, Reply(NOT_ALLOWED.format(name=name), ephemeral=True))
                return
            if slow:   # it may outlast Discord's 3 s: say "thinking…" first, then follow up
                await interaction.response.defer(ephemeral=True, thinking=True)
            await send(desk, interaction, await work())

    @tree.command(name="gaps", description="Questions the bot could not answer here, and "
                                           "answers voted down (Manage Server)")
    @app_commands.describe(since="Only since then: 7d, 12h, 2w or a date (default: all kept)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def gaps(interaction: discord.Interaction,
                   since: app_commands.Range[str, 1, 40] | None = None) -> None:
        async def report() -> Reply:
            try:
                since_ms = parse_since(since, now_ms()) if since else None
                found = await desk.ledger.gaps(interaction.guild_id, since_ms, GROUPS_SHOWN)
            except NotRecording:
                return Reply(NOT_RECORDING, ephemeral=True)
            except StoreUnavailable as exc:
                log.warning("/gaps: %s", exc)
                return Reply(STORE_DOWN, ephemeral=True)
            except StoreError as exc:
                return Reply(f"No report: {exc.message}.", ephemeral=True)
            return Reply(code_blocks(render_text(found).splitlines()), ephemeral=True)
        await admin(interaction, "gaps", report, slow=True)

    @tree.command(name="reload", description="Re-read the guide and answer from it "
                                             "(Manage Server)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def reload(interaction: discord.Interaction) -> None:
        async def swap() -> Reply:
            async with reloading:   # one reload at a time; questions go on meanwhile
                old = desk.engine
                try:
                    # Parsing and indexing take tens of ms: off the loop, then one swap.
                    new = await asyncio.to_thread(Engine.load, guide)
                except GuidebotError as exc:
                    return Reply(f"The guide was not reloaded, and I still answer from the one "
                                 f"I had: {exc}", ephemeral=True)
                except Exception:   # a bug in parsing, not the guide's fault: keep answering
                    log.exception("/reload failed")
                    return Reply("The guide was not reloaded (an internal error, logged), and "
                                 "I still answer from the one I had.", ephemeral=True)
                desk.swap(new)
            log.info("guide reloaded from %s", new.corpus.source)
            return Reply(code_blocks(summary(compare(old.corpus, new.corpus),
                                             new.corpus.source)), ephemeral=True)
        await admin(interaction, "reload", swap, slow=True)

    @tree.command(name="why", description="Why the bot gave its last answer in this channel "
                                          "(Manage Server)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def why(interaction: discord.Interaction) -> None:
        async def explain() -> Reply:
            last = desk.ledger.last(interaction.channel_id)
            if last is None:
                return Reply("I have not answered anything in this channel since I started "
                             "(or not recently enough to remember).", ephemeral=True)
            explained = desk.engine.explain(last.question, last.context)
            lines = [f"asked: {last.asked_as}"]
            if last.question != last.asked_as:
                lines.append(f"as the question: {last.question}")
            lines += explained.lines()
            if last.generation != desk.generation:
                lines.append("(the guide was reloaded since: explained as it reads now)")
            return Reply(code_blocks(lines), ephemeral=True)
        await admin(interaction, "why", explain)
