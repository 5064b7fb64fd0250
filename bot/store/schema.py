"""The store's schema as one list of versioned migrations, run alike on SQLite and PostgreSQL.

Each migration is applied once, in order, inside a transaction that also records its
version in `schema_version`; both databases run DDL transactionally, so a migration is
either wholly there or not at all. The SQL sticks to what both accept (BIGINT, TEXT,
BOOLEAN, SMALLINT, partial indexes); a change that needs dialect-specific SQL would add a
per-dialect variant here rather than fork the list.
"""

from __future__ import annotations

from dataclasses import dataclass

VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " description TEXT NOT NULL,"
    " applied_ms BIGINT NOT NULL)"
)


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its version, what it does, and its statements."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="turns, votes and the per-store salt",
        statements=(
            # answer_id is made by the bot before it sends the answer (it goes in the
            # buttons' custom ids), so a retried batch is recognised and skipped.
            "CREATE TABLE turns ("
            " answer_id TEXT PRIMARY KEY,"
            " at BIGINT NOT NULL,"
            " guild_id BIGINT,"
            " channel_id BIGINT,"
            " user_hash TEXT NOT NULL,"
            " question TEXT NOT NULL,"
            " route TEXT NOT NULL,"
            " abstained BOOLEAN NOT NULL,"
            " sources TEXT NOT NULL,"
            " terms TEXT NOT NULL)",
            # Retention deletes by time. `gaps` reads refused turns only, grouped by their
            # terms: this index answers it without touching the table (index-only).
            "CREATE INDEX turns_at ON turns (at)",
            "CREATE INDEX turns_gaps ON turns (terms, question, user_hash, at, guild_id)"
            " WHERE abstained",
            "CREATE TABLE votes ("
            " answer_id TEXT NOT NULL,"
            " user_hash TEXT NOT NULL,"
            " vote SMALLINT NOT NULL,"
            " at BIGINT NOT NULL,"
            " PRIMARY KEY (answer_id, user_hash))",
            "CREATE INDEX votes_at ON votes (at)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ),
    ),
    Migration(
        version=2,
        description="each vote carries its answer's time, server, route, sources and question",
        statements=(
            # Copied from the turn when the vote is cast (a turn never changes), so that the
            # report's disliked answers read the few votes alone instead of joining them to
            # every turn: the join was a scan of the turns on PostgreSQL, whatever its plan.
            "ALTER TABLE votes ADD COLUMN turn_at BIGINT",
            "ALTER TABLE votes ADD COLUMN guild_id BIGINT",
            "ALTER TABLE votes ADD COLUMN route TEXT",
            "ALTER TABLE votes ADD COLUMN sources TEXT",
            "ALTER TABLE votes ADD COLUMN question TEXT",
            "UPDATE votes SET (turn_at, guild_id, route, sources, question) ="
            " (SELECT t.at, t.guild_id, t.route, t.sources, t.question FROM turns t"
            "  WHERE t.answer_id = votes.answer_id)",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version


def pending(current: int) -> tuple[Migration, ...]:
    """The migrations a store at version `current` still needs, in order."""
    return tuple(m for m in MIGRATIONS if m.version > current)
