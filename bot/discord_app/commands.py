"""Slash commands: /ask, /salary, /skills, /resources, /career, /help.

Each command is a thin translation: options → engine call → Reply. Every reply goes through
`send`, the one helper that picks `response.send_message` or `followup.send`, and every
command acknowledges within Discord's 3 s by deferring when the work runs long.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands

from bot.engine import replies
from bot.engine.answer import Answer
from bot.discord_app.client import ACK_BUDGET, conversation_key
from bot.discord_app.render import Reply, salary_embed, split_message
from bot.discord_app.suggest import suggest
from bot.engine.understand import MAX_QUESTION

if TYPE_CHECKING:
    from bot.discord_app.client import GuideMixin

log = logging.getLogger("guidebot.discord")
Question = app_commands.Range[str, 1, MAX_QUESTION]
Place = app_commands.Range[str, 1, 100]
RESTARTING = "guidebot is restarting; please ask again in a moment."
RESOURCE_QUERIES = {"books": "books", "websites": "websites", "certifications": "certifications",
                    "training": "professional development training",
                    "communities": "organizations and communities"}


async def send(interaction: discord.Interaction, reply: Reply) -> None:
    """Send a reply the one right way: first response, or a follow-up after it."""
    chunks = split_message(reply.content) if reply.content else [""]
    content, embeds = chunks[0] or None, list(reply.embeds)
    if interaction.response.is_done():
        await interaction.followup.send(content or "", embeds=embeds, ephemeral=reply.ephemeral)
    else:
        await interaction.response.send_message(content, embeds=embeds,
                                                ephemeral=reply.ephemeral)
    for chunk in chunks[1:]:
        await interaction.followup.send(chunk, ephemeral=reply.ephemeral)


async def respond(interaction: discord.Interaction, work: Callable[[], Reply]) -> None:
    """Answer within Discord's 3 s, counted as in flight so shutdown lets it finish."""
    client: GuideMixin = interaction.client  # type: ignore[assignment]
    with client.working() as accepted:
        if not accepted:
            await send(interaction, Reply(RESTARTING, ephemeral=True))
            return
        await _respond(client, interaction, work)


async def _respond(client: "GuideMixin", interaction: discord.Interaction,
                   work: Callable[[], Reply]) -> None:
    """Cooldown, then the engine; defer if it takes longer than ACK_BUDGET."""
    wait = client.limited(interaction.user.id)
    if wait:
        await send(interaction, Reply(f"You're asking quickly. Try again in {wait:.0f} s.",
                                      ephemeral=True))
        return
    task = asyncio.ensure_future(client.run_engine(work))
    try:
        reply = await asyncio.wait_for(asyncio.shield(task), ACK_BUDGET)
    except asyncio.TimeoutError:
        await interaction.response.defer(thinking=True)
        reply = await task
    await send(interaction, reply)


def answer_reply(answer: Answer) -> Reply:
    """An engine answer as a plain message."""
    return Reply(answer.text)


def register(client: "GuideMixin") -> None:
    """Add guidebot's commands to the client's tree."""
    tree, engine = client.tree, client.engine
    role = engine.corpus.role

    def ask_reply(interaction: discord.Interaction, question: str) -> Callable[[], Reply]:
        key = conversation_key(interaction.channel_id, interaction.user.id)

        def work() -> Reply:
            answer = engine.answer(question, client.memory.get(key))
            client.memory.put(key, answer.context)
            return answer_reply(answer)
        return work

    @tree.command(name="ask", description=f"Ask anything about the {role} guide")
    @app_commands.describe(question="Your question, in your own words")
    async def ask(interaction: discord.Interaction, question: Question) -> None:
        await respond(interaction, ask_reply(interaction, question))

    async def place_autocomplete(interaction: discord.Interaction,
                                 current: str) -> list[app_commands.Choice[str]]:
        names = suggest(current[:100], engine.salary_places(), limit=25)
        return [app_commands.Choice(name=n, value=n) for n in names]

    def salary_reply(country: str, compare: str | None) -> Reply:
        report = engine.salary([n for n in (country, compare) if n])
        notes = list(report.notes)
        if report.missing:
            names = " and ".join(m.name for m in report.missing)
            notes.append(f"{names}: not in the guide. Closest covered: "
                         f"{', '.join(report.missing[0].closest)}.")
        if not report.rows:
            return Reply(notes[-1] + f" Try `/salary` with one of: "
                         f"{', '.join(report.covered)}.")
        sections = [s.section for s in report.sources[:len(report.rows)]]
        return Reply(embeds=(salary_embed(role, report.rows, " ".join(notes) or None,
                                          report.caveat, sections),))

    @tree.command(name="salary", description=f"{role} salary ranges by country, city or region")
    @app_commands.describe(country="A country, city or region", compare="Another one, side by side")
    @app_commands.autocomplete(country=place_autocomplete, compare=place_autocomplete)
    async def salary(interaction: discord.Interaction, country: Place,
                     compare: Place | None = None) -> None:
        await respond(interaction, lambda: salary_reply(country, compare))

    def fixed(question: str) -> Callable[[], Reply]:
        return lambda: answer_reply(engine.answer(question))

    @tree.command(name="skills", description=f"The skills a {role} needs")
    async def skills(interaction: discord.Interaction) -> None:
        await respond(interaction, fixed("skills and qualifications"))

    @tree.command(name="career", description=f"The {role} career path")
    async def career(interaction: discord.Interaction) -> None:
        await respond(interaction, fixed("career path and progression"))

    @tree.command(name="resources", description="Books, websites, certifications, training, "
                                                "communities")
    @app_commands.describe(kind="What kind of resource")
    async def resources(interaction: discord.Interaction,
                        kind: Literal["books", "websites", "certifications", "training",
                                      "communities"]) -> None:
        await respond(interaction, fixed(RESOURCE_QUERIES[kind]))

    @tree.command(name="help", description="What guidebot answers, with examples")
    async def help_command(interaction: discord.Interaction) -> None:
        text = replies.help_text(engine.corpus) + (
            "\nCommands: `/ask`, `/salary`, `/skills`, `/career`, `/resources`, `/help`. "
            "You can also mention me or send me a DM.")
        await respond(interaction, lambda: Reply(text, ephemeral=True))

    @tree.error
    async def on_error(interaction: discord.Interaction,
                       error: app_commands.AppCommandError) -> None:
        name = interaction.command.name if interaction.command else "?"
        if client.is_closed():   # the session is gone: nothing can be sent, nothing to trace
            log.warning("command %s not answered: shutting down", name)
            return
        log.error("command %s failed: %s", name, error.__class__.__name__, exc_info=error)
        message = "Sorry, that didn't work. Please try again in a moment."
        try:
            await send(interaction, Reply(message, ephemeral=True))
        except discord.HTTPException:
            log.warning("could not tell the user about the error")
