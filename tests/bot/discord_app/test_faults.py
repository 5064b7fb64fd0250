"""Bad input, faults and abuse against the real client and the fake Discord over loopback."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter

import pytest

from bot.discord_app.config import Config, Cooldown
from bot.discord_app.deadline import REPLY_WINDOW
from bot.engine.sentences import MAX_QUESTION
from tests.bot.discord_app.fake_discord import (BOT_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID,
                                                FakeDiscord)
from tests.bot.discord_app.live import Live, hearing, reference
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


async def test_one_server_error_on_an_acknowledgement_is_retried_and_delivered_once(
        live: Live) -> None:
    live.fake.failures["/callback"] = [500]           # discord.py retries after 1 s
    option = [{"name": "question", "type": 3, "value": "salary in france"}]
    (sent,) = await live.next_sent(live.fake.command("ask", option, author=next(authors)))
    await live.settled()
    assert "€45,000" in sent.body["data"]["content"]
    assert [s.target for s in live.fake.sent].count(sent.target) == 1
    assert live.fake.failures["/callback"] == [] and sent.target not in live.fake.late


async def test_two_server_errors_on_an_acknowledgement_lose_it_in_one_line(live: Live) -> None:
    """The second retry would come 4 s in, past Discord's deadline: give up at the deadline."""
    live.fake.failures["/callback"] = [500, 502]
    lost = live.client.desk.lost
    option = [{"name": "question", "type": 3, "value": "salary in france"}]
    with hearing("not delivered:") as heard:
        iid = await live.fake.command("ask", option, author=next(authors))
        await heard.said.wait()
        await live.settled()
    (line,) = heard.lines()
    assert line.startswith(f"not delivered: /ask 'salary in france' (interaction {iid}): ")
    assert "deadline" in line
    assert heard.tracebacks == [] and not heard.lines("command ask failed")
    assert live.client.desk.lost == lost + 1
    assert not [s for s in live.fake.sent if s.target == iid]    # and no apology after it
    assert live.fake.failures["/callback"] == []


async def test_four_failures_on_a_mention_reply_are_retried_and_delivered_once(
        live: Live) -> None:
    route = f"POST /channels/{CHANNEL_ID}/messages"
    live.fake.failures[route] = [500, 429, 429, 429]         # the fifth try gets through
    with hearing("not delivered:") as heard:
        mid = await live.fake.message(f"<@{BOT_ID}> salary in canada", mentions=[BOT_ID],
                                      author=next(authors))
        await live.fake.wait_until(lambda: bool(replies_to(live.fake, {mid})), timeout=30)
        await live.settled()
    assert replies_to(live.fake, {mid}) == {mid: 1}
    assert live.fake.failures[route] == [] and heard.lines() == [] and heard.tracebacks == []


async def test_five_failures_on_a_mention_reply_lose_it_in_one_line(live: Live) -> None:
    route = f"POST /channels/{CHANNEL_ID}/messages"
    live.fake.failures[route] = [500, 429, 429, 429, 429]   # discord.py gives up after five
    lost = live.client.desk.lost
    with hearing("not delivered:") as heard:
        mid = await live.fake.message(f"<@{BOT_ID}> salary in canada", mentions=[BOT_ID],
                                      author=next(authors))
        await heard.said.wait()
        await live.settled()
    (line,) = heard.lines()
    assert line == (f"not delivered: reply to message {mid} ('salary in canada'): Discord "
                    "answered 429 (HTTPException)")
    assert heard.tracebacks == [] and not replies_to(live.fake, {mid})
    assert live.client.desk.lost == lost + 1 and live.fake.failures[route] == []


async def test_a_mention_reply_retries_within_a_bounded_window(live: Live) -> None:
    """A 429 asking for longer than the window: the reply is given up when the window ends."""
    route = f"POST /channels/{CHANNEL_ID}/messages"
    live.fake.failures[route] = [429]
    live.fake.retry_after, live.client.reply_window = 30.0, 0.5
    try:
        with hearing("not delivered:") as heard:
            mid = await live.fake.message(f"<@{BOT_ID}> salary in canada", mentions=[BOT_ID],
                                          author=next(authors))
            await heard.said.wait()
    finally:
        live.fake.retry_after, live.client.reply_window = 0.05, REPLY_WINDOW
    (line,) = heard.lines()
    assert line == (f"not delivered: reply to message {mid} ('salary in canada'): not sent "
                    "within 0.5 s (Discord kept failing or rate limiting)")
    await live.settled()
    assert heard.tracebacks == [] and not replies_to(live.fake, {mid})
