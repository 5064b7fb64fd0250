"""Chunk a parsed page into passages: one per bullet or paragraph, plus one per list.

A list passage stands for a whole section ("what certifications…?") and names its items'
ids, so an answer can show the list and a follow-up can open "the second one". Ids are
slugs of the section path and title, so they survive edits elsewhere in the guide.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.parse import Page, Section

SEP = " › "


class PassageKind(str, Enum):
    """The kinds of passage; their values are plain strings so the YAML stays readable."""

    PARAGRAPH = "paragraph"
    ITEM = "item"
    PROFILE = "profile"
    LIST = "list"


@dataclass(frozen=True)
class Passage:
    """One retrievable unit of the guide, in the guide's own words."""

    id: str
    role: str
    section: str
    kind: PassageKind
    text: str
    title: str | None = None
    items: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        # A corpus YAML spells the kind as a plain string.
        if not isinstance(self.kind, PassageKind):
            object.__setattr__(self, "kind", PassageKind(self.kind))

    @cached_property
    def path(self) -> tuple[str, ...]:
        """The section path as a tuple: ("Salary and Compensation", "Europe")."""
        return tuple(self.section.split(SEP))


def slug(text: str) -> str:
    """A lowercase ASCII slug: `Bachelor’s or Master’s Degree` → `bachelors-or-masters-degree`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


class _Ids:
    """Hands out unique ids, suffixing repeats (-2, -3) in page order."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def take(self, base: str) -> str:
        count = self.seen.get(base, 0) + 1
        self.seen[base] = count
        return base if count == 1 else f"{base}-{count}"


def _section_passages(role: str, section: Section, ids: _Ids,
                      by_line: dict[int, str]) -> list[Passage]:
    prefix = "/".join(slug(part) for part in section.path)
    name = SEP.join(section.path)
    out: list[Passage] = []
    paragraphs = 0
    for block in section.blocks:
        if section.is_profile:
            pid = ids.take(prefix)
            out.append(Passage(id=pid, role=role, section=SEP.join(section.path[:-1]),
                               kind=PassageKind.PROFILE, text=block.text,
                               title=section.path[-1]))
        elif block.is_item:
            pid = ids.take(f"{prefix}/{slug(block.title or block.text[:40])}")
            out.append(Passage(id=pid, role=role, section=name, kind=PassageKind.ITEM,
                               text=block.text, title=block.title))
        else:
            paragraphs += 1
            pid = ids.take(f"{prefix}/p{paragraphs}")
            out.append(Passage(id=pid, role=role, section=name, kind=PassageKind.PARAGRAPH,
                               text=block.text))
        by_line[block.line] = pid
    return out


def _list_passage(role: str, path: tuple[str, ...], members: list[Passage], ids: _Ids) -> Passage:
    titles = [m.title or m.text for m in members]
    return Passage(id=ids.take("/".join(slug(p) for p in path) + "/list"), role=role,
                   section=SEP.join(path), kind=PassageKind.LIST, text="; ".join(titles),
                   title=path[-1], items=tuple(m.id for m in members))


def build_passages(page: Page) -> tuple[tuple[Passage, ...], dict[int, str]]:
    """All passages of a page, and a map from each block's line number to its passage id."""
    ids = _Ids()
    by_line: dict[int, str] = {}
    passages: list[Passage] = []
    lists: dict[tuple[str, ...], list[Passage]] = {}
    for section in page.sections:
        made = _section_passages(page.role, section, ids, by_line)
        passages.extend(made)
        members = [p for p in made if p.kind in (PassageKind.ITEM, PassageKind.PROFILE)]
        key = section.path[:-1] if section.is_profile else section.path
        lists.setdefault(key, []).extend(members)
    # A list per section with two or more entries, then one per parent of sub-sections,
    # whose entries are the sub-lists (or a sub-section's single entry).
    children: dict[tuple[str, ...], list[Passage]] = {}
    for path, members in lists.items():
        entry = members[0] if len(members) == 1 else None
        if len(members) >= 2:
            entry = _list_passage(page.role, path, members, ids)
            passages.append(entry)
        if entry is not None and len(path) > 1:
            children.setdefault(path[:-1], []).append(entry)
    for path, entries in children.items():
        if len(entries) >= 2:
            passages.append(_list_passage(page.role, path, entries, ids))
    return tuple(passages), by_line
