"""`guidebot batch`: JSON Lines of questions in, one JSON line per answer out, in order.

Lines with the same `conversation` are turns of one conversation; a line without one stands
alone and nothing of it is kept after its answer, so a million such lines run in the memory
of one. A line that is not a question object gets an error record in its place (with its id,
when it had one) and the rest are still answered.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.engine import Context, Engine


class BadLine(ValueError):
    """A batch line that is not a question object; `qid` is its id if it had one."""

    def __init__(self, message: str, qid: object = None) -> None:
        super().__init__(message)
        self.qid = qid


def parse_line(line: str) -> dict[str, object]:
    """A line's question object, or BadLine saying in a few words what is wrong with it."""
    try:
        record = json.loads(line)
    except RecursionError:
        raise BadLine("nested too deeply to be a question") from None
    except ValueError as exc:
        raise BadLine(str(exc).splitlines()[0]) from None
    if not isinstance(record, dict):
        raise BadLine("expected an object with a string 'question'")
    if not isinstance(record.get("question"), str):
        raise BadLine("expected an object with a string 'question'", record.get("id"))
    return record


def _dump(record: dict[str, object]) -> str:
    try:
        return json.dumps(record, ensure_ascii=False)
    except (RecursionError, ValueError):   # an id nested nearly as deep as the parser allows
        return json.dumps({**record, "id": None}, ensure_ascii=False)


def run_batch(engine: Engine, lines: Iterable[str], out: TextIO = sys.stdout,
              err: TextIO = sys.stderr) -> bool:
    """Answer every line; True when every non-blank line was a question."""
    contexts: dict[str, Context] = {}     # only lines that name a conversation are kept
    clean = True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = parse_line(line)
        except BadLine as exc:
            clean = False
            message = f"line {number}: {exc}"
            out.write(_dump({"id": exc.qid, "answer": "", "abstained": True, "sources": [],
                             "error": message}) + "\n")
            print(f"guidebot: batch {message}", file=err)
            continue
        conversation = record.get("conversation")
        key = str(conversation) if conversation not in (None, "") else None
        answer = engine.answer(str(record["question"]), contexts.get(key) if key else None)
        if key is not None:
            contexts[key] = answer.context
        # The id as given (3 stays 3, "3" stays "3"); null when the question had none.
        out.write(_dump({"id": record.get("id"), **answer.as_json()}) + "\n")
        out.flush()
    return clean
