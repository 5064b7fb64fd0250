"""DISCORD_TOKEN from a `.env` file in the current directory, when the environment lacks it.

The format is the common subset that docker's --env-file, systemd's EnvironmentFile and
python-dotenv all read: `KEY=value` lines, an optional `export ` before the key, `#` comment
lines, and the value optionally in single or double quotes. Only DISCORD_TOKEN is taken; the
environment wins over the file. The value is never printed, and `.env` is git-ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

from corpus.errors import GuidebotError

KEY = "DISCORD_TOKEN"


class EnvFileError(GuidebotError):
    """The .env file is there but cannot be read (printed as one line, exit 2)."""


def token_from(text: str) -> str | None:
    """The DISCORD_TOKEN value in a .env file's text, or None if it sets none."""
    found = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        name, equals, value = line.partition("=")
        if not equals or name.strip() != KEY:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].strip()     # an unquoted value's trailing comment
        found = value                  # the last assignment wins, as in a shell
    return found


def load_token(directory: Path | None = None) -> None:
    """Put DISCORD_TOKEN from ./.env into the environment unless it is already set there."""
    if os.environ.get(KEY, "").strip():
        return
    path = (directory or Path.cwd()) / ".env"
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise EnvFileError(f"cannot read it ({reason})", path=str(path)) from None
    token = token_from(text)
    if token:
        os.environ[KEY] = token
