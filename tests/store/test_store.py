"""The store's contract, run alike on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.store import Store, StoreError, Vote, open_store
from bot.store.gaps import key_terms, role_terms
from bot.store.records import SourceRef, Turn, now_ms
from bot.store.schema import LATEST, MIGRATIONS, VERSION_TABLE

pytestmark = pytest.mark.asyncio
DAY = 86_400_000
ROLE = role_terms("Machine Learning Engineer")


def turn(answer_id: str, question: str, *, abstained: bool = True, guild: int | None = 1,
         user: str = "u1", at: int | None = None, route: str = "abstain",
         sources: tuple[SourceRef, ...] = ()) -> Turn:
    """A turn as the recorder would write it."""
    return Turn(answer_id=answer_id, at_ms=now_ms() if at is None else at, guild_id=guild,
                channel_id=10, user_hash=user, question=question, route=route,
                abstained=abstained, sources=sources,
                terms=key_terms(question, ROLE) if abstained else "")


@pytest_asyncio.fixture
async def store(storage: str) -> AsyncIterator[Store]:
    opened = open_store(storage)
    await opened.open()
    yield opened
    await opened.close()


async def test_a_new_store_is_at_the_latest_schema(store: Store, storage: str) -> None:
    assert await store.schema_version() == LATEST
    again = open_store(storage)
    await again.open()            # a second opening applies nothing twice
    rows = await again.rows("SELECT version, description FROM schema_version ORDER BY version")
    assert rows == [(m.version, m.description) for m in MIGRATIONS]
    await again.close()


async def test_two_processes_migrating_at_once_both_succeed(storage: str) -> None:
    first, second = open_store(storage), open_store(storage)
    await asyncio.gather(first.open(), second.open())
    assert await first.schema_version() == await second.schema_version() == LATEST
    assert len(await first.rows("SELECT * FROM schema_version")) == len(MIGRATIONS)
    await first.close()
    await second.close()


async def test_a_newer_schema_is_refused(store: Store, storage: str) -> None:
    newer = open_store(storage)
    # A later guidebot has migrated this store further than this one knows.
    writer = open_store(storage)
    await writer.open()
    if storage.startswith("postgresql"):
        await writer.rows("INSERT INTO schema_version VALUES (999, 'future', 0) RETURNING version")
    else:
        with contextlib.closing(sqlite3.connect(storage)) as raw, raw:
            raw.execute("INSERT INTO schema_version VALUES (999, 'future', 0)")
    await writer.close()
    with pytest.raises(StoreError, match="newer than this guidebot knows"):
        await newer.open()
    await newer.close()


async def _raw(storage: str, statements: list[str]) -> None:
    """Run SQL on a store's database behind guidebot's back."""
    if storage.startswith("postgresql"):
        import asyncpg
        connection = await asyncpg.connect(storage)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()
    else:
        with contextlib.closing(sqlite3.connect(storage)) as raw, raw:
            for statement in statements:
                raw.execute(statement)


async def test_a_version_1_store_upgrades_and_its_votes_stay_in_the_report(storage: str) -> None:
    # A store as guidebot wrote it before votes carried what the report needs of their turn.
    now = now_ms()
    await _raw(storage, [
        VERSION_TABLE, *MIGRATIONS[0].statements,
        "INSERT INTO schema_version VALUES (1, 'turns, votes and the per-store salt', 0)",
        "INSERT INTO turns VALUES ('p1', %d, 2, 10, 'u1', 'which python libraries?', 'passage',"
        " FALSE, '[{\"section\": \"Skills › Python\", \"passage\": \"p1\"}]', '')" % now,
        "INSERT INTO votes VALUES ('p1', 'alice', -1, %d)" % now])
    store = open_store(storage)
    await store.open()
    try:
        assert await store.schema_version() == LATEST
        report = await store.gaps()
        (disliked,) = report.disliked
        assert (disliked.route, disliked.down, disliked.up, disliked.answers) == (
            "passage", 1, 0, 1)
        assert disliked.sources == (SourceRef(section="Skills › Python", passage="p1"),)
        assert [(w.question, w.count) for w in disliked.questions] == [
            ("which python libraries?", 1)]
        assert (await store.gaps(guild_id=1)).disliked == ()   # the turn's server, copied
        tally = await store.vote("p1", "bob", Vote.DOWN, now)  # a vote cast after: the same
        assert tally is not None and tally.down == 2
        assert [d.down for d in (await store.gaps(guild_id=2)).disliked] == [2]
    finally:
        await store.close()


async def test_turns_round_trip_and_a_retried_batch_is_not_doubled(store: Store) -> None:
    sources = (SourceRef(section="Skills › Python", passage="p12"),)
    asked = turn("a1", "Which Python libraries?", abstained=False, route="passage",
                 sources=sources, guild=None)
    await store.write_turns([asked])
    await store.write_turns([asked, turn("a2", "quantum computing?")])
    assert await store.count() == 2
    assert await store.turn("a1") == asked
    assert await store.turn("missing") is None


async def test_votes_set_change_and_withdraw(store: Store) -> None:
    await store.write_turns([turn("a1", "skills?", abstained=False, route="list")])
    first = await store.vote("a1", "alice", Vote.UP, now_ms(), toggle=True)
    assert first is not None and (first.up, first.down, first.mine) == (1, 0, Vote.UP)
    changed = await store.vote("a1", "alice", Vote.DOWN, now_ms(), toggle=True)
    assert changed is not None and (changed.up, changed.down, changed.mine) == (0, 1, Vote.DOWN)
    other = await store.vote("a1", "bob", Vote.DOWN, now_ms(), toggle=True)
    assert other is not None and (other.up, other.down) == (0, 2)
    withdrawn = await store.vote("a1", "alice", Vote.DOWN, now_ms(), toggle=True)
    assert withdrawn is not None and (withdrawn.down, withdrawn.mine) == (1, None)
    assert await store.tally("a1") == (0, 1)
    assert await store.vote("a1", "bob", None, now_ms()) is not None   # plain withdraw
    assert await store.tally("a1") == (0, 0)


async def test_a_vote_on_an_unknown_answer_is_none(store: Store) -> None:
    assert await store.vote("never-stored", "alice", Vote.UP, now_ms(), toggle=True) is None
    assert await store.rows("SELECT COUNT(*) FROM votes") == [(0,)]


async def test_retention_removes_old_turns_and_their_votes(store: Store) -> None:
    now = now_ms()
    await store.write_turns([turn("old", "quantum?", at=now - 91 * DAY),
                             turn("new", "quantum?", at=now - 89 * DAY)])
    await store.vote("old", "alice", Vote.DOWN, now - 91 * DAY)
    await store.vote("new", "alice", Vote.DOWN, now)
    assert await store.purge(now - 90 * DAY) == 1
    assert await store.turn("old") is None and await store.turn("new") is not None
    assert await store.rows("SELECT answer_id FROM votes") == [("new",)]


async def test_the_salt_is_kept_and_differs_between_stores(store: Store, tmp_path: Path) -> None:
    salt = await store.salt()
    assert len(salt) == 32 and await store.salt() == salt
    elsewhere = open_store(tmp_path / "other.sqlite3")
    await elsewhere.open()
    assert await elsewhere.salt() != salt
    await elsewhere.close()


async def test_gaps_group_rewordings_most_asked_first(store: Store) -> None:
    await store.write_turns([
        turn("q1", "Does the guide cover quantum computing?", user="alice"),
        turn("q2", "what about quantum computing", user="bob"),
        turn("q3", "Quantum computing for ML engineers?", user="alice"),
        turn("o1", "How old is Andrew Ng?", user="carol"),
        turn("o2", "how old is andrew ng", user="carol"),
        turn("k1", "What skills do I need?", abstained=False, route="list"),
        turn("e1", "", route="empty"),    # an empty question has no terms to group
    ])
    report = await store.gaps()
    assert report.refused_turns == 5
    assert [(g.asked, g.people, g.terms) for g in report.groups] == [
        (3, 2, ("comput", "quantum")), (2, 1, ("andrew", "ng", "old"))]
    assert {w.question for w in report.groups[0].wordings} == {
        "Does the guide cover quantum computing?", "what about quantum computing",
        "Quantum computing for ML engineers?"}


async def test_gaps_filter_by_time_and_server(store: Store) -> None:
    now = now_ms()
    await store.write_turns([
        turn("a", "quantum computing?", guild=1, at=now - 10 * DAY),
        turn("b", "quantum computing?", guild=1, at=now - 1 * DAY),
        turn("c", "quantum computing?", guild=2, at=now - 1 * DAY),
        turn("d", "blockchain jobs?", guild=2, at=now - 1 * DAY),
    ])
    assert [g.asked for g in (await store.gaps()).groups] == [3, 1]
    assert [g.asked for g in (await store.gaps(since_ms=now - 7 * DAY)).groups] == [2, 1]
    recent_one = await store.gaps(since_ms=now - 7 * DAY, guild_id=1)
    assert [(g.asked, g.terms) for g in recent_one.groups] == [(1, ("comput", "quantum"))]
    assert (await store.gaps(guild_id=3)).groups == ()


async def test_gaps_list_the_most_disliked_answers_with_route_and_sources(store: Store) -> None:
    python = (SourceRef(section="Skills › Python", passage="p1"),)
    books = (SourceRef(section="Resources › Books", passage="p2"),)
    await store.write_turns([
        turn("p1", "which python libraries?", abstained=False, route="passage", sources=python),
        turn("p2", "python libs?", abstained=False, route="passage", sources=python),
        turn("b1", "good books?", abstained=False, route="list", sources=books),
        turn("l1", "liked answer", abstained=False, route="list", sources=books),
    ])
    for answer, user, vote in [("p1", "a", Vote.DOWN), ("p2", "b", Vote.DOWN),
                               ("p2", "c", Vote.UP), ("b1", "a", Vote.DOWN),
                               ("l1", "d", Vote.UP)]:
        await store.vote(answer, user, vote, now_ms())
    disliked = (await store.gaps()).disliked
    assert [(d.route, d.sources, d.down, d.up, d.answers) for d in disliked] == [
        ("passage", python, 2, 1, 2), ("list", books, 1, 1, 2)]
    assert {w.question for w in disliked[0].questions} == {"which python libraries?",
                                                          "python libs?"}


async def test_gaps_show_the_people_of_each_group_only_once(store: Store) -> None:
    await store.write_turns([turn(f"t{n}", "quantum computing?", user="same") for n in range(4)])
    (group,) = (await store.gaps()).groups
    assert (group.asked, group.people) == (4, 1)
