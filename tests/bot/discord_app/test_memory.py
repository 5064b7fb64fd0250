"""What the bot remembers per asker, on a fake clock: bounded by the config, and expiring.

The big run (60,000 askers through the real client, its memory in MB) is `make bench`'s;
here the bounds themselves are checked, exactly.
"""

from __future__ import annotations

import pytest

from bot.discord_app.config import Config, Cooldown as CooldownConfig, Memory
from bot.discord_app.desk import Desk, Notices, Refusal
from bot.discord_app.memory import Conversations, Cooldown, Expiring, Notified
from bot.engine import Engine
from bot.engine.answer import Context, Route

pytestmark = pytest.mark.asyncio


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_an_expiring_table_keeps_its_bound_and_forgets() -> None:
    clock = Clock()
    table: Expiring[str] = Expiring(size=2, clock=clock)
    table.put("a", "A", expires=clock.now + 10)
    table.put("b", "B", expires=clock.now + 10)
    table.put("a", "A2", expires=clock.now + 10)      # rewritten: "b" is now the oldest
    table.put("c", "C", expires=clock.now + 10)       # over size: "b" goes
    assert (len(table), table.get("a"), table.get("b"), table.get("c")) == (2, "A2", None, "C")
    table.put("d", "D", expires=clock.now + 20)       # and now "a"
    assert (len(table), table.get("a"), table.get("c")) == (2, None, "C")
    clock.now += 10
    assert table.get("d") == "D" and len(table) == 1  # a read drops what has expired


async def test_conversations_are_bounded_and_expire() -> None:
    clock = Clock()
    memory = Conversations(size=2, ttl=60, clock=clock)
    salary = Context(Route.SALARY, ("Germany",))
    memory.put((1, 1), salary)
    memory.put((1, 2), Context(Route.LIST))
    memory.put((1, 1), salary)                   # answered again: (1, 2) is now the oldest
    memory.put((1, 3), Context(Route.PASSAGE))
    assert len(memory) == 2 and memory.get((1, 2)) == Context() and memory.get((1, 1)) == salary
    clock.now += 61
    assert memory.get((1, 1)) == Context() and len(memory) == 0


async def test_cooldown_window_keys_and_expiry() -> None:
    clock = Clock()
    cooldown = Cooldown(rate=2, per=10, clock=clock, size=2)
    assert cooldown.retry_after("a") == 0 and cooldown.retry_after("a") == 0
    assert cooldown.retry_after("a") == 10
    assert cooldown.retry_after("b") == 0          # other users are unaffected
    clock.now += 4
    assert cooldown.retry_after("a") == 6
    clock.now += 6
    assert cooldown.retry_after("a") == 0
    cooldown.retry_after("c")
    assert len(cooldown) == 2                      # the least recent key was dropped
    clock.now += 10
    cooldown.retry_after("d")
    assert len(cooldown) == 1                      # a key whose last use is out of the window


async def test_a_notice_once_per_wait() -> None:
    clock = Clock()
    notified = Notified(size=2, clock=clock)
    assert notified.first(7, wait=30) and not notified.first(7, wait=30)
    clock.now += 30
    assert notified.first(7, wait=30)              # a new burst, a new notice
    assert notified.first(8, wait=30) and notified.first(9, wait=30) and len(notified) == 2


async def test_sixty_thousand_askers_stay_within_the_configured_bounds(
        ml_engine: Engine) -> None:
    """Each asks twice (the second is cooled down and told so): every table stays at
    memory.size, and once they have all gone quiet the tables empty as new askers come."""
    clock = Clock()
    size = 500
    desk = Desk(ml_engine, Config(cooldown=CooldownConfig(rate=1, per=30),
                                  memory=Memory(size=size, ttl=600)), clock)
    largest = {"conversations": 0, "cooldowns": 0, "notices": 0}
    for user in range(60_000):
        with desk.turn(user, Notices.SPARING) as refusal:
            assert refusal is None
            desk.memory.put((1, user), Context(Route.SALARY, ("Germany",)))
        with desk.turn(user, Notices.SPARING) as refusal:
            assert refusal == Refusal("You're asking quickly. Try again in 30 s.")
        clock.now += 0.01
        largest = {k: max(v, desk.remembered()[k]) for k, v in largest.items()}
    assert largest == {"conversations": size, "cooldowns": size, "notices": size}
    clock.now += 601                                    # past every ttl and every wait
    with desk.turn(60_000, Notices.SPARING):
        assert desk.memory.get((1, 59_999)) == Context()
        desk.memory.put((1, 60_000), Context())
    with desk.turn(60_000, Notices.SPARING):            # told to slow down: notices are read
        pass
    assert desk.remembered() == {"conversations": 1, "cooldowns": 1, "vote_cooldowns": 0,
                                 "notices": 1}
