"""The local chat: read a question, ask the engine, print the answer (llm's `_run_chat` shape).

At a terminal: line editing and history, answers rendered by `bot.terminal`, Ctrl-C cancels
the line being typed (as Python's REPL and psql do) and Ctrl-D leaves. Piped: each line is a
question, echoed as `> question` (cleaned and capped as the engine reads it) before its raw
Markdown answer, so a transcript reads the same as the session did.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TextIO

from bot.engine import MAX_QUESTION, Context, Engine, clean_question
# The engine's own cleaning, so the echo shows the question exactly as the engine reads it.
from bot.terminal import Terminal

EXIT_WORDS = frozenset({"exit", "quit", "/exit", "/quit", ":q"})
COMMANDS = ("/help", "/reset", "/exit")
_COMMAND = re.compile(r"/[A-Za-z][\w-]*")
HISTORY = Path(os.environ.get("GUIDEBOT_HISTORY", "~/.guidebot_history")).expanduser()
# The engine reads at most 2 × MAX_QUESTION characters of a question; a longer piped line is
# read in pieces and the rest dropped, so a 10 MB line neither fills memory nor the screen.
LINE_LIMIT = 4 * MAX_QUESTION


def _enable_history() -> None:
    """Line editing and a history file, for people at a terminal only."""
    try:
        import readline
    except ImportError:  # pragma: no cover - e.g. Windows without pyreadline
        return
    try:
        readline.read_history_file(HISTORY)
    except OSError:
        pass
    readline.set_history_length(1000)
    import atexit

    def save() -> None:
        try:
            readline.write_history_file(HISTORY)
        except OSError:
            pass
    atexit.register(save)


def read_piped(stdin: TextIO) -> str | None:
    """The next line of piped input, at most LINE_LIMIT characters of it; None at the end."""
    line = stdin.readline(LINE_LIMIT)
    if not line:
        return None
    if not line.endswith("\n"):
        rest = line
        while len(rest) == LINE_LIMIT and not rest.endswith("\n"):
            rest = stdin.readline(LINE_LIMIT)     # skip what the engine would never read
    return line.rstrip("\n")


def unknown_command(question: str) -> str | None:
    """The reply to `/something` the chat does not know, or None if it is not a command."""
    word = question.split(maxsplit=1)[0] if question else ""
    if not _COMMAND.fullmatch(word) or word.lower() in COMMANDS or word.lower() in EXIT_WORDS:
        return None
    return f"Unknown command {word}. Commands: {', '.join(COMMANDS)} (or Ctrl-D to leave)."


class Chat:
    """One chat session: the conversation so far and where its answers go."""

    def __init__(self, engine: Engine, stdout: TextIO, render: bool) -> None:
        self.engine = engine
        self.stdout = stdout
        self.context = Context()
        self.terminal = Terminal(stdout, engine.salary().caveat) if render else None

    def greet(self) -> None:
        """The first line at a terminal: what to ask and how to leave."""
        text = (f"guidebot: ask about the {self.engine.corpus.role} guide. "
                "Type /help, /reset, or exit (Ctrl-D).")
        if self.terminal is None:
            print(text, file=self.stdout)
        else:
            self.terminal.note(text)

    def say(self, text: str, answer: bool = True) -> None:
        """An answer (or a line from the chat itself), rendered or raw, then a blank line."""
        if self.terminal is None:
            print(text + "\n", file=self.stdout, flush=True)
        elif answer:
            self.terminal.answer(text)
        else:
            self.terminal.note(text + "\n")

    def turn(self, question: str) -> bool:
        """Handle one line; False when it asks to leave."""
        lowered = question.lower()
        if lowered in EXIT_WORDS:
            return False
        if lowered == "/reset":
            self.context = Context()
            self.say("(conversation reset)", answer=False)
            return True
        unknown = unknown_command(question)
        if unknown is not None:
            self.say(unknown, answer=False)
            return True
        answer = self.engine.answer("help" if lowered == "/help" else question, self.context)
        self.context = answer.context
        self.say(answer.text)
        return True


def run_chat(engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
             render: bool = False) -> int:
    """Chat until end of input or `exit`; each question sees the ones before it."""
    interactive = stdin.isatty() and stdout.isatty()
    chat = Chat(engine, stdout, render)
    if interactive:
        _enable_history()
        chat.greet()
    while True:
        try:
            if interactive:
                question = clean_question(input("> "))
            else:
                line = read_piped(stdin)
                if line is None:
                    break
                question = clean_question(line)
                print(f"> {question}", file=stdout)
            if not chat.turn(question):
                break
        except EOFError:          # Ctrl-D at the prompt
            print(file=stdout)
            break
        except KeyboardInterrupt:
            if not interactive:
                raise
            print(file=stdout)    # Ctrl-C drops the line being typed; the chat goes on
    return 0
