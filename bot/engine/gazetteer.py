"""The place names a corpus knows (countries with a salary row, regions, cities) and the
world's other countries, found in a question's words longest-first."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from corpus.store import Corpus
from retrieval.tokenize import normalize, split_words


@dataclass(frozen=True)
class Gazetteer:
    """Where-names a corpus knows: countries with a salary row, regions, cities."""

    phrases: dict[tuple[str, ...], tuple[str, str]]   # words → (kind, canonical name)
    # World cities in a covered country that the guide itself does not name ("Munich").
    elsewhere: dict[str, str] = field(default_factory=dict)   # city → country

    @cached_property
    def sizes(self) -> dict[str, tuple[int, ...]]:
        """For each first word, the lengths of the phrases it starts, longest first."""
        sizes: dict[str, set[int]] = {}
        for words in self.phrases:
            sizes.setdefault(words[0], set()).add(len(words))
        return {w: tuple(sorted(n, reverse=True)) for w, n in sizes.items()}

    @classmethod
    def of(cls, corpus: Corpus, world: dict[tuple[str, ...], str],
           cities: dict[tuple[str, ...], tuple[str, str]]) -> "Gazetteer":
        """Index a corpus's countries, regions and cities, and the world's other countries
        and large cities: a city of a country the guide lacks stands for that country."""
        phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        elsewhere: dict[str, str] = {}
        covered = {row.country for row in corpus.salaries}
        for words, name in world.items():
            if name not in covered:
                phrases[words] = ("foreign", name)
        for words, (city, country) in cities.items():
            if country not in covered:
                phrases.setdefault(words, ("foreign", country))
            else:
                phrases[words] = ("elsewhere", city)
                elsewhere[city] = country
        for place in corpus.places:
            phrases[tuple(split_words(normalize(place.name)))] = ("city", place.name)
            for part in place.name.split("-"):  # "Delhi-NCR" is also asked as "Delhi"
                if len(part) >= 4 and part != place.name:
                    phrases.setdefault(tuple(split_words(normalize(part))), ("city", place.name))
        for row in corpus.salaries:
            if row.region:
                phrases[tuple(split_words(normalize(row.region)))] = ("region", row.region)
            phrases[tuple(split_words(normalize(row.country)))] = ("country", row.country)
        return cls(phrases, elsewhere)

    def find(self, words: tuple[str, ...]) -> list[tuple[str, str, int, int]]:
        """Longest-first matches: (kind, name, start, end) in question order."""
        found: list[tuple[str, str, int, int]] = []
        sizes = self.sizes
        at = 0
        while at < len(words):
            for size in sizes.get(words[at], ()):
                hit = self.phrases.get(words[at:at + size])
                if hit:
                    found.append((hit[0], hit[1], at, at + size))
                    at += size
                    break
            else:
                at += 1
        return found


# Country names read as a phrase take "the": "the United Kingdom", "the Netherlands".
_ARTICLE_HEADS = frozenset({"united", "czech", "dominican", "central"})
_ARTICLE_TAILS = frozenset({"kingdom", "states", "emirates", "republic", "islands",
                            "netherlands", "philippines", "bahamas", "maldives", "gambia"})


def with_article(country: str) -> str:
    """`the United Kingdom`, `the Netherlands`, but `Germany`."""
    words = country.casefold().split()
    if words and (words[0] in _ARTICLE_HEADS or words[-1] in _ARTICLE_TAILS):
        return f"the {country}"
    return country
