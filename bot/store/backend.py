"""The store's one interface, shared by the SQLite and the PostgreSQL backends.

A backend supplies a handful of primitives (run a query, write a batch of turns, vote,
purge, migrate); the queries `gaps` needs are written once here in SQL both databases
accept, with `?` placeholders the PostgreSQL backend numbers for itself. The one thing
they spell differently, reading a JSON parameter as a table, is each backend's `KEYED`.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from bot.store import gaps as grouping
from bot.store.errors import StoreError
from bot.store.records import (Disliked, GapGroup, GapsReport, SourceRef, Tally, Turn, Vote,
                                Wording)

DISLIKED_SHOWN = 10
INSERT_TURN = (
    "INSERT INTO turns (answer_id, at, guild_id, channel_id, user_hash, question, route,"
    " abstained, sources, terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (answer_id) DO NOTHING"
)
# Parameters: user hash, vote, time, answer id. The vote copies what the report needs of
# its turn (schema version 2); `WHERE` keeps SQLite from reading ON CONFLICT as a join's ON.
UPSERT_VOTE = (
    "INSERT INTO votes (answer_id, user_hash, vote, at, turn_at, guild_id, route, sources,"
    " question) SELECT answer_id, ?, ?, ?, at, guild_id, route, sources, question FROM turns"
    " WHERE answer_id = ?"
    " ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at"
)
TALLY = ("SELECT COALESCE(SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END), 0),"
         " COALESCE(SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END), 0) FROM votes WHERE answer_id = ?")


def turn_row(turn: Turn) -> tuple[Any, ...]:
    """A turn as the INSERT_TURN parameters."""
    sources = json.dumps([{"section": s.section, "passage": s.passage} for s in turn.sources],
                         ensure_ascii=False)
    return (turn.answer_id, turn.at_ms, turn.guild_id, turn.channel_id, turn.user_hash,
            turn.question, turn.route, turn.abstained, sources, turn.terms)


def sources_of(text: str) -> tuple[SourceRef, ...]:
    """The stored JSON sources back as records."""
    return tuple(SourceRef(section=s["section"], passage=s["passage"]) for s in json.loads(text))


def _where(since_ms: int | None, guild_id: int | None, table: str = "",
           at: str = "at") -> tuple[str, list[Any]]:
    prefix = f"{table}." if table else ""
    clauses, params = ["1 = 1"], []
    if since_ms is not None:
        clauses.append(f"{prefix}{at} >= ?")
        params.append(since_ms)
    if guild_id is not None:
        clauses.append(f"{prefix}guild_id = ?")
        params.append(guild_id)
    return " AND ".join(clauses), params


class Store(ABC):
    """Turns and votes in a database; every method is a coroutine that never blocks the loop."""

    #: the URL or path, with any password hidden: safe for logs
    label: str
    #: a query reading one JSON object parameter ({"key": group number, …}) as rows of
    #: (terms, grp): the one thing the two databases spell differently
    KEYED: str

    # -- what each backend provides ----------------------------------------------------

    @abstractmethod
    async def open(self) -> None:
        """Connect and bring the schema up to date; StoreUnavailable when it can't right now."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections (idempotent)."""

    @abstractmethod
    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one read query."""

    @abstractmethod
    async def write_turns(self, turns: Sequence[Turn]) -> None:
        """Insert turns in one transaction; answer ids already stored are skipped."""

    @abstractmethod
    async def vote(self, answer_id: str, user_hash: str, vote: Vote | None, at_ms: int,
                   toggle: bool = False) -> Tally | None:
        """Set (or with `toggle`, set or withdraw if it is already so) a user's vote on an
        answer; None when the answer is unknown. `vote=None` withdraws."""

    @abstractmethod
    async def purge(self, before_ms: int) -> int:
        """Delete turns and votes older than `before_ms`; the number of turns deleted."""

    @abstractmethod
    async def _put_salt(self, value: str) -> None:
        """Store the salt unless one is there already."""

    # -- shared --------------------------------------------------------------------------

    async def salt(self) -> bytes:
        """This store's secret salt for user hashes, made on first use; it never leaves the store."""
        found = await self.rows("SELECT value FROM meta WHERE key = ?", ("salt",))
        if not found:
            await self._put_salt(secrets.token_hex(32))
            found = await self.rows("SELECT value FROM meta WHERE key = ?", ("salt",))
        return bytes.fromhex(found[0][0])

    async def schema_version(self) -> int:
        """The highest migration applied."""
        found = await self.rows("SELECT MAX(version) FROM schema_version")
        return int(found[0][0] or 0)

    async def count(self) -> int:
        """How many turns are stored."""
        return int((await self.rows("SELECT COUNT(*) FROM turns"))[0][0])

    async def turn(self, answer_id: str) -> Turn | None:
        """One stored turn by its answer id."""
        found = await self.rows(
            "SELECT answer_id, at, guild_id, channel_id, user_hash, question, route, abstained,"
            " sources, terms FROM turns WHERE answer_id = ?", (answer_id,))
        if not found:
            return None
        (answer, at, guild, channel, user, question, route, abstained, sources, terms) = found[0]
        return Turn(answer_id=answer, at_ms=int(at), guild_id=guild, channel_id=channel,
                    user_hash=user, question=question, route=route, abstained=bool(abstained),
                    sources=sources_of(sources), terms=terms)

    async def tally(self, answer_id: str) -> tuple[int, int]:
        """(👍, 👎) on one answer."""
        up, down = (await self.rows(TALLY, (answer_id,)))[0]
        return int(up), int(down)

    async def gaps(self, since_ms: int | None = None, guild_id: int | None = None,
                   limit: int = 20, threshold: float = grouping.THRESHOLD) -> GapsReport:
        """Refused questions grouped (most asked first) and the most 👎'd answers."""
        if limit < 1:
            raise StoreError("the number of groups shown must be at least 1")
        clause, params = _where(since_ms, guild_id)
        # One row per distinct key, straight off the turns_gaps index. No ORDER BY: `group`
        # orders them itself, by Python's rules, so both databases (whatever their
        # collation) give the same report.
        counts = await self.rows(
            f"SELECT terms, COUNT(*), MAX(at) FROM turns WHERE abstained AND {clause}"
            " AND terms <> '' GROUP BY terms", params)
        # Grouping is ~10⁵ keys of Python work on a large store: on a thread, so that a
        # bot's event loop goes on answering, while the database finds the disliked answers
        # (they need nothing from the groups).
        shown, disliked = await asyncio.gather(
            asyncio.to_thread(grouping.group, counts, threshold, grouping.MAX_LEADERS, limit),
            self._disliked(since_ms, guild_id))
        details = await self._details(since_ms, guild_id, shown)
        groups = tuple(
            GapGroup(terms=c.terms, asked=c.asked, people=people, last_ms=c.last_ms,
                     wordings=tuple(Wording(q, n) for q, n in sorted(
                         asked.items(), key=lambda qn: (-qn[1], qn[0]))[:grouping.WORDINGS_SHOWN]))
            for c, (asked, people) in zip(shown, details))
        return GapsReport(since_ms=since_ms, guild_id=guild_id,
                          refused_turns=sum(int(n) for _, n, _ in counts), groups=groups,
                          disliked=disliked, threshold=threshold)

    async def _details(self, since_ms: int | None, guild_id: int | None,
                       shown: list[grouping.Cluster]) -> list[tuple[dict[str, int], int]]:
        """Each shown group's most asked wordings (with counts) and how many people asked:
        two queries for all of them, whatever their number of keys. The keys go to the
        database as one JSON parameter ({key: group}) that it reads as a table and joins to
        the turns_gaps index: no statement grows with the keys, and neither database can
        plan a scan of the table per group."""
        if not shown:
            return []
        clause, params = _where(since_ms, guild_id, "t")
        keyed = [json.dumps({key: n for n, cluster in enumerate(shown) for key in cluster.keys},
                            ensure_ascii=False), *params]
        joined = (f"WITH shown (terms, grp) AS ({self.KEYED}) SELECT {{}} FROM turns t"
                  f" JOIN shown s ON t.terms = s.terms WHERE t.abstained AND {clause}")
        wordings: list[dict[str, int]] = [{} for _ in shown]
        people = [0] * len(shown)
        # Both at once: PostgreSQL runs them on two connections (SQLite one after the other).
        top, users = await asyncio.gather(
            self.rows("SELECT grp, question, n FROM (" + joined.format(
                "s.grp, t.question, COUNT(*) AS n, ROW_NUMBER() OVER (PARTITION BY s.grp"
                " ORDER BY COUNT(*) DESC, t.question) AS r")
                + f" GROUP BY s.grp, t.question) ranked WHERE r <= {grouping.WORDINGS_SHOWN}",
                keyed),
            # Distinct pairs first, then counted: a hash of pairs, where COUNT(DISTINCT)
            # would sort every turn of the shown groups.
            self.rows("SELECT grp, COUNT(*) FROM (" + joined.format("DISTINCT s.grp, t.user_hash")
                      + ") pairs GROUP BY grp", keyed))
        for number, question, n in top:
            wordings[int(number)][question] = int(n)
        for number, n in users:
            people[int(number)] = int(n)
        return list(zip(wordings, people))

    async def _disliked(self, since_ms: int | None, guild_id: int | None) -> tuple[Disliked, ...]:
        """Answers by route and sources, most 👎 first, with the questions that drew them:
        from the votes alone, which carry what they need of their turns."""
        clause, params = _where(since_ms, guild_id, at="turn_at")
        where = f"FROM votes WHERE route IS NOT NULL AND {clause}"
        down = "SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END)"
        found = await self.rows(
            f"SELECT route, sources, SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END), {down},"
            f" COUNT(DISTINCT answer_id), MAX(turn_at) {where}"
            f" GROUP BY route, sources HAVING {down} > 0"
            f" ORDER BY {down} DESC, 3, MAX(turn_at) DESC, route, sources"
            f" LIMIT {DISLIKED_SHOWN}", params)
        asked: dict[tuple[str, str], list[tuple[int, str]]] = {(r, s): [] for r, s, *_ in found}
        if asked:
            for route, sources, question, n in await self.rows(
                    f"SELECT route, sources, question, COUNT(*) {where} AND vote < 0"
                    " GROUP BY route, sources, question", params):
                if (route, sources) in asked:
                    asked[route, sources].append((-int(n), question))
        return tuple(
            Disliked(route=route, sources=sources_of(sources), down=int(downs), up=int(up),
                     answers=int(answers), last_ms=int(last),
                     questions=tuple(Wording(q, -n) for n, q in
                                     sorted(asked[route, sources])[:grouping.WORDINGS_SHOWN]))
            for route, sources, up, downs, answers, last in found)


def vote_value(vote: Vote | None) -> int:
    """A vote as stored (0 is never stored: it means withdraw)."""
    return 0 if vote is None else vote.value


def vote_of(value: int | None) -> Vote | None:
    """A stored vote back as the enum."""
    return None if not value else Vote(1 if value > 0 else -1)
