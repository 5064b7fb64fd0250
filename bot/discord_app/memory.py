"""Bounded, expiring conversation memory and per-user cooldowns for the chat fronts.

Pure bookkeeping with an injectable clock: no Discord types, so it is tested directly.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

from bot.engine import Context

Clock = Callable[[], float]


class Conversations:
    """The last Context of each conversation, least recently used evicted, stale ones expired."""

    def __init__(self, size: int, ttl: float, clock: Clock = time.monotonic) -> None:
        self.size, self.ttl, self.clock = size, ttl, clock
        self._items: OrderedDict[Hashable, tuple[float, Context]] = OrderedDict()

    def get(self, key: Hashable) -> Context:
        """The conversation's context, or a fresh one if unknown or expired."""
        entry = self._items.get(key)
        if entry is None or self.clock() - entry[0] > self.ttl:
            self._items.pop(key, None)
            return Context()
        self._items.move_to_end(key)
        return entry[1]

    def put(self, key: Hashable, context: Context) -> None:
        """Remember the context a conversation's last answer left."""
        self._items[key] = (self.clock(), context)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class Cooldown:
    """At most `rate` uses per key in any `per`-second window (a sliding log)."""

    def __init__(self, rate: int, per: float, clock: Clock = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.rate, self.per, self.clock, self.max_keys = rate, per, clock, max_keys
        self._uses: OrderedDict[Hashable, deque[float]] = OrderedDict()

    def retry_after(self, key: Hashable) -> float:
        """0 and the use is counted, or the seconds to wait before the key may ask again."""
        now = self.clock()
        uses = self._uses.setdefault(key, deque())
        self._uses.move_to_end(key)
        while uses and now - uses[0] >= self.per:
            uses.popleft()
        if len(uses) >= self.rate:
            return max(self.per - (now - uses[0]), 0.001)
        uses.append(now)
        while len(self._uses) > self.max_keys:
            self._uses.popitem(last=False)
        return 0.0
