"""Logging for the Discord front: set up once, with secrets redacted from every record."""

from __future__ import annotations

import logging
import re

import discord

# A bot token is three dot-separated base64url parts; interaction tokens are long opaque strings.
TOKEN_SHAPE = re.compile(r"[A-Za-z\d_-]{23,28}\.[A-Za-z\d_-]{6,7}\.[A-Za-z\d_-]{27,}")
INTERACTION_TOKEN = re.compile(r"(/(?:interactions/\d+|webhooks/\d+)/)[A-Za-z\d_.-]{20,}")
# discord.py logs whole gateway payloads at DEBUG; an interaction's carries its token.
TOKEN_FIELD = re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+""")
REDACTED = "[redacted]"


class Redact(logging.Filter):
    """Replaces the token, and anything shaped like one, in a record's final message."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        text = TOKEN_SHAPE.sub(REDACTED, text)
        text = TOKEN_FIELD.sub(rf"\1{REDACTED}", text)
        return INTERACTION_TOKEN.sub(rf"\1{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.clean(message)
        if cleaned != message or record.exc_info:
            record.msg, record.args = cleaned, None
        if record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = self.clean(formatted)
            record.exc_info = None
            record.msg = f"{record.msg}\n{record.exc_text}"
            record.exc_text = None
        return True


def setup_logging(level: int, token: str) -> None:
    """discord.py's handler on the root logger, once, with the redacting filter on it."""
    discord.utils.setup_logging(level=level, root=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(Redact(token))
