"""The engine: a question and the conversation so far in, an Answer out.

Pure and synchronous; the fronts (the CLI in `bot/`, Discord in `bot/discord_app/`) import
these names and nothing deeper.
"""

from bot.engine.answer import MAX_ANSWER, Answer, Context, Route, Source
from bot.engine.compose import fit
from bot.engine.engine import Engine
from bot.engine.explain import Explanation
from bot.engine.salaries import SalaryReport
from bot.engine.sentences import MAX_QUESTION, clean_question

__all__ = ["MAX_ANSWER", "MAX_QUESTION", "Answer", "Context", "Engine", "Explanation", "Route",
           "SalaryReport", "Source", "clean_question", "fit"]
