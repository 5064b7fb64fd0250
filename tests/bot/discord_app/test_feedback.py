"""Recording and 👍/👎 through the real client, the fake Discord and a real SQLite file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.discord_app.config import Config, Cooldown
from bot.discord_app.client import make_client
from bot.discord_app.feedback import FORGOTTEN
from bot.engine import Engine
from bot.store import open_store
from tests.bot.discord_app.aim import discord_aimed_at
from tests.bot.discord_app.fake_discord import (BOT_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID,
                                                FakeDiscord, Sent)
from tests.bot.discord_app.live import OPEN_CHANNEL, Live, connected, reference

pytestmark = [pytest.mark.discord, pytest.mark.asyncio(loop_scope="module")]
VOTE_ID = re.compile(r"guidebot:vote:(up|down):([0-9a-f]{16})")
SECONDARY, SUCCESS, DANGER = 2, 3, 4      # Discord's button styles


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedback") / "guidebot.sqlite3"


@pytest.fixture(scope="module")
def discord_config(store_path: Path) -> Config:
    return Config(guilds=(GUILD_ID,), channels=(OPEN_CHANNEL,), message_content_intent=True,
                  cooldown=Cooldown(rate=1000, per=1), storage=str(store_path))


def buttons(sent: Sent) -> list[dict[str, Any]]:
    """The buttons of a message the bot sent (or of the message an update changed)."""
    body = sent.body.get("data", sent.body)
    return [b for row in body.get("components") or [] for b in row["components"]]


def answer_id(sent: Sent) -> str:
    """The answer id both buttons carry."""
    found = {VOTE_ID.fullmatch(b["custom_id"]).group(2)      # type: ignore[union-attr]
             for b in buttons(sent)}
    assert len(found) == 1
    return found.pop()


def shown(sent: Sent) -> list[tuple[str, str | None, int]]:
    """Each button as (emoji, label, style)."""
    return [(b["emoji"]["name"], b.get("label"), b["style"]) for b in buttons(sent)]


async def flushed(live: Live) -> None:
    recorder = live.client.desk.ledger.recorder
    assert recorder is not None and await recorder.flush(10)


async def test_a_slash_answer_carries_buttons_and_is_recorded(live: Live) -> None:
    option = [{"name": "question", "type": 3, "value": "salary in Germany"}]
    (sent,) = await live.next_sent(live.fake.command("ask", option, author=4242))
    assert "€55,000" in sent.body["data"]["content"]
    assert shown(sent) == [("👍", None, SECONDARY), ("👎", None, SECONDARY)]
    answer = answer_id(sent)
    assert [b["custom_id"] for b in buttons(sent)] == [f"guidebot:vote:up:{answer}",
                                                      f"guidebot:vote:down:{answer}"]
    await flushed(live)
    reader = open_store(live.client.config.storage or "", create=False)
    await reader.open()
    try:
        turn = await reader.turn(answer)
    finally:
        await reader.close()
    assert turn is not None
    assert (turn.guild_id, turn.channel_id, turn.question) == (GUILD_ID, CHANNEL_ID,
                                                              "salary in Germany")
    assert (turn.route, turn.abstained) == ("salary", False)
    assert "Salary and Compensation › Europe" in [s.section for s in turn.sources]
    assert len(turn.user_hash) == 32 and "4242" not in turn.user_hash    # a salted hash


async def test_messages_and_fixed_commands_are_recorded_with_buttons(
        live: Live, store_path: Path) -> None:
    (mention,) = await live.next_sent(live.fake.message(
        f"<@{BOT_ID}> does the guide cover quantum computing?", mentions=[BOT_ID], author=7))
    (dm,) = await live.next_sent(live.fake.message("what books do you recommend?", dm=True))
    (skills,) = await live.next_sent(live.fake.command("skills"))
    (salary,) = await live.next_sent(live.fake.command(
        "salary", [{"name": "country", "type": 3, "value": "Austria"}]))
    ids = [answer_id(s) for s in (mention, dm, skills, salary)]
    await flushed(live)
    reader = open_store(store_path, create=False)
    await reader.open()
    try:
        turns = [await reader.turn(i) for i in ids]
    finally:
        await reader.close()
    assert all(turns)
    rows = [(t.guild_id, t.channel_id, t.question, t.route, t.abstained)
            for t in turns if t is not None]
    assert rows == [
        (GUILD_ID, CHANNEL_ID, "does the guide cover quantum computing?", "abstain", True),
        (None, DM_CHANNEL_ID, "what books do you recommend?", "list", False),
        (GUILD_ID, CHANNEL_ID, "/skills", "list", False),
        (GUILD_ID, CHANNEL_ID, "/salary Austria", "salary", True)]


async def test_help_and_chatter_are_not_recorded(live: Live) -> None:
    (help_,) = await live.next_sent(live.fake.command("help"))
    assert not buttons(help_)
    recorder = live.client.desk.ledger.recorder
    assert recorder is not None
    await flushed(live)
    before = recorder.written
    chatter = await live.fake.message("lol nice weather today", channel_id=OPEN_CHANNEL)
    await live.settled()           # the sentinel DM is answered, and so recorded
    await flushed(live)
    assert not [s for s in live.fake.sent if reference(s) == chatter]
    assert recorder.written == before + 1


async def test_a_click_records_changes_and_withdraws_a_vote(live: Live,
                                                           store_path: Path) -> None:
    option = [{"name": "question", "type": 3, "value": "what certifications should I get?"}]
    (sent,) = await live.next_sent(live.fake.command("ask", option, author=51))
    answer = answer_id(sent)
    up, down = f"guidebot:vote:up:{answer}", f"guidebot:vote:down:{answer}"

    (voted,) = await live.next_sent(live.fake.click(sent.message_id, up, author=51))
    assert voted.route == "callback" and voted.body["type"] == 7     # UPDATE_MESSAGE
    assert voted.message_id == sent.message_id
    assert shown(voted) == [("👍", "1", SUCCESS), ("👎", None, SECONDARY)]
    (changed,) = await live.next_sent(live.fake.click(sent.message_id, down, author=51))
    assert shown(changed) == [("👍", None, SECONDARY), ("👎", "1", DANGER)]
    (other,) = await live.next_sent(live.fake.click(sent.message_id, up, author=52))
    assert shown(other) == [("👍", "1", SUCCESS), ("👎", "1", SECONDARY)]
    (withdrawn,) = await live.next_sent(live.fake.click(sent.message_id, down, author=51))
    assert shown(withdrawn) == [("👍", "1", SECONDARY), ("👎", None, SECONDARY)]
    # The message itself now shows the state, for whoever sees it next.
    assert [b.get("label") for row in live.fake.messages[sent.message_id]["components"]
            for b in row["components"]] == ["1", None]
    reader = open_store(store_path, create=False)
    await reader.open()
    try:
        assert await reader.tally(answer) == (1, 0)
    finally:
        await reader.close()


async def test_a_click_on_an_answer_the_store_does_not_know(live: Live) -> None:
    """An answer past retention: its buttons still work, and say so politely."""
    old = live.fake.made(str(CHANNEL_ID), {"content": "an old answer", "components": [
        {"type": 1, "components": [
            {"type": 2, "style": 2, "emoji": {"name": "👍"},
             "custom_id": "guidebot:vote:up:0123456789abcdef"}]}]})
    (sent,) = await live.next_sent(live.fake.click(old["id"], "guidebot:vote:up:0123456789abcdef"))
    assert sent.body["type"] == 4 and sent.body["data"]["flags"] == 64     # ephemeral
    assert sent.body["data"]["content"] == FORGOTTEN


async def test_buttons_keep_working_after_a_restart(ml_engine: Engine, tmp_path: Path) -> None:
    config = Config(guilds=(GUILD_ID,), storage=str(tmp_path / "guidebot.sqlite3"))
    fake = FakeDiscord()
    await fake.start()
    try:
        with discord_aimed_at(fake.api, fake.gateway_url):
            async with connected(make_client(ml_engine, config)):
                before = len(fake.sent)
                await fake.command("ask", [{"name": "question", "type": 3, "value": "books?"}])
                (sent,) = (await fake.wait_sent(before + 1))[before:]
            # The first client has closed (its queue written); a new process starts afresh.
            async with connected(make_client(ml_engine, config)):
                before = len(fake.sent)
                await fake.click(sent.message_id, f"guidebot:vote:down:{answer_id(sent)}")
                (voted,) = (await fake.wait_sent(before + 1))[before:]
    finally:
        await fake.stop()
    assert voted.body["type"] == 7
    assert shown(voted) == [("👍", None, SECONDARY), ("👎", "1", DANGER)]


async def test_no_buttons_when_feedback_is_off(ml_engine: Engine, tmp_path: Path) -> None:
    config = Config(guilds=(GUILD_ID,), storage=str(tmp_path / "guidebot.sqlite3"),
                    feedback=False)
    fake = FakeDiscord()
    await fake.start()
    try:
        with discord_aimed_at(fake.api, fake.gateway_url):
            client = make_client(ml_engine, config)
            async with connected(client):
                before = len(fake.sent)
                await fake.command("ask", [{"name": "question", "type": 3, "value": "books?"}])
                (sent,) = (await fake.wait_sent(before + 1))[before:]
                recorder = client.desk.ledger.recorder
                assert recorder is not None and await recorder.flush(10)
                assert recorder.written == 1             # still recorded, for /gaps
    finally:
        await fake.stop()
    assert "Machine Learning Yearning" in sent.body["data"]["content"]
    assert not buttons(sent)


@pytest.mark.asyncio(loop_scope="function")      # a client of its own, on the `fake` fixture
async def test_clicks_past_the_cooldown_get_a_polite_line(fake: FakeDiscord, ml_engine: Engine,
                                                          tmp_path: Path) -> None:
    config = Config(guilds=(GUILD_ID,), storage=str(tmp_path / "guidebot.sqlite3"),
                    cooldown=Cooldown(rate=2, per=60))
    with discord_aimed_at(fake.api, fake.gateway_url):
        client = make_client(ml_engine, config)
        async with connected(client):
            alone = Live(fake, client)
            option = [{"name": "question", "type": 3, "value": "books?"}]
            (sent,) = await alone.next_sent(fake.command("ask", option, author=61))
            up, down = (f"guidebot:vote:{vote}:{answer_id(sent)}" for vote in ("up", "down"))
            (first,) = await alone.next_sent(fake.click(sent.message_id, up, author=61))
            (second,) = await alone.next_sent(fake.click(sent.message_id, down, author=61))
            (third,) = await alone.next_sent(fake.click(sent.message_id, up, author=61))
            # Someone else's clicks, and the clicker's own questions, have their own allowance.
            (other,) = await alone.next_sent(fake.click(sent.message_id, up, author=62))
            (asked,) = await alone.next_sent(fake.command("ask", option, author=61))
    assert (first.body["type"], second.body["type"]) == (7, 7)          # UPDATE_MESSAGE
    assert third.body["type"] == 4 and third.body["data"]["flags"] == 64     # ephemeral
    assert re.fullmatch(r"You're voting quickly\. Try again in (5\d|60) s\.",
                        third.body["data"]["content"])
    assert shown(other) == [("👍", "1", SUCCESS), ("👎", "1", SECONDARY)]   # 61's 👎 stood
    assert "Machine Learning Yearning" in asked.body["data"]["content"]
