"""Everything the bot remembers per asker: bounded by the config and expiring.

Conversation memory, the cooldown's record of recent questions, and who has been told to slow
down all keep at most `memory.size` askers and forget each one when it no longer matters, so
60,000 people asking once cost no more memory than 5,000. Pure bookkeeping with an injectable
clock: no Discord types, so it is tested directly.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from bot.engine import Context

Clock = Callable[[], float]
V = TypeVar("V")


class Expiring(Generic[V]):
    """At most `size` entries, the least recently written dropped first; each forgotten once
    past the expiry time it was written with."""

    def __init__(self, size: int, clock: Clock = time.monotonic) -> None:
        self.size, self.clock = size, clock
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        """The entry's value, or None if unknown or expired (then it is dropped)."""
        now = self.clock()
        self._prune(now)
        entry = self._items.get(key)
        if entry is None:
            return None
        if now >= entry[0]:
            del self._items[key]
            return None
        return entry[1]

    def put(self, key: Hashable, value: V, expires: float) -> None:
        """Write an entry, forgotten at `expires` (on the clock); the table stays in bounds."""
        self._items[key] = (expires, value)
        self._items.move_to_end(key)
        self._prune(self.clock())

    def _prune(self, now: float) -> None:
        """Drop the oldest while over size, and the expired at the front: entries are written
        in time order, so the expired gather there (one written with a longer life can shield
        a few behind it until it goes too; `size` bounds them all)."""
        while self._items and (len(self._items) > self.size
                               or next(iter(self._items.values()))[0] <= now):
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class Conversations:
    """The last Context of each conversation, for `ttl` seconds after its last answer."""

    def __init__(self, size: int, ttl: float, clock: Clock = time.monotonic) -> None:
        self.ttl, self.clock = ttl, clock
        self._table: Expiring[Context] = Expiring(size, clock)

    def get(self, key: Hashable) -> Context:
        """The conversation's context, or a fresh one if unknown or expired."""
        return self._table.get(key) or Context()

    def put(self, key: Hashable, context: Context) -> None:
        """Remember the context a conversation's last answer left."""
        self._table.put(key, context, self.clock() + self.ttl)

    def __len__(self) -> int:
        return len(self._table)


class Cooldown:
    """At most `rate` uses per key in any `per`-second window (a sliding log), for at most
    `size` keys; a key is forgotten once its last use is out of the window."""

    def __init__(self, rate: int, per: float, clock: Clock = time.monotonic,
                 size: int = 5000) -> None:
        self.rate, self.per, self.clock = rate, per, clock
        self._uses: Expiring[deque[float]] = Expiring(size, clock)

    def retry_after(self, key: Hashable) -> float:
        """0 and the use is counted, or the seconds to wait before the key may ask again."""
        now = self.clock()
        uses = self._uses.get(key) or deque()
        while uses and now - uses[0] >= self.per:
            uses.popleft()
        if len(uses) >= self.rate:
            return max(self.per - (now - uses[0]), 0.001)
        uses.append(now)
        self._uses.put(key, uses, now + self.per)
        return 0.0

    def __len__(self) -> int:
        return len(self._uses)


class Notified:
    """Who has been told to slow down, until their wait is over (one notice per burst)."""

    def __init__(self, size: int, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._until: Expiring[bool] = Expiring(size, clock)

    def first(self, key: Hashable, wait: float) -> bool:
        """True the first time in a wait (the notice is due, and now remembered), else False."""
        if self._until.get(key):
            return False
        self._until.put(key, True, self.clock() + wait)
        return True

    def __len__(self) -> int:
        return len(self._until)
