"""Engine results → Discord payloads within Discord's limits.

Messages are at most 2,000 characters, split at blank lines, then lines, then sentences or
words, never inside a word; embeds keep to title 256, description 4,096, field 1,024,
footer 2,048 and 6,000 in all; autocomplete choices and thread names 100.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import discord

from bot.engine import fit
from corpus.salary import SalaryRange

MESSAGE_LIMIT = 2000
TITLE, DESCRIPTION, FIELD_NAME, FIELD_VALUE, FOOTER, EMBED_TOTAL = 256, 4096, 256, 1024, 2048, 6000
CHOICE, THREAD_NAME = 100, 100   # an autocomplete choice's name or value; a thread's name
COLOUR = discord.Colour.blurple()


@dataclass(frozen=True)
class Reply:
    """What to send: text and/or embeds, whether only the asker sees it, and the buttons
    that go under its last message."""

    content: str | None = None
    embeds: tuple[discord.Embed, ...] = field(default=())
    ephemeral: bool = False
    view: discord.ui.View | None = None


def _pieces(text: str, limit: int) -> list[str]:
    """Split one over-long paragraph at lines, then sentences, then words."""
    for separator in ("\n", ". ", " "):
        parts = text.split(separator)
        if len(parts) > 1 and all(len(p) + len(separator) <= limit for p in parts):
            chunks: list[str] = []
            for part in parts:
                glue = separator.rstrip() if separator != "\n" else ""
                piece = part + glue if part is not parts[-1] else part
                if chunks and len(chunks[-1]) + len(separator) + len(piece) <= limit:
                    chunks[-1] += (" " if separator != "\n" else "\n") + piece
                else:
                    chunks.append(piece)
            return chunks
    return [text[i:i + limit] for i in range(0, len(text), limit)]


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Chunks of at most `limit` characters, broken at the most natural boundary."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        for piece in ([paragraph] if len(paragraph) <= limit else _pieces(paragraph, limit)):
            if chunks and len(chunks[-1]) + 2 + len(piece) <= limit:
                chunks[-1] += "\n\n" + piece
            else:
                chunks.append(piece)
    return chunks


def salary_embed(role: str, rows: Sequence[SalaryRange], note: str | None, caveat: str | None,
                 sources: Sequence[str]) -> discord.Embed:
    """One compact embed: each row's range, currency and region side by side."""
    names = " vs ".join(r.country for r in rows)
    embed = discord.Embed(title=fit(f"{role} salary: {names}", TITLE), colour=COLOUR)
    if note:
        embed.description = fit(note, DESCRIPTION)
    for row in rows[:25]:
        value = f"**{row.text}**\n{row.currency}" + (f" · {row.region}" if row.region else "")
        embed.add_field(name=fit(row.country, FIELD_NAME), value=fit(value, FIELD_VALUE),
                        inline=True)
    footer = " ".join(filter(None, [caveat, f"Source: {'; '.join(dict.fromkeys(sources))}"]))
    embed.set_footer(text=fit(footer, FOOTER))
    # Over Discord's total: the note gives way first, then the footer, then the last rows.
    for part in ("description", "footer"):
        overflow = len(embed) - EMBED_TOTAL
        text = embed.description if part == "description" else embed.footer.text
        if overflow > 0 and text:
            shorter = fit(text, max(len(text) - overflow, 1))
            if part == "description":
                embed.description = shorter
            else:
                embed.set_footer(text=shorter)
    while len(embed) > EMBED_TOTAL and embed.fields:
        embed.remove_field(-1)
    return embed
