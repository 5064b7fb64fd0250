"""The real `guidebot` process: whole transcripts, JSON interfaces and error exits."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine import Engine
from tests.conftest import DE_GUIDE, ML_CORPUS, ML_GUIDE, ROOT, guidebot_command, run_cli

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
    assert done.returncode == 2         # an input error, though the rest were answered
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == [None, 7, "8", None]   # the bad line's id is kept
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
    assert missing.returncode == 1 and missing.stdout == ""   # not in the guide
    assert missing.stderr.startswith("guidebot: no salary figure in the guide for Japan")


def test_other_guide_everywhere(tmp_path: Path) -> None:
    built = tmp_path / "de.yaml"
    done = run_cli("corpus", "build", str(DE_GUIDE), "-o", str(built))
    assert done.returncode == 0 and "10 salary rows" in done.stdout
    for guide in (str(DE_GUIDE), str(built)):
        assert "¥6,000,000" in run_cli("ask", "--guide", guide, "salary in tokyo").stdout
        assert "CHF" in run_cli("salary", "--guide", guide, "Switzerland").stdout
    show = run_cli("corpus", "show", "--guide", str(built))
    assert show.stdout.startswith("Data Engineer (data-engineer.txt): 84 passages")


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


# -- conventions: version, help, exit codes, JSON -----------------------------------------

def test_version_and_help_without_a_command() -> None:
    from importlib.metadata import version
    done = run_cli("--version")
    assert (done.returncode, done.stdout) == (0, f"guidebot {version('guidebot')}\n")
    bare = run_cli()
    assert bare.returncode == 0 and bare.stderr == ""
    assert bare.stdout.startswith("usage: guidebot") and "exit codes:" in bare.stdout


@pytest.mark.parametrize("command", ["chat", "ask", "salary", "batch", "eval", "bench",
                                     "gaps", "corpus build", "corpus show", "discord"])
def test_every_command_has_a_description_and_an_example(command: str) -> None:
    done = run_cli(*command.split(), "--help")
    assert done.returncode == 0 and done.stderr == ""
    usage, description, *rest = done.stdout.split("\n\n")
    assert usage.startswith(f"usage: guidebot {command}") and len(description) > 30
    example = done.stdout.split("\nexample:\n", 1)[1]
    assert f"guidebot {command}" in example.split("\n\n")[0]


def test_the_bot_help_names_the_token() -> None:
    for args in ([*guidebot_command(), "discord", "--help"],
                 [sys.executable, "-m", "bot", "--help"]):
        done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert done.returncode == 0 and "DISCORD_TOKEN" in done.stdout
        assert "--config" in done.stdout and "example:" in done.stdout


def test_exit_codes_tell_answered_from_not_in_the_guide_from_usage() -> None:
    assert run_cli("ask", "what certifications should I get?").returncode == 0
    abstained = run_cli("ask", "what is the weather in Paris?")
    assert abstained.returncode == 1 and abstained.stdout.startswith("The guide doesn't cover")
    assert run_cli("salary", "Germany", "Japan").returncode == 1
    usage = run_cli("ask")                                     # argparse's own usage error
    assert usage.returncode == 2 and usage.stderr.startswith("usage: guidebot ask")
    wrong = run_cli("salary", "--guide", "/nonexistent/guide.txt")   # our input error
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1


def test_salary_json() -> None:
    done = run_cli("salary", "--json", "London", "Japan")
    assert done.returncode == 1 and done.stderr.startswith("guidebot: no salary figure")
    record = json.loads(done.stdout)
    assert set(record) == {"rows", "notes", "missing", "caveat", "sources", "covered"}
    (row,) = record["rows"]
    assert row == {"region": "Europe", "country": "United Kingdom", "currency": "GBP",
                   "symbol": "£", "low": 50000, "high": 90000, "period": "year",
                   "text": "£50,000 – £90,000 per year"}
    assert record["notes"] == ["London is in the United Kingdom; the guide gives one range "
                               "for the whole country."]
    assert record["missing"][0]["name"] == "Japan" and len(record["missing"][0]["closest"]) == 3
    assert record["caveat"].startswith("Please note") and "Germany" in record["covered"]


def test_corpus_show_and_eval_json() -> None:
    show = json.loads(run_cli("corpus", "show", "--json").stdout)
    assert (show["role"], show["passages"], show["salary_rows"]) == (
        "Machine Learning Engineer", 102, 10)
    assert sum(show["sections"].values()) == 102
    done = run_cli("eval", "--json", "tests/eval/ml-holdout-2.yaml")
    assert done.returncode == 0
    report = json.loads(done.stdout)
    single = report["figures"]["single-turn accuracy"]
    assert single["total"] == 38 and 0 < single["hits"] <= 38
    assert len(report["failures"]) == sum(f["total"] - f["hits"] for f in
                                          report["categories"].values())


# -- batch: ids, hostile lines, memory ----------------------------------------------------

def test_batch_keeps_the_id_as_given() -> None:
    stdin = "".join(json.dumps(x) + "\n" for x in [
        {"id": 3, "question": "books?"}, {"id": "3", "question": "books?"},
        {"id": 2.5, "question": "books?"}, {"question": "books?"},
        {"id": 9, "question": 12}])
    done = run_cli("batch", stdin=stdin)
    ids = [json.loads(line)["id"] for line in done.stdout.splitlines()]
    assert ids == [3, "3", 2.5, None, 9] and done.returncode == 2


def test_batch_survives_a_deeply_nested_line() -> None:
    # 1,000 deep: too deep for 3.11's parser, a list that is not a question on 3.12+;
    # 100,000 deep: too deep for every Python's parser.
    deep, deeper = "[" * 1000 + "]" * 1000, "[" * 100_000 + "]" * 100_000
    stdin = ('{"id": 1, "question": "books?"}\n' + deep + "\n"
             '{"id": 2, "question": ' + deeper + '}\n{"id": 3, "question": "salary in France"}\n')
    done = run_cli("batch", stdin=stdin)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, None, None, 3]
    assert out[1]["error"].startswith("line 2: ") and out[1]["abstained"] is True
    assert out[2]["error"] == "line 3: nested too deeply to be a question"
    assert "€45,000" in out[3]["answer"]


def test_batch_lines_without_a_conversation_keep_nothing(ml_engine: Engine) -> None:
    """Memory after 500 lines and after 2,500 is the same (before, each line's context
    stayed: about 250 bytes a line, 500 KB here). The million-line figure is in the README."""
    import gc
    import os
    import tracemalloc

    from bot.batch import run_batch
    questions = ["salary in Germany", "books?", "who is Andrew Ng?", "what is the weather?"]
    used: dict[int, int] = {}

    def lines() -> Iterator[str]:
        for number in range(2501):
            if number in (500, 2500):
                gc.collect()
                used[number] = tracemalloc.get_traced_memory()[0]
            yield json.dumps({"id": number, "question": questions[number % 4]}) + "\n"
    tracemalloc.start()
    try:
        with open(os.devnull, "w") as sink:
            assert run_batch(ml_engine, lines(), sink, sink)
    finally:
        tracemalloc.stop()
    assert used[2500] - used[500] < 20_000


# -- the piped chat -----------------------------------------------------------------------

def test_chat_lists_the_commands_for_an_unknown_one() -> None:
    done = run_cli("chat", stdin="/salary Germany\n/reset\n")
    assert done.stdout == ("> /salary Germany\nUnknown command /salary. Commands: /help, "
                           "/reset, /exit (or Ctrl-D to leave).\n\n> /reset\n"
                           "(conversation reset)\n\n")


def test_piped_chat_echoes_the_question_as_read_not_as_typed() -> None:
    hostile = "\x1b[2J\x1b]0;pwned\x07what \x1b[31mbooks\x1b[0m\u202e?"
    huge = "salary " * 1_500_000                       # a 10 MB line
    done = run_cli("chat", stdin=f"{hostile}\n{huge}\nsalary in France\n")
    assert done.returncode == 0 and done.stderr == ""
    echoes = [line for line in done.stdout.splitlines() if line.startswith("> ")]
    assert echoes[0] == "> what books?"
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
    assert 900 < len(echoes[1]) <= len("> ") + 1000
    assert echoes[2] == "> salary in France" and "€45,000" in done.stdout
    assert len(done.stdout) < 20_000


def test_ask_explain_shows_the_route_reason_and_weights() -> None:
    done = run_cli("ask", "--explain", "what visa do I need for Canada")
    assert done.returncode == 1 and "--- why ---" in done.stdout
    assert "route: abstain" in done.stdout and "why: about visa" in done.stdout
    record = json.loads(run_cli("ask", "--explain", "--json", "certifications").stdout)
    assert record["explain"]["route"] == "list" and record["explain"]["considered"]
    assert record["explain"]["considered"][0]["score"] > 0
    assert {"answer", "abstained", "sources"} <= set(record)
