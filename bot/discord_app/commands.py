"""Slash commands: /ask, /salary, /skills, /resources, /career, /help.

Each command is a thin translation: options → a turn at the desk → Reply. Every reply goes
through `send`, the one helper that picks `response.send_message` or `followup.send`. The
engine answers in milliseconds (see desk.py), so each command answers at once, well inside
Discord's 3 s, without deferring.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

import discord
from discord import app_commands

from bot.discord_app.desk import Desk, Notices
from bot.discord_app.render import Reply, salary_embed, split_message
from bot.discord_app.suggest import suggest
from bot.engine.understand import MAX_QUESTION

log = logging.getLogger("guidebot.discord")
Question = app_commands.Range[str, 1, MAX_QUESTION]
Place = app_commands.Range[str, 1, 100]
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


async def respond(desk: Desk, interaction: discord.Interaction,
                  reply: Callable[[], Reply]) -> None:
    """Take a turn at the desk and send its reply, or the sentence saying why not."""
    with desk.turn(interaction.user.id, Notices.EVERY) as refusal:
        if refusal is None:
            await send(interaction, reply())
        elif refusal.text:
            await send(interaction, Reply(refusal.text, ephemeral=True))


def register(tree: app_commands.CommandTree[Any], desk: Desk) -> None:
    """Add guidebot's commands to the tree; each takes its turn at the desk."""
    role = desk.role

    @tree.command(name="ask", description=f"Ask anything about the {role} guide")
    @app_commands.describe(question="Your question, in your own words")
    async def ask(interaction: discord.Interaction, question: Question) -> None:
        await respond(desk, interaction, lambda: Reply(
            desk.ask(interaction.channel_id, interaction.user.id, question).text))

    async def place_autocomplete(interaction: discord.Interaction,
                                 current: str) -> list[app_commands.Choice[str]]:
        names = suggest(current[:100], desk.salary_places(), limit=25)
        return [app_commands.Choice(name=n, value=n) for n in names]

    def salary_reply(country: str, compare: str | None) -> Reply:
        report = desk.salary([n for n in (country, compare) if n])
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
        await respond(desk, interaction, lambda: salary_reply(country, compare))

    def fixed(question: str) -> Callable[[], Reply]:
        return lambda: Reply(desk.answer(question).text)

    @tree.command(name="skills", description=f"The skills a {role} needs")
    async def skills(interaction: discord.Interaction) -> None:
        await respond(desk, interaction, fixed("skills and qualifications"))

    @tree.command(name="career", description=f"The {role} career path")
    async def career(interaction: discord.Interaction) -> None:
        await respond(desk, interaction, fixed("career path and progression"))

    @tree.command(name="resources", description="Books, websites, certifications, training, "
                                                "communities")
    @app_commands.describe(kind="What kind of resource")
    async def resources(interaction: discord.Interaction,
                        kind: Literal["books", "websites", "certifications", "training",
                                      "communities"]) -> None:
        await respond(desk, interaction, fixed(RESOURCE_QUERIES[kind]))

    @tree.command(name="help", description="What guidebot answers, with examples")
    async def help_command(interaction: discord.Interaction) -> None:
        text = desk.help_text() + (
            "\nCommands: `/ask`, `/salary`, `/skills`, `/career`, `/resources`, `/help`. "
            "You can also mention me or send me a DM.")
        await respond(desk, interaction, lambda: Reply(text, ephemeral=True))

    @tree.error
    async def on_error(interaction: discord.Interaction,
                       error: app_commands.AppCommandError) -> None:
        name = interaction.command.name if interaction.command else "?"
        if interaction.client.is_closed():   # the session is gone: nothing can be sent
            log.warning("command %s not answered: shutting down", name)
            return
        log.error("command %s failed: %s", name, error.__class__.__name__, exc_info=error)
        message = "Sorry, that didn't work. Please try again in a moment."
        try:
            await send(interaction, Reply(message, ephemeral=True))
        except discord.HTTPException:
            log.warning("could not tell the user about the error")
