"""Logging for the Discord front: set up once, with secrets redacted from every record."""

from __future__ import annotations

import logging
import re

import discord

from bot.discord_app.errors import REDACTED, hide_tokens

# An interaction's token is the URL segment after its id: all of it, percent-encoded or not.
INTERACTION_TOKEN = re.compile(r"""(/(?:interactions|webhooks)/\d+/)[^/?#\s'"<>]+""")
# discord.py logs whole gateway payloads at DEBUG; an interaction's carries its token.
TOKEN_FIELD = re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+""")


class Redact(logging.Filter):
    """Replaces the token, and anything shaped like one, in a record's final message."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def clean(self, text: str) -> str:
        text = hide_tokens(text, *self.secrets)
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
