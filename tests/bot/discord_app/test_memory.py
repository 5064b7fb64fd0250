"""Conversation memory and cooldowns, on a fake clock."""

from __future__ import annotations

from bot.engine.answer import Context, Route
from bot.discord_app.memory import Conversations, Cooldown


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_memory_is_bounded_and_expires() -> None:
    clock = Clock()
    memory = Conversations(size=2, ttl=60, clock=clock)
    salary = Context(Route.SALARY, ("Germany",))
    memory.put((1, 1), salary)
    memory.put((1, 2), Context(Route.LIST))
    assert memory.get((1, 1)) == salary          # touching it makes (1, 2) the oldest
    memory.put((1, 3), Context(Route.PASSAGE))
    assert len(memory) == 2 and memory.get((1, 2)) == Context()
    clock.now += 61
    assert memory.get((1, 1)) == Context() and len(memory) == 1


def test_cooldown_window_and_keys() -> None:
    clock = Clock()
    cooldown = Cooldown(rate=2, per=10, clock=clock, max_keys=2)
    assert cooldown.retry_after("a") == 0 and cooldown.retry_after("a") == 0
    assert cooldown.retry_after("a") == 10
    assert cooldown.retry_after("b") == 0          # other users are unaffected
    clock.now += 4
    assert cooldown.retry_after("a") == 6
    clock.now += 6
    assert cooldown.retry_after("a") == 0
    cooldown.retry_after("c")
    assert len(cooldown._uses) == 2                # the least recent key was dropped
