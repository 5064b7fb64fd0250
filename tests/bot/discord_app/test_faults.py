"""Bad input, faults and abuse against the real client and the fake Discord over loopback."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter

import pytest

from bot.discord_app.config import Config, Cooldown
from bot.engine.understand import MAX_QUESTION
from tests.bot.discord_app.fake_discord import DM_CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.bot.discord_app.live import Live, reference
from tests.fixtures.bad_inputs import CATALOGUE

pytestmark = [pytest.mark.discord, pytest.mark.asyncio(loop_scope="module")]
NO_PINGS = {"parse": [], "replied_user": False}
authors = itertools.count(500_000)    # a fresh user per question, so cooldowns stay out of the way


@pytest.fixture(scope="module")
def discord_config() -> Config:
    return Config(guilds=(GUILD_ID,), cooldown=Cooldown(rate=2, per=60))


def replies_to(fake: FakeDiscord, message_ids: set[str]) -> Counter[str]:
    return Counter(reference(s) for s in fake.sent
                   if s.route == "message" and reference(s) in message_ids)


@pytest.mark.parametrize(("name", "text", "_"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
async def test_catalogue_as_dm_and_slash(live: Live, name: str, text: str, _: object) -> None:
    (dm,) = await live.next_sent(live.fake.message(text, dm=True, author=next(authors)))
    assert 0 < len(dm.body["content"]) <= 2000
    assert dm.body["allowed_mentions"] == NO_PINGS
    option = [{"name": "question", "type": 3, "value": text}]
    (slash,) = await live.next_sent(live.fake.command("ask", option, author=next(authors)))
    assert slash.route == "callback" and slash.body["type"] == 4
    content = slash.body["data"]["content"]
    assert 0 < len(content) <= 2000 and slash.body["data"]["allowed_mentions"] == {"parse": []}


async def test_gateway_drop_in_the_middle_of_200_questions(live: Live) -> None:
    ids: set[str] = set()
    for number in range(200):
        if number == 100:
            await live.fake.drop()
        ids.add(await live.fake.message(f"salary in germany #{number}", dm=True,
                                        author=next(authors)))
    await live.fake.wait_until(lambda: len(replies_to(live.fake, ids)) == 200, timeout=20)
    await live.settled()      # a duplicate, if any, has arrived by now
    counts = replies_to(live.fake, ids)
    assert set(counts.values()) == {1} and len(counts) == 200
    assert live.fake.resumed >= 1 and live.fake.identified == 1


async def test_429s_and_a_500_on_sends(live: Live) -> None:
    live.fake.failures[f"POST /channels/{DM_CHANNEL_ID}/messages"] = [429, 500, 429]
    live.fake.failures["/callback"] = [429]
    ids = {await live.fake.message(f"salary in canada {n}", dm=True, author=next(authors))
           for n in range(3)}
    option = [{"name": "question", "type": 3, "value": "salary in france"}]
    iid = await live.fake.command("ask", option, author=next(authors))
    await live.fake.wait_until(lambda: len(replies_to(live.fake, ids)) == 3
                               and any(s.target == iid for s in live.fake.sent), timeout=30)
    await live.settled()
    assert set(replies_to(live.fake, ids).values()) == {1}
    assert [s.target for s in live.fake.sent].count(iid) == 1
    assert live.fake.failures[f"POST /channels/{DM_CHANNEL_ID}/messages"] == []
    assert live.fake.failures["/callback"] == []


async def test_flood_from_one_user(live: Live) -> None:
    flooder, other = next(authors), next(authors)
    option = [{"name": "question", "type": 3, "value": "salary in india"}]
    before = len(live.fake.sent)
    iids = [await live.fake.command("ask", option, author=flooder) for _ in range(50)]
    bystander = await live.fake.command("ask", option, author=other)
    await live.fake.wait_sent(before + 51)
    by_id = {s.target: s.body["data"] for s in live.fake.sent[before:] if s.route == "callback"}
    answers = [by_id[i] for i in iids]
    answered = [a for a in answers if "INR 6,00,000" in a["content"]]
    polite = [a for a in answers if a["content"].startswith("You're asking quickly.")]
    assert len(answered) == 2 and len(polite) == 48
    assert all(a["flags"] == 64 for a in polite)                 # only the flooder sees them
    assert "INR 6,00,000" in by_id[bystander]["content"]          # others are unaffected
    messages = {await live.fake.message("salary in india", dm=True, author=flooder)
                for _ in range(10)}
    await live.settled()
    notices = [s for s in live.fake.sent if s.route == "message" and reference(s) in messages]
    assert len(notices) == 1 and notices[0].body["content"].startswith("You're asking quickly.")


async def test_worst_question_does_not_block_the_loop(live: Live) -> None:
    lags: list[float] = []
    stop = asyncio.Event()

    async def monitor() -> None:
        while not stop.is_set():
            start = time.perf_counter()
            await asyncio.sleep(0.005)
            lags.append(time.perf_counter() - start - 0.005)

    watcher = asyncio.create_task(monitor())
    worst = ("certifications " * MAX_QUESTION)[:MAX_QUESTION]
    unknown = " ".join(f"qzx{n}wv" for n in range(MAX_QUESTION // 8))[:MAX_QUESTION]
    for text in (worst, unknown):
        option = [{"name": "question", "type": 3, "value": text}]
        await live.next_sent(live.fake.command("ask", option, author=next(authors)))
        await live.next_sent(live.fake.message(text, dm=True, author=next(authors)))
    stop.set()
    await watcher
    assert max(lags) < 0.1, f"event loop blocked for {max(lags) * 1000:.0f} ms"
