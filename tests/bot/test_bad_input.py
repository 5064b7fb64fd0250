"""The bad-input catalogue through the engine and the real CLI process; hypothesis on top."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.answer import MAX_ANSWER, Context
from bot.engine import Engine
from tests.conftest import ROOT, guidebot_command, run_cli
from tests.fixtures.bad_inputs import CATALOGUE


@pytest.mark.parametrize(("name", "text", "same_as"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_engine_catalogue(ml_engine: Engine, name: str, text: str, same_as: str | None) -> None:
    answer = ml_engine.answer(text)
    assert answer.text.strip() and len(answer.text) <= MAX_ANSWER
    assert "@everyone" not in answer.text and "<@" not in answer.text
    ids = set(ml_engine.by_id)
    assert all(source.passage in ids for source in answer.sources)
    if same_as is not None:
        assert answer.text == ml_engine.answer(same_as).text, name


def test_engine_catalogue_specifics(ml_engine: Engine) -> None:
    by_name = {name: ml_engine.answer(text) for name, text, _ in CATALOGUE}
    assert by_name["empty"].text.startswith("Please ask a question")
    assert by_name["emoji only"].text.startswith("Please ask a question")
    assert by_name["stop-words only"].abstained
    assert by_name["code block"].abstained and by_name["yaml"].abstained
    for salaried in ("10k characters", "exactly the cap", "one over the cap", "mentions", "markdown"):
        assert "€55,000 – €100,000" in by_name[salaried].text, salaried


@pytest.mark.process
def test_cli_batch_catalogue() -> None:
    """Every entry through one real `guidebot batch` process: one JSON line each, in order."""
    lines = "".join(json.dumps({"id": name, "conversation": name, "question": text}) + "\n"
                    for name, text, _ in CATALOGUE)
    done = run_cli("batch", stdin=lines)
    assert done.returncode == 0 and done.stderr == ""
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == [name for name, _, _ in CATALOGUE]
    assert all(0 < len(o["answer"]) <= MAX_ANSWER for o in out)


@pytest.mark.process
def test_cli_undecodable_bytes_and_surrogates() -> None:
    stdin = b"salary in germany \xff\xfe\xed\xa0\x80\nbooks?\n"
    done = subprocess.run([*guidebot_command(), "chat"], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stderr == b""
    assert "€55,000".encode() in done.stdout and b"Machine Learning Yearning" in done.stdout
    argv = subprocess.run([*guidebot_command(), "ask", "salary in germany \udcff"],
                          capture_output=True, cwd=ROOT, timeout=60)
    assert argv.returncode == 0 and b"Traceback" not in argv.stderr
    assert "€55,000".encode() in argv.stdout


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=1500))
def test_engine_on_any_text(ml_engine: Engine, text: str) -> None:
    first = ml_engine.answer(text)
    assert first == ml_engine.answer(text)          # deterministic
    assert 0 < len(first.text) <= MAX_ANSWER
    assert all(s.passage in ml_engine.by_id for s in first.sources)


WORDS = st.sampled_from(["salary", "germany", "and", "canada", "books", "second", "one", "more",
                         "tell", "me", "about", "those", "which", "certs", "london", "japan",
                         "?", "the", "what", "3", "hi", "thanks", "deep", "learning", "🙂"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(turns=st.lists(st.lists(WORDS, max_size=8).map(" ".join), min_size=1, max_size=6))
def test_engine_on_any_conversation(ml_engine: Engine, turns: list[str]) -> None:
    def run() -> list[str]:
        context: Context | None = None
        texts = []
        for turn in turns:
            answer = ml_engine.answer(turn, context)
            assert 0 < len(answer.text) <= MAX_ANSWER
            assert all(s.passage in ml_engine.by_id for s in answer.sources)
            context = answer.context
            texts.append(answer.text)
        return texts
    assert run() == run()


@pytest.mark.process
def test_python_m_bot_help_imports_cleanly() -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and "--config" in done.stdout and "--sync" in done.stdout
