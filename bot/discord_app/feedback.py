"""👍/👎 under each answer: buttons that keep working across restarts.

Each button's custom id carries its answer id (`guidebot:vote:up:<16 hex>`), and the client
registers `VoteButton` as a dynamic item at start-up, so a click on any answer the bot ever
sent reaches it, whichever process sent it and however long ago (discord.py's
examples/views/dynamic_counter.py). Nothing is kept in memory per message.

A click sets the clicker's vote, changes it, or withdraws it when it was already that one;
the message is then updated (UPDATE_MESSAGE) so each button shows its count and the one
just chosen is coloured. A click on an answer the store no longer knows (past retention, or
recorded while the store was down) gets one polite ephemeral line, as does a store that
cannot take the vote in time: Discord wants the reply within 3 s. Clicks past the
cooldown's rate (`cooldown: {rate, per}`, counted apart from questions) get one too.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord

from bot.discord_app.desk import Desk
from bot.discord_app.ledger import Asked, NotRecording
from bot.engine import Route
from bot.store import StoreUnavailable, Tally, Vote

log = logging.getLogger("guidebot.discord")
TEMPLATE = r"guidebot:vote:(?P<vote>up|down):(?P<answer>[0-9a-f]{16})"
VOTE_WINDOW = 2.0     # seconds a click waits for the store, inside Discord's 3 s
# Made once: parsing an emoji string on every answer is a measurable part of the buttons' cost.
EMOJI = {Vote.UP: discord.PartialEmoji(name="👍"), Vote.DOWN: discord.PartialEmoji(name="👎")}
NAMES = {Vote.UP: "up", Vote.DOWN: "down"}
CHOSEN = {Vote.UP: discord.ButtonStyle.success, Vote.DOWN: discord.ButtonStyle.danger}
FORGOTTEN = ("I no longer have that answer on record (old answers are removed after a while), "
             "so the vote wasn't counted. Thanks for telling me all the same!")
UNAVAILABLE = "I can't save votes right now. Please try again in a minute."


class VoteButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """One of the two buttons under an answer, rebuilt from its custom id on each click."""

    def __init__(self, answer_id: str, vote: Vote, tally: Tally | None = None) -> None:
        self.answer_id, self.vote = answer_id, vote
        count = (tally.up if vote is Vote.UP else tally.down) if tally else 0
        chosen = tally is not None and tally.mine is vote
        super().__init__(discord.ui.Button(
            emoji=EMOJI[vote], label=str(count) if count else None,
            style=CHOSEN[vote] if chosen else discord.ButtonStyle.secondary,
            custom_id=f"guidebot:vote:{NAMES[vote]}:{answer_id}"))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> "VoteButton":
        return cls(match["answer"], Vote.UP if match["vote"] == "up" else Vote.DOWN)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        desk = getattr(interaction.client, "desk", None)
        if not isinstance(desk, Desk):
            return
        refusal = desk.vote_refusal(interaction.user.id)
        if refusal is not None:
            await interaction.response.send_message(refusal.text, ephemeral=True)
            return
        try:
            tally = await asyncio.wait_for(
                desk.ledger.vote(self.answer_id, interaction.user.id, self.vote), VOTE_WINDOW)
        except (StoreUnavailable, NotRecording, asyncio.TimeoutError) as exc:
            log.warning("vote on %s not recorded: %s", self.answer_id,
                        exc if isinstance(exc, StoreUnavailable) else exc.__class__.__name__)
            await interaction.response.send_message(UNAVAILABLE, ephemeral=True)
            return
        if tally is None:
            await interaction.response.send_message(FORGOTTEN, ephemeral=True)
            return
        await interaction.response.edit_message(view=buttons(self.answer_id, tally))


def buttons(answer_id: str, tally: Tally | None = None) -> discord.ui.View:
    """👍 and 👎 for one answer, showing its votes and the clicker's choice."""
    view = discord.ui.View(timeout=None)
    for vote in (Vote.UP, Vote.DOWN):
        view.add_item(VoteButton(answer_id, vote, tally))
    return view


def recorded(desk: Desk, asked: Asked) -> discord.ui.View | None:
    """Record the turn (enqueued, never awaited); the buttons to send with its answer, or
    None when there is nothing to vote on (feedback off, no store, no answer)."""
    answer_id = desk.ledger.record(asked)
    if answer_id is None or not desk.ledger.feedback or asked.answer.route is Route.EMPTY:
        return None
    return buttons(answer_id)
