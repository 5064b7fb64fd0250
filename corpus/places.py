"""Cities a guide names for each country, so "how much in Bengaluru?" finds India's row.

A country's bullet outside the salary table (the demand section: "Canada: Toronto and
Vancouver are…") is read for capitalised names. A single capitalised word that the guide also
writes in lower case ("Major cities like…") is an ordinary word, not a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.parse import Page
    from corpus.salary import SalaryRange

_NAME = re.compile(r"[A-Z][\w’'-]*(?:[ -](?:[A-Z][\w’'-]*))*")
_WORD = re.compile(r"[a-z][\w’'-]*")


@dataclass(frozen=True)
class Place:
    """A city the guide names, and the country whose bullet names it."""

    name: str
    country: str
    passage: str


def _lowercase_words(page: Page) -> set[str]:
    words: set[str] = set()
    for section in page.sections:
        for block in section.blocks:
            words.update(_WORD.findall(block.text))
    return words


def _is_acronym(name: str) -> bool:
    head = name.split("-")[0]
    return head.isupper() and len(head) <= 3


def _names(text: str, common: set[str]) -> list[str]:
    """Capitalised runs; a sentence's first word is dropped when the guide uses it lowercase."""
    names = []
    for match in _NAME.finditer(text):
        words = match.group().split(" ")
        at_sentence_start = match.start() == 0 or text[:match.start()].rstrip().endswith(".")
        while at_sentence_start and words and words[0].lower() in common:
            words.pop(0)
        if words:
            names.append(" ".join(words))
    return names


def places(page: Page, salaries: tuple[SalaryRange, ...],
           passage_ids: dict[int, str]) -> tuple[Place, ...]:
    """Cities named in non-salary bullets titled with a country that has a salary row."""
    countries = {row.country for row in salaries}
    regions = {row.region for row in salaries if row.region}
    salary_passages = {row.passage for row in salaries}
    common = _lowercase_words(page)
    found: dict[str, Place] = {}
    for section in page.sections:
        for block in section.blocks:
            pid = passage_ids.get(block.line)
            if block.title not in countries or pid in salary_passages:
                continue
            for name in _names(block.text, common):
                if name in countries or name in regions or _is_acronym(name):
                    continue
                found.setdefault(name.casefold(), Place(name, block.title, pid or ""))
    return tuple(found.values())
