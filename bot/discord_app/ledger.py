"""The desk's ledger: each answered turn queued for the store, the last one per channel for
/why, votes, and the gaps report for /gaps.

Recording is off the answer path: `record` only puts the turn on the recorder's bounded
queue (microseconds; see bench/store.py) and returns the answer id the 👍/👎 buttons carry.
The store is opened, written and closed by the recorder's own task; when it is slow or down
answers go on and the recorder retries. With no store configured the ledger still keeps
the last answers, so /why works; votes and /gaps then say that nothing is recorded.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

from bot.engine import Answer, Context
from bot.store import GapsReport, Tally, Vote, open_store
from bot.store.errors import StoreUnavailable
from bot.store.gaps import role_terms
from bot.store.recorder import Recorder

log = logging.getLogger("guidebot.discord")
FLUSH_BEFORE_REPORT = 2.0   # seconds /gaps waits for queued turns to reach the store


@dataclass(frozen=True)
class Asked:
    """One turn as the desk answered it: what the person asked (`label`, as recorded), what
    the engine was asked (`question`) with the conversation's context before it, and where."""

    question: str
    context: Context
    answer: Answer
    guild_id: int | None
    channel_id: int | None
    user_id: int
    label: str = ""
    generation: int = 0      # which engine answered it (each /reload makes a new one)

    @property
    def asked_as(self) -> str:
        """The question as the person put it."""
        return self.label or self.question


def open_recorder(storage: str | bool | None, retention_days: int, role: str) -> Recorder | None:
    """The recorder for a configured storage (None or false: nothing is recorded). Nothing
    connects until the recorder starts; a bad value raises StoreError."""
    if not isinstance(storage, str):
        return None
    return Recorder(open_store(storage), retention_days=retention_days,
                    ignore_terms=role_terms(role))


class NotRecording(Exception):
    """The bot was started without a store: votes and reports have nowhere to come from."""


class Ledger:
    """What the desk keeps of the turns it answers."""

    def __init__(self, recorder: Recorder | None, size: int, feedback: bool = True) -> None:
        self.recorder = recorder
        self.size = size
        self.feedback = feedback and recorder is not None
        self._last: OrderedDict[int, Asked] = OrderedDict()

    @property
    def recording(self) -> bool:
        """True when turns go to a store."""
        return self.recorder is not None

    def record(self, asked: Asked) -> str | None:
        """Remember the turn as its channel's last and queue it for the store (no waiting);
        its answer id, or None when nothing is recorded."""
        key = asked.channel_id or 0
        self._last[key] = asked
        self._last.move_to_end(key)
        while len(self._last) > self.size:
            self._last.popitem(last=False)
        if self.recorder is None:
            return None
        return self.recorder.record(asked.answer, question=asked.asked_as,
                                    guild_id=asked.guild_id, channel_id=asked.channel_id,
                                    user_id=asked.user_id)

    def last(self, channel_id: int | None) -> Asked | None:
        """The last answer given in a channel, if it is still remembered."""
        return self._last.get(channel_id or 0)

    async def vote(self, answer_id: str, user_id: int, pressed: Vote) -> Tally | None:
        """Set, change or withdraw a vote; None when the store does not know the answer.
        StoreUnavailable when the store cannot take it now; NotRecording without a store."""
        if self.recorder is None:
            raise NotRecording()
        return await self.recorder.vote(answer_id, user_id, pressed)

    async def gaps(self, guild_id: int | None, since_ms: int | None = None,
                   limit: int = 20) -> GapsReport:
        """The gaps report for one server, after what is queued has been written."""
        if self.recorder is None:
            raise NotRecording()
        if not self.recorder.connected.is_set():
            raise StoreUnavailable("the store is not connected yet",
                                   path=self.recorder.store.label)
        await self.recorder.flush(FLUSH_BEFORE_REPORT)
        return await self.recorder.store.gaps(since_ms, guild_id, limit)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Start recording (in the running event loop)."""
        if self.recorder is not None:
            self.recorder.start()
            log.info("recording questions to %s (retention %d days)", self.recorder.store.label,
                     self.recorder.retention_days)

    async def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (for at most `timeout` seconds) and close the store, once."""
        recorder, self.recorder = self.recorder, None
        if recorder is not None:
            await recorder.close(timeout)
