"""The bot's side of the store: `record` on the answer path, a writer task behind a queue.

`record` only builds a small record and puts it on a bounded queue (microseconds; the
bench measures it). A writer task drains the queue in batches. When the store is slow or
down, answers keep flowing: the batch in hand is retried with backoff, new records wait
in the queue, and once the queue is full further records are dropped and counted, with
one warning line saying how many when the store is back (or at shutdown).

The asker's Discord id is hashed (HMAC-SHA256 with the store's own salt) by the writer
before anything is written; the raw id lives only in memory, only until then.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine import Answer
from bot.store import gaps
from bot.store.backend import Store
from bot.store.errors import StoreError, StoreUnavailable
from bot.store.records import SourceRef, Tally, Turn, Vote, now_ms

log = logging.getLogger("guidebot.store")
DAY_MS = 86_400_000
MAX_QUESTION = 2000
VOTE_TIMEOUT = 5.0


@dataclass(frozen=True)
class _Asked:
    """A turn waiting to be written: the user id is still raw, in memory only."""

    answer_id: str
    at_ms: int
    guild_id: int | None
    channel_id: int | None
    user_id: int
    question: str
    route: str
    abstained: bool
    sources: tuple[SourceRef, ...]


# How long the writer waits after a first record for others to join its batch.
LINGER = 0.05


class Recorder:
    """Records turns without waiting on the store, and casts votes through it."""

    def __init__(self, store: Store, *, retention_days: int = 90, queue_size: int = 10_000,
                 batch_size: int = 500, retry_max: float = 5.0, purge_every: float = 3600.0,
                 ignore_terms: frozenset[str] = frozenset(), linger: float = LINGER) -> None:
        self.store = store
        self.linger = linger
        self.retention_days = retention_days
        self.batch_size = batch_size
        self.retry_max = retry_max
        self.purge_every = purge_every
        self.ignore_terms = ignore_terms
        self.written = 0
        self.dropped = 0          # since the last warning about it
        self.dropped_total = 0
        self._queue: asyncio.Queue[_Asked] = asyncio.Queue(maxsize=queue_size)
        self._pending: set[str] = set()
        self._written = asyncio.Condition()
        self._salt: bytes | None = None
        self.connected = asyncio.Event()   # set once the store is open and the salt known
        self.down = asyncio.Event()        # set while the store is unavailable
        self._writer: asyncio.Task[None] | None = None
        self._down_since: float | None = None
        self._retry = 0
        self._purger: asyncio.Task[None] | None = None

    # -- the answer path -------------------------------------------------------------------

    def record(self, answer: Answer, *, question: str, guild_id: int | None,
               channel_id: int | None, user_id: int) -> str:
        """Queue one turn and return its answer id (also when the queue is full and the
        record is dropped: the id then names an answer the store will not know)."""
        answer_id = secrets.token_hex(8)
        asked = _Asked(answer_id=answer_id, at_ms=now_ms(), guild_id=guild_id,
                       channel_id=channel_id, user_id=user_id, question=question[:MAX_QUESTION],
                       route=answer.route, abstained=answer.abstained,
                       sources=tuple(SourceRef(section=s.section, passage=s.passage)
                                     for s in answer.sources))
        try:
            self._queue.put_nowait(asked)
        except asyncio.QueueFull:
            self.dropped += 1
            self.dropped_total += 1
        else:
            self._pending.add(answer_id)
        return answer_id

    @property
    def waiting(self) -> int:
        """Records queued or in the batch being written."""
        return len(self._pending)

    # -- votes -----------------------------------------------------------------------------

    async def vote(self, answer_id: str, user_id: int, pressed: Vote) -> Tally | None:
        """A click on 👍/👎: set the vote, change it, or withdraw it if it was already so.
        None when the store does not know the answer; StoreUnavailable when it is down."""
        if not self.connected.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.connected.wait(), VOTE_TIMEOUT)
        if answer_id in self._pending:   # clicked before its turn reached the store
            async with self._written:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._written.wait_for(
                        lambda: answer_id not in self._pending), VOTE_TIMEOUT)
        try:
            return await asyncio.wait_for(
                self.store.vote(answer_id, self.user_hash(user_id), pressed, now_ms(),
                                toggle=True), VOTE_TIMEOUT)
        except asyncio.TimeoutError:
            raise StoreUnavailable("the store did not answer in time",
                                   path=self.store.label) from None

    def user_hash(self, user_id: int) -> str:
        """The stored stand-in for a user: HMAC-SHA256 of the id under the store's salt."""
        if self._salt is None:
            raise StoreUnavailable("the store is not connected yet", path=self.store.label)
        return hmac.new(self._salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Start the writer task (in the running event loop)."""
        if self._writer is None:
            self._writer = asyncio.get_running_loop().create_task(self._run(),
                                                                  name="guidebot-store-writer")

    async def flush(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for everything queued to be written; True if it was."""
        try:
            await asyncio.wait_for(self._queue.join(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    async def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (for at most `timeout` seconds), then stop and disconnect."""
        if self._writer is not None and not self._writer.done():
            if not await self.flush(timeout):
                log.warning("store %s: %d records not written (the store is unavailable)",
                            self.store.label, self.waiting)
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        if self._purger is not None:
            self._purger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._purger
        self._report_drops()
        await self.store.close()

    # -- the writer --------------------------------------------------------------------------

    async def _run(self) -> None:
        try:
            await self._connect()
            self._purger = asyncio.get_running_loop().create_task(
                self._purge_regularly(), name="guidebot-store-retention")
            while True:
                await self._write(await self._next_batch())
        except asyncio.CancelledError:
            raise
        except Exception:   # a bug, not an outage: say so loudly, answers go on regardless
            log.exception("store writer stopped; questions are no longer recorded")

    async def _connect(self) -> None:
        while True:
            try:
                await self.store.open()
                self._salt = await self.store.salt()
            except StoreUnavailable as exc:
                self._unavailable(exc)
                await asyncio.sleep(self._backoff())
                continue
            except StoreError as exc:
                if self._down_since is None:
                    log.error("store cannot be used: %s; retrying every %.0f s", exc,
                              self.retry_max)
                    self._down_since = asyncio.get_running_loop().time()
                    self.down.set()
                await asyncio.sleep(self.retry_max)
                continue
            self._back()
            await self._purge()
            self.connected.set()
            return

    async def _next_batch(self) -> list[Turn]:
        batch = [await self._queue.get()]
        if self.linger and self._queue.qsize() + 1 < self.batch_size:
            # A burst's records go in one transaction, not one each: every write is a thread
            # hop and a commit, CPU the event loop answering that burst would otherwise share.
            await asyncio.sleep(self.linger)
        while len(batch) < self.batch_size and not self._queue.empty():
            batch.append(self._queue.get_nowait())
        return [self._turn(asked) for asked in batch]

    def _turn(self, asked: _Asked) -> Turn:
        terms = gaps.key_terms(asked.question, self.ignore_terms) if asked.abstained else ""
        return Turn(answer_id=asked.answer_id, at_ms=asked.at_ms, guild_id=asked.guild_id,
                    channel_id=asked.channel_id, user_hash=self.user_hash(asked.user_id),
                    question=asked.question, route=asked.route, abstained=asked.abstained,
                    sources=asked.sources, terms=terms)

    async def _write(self, turns: Sequence[Turn]) -> None:
        if not turns:
            return
        while True:
            try:
                await self.store.write_turns(turns)
            except StoreUnavailable as exc:
                self._unavailable(exc)
                await asyncio.sleep(self._backoff())
                continue
            except StoreError as exc:   # this batch cannot be written: never will be
                log.error("store %s: %d records not written: %s", self.store.label,
                          len(turns), exc.message)
            else:
                self.written += len(turns)
                self._back()
            break
        for turn in turns:
            self._pending.discard(turn.answer_id)
            self._queue.task_done()
        async with self._written:
            self._written.notify_all()
        if self._queue.qsize() <= self._queue.maxsize // 2:   # the overflow is over
            self._report_drops()

    async def _purge_regularly(self) -> None:
        while True:   # the first purge ran on connecting
            await asyncio.sleep(self.purge_every)
            await self._purge()

    async def _purge(self) -> None:
        try:
            removed = await self.store.purge(now_ms() - self.retention_days * DAY_MS)
        except StoreError as exc:
            log.warning("store %s: retention purge skipped: %s", self.store.label, exc.message)
            return
        if removed:
            log.info("store: removed %d turns older than %d days", removed, self.retention_days)

    # -- outage bookkeeping ------------------------------------------------------------------

    def _backoff(self) -> float:
        self._retry += 1
        return min(self.retry_max, 0.1 * 2 ** min(self._retry, 10))

    def _unavailable(self, exc: StoreError) -> None:
        if self._down_since is None:   # one line per outage, not one per retry
            self._down_since = asyncio.get_running_loop().time()
            self.down.set()
            log.warning("store unavailable: %s; answering goes on, %d records wait for it",
                        exc, self.waiting)

    def _back(self) -> None:
        self._retry = 0
        if self._down_since is not None:
            took = asyncio.get_running_loop().time() - self._down_since
            self._down_since = None
            self.down.clear()
            log.warning("store %s is back after %.1f s; writing %d waiting records",
                        self.store.label, took, self.waiting)

    def _report_drops(self) -> None:
        if self.dropped:
            log.warning("store: the record queue overflowed while the store was slow or down: "
                        "%d records dropped", self.dropped)
            self.dropped = 0
