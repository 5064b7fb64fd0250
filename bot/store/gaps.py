"""Grouping refused questions so that rewordings of one question count together.

The rule, in one sentence: a question's *content terms* are the stems the engine's
tokenizer keeps (synonyms applied; stopwords, the role's own name and words that only frame
a question, like "guide" or "tell", dropped), and a question joins the most-asked group
whose leading wording shares at least half of their combined terms (Jaccard similarity
>= `THRESHOLD`); otherwise it leads a new group. Wordings are taken most asked first, so
a group's leading wording is its most asked one.

Comparing every wording with every leader is quadratic; `group` gets the same answer by
looking only where a match can be (see `_Leaders`), which keeps a million turns fast.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING

from bot.store.errors import StoreError

if TYPE_CHECKING:
    from retrieval.tokenize import Tokenizer

THRESHOLD = 0.5
WORDINGS_SHOWN = 3
MAX_TERMS = 16
# Past this many wordings (most asked first) a wording no longer starts a group of its own
# that later ones may join: it bounds the work on a large store, and groups so rarely asked
# are not what the report shows.
MAX_LEADERS = 10_000
# Words that say how a question is put, not what it is about: "does the guide cover X?"
# and "tell me about X" are both about X. Stemmed with the engine's tokenizer.
FRAMING = ("guide cover mention tell know explain information info advice anything something "
           "say talk page question help please")


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    # Imported when first needed: grouping stored keys (all `guidebot gaps` does) needs no
    # tokenizer, and loading one costs the command a YAML parser and the synonym table.
    from retrieval.tokenize import default_tokenizer
    return default_tokenizer()


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[str, ...]]]:
    """The synonym table's multi-word phrases as stems, longest first, by their first stem."""
    tokenizer = _tokenizer()
    found = {tuple(tokenizer.tokens(" ".join(alias.canonical)))
             for alias in tokenizer.synonyms.aliases}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted((p for p in found if len(p) > 1), key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def content_terms(text: str) -> list[str]:
    """The engine's terms for a text, each synonym phrase kept as one term ("get into" and
    "career path" are both `career_path`): a phrase is one thing asked about, not two."""
    terms = _tokenizer().tokens(text[:1000])
    phrases = _phrases()
    out: list[str] = []
    at = 0
    while at < len(terms):
        for phrase in phrases.get(terms[at], ()):
            if tuple(terms[at:at + len(phrase)]) == phrase:
                out.append("_".join(phrase))
                at += len(phrase)
                break
        else:
            out.append(terms[at])
            at += 1
    return out


def role_terms(role: str) -> frozenset[str]:
    """The terms of the guide's role name: every question is about it, so they group nothing."""
    return frozenset(content_terms(role))


@lru_cache(maxsize=1)
def framing_terms() -> frozenset[str]:
    """The terms of the framing words, ignored when grouping."""
    return frozenset(content_terms(FRAMING))


def key_terms(question: str, ignore: frozenset[str] = frozenset()) -> str:
    """A question's content terms (its first MAX_TERMS), sorted, space-separated: the key
    stored with each refused turn. Framing words go too, unless nothing else is left."""
    terms = list(dict.fromkeys(t for t in content_terms(question) if t not in ignore))
    framing = framing_terms()
    content = [t for t in terms if t not in framing] or terms
    return " ".join(sorted(content[:MAX_TERMS]))


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Shared terms over all terms."""
    left, right = set(a), set(b)
    return len(left & right) / len(left | right) if left or right else 1.0


@dataclass
class Cluster:
    """A group being built: its leading terms, and the stored keys it holds."""

    terms: tuple[str, ...]
    asked: int = 0
    last_ms: int = 0
    keys: list[str] = field(default_factory=list)


class _Leaders:
    """Group leaders, indexed so that a wording finds the first leader it matches quickly.

    Terms are taken in one global order (alphabetical: the order keys are stored in, so
    a key's terms come sorted). Sets x, y reaching Jaccard t share at least
    o = ceil(t/(1+t)·(|x|+|y|)) terms, and o >= t·|x|. When o >= 2, the first two terms
    they share both lie in each set's first |x| - ceil(t·|x|) + 2 terms (AdaptJoin: Wang
    et al., SIGMOD 2012), so leaders are indexed by the pairs in that prefix, which stay
    rare even when single terms are common. At that first shared pair, at positions i2 in
    x and j2 in y, at most 2 + min(|x|-i2-1, |y|-j2-1) terms can be shared (PPJoin: Xiao et
    al., WWW 2008), which rules out most entries before any set is compared. Only sets
    with |x| + |y| <= 1 + 1/t can match sharing one term; those are indexed by (term, size).
    Any global order finds the same leaders; rarest first would probe shorter lists for
    long sets, but keys are short (a prefix of up to 4 terms holds all their pairs), and
    ranking every term costs more than it saves.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.small = math.floor(1 / threshold + 1e-9)
        self.sets: list[frozenset[str]] = []
        self.pairs: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
        self.singles: dict[tuple[str, int], list[int]] = {}
        top = MAX_TERMS + 1
        # need[x][y]: the fewest shared terms for sets of sizes x and y to reach t.
        self.need = [[math.ceil(threshold * (x + y) / (1 + threshold) - 1e-9)
                      for y in range(2 * top + 2)] for x in range(top)]
        self.low = [max(1, math.ceil(threshold * x - 1e-9)) for x in range(top)]
        self.high = [x / threshold + 1e-9 for x in range(top)]
        # For each size, the prefix pairs (i1, i2) worth probing, with the terms left after
        # i2; and the sizes of the sets it may match sharing one term.
        self.plans: list[list[tuple[int, int, int]]] = []
        self.indexed: list[list[tuple[int, int]]] = []
        self.alike: list[range] = []
        for size in range(top):
            prefix = min(size, size - math.ceil(threshold * size - 1e-9) + 2)
            pairs = [(i1, i2) for i2 in range(1, prefix) for i1 in range(i2)]
            self.indexed.append(pairs)
            self.plans.append([(i1, i2, size - i2 - 1) for i1, i2 in pairs
                               if 2 + size - i2 - 1 >= self.need[size][self.low[size]]])
            self.alike.append(range(1, max(1, self.small + 2 - size)))  # size + other <= 1 + 1/t

    def place(self, ordered: list[str], lead: bool = True) -> int:
        """The earliest (most asked) leader this set matches, or a new leader made of it (-1
        when it may not `lead`); its number. `ordered` holds the set's terms in order."""
        terms = frozenset(ordered)
        size = len(ordered)
        low, high, need = self.low[size], self.high[size], self.need[size]
        pairs, sets, threshold = self.pairs, self.sets, self.threshold
        best = len(sets)
        for i1, i2, left in self.plans[size]:
            entries = pairs.get((ordered[i1], ordered[i2]))
            if entries is None:
                continue
            for number, other, j2 in entries:
                if number >= best:
                    break
                rest = other - j2 - 1
                if low <= other <= high and 2 + (left if left < rest else rest) >= need[other]:
                    shared = len(terms & sets[number])
                    if shared >= threshold * (size + other - shared) - 1e-9:
                        best = number
                        break
        for other in self.alike[size]:
            for term in ordered:
                for number in self.singles.get((term, other), ()):
                    if number >= best:
                        break
                    shared = len(terms & sets[number])
                    if shared >= threshold * (size + other - shared) - 1e-9:
                        best = number
                        break
        if best < len(sets):
            return best
        if not lead:
            return -1
        sets.append(terms)
        for j1, j2 in self.indexed[size]:
            pairs.setdefault((ordered[j1], ordered[j2]), []).append((best, size, j2))
        if size <= self.small:
            for term in ordered:
                self.singles.setdefault((term, size), []).append(best)
        return best


def group(counts: Iterable[tuple[str, int, int]], threshold: float = THRESHOLD,
          leaders: int = MAX_LEADERS, shown: int | None = None) -> list[Cluster]:
    """Stored keys, each with (key, times asked, last asked), grouped by the rule above;
    the most asked group first (only the first `shown` of them, when given). Only the
    `leaders` most asked wordings may start a group that others join; a wording after
    those joins a group or stands alone."""
    # Most asked first, then most recent, then by key: two stable sorts whose keys are
    # made in C, rather than a Python tuple built per row (a million turns hold ~10⁵ keys).
    rows = [row for row in counts if row[0]]
    rows.sort(key=itemgetter(0))
    rows.sort(key=itemgetter(1, 2), reverse=True)
    index = _Leaders(threshold)
    place = index.place
    led: list[Cluster] = []
    starts: list[int] = []
    # Groups are ordered by (-asked, -last, terms, the row that starts them): the row
    # breaks every tie as a stable sort of led groups, then lone ones, would. Lone
    # wordings come most asked and most recent first, so past the first `shown` of them
    # only those tied with the last kept can still be shown.
    alone: list[tuple[int, int, tuple[str, ...], int, Cluster | str]] = []
    room = len(rows) if shown is None else shown
    for count, (key, asked, last) in enumerate(rows):
        terms = key.split()[:MAX_TERMS]
        number = place(sorted(terms), count < leaders)
        if number < 0:
            if len(alone) < room or alone[-1][:2] == (-asked, -last):
                alone.append((-asked, -last, tuple(terms), count, key))
            continue
        if number == len(led):
            led.append(Cluster(tuple(terms)))
            starts.append(count)
        cluster = led[number]
        cluster.asked += asked
        if last > cluster.last_ms:
            cluster.last_ms = last
        cluster.keys.append(key)
    ranked: list[tuple[int, int, tuple[str, ...], int, Cluster | str]] = [
        (-c.asked, -c.last_ms, c.terms, start, c) for c, start in zip(led, starts)]
    ranked += alone
    if shown is None:
        ranked.sort()
    else:
        ranked = heapq.nsmallest(shown, ranked)
    return [item if isinstance(item, Cluster) else Cluster(terms, -asked, -last, [item])
            for asked, last, terms, _, item in ranked]


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
