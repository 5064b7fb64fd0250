"""A small fake Discord on 127.0.0.1: the REST routes guidebot uses and a gateway websocket.

It speaks just enough of Discord's protocol for the real discord.py client: HELLO,
IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME, dispatching MESSAGE_CREATE and
INTERACTION_CREATE; and it records every message, interaction callback and follow-up the
bot sends. As Discord does, it gives interactions snowflake ids that carry their creation
time, and refuses a first response that comes more than 3 s after it (404, "Unknown
interaction"); `late` lists those. discord.py parses JSON only when Content-Type is exactly `application/json`, so
every response sets that header by hand.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"
APP_ID, BOT_ID, GUILD_ID, CHANNEL_ID, DM_CHANNEL_ID = 1100, 1200, 1300, 1400, 1500
# A second server whose id puts it on shard 1 of 2 ((id >> 22) % 2), with its one channel.
OTHER_GUILD_ID = (1 << 22) + GUILD_ID
ALL_PERMISSIONS, NO_PERMISSIONS = "2147483647", "0"
MESSAGE_CONTENT = 1 << 15
NOW = "2026-11-24T12:00:00.000000+00:00"
DISCORD_EPOCH_MS = 1_420_070_400_000
ACK_DEADLINE = 3.0        # seconds Discord waits for an interaction's first response
UNKNOWN_INTERACTION = 10062


def snowflake(at: float, serial: int) -> int:
    """A Discord id created at `at` (seconds since 1970), as Discord makes them."""
    return (int(at * 1000) - DISCORD_EPOCH_MS) << 22 | (serial & 0x3FFFFF)


def user(uid: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "public_flags": 0}


BOT_USER = user(BOT_ID, "guidebot", bot=True)


def member(data: dict[str, Any], permissions: str = ALL_PERMISSIONS) -> dict[str, Any]:
    return {"user": data, "roles": [], "joined_at": NOW, "deaf": False, "mute": False,
            "flags": 0, "permissions": permissions}


def channel_in(guild_id: int) -> int:
    """The one text channel of a guild other than the first."""
    return guild_id + 100


def guild_of(cid: int) -> int:
    """The guild a test channel belongs to."""
    return cid - 100 if cid > OTHER_GUILD_ID else GUILD_ID


def channel(cid: int = CHANNEL_ID) -> dict[str, Any]:
    return {"id": str(cid), "type": 0, "name": f"c{cid}", "position": 0,
            "guild_id": str(guild_of(cid)), "permission_overwrites": [], "nsfw": False,
            "topic": None, "last_message_id": None, "rate_limit_per_user": 0, "parent_id": None}


def guild(channels: list[int], gid: int = GUILD_ID) -> dict[str, Any]:
    everyone = {"id": str(gid), "name": "@everyone", "permissions": "2147483647",
                "position": 0, "color": 0, "hoist": False, "managed": False,
                "mentionable": False, "flags": 0}
    return {"id": str(gid), "name": f"Test server {gid}", "icon": None, "owner_id": "1",
            "afk_channel_id": None, "afk_timeout": 300, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0,
            "roles": [everyone], "emojis": [], "stickers": [], "features": [], "mfa_level": 0,
            "system_channel_id": None, "system_channel_flags": 0, "rules_channel_id": None,
            "vanity_url_code": None, "description": None, "banner": None, "premium_tier": 0,
            "preferred_locale": "en-US", "public_updates_channel_id": None, "nsfw_level": 0,
            "premium_progress_bar_enabled": False, "member_count": 2, "large": False,
            "joined_at": NOW, "unavailable": False, "channels": [channel(c) for c in channels],
            "threads": [], "members": [member(BOT_USER)], "voice_states": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": []}


def reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(status=status, body=json.dumps(data).encode(),
                        headers={"Content-Type": "application/json", **(headers or {})})


@dataclass
class Sent:
    """One thing the bot sent: where, and the JSON body."""

    route: str
    body: dict[str, Any]
    target: str = ""
    at: float = 0.0     # time.monotonic() when the fake received it
    message_id: str = ""   # the message it made or changed, if any


@dataclass
class Session:
    """One shard's gateway session: its connection, sequence and the events sent on it."""

    id: str
    ws: web.WebSocketResponse | None
    seq: int = 0
    log: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


