"""The SQLite store: one file, WAL mode, the standard library's sqlite3 on its own threads.

Every write runs on a single dedicated thread that owns the writing connection, so the
event loop never waits on disk and writes are serialised without locks of our own. Reads
(`rows`) go to a few reader connections on threads of their own: WAL lets them read while
the bot writes, and lets the queries of one gaps report run side by side (sqlite3 lets go
of the GIL while SQLite works).
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from bot.store.backend import (INSERT_TURN, TALLY, UPSERT_VOTE, Store, turn_row, vote_of,
                               vote_value)
from bot.store.errors import StoreError, StoreUnavailable
from bot.store.records import Tally, Turn, Vote
from bot.store.schema import LATEST, VERSION_TABLE, pending
from bot.store.records import now_ms

T = TypeVar("T")
BUSY_TIMEOUT_MS = 5000
READERS = 2       # a gaps report runs two queries at a time


class SqliteStore(Store):
    """A guidebot store in one SQLite file."""

    KEYED = "SELECT key, value FROM json_each(?)"

    def __init__(self, path: str | Path, create: bool = True,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = Path(path).expanduser()
        self.busy_timeout_ms = busy_timeout_ms
        self.label = str(self.path)
        self.create = create
        self._connection: sqlite3.Connection | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="guidebot-sqlite")
        self._readers: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._reader_count = 0
        self._reading = ThreadPoolExecutor(max_workers=READERS,
                                           thread_name_prefix="guidebot-sqlite-read")

    def _call(self, connection: sqlite3.Connection | None,
              work: Callable[[sqlite3.Connection], T]) -> T:
        if connection is None:
            raise StoreUnavailable("the store is not open", path=self.label)
        try:
            return work(connection)
        except sqlite3.OperationalError as exc:
            # Locked, busy, disk full or I/O error: all may pass; the caller retries.
            if connection.in_transaction:
                connection.rollback()
            raise StoreUnavailable(str(exc), path=self.label) from None
        except sqlite3.DatabaseError as exc:
            if connection.in_transaction:
                connection.rollback()
            raise StoreError(str(exc), path=self.label) from None

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(
            self._thread, lambda: self._call(self._connection, work))

    async def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def call() -> T:
            if self._connection is None:
                raise StoreUnavailable("the store is not open", path=self.label)
            connection = self._readers.get()    # there are as many as reading threads
            try:
                return self._call(connection, work)
            finally:
                self._readers.put(connection)
        return await asyncio.get_running_loop().run_in_executor(self._reading, call)

    # -- lifecycle -------------------------------------------------------------------------

    async def open(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._thread, self._open)

    def _open(self) -> None:
        if self._connection is not None:
            return
        if not self.create and not self.path.exists():
            raise StoreError("no guidebot store here (the bot creates it when it first "
                             "records a question)", path=self.label)
        if not self.path.parent.is_dir():
            raise StoreError("its folder does not exist", path=self.label)
        try:
            connection = sqlite3.connect(self.path, isolation_level=None,
                                         check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open it ({exc})", path=self.label) from None
        readers: list[sqlite3.Connection] = []
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            self._prepare(connection)
            # Opened once the file is a store at the latest schema, so none creates a file.
            for _ in range(READERS):
                readers.append(sqlite3.connect(self.path, isolation_level=None,
                                               check_same_thread=False))
                readers[-1].execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        except (sqlite3.Error, StoreError) as exc:
            for opened in (connection, *readers):
                opened.close()
            if isinstance(exc, sqlite3.OperationalError):
                raise StoreUnavailable(str(exc), path=self.label) from None
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"not a guidebot store ({exc})", path=self.label) from None
            raise
        for reader in readers:
            self._readers.put(reader)
        self._reader_count = len(readers)
        self._connection = connection

    def _prepare(self, connection: sqlite3.Connection) -> None:
        """WAL mode and the schema, retried while another process holds the file: switching
        to WAL can report "locked" at once, without waiting out the busy timeout, when a
        second process opens a new store at the same moment."""
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        while True:
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable across a crash of the bot in WAL mode; only a power cut
                # can lose the last moments' records, which a log can afford.
                connection.execute("PRAGMA synchronous = NORMAL")
                self._migrate(connection)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) \
                        or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _migrate(self, connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN IMMEDIATE")   # one migrator at a time
        try:
            connection.execute(VERSION_TABLE)
            current = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            current = int(current or 0)
            if current > LATEST:
                raise StoreError(f"the store's schema is version {current}, newer than this "
                                 f"guidebot knows ({LATEST}): upgrade guidebot", path=self.label)
            for migration in pending(current):
                for statement in migration.statements:
                    connection.execute(statement)
                connection.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                                   (migration.version, migration.description, now_ms()))
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    async def close(self) -> None:
        def shut() -> None:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        await asyncio.get_running_loop().run_in_executor(self._thread, shut)
        self._thread.shutdown(wait=False)
        # Reads under way finish first (each takes a connection back before this gets it).
        self._reading.shutdown(wait=False)
        await asyncio.get_running_loop().run_in_executor(None, self._close_readers)

    def _close_readers(self) -> None:
        while self._reader_count:
            try:
                self._readers.get(timeout=self.busy_timeout_ms / 1000).close()
            except queue.Empty:
                return
            self._reader_count -= 1

    # -- primitives ------------------------------------------------------------------------

    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return await self._read(lambda c: c.execute(sql, tuple(params)).fetchall())

    async def write_turns(self, turns: Sequence[Turn]) -> None:
        def write(connection: sqlite3.Connection) -> None:
            with _transaction(connection):
                connection.executemany(INSERT_TURN, [turn_row(t) for t in turns])
        await self._run(write)

    async def vote(self, answer_id: str, user_hash: str, vote: Vote | None, at_ms: int,
                   toggle: bool = False) -> Tally | None:
        def cast(connection: sqlite3.Connection) -> Tally | None:
            with _transaction(connection):
                if connection.execute("SELECT 1 FROM turns WHERE answer_id = ?",
                                      (answer_id,)).fetchone() is None:
                    return None
                found = connection.execute(
                    "SELECT vote FROM votes WHERE answer_id = ? AND user_hash = ?",
                    (answer_id, user_hash)).fetchone()
                new = None if toggle and found and vote_of(found[0]) == vote else vote
                if new is None:
                    connection.execute("DELETE FROM votes WHERE answer_id = ? AND user_hash = ?",
                                       (answer_id, user_hash))
                else:
                    connection.execute(UPSERT_VOTE, (user_hash, vote_value(new), at_ms,
                                                     answer_id))
                up, down = connection.execute(TALLY, (answer_id,)).fetchone()
                return Tally(answer_id=answer_id, up=int(up), down=int(down), mine=new)
        return await self._run(cast)

    async def purge(self, before_ms: int) -> int:
        def purge(connection: sqlite3.Connection) -> int:
            with _transaction(connection):
                connection.execute("DELETE FROM votes WHERE at < ? OR answer_id IN"
                                   " (SELECT answer_id FROM turns WHERE at < ?)",
                                   (before_ms, before_ms))
                return connection.execute("DELETE FROM turns WHERE at < ?", (before_ms,)).rowcount
        return await self._run(purge)

    async def _put_salt(self, value: str) -> None:
        def put(connection: sqlite3.Connection) -> None:
            connection.execute("INSERT INTO meta (key, value) VALUES ('salt', ?)"
                               " ON CONFLICT (key) DO NOTHING", (value,))
        await self._run(put)


class _transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (the connection is in autocommit)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
