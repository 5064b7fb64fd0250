"""The real `guidebot` process: whole transcripts, JSON interfaces and error exits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DE_GUIDE, ML_CORPUS, ML_GUIDE, ROOT, run_cli

pytestmark = pytest.mark.process
TRANSCRIPTS = Path(__file__).parent / "transcripts"


def test_chat_transcript() -> None:
    done = run_cli("chat", stdin=(TRANSCRIPTS / "chat.in").read_text("utf-8"))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (TRANSCRIPTS / "chat.out").read_text("utf-8")


def test_chat_ends_at_end_of_input_and_survives_bad_bytes() -> None:
    done = run_cli("chat", stdin=b"salary in \xff\xfe Germany\n\xed\xa0\x80\n")
    assert done.returncode == 0 and done.stderr == ""
    assert "€55,000 – €100,000 per year" in done.stdout
    assert done.stdout.count("\n> ") == 1  # two questions, echoed, nothing after


def test_batch_conversations() -> None:
    lines = [
        {"id": "1", "conversation": "a", "question": "How much does an ML engineer earn in Germany?"},
        {"id": "2", "conversation": "b", "question": "what certifications are there?"},
        {"id": "3", "conversation": "a", "question": "and in Canada?"},
        {"id": "4", "conversation": "c", "question": "what's the weather in Paris?"},
        {"id": "5", "conversation": "b", "question": "tell me more about the second one"},
    ]
    done = run_cli("batch", stdin="".join(json.dumps(x) + "\n" for x in lines))
    assert (done.returncode, done.stderr) == (0, "")
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == ["1", "2", "3", "4", "5"]
    assert all(set(o) == {"id", "answer", "abstained", "sources"} for o in out)
    germany, certs, canada, weather, second = out
    assert "55,000" in germany["answer"] and "100,000" in germany["answer"]
    assert "CAD" not in germany["answer"] and "£" not in germany["answer"]
    assert germany["sources"][0] == {"section": "Salary and Compensation › Europe",
                                     "text": "Germany: €55,000 – €100,000 per year"}
    assert "70,000 – CAD 130,000" in canada["answer"] and "€" not in canada["answer"].split("_")[0]
    assert weather["abstained"] is True and weather["sources"] == []
    assert certs["abstained"] is False and "AWS Certified" in certs["answer"]
    assert second["answer"].startswith("**Google Cloud Certified")


def test_batch_bad_lines_do_not_lose_the_rest() -> None:
    stdin = ('not json\n{"id": 7}\n\n{"id": "8", "question": "salary in France"}\n'
             '{"question": "books?"}\n')
    done = run_cli("batch", stdin=stdin)
    assert done.returncode == 1
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == [None, None, "8", None]
    assert set(out[3]) == {"id", "answer", "abstained", "sources"}
    assert out[0]["error"].startswith("line 1:") and out[1]["error"].startswith("line 2:")
    assert "€45,000" in out[2]["answer"]
    assert done.stderr.count("guidebot: batch line") == 2


def test_ask_text_and_json() -> None:
    done = run_cli("ask", "how", "much", "in", "bengaluru?")
    assert done.returncode == 0
    assert done.stdout.startswith("Bengaluru is in India; the guide gives one range for the "
                                  "whole country.\n**India**: INR 6,00,000 – INR 15,00,000 per year")
    record = json.loads(run_cli("ask", "--json", "who is Fei-Fei Li?").stdout)
    assert set(record) == {"answer", "abstained", "sources"}
    assert record["sources"][0]["section"] == "Notable Machine Learning Engineers"


def test_salary_table() -> None:
    done = run_cli("salary", "germany", "bengaluru", "UAE")
    assert done.returncode == 0
    assert done.stdout == (
        "Region        Country               Currency      Low       High  Period\n"
        "------------  --------------------  --------  -------  ---------  ------\n"
        "Europe        Germany               EUR        55,000    100,000  year\n"
        "Asia-Pacific  India                 INR       600,000  1,500,000  year\n"
        "Middle East   United Arab Emirates  AED       180,000    360,000  year\n")
    missing = run_cli("salary", "Japan")
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.startswith("guidebot: no salary figure in the guide for Japan")


def test_other_guide_everywhere(tmp_path: Path) -> None:
    built = tmp_path / "de.yaml"
    done = run_cli("corpus", "build", str(DE_GUIDE), "-o", str(built))
    assert done.returncode == 0 and "10 salary rows" in done.stdout
    for guide in (str(DE_GUIDE), str(built)):
        assert "¥6,000,000" in run_cli("ask", "--guide", guide, "salary in tokyo").stdout
        assert "CHF" in run_cli("salary", "--guide", guide, "Switzerland").stdout
    show = run_cli("corpus", "show", "--guide", str(built))
    assert show.stdout.startswith("Data Engineer (data-engineer.txt): 83 passages")


def test_corpus_build_reproduces_the_bundled_file() -> None:
    done = run_cli("corpus", "build", str(ML_GUIDE))
    assert done.stdout == ML_CORPUS.read_text("utf-8")


def test_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("passages:\n  - id: a\n\tkind: x\n", encoding="utf-8")
    for args, message in [
        (("ask", "--guide", str(tmp_path / "nope.txt"), "hi"), "nope.txt: no such file"),
        (("ask", "--guide", str(bad), "hi"), "bad.yaml:3: not a valid corpus"),
        (("salary", "--guide", str(tmp_path)), "is a directory"),
    ]:
        done = run_cli(*args)
        assert done.returncode == 2, args
        assert done.stdout == "" and done.stderr.count("\n") == 1 and message in done.stderr
        assert "Traceback" not in done.stderr


def test_cli_never_imports_discord() -> None:
    probe = ("import sys, bot.cli; rc = bot.cli.main(['ask', 'salary in France']); "
             "print('discord' in sys.modules, 'aiohttp' in sys.modules)")
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "False False"


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("empty.yaml", "", "not a guidebot corpus"),
    ("tabs.yaml", "passages:\n  - id: a\n\tkind: x\n", ":3: not a valid corpus"),
    ("types.yaml", "passages: 7\n", "passages: must be a list"),
    ("keys.yaml", "passages:\n  - {id: a, section: s, kind: item, text: t, role: r, x: 1}\n",
     "passages[0]: unknown field 'x'"),
    ("tag.yaml", "passages: !!python/object/apply:os.system [echo pwned]\n", "not a valid corpus"),
    ("nothing.txt", "just some words\nand more words on a second line.\n", "no role title"),
    ("title-only.txt", "Home / Resources / Tester\n\nTester\n\nTesters test things.\n",
     "no sections under its title"),
])
def test_corpus_faults_are_one_line(tmp_path: Path, name: str, content: str,
                                    expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    done = run_cli("ask", "--guide", str(path), "salary?")
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"guidebot: {path}") and expected in done.stderr
    assert "pwned" not in done.stderr and "Traceback" not in done.stderr


def test_unreadable_guide() -> None:
    done = run_cli("salary", "--guide", "/proc/self/mem")     # unreadable even for root
    assert done.returncode == 2 and done.stderr.startswith("guidebot: /proc/self/mem: cannot read")
