"""The engine: a question and the conversation so far in, an Answer out.

Pure and synchronous; the fronts (the CLI in `bot/`, Discord in `bot/discord_app/`) import
these names and nothing deeper.
"""

from bot.engine.answer import Answer, Context, Route, Source
from bot.engine.engine import Engine

__all__ = ["Answer", "Context", "Engine", "Route", "Source"]
