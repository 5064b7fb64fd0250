"""The Discord front's errors: its config file and its token (the base is corpus.errors).

What a bot token looks like lives here too, so that no error, and no log line (logs.py),
ever shows one: a config error quotes the file (a key, a YAML tag), and a token pasted in the
wrong place is still a token.
"""

from __future__ import annotations

import re

from corpus.errors import GuidebotError

# A bot token is three dot-separated base64url parts: the user id, a timestamp, an HMAC.
TOKEN_SHAPE = re.compile(r"[A-Za-z\d_-]{23,28}\.[A-Za-z\d_-]{6,7}\.[A-Za-z\d_-]{27,}")
REDACTED = "[redacted]"


def hide_tokens(text: str, *secrets: str) -> str:
    """The text with these secrets, and anything shaped like a bot token, replaced."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return TOKEN_SHAPE.sub(REDACTED, text)


class ConfigError(GuidebotError):
    """The bot's configuration file is missing, malformed or holds a bad value."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        super().__init__(hide_tokens(message), path=path, line=line,
                         key=hide_tokens(key) if key is not None else None)


class TokenError(GuidebotError):
    """The Discord token is missing, rejected, or was put somewhere it must not be."""
