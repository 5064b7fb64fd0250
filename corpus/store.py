"""The corpus: a guide's passages, salary table and places, read from and written to YAML.

The YAML is meant to be read and edited by a person: one mapping per passage, the guide's
own words, and the salary rows as plain fields. `load_guide` takes either that YAML or a
raw page, so every command can point at another guide.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any

from corpus import safe_yaml
from corpus.errors import CorpusError, GuidebotError
from corpus.files import read_text, shipped_text
from corpus.passages import Passage
from corpus.places import Place
from corpus.salary import SalaryRange

BUNDLED_GUIDE = "machine-learning-engineer.yaml"   # in corpus/guides/, shipped in the wheel
FORMAT = 1
READING_ORDER = ("id", "section", "title", "kind", "text", "items", "role")


@dataclass(frozen=True)
class Corpus:
    """Everything the engine knows about one guide."""

    role: str
    source: str
    passages: tuple[Passage, ...]
    salaries: tuple[SalaryRange, ...]
    places: tuple[Place, ...]

    @cached_property
    def by_id(self) -> dict[str, Passage]:
        """Passages by id, built on first use."""
        return {p.id: p for p in self.passages}

    @cached_property
    def place_names(self) -> tuple[str, ...]:
        """Every country, region and city the salary table can answer for, in page order."""
        names = [r.country for r in self.salaries] + [r.region for r in self.salaries if r.region]
        return tuple(dict.fromkeys(names + [p.name for p in self.places]))

    def passage(self, pid: str) -> Passage:
        """The passage with this id (KeyError if there is none)."""
        return self.by_id[pid]


def build_corpus(text: str, source: str) -> Corpus:
    """Parse a raw role page into a corpus."""
    # Parsing is only needed for raw pages, so its modules load only then.
    from corpus.parse import parse_page
    from corpus.passages import build_passages
    from corpus.places import places
    from corpus.salary import salary_table
    page = parse_page(text)
    passages, by_line = build_passages(page)
    rows = salary_table(page, by_line)
    return Corpus(page.role, source, passages, rows, places(page, rows, by_line))


def to_yaml(corpus: Corpus) -> str:
    """The corpus as human-editable YAML."""
    def record(obj: Any) -> dict[str, Any]:
        data = asdict(obj)
        # Identity first, the guide's words next, bookkeeping last: the order a person reads.
        order = [k for k in READING_ORDER if k in data] + [k for k in data if k not in READING_ORDER]
        plain = {k: v.value if isinstance(v, Enum) else v for k, v in data.items()}
        return {k: (list(plain[k]) if isinstance(plain[k], tuple) else plain[k]) for k in order
                if plain[k] not in (None, ())}

    document = {
        "format": FORMAT,
        "role": corpus.role,
        "source": corpus.source,
        "passages": [record(p) for p in corpus.passages],
        "salaries": [record(s) for s in corpus.salaries],
        "places": [record(p) for p in corpus.places],
    }
    return safe_yaml.dump(document)


def _records(document: dict[str, Any], key: str, cls: type, path: str) -> tuple[Any, ...]:
    names = {f.name for f in fields(cls)}
    rows = document.get(key) or []
    if not isinstance(rows, list):
        raise CorpusError("must be a list", path=path, key=key)
    out = []
    for index, row in enumerate(rows):
        where = f"{key}[{index}]"
        if not isinstance(row, dict):
            raise CorpusError("must be a mapping", path=path, key=where)
        unknown = set(row) - names
        if unknown:
            raise CorpusError(f"unknown field {sorted(unknown)[0]!r}", path=path, key=where)
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}
        try:
            out.append(cls(**values))
        except TypeError as exc:
            missing = str(exc).rsplit(":", 1)[-1].strip() or "fields"
            raise CorpusError(f"missing {missing}", path=path, key=where) from None
    return tuple(out)


def from_yaml(text: str, path: str = "<corpus>") -> Corpus:
    """Read a corpus YAML document (safe loader only)."""
    document = safe_yaml.parse(text, path=path, error=CorpusError, what="not a valid corpus")
    if not isinstance(document, dict) or "passages" not in document:
        raise CorpusError("not a guidebot corpus (no 'passages' list)", path=path)
    corpus = Corpus(str(document.get("role") or "the role"), str(document.get("source") or path),
                    _records(document, "passages", Passage, path),
                    _records(document, "salaries", SalaryRange, path),
                    _records(document, "places", Place, path))
    if not corpus.passages:
        raise CorpusError("the corpus has no passages", path=path)
    return corpus


def load_guide(path: str | Path | None = None) -> Corpus:
    """Load a corpus YAML or parse a raw guide page; the bundled guide when path is None."""
    if path is None:
        return from_yaml(shipped_text("corpus", "guides", BUNDLED_GUIDE), BUNDLED_GUIDE)
    file = Path(path)
    text = read_text(file, CorpusError, "guide")
    if file.suffix.lower() in (".yaml", ".yml"):
        return from_yaml(text, str(file))
    try:
        return build_corpus(text, file.name)
    except GuidebotError as exc:
        raise CorpusError(exc.message, path=str(file)) from None
