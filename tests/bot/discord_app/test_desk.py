"""The desk: which turns are taken, what a refused asker is told, memory and shutdown."""

from __future__ import annotations

import asyncio

import pytest

from bot.discord_app.config import Config, Cooldown
from bot.discord_app.deadline import DEADLINE, MARGIN
from bot.discord_app.desk import RESTARTING, SLOTS, Desk, Notices, Refusal
from bot.engine import Engine

pytestmark = pytest.mark.asyncio
SLOW_DOWN = "You're asking quickly. Try again in 60 s."


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def desk(engine: Engine, clock: Clock | None = None, rate: int = 2) -> Desk:
    return Desk(engine, Config(cooldown=Cooldown(rate=rate, per=60)), clock or Clock())


async def test_a_turn_remembers_its_conversation(ml_engine: Engine) -> None:
    front = desk(ml_engine, rate=10)
    with front.turn(7, Notices.EVERY) as refusal:
        assert refusal is None
        assert "AWS Certified" in front.ask(1, 7, "what certifications should I get?").text
    with front.turn(7, Notices.EVERY) as refusal:
        assert refusal is None
        follow_up = front.ask(1, 7, "tell me more about the second one")
        assert follow_up.text.startswith("**Google Cloud Certified")
    # Another channel is another conversation: there is nothing to follow up on.
    assert front.ask(2, 7, "tell me more about the second one").abstained


async def test_every_refusal_is_said_to_a_command(ml_engine: Engine) -> None:
    front = desk(ml_engine)
    told = []
    for _ in range(4):
        with front.turn(7, Notices.EVERY) as refusal:
            told.append(refusal)
    assert told == [None, None, Refusal(SLOW_DOWN), Refusal(SLOW_DOWN)]
    with front.turn(8, Notices.EVERY) as refusal:
        assert refusal is None                         # other askers are unaffected


async def test_messages_hear_once_per_burst(ml_engine: Engine) -> None:
    clock = Clock()
    front = desk(ml_engine, clock, rate=1)
    told = []
    for _ in range(3):
        with front.turn(7, Notices.SPARING) as refusal:
            told.append(refusal)
    assert told == [None, Refusal(SLOW_DOWN), Refusal(None)]
    clock.now += 30                                    # the same burst: still quiet
    with front.turn(7, Notices.SPARING) as refusal:
        assert refusal == Refusal(None)
    clock.now += 31                                    # the window has passed
    with front.turn(7, Notices.SPARING) as refusal:
        assert refusal is None


async def test_shutdown_waits_for_turns_in_flight(ml_engine: Engine) -> None:
    front = desk(ml_engine)
    entered, release = asyncio.Event(), asyncio.Event()
    finished = []

    async def slow_turn() -> None:
        with front.turn(7, Notices.EVERY) as refusal:
            assert refusal is None
            entered.set()
            await release.wait()                       # e.g. a send still on its way
            finished.append(True)

    task = asyncio.create_task(slow_turn())
    await entered.wait()
    assert front.in_flight == {task}
    draining = asyncio.create_task(front.drain(timeout=10))
    await asyncio.sleep(0)       # one loop pass: drain's first step runs (tasks run in order)
    assert front.closing and not draining.done()       # drain is waiting for the turn
    with front.turn(8, Notices.EVERY) as refusal:
        assert refusal == Refusal(RESTARTING)          # no new turns meanwhile
    with front.turn(8, Notices.SPARING) as refusal:
        assert refusal == Refusal(None)                # a message is not answered at all
    release.set()
    await draining
    assert finished == [True] and front.in_flight == frozenset()


async def test_a_slash_command_too_old_to_answer_is_refused_without_a_word(
        ml_engine: Engine) -> None:
    wall = Clock()
    front = Desk(ml_engine, Config(), Clock(), wall=wall)
    async with front.timed_turn(7, created=wall.now - (DEADLINE - MARGIN) + 0.1) as refusal:
        assert refusal is None                         # still time to answer
    async with front.timed_turn(7, created=wall.now - (DEADLINE - MARGIN)) as refusal:
        assert refusal == Refusal(None)                # nothing is sent for it
    assert front.shedding.skipped == 1
    front.shedding.flush()


async def test_the_deadline_is_checked_when_a_slot_comes(ml_engine: Engine) -> None:
    """Past SLOTS at once, a command waits; by the time its slot comes it may be too old."""
    wall = Clock()
    front = Desk(ml_engine, Config(cooldown=Cooldown(rate=1000, per=1)), Clock(), wall=wall)
    entered, release = asyncio.Event(), asyncio.Event()
    told: list[Refusal | None] = []

    async def turn(user: int) -> None:
        async with front.timed_turn(user, created=wall.now) as refusal:
            told.append(refusal)
            if len(told) == SLOTS:
                entered.set()
            await release.wait()                       # e.g. an acknowledgement on its way

    busy = [asyncio.create_task(turn(n)) for n in range(SLOTS)]
    await entered.wait()
    waiting = asyncio.create_task(turn(SLOTS))
    await asyncio.sleep(0)                             # it runs up to the slot it waits for
    assert len(told) == SLOTS and front.in_flight >= {waiting}
    wall.now += DEADLINE                               # the queue moved slowly
    release.set()
    await asyncio.gather(*busy, waiting)
    assert told == [None] * SLOTS + [Refusal(None)] and front.shedding.skipped == 1
    front.shedding.flush()
