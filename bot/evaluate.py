"""`guidebot eval`: run a labelled question set through the engine and score the answers.

A case passes only if its answer holds every required fact, none of the forbidden ones,
abstains exactly when it should, and is at most MAX_ANSWER characters. Facts match after
the tokenizer's Unicode folding, so curly quotes or accents in the file need not match the
guide's byte for byte. `salary: [Country…]` is shorthand for "these countries' figures as the
guide prints them, and no other country's".
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.engine import MAX_ANSWER, Answer, Context, Engine
from corpus import safe_yaml
from corpus.errors import CorpusError
from corpus.files import read_text
from retrieval.tokenize import normalize

OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Turn:
    """One question and what its answer must (not) say."""

    question: str
    must: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()
    abstain: bool = False


@dataclass(frozen=True)
class Case:
    """A labelled single question or conversation."""

    id: str
    category: str
    turns: tuple[Turn, ...]
    split: str = "test"


@dataclass(frozen=True)
class Outcome:
    """How one turn went."""

    case: Case
    turn: int
    answer: Answer
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """True when the answer met every expectation."""
        return not self.problems


@dataclass
class Report:
    """The figures `guidebot eval` prints."""

    outcomes: list[Outcome] = field(default_factory=list)

    def _rate(self, chosen: list[Outcome], test: Any = None) -> tuple[int, int]:
        hits = sum(1 for o in chosen if (o.passed if test is None else test(o)))
        return hits, len(chosen)

    def single(self) -> list[Outcome]:
        """Outcomes of one-question cases."""
        return [o for o in self.outcomes if len(o.case.turns) == 1]

    def turns(self) -> list[Outcome]:
        """Outcomes of the turns of conversations."""
        return [o for o in self.outcomes if len(o.case.turns) > 1]

    def figures(self) -> dict[str, tuple[int, int]]:
        """Accuracy, abstention and false-abstention counts as (hits, total)."""
        oos = [o for o in self.outcomes if o.case.turns[o.turn].abstain]
        scoped = [o for o in self.outcomes if not o.case.turns[o.turn].abstain]
        return {
            "single-turn accuracy": self._rate(self.single()),
            "conversation-turn accuracy": self._rate(self.turns()),
            "abstention on out-of-scope": self._rate(oos, lambda o: o.answer.abstained),
            "false abstention on in-scope": self._rate(scoped, lambda o: o.answer.abstained),
            # A wrong answer with a citation is worse than a refusal: counted on its own.
            "wrong but confident on in-scope": self._rate(
                scoped, lambda o: not o.passed and not o.answer.abstained),
        }

    def by_category(self) -> dict[str, tuple[int, int]]:
        """Accuracy per category, over every turn."""
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            groups[outcome.case.category].append(outcome)
        return {name: self._rate(group) for name, group in sorted(groups.items())}

    def failures(self) -> list[Outcome]:
        """Every turn that did not pass."""
        return [o for o in self.outcomes if not o.passed]


def _strings(value: Any, where: str, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int, float)):
        return (str(value),)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v) for v in value)
    raise CorpusError("must be a string or a list of strings", path=path, key=where)


def _turn(data: dict[str, Any], engine: Engine, where: str, path: str) -> Turn:
    if not isinstance(data.get("question"), str):
        raise CorpusError("needs a 'question'", path=path, key=where)
    must = list(_strings(data.get("must"), f"{where}.must", path))
    must_not = list(_strings(data.get("must_not"), f"{where}.must_not", path))
    countries = _strings(data.get("salary"), f"{where}.salary", path)
    rows = {r.country: r for r in engine.corpus.salaries}
    for country in countries:
        if country not in rows:
            raise CorpusError(f"no salary row for {country!r}", path=path, key=where)
        must.append(rows[country].text)
    if countries:
        must_not += [r.text.split(" – ")[0] for c, r in rows.items()
                     if c not in countries and all(r.text.split(" – ")[0] not in rows[k].text
                                                   for k in countries)]
    return Turn(data["question"], tuple(must), tuple(must_not), bool(data.get("abstain")))


def load_cases(path: str | Path, engine: Engine) -> list[Case]:
    """Read a labelled set: `cases:` of `{id, category, question|turns, must, must_not,
    salary, abstain, split}`."""
    file = Path(path)
    text = read_text(file, CorpusError, "question set")
    document = safe_yaml.parse(text, path=str(file), error=CorpusError)
    if not isinstance(document, dict) or not isinstance(document.get("cases"), list):
        raise CorpusError("expected a mapping with a 'cases' list", path=str(file))
    cases = []
    for index, item in enumerate(document["cases"]):
        where = f"cases[{index}]"
        if not isinstance(item, dict):
            raise CorpusError("must be a mapping", path=str(file), key=where)
        raw_turns = item.get("turns") or [item]
        if not isinstance(raw_turns, list) or not all(isinstance(t, dict) for t in raw_turns):
            raise CorpusError("'turns' must be a list of mappings", path=str(file), key=where)
        turns = tuple(_turn(t, engine, f"{where}.turns[{i}]", str(file))
                      for i, t in enumerate(raw_turns))
        category = str(item.get("category") or (OUT_OF_SCOPE if turns[0].abstain else "other"))
        cid = str(item.get("id", where))
        # A stable half-and-half split, so tuning can be checked on cases it never saw.
        split = str(item.get("split") or ("tune" if zlib.crc32(cid.encode()) % 2 == 0 else "test"))
        cases.append(Case(cid, category, turns, split))
    return cases


def check(turn: Turn, answer: Answer) -> tuple[str, ...]:
    """What is wrong with an answer to a turn (empty when it passes)."""
    problems = []
    text = normalize(answer.text)
    problems += [f"missing {fact!r}" for fact in turn.must if normalize(fact) not in text]
    problems += [f"has {fact!r}" for fact in turn.must_not if normalize(fact) in text]
    if answer.abstained != turn.abstain:
        problems.append("abstained" if answer.abstained else "should have abstained")
    if len(answer.text) > MAX_ANSWER:
        problems.append(f"{len(answer.text)} characters")
    return tuple(problems)


def evaluate(engine: Engine, cases: list[Case], split: str | None = None) -> Report:
    """Run every case (or one split) through the engine, conversations turn by turn."""
    report = Report()
    for case in cases:
        if split is not None and case.split != split:
            continue
        context = Context()
        for number, turn in enumerate(case.turns):
            answer = engine.answer(turn.question, context)
            context = answer.context
            report.outcomes.append(Outcome(case, number, answer, check(turn, answer)))
    return report


def report_text(report: Report, verbose: bool = False) -> str:
    """The report as text: headline figures, categories, then failures."""
    def percentage(hits: int, total: int) -> str:
        return f"{100 * hits / total:5.1f}% ({hits}/{total})" if total else "    – (0/0)"

    lines = [f"{name:<32} {percentage(*counts)}" for name, counts in report.figures().items()]
    lines.append("")
    lines += [f"  {name:<28} {percentage(*counts)}"
              for name, counts in report.by_category().items()]
    failures = report.failures()
    if failures:
        lines.append(f"\n{len(failures)} failing turn(s):")
        for outcome in failures:
            question = outcome.case.turns[outcome.turn].question
            lines.append(f"- [{outcome.case.id}#{outcome.turn + 1}] {question!r}: "
                         f"{'; '.join(outcome.problems)}")
            if verbose:
                lines += ["    " + line for line in outcome.answer.text.splitlines()[:8]]
    return "\n".join(lines)
