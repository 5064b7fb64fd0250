"""Bad input, faults and abuse against the real client and the fake Discord over loopback."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.discord_app.config import Config, Cooldown
from bot.engine import Engine
from bot.engine.understand import MAX_QUESTION
from tests.bot.fake_discord import DM_CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.bot.test_discord import Live, running
from tests.fixtures.bad_inputs import CATALOGUE

pytestmark = pytest.mark.asyncio(loop_scope="module")
NO_PINGS = {"parse": [], "replied_user": False}
authors = itertools.count(500_000)    # a fresh user per question, so cooldowns stay out of the way


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def live(ml_engine: Engine) -> AsyncIterator[Live]:
    config = Config(guilds=(GUILD_ID,), cooldown=Cooldown(rate=2, per=60))
    async with running(ml_engine, config) as started:
        yield started


def reference(sent: object) -> str:
    """The id of the message a reply answers ("" if it is not a reply)."""
    body = getattr(sent, "body", {})
    return str((body.get("message_reference") or {}).get("message_id", ""))


def replies_to(fake: FakeDiscord, message_ids: set[str]) -> Counter[str]:
    return Counter(reference(s) for s in fake.sent
                   if s.route == "message" and reference(s) in message_ids)


async def wait_for(condition, timeout: float = 20) -> None:    # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


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
    await wait_for(lambda: len(replies_to(live.fake, ids)) == 200)
    await asyncio.sleep(0.3)   # any duplicate would have arrived by now
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
    await wait_for(lambda: len(replies_to(live.fake, ids)) == 3
                   and any(s.target == iid for s in live.fake.sent), timeout=30)
    await asyncio.sleep(0.5)
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
    await asyncio.sleep(0.5)
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
