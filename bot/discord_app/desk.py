"""The desk: where every Discord turn is taken, from a message or from a slash command.

One place decides whether a turn is taken (not while shutting down, not past the asker's
cooldown, not for an interaction already too old to answer: see deadline.py) and writes the
sentence that says why not; counts the turn as in flight until its reply is sent, so a
shutdown lets it finish; counts and logs what could not be delivered; and makes the turn's
engine call with the conversation's memory. The client and the commands translate Discord
events into turns and send what comes back; they keep no state of their own.

The engine runs on the event loop, not in a thread: its worst questions at the length cap
take about 2 ms (under 30 ms at the worst seen on a busy machine; the faults tests bound the
loop's lag), a thread hop measured slower under load in the bench (acknowledgement p50
42 → 30 ms without it), and the GIL would serialise the work anyway. So no turn outlasts
Discord's 3 s acknowledgement window by itself, and nothing defers. What can outlast it is a
queue: thousands of interactions at once. So slash commands take their turns a few at a time
(SLOTS), each checked against the deadline when its slot comes, which bounds the time from
that check to the acknowledgement at a few dozen engine calls; the rest wait their turn or,
once too old, are skipped in microseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from bot.discord_app.config import Config
from bot.discord_app.deadline import Shedding
from bot.discord_app.ledger import Asked, Ledger
from bot.discord_app.memory import Clock, Conversations, Cooldown, Notified
from bot.engine import Answer, Context, Engine

if TYPE_CHECKING:
    from bot.engine import SalaryReport
    from bot.store.recorder import Recorder

log = logging.getLogger("guidebot.discord")
RESTARTING = "guidebot is restarting; please ask again in a moment."
# Slash commands between their deadline check and their acknowledgement. Against Discord's
# ~100 ms round trip, 64 keep some 600 acknowledgements a second on their way, while a check
# stays well inside MARGIN of its acknowledgement: 64 engine calls of ~2 ms, plus the trip.
SLOTS = 64


class Notices(Enum):
    """How a front tells an asker that a turn was not taken."""

    EVERY = "every"       # slash commands: each interaction must be answered
    SPARING = "sparing"   # messages: one cooldown notice per burst, nothing while shutting down


@dataclass(frozen=True)
class Refusal:
    """A turn not taken, and the sentence for the asker (None: send nothing)."""

    text: str | None


def conversation_key(channel_id: int | None, user_id: int) -> tuple[int, int]:
    """Conversations are per (channel, user)."""
    return (channel_id or 0, user_id)


class Desk:
    """Takes each turn: in flight, cooled down, remembered, one engine call."""

    def __init__(self, engine: Engine, config: Config, clock: Clock = time.monotonic,
                 recorder: Recorder | None = None, wall: Clock = time.time) -> None:
        self.engine = engine
        self.generation = 0     # bumped by each engine swap (/reload)
        self.ledger = Ledger(recorder, config.memory.size, config.feedback)
        self.clock = clock
        self.shedding = Shedding(wall)
        self.lost = 0            # replies that could not be delivered, since start
        self._slots = asyncio.Semaphore(SLOTS)
        # Per asker, each at most memory.size of them and forgotten when it no longer matters.
        self.memory = Conversations(config.memory.size, config.memory.ttl, clock)
        self.cooldown = Cooldown(config.cooldown.rate, config.cooldown.per, clock,
                                 config.memory.size)
        # 👍/👎 clicks have their own allowance, at the questions' rate: each click is a
        # store write and a message edit, and voting must not use up a person's questions.
        self.vote_cooldown = Cooldown(config.cooldown.rate, config.cooldown.per, clock,
                                      config.memory.size)
        self.notified = Notified(config.memory.size, clock)
        self.closing = False
        self._in_flight: set[asyncio.Task[Any]] = set()

    # -- turns -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def turn(self, user_id: int, notices: Notices) -> Iterator[Refusal | None]:
        """Hold a turn for this user: None when taken (in flight until the block ends), or
        the Refusal to send instead."""
        task = asyncio.current_task()
        if self.closing or task is None:
            yield Refusal(RESTARTING if notices is Notices.EVERY else None)
            return
        self._in_flight.add(task)
        try:
            wait = self.cooldown.retry_after(user_id)
            yield self._slow_down(user_id, wait, notices) if wait else None
        finally:
            self._in_flight.discard(task)

    @contextlib.asynccontextmanager
    async def timed_turn(self, user_id: int, created: float) -> AsyncIterator[Refusal | None]:
        """A slash command's turn: it waits for one of a few slots, then is refused without a
        word (Refusal(None)) if it has become too old to acknowledge; `created` is when
        Discord created the interaction, in seconds since 1970."""
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)      # queued for a slot: a shutdown waits for it too
        try:
            async with self._slots:
                if not self.closing and self.shedding.too_old(created):
                    yield Refusal(None)
                    return
                with self.turn(user_id, Notices.EVERY) as refusal:
                    yield refusal
        finally:
            if task is not None:
                self._in_flight.discard(task)

    def too_old(self, created: float) -> bool:
        """True, and counted, when an interaction created then can no longer be answered."""
        return self.shedding.too_old(created)

    def lose(self, what: str, why: str) -> None:
        """A reply that could not be delivered: counted, and one log line saying which and why."""
        self.lost += 1
        log.warning("not delivered: %s: %s", what, why)

    def vote_refusal(self, user_id: int) -> Refusal | None:
        """None when this user's click may be counted (and it is, toward the allowance), else
        the sentence to send instead: every click gets one, as every slash command does."""
        wait = self.vote_cooldown.retry_after(user_id)
        return Refusal(f"You're voting quickly. Try again in {wait:.0f} s.") if wait else None

    def _slow_down(self, user_id: int, wait: float, notices: Notices) -> Refusal:
        """The cooldown sentence, said once per burst where notices are sparing."""
        if notices is Notices.SPARING and not self.notified.first(user_id, wait):
            return Refusal(None)
        return Refusal(f"You're asking quickly. Try again in {wait:.0f} s.")

    def remembered(self) -> dict[str, int]:
        """How many askers each per-asker table holds now."""
        return {"conversations": len(self.memory), "cooldowns": len(self.cooldown),
                "vote_cooldowns": len(self.vote_cooldown),
                "notices": len(self.notified)}

    @property
    def in_flight(self) -> frozenset[asyncio.Task[Any]]:
        """The turns being taken now."""
        return frozenset(t for t in self._in_flight if not t.done())

    async def drain(self, timeout: float) -> None:
        """Take no more turns and give the ones in flight `timeout` seconds to finish."""
        self.closing = True
        self.shedding.flush()
        log.info("since start: %d interaction(s) skipped as too old, %d repl(ies) not delivered",
                 self.shedding.skipped, self.lost)
        pending = self.in_flight
        if pending:
            log.info("shutting down: finishing %d answer(s) in flight", len(pending))
            await asyncio.wait(pending, timeout=timeout)

    # -- the engine --------------------------------------------------------------------------

    def ask(self, channel_id: int | None, user_id: int, question: str) -> Answer:
        """The engine's answer with this conversation's memory, which it then updates."""
        return self.asked(question, guild_id=None, channel_id=channel_id, user_id=user_id).answer

    def asked(self, question: str, *, guild_id: int | None, channel_id: int | None,
              user_id: int) -> Asked:
        """`ask`, as the turn the ledger records: the answer and what it was asked with."""
        key = conversation_key(channel_id, user_id)
        context = self.memory.get(key)
        answer = self.engine.answer(question, context)
        self.memory.put(key, answer.context)
        return Asked(question=question, context=context, answer=answer, guild_id=guild_id,
                     channel_id=channel_id, user_id=user_id, generation=self.generation)

    def fixed(self, question: str, label: str, *, guild_id: int | None,
              channel_id: int | None, user_id: int) -> Asked:
        """A fixed command's answer (no conversation), as the turn the ledger records."""
        return Asked(question=question, context=Context(), answer=self.engine.answer(question),
                     guild_id=guild_id, channel_id=channel_id, user_id=user_id, label=label,
                     generation=self.generation)

    def swap(self, engine: Engine) -> None:
        """Answer from now on with another engine (a reloaded guide). Turns run one at a time
        on the loop, so no question sees half of each. Conversations carry on: the engine
        ignores what a context points back to when the new guide no longer has it."""
        self.engine = engine
        self.generation += 1

    def answer(self, question: str) -> Answer:
        """The engine's answer to a question asked on its own (a fixed command's)."""
        return self.engine.answer(question)

    def salary(self, places: Sequence[str]) -> SalaryReport:
        """The guide's salary record for these places."""
        return self.engine.salary(places)

    def salary_places(self) -> tuple[str, ...]:
        """Every place the salary table covers, for autocomplete."""
        return self.engine.salary_places()

    @property
    def role(self) -> str:
        """The role the guide is about."""
        return self.engine.corpus.role

    def help_text(self) -> str:
        """What guidebot answers, with examples: the engine's answer to "help", as in the chat."""
        return self.engine.answer("help").text
