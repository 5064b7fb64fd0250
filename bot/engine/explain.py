"""Why the engine answered as it did: the record behind `guidebot ask --explain` and `/why`.

Built by `Engine.explain` from the same reading and search the answer used, so what it
shows is what the engine saw: the route, the question's terms and their weights, the words
the guide lacks and how much each counted against it, the coverage, and the passages
considered with their scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.answer import Answer, Route


@dataclass(frozen=True)
class Weighed:
    """A word of the question and the weight it carried."""

    word: str
    weight: float


@dataclass(frozen=True)
class Considered:
    """A passage the search ranked, with its BM25 score and the terms it matched."""

    passage: str
    section: str
    title: str | None
    score: float
    matched: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """One answer, explained."""

    question: str
    route: Route
    abstained: bool
    reason: str
    terms: tuple[Weighed, ...]
    unknown: tuple[Weighed, ...]
    places: tuple[str, ...]
    coverage: float | None
    considered: tuple[Considered, ...]
    sources: tuple[str, ...]

    @classmethod
    def of(cls, *, question: str, answer: Answer, terms: tuple[Weighed, ...],
           unknown: tuple[Weighed, ...], places: tuple[str, ...], coverage: float | None,
           considered: tuple[Considered, ...]) -> "Explanation":
        """The record for an answer and what the engine read and searched to make it."""
        return cls(question=question, route=answer.route, abstained=answer.abstained,
                   reason=answer.reason, terms=terms, unknown=unknown, places=places,
                   coverage=coverage, considered=considered,
                   sources=tuple(dict.fromkeys(s.section for s in answer.sources)))

    def as_json(self) -> dict[str, object]:
        """The record as plain JSON types (`ask --explain --json`)."""
        return {
            "question": self.question, "route": self.route.value, "abstained": self.abstained,
            "reason": self.reason,
            "terms": [{"term": t.word, "weight": round(t.weight, 3)} for t in self.terms],
            "unknown": [{"word": u.word, "weight": round(u.weight, 3)} for u in self.unknown],
            "places": list(self.places),
            "coverage": None if self.coverage is None else round(self.coverage, 3),
            "considered": [{"passage": c.passage, "section": c.section, "title": c.title,
                            "score": round(c.score, 3), "matched": list(c.matched)}
                           for c in self.considered],
            "sources": list(self.sources),
        }

    def lines(self) -> list[str]:
        """The record as short plain-text lines, for a terminal or an ephemeral message."""
        out = [f"route: {self.route.value}" + (" (abstained)" if self.abstained else "")]
        if self.reason:
            out.append(f"why: {self.reason}")
        if self.terms:
            out.append("terms: " + ", ".join(f"{t.word} {t.weight:.2f}" for t in self.terms))
        if self.unknown:
            out.append("not in the guide: "
                       + ", ".join(f"{u.word} {u.weight:.2f}" for u in self.unknown))
        if self.places:
            out.append("places: " + ", ".join(self.places))
        if self.coverage is not None:
            out.append(f"coverage: {self.coverage:.2f}")
        for c in self.considered:
            name = f"{c.section} › {c.title}" if c.title else c.section
            out.append(f"  {c.score:6.2f}  {name}  [{', '.join(c.matched)}]")
        if self.sources:
            out.append("sources: " + "; ".join(self.sources))
        return out
