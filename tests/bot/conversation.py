"""Walking a conversation through the engine, each answer's context fed to the next turn:
the one helper the engine tests share."""

from __future__ import annotations

from bot.engine import Engine
from bot.engine.answer import Answer, Context


def talk(engine: Engine, *questions: str) -> list[Answer]:
    """Every answer of a conversation that asks these questions in turn."""
    context: Context | None = None
    answers = []
    for question in questions:
        answer = engine.answer(question, context)
        context = answer.context
        answers.append(answer)
    return answers
