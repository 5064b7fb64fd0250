"""The local chat: read a question, ask the engine, print the answer (llm's `_run_chat` shape)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from bot.engine import Context, Engine

EXIT_WORDS = frozenset({"exit", "quit", "/exit", "/quit", ":q"})
HISTORY = Path(os.environ.get("GUIDEBOT_HISTORY", "~/.guidebot_history")).expanduser()


def _enable_history() -> None:
    """Line editing and a history file, for people at a terminal only."""
    try:
        import readline
    except ImportError:  # pragma: no cover - e.g. Windows without pyreadline
        return
    try:
        readline.read_history_file(HISTORY)
    except (FileNotFoundError, PermissionError, OSError):
        pass
    readline.set_history_length(1000)
    import atexit

    def save() -> None:
        try:
            readline.write_history_file(HISTORY)
        except OSError:
            pass
    atexit.register(save)


def run_chat(engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Chat until end of input, `exit` or Ctrl-C; each question sees the ones before it."""
    interactive = stdin.isatty() and stdout.isatty()
    if interactive:
        _enable_history()
        print(f"guidebot: ask about the {engine.corpus.role} guide. "
              "Type /help, /reset, or exit (Ctrl-D).", file=stdout)
    context = Context()
    while True:
        try:
            if interactive:
                line = input("> ")
            else:
                line = stdin.readline()
                if not line:
                    break
                line = line.rstrip("\n")
                print(f"> {line}", file=stdout)
        except EOFError:
            if interactive:
                print(file=stdout)
            break
        except KeyboardInterrupt:
            print(file=stdout)
            break
        question = line.strip()
        if question.lower() in EXIT_WORDS:
            break
        if question.lower() == "/reset":
            context = Context()
            print("(conversation reset)\n", file=stdout)
            continue
        if question.lower() == "/help":
            question = "help"
        answer = engine.answer(question, context)
        context = answer.context
        print(answer.text + "\n", file=stdout, flush=True)
    return 0
