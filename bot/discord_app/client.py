"""The Discord client: safe defaults in one constructor, messages in, engine answers out.

Every send goes through `AllowedMentions.none()` (the client default), so nothing the
guide or a user wrote can ping @everyone, a role or a person. The client owns the desk,
where each turn is taken, and hands it to the commands. One-time work (commands, sync)
happens in `setup_hook`; `on_ready` only logs.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import re
from typing import Any

import discord
from discord import app_commands

from bot.discord_app.admin import register_admin
from bot.discord_app.commands import Tree, register
from bot.discord_app.config import Config, Shards
from bot.discord_app.deadline import REPLY_WINDOW
from bot.discord_app.desk import Desk, Notices
from bot.discord_app.echo import plain
from bot.discord_app.feedback import VoteButton, recorded
from bot.discord_app.ledger import open_recorder
from bot.discord_app.render import THREAD_NAME, split_message
from bot.engine import Answer, Engine, Route

log = logging.getLogger("guidebot.discord")
STORE_CLOSE_SECONDS = 2.0   # queued records may be written at shutdown, within a 5 s stop


class GuideMixin(discord.Client):
    """The behaviour shared by the plain and the auto-sharded client (its __init__ is theirs)."""

    def _setup(self, engine: Engine, config: Config, sync_global: bool) -> None:
        self.config = config
        self.sync_global = sync_global
        recorder = open_recorder(config.storage, config.retention_days, engine.corpus.role)
        self.desk = Desk(engine, config, recorder=recorder)
        self.tree: app_commands.CommandTree[GuideMixin] = Tree(self, self.desk)
        self.reply_window = REPLY_WINDOW

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
        register(self.tree, self.desk)
        register_admin(self.tree, self.desk, self.config.guide)
        # Every answer's 👍/👎, whenever and by whichever process it was sent.
        self.add_dynamic_items(VoteButton)
        self.desk.ledger.start()
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

    async def close(self) -> None:
        """Disconnect, then write what the recorder still holds and close the store."""
        await super().close()
        await self.desk.ledger.close(STORE_CLOSE_SECONDS)

    async def on_ready(self) -> None:
        log.info("ready as %s in %d servers, answering from the %s guide",
                 self.user, len(self.guilds), self.desk.role)

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
        question = self._question_from(message)
        if question is None:
            return
        what = f"reply to message {message.id} ({question[:80]!r})"
        try:
            async with asyncio.timeout(self.reply_window):
                await self._answer(message, question)
        except TimeoutError:
            self.desk.lose(what, f"not sent within {self.reply_window:g} s (Discord kept "
                                 "failing or rate limiting)")
        except discord.HTTPException as exc:
            self.desk.lose(what, f"Discord answered {exc.status} ({exc.__class__.__name__})")

    async def _answer(self, message: discord.Message, question: str) -> None:
        """Take the message's turn at the desk and reply, or say why not."""
        with self.desk.turn(message.author.id, Notices.SPARING) as refusal:
            if refusal is not None:
                if refusal.text:
                    await message.reply(refusal.text, mention_author=False)
                return
            asked = self.desk.asked(question, guild_id=message.guild.id if message.guild else None,
                                    channel_id=message.channel.id, user_id=message.author.id)
            answer = asked.answer
            if not self._addressed(message) and (answer.abstained
                                                 or answer.route == Route.SMALLTALK):
                return  # in an open channel, speak only when the guide has something to say
            await self._deliver(message, question, answer, recorded(self.desk, asked))

    def _addressed(self, message: discord.Message) -> bool:
        """A DM, a mention or a reply: the asker expects an answer whatever it is."""
        me = self.user.id if self.user else None
        return (message.guild is None or any(u.id == me for u in message.mentions)
                or message.reference is not None)

    async def _deliver(self, message: discord.Message, question: str, answer: Answer,
                       view: discord.ui.View | None = None) -> None:
        """The answer as a reply, or in a new thread when the config asks for threads; the
        buttons go under its last message."""
        chunks = split_message(answer.text)
        last: dict[str, Any] = {"view": view} if view is not None else {}
        first = last if len(chunks) == 1 else {}
        target: discord.abc.Messageable = message.channel
        if (self.config.thread_replies and message.guild is not None
                and isinstance(message.channel, discord.TextChannel)):
            name = plain(question, THREAD_NAME, fallback="question")   # a name, never empty
            target = await message.create_thread(name=name)
            await target.send(chunks[0], **first)
        else:
            await message.reply(chunks[0], mention_author=False, **first)
        for n, chunk in enumerate(chunks[1:], 2):
            await target.send(chunk, **(last if n == len(chunks) else {}))


class GuideBot(GuideMixin):
    """guidebot on one gateway connection."""

    def __init__(self, engine: Engine, config: Config, sync_global: bool = False) -> None:
        super().__init__(**self.client_options(config))
        self._setup(engine, config, sync_global)


class ShardedGuideBot(GuideMixin, discord.AutoShardedClient):
    """guidebot across shards, for bots in thousands of servers."""

    def __init__(self, engine: Engine, config: Config, sync_global: bool = False) -> None:
        shards = config.shards
        count = shards.count if isinstance(shards, Shards) else (
            shards if isinstance(shards, int) else None)        # None: ask Discord
        options = self.client_options(config)
        if isinstance(shards, Shards) and shards.ids:   # this process runs only these
            options["shard_ids"] = list(shards.ids)
        discord.AutoShardedClient.__init__(self, shard_count=count, **options)
        self._setup(engine, config, sync_global)


def make_client(engine: Engine, config: Config, sync_global: bool = False) -> GuideMixin:
    """The right client for the config: sharded only when asked for."""
    cls = ShardedGuideBot if config.shards is not None else GuideBot
    return cls(engine, config, sync_global)

