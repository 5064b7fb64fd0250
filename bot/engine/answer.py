"""The engine's records: what it answers, where from, and what a follow-up can build on."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

MAX_ANSWER = 1500


class Route(str, Enum):
    """How a question was answered; also what a follow-up continues."""

    SALARY = "salary"
    LIST = "list"
    PASSAGE = "passage"
    SMALLTALK = "smalltalk"
    ABSTAIN = "abstain"
    EMPTY = "empty"


@dataclass(frozen=True)
class Source:
    """A passage an answer rests on: its section path and the guide's words."""

    section: str
    text: str
    passage: str


@dataclass(frozen=True)
class Context:
    """What a conversation's next turn may refer back to."""

    route: Route | None = None
    countries: tuple[str, ...] = ()
    section: str | None = None
    items: tuple[str, ...] = ()
    passage: str | None = None
    person: str | None = None       # the last person answered about, for "he" / "she"
    earlier: tuple[str, ...] = ()    # the countries of the pay answer before, for "which is higher?"


@dataclass(frozen=True)
class Answer:
    """One reply: Markdown text, whether the guide had nothing to say, and its sources."""

    text: str
    abstained: bool
    sources: tuple[Source, ...] = ()
    route: Route = Route.PASSAGE
    context: Context = field(default_factory=Context)
    reason: str = ""   # why the engine answered (or declined) this way, for --explain

    def as_json(self) -> dict[str, object]:
        """The record `ask --json` prints (`batch` puts the question's id first)."""
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "sources": [{"section": s.section, "text": s.text} for s in self.sources],
        }
