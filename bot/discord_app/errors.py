"""The Discord front's errors: its config file and its token (the base is corpus.errors)."""

from __future__ import annotations

from corpus.errors import GuidebotError


class ConfigError(GuidebotError):
    """The bot's configuration file is missing, malformed or holds a bad value."""


class TokenError(GuidebotError):
    """The Discord token is missing, rejected, or was put somewhere it must not be."""
