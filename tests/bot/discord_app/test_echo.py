"""Hostile echoes: what a user typed comes back inert, through /salary, autocomplete and thread
names against the fake Discord, and through the helper itself."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest

from bot.discord_app.config import Config, Cooldown
from bot.discord_app.echo import plain, quoted
from tests.bot.discord_app.fake_discord import BOT_ID, GUILD_ID
from tests.bot.discord_app.live import Live

HOSTILE = {
    "masked link": "[click here](http://evil.example)",
    "nested masked link": "[[a](http://evil.example)](https://evil.example)",
    "masked link in angles": "[x](<https://evil.example>)",
    "bare url": "see https://evil.example/x?y=1 now",
    "angle url": "<https://evil.example>",
    "everyone and here": "@everyone @here",
    "user mention": "<@123456789012345678> <@!123456789012345678>",
    "role mention": "<@&123456789012345678>",
    "channel mention": "<#123456789012345678>",
    "emoji and timestamp": "<:pwn:123456789012345678> <t:0:R>",
    "open fence": "```python\nprint('x')",
    "markdown": "# **big** __under__ ~~gone~~ ||spoiler|| `code` *it*",
    "quote and subtext": "> quoted\n-# small",
    "bidi controls": "\u202eynamreG\u2066x\u2069\u200f",
    "zero-width only": "\u200b\u200c\u200d\u2060\ufeff",
    "newlines": "line one\nline two\r\nline three\u2028four\u2029five",
    "long": "Narnia " * 300,
}
UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[*_~|`]")
users = itertools.count(800_000)


def assert_inert(text: str, limit: int) -> None:
    """Nothing Discord would render as a link, a mention or a control; within the limit."""
    assert 0 < len(text) <= limit and text.strip()
    assert "://" not in text and not re.search(r"\[[^\]]*\]\([^)]*\)", text)
    assert "@" not in text and "<" not in text and ">" not in text
    assert not any(unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp") for c in text)
    assert "evil.example)" not in text


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_plain_and_quoted(text: str) -> None:
    name = plain(text, 100, fallback="question")
    assert_inert(name, 100)
    inside = quoted(text, 100, fallback="That place")
    assert_inert(inside, 100)
    assert not UNESCAPED.search(inside)                   # every Markdown character escaped


def test_what_survives_is_the_words() -> None:
    assert plain("[click here](http://evil.example)", 100) == "click here"
    assert plain("see https://evil.example/x now", 100) == "see evil.example/x now"
    assert plain("@everyone <@&1>", 100) == "＠everyone ‹＠&1›"
    assert plain("\u202eynamreG\n\nBerlin", 100) == "ynamreG Berlin"
    assert plain("\u200b\u200d", 100, fallback="question") == "question"
    assert plain("word " * 50, 20) == "word word word…"
    assert quoted("**big** # x", 100) == r"\*\*big\*\* \# x"
    assert quoted("# head -# small", 100) == r"\# head \-\# small"
    assert quoted("1. [a] (b)", 100) == r"1\. \[a\] \(b\)"
    assert quoted("_" * 100, 100) == "\\_" * 49 + "…"    # the escapes fit inside the limit


@pytest.fixture(scope="module")
def discord_config() -> Config:
    return Config(guilds=(GUILD_ID,), thread_replies=True, cooldown=Cooldown(rate=1000, per=1))


@pytest.mark.discord
@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
async def test_salary_repeats_a_typed_place_inertly(live: Live, text: str) -> None:
    (sent,) = await live.next_sent(live.fake.command(
        "salary", [{"name": "country", "type": 3, "value": text}], author=next(users)))
    content = sent.body["data"]["content"]
    assert len(content) <= 2000 and "\n" not in content
    echoed, rest = content.split(": not in the guide. Closest covered: ")
    assert_inert(echoed, 100)
    assert not UNESCAPED.search(echoed)


@pytest.mark.discord
@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
async def test_autocomplete_offers_only_inert_choices(live: Live, text: str) -> None:
    typing = [{"name": "country", "type": 3, "value": text, "focused": True}]
    (sent,) = await live.next_sent(live.fake.command("salary", typing, kind=4))
    choices = sent.body["data"]["choices"]
    assert len(choices) <= 25
    places = set(live.client.desk.salary_places())
    for choice in choices:
        assert_inert(choice["name"], 100)
        assert choice["value"] in places                 # a real place, never the typed text


@pytest.mark.discord
@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
async def test_thread_names_are_inert_and_never_empty(live: Live, text: str) -> None:
    thread, answer = await live.next_sent(live.fake.message(
        f"<@{BOT_ID}> {text}", mentions=[BOT_ID], author=next(users)), count=2)
    assert thread.route == "thread" and answer.route == "message"
    assert_inert(thread.body["name"], 100)
