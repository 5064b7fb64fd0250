"""What the channel teaches: every turn, every 👍/👎, and the gaps report built from them.

`open_store` picks the backend from the configured `storage` value: a file path (SQLite,
the default) or a `postgresql://` URL. `Recorder` puts turns on a bounded queue that a
writer task drains, so answering never waits on the database.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.store.backend import Store
from bot.store.errors import StoreError, StoreUnavailable
from bot.store.records import GapsReport, SourceRef, Tally, Turn, Vote

DEFAULT_PATH = "guidebot.sqlite3"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*)://")


def open_store(storage: str | Path | None = None, create: bool = True) -> Store:
    """The store for a `storage` value: a PostgreSQL URL, or a SQLite file path (default
    `guidebot.sqlite3`). Nothing connects until `await store.open()`."""
    text = str(storage) if storage is not None else DEFAULT_PATH
    if text.startswith(POSTGRES_SCHEMES):
        from bot.store.postgres import PostgresStore
        return PostgresStore(text)
    scheme = _SCHEME.match(text)
    if scheme:
        raise StoreError(f"{scheme.group(1)}:// is not supported: use a file path (SQLite) "
                         "or a postgresql:// URL", key="storage")
    from bot.store.sqlite import SqliteStore
    return SqliteStore(text, create=create)


__all__ = ["DEFAULT_PATH", "GapsReport", "SourceRef", "Store", "StoreError", "StoreUnavailable",
           "Tally", "Turn", "Vote", "open_store"]
