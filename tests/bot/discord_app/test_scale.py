"""One bot split across processes, and a store that goes away under traffic: the real bot,
the fake Discord and a real PostgreSQL server started by the tests."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from pathlib import Path

import pytest

from bot.discord_app.config import Config, Cooldown
from bot.discord_app.feedback import UNAVAILABLE
from bot.engine import Engine
from bot.store import open_store
from tests.bot.discord_app.fake_discord import (GUILD_ID, OTHER_GUILD_ID, TOKEN, FakeDiscord,
                                                channel_in)
from tests.bot.discord_app.live import running
from tests.bot.discord_app.process import Bot
from tests.conftest import run_cli
from tests.store.postgres_server import PostgresServer

pytestmark = [pytest.mark.discord, pytest.mark.asyncio]
OTHER_CHANNEL = channel_in(OTHER_GUILD_ID)


def ask(question: str) -> list[dict[str, object]]:
    return [{"name": "question", "type": 3, "value": question}]


def answered(fake: FakeDiscord, iid: str) -> bool:
    return any(s.route == "callback" and s.target == iid for s in fake.sent)


@pytest.mark.process
async def test_two_processes_split_the_shards_and_share_one_store(
        postgres: PostgresServer, tmp_path: Path) -> None:
    url = postgres.create_database()
    fake = FakeDiscord(guilds=[GUILD_ID, OTHER_GUILD_ID])
    await fake.start()
    bots: list[Bot] = []
    try:
        for shard in (0, 1):
            path = tmp_path / f"shard{shard}.yaml"
            path.write_text(f"guilds: [{GUILD_ID}, {OTHER_GUILD_ID}]\nstorage: {url}\n"
                            f"shards: {{count: 2, ids: [{shard}]}}\n", "utf-8")
            bots.append(await Bot.start(fake, TOKEN, "--config", str(path)))
        await asyncio.gather(*(bot.until_ready() for bot in bots))
        assert sorted(map(tuple, fake.shards_seen)) == [(0, 2), (1, 2)]   # one each
        asked = [await fake.command("ask", ask("Does the guide cover quantum computing?"),
                                    author=1),
                 await fake.command("ask", ask("what about quantum computing"), author=2,
                                    channel_id=OTHER_CHANNEL),
                 await fake.command("ask", ask("does the guide cover blockchain?"), author=3,
                                    channel_id=OTHER_CHANNEL)]
        await fake.wait_until(lambda: all(answered(fake, iid) for iid in asked), 20)
        for bot in bots:      # a clean stop writes what each still has queued
            bot.process.send_signal(signal.SIGTERM)
        results = [await bot.finish() for bot in bots]
    finally:
        for bot in bots:
            if bot.process.returncode is None:
                bot.process.kill()
                await bot.process.wait()
        await fake.stop()
    for code, _, err in results:
        assert code == 0 and "Traceback" not in err, err
        assert f"recording questions to {url}" in err

    done = run_cli("gaps", "--storage", url, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["refused_turns"] == 3
    groups = {tuple(g["terms"]): g for g in report["groups"]}
    assert groups[("comput", "quantum")]["asked"] == 2       # one wording from each server
    assert groups[("comput", "quantum")]["people"] == 2
    assert ("blockchain",) in groups
    per_server = [json.loads(run_cli("gaps", "--storage", url, "--json", "--server",
                                     str(guild)).stdout)["refused_turns"]
                  for guild in (GUILD_ID, OTHER_GUILD_ID)]
    assert per_server == [1, 2]


async def test_the_store_killed_under_traffic(own_postgres: PostgresServer, ml_engine: Engine,
                                              caplog: pytest.LogCaptureFixture) -> None:
    """Answers keep flowing while PostgreSQL is down; nothing is lost; one line each way."""
    caplog.set_level(logging.INFO)
    url = own_postgres.create_database()
    config = Config(guilds=(GUILD_ID,), cooldown=Cooldown(rate=1000, per=1), storage=url)
    async with running(ml_engine, config) as live:
        recorder = live.client.desk.ledger.recorder
        assert recorder is not None
        await asyncio.wait_for(recorder.connected.wait(), 10)
        sent = []
        for number in range(150):
            if number in (50, 120):
                await live.fake.wait_until(lambda: all(answered(live.fake, i) for i in sent), 20)
            if number == 50:
                assert await recorder.flush(10)
                own_postgres.kill()
            if number == 120:
                await asyncio.wait_for(recorder.down.wait(), 10)
                # A vote now cannot be saved: the clicker is told so, in one line.
                answer = next(s for s in live.fake.sent if s.route == "callback")
                custom_id = answer.body["data"]["components"][0]["components"][0]["custom_id"]
                (vote,) = await live.next_sent(live.fake.click(answer.message_id, custom_id))
                assert (vote.body["type"], vote.body["data"]["flags"]) == (4, 64)
                assert vote.body["data"]["content"] == UNAVAILABLE
            sent.append(await live.fake.command("ask", ask(f"quantum computing #{number}?"),
                                                author=10_000 + number))
        await live.fake.wait_until(lambda: all(answered(live.fake, iid) for iid in sent), 30)
        assert recorder.down.is_set() and recorder.waiting == 100     # held, not lost
        own_postgres.start()
        assert await recorder.flush(30)
        assert recorder.dropped_total == 0
    reader = open_store(url)
    await reader.open()
    try:
        assert await reader.count() == 150
    finally:
        await reader.close()
    assert not [r for r in caplog.records if r.exc_info]               # no traceback
    store_lines = [r.getMessage() for r in caplog.records if r.name == "guidebot.store"]
    assert sum(m.startswith("store unavailable") for m in store_lines) == 1
    assert sum(" is back after " in m for m in store_lines) == 1
