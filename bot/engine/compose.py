"""Answers in the guide's own words, as Markdown that reads well in Discord and a terminal.

Every answer ends with the section(s) it came from and stays within MAX_ANSWER characters,
cut at a line or sentence boundary, never inside a word or a Markdown span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from bot.engine.answer import MAX_ANSWER, Source
from corpus.passages import Passage, PassageKind
from corpus.salary import SalaryRange
from corpus.store import Corpus

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
LONG_PASSAGE = 600
ELLIPSIS = "…"


def source_of(passage: Passage) -> Source:
    """A passage as an answer's source: section path and the guide's words."""
    text = f"{passage.title}: {passage.text}" if passage.kind == PassageKind.ITEM and passage.title \
        else passage.text
    return Source(passage.section, text, passage.id)


def footer(sources: Sequence[Source]) -> str:
    """The italic source line under an answer."""
    sections = list(dict.fromkeys(s.section for s in sources))
    if not sections:
        return ""
    label = "Source" if len(sections) == 1 else "Sources"
    return f"\n\n_{label}: {'; '.join(sections)}_"


def fit(text: str, limit: int = MAX_ANSWER) -> str:
    """Cut text to the limit at a line, else sentence, else word boundary, marking the cut."""
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text.rfind("\n", 0, room)
    if cut < room // 2:
        ends = [m.start() for m in _SENTENCE.finditer(text, 0, room)]
        cut = ends[-1] if ends and ends[-1] >= room // 2 else text.rfind(" ", 0, room)
    if cut <= 0:
        cut = room
    return text[:cut].rstrip() + ELLIPSIS


def with_footer(body: str, sources: Sequence[Source], limit: int = MAX_ANSWER) -> str:
    """The body cut to leave room for its source line, then the source line."""
    tail = footer(sources)
    return fit(body, limit - len(tail)) + tail


def sentences(text: str) -> list[str]:
    """Split the guide's prose into sentences."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def trim(text: str, terms: Iterable[str], stem: Callable[[str], str],
         limit: int = LONG_PASSAGE) -> str:
    """Keep a long passage's sentences that contain the question's terms, in order."""
    if len(text) <= limit:
        return text
    wanted = set(terms)
    parts = sentences(text)
    keep = [s for s in parts
            if wanted & {stem(w) for w in re.findall(r"\w+", s.casefold())}]
    chosen = keep or parts[:2]
    return " ".join(chosen) if len(" ".join(chosen)) < len(text) else text


def salary_line(row: SalaryRange, with_region: bool = True) -> str:
    """`**Germany**: €55,000 – €100,000 per year (Europe)`."""
    region = f" ({row.region})" if with_region and row.region else ""
    return f"**{row.country}**: {row.text}{region}"


def salary_body(rows: Sequence[SalaryRange], grouped: bool) -> str:
    """The rows one a line, grouped under their regions when many regions are shown."""
    if len(rows) == 1:
        return salary_line(rows[0])
    if not grouped:
        return "\n".join(f"- {salary_line(r)}" for r in rows)
    lines: list[str] = []
    for region in dict.fromkeys(r.region for r in rows):
        lines.append(f"**{region or 'Other'}**")
        lines.extend(f"- {r.country}: {r.text}" for r in rows if r.region == region)
    return "\n".join(lines)


def list_lines(corpus: Corpus, passage: Passage, places: dict[str, list[str]]) -> list[str]:
    """A list passage's entries, numbered; sub-lists show their entries' titles inline."""
    lines: list[str] = []
    for number, pid in enumerate(passage.items, 1):
        member = corpus.passage(pid)
        if member.kind == PassageKind.LIST:
            # Entries that name places (the demand section) show them: "Canada (Toronto, …)".
            names = [f"{entry.title} ({', '.join(places[i])})" if i in places
                     else entry.title or entry.text
                     for i in member.items for entry in [corpus.passage(i)]]
            lines.append(f"{number}. **{member.title}**: {'; '.join(names)}")
        elif pid in places and len(member.path) > len(passage.path):
            # A region with one country: "Middle East: United Arab Emirates (Dubai, …)".
            lines.append(f"{number}. **{member.path[-1]}**: {member.title} "
                         f"({', '.join(places[pid])})")
        elif pid in places:
            lines.append(f"{number}. **{member.title}**: {', '.join(places[pid])}")
        elif len(member.path) > len(passage.path):  # a sub-section with a single entry
            first = sentences(member.text)[0] if member.title and member.text else ""
            entry = f"{member.title}: {first}" if first else (member.title or member.text)
            lines.append(f"{number}. **{member.path[-1]}**: {entry}")
        else:
            lines.append(f"{number}. **{member.title or member.text}**")
    return lines


def described_lines(corpus: Corpus, passage: Passage) -> list[str]:
    """A list's entries with the first sentence of each description."""
    lines = []
    for number, pid in enumerate(passage.items, 1):
        member = corpus.passage(pid)
        first = sentences(member.text)[0] if member.text else ""
        lines.append(f"{number}. **{member.title}**: {first}")
    return lines


GIST = 140   # characters of an entry's description shown in a list: its first clause


def gist(text: str, limit: int = GIST) -> str:
    """The first clause of a description, cut at a word boundary past `limit`."""
    first = sentences(text)[0] if text else ""
    if len(first) <= limit:
        return first
    for mark in (", ", "; ", " – ", " ("):
        cut = first.find(mark, limit // 3, limit)
        if cut > 0:
            return first[:cut] + ELLIPSIS
    return first[:first.rfind(" ", 0, limit)] + ELLIPSIS


def gist_lines(corpus: Corpus, passage: Passage) -> list[str]:
    """A list's entries, numbered, each with the gist of its description."""
    lines = []
    for number, pid in enumerate(passage.items, 1):
        member = corpus.passage(pid)
        summary = gist(member.text) if member.title and member.text else ""
        lines.append(f"{number}. **{member.title or member.text}**"
                     + (f": {summary}" if summary else ""))
    return lines
