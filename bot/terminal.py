"""Answers rendered for a person at a terminal, with rich.

The engine writes Markdown for Discord; piped output, `--json` and `batch` keep it raw. At a
terminal, rich renders it instead: bold titles, lists, words wrapped to the width (never split
mid-word), links shown with their address, the source line dimmed, and the guide's salary
caveat once per session rather than under every salary answer.

rich costs about 0.1 s to import, so only `Terminal()` imports it: the piped path never does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.engine import SalaryReport

# The engine's closing line, "_Source: …_" or "_Sources: …; …_".
_SOURCE_LINE = re.compile(r"_Sources?: .*_", re.DOTALL)


def wants_rendering(stream: TextIO, plain: bool = False) -> bool:
    """Render only for a terminal, and not under --plain or NO_COLOR (no-color.org)."""
    if plain or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def split_answer(text: str, hide: str | None = None) -> tuple[str, str | None]:
    """An answer's body and its source line (None if it has none), less the paragraph
    `_hide_` (the salary caveat once it has been shown)."""
    paragraphs = text.split("\n\n")
    source = paragraphs.pop() if len(paragraphs) > 1 and _SOURCE_LINE.fullmatch(
        paragraphs[-1]) else None
    if hide is not None:
        paragraphs = [p for p in paragraphs if p != f"_{hide}_"]
    return "\n\n".join(paragraphs), source


class Terminal:
    """One terminal session: rich's console on a stream, and what it has already shown."""

    def __init__(self, stream: TextIO, caveat: str | None = None,
                 width: int | None = None) -> None:
        from rich.console import Console
        # No guessing at highlights: numbers and names in an answer stay the guide's text.
        # The width is the terminal's unless given.
        self.console = Console(file=stream, highlight=False, emoji=False, width=width)
        self.caveat = caveat          # the salary caveat: shown with the first answer only
        self.caveat_shown = False

    def answer(self, text: str) -> None:
        """One engine answer, then a blank line (as the plain chat prints it)."""
        from rich.markdown import Markdown
        body, source = split_answer(text, self.caveat if self.caveat_shown else None)
        if self.caveat is not None and f"_{self.caveat}_" in text.split("\n\n"):
            self.caveat_shown = True
        # hyperlinks=False prints a link as "text (address)": the address stays visible.
        self.console.print(Markdown(body, hyperlinks=False))
        if source is not None:
            self.console.print()
            self.console.print(Markdown(source, hyperlinks=False, style="dim"))
        self.console.print()

    def note(self, text: str) -> None:
        """A line from the chat itself (a reset, an unknown command), dimmed."""
        from rich.text import Text
        self.console.print(Text(text, style="dim"))

    def salary(self, report: "SalaryReport") -> None:
        """The salary rows as a table, then the city notes, the caveat and the sources."""
        from rich.table import Table
        from rich.text import Text
        table = Table(show_edge=False, header_style="bold", pad_edge=False)
        for name in ("Region", "Country", "Currency"):
            table.add_column(name)
        table.add_column("Low", justify="right")
        table.add_column("High", justify="right")
        table.add_column("Period")
        for row in report.rows:
            table.add_row(row.region or "", row.country, row.currency, f"{row.low:,}",
                          f"{row.high:,}", row.period)
        self.console.print(table)
        lines: Sequence[str] = [*report.notes, *([report.caveat] if report.caveat else [])]
        for line in lines:
            self.console.print()
            self.console.print(Text(line, style="italic"))
        if report.sources:
            sections = "; ".join(dict.fromkeys(s.section for s in report.sources))
            self.console.print()
            self.console.print(Text(f"Sources: {sections}", style="dim"))
