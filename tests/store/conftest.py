"""Store fixtures: every store test runs against SQLite and against a real PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.postgres_server import PostgresServer, binaries


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole session (`.ci/postgres` installs it)."""
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


@pytest.fixture(params=["sqlite", "postgresql"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The `storage` value of an empty store of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "guidebot.sqlite3")
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()
