"""Discord payload rendering: message splitting, embeds within limits, suggestions, redaction."""

from __future__ import annotations

import logging

import pytest

from bot.discord_app.logs import REDACTED, Redact
from bot.discord_app.render import EMBED_TOTAL, split_message, salary_embed
from bot.engine import Engine
from bot.discord_app.suggest import suggest
from tests.bot.discord_app.fake_discord import TOKEN


def test_short_messages_are_untouched() -> None:
    assert split_message("hello") == ["hello"]
    assert split_message("   ") == []


@pytest.mark.parametrize("text", [
    "\n\n".join(f"**Part {i}**: " + "word " * 150 for i in range(6)),   # paragraphs
    "\n".join(f"{i}. **Item {i}**: " + "x" * 90 for i in range(60)),   # one long list
    "A sentence of guide text. " * 300,                                  # one long paragraph
    "w" * 4500,                                                           # no boundary at all
])
def test_split_keeps_limits_and_words(text: str) -> None:
    chunks = split_message(text)
    assert all(0 < len(c) <= 2000 for c in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == \
        text.replace("\n", "").replace(" ", "")
    if "**" in text:
        assert all(c.count("**") % 2 == 0 for c in chunks)   # never split inside bold


def test_salary_embed_limits(ml_engine: Engine) -> None:
    rows = list(ml_engine.corpus.salaries)
    embed = salary_embed("R" * 300, rows, "n" * 5000, "c" * 3000, ["S"] * 3)
    assert len(embed.title) <= 256 and len(embed.description) <= 4096
    assert len(embed.footer.text) <= 2048 and len(embed) <= EMBED_TOTAL
    assert all(len(f.value) <= 1024 for f in embed.fields)


def test_suggestions(ml_engine: Engine) -> None:
    names = ml_engine.salary_places()
    assert suggest("GER", names) == ["Germany"]
    assert suggest("sao", names) == []
    assert suggest("bengalore", names) == ["Bengaluru"]
    assert suggest("unit", names) == ["United States", "United Kingdom", "United Arab Emirates"]
    assert suggest("abu", names) == ["Abu Dhabi"]            # any word of the name
    assert len(suggest("", names)) == 25
    assert ml_engine.salary(["Austria"]).missing[0].closest[0] == "Australia"


def test_redaction() -> None:
    record = logging.LogRecord("x", logging.INFO, "f", 1, "token %s and %s", (TOKEN, "x.y"), None)
    Redact(TOKEN).filter(record)
    assert record.getMessage() == f"token {REDACTED} and x.y"
    shaped = "MTA5ODc2NTQzMjEwOTg3NjU0Mw.Gabcde.abcdefghijklmnopqrstuvwxyz012"
    url = "POST /interactions/123/aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDE/callback"
    record = logging.LogRecord("x", logging.INFO, "f", 1, f"{shaped} {url}", None, None)
    Redact().filter(record)
    assert record.getMessage() == f"{REDACTED} POST /interactions/123/{REDACTED}/callback"
    try:
        raise RuntimeError(f"boom {TOKEN}")
    except RuntimeError:
        import sys
        record = logging.LogRecord("x", logging.ERROR, "f", 1, "failed", None, sys.exc_info())
    Redact(TOKEN).filter(record)
    assert TOKEN not in logging.Formatter().format(record)
    payload = "WebSocket Event: {'t': 'INTERACTION_CREATE', 'd': {'token': 'aW50ZXJhY3Rpb246abc'}}"
    record = logging.LogRecord("x", logging.DEBUG, "f", 1, payload, None, None)
    Redact().filter(record)
    assert record.getMessage() == ("WebSocket Event: {'t': 'INTERACTION_CREATE', 'd': "
                                   f"{{'token': '{REDACTED}'}}}}")
