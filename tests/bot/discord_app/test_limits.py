"""The real client with a strict cooldown and thread replies, against the fake Discord."""

from __future__ import annotations

import pytest

from bot.discord_app.config import Config, Cooldown
from bot.engine import Engine
from tests.bot.discord_app.fake_discord import BOT_ID, CHANNEL_ID, GUILD_ID
from tests.bot.discord_app.live import Live, reference, running

pytestmark = [pytest.mark.discord, pytest.mark.asyncio(loop_scope="module")]


@pytest.fixture(scope="module")
def discord_config() -> Config:
    return Config(guilds=(GUILD_ID,), thread_replies=True, cooldown=Cooldown(rate=2, per=60))


async def test_mentions_are_answered_in_a_thread(live: Live) -> None:
    thread, answer = await live.next_sent(live.fake.message(
        f"<@{BOT_ID}> salary in Germany", mentions=[BOT_ID], author=1), count=2)
    assert thread.route == "thread" and thread.target == str(CHANNEL_ID)
    assert thread.body["name"] == "salary in Germany"
    assert answer.route == "message" and answer.target != str(CHANNEL_ID)
    assert "€55,000" in answer.body["content"]


async def test_cooldown_is_polite_and_per_user(live: Live) -> None:
    ask = [{"name": "question", "type": 3, "value": "salary in France"}]
    first, second = [(await live.next_sent(live.fake.command("ask", ask, author=2)))[0]
                     for _ in range(2)]
    assert "€45,000" in first.body["data"]["content"] and "€45,000" in second.body["data"]["content"]
    (third,) = await live.next_sent(live.fake.command("ask", ask, author=2))
    assert third.body["data"]["content"].startswith("You're asking quickly. Try again in")
    assert third.body["data"]["flags"] == 64                      # only the asker sees it
    (other,) = await live.next_sent(live.fake.command("ask", ask, author=3))
    assert "€45,000" in other.body["data"]["content"]              # other users unaffected
    (dm,) = await live.next_sent(live.fake.message("salary in India", dm=True, author=2))
    assert dm.body["content"].startswith("You're asking quickly.")
    again = await live.fake.message("salary in India", dm=True, author=2)  # no second notice
    (later,) = await live.next_sent(live.fake.message("salary in Canada", dm=True, author=3))
    assert "CAD" in later.body["content"]
    await live.settled()
    assert not [s for s in live.fake.sent if reference(s) == again]


async def test_auto_sharding(ml_engine: Engine) -> None:
    """`shards: auto` asks /gateway/bot, runs both shards, and answers on the guild's shard."""
    async with running(ml_engine, Config(guilds=(GUILD_ID,), shards="auto"), shards=2) as live:
        assert type(live.client).__name__ == "ShardedGuideBot"
        assert sorted(live.client.shards) == [0, 1]
        assert sorted(map(tuple, live.fake.shards_seen)) == [(0, 2), (1, 2)]
        ask = [{"name": "question", "type": 3, "value": "salary in Singapore"}]
        (sent,) = await live.next_sent(live.fake.command("ask", ask))
        assert "SGD 60,000" in sent.body["data"]["content"]
        (dm,) = await live.next_sent(live.fake.message("books?", dm=True))
        assert "Machine Learning Yearning" in dm.body["content"]
