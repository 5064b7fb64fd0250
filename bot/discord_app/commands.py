"""Slash commands: /ask, /salary, /skills, /resources, /career, /help (admin.py: the rest).

Each command is a thin translation: options → a turn at the desk → Reply, the turn recorded
through the desk's ledger and the answer sent with its 👍/👎 buttons. Every reply goes
through `send`, the one helper that picks `response.send_message` or `followup.send`. The
engine answers in milliseconds (see desk.py), so each command answers at once, well inside
Discord's 3 s, without deferring. An interaction already too old to answer goes no further
than the tree's check (see deadline.py); a first response still unsent when the deadline
passes (discord.py waits 1 s, then 3 s between retries of a 5xx) is given up, counted and
logged in one line, since Discord would refuse it and any apology after it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Literal

import discord
from discord import app_commands

from bot.discord_app.deadline import REPLY_WINDOW
from bot.discord_app.desk import Desk
from bot.discord_app.echo import plain, quoted
from bot.discord_app.feedback import recorded
from bot.discord_app.ledger import Asked
from bot.discord_app.render import CHOICE, Reply, salary_embed, split_message
from bot.discord_app.suggest import suggest
from bot.engine import MAX_QUESTION, Answer, Context, Route

log = logging.getLogger("guidebot.discord")
UNKNOWN_INTERACTION = 10062   # Discord's error code: the interaction's token has expired
Question = app_commands.Range[str, 1, MAX_QUESTION]
Place = app_commands.Range[str, 1, 100]
PLACE_ECHO = 100     # characters of a typed place repeated back, Markdown escapes included
RESOURCE_QUERIES = {"books": "books", "websites": "websites", "certifications": "certifications",
                    "training": "professional development training",
                    "communities": "organizations and communities"}


class Tree(app_commands.CommandTree[Any]):
    """guidebot's command tree: an interaction too old to answer goes no further."""

    def __init__(self, client: discord.Client, desk: Desk) -> None:
        super().__init__(client)
        self.desk = desk

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return not self.desk.too_old(created(interaction))


def created(interaction: discord.Interaction) -> float:
    """When Discord created the interaction, in seconds since 1970 (from its snowflake)."""
    return interaction.created_at.timestamp()


def describe(interaction: discord.Interaction) -> str:
    """Which question, for a log line: the command, its options quoted and cut short, the id."""
    name = interaction.command.name if interaction.command else "?"
    data: dict[str, Any] = dict(interaction.data or {})
    values = "".join(f" {str(o.get('value', ''))[:80]!r}" for o in data.get("options", []))
    return f"/{name}{values} (interaction {interaction.id})"


async def send(desk: Desk, interaction: discord.Interaction, reply: Reply) -> None:
    """Send a reply the one right way: first response within Discord's deadline, or a
    follow-up after it; what cannot be delivered in time is counted and logged, not raised."""
    chunks = split_message(reply.content) if reply.content else [""]
    content, embeds = chunks[0] or None, list(reply.embeds)
    view = reply.view or discord.utils.MISSING        # under the last message only
    try:
        if interaction.response.is_done():
            async with asyncio.timeout(REPLY_WINDOW):
                await interaction.followup.send(content or "", embeds=embeds,
                                                ephemeral=reply.ephemeral,
                                                **buttons_if(len(chunks) == 1, view))
        else:
            async with asyncio.timeout(desk.shedding.remaining(created(interaction))):
                await interaction.response.send_message(content, embeds=embeds,
                                                        ephemeral=reply.ephemeral,
                                                        **buttons_if(len(chunks) == 1, view))
        async with asyncio.timeout(REPLY_WINDOW):
            for n, chunk in enumerate(chunks[1:], 2):
                await interaction.followup.send(chunk, ephemeral=reply.ephemeral,
                                                **buttons_if(n == len(chunks), view))
    except TimeoutError:
        desk.lose(describe(interaction), "Discord did not take it before its deadline "
                                         "(server errors or no answer)")
    except discord.NotFound as exc:
        if exc.code != UNKNOWN_INTERACTION:
            raise
        desk.lose(describe(interaction), "Discord no longer knows the interaction (its "
                                         "deadline passed on the way)")


def buttons_if(last: bool, view: Any) -> dict[str, Any]:
    """The `view` keyword for the last message of a reply (discord.py wants it left out
    rather than None)."""
    return {"view": view} if last else {}


async def respond(desk: Desk, interaction: discord.Interaction,
                  reply: Callable[[], Reply]) -> None:
    """Take a turn at the desk and send its reply, or the sentence saying why not."""
    async with desk.timed_turn(interaction.user.id, created(interaction)) as refusal:
        if refusal is None:
            await send(desk, interaction, reply())
        elif refusal.text:
            await send(desk, interaction, Reply(refusal.text, ephemeral=True))


