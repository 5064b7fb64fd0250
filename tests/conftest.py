"""Shared fixtures: the real guides, parsed once per session, the real CLI, and real
PostgreSQL servers (one shared, or one a test may stop and start)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine import Engine
from corpus.store import Corpus, build_corpus
from tests.store.postgres_server import PostgresServer, binaries

ROOT = Path(__file__).resolve().parent.parent
ML_GUIDE = ROOT / "corpus" / "guides" / "machine-learning-engineer.txt"
ML_CORPUS = ROOT / "corpus" / "guides" / "machine-learning-engineer.yaml"
DE_GUIDE = ROOT / "tests" / "fixtures" / "data-engineer.txt"


@pytest.fixture(scope="session")
def ml_corpus() -> Corpus:
    """The ML guide, built fresh from its raw text."""
    return build_corpus(ML_GUIDE.read_text("utf-8"), ML_GUIDE.name)


@pytest.fixture(scope="session")
def de_corpus() -> Corpus:
    """The second guide (Data Engineer), written for these tests in the site's format."""
    return build_corpus(DE_GUIDE.read_text("utf-8"), DE_GUIDE.name)


@pytest.fixture(scope="session")
def ml_engine(ml_corpus: Corpus) -> Engine:
    return Engine(ml_corpus)


@pytest.fixture(scope="session")
def de_engine(de_corpus: Corpus) -> Engine:
    return Engine(de_corpus)


def _postgres_server() -> Iterator[PostgresServer]:
    """A started throwaway PostgreSQL; skipped without one, failed under CI."""
    found = binaries()
    if found is None:
        message = "PostgreSQL is not installed: run .ci/postgres"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(found)
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole session (`.ci/postgres` installs it)."""
    yield from _postgres_server()


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server this test alone may stop and start."""
    yield from _postgres_server()


def guidebot_command() -> list[str]:
    """The installed console script, as a user runs it."""
    script = Path(sys.executable).parent / "guidebot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def run_cli(*args: str, stdin: str | bytes = "", env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `guidebot ARGS…` as a separate process and capture its text output."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    done = subprocess.run([*guidebot_command(), *args], input=data, capture_output=True,
                          timeout=timeout, cwd=ROOT, env=environment)
    return subprocess.CompletedProcess(done.args, done.returncode,
                                       done.stdout.decode("utf-8", "replace"),
                                       done.stderr.decode("utf-8", "replace"))
