"""guidebot's error tree: raised where things go wrong, rendered once at the edge.

The base lives in `corpus`, the lowest layer, so every layer can derive its own errors from
it without importing the fronts; each error class is defined by the layer that raises it.
The CLI prints ``str(error)`` on one line and exits 2; the Discord front sends one
ephemeral sentence. Messages are written for the person reading them and never carry a
secret.

    GuidebotError              here
    ├── CorpusError            a guide or corpus file is missing, unreadable or malformed
    │   └── GuideFormatError   a guide's text parses to nothing usable
    ├── ConfigError            bot/discord_app/errors.py: the bot's config is invalid
    └── TokenError             bot/discord_app/errors.py: the token is missing or misplaced

The engine raises nothing for a question: empty, huge or odd text gets an answer saying so.
"""

from __future__ import annotations


class GuidebotError(Exception):
    """Base of every error guidebot renders for a person."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.key = key
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """One line: ``file:line: key: message`` with whatever parts are known."""
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


class CorpusError(GuidebotError):
    """A guide or corpus file is missing, unreadable or malformed."""


class GuideFormatError(CorpusError):
    """A guide's text does not parse into any usable section."""
