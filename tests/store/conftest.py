"""Store fixtures: every store test runs against SQLite and against a real PostgreSQL (the
servers themselves are tests/conftest.py's, shared with the Discord tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.postgres_server import PostgresServer


@pytest.fixture(params=["sqlite", "postgresql"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The `storage` value of an empty store of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "guidebot.sqlite3")
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()
