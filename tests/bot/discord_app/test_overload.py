"""Overload: interactions too old to acknowledge are skipped; a burst far past capacity is shed.

Timings and memory are `make bench`'s (bench/burst.py); these check what happens to each
interaction: answered within Discord's deadline (the fake refuses a late callback with
"Unknown interaction"), or skipped with no call to Discord at all.
"""

from __future__ import annotations

import itertools

import pytest

from bot.discord_app.config import Config, Cooldown
from bot.discord_app.deadline import DEADLINE, MARGIN
from tests.bot.discord_app.fake_discord import GUILD_ID, FakeDiscord
from tests.bot.discord_app.live import Live, hearing

pytestmark = [pytest.mark.discord, pytest.mark.asyncio(loop_scope="module")]
ASK = [{"name": "question", "type": 3, "value": "salary in Germany"}]
TYPING = [{"name": "country", "type": 3, "value": "germ", "focused": True}]
BURST = 3000
users = itertools.count(700_000)
TOO_OLD = DEADLINE - MARGIN + 0.2     # past the point where an answer could still arrive in time


@pytest.fixture(scope="module")
def discord_config() -> Config:
    return Config(guilds=(GUILD_ID,), cooldown=Cooldown(rate=1000, per=1))


def called(fake: FakeDiscord) -> set[str]:
    """Every interaction the bot called Discord about, accepted or refused as late."""
    return {s.target for s in fake.sent if s.route == "callback"} | set(fake.late)


async def test_an_interaction_too_old_to_acknowledge_is_skipped(live: Live) -> None:
    desk = live.client.desk
    skipped_before = desk.shedding.skipped
    with hearing("overloaded:") as heard:
        old = [await live.fake.command("ask", ASK, author=next(users), age=TOO_OLD)
               for _ in range(3)]
        old.append(await live.fake.command("salary", TYPING, kind=4, age=TOO_OLD))
        (fresh,) = await live.next_sent(live.fake.command("ask", ASK, author=next(users)))
        await live.settled()
        await heard.said.wait()              # once the burst has been quiet for a second
    assert "€55,000" in fresh.body["data"]["content"]
    assert not called(live.fake) & set(old)  # not a single HTTP call for any of them
    assert desk.shedding.skipped - skipped_before == 4
    (line,) = heard.lines()                  # one line for the burst, not one each
    assert line.startswith("overloaded: skipped 4 interaction(s) already too old")
    assert heard.tracebacks == []


async def test_a_burst_far_past_capacity_is_answered_or_shed(live: Live) -> None:
    desk = live.client.desk
    skipped_before, lost_before = desk.shedding.skipped, desk.lost
    late_before = len(live.fake.late)
    with hearing("overloaded:") as heard:
        ids = [await live.fake.command("ask", ASK, author=next(users)) for _ in range(BURST)]
        await live.settled(timeout=120)
        skipped = desk.shedding.skipped - skipped_before
        if skipped:
            await heard.said.wait()
    answered = {s.target for s in live.fake.sent if s.route == "callback"} & set(ids)
    never_called = [i for i in ids if i not in called(live.fake)]
    assert len(answered) + skipped == BURST          # every one answered or skipped
    assert len(never_called) == skipped              # and the skipped cost no HTTP call
    assert desk.lost == lost_before and len(live.fake.late) == late_before
    assert heard.tracebacks == []
    assert len(heard.lines()) == (1 if skipped else 0)
    # The loop has recovered: the next question is answered well inside the deadline.
    (probe,) = await live.next_sent(live.fake.command("ask", ASK, author=next(users)))
    assert "€55,000" in probe.body["data"]["content"] and probe.target not in live.fake.late
