"""Name suggestions: autocomplete and "did you mean", case- and accent-insensitive.

rapidfuzz does the fuzzy part: C speed, and scorers that forgive a dropped or swapped letter.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from retrieval.tokenize import normalize

MIN_SCORE = 70
MIN_FUZZY_LENGTH = 4  # below this, fuzzy matches are noise: prefixes only


def suggest(typed: str, names: Sequence[str], limit: int = 25) -> list[str]:
    """Names that start with what was typed (any word), then the closest fuzzy matches."""
    key = normalize(typed).strip()
    if not key:
        return list(names[:limit])
    folded = {name: normalize(name) for name in names}
    prefix = [n for n in names if folded[n].startswith(key)]
    words = [n for n in names if n not in prefix
             and any(w.startswith(key) for w in folded[n].replace("-", " ").split())]
    picked = prefix + words
    if len(picked) < limit and len(key) >= MIN_FUZZY_LENGTH:
        rest = [n for n in names if n not in picked]
        scored = process.extract(key, [folded[n] for n in rest], scorer=fuzz.ratio,
                                 limit=limit - len(picked), score_cutoff=MIN_SCORE)
        picked += [rest[index] for _, _, index in scored]
    return picked[:limit]
