"""The labelled question sets: floors on the engine's answer quality, and the scorer itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answer import Answer
from bot.engine import Engine
from bot.evaluate import Report, Turn, check, evaluate, load_cases
from corpus.errors import CorpusError
from retrieval.tokenize import normalize
from tests.conftest import ROOT, run_cli

EVAL = ROOT / "tests" / "eval"


def rate(report: Report, name: str) -> float:
    hits, total = report.figures()[name]
    assert total > 0
    return hits / total


@pytest.fixture(scope="module")
def ml_report(ml_engine: Engine) -> Report:
    return evaluate(ml_engine, load_cases(EVAL / "ml.yaml", ml_engine))


def test_ml_floors(ml_report: Report) -> None:
    assert len(ml_report.single()) >= 200
    assert rate(ml_report, "single-turn accuracy") >= 0.95
    assert rate(ml_report, "conversation-turn accuracy") >= 0.92
    assert rate(ml_report, "abstention on out-of-scope") >= 0.95
    assert rate(ml_report, "false abstention on in-scope") <= 0.03
    out_of_scope = [o for o in ml_report.single() if o.case.turns[0].abstain]
    assert len(out_of_scope) >= 40


def test_ml_test_half_holds_up(ml_engine: Engine) -> None:
    """The half the abstention threshold was not tuned on."""
    report = evaluate(ml_engine, load_cases(EVAL / "ml.yaml", ml_engine), split="test")
    assert rate(report, "single-turn accuracy") >= 0.95


def test_second_guide_floor(de_engine: Engine) -> None:
    report = evaluate(de_engine, load_cases(EVAL / "data-engineer.yaml", de_engine))
    assert len(report.single()) >= 60
    assert rate(report, "single-turn accuracy") >= 0.90


@pytest.mark.parametrize("name", ["ml-holdout.yaml", "ml-holdout-2.yaml"])
def test_holdouts_do_not_regress(ml_engine: Engine, name: str) -> None:
    """Written after tuning: regression guards, not targets."""
    report = evaluate(ml_engine, load_cases(EVAL / name, ml_engine))
    assert rate(report, "single-turn accuracy") >= 0.80


def test_every_entry_is_asked_about_twice(ml_engine: Engine) -> None:
    cases = load_cases(EVAL / "ml.yaml", ml_engine)
    facts = [normalize(f) for c in cases for t in c.turns for f in t.must]
    entries = {p.id: normalize(f"{p.title} {p.text}") for p in ml_engine.corpus.passages
               if p.kind in ("item", "profile")}
    for pid, text in entries.items():
        specific = [f for f in facts if f in text
                    and sum(f in other for other in entries.values()) <= 3]
        assert len(specific) >= 2, pid


def test_check_rules() -> None:
    answer = Answer("**Germany**: €55,000 – €100,000 per year", False)
    assert check(Turn("q", must=("€55,000",)), answer) == ()
    assert check(Turn("q", must=('"Géron"',)), Answer("“Geron”", False)) == ()
    assert check(Turn("q", must_not=("55,000",)), answer) == ("has '55,000'",)
    assert check(Turn("q", abstain=True), answer) == ("should have abstained",)
    assert check(Turn("q"), Answer("x" * 1501, False)) == ("1501 characters",)


def test_bad_case_files(tmp_path: Path, ml_engine: Engine) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases:\n  - {id: a, question: q, salary: [Narnia]}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no salary row for 'Narnia'"):
        load_cases(bad, ml_engine)
    bad.write_text("cases: 5\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="'cases' list"):
        load_cases(bad, ml_engine)


@pytest.mark.process
def test_eval_command() -> None:
    done = run_cli("eval", "tests/eval/data-engineer.yaml", "--guide",
                   "tests/fixtures/data-engineer.txt", "--split", "test")
    assert done.returncode == 0
    first = done.stdout.splitlines()[0]
    assert first.startswith("single-turn accuracy") and "%" in first
    assert "abstention on out-of-scope" in done.stdout and "  salary " in done.stdout
