"""The Discord client: safe defaults in one constructor, messages in, engine answers out.

Every send goes through `AllowedMentions.none()` (the client default), so nothing the
guide or a user wrote can ping @everyone, a role or a person. One-time work (commands,
sync) happens in `setup_hook`; `on_ready` only logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.engine.answer import Answer, Route
from bot.discord_app.config import Config
from bot.discord_app.render import split_message
from bot.engine import Engine
from bot.discord_app.memory import Conversations, Cooldown

log = logging.getLogger("guidebot.discord")
T = TypeVar("T")
ACK_BUDGET = 1.0   # seconds of work before an interaction is deferred; Discord allows 3


class GuideMixin(discord.Client):
    """The behaviour shared by the plain and the auto-sharded client (its __init__ is theirs)."""

    def _setup(self, engine: Engine, config: Config, sync_global: bool) -> None:
        self.engine = engine
        self.config = config
        self.sync_global = sync_global
        self.memory = Conversations(config.memory.size, config.memory.ttl)
        self.cooldown = Cooldown(config.cooldown.rate, config.cooldown.per)
        self._warned: dict[int, float] = {}
        self.tree: app_commands.CommandTree[GuideMixin] = app_commands.CommandTree(self)
        # Graceful shutdown: questions being answered finish before the session closes.
        self.closing = False
        self.inflight: set[asyncio.Task[object]] = set()

    @staticmethod
    def client_options(config: Config) -> dict[str, Any]:
        """The safe defaults every guidebot client starts with."""
        # A text-only bot: silence discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.default()
        intents.message_content = config.message_content_intent
        return {"intents": intents, "allowed_mentions": discord.AllowedMentions.none(),
                "max_messages": 1000}

    # -- lifecycle ------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        from bot.discord_app.commands import register
        register(self)
        for guild_id in self.config.guilds:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild_id)
        if self.sync_global:
            synced = await self.tree.sync()
            log.info("synced %d commands globally (may take up to an hour to show)", len(synced))
        # Everything loaded so far (engine, corpus, discord.py) lives as long as the bot: move it
        # out of the collector's reach so full collections stay short under load.
        gc.collect()
        gc.freeze()
        if self.config.channels and not self.config.message_content_intent:
            log.warning("channels are configured but message_content_intent is off: in those "
                        "channels I answer only mentions and replies. Enable the Message Content "
                        "intent in the Developer Portal and set message_content_intent: true.")

    async def on_ready(self) -> None:
        log.info("ready as %s in %d servers, answering from the %s guide",
                 self.user, len(self.guilds), self.engine.corpus.role)

    @contextlib.contextmanager
    def working(self) -> Iterator[bool]:
        """Count the current task as in flight; False once shutdown has begun."""
        task = asyncio.current_task()
        if self.closing or task is None:
            yield False
            return
        self.inflight.add(task)
        try:
            yield True
        finally:
            self.inflight.discard(task)

    async def drain(self, timeout: float) -> None:
        """Stop taking questions and give the ones in flight `timeout` seconds to finish."""
        self.closing = True
        pending = {t for t in self.inflight if not t.done()}
        if pending:
            log.info("shutting down: finishing %d answer(s) in flight", len(pending))
            await asyncio.wait(pending, timeout=timeout)

    # -- the engine ------------------------------------------------------------------------

    async def run_engine(self, work: Callable[[], T]) -> T:
        """Run engine work, on the loop: its worst case at the length cap is a few ms.

        A thread hop measured slower under load (bench: ack p50 42 → 30 ms with it gone),
        and the GIL would serialise the work anyway; the cap keeps every call short.
        """
        return work()

    async def ask(self, key: tuple[int, int], question: str) -> Answer:
        """The engine's answer with this conversation's memory, which it then updates."""
        context = self.memory.get(key)
        answer = await self.run_engine(lambda: self.engine.answer(question, context))
        self.memory.put(key, answer.context)
        return answer

    def limited(self, user_id: int) -> float:
        """Seconds this user must wait, or 0 (and the question is counted)."""
        return self.cooldown.retry_after(user_id)

    # -- messages -------------------------------------------------------------------------

    def _question_from(self, message: discord.Message) -> str | None:
        """The question in a message the bot should answer, or None to stay quiet."""
        me = self.user
        if me is None or message.author.bot or message.author.id == me.id:
            return None
        dm = message.guild is None
        mentioned = any(user.id == me.id for user in message.mentions)
        resolved = message.reference.resolved if message.reference else None
        reply_to_me = isinstance(resolved, discord.Message) and resolved.author.id == me.id
        channel = message.channel.id in self.config.channels
        wanted = ((dm and self.config.answer_dms) or (mentioned and self.config.answer_mentions)
                  or (reply_to_me and self.config.answer_replies) or channel)
        if not wanted:
            return None
        return re.sub(rf"<@!?{me.id}>", " ", message.content).strip()

    async def on_message(self, message: discord.Message) -> None:
        with self.working() as accepted:
            if accepted:
                await self._answer_message(message)

    async def _answer_message(self, message: discord.Message) -> None:
        question = self._question_from(message)
        if question is None or self.user is None:
            return
        me = self.user.id
        addressed = (message.guild is None or any(u.id == me for u in message.mentions)
                     or message.reference is not None)
        wait = self.limited(message.author.id)
        if wait:
            # One polite notice per burst, not one per message.
            if self._warned.get(message.author.id, 0) < asyncio.get_running_loop().time():
                self._warned[message.author.id] = asyncio.get_running_loop().time() + wait
                await message.reply(f"You're asking quickly. Try again in {wait:.0f} s.",
                                    mention_author=False)
            return
        key = conversation_key(message.channel.id, message.author.id)
        answer = await self.ask(key, question)
        if not addressed and (answer.abstained or answer.route == Route.SMALLTALK):
            return  # in an open channel, speak only when the guide has something to say
        chunks = split_message(answer.text)
        target: discord.abc.Messageable = message.channel
        if (self.config.thread_replies and message.guild is not None
                and isinstance(message.channel, discord.TextChannel)):
            target = await message.create_thread(name=(question or "question")[:90])
            await target.send(chunks[0])
        else:
            await message.reply(chunks[0], mention_author=False)
        for chunk in chunks[1:]:
            await target.send(chunk)


class GuideBot(GuideMixin):
    """guidebot on one gateway connection."""

    def __init__(self, engine: Engine, config: Config, sync_global: bool = False) -> None:
        super().__init__(**self.client_options(config))
        self._setup(engine, config, sync_global)


class ShardedGuideBot(GuideMixin, discord.AutoShardedClient):
    """guidebot across shards, for bots in thousands of servers."""

    def __init__(self, engine: Engine, config: Config, sync_global: bool = False) -> None:
        count = None if config.shards == "auto" else int(config.shards)  # type: ignore[arg-type]
        discord.AutoShardedClient.__init__(self, shard_count=count,
                                           **self.client_options(config))
        self._setup(engine, config, sync_global)


def make_client(engine: Engine, config: Config, sync_global: bool = False) -> discord.Client:
    """The right client for the config: sharded only when asked for."""
    cls = ShardedGuideBot if config.shards is not None else GuideBot
    return cls(engine, config, sync_global)


def conversation_key(channel_id: int | None, user_id: int) -> tuple[int, int]:
    """Conversations are per (channel, user)."""
    return (channel_id or 0, user_id)

