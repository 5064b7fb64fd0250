"""The synonym and alias table: phrases people use, mapped to the guide's words."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPLIT = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Alias:
    """One way of saying a canonical phrase."""

    words: tuple[str, ...]
    canonical: tuple[str, ...]
    cased: bool


class Synonyms:
    """Longest-match phrase rewriting: each alias found is replaced by its canonical words."""

    def __init__(self, aliases: list[Alias]) -> None:
        self.aliases = list(aliases)
        self.by_first: dict[str, list[Alias]] = {}
        for alias in sorted(aliases, key=lambda a: -len(a.words)):
            self.by_first.setdefault(alias.words[0].casefold(), []).append(alias)

    @classmethod
    def load(cls, table: object) -> "Synonyms":
        """Build from `{canonical: [alias, …]}`; a canonical phrase is an alias of itself."""
        if not isinstance(table, dict):
            raise ValueError("the synonym table must map a phrase to a list of aliases")
        aliases: list[Alias] = []
        for canonical, forms in table.items():
            target = tuple(_SPLIT.findall(str(canonical).casefold()))
            if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
                raise ValueError(f"aliases of {canonical!r} must be a list of strings")
            for form in [str(canonical), *forms]:
                text = form
                cased = text != text.lower()
                words = tuple(_SPLIT.findall(text if cased else text.casefold()))
                if words:
                    aliases.append(Alias(words, target, cased and form != canonical))
        return cls(aliases)

    def keeping(self, phrases: list[str]) -> "Synonyms":
        """A copy that keeps these phrases whole ("Latin America" is not "Latin" + America)."""
        kept = [Alias(w, w, False) for w in (tuple(_SPLIT.findall(p.casefold())) for p in phrases)
                if len(w) > 1]
        return Synonyms(self.aliases + kept)

    def _matches(self, alias: Alias, words: list[str], cased: list[str], at: int) -> bool:
        size = len(alias.words)
        source = cased if alias.cased else words
        return tuple(source[at:at + size]) == alias.words

    def expand(self, words: list[str], cased: list[str] | None = None) -> tuple[str, ...]:
        """The words with each alias replaced by its canonical words."""
        cased = cased if cased is not None else words
        out: list[str] = []
        by_first = self.by_first
        at, end = 0, len(words)
        while at < end:
            word = words[at]
            aliases = by_first.get(word)
            if aliases is not None:   # most words start no alias
                for alias in aliases:
                    if self._matches(alias, words, cased, at):
                        out.extend(alias.canonical)
                        at += len(alias.words)
                        break
                else:
                    out.append(word)
                    at += 1
            else:
                out.append(word)
                at += 1
        return tuple(out)