@dataclass
class FakeDiscord:
    """The fake server's state; tests drive it and read what the bot sent."""

    channels: list[int] = field(default_factory=lambda: [CHANNEL_ID])
    deny_privileged: bool = False
    sent: list[Sent] = field(default_factory=list)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    identified: int = 0
    resumed: int = 0
    intents: int = 0
    failures: dict[str, list[int]] = field(default_factory=dict)
    shards: int = 1      # what GET /gateway/bot recommends
    guilds: list[int] = field(default_factory=lambda: [GUILD_ID])
    retry_after: float = 0.05   # what an injected 429 asks the bot to wait

    def __post_init__(self) -> None:
        self.shards_seen: list[list[int]] = []
        self.ids = itertools.count(10_000)
        self.serials = itertools.count()
        self.dispatched: dict[str, float] = {}   # interaction id → when it was created
        self.late: list[str] = []                 # interactions answered past the deadline
        self.clicked: dict[str, str] = {}         # component interaction id → its message id
        self.interaction_channels: dict[str, int] = {}
        self.tokens: dict[str, str] = {}          # interaction token → interaction id
        self.counts: dict[str, int] = {}          # how many of each route the bot sent
        self.sessions: dict[int, Session] = {}    # shard id → its current session
        self.shard_count = 1
        self.messages: dict[str, dict[str, Any]] = {}   # every message the bot made, as now
        self.changed = asyncio.Condition()
        self.port = 0
        self.runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self.gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for session in self.sessions.values():
            if session.ws is not None:
                await session.ws.close()
        if self.runner is not None:
            await self.runner.cleanup()

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- gateway ------------------------------------------------------------------------

    @property
    def ws(self) -> web.WebSocketResponse | None:
        """Shard 0's connection: the one DMs and the first guild's events go down."""
        session = self.sessions.get(0)
        return session.ws if session is not None else None

    def shard_of(self, guild_id: int | None) -> int:
        """The shard a guild's events go to (Discord's rule); DMs go to shard 0."""
        return (guild_id >> 22) % self.shard_count if guild_id else 0

    async def send_op(self, op: int, d: Any, t: str | None = None, shard: int = 0) -> None:
        session = self.sessions.get(shard)
        if session is None:
            return
        payload: dict[str, Any] = {"op": op, "d": d, "s": None, "t": t}
        if op == 0:
            session.seq += 1
            payload["s"] = session.seq
            session.log.append((session.seq, payload))
        if session.ws is not None and not session.ws.closed:
            await session.ws.send_str(json.dumps(payload))

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250},
                                      "s": None, "t": None}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            data = json.loads(msg.data)
            if data["op"] == 1:
                await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif data["op"] == 2:
                await self.identify(ws, data["d"])
            elif data["op"] == 6:
                await self.resume(ws, data["d"])
        return ws

    async def identify(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> None:
        if d["token"] != TOKEN:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        self.intents = d["intents"]
        if self.deny_privileged and d["intents"] & MESSAGE_CONTENT:
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        self.identified += 1
        shard = d.get("shard") or [0, 1]
        self.shard_count = shard[1]
        self.shards_seen.append(shard)
        # Each shard is its own session, with the guilds Discord's rule gives it.
        session = Session(f"session-{shard[0]}-{self.identified}", ws)
        self.sessions[shard[0]] = session
        owned = [g for g in self.guilds if self.shard_of(g) == shard[0]]
        ready = {"v": 10, "user": BOT_USER, "session_id": session.id, "shard": shard,
                 "guilds": [{"id": str(g), "unavailable": True} for g in owned],
                 "resume_gateway_url": self.gateway_url,
                 "application": {"id": str(APP_ID), "flags": 0}}
        await self.send_op(0, ready, "READY", shard[0])
        for gid in owned:
            await self.send_op(0, guild(self.channels_of(gid), gid), "GUILD_CREATE", shard[0])

    async def resume(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> None:
        shard, session = next(((n, s) for n, s in self.sessions.items()
                               if s.id == d.get("session_id")), (0, self.sessions.get(0)))
        if session is None:
            await ws.close(code=4006, message=b"Invalid session.")
            return
        session.ws = ws
        missed = [p for s, p in session.log if s > (d.get("seq") or 0)]
        for payload in missed:
            await ws.send_str(json.dumps(payload))
        await self.send_op(0, {}, "RESUMED", shard)
        async with self.changed:
            self.resumed += 1
            self.changed.notify_all()

    async def drop(self) -> None:
        """Close the gateway as a network fault would: the client must resume."""
        if self.ws is not None:
            await self.ws.close(code=4000, message=b"dropped")

    async def revoke(self) -> None:
        """Close the gateway as Discord does when the token is reset mid-session."""
        if self.ws is not None:
            await self.ws.close(code=4004, message=b"Authentication failed.")

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event down the connection of the shard that owns its guild."""
        guild_id = data.get("guild_id")
        await self.send_op(0, data, event, self.shard_of(int(guild_id) if guild_id else None))

    def channels_of(self, guild_id: int) -> list[int]:
        """A guild's text channels: the configured ones for the first guild, one for others."""
        return self.channels if guild_id == GUILD_ID else [channel_in(guild_id)]

    # -- events the tests send ----------------------------------------------------------

    async def message(self, content: str, *, author: int = 42, dm: bool = False,
                      mentions: list[int] | None = None, channel_id: int = CHANNEL_ID,
                      reply_to: dict[str, Any] | None = None, bot: bool = False) -> str:
        """A user posts a message; returns its id."""
        mid = str(next(self.ids))
        who = user(author, f"user{author}", bot=bot)
        data: dict[str, Any] = {
            "id": mid, "channel_id": str(DM_CHANNEL_ID if dm else channel_id), "author": who,
            "content": content, "timestamp": NOW, "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [user(m, f"user{m}", m == BOT_ID)
                                                    for m in (mentions or [])],
            "mention_roles": [], "attachments": [], "embeds": [], "pinned": False,
            "type": 19 if reply_to else 0, "flags": 0}
        if not dm:
            data["guild_id"] = str(guild_of(channel_id))
            data["member"] = {k: v for k, v in member(who).items() if k != "user"}
        if reply_to:
            data["message_reference"] = {"message_id": reply_to["id"],
                                         "channel_id": data["channel_id"]}
            data["referenced_message"] = reply_to
        await self.dispatch("MESSAGE_CREATE", data)
        return mid

    async def command(self, name: str, options: list[dict[str, Any]] | None = None, *,
                      author: int = 42, kind: int = 2, channel_id: int = CHANNEL_ID,
                      permissions: str = ALL_PERMISSIONS, age: float = 0.0) -> str:
        """A user runs a slash command (kind 2) or types in an autocomplete field (kind 4);
        `age` seconds ago, as when Discord's gateway delivers it late."""
        iid = str(snowflake(time.time() - age, next(self.serials)))
        data = self.interaction(iid, kind, author, channel_id, permissions)
        data["data"] = {"id": str(APP_ID + 1), "name": name, "type": 1,
                        "guild_id": data["guild_id"], "options": options or []}
        self.dispatched[iid] = time.monotonic() - age
        await self.dispatch("INTERACTION_CREATE", data)
        return iid

    async def click(self, message_id: str, custom_id: str, *, author: int = 42) -> str:
        """A user presses a button (a component interaction, type 3) on a bot's message."""
        message = self.messages[message_id]
        iid = str(snowflake(time.time(), next(self.serials)))
        data = self.interaction(iid, 3, author, int(message["channel_id"]), ALL_PERMISSIONS)
        data["message"] = message
        data["data"] = {"custom_id": custom_id, "component_type": 2}
        self.clicked[iid] = message_id
        self.dispatched[iid] = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", data)
        return iid

    def interaction(self, iid: str, kind: int, author: int, channel_id: int,
                    permissions: str) -> dict[str, Any]:
        """The fields every guild interaction carries."""
        gid = str(guild_of(channel_id))
        # Real interaction tokens are long opaque strings; the logging filter must catch them.
        token = f"aW50ZXJhY3Rpb246{iid}" + "Qk9U" * 40
        self.interaction_channels[iid] = channel_id
        self.tokens[token] = iid
        return {"id": iid, "application_id": str(APP_ID), "type": kind, "token": token,
                "version": 1, "guild_id": gid, "channel_id": str(channel_id),
                "channel": channel(channel_id),
                "member": member(user(author, f"user{author}"), permissions),
                "app_permissions": ALL_PERMISSIONS, "locale": "en-US", "guild_locale": "en-US",
                "entitlements": [], "authorizing_integration_owners": {"0": gid},
                "context": 0, "attachment_size_limit": 26214400}

    # -- REST -----------------------------------------------------------------------------

    def message_object(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return {"id": str(next(self.ids)), "channel_id": channel_id, "author": BOT_USER,
                "content": body.get("content") or "", "timestamp": NOW, "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
                "attachments": [], "embeds": body.get("embeds") or [], "pinned": False,
                "type": 0, "flags": body.get("flags") or 0,
                "components": body.get("components") or []}

    def made(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """A new message from the bot, kept so that its buttons can be pressed later."""
        message = self.message_object(channel_id, body)
        self.messages[message["id"]] = message
        return message

    def updated(self, iid: str, body: dict[str, Any]) -> dict[str, Any]:
        """The message a component interaction came from, as an UPDATE_MESSAGE changed it."""
        message = self.messages[self.clicked[iid]]
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key]
        return message

    async def record(self, route: str, body: dict[str, Any], target: str,
                     message_id: str = "") -> None:
        async with self.changed:
            self.sent.append(Sent(route, body, target, time.monotonic(), message_id))
            self.counts[route] = self.counts.get(route, 0) + 1
            self.changed.notify_all()

    async def rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        auth = request.headers.get("Authorization", "")
        body = await request.json() if request.can_read_body else {}
        key = f"{request.method} {path.split('/')[1] if path.count('/') else path}"
        for pattern, statuses in self.failures.items():
            if pattern in f"{request.method} {path}" and statuses:
                status = statuses.pop(0)
                if status == 429:
                    return reply({"message": "You are being rate limited.",
                                  "retry_after": self.retry_after, "global": False}, 429,
                                 {"Via": "1.1 google", "Retry-After": str(self.retry_after),
                                  "X-RateLimit-Scope": "user"})
                return reply({"message": "Internal Server Error", "code": 0}, status)
        if path.startswith(("/users/", "/oauth2/", "/applications/", "/gateway/")) \
                and auth != f"Bot {TOKEN}":
            return reply({"message": "401: Unauthorized", "code": 0}, 401)
        if path == "/users/@me":
            return reply(BOT_USER)
        if path == "/gateway/bot":
            return reply({"url": self.gateway_url, "shards": self.shards,
                          "session_start_limit": {"total": 1000, "remaining": 999,
                                                  "reset_after": 0, "max_concurrency": 1}})
        if path == "/oauth2/applications/@me":
            return reply({"id": str(APP_ID), "name": "guidebot", "description": "", "icon": None,
                          "bot_public": True, "bot_require_code_grant": False,
                          "owner": user(1, "owner"), "verify_key": "0" * 64, "flags": 0,
                          "summary": "", "team": None})
        if path.startswith("/applications/") and path.endswith("/commands") and request.method == "PUT":
            # /applications/{app id}/[guilds/{guild id}/]commands: the ids the bot used.
            app_id = path.split("/")[2]
            scope = path.split("/")[4] if "/guilds/" in path else "global"
            made = [{"default_member_permissions": None, **c, "id": str(next(self.ids)),
                     "application_id": app_id, "version": "1", "nsfw": False,
                     **({"guild_id": scope} if scope != "global" else {})} for c in body]
            self.commands[scope] = made
            return reply(made)
        if path.startswith("/channels/") and path.endswith("/threads"):
            thread_id = str(next(self.ids))
            await self.record("thread", body, path.split("/")[2])
            return reply({**channel(int(thread_id)), "type": 11, "name": body.get("name", ""),
                          "parent_id": path.split("/")[2], "owner_id": str(BOT_ID),
                          "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                              "archive_timestamp": NOW, "locked": False},
                          "message_count": 0, "member_count": 1})
        if path.startswith("/channels/") and path.endswith("/messages") and request.method == "POST":
            cid = path.split("/")[2]
            message = self.made(cid, body)
            await self.record("message", body, cid, message["id"])
            return reply(message)
        if path.startswith("/interactions/") and path.endswith("/callback"):
            iid = path.split("/")[2]
            if time.monotonic() - self.dispatched.get(iid, time.monotonic()) > ACK_DEADLINE:
                async with self.changed:  # Discord has invalidated the token by now
                    self.late.append(iid)
                    self.changed.notify_all()
                return reply({"message": "Unknown interaction", "code": UNKNOWN_INTERACTION},
                             404)
            data = body.get("data") or {}
            if body["type"] == 7 and iid in self.clicked:   # UPDATE_MESSAGE: the clicked one
                message = self.updated(iid, data)
            else:
                message = self.made(self.channel_for(iid), data)
            await self.record("callback", body, iid, message["id"])
            kind = 3 if iid in self.clicked else 2
            return reply({"interaction": {"id": iid, "type": kind, "activity_instance_id": None,
                                          "response_message_id": message["id"],
                                          "response_message_loading": body["type"] == 5,
                                          "response_message_ephemeral": bool(data.get("flags", 0) & 64)},
                          "resource": {"type": body["type"], "message": message}})
        if path.startswith("/webhooks/"):
            token = path.split("/")[3]
            message = self.made(self.channel_for(self.tokens.get(token, "")), body)
            await self.record("followup", body, token, message["id"])
            return reply(message)
        return reply({"message": f"fake Discord has no route {key}", "code": 0}, 404)

    def channel_for(self, iid: str) -> str:
        """The channel an interaction came from (the default channel if not known)."""
        return str(self.interaction_channels.get(iid, CHANNEL_ID))

    # -- waiting for the bot ------------------------------------------------------------

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10) -> None:
        """Wait until the condition holds, checked each time the bot sends or resumes."""
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(condition), timeout)

    async def wait_sent(self, count: int, timeout: float = 10) -> list[Sent]:
        """Wait until the bot has sent at least `count` things in all."""
        await self.wait_until(lambda: len(self.sent) >= count, timeout)
        return list(self.sent)
