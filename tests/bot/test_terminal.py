"""Answers at a terminal: the real `guidebot` in a real terminal (tmux), and the renderer.

tmux gives the process a pseudo-terminal of a known width and lets the test read the screen
back, escapes and all. .ci/run installs tmux when it is missing; without it the terminal
tests skip and say so.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.terminal import Terminal, split_answer, wants_rendering
from tests.conftest import guidebot_command

TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install "
                                "tmux; .ci/run installs it)")
in_a_terminal = pytest.mark.process     # each runs guidebot in tmux: not in make test-quick
WIDTH = 60
BOLD = re.compile(r"\x1b\[(?:[0-9;]*;)?1(?:;[0-9;]*)?m")
DIM = re.compile(r"\x1b\[(?:[0-9;]*;)?2(?:;[0-9;]*)?m")


class Pane:
    """A command running in a detached tmux session on a private server."""

    def __init__(self, socket: Path, command: list[str], env: dict[str, str]) -> None:
        self.socket = socket
        # The exit code goes to a file: tmux does not always record a quick exit's status.
        self.status = socket.with_suffix(".status")
        shell = shlex.join(["env", "-u", "NO_COLOR", "-u", "COLUMNS", "-u", "LINES",
                            *(f"{k}={v}" for k, v in env.items()), *command])
        shell += f"; echo $? > {shlex.quote(str(self.status))}"
        # Our own config, read before the pane starts: a dead pane stays to be read, and no
        # ~/.tmux.conf changes what the test sees.
        config = socket.with_suffix(".conf")
        config.write_text("set-option -g remain-on-exit on\nset-option -g history-limit 10000\n")
        self.tmux("-f", str(config), "new-session", "-d", "-x", str(WIDTH), "-y", "50", shell)

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run([TMUX, "-S", str(self.socket), *args], capture_output=True,
                              text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def screen(self, escapes: bool = False) -> str:
        """Everything the pane has shown, scrollback included."""
        return self.tmux("capture-pane", "-p", "-S", "-", *(["-e"] if escapes else []))

    def wait(self, done: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        """The screen once `done(screen)` holds; polls the screen, fails after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if done(screen):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}; the screen:\n{screen}")
            time.sleep(0.05)

    def ask(self, question: str, until: str) -> str:
        self.send("-l", question)
        self.send("Enter")
        return self.wait(lambda s: until in s.split(f"> {question}")[-1], repr(until))

    def exit_status(self) -> int | None:
        """The command's exit code, None while it runs."""
        text = self.status.read_text() if self.status.exists() else ""
        return int(text) if text.strip() else None

    def finished(self) -> int:
        """Wait for the command to exit; its exit code."""
        self.wait(lambda _: self.exit_status() is not None, "the command to exit")
        code = self.exit_status()
        assert code is not None
        return code


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Pane]]:
    panes: list[Pane] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Pane:
        pane = Pane(tmp_path / f"tmux-{len(panes)}",
                    [*guidebot_command(), *args],
                    {"GUIDEBOT_HISTORY": str(tmp_path / "history"), **(env or {})})
        panes.append(pane)
        return pane
    yield start
    for pane in panes:
        subprocess.run([str(TMUX), "-S", str(pane.socket), "kill-server"], capture_output=True,
                       timeout=30)


def at_prompt(screen: str) -> bool:
    """The last line shown is the chat's empty prompt (capture-pane drops its space)."""
    lines = screen.rstrip("\n").splitlines()
    return bool(lines) and lines[-1] == ">"


def paragraph(screen: str, first: str) -> str:
    """The screen's lines from the one starting with `first` to the next blank line."""
    lines = screen.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[start:end])


@in_a_terminal
@needs_tmux
def test_chat_in_a_real_terminal(terminal: Callable[..., Pane], ml_engine: Engine) -> None:
    chat = terminal("chat")
    chat.wait(at_prompt, "the prompt")
    chat.ask("How much does an ML engineer earn in Germany?", "Sources:")
    chat.ask("and in Canada?", "Sources:")
    chat.ask("what certifications should I get?", "Source:")
    screen = chat.ask("/salary Japan", "Unknown command")
    # The Markdown is rendered, not shown: no asterisks or underscores around anything.
    assert "**" not in screen and "_Source" not in screen and "_Please" not in screen
    assert "Germany: €55,000 – €100,000 per year (Europe)" in screen
    assert " 2 Google Cloud Certified – Professional Machine Learning" in screen
    # The guide's caveat once per session, though both answers carry it.
    caveat = ml_engine.salary().caveat
    assert caveat is not None and screen.count(caveat[:25]) == 1
    # Wrapped to the width at spaces: every line fits, and rejoining the lines gives the
    # guide's words back whole (a word cut in two would not match).
    assert all(len(line.rstrip()) <= WIDTH for line in screen.splitlines())
    shown = paragraph(screen, caveat[:30])
    assert shown.count("\n") >= 2 and " ".join(shown.split()) == caveat
    assert "Commands: /help, /reset, /exit" in screen
    # Bold titles and a dimmed source line.
    styled = chat.screen(escapes=True)
    title = next(line for line in styled.splitlines() if "€55,000 – €100,000" in line)
    assert BOLD.search(title.split("Germany")[0]) and "**" not in title
    source_line = next(line for line in styled.splitlines() if "Sources: Salary" in line)
    assert DIM.search(source_line)


