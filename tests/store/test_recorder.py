"""The recorder: answers never wait on the store, records survive an outage, ids stay hidden.

Outages are real: a PostgreSQL server of the test's own is stopped and started again, and a
SQLite file is held locked by a second connection.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.store import Vote, open_store
from bot.store.gaps import role_terms
from bot.store.recorder import Recorder
from bot.store.sqlite import SqliteStore
from tests.store.postgres_server import PostgresServer

pytestmark = pytest.mark.asyncio
USER_ID = 712345678901234567
DAY = 86_400_000


def ask(recorder: Recorder, engine: Engine, question: str, user: int = USER_ID,
        guild: int | None = 1) -> str:
    return recorder.record(engine.answer(question), question=question, guild_id=guild,
                           channel_id=20, user_id=user)


async def test_turns_are_written_with_the_user_hashed(storage: str, ml_engine: Engine) -> None:
    recorder = Recorder(open_store(storage), ignore_terms=role_terms(ml_engine.corpus.role))
    recorder.start()
    refused = ask(recorder, ml_engine, "Does the guide cover quantum computing?")
    answered = ask(recorder, ml_engine, "What skills do I need?", guild=None)
    assert await recorder.flush(10)
    refused_turn = await recorder.store.turn(refused)
    answered_turn = await recorder.store.turn(answered)
    assert refused_turn is not None and answered_turn is not None
    assert (refused_turn.abstained, refused_turn.terms) == (True, "comput quantum")
    assert (answered_turn.abstained, answered_turn.route, answered_turn.guild_id) == (
        False, "list", None)
    assert answered_turn.sources and answered_turn.terms == ""
    assert refused_turn.user_hash == recorder.user_hash(USER_ID) != str(USER_ID)
    everything = await recorder.store.rows("SELECT * FROM turns")
    assert str(USER_ID) not in repr(everything)
    await recorder.close()
    if not storage.startswith("postgresql"):
        for file in Path(storage).parent.glob("guidebot.sqlite3*"):
            assert str(USER_ID).encode() not in file.read_bytes()


async def test_a_click_right_after_the_answer_waits_for_its_record(storage: str,
                                                                   ml_engine: Engine) -> None:
    recorder = Recorder(open_store(storage))
    recorder.start()
    answer_id = ask(recorder, ml_engine, "What skills do I need?")
    tally = await recorder.vote(answer_id, 42, Vote.DOWN)     # no flush in between
    assert tally is not None and (tally.down, tally.mine) == (1, Vote.DOWN)
    again = await recorder.vote(answer_id, 42, Vote.DOWN)
    assert again is not None and (again.down, again.mine) == (0, None)
    assert await recorder.vote("0123456789abcdef", 42, Vote.UP) is None
    await recorder.close()


async def test_retention_is_enforced_when_the_recorder_connects(storage: str,
                                                                ml_engine: Engine) -> None:
    first = Recorder(open_store(storage), retention_days=90)
    first.start()
    kept = ask(first, ml_engine, "What skills do I need?")
    await first.flush(10)
    await first.store.rows("UPDATE turns SET at = at - ? RETURNING 1", (40 * DAY,))
    await first.close()
    shorter = Recorder(open_store(storage), retention_days=30)
    shorter.start()
    await asyncio.wait_for(shorter.connected.wait(), 10)
    assert await shorter.store.turn(kept) is None
    await shorter.close()


async def test_postgres_down_mid_load(own_postgres: PostgresServer, ml_engine: Engine,
                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="guidebot.store")
    recorder = Recorder(open_store(own_postgres.create_database()), retry_max=0.2)
    recorder.start()
    before = [ask(recorder, ml_engine, f"quantum computing {n}?") for n in range(20)]
    assert await recorder.flush(10)
    own_postgres.kill()
    during = [ask(recorder, ml_engine, f"quantum computing {n}?") for n in range(20, 120)]
    await asyncio.wait_for(recorder.down.wait(), 10)
    assert not await recorder.flush(0.3)           # waiting, not lost
    own_postgres.start()
    assert await recorder.flush(30)
    assert await recorder.store.count() == 120
    for answer_id in before + during:
        assert await recorder.store.turn(answer_id) is not None
    await recorder.close()
    lines = [r for r in caplog.records if r.name == "guidebot.store"]
    assert not any(r.exc_info for r in caplog.records)                 # no traceback
    assert sum("store unavailable" in r.getMessage() for r in lines) == 1
    assert sum("is back" in r.getMessage() for r in lines) == 1
    assert recorder.dropped_total == 0


async def test_a_full_queue_drops_and_says_how_many_once(own_postgres: PostgresServer,
                                                         ml_engine: Engine,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="guidebot.store")
    recorder = Recorder(open_store(own_postgres.create_database()), queue_size=10,
                        retry_max=0.2)
    recorder.start()
    await asyncio.wait_for(recorder.connected.wait(), 10)
    own_postgres.kill()
    ids = [ask(recorder, ml_engine, "What skills do I need?") for _ in range(50)]
    assert len(set(ids)) == 50 and recorder.dropped_total == 40
    await asyncio.wait_for(recorder.down.wait(), 10)
    own_postgres.start()
    assert await recorder.flush(30)
    assert await recorder.store.count() == 10
    dropped = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert dropped == ["store: the record queue overflowed while the store was slow or down: "
                       "40 records dropped"]
    await recorder.close()


async def test_a_store_down_at_start_is_waited_for(own_postgres: PostgresServer,
                                                   ml_engine: Engine) -> None:
    url = own_postgres.create_database()
    own_postgres.kill()
    recorder = Recorder(open_store(url), retry_max=0.2)
    recorder.start()
    answer_id = ask(recorder, ml_engine, "What skills do I need?")
    await asyncio.wait_for(recorder.down.wait(), 10)
    own_postgres.start()
    assert await recorder.flush(30)
    assert await recorder.store.turn(answer_id) is not None
    await recorder.close()


async def test_a_locked_sqlite_file_delays_records_without_losing_them(
        tmp_path: Path, ml_engine: Engine) -> None:
    path = tmp_path / "guidebot.sqlite3"
    recorder = Recorder(SqliteStore(path, busy_timeout_ms=50), retry_max=0.1)
    recorder.start()
    await asyncio.wait_for(recorder.connected.wait(), 10)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")        # another writer holds the file
    answer_id = ask(recorder, ml_engine, "What skills do I need?")
    await asyncio.wait_for(recorder.down.wait(), 10)
    other.execute("COMMIT")
    other.close()
    assert await recorder.flush(10)
    assert await recorder.store.turn(answer_id) is not None
    await recorder.close()


async def test_an_unusable_store_never_stops_answers(tmp_path: Path, ml_engine: Engine,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(open_store(tmp_path / "no-such-folder" / "guidebot.sqlite3"),
                        retry_max=0.1)
    recorder.start()
    await asyncio.wait_for(recorder.down.wait(), 10)
    assert ask(recorder, ml_engine, "What skills do I need?")       # still takes turns
    await recorder.close(timeout=0.1)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "its folder does not exist" in errors[0]
