"""Discord's 3-second deadline for an interaction's first response, and shedding load past it.

An interaction's age is counted from its snowflake id (`Interaction.created_at`: when Discord
created it), not from when discord.py parsed it. Discord's deadline runs from creation, and
under a burst the event waits in the socket and the gateway reader before it is parsed, a wait
that a receipt time cannot see. This trusts the host's clock, as discord.py's own
`Interaction.is_expired` does: run the bot on a host kept in time (NTP).

An interaction too old to acknowledge is skipped without a word to Discord: any call would be
refused with "Unknown interaction" and would cost the work the bot can least afford when it is
furthest behind. Skips are counted and reported as one log line per burst.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

log = logging.getLogger("guidebot.discord")
Clock = Callable[[], float]

DEADLINE = 3.0   # seconds Discord gives an interaction's first response
MARGIN = 0.5     # kept back for the engine call and the acknowledgement's round trip
QUIET = 1.0      # a burst has ended after this long without a skip
# How long a reply may keep retrying once its deadline is not Discord's: a mention reply, a
# follow-up. Past discord.py's whole 5xx schedule (1 + 3 + 5 + 7 s), short of an answer that
# arrives when the asker has moved on.
REPLY_WINDOW = 20.0


class Shedding:
    """Which interactions are too old to answer; the count, and one log line per burst."""

    def __init__(self, wall: Clock = time.time, quiet: float = QUIET) -> None:
        self.wall, self.quiet = wall, quiet
        self.skipped = 0                       # since start
        self._burst, self._oldest, self._last = 0, 0.0, 0.0
        self._timer: asyncio.TimerHandle | None = None

    def remaining(self, created: float) -> float:
        """Seconds left before Discord refuses a first response to what was created then."""
        return DEADLINE - (self.wall() - created)

    def too_old(self, created: float) -> bool:
        """True, and counted, when an interaction created then can no longer be answered
        in time (`created`: seconds since 1970, from its snowflake)."""
        age = self.wall() - created
        if age < DEADLINE - MARGIN:
            return False
        self.skipped += 1
        self._burst += 1
        self._oldest = max(self._oldest, age)
        self._last = time.monotonic()
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.quiet, self._settle)
        return True

    def _settle(self) -> None:
        """Report the burst once it has been quiet for a while; otherwise look again later."""
        idle = time.monotonic() - self._last
        if idle < self.quiet:
            self._timer = asyncio.get_running_loop().call_later(self.quiet - idle, self._settle)
            return
        self._timer = None
        self.flush()

    def flush(self) -> None:
        """Log the burst in progress, if any (at shutdown, or when it has ended)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._burst:
            log.warning("overloaded: skipped %d interaction(s) already too old to answer within "
                        "Discord's %g s (oldest %.1f s); %d skipped since start",
                        self._burst, DEADLINE, self._oldest, self.skipped)
        self._burst, self._oldest = 0, 0.0
