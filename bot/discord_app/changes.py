"""What changed between two versions of a guide, as /reload reports it.

Passages are compared by id (the guide's section path and title): one id only before is
removed, only after is added, in both with other words is changed. Salary rows are compared
by country and region, on the figures the guide prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.store import Corpus

NAMED = 5   # passages named per kind of change; the rest are counted


@dataclass(frozen=True)
class GuideChanges:
    """Passage ids added, removed and changed, and the salary rows (by place) that changed."""

    passages: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    salaries: tuple[str, ...]

    @property
    def none(self) -> bool:
        """True when the two guides answer alike."""
        return not (self.added or self.removed or self.changed or self.salaries)


def compare(old: Corpus, new: Corpus) -> GuideChanges:
    """The changes from `old` to `new`."""
    before, after = old.by_id, new.by_id
    rows_before = {_place(r.country, r.region): r.text for r in old.salaries}
    rows_after = {_place(r.country, r.region): r.text for r in new.salaries}
    return GuideChanges(
        passages=len(new.passages),
        added=tuple(p for p in after if p not in before),
        removed=tuple(p for p in before if p not in after),
        changed=tuple(p for p in after if p in before and after[p] != before[p]),
        salaries=tuple(place for place in dict.fromkeys([*rows_before, *rows_after])
                       if rows_before.get(place) != rows_after.get(place)))


def _place(country: str, region: str | None) -> str:
    return f"{country} ({region})" if region else country


def _named(ids: tuple[str, ...]) -> str:
    shown = ", ".join(ids[:NAMED])
    return shown + (f" and {len(ids) - NAMED} more" if len(ids) > NAMED else "")


def summary(changes: GuideChanges, source: str) -> list[str]:
    """The report's lines: one line of counts, then what changed by name."""
    if changes.none:
        return [f"Reloaded {source}: {changes.passages} passages, nothing changed."]
    lines = [f"Reloaded {source}: {changes.passages} passages — {len(changes.added)} added, "
             f"{len(changes.removed)} removed, {len(changes.changed)} changed; "
             f"{len(changes.salaries)} salary rows changed."]
    for word, ids in (("added", changes.added), ("removed", changes.removed),
                      ("changed", changes.changed)):
        if ids:
            lines.append(f"{word}: {_named(ids)}")
    if changes.salaries:
        lines.append(f"salary rows: {_named(changes.salaries)}")
    return lines
