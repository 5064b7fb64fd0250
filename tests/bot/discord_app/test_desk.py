"""The desk: which turns are taken, what a refused asker is told, memory and shutdown."""

from __future__ import annotations

import asyncio

import pytest

from bot.discord_app.config import Config, Cooldown
from bot.discord_app.desk import RESTARTING, Desk, Notices, Refusal
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
