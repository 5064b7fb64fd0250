"""`guidebot gaps` as a user runs it: a real process over a real SQLite file or PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import Vote, open_store
from bot.store.records import SourceRef, now_ms
from tests.conftest import ROOT, run_cli
from tests.store.test_store import turn

DAY = 86_400_000


async def _fill(storage: str) -> None:
    store = open_store(storage)
    await store.open()
    now = now_ms()
    python = (SourceRef(section="Skills › Python", passage="p1"),)
    await store.write_turns([
        turn("q1", "Does the guide cover quantum computing?", guild=1, user="a", at=now - DAY),
        turn("q2", "what about quantum computing", guild=2, user="b", at=now - DAY),
        turn("q3", "Quantum computing for ML engineers?", guild=1, user="c", at=now - DAY),
        turn("o1", "How old is Andrew Ng?", guild=1, at=now - 30 * DAY),
        turn("p1", "which python libraries?", abstained=False, route="passage",
             sources=python, guild=2),
    ])
    await store.vote("p1", "a", Vote.DOWN, now)
    await store.close()


def test_gaps_prints_groups_and_disliked_answers(storage: str) -> None:
    asyncio.run(_fill(storage))
    done = run_cli("gaps", "--storage", storage)
    assert done.returncode == 0, done.stderr
    assert "4 refused turns, 2 groups shown" in done.stdout
    assert '   3×  "' in done.stdout and "terms: comput quantum" in done.stdout
    assert "passage: Skills › Python" in done.stdout and '"which python libraries?" ×1' in done.stdout


def test_gaps_json_since_and_server(storage: str) -> None:
    asyncio.run(_fill(storage))
    done = run_cli("gaps", "--storage", storage, "--json", "--since", "7d", "--server", "1")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["server"] == "1" and report["refused_turns"] == 2
    assert [(g["asked"], g["people"], g["terms"]) for g in report["groups"]] == [
        (2, 2, ["comput", "quantum"])]
    assert report["disliked"] == []          # that answer was on server 2


def test_a_missing_sqlite_file_is_one_line_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nothing.sqlite3"
    done = run_cli("gaps", "--storage", str(path))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "no guidebot store here" in done.stderr
    assert not path.exists()


def test_an_unreachable_postgres_is_one_line_without_the_password() -> None:
    done = run_cli("gaps", "--storage", "postgresql://bot:hunter2@127.0.0.1:1/guidebot")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "cannot reach PostgreSQL" in done.stderr
    assert "hunter2" not in done.stderr and "postgresql://bot:***@127.0.0.1:1" in done.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "yesterday"], "expected an age like 7d"),
    (["--storage", "mysql://x/y"], "mysql:// is not supported"),
    (["--limit", "0"], "at least 1"),
])
def test_bad_options_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    path = tmp_path / "guidebot.sqlite3"
    asyncio.run(_fill(str(path)))
    done = run_cli("gaps", "--storage", str(path), *args)
    assert done.returncode == 2 and message in done.stderr and done.stderr.count("\n") == 1


def test_gaps_over_sqlite_imports_neither_discord_nor_asyncpg(tmp_path: Path) -> None:
    path = tmp_path / "guidebot.sqlite3"
    asyncio.run(_fill(str(path)))
    code = ("import sys; from bot.cli import main; main(['gaps', '--storage', sys.argv[1]]);"
            "print(sorted(m for m in ('discord', 'asyncpg') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
