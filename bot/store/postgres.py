"""The PostgreSQL store, for several bot processes (shards) writing to one database.

asyncpg rather than psycopg 3: it is asyncio-native like the bot, ships as one wheel with
no system libpq to install, pipelines `executemany` batches, and its pool replaces a
connection the server dropped on the next acquire, which is what recovery after a restart
of PostgreSQL needs. The SQL is the SQLite backend's, with `?` numbered to `$n`.
"""

from __future__ import annotations

import asyncio
import re
from functools import lru_cache
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from bot.store.backend import (INSERT_TURN, TALLY, UPSERT_VOTE, Store, turn_row, vote_of,
                               vote_value)
from bot.store.errors import StoreError, StoreUnavailable, redact
from bot.store.records import Tally, Turn, Vote, now_ms
from bot.store.schema import LATEST, VERSION_TABLE, pending

try:
    import asyncpg
except ImportError:  # pragma: no cover - the message below says how to install it
    asyncpg = None

T = TypeVar("T")
CONNECT_TIMEOUT = 5.0
COMMAND_TIMEOUT = 60.0
MIGRATION_LOCK = 0x6775696465   # "guide": serialises migrators across processes
# SQLSTATE classes that pass: connection lost, server shutting down or starting, out of
# resources, a transaction rolled back by a conflict.
RETRYABLE_CLASSES = ("08", "57", "53", "40")
_MARK = re.compile(r"\?")


@lru_cache(maxsize=256)
def numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, …` (our SQL has no `?` in literals)."""
    counter = iter(range(1, 10_000))
    return _MARK.sub(lambda _: f"${next(counter)}", sql)


class PostgresStore(Store):
    """A guidebot store in a PostgreSQL database, through a small asyncpg pool."""

    KEYED = "SELECT key, value::int FROM jsonb_each_text(?::text::jsonb)"

    def __init__(self, url: str, pool_size: int = 4) -> None:
        if asyncpg is None:
            raise StoreError("storage is PostgreSQL but asyncpg is not installed: "
                             "pip install 'guidebot[postgres]'")
        self.url = url
        self.label = redact(url)
        self.pool_size = pool_size
        self._pool: Any = None

    async def _call(self, work: Callable[[Any], Awaitable[T]]) -> T:
        if self._pool is None:
            raise StoreUnavailable("the store is not open", path=self.label)
        try:
            async with self._pool.acquire(timeout=CONNECT_TIMEOUT) as connection:
                return await work(connection)
        except StoreError:
            raise
        except Exception as exc:
            raise _translated(exc, self.label) from None

    # -- lifecycle -------------------------------------------------------------------------

    async def open(self) -> None:
        if self._pool is not None:
            return
        try:
            pool = await asyncpg.create_pool(self.url, min_size=0, max_size=self.pool_size,
                                             timeout=CONNECT_TIMEOUT,
                                             command_timeout=COMMAND_TIMEOUT)
        except Exception as exc:
            raise _translated(exc, self.label) from None
        self._pool = pool
        try:
            await self._call(self._migrate)
        except BaseException:
            self._pool = None
            await pool.close()
            raise

    async def _migrate(self, connection: Any) -> None:
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await connection.execute(VERSION_TABLE)
            current = int(await connection.fetchval("SELECT MAX(version) FROM schema_version")
                          or 0)
            if current > LATEST:
                raise StoreError(f"the store's schema is version {current}, newer than this "
                                 f"guidebot knows ({LATEST}): upgrade guidebot", path=self.label)
            for migration in pending(current):
                for statement in migration.statements:
                    await connection.execute(statement)
                await connection.execute("INSERT INTO schema_version VALUES ($1, $2, $3)",
                                         migration.version, migration.description, now_ms())

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                await asyncio.wait_for(pool.close(), CONNECT_TIMEOUT)
            except (asyncio.TimeoutError, OSError):
                pool.terminate()

    # -- primitives ------------------------------------------------------------------------

    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        async def fetch(connection: Any) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in await connection.fetch(numbered(sql), *params)]
        return await self._call(fetch)

    async def write_turns(self, turns: Sequence[Turn]) -> None:
        async def write(connection: Any) -> None:
            async with connection.transaction():
                await connection.executemany(numbered(INSERT_TURN), [turn_row(t) for t in turns])
        await self._call(write)

    async def vote(self, answer_id: str, user_hash: str, vote: Vote | None, at_ms: int,
                   toggle: bool = False) -> Tally | None:
        async def cast(connection: Any) -> Tally | None:
            async with connection.transaction():
                # Lock the turn's row: two clicks on one answer take turns.
                if await connection.fetchval("SELECT 1 FROM turns WHERE answer_id = $1"
                                             " FOR UPDATE", answer_id) is None:
                    return None
                found = await connection.fetchval(
                    "SELECT vote FROM votes WHERE answer_id = $1 AND user_hash = $2",
                    answer_id, user_hash)
                new = None if toggle and vote_of(found) == vote else vote
                if new is None:
                    await connection.execute(
                        "DELETE FROM votes WHERE answer_id = $1 AND user_hash = $2",
                        answer_id, user_hash)
                else:
                    await connection.execute(numbered(UPSERT_VOTE), user_hash,
                                             vote_value(new), at_ms, answer_id)
                up, down = await connection.fetchrow(numbered(TALLY), answer_id)
                return Tally(answer_id=answer_id, up=int(up), down=int(down), mine=new)
        return await self._call(cast)

    async def purge(self, before_ms: int) -> int:
        async def purge(connection: Any) -> int:
            async with connection.transaction():
                await connection.execute("DELETE FROM votes WHERE at < $1 OR answer_id IN"
                                         " (SELECT answer_id FROM turns WHERE at < $1)",
                                         before_ms)
                status = await connection.execute("DELETE FROM turns WHERE at < $1", before_ms)
            return int(status.split()[-1])
        return await self._call(purge)

    async def _put_salt(self, value: str) -> None:
        async def put(connection: Any) -> None:
            await connection.execute("INSERT INTO meta (key, value) VALUES ('salt', $1)"
                                     " ON CONFLICT (key) DO NOTHING", value)
        await self._call(put)


def _translated(exc: BaseException, label: str) -> StoreError:
    """asyncpg's and the socket's errors as ours: passing ones become StoreUnavailable."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, (OSError, asyncio.TimeoutError, asyncpg.InterfaceError)):
        return StoreUnavailable(f"cannot reach PostgreSQL ({message})", path=label)
    state = str(getattr(exc, "sqlstate", "") or "")
    if isinstance(exc, asyncpg.PostgresConnectionError) or state[:2] in RETRYABLE_CLASSES:
        return StoreUnavailable(f"PostgreSQL is unavailable ({message})", path=label)
    if isinstance(exc, asyncpg.PostgresError):
        return StoreError(f"PostgreSQL refused: {message}", path=label)
    return StoreError(f"{type(exc).__name__}: {message}", path=label)
