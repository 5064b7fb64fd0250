"""guidebot's error tree: raised where things go wrong, rendered once at the edge.

It lives in `corpus`, the lowest layer, so every package can raise these without importing
the fronts. The CLI prints ``str(error)`` on one line and exits 2; the Discord front sends
one ephemeral sentence. Messages are written for the person reading them and never carry a
secret.

    GuidebotError
    ├── CorpusError            a guide or corpus file is missing, unreadable or malformed
    │   └── GuideFormatError   a guide's text parses to nothing usable
    ├── ConfigError            the bot's YAML config is missing, malformed or invalid
    └── TokenError             the Discord token is missing, refused or in the wrong place

The engine raises nothing for a question: empty, huge or odd text gets an answer saying so.
"""

from __future__ import annotations

from pathlib import Path


class GuidebotError(Exception):
    """Base of every error guidebot renders for a person."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.key = key
        super().__init__(self.render())

    def render(self) -> str:
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


class ConfigError(GuidebotError):
    """The bot's configuration file is missing, malformed or holds a bad value."""


class TokenError(GuidebotError):
    """The Discord token is missing, rejected, or was put somewhere it must not be."""


def read_text(path: Path, error: type[GuidebotError], kind: str) -> str:
    """A UTF-8 file's text (a BOM is dropped), or `error` saying in one line what is wrong."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise error(f"is a directory, not a {kind} file", path=str(path)) from None
    except OSError as exc:
        raise error(f"cannot read it ({exc.strerror})", path=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", path=str(path)) from None
