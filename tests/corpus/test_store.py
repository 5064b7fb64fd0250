"""The corpus YAML: the bundled file is a fresh build, round-trips, and bad files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import CorpusError
from corpus.passages import PassageKind
from corpus.store import Corpus, from_yaml, load_guide, to_yaml
from tests.conftest import ML_CORPUS, ML_GUIDE


def test_bundled_corpus_equals_a_fresh_build(ml_corpus: Corpus) -> None:
    assert ML_CORPUS.read_text("utf-8") == to_yaml(ml_corpus), \
        "corpus/guides/machine-learning-engineer.yaml is stale: run `make corpus`"


def test_yaml_round_trip(ml_corpus: Corpus, de_corpus: Corpus) -> None:
    assert from_yaml(to_yaml(ml_corpus)) == ml_corpus
    assert from_yaml(to_yaml(de_corpus)) == de_corpus


def test_default_guide_is_the_bundled_yaml(ml_corpus: Corpus) -> None:
    assert load_guide() == ml_corpus
    assert load_guide(ML_GUIDE) == ml_corpus


def test_passages(ml_corpus: Corpus) -> None:
    ids = [p.id for p in ml_corpus.passages]
    assert len(ids) == len(set(ids))
    kinds = {k: sum(p.kind == k for p in ml_corpus.passages) for k in
             (PassageKind.PARAGRAPH, PassageKind.ITEM, PassageKind.PROFILE, PassageKind.LIST)}
    assert kinds == {"paragraph": 6, "item": 73, "profile": 2, "list": 21}
    assert all(p.role == "Machine Learning Engineer" for p in ml_corpus.passages)
    germany = ml_corpus.passage("salary-and-compensation/europe/germany")
    assert (germany.section, germany.title, germany.text) == (
        "Salary and Compensation › Europe", "Germany", "€55,000 – €100,000 per year")
    certs = ml_corpus.passage("education-and-training/certifications/list")
    assert [ml_corpus.passage(i).title for i in certs.items] == [
        "AWS Certified Machine Learning – Specialty",
        "Google Cloud Certified – Professional Machine Learning Engineer",
        "Microsoft Certified: Azure AI Engineer Associate"]


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize(("text", "message"), [
    ("passages:\n  - id: a\n\tsection: b\n", r"\.yaml:3: not a valid corpus"),
    ("- just\n- a list\n", "not a guidebot corpus"),
    ("passages: []\n", "no passages"),
    ("passages: 5\n", "passages: must be a list"),
    ("passages:\n  - 5\n", r"passages\[0\]: must be a mapping"),
    ("passages:\n  - {id: a, section: b, kind: item, text: t, role: r, colour: red}\n",
     r"passages\[0\]: unknown field 'colour'"),
    ("passages:\n  - {id: a}\n", r"passages\[0\]: missing"),
    ("passages: !!python/object/apply:os.system [echo hi]\n", "not a valid corpus"),
    ("format: 2\npassages:\n  - {id: a}\n",
     r"bad\.yaml:1: format: this guidebot reads format 1 only, not 2; rebuild the file with"),
    ("passages: [{id: a}]\nformat: '1'\n", r"bad\.yaml:2: format: .* only, not '1'; rebuild"),
    ("passages: [{id: a}]\nformat: true\n", r"bad\.yaml:2: format: .* only, not True; rebuild"),
    ("passages: [{id: a}]\nformat: " + "9" * 60 + "\n", r"format: .* format 1 only; rebuild"),
])
def test_corrupt_corpus_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CorpusError, match=message) as caught:
        load_guide(write(tmp_path, "bad.yaml", text))
    assert "\n" not in str(caught.value)          # the CLI shows it as one line


def test_a_corpus_without_a_format_is_read_as_the_current_one(ml_corpus: Corpus) -> None:
    """Hand-written corpora may leave the version out; only a wrong one is refused."""
    text = to_yaml(ml_corpus)
    assert text.startswith("format: 1\n")
    assert from_yaml(text.removeprefix("format: 1\n")) == ml_corpus


def test_missing_directory_binary_and_empty_guides(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        load_guide(tmp_path / "nope.txt")
    with pytest.raises(CorpusError, match="is a directory"):
        load_guide(tmp_path)
    with pytest.raises(CorpusError, match="not UTF-8"):
        load_guide(write(tmp_path, "bin.txt", b"\xff\xfe\x00bad"))
    with pytest.raises(CorpusError, match=r"empty\.txt: no role title"):
        load_guide(write(tmp_path, "empty.txt", ""))

