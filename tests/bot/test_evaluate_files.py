"""`guidebot eval` on files that are not a question set: one line naming what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.evaluate import load_cases
from corpus.errors import CorpusError
from tests.conftest import run_cli


@pytest.mark.parametrize(("content", "message"), [
    (b"cases: [\n", r"bad\.yaml:2: not valid YAML: did not find expected node content"),
    (b"cases: !!python/object/apply:os.system [echo hi]\n", r"bad\.yaml:1: not valid YAML"),
    (b"\xff\xfe\x00", r"bad\.yaml: not UTF-8 text \(byte 0\)"),
    (b"", r"bad\.yaml: expected a mapping with a 'cases' list"),
    (b"cases:\n  - 5\n", r"bad\.yaml: cases\[0\]: must be a mapping"),
    (b"cases:\n  - {id: a, turns: 5}\n", r"cases\[0\]: 'turns' must be a list of mappings"),
    (b"cases:\n  - {id: a, turns: [q]}\n", r"cases\[0\]: 'turns' must be a list of mappings"),
    (b"cases:\n  - {id: a, question: [q]}\n", r"cases\[0\]\.turns\[0\]: needs a 'question'"),
])
def test_bad_question_sets(tmp_path: Path, ml_engine: Engine, content: bytes,
                           message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    with pytest.raises(CorpusError, match=message):
        load_cases(bad, ml_engine)


def test_missing_file_and_directory(tmp_path: Path, ml_engine: Engine) -> None:
    with pytest.raises(CorpusError, match=r"nope\.yaml: no such file"):
        load_cases(tmp_path / "nope.yaml", ml_engine)
    with pytest.raises(CorpusError, match="is a directory, not a question set file"):
        load_cases(tmp_path, ml_engine)


@pytest.mark.process
def test_eval_of_a_directory_is_one_line(tmp_path: Path) -> None:
    done = run_cli("eval", str(tmp_path))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"guidebot: {tmp_path}: is a directory, not a question set file\n"
