"""The gaps report for people (plain text) and for programs (JSON)."""

from __future__ import annotations

from typing import Any

from bot.store import open_store
from bot.store.gaps import parse_since
from bot.store.records import Disliked, GapGroup, GapsReport, iso, now_ms


def _sources(item: Disliked) -> str:
    return "; ".join(s.section for s in item.sources) or "(no source)"


def _quoted(text: str, width: int = 100) -> str:
    # A question is shown as typed but never as terminal control: escapes become U+FFFD.
    flat = "".join(ch if ch.isprintable() else "\ufffd" for ch in " ".join(text.split()))
    return f'"{flat if len(flat) <= width else flat[:width - 1] + "…"}"'


def render_text(report: GapsReport) -> str:
    """The report as the terminal shows it: groups most asked first, then disliked answers."""
    where = f"server {report.guild_id}" if report.guild_id is not None else "all servers"
    since = f"since {iso(report.since_ms)}" if report.since_ms is not None else "all stored"
    lines = [f"Refused questions ({since}, {where}): {report.refused_turns} refused turns, "
             f"{len(report.groups)} groups shown",
             f"  (rewordings count together when they share at least {report.threshold:.0%} "
             "of their content terms)"]
    if not report.groups:
        lines.append("  none")
    for group in report.groups:
        lines += _group_lines(group)
    lines += ["", "Answers with the most thumbs-down:"]
    if not report.disliked:
        lines.append("  none")
    for item in report.disliked:
        asked = ", ".join(f"{_quoted(w.question, 60)} ×{w.count}" for w in item.questions)
        lines += [f"  {item.down:4d} down {item.up:3d} up  {item.route}: {_sources(item)}",
                  f"             over {item.answers} answer(s), last {iso(item.last_ms)}; "
                  f"asked as {asked}"]
    return "\n".join(lines)


def _group_lines(group: GapGroup) -> list[str]:
    first, *others = group.wordings
    people = f"{group.people} {'person' if group.people == 1 else 'people'}"
    lines = [f"  {group.asked:4d}×  {_quoted(first.question)}",
             f"         {people}, last {iso(group.last_ms)}; terms: {' '.join(group.terms)}"]
    if others:
        lines.append("         also: " + ", ".join(f"{_quoted(w.question, 60)} ×{w.count}"
                                                     for w in others))
    return lines


def as_json(report: GapsReport) -> dict[str, Any]:
    """The report as `guidebot gaps --json` prints it."""
    return {
        "since": iso(report.since_ms) if report.since_ms is not None else None,
        "server": str(report.guild_id) if report.guild_id is not None else None,
        "threshold": report.threshold,
        "refused_turns": report.refused_turns,
        "groups": [{"asked": g.asked, "people": g.people, "last": iso(g.last_ms),
                    "terms": list(g.terms),
                    "wordings": [{"question": w.question, "count": w.count} for w in g.wordings]}
                   for g in report.groups],
        "disliked": [{"down": d.down, "up": d.up, "answers": d.answers, "route": d.route,
                      "last": iso(d.last_ms),
                      "sources": [{"section": s.section, "passage": s.passage} for s in d.sources],
                      "questions": [{"question": w.question, "count": w.count}
                                    for w in d.questions]}
                     for d in report.disliked],
    }


async def gaps_report(storage: str | None, since: str | None, server: int | None,
                      limit: int) -> GapsReport:
    """Open the store read-side (a missing SQLite file is an error, not created), build the
    report, close."""
    since_ms = parse_since(since, now_ms()) if since else None
    store = open_store(storage, create=False)
    try:
        await store.open()
        return await store.gaps(since_ms, server, limit)
    finally:
        await store.close()