@in_a_terminal
@needs_tmux
def test_ctrl_c_cancels_the_line_and_ctrl_d_leaves(terminal: Callable[..., Pane]) -> None:
    chat = terminal("chat")
    chat.wait(at_prompt, "the prompt")
    chat.send("-l", "what is the salary in Germany")
    chat.wait(lambda s: "in Germany" in s, "the typed line")
    chat.send("C-c")
    chat.wait(at_prompt, "a fresh prompt after Ctrl-C")   # typing on before it would be lost
    screen = chat.ask("books?", "Source: Additional Resources › Books")
    assert "€55,000" not in screen            # the cancelled line was never asked
    assert chat.exit_status() is None         # still running
    chat.send("C-d")
    assert chat.finished() == 0


@in_a_terminal
@needs_tmux
@pytest.mark.parametrize("how", [("--plain",), ("NO_COLOR=1",)])
def test_plain_and_no_color_keep_the_markdown(terminal: Callable[..., Pane],
                                              how: tuple[str]) -> None:
    env = dict([how[0].split("=")]) if "=" in how[0] else {}
    args = [a for a in how if a.startswith("--")]
    pane = terminal("ask", *args, "salary in Germany", env=env)
    assert pane.finished() == 0
    assert "**Germany**: €55,000" in pane.screen()


@in_a_terminal
@needs_tmux
def test_salary_table_in_a_terminal(terminal: Callable[..., Pane]) -> None:
    pane = terminal("salary", "Germany", "London")
    assert pane.finished() == 0
    screen = pane.screen()
    assert re.search(r"Germany\W+EUR\W+55,000\W+100,000\W+year", screen)
    assert "London is in the United Kingdom" in screen
    assert BOLD.search(pane.screen(escapes=True).split("Region")[0].splitlines()[-1])


# -- the renderer on its own --------------------------------------------------------------

def test_split_answer_takes_off_the_source_and_a_shown_caveat() -> None:
    text = "**Germany**: €1\n\n_Careful._\n\n_Sources: Salary; Europe_"
    assert split_answer(text) == ("**Germany**: €1\n\n_Careful._", "_Sources: Salary; Europe_")
    assert split_answer(text, hide="Careful.") == ("**Germany**: €1", "_Sources: Salary; Europe_")
    assert split_answer("The guide doesn't cover that.") == ("The guide doesn't cover that.", None)


def test_links_are_shown_with_their_address() -> None:
    out = io.StringIO()
    Terminal(out, width=WIDTH).answer("See [the course](https://example.com/ml) or "
                                      "https://example.org/plain.\n\n_Source: Resources_")
    text = out.getvalue()
    assert "the course (https://example.com/ml)" in text and "https://example.org/plain" in text
    assert "[" not in text and "_" not in text


def test_caveat_once_per_terminal_session(ml_engine: Engine) -> None:
    out = io.StringIO()
    terminal = Terminal(out, ml_engine.salary().caveat, width=100)
    for question in ("salary in Germany", "salary in France", "salary in India"):
        terminal.answer(ml_engine.answer(question).text)
    text = out.getvalue()
    assert text.count("Please note that") == 1 and text.count("Sources:") == 3
    assert all(len(line) <= 100 for line in text.splitlines())


def test_rendering_only_for_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    primary, secondary = os.openpty()
    with open(primary, "w") as tty, open(secondary):
        assert wants_rendering(tty)
        assert not wants_rendering(tty, plain=True)
        monkeypatch.setenv("NO_COLOR", "1")
        assert not wants_rendering(tty)
        monkeypatch.setenv("NO_COLOR", "")             # no-color.org: only a non-empty value
        assert wants_rendering(tty)
    assert not wants_rendering(io.StringIO())


@pytest.mark.process
def test_piped_output_never_imports_rich() -> None:
    probe = ("import sys, bot.cli; bot.cli.main(['ask', 'salary in France']); "
             "bot.cli.main(['salary', 'France']); print('rich' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "False"