def register(tree: app_commands.CommandTree[Any], desk: Desk) -> None:
    """Add guidebot's commands to the tree; each takes its turn at the desk."""
    role = desk.role

    def answered(asked: Asked) -> Reply:
        return Reply(asked.answer.text, view=recorded(desk, asked))

    @tree.command(name="ask", description=f"Ask anything about the {role} guide")
    @app_commands.describe(question="Your question, in your own words")
    async def ask(interaction: discord.Interaction, question: Question) -> None:
        await respond(desk, interaction, lambda: answered(desk.asked(
            question, guild_id=interaction.guild_id, channel_id=interaction.channel_id,
            user_id=interaction.user.id)))

    async def place_autocomplete(interaction: discord.Interaction,
                                 current: str) -> list[app_commands.Choice[str]]:
        names = suggest(current[:100], desk.salary_places(), limit=25)
        # The guide's names, not the typed text; shown through the same helper all the same.
        return [app_commands.Choice(name=plain(n, CHOICE, "?"), value=n) for n in names
                if len(n) <= CHOICE]

    def salary_reply(interaction: discord.Interaction, country: str,
                     compare: str | None) -> Reply:
        places = [n for n in (country, compare) if n]
        report = desk.salary(places)
        # Recorded as the engine's answer to the same question would be: a salary route.
        answer = Answer(text="", abstained=not report.rows, route=Route.SALARY,
                        sources=report.sources[:len(report.rows)])
        view = recorded(desk, Asked(
            question="salary in " + " and ".join(places), context=Context(),
            answer=answer, guild_id=interaction.guild_id, channel_id=interaction.channel_id,
            user_id=interaction.user.id, label=" ".join(["/salary", *places]),
            generation=desk.generation))
        notes = list(report.notes)
        if report.missing:   # the places as typed: repeated only through quoted()
            names = " and ".join(quoted(m.name, PLACE_ECHO, "That place")
                                 for m in report.missing)
            notes.append(f"{names}: not in the guide. Closest covered: "
                         f"{', '.join(report.missing[0].closest)}.")
        if not report.rows:
            return Reply(notes[-1] + f" Try `/salary` with one of: "
                         f"{', '.join(report.covered)}.", view=view)
        sections = [s.section for s in report.sources[:len(report.rows)]]
        return Reply(embeds=(salary_embed(role, report.rows, " ".join(notes) or None,
                                          report.caveat, sections),), view=view)

    @tree.command(name="salary", description=f"{role} salary ranges by country, city or region")
    @app_commands.describe(country="A country, city or region", compare="Another one, side by side")
    @app_commands.autocomplete(country=place_autocomplete, compare=place_autocomplete)
    async def salary(interaction: discord.Interaction, country: Place,
                     compare: Place | None = None) -> None:
        await respond(desk, interaction, lambda: salary_reply(interaction, country, compare))

    def fixed(interaction: discord.Interaction, question: str, label: str
              ) -> Callable[[], Reply]:
        return lambda: answered(desk.fixed(
            question, label, guild_id=interaction.guild_id, channel_id=interaction.channel_id,
            user_id=interaction.user.id))

    @tree.command(name="skills", description=f"The skills a {role} needs")
    async def skills(interaction: discord.Interaction) -> None:
        await respond(desk, interaction, fixed(interaction, "skills and qualifications",
                                               "/skills"))

    @tree.command(name="career", description=f"The {role} career path")
    async def career(interaction: discord.Interaction) -> None:
        await respond(desk, interaction, fixed(interaction, "career path and progression",
                                               "/career"))

    @tree.command(name="resources", description="Books, websites, certifications, training, "
                                                "communities")
    @app_commands.describe(kind="What kind of resource")
    async def resources(interaction: discord.Interaction,
                        kind: Literal["books", "websites", "certifications", "training",
                                      "communities"]) -> None:
        await respond(desk, interaction, fixed(interaction, RESOURCE_QUERIES[kind],
                                               f"/resources {kind}"))

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
        cause = getattr(error, "original", error)
        if isinstance(cause, discord.HTTPException):   # Discord refused: no bug of ours to trace
            log.error("command %s failed: Discord answered %s %s", name, cause.status,
                      cause.__class__.__name__)
        else:
            log.error("command %s failed: %s", name, error.__class__.__name__, exc_info=error)
        message = "Sorry, that didn't work. Please try again in a moment."
        try:
            await send(desk, interaction, Reply(message, ephemeral=True))
        except discord.HTTPException:
            log.warning("could not tell the user about the error")
