"""Grouping refused questions so that rewordings of one question count together.

The rule is meant to be explained in one sentence: a question's *content terms* are the
stems the engine's tokenizer keeps (synonyms applied, stopwords and the role's own name
dropped), and a question joins the most-asked group whose leading wording shares at least
`THRESHOLD` of their combined terms (Jaccard similarity); otherwise it leads a new group.

Groups are built greedily, most frequent wording first, with prefix filtering (Bayardo et
al., "Scaling up all pairs similarity search", 2007) so each wording is compared only with
leaders that could reach the threshold, which keeps a million refused turns fast.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache

from bot.store.errors import StoreError
from bot.store.records import GapGroup, Wording
from retrieval.tokenize import Tokenizer, default_tokenizer

THRESHOLD = 0.5
WORDINGS_SHOWN = 3


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    return default_tokenizer()


def role_terms(role: str) -> frozenset[str]:
    """The stems of the guide's role name: every question is about it, so they group nothing."""
    return frozenset(_tokenizer().tokens(role))


def key_terms(question: str, ignore: frozenset[str] = frozenset()) -> str:
    """A question's content terms, sorted and space-separated: the grouping key stored."""
    terms = set(_tokenizer().tokens(question[:1000])) - ignore
    return " ".join(sorted(terms))


@dataclass(frozen=True)
class Asked:
    """Rows from the store: one wording of a refused question with its grouping key."""

    terms: str
    question: str
    count: int
    last_ms: int


@dataclass
class _Group:
    terms: tuple[str, ...]
    keys: list[str] = field(default_factory=list)
    asked: int = 0
    last_ms: int = 0
    wordings: Counter[str] = field(default_factory=Counter)


def _prefix(terms: tuple[str, ...], threshold: float) -> tuple[str, ...]:
    """The terms (rarest first) two sets must share one of to reach the threshold."""
    return terms[:len(terms) - math.ceil(threshold * len(terms)) + 1]


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Shared terms over all terms."""
    left, right = set(a), set(b)
    return len(left & right) / len(left | right) if left or right else 1.0


def group(rows: Iterable[Asked], threshold: float = THRESHOLD) -> list[tuple[GapGroup, list[str]]]:
    """Refused wordings grouped, most asked first, each with the keys it holds (for `people`)."""
    by_key: dict[str, _Group] = {}
    for row in rows:
        if not row.terms:
            continue
        entry = by_key.setdefault(row.terms, _Group(tuple(row.terms.split())))
        entry.asked += row.count
        entry.last_ms = max(entry.last_ms, row.last_ms)
        entry.wordings[row.question] += row.count
    # Rarest terms first: the prefixes are then short lists in the inverted index.
    frequency = Counter(t for entry in by_key.values() for t in entry.terms)
    leaders: list[_Group] = []
    index: dict[str, list[int]] = {}
    for key, entry in sorted(by_key.items(), key=lambda kv: (-kv[1].asked, -kv[1].last_ms, kv[0])):
        ordered = tuple(sorted(entry.terms, key=lambda t: (frequency[t], t)))
        best, best_score = -1, 0.0
        seen: set[int] = set()
        for term in _prefix(ordered, threshold):
            for number in index.get(term, ()):
                if number in seen:
                    continue
                seen.add(number)
                score = jaccard(entry.terms, leaders[number].terms)
                if score >= threshold and (score > best_score or
                                           (score == best_score and number < best)):
                    best, best_score = number, score
        if best < 0:
            best = len(leaders)
            leaders.append(_Group(entry.terms))
            for term in _prefix(ordered, threshold):
                index.setdefault(term, []).append(best)
        leader = leaders[best]
        leader.keys.append(key)
        leader.asked += entry.asked
        leader.last_ms = max(leader.last_ms, entry.last_ms)
        leader.wordings.update(entry.wordings)
    leaders.sort(key=lambda g: (-g.asked, -g.last_ms, g.terms))
    return [(GapGroup(terms=g.terms, asked=g.asked, people=0, last_ms=g.last_ms,
                      wordings=tuple(Wording(q, n) for q, n in
                                     sorted(g.wordings.items(), key=lambda w: (-w[1], w[0]))
                                     [:WORDINGS_SHOWN])), g.keys)
            for g in leaders]


_AGE = re.compile(r"(\d+)\s*([smhdw])")
_UNIT_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}


def parse_since(text: str, now_ms: int) -> int:
    """`7d`, `12h`, `30m`, `2w` back from now, or an ISO date/time (UTC): a store time."""
    text = text.strip()
    match = _AGE.fullmatch(text.lower())
    if match:
        return now_ms - int(match.group(1)) * _UNIT_MS[match.group(2)]
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise StoreError(f"--since {text!r}: expected an age like 7d, 12h, 2w "
                         "or a date like 2025-01-31") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)
