"""The store's records: a turn the bot answered, a vote on it, and what `gaps` reports.

Times are whole milliseconds since the Unix epoch (UTC), the form both databases index
cheaply; `iso` renders one for people and JSON.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum


class Vote(Enum):
    """A reader's verdict on one answer; stored as +1 / -1."""

    UP = 1
    DOWN = -1


@dataclass(frozen=True)
class SourceRef:
    """Where an answer came from: the passage id and its section path (not its text)."""

    section: str
    passage: str


@dataclass(frozen=True)
class Turn:
    """One question and how the bot answered it, as stored.

    `user_hash` is a salted HMAC of the asker's Discord id, never the id or the name;
    `terms` is the question's content terms (sorted stems) for refused questions, the key
    `gaps` groups rewordings by, and empty otherwise.
    """

    answer_id: str
    at_ms: int
    guild_id: int | None
    channel_id: int | None
    user_hash: str
    question: str
    route: str
    abstained: bool
    sources: tuple[SourceRef, ...] = ()
    terms: str = ""


@dataclass(frozen=True)
class Tally:
    """The votes on one answer after a click, and the clicker's own vote (None: none)."""

    answer_id: str
    up: int
    down: int
    mine: Vote | None


@dataclass(frozen=True)
class Wording:
    """One way a question was put, and how often."""

    question: str
    count: int


@dataclass(frozen=True)
class GapGroup:
    """Refused questions that are rewordings of one another."""

    terms: tuple[str, ...]
    asked: int
    people: int
    last_ms: int
    wordings: tuple[Wording, ...]


@dataclass(frozen=True)
class Disliked:
    """One answer (a route and its sources) and the 👎/👍 it drew across the turns that gave it."""

    route: str
    sources: tuple[SourceRef, ...]
    down: int
    up: int
    answers: int
    last_ms: int
    questions: tuple[Wording, ...]


@dataclass(frozen=True)
class GapsReport:
    """What `guidebot gaps` and /gaps show: refused questions grouped, and disliked answers."""

    since_ms: int | None
    guild_id: int | None
    refused_turns: int
    groups: tuple[GapGroup, ...]
    disliked: tuple[Disliked, ...]
    threshold: float


def now_ms() -> int:
    """The current time in the store's unit."""
    return time.time_ns() // 1_000_000


def iso(ms: int) -> str:
    """A store time as ISO 8601 UTC to the second, e.g. 2025-01-07T12:00:00Z."""
    moment = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
