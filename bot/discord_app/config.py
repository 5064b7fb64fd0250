"""The Discord bot's configuration: an optional YAML file, validated key by key.

The `Config` dataclass is the one list of keys: each field's type says how its value is
checked (a `bool`, a section that is itself a dataclass, or a rule attached with
`Annotated`), so a key cannot be accepted without a check. Errors name the file, the line
and the key. The token is never read from here: it comes from the DISCORD_TOKEN environment
variable only, so a config file can be shared safely.
"""

from __future__ import annotations

import logging
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from bot.discord_app.errors import ConfigError
from corpus import safe_yaml
from corpus.files import read_text

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MAX_SNOWFLAKE = 2**64 - 1


class Invalid(Exception):
    """A value a rule refuses; the message completes "key: …"."""


@dataclass(frozen=True)
class Range:
    """A number from low to high: a whole number when the field's type is int.

    None and the strings of a Literal in the field's type are accepted as they are.
    """

    low: float
    high: float

    def check(self, value: Any, kind: Any, base: Path) -> Any:
        union = typing.get_origin(kind) in (typing.Union, types.UnionType)
        options = typing.get_args(kind) if union else (kind,)
        if value is None and type(None) in options:
            return value
        if any(typing.get_origin(o) is Literal and value in typing.get_args(o) for o in options):
            return value
        whole = float not in options
        allowed = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, allowed) \
                or not self.low <= value <= self.high:
            raise Invalid(f"must be {'a whole number' if whole else 'a number'} "
                          f"from {self.low:g} to {self.high:g}")
        return value


@dataclass(frozen=True)
class OneOf:
    """One of a few names, in any case; kept in upper case."""

    names: tuple[str, ...]

    def check(self, value: Any, kind: Any, base: Path) -> Any:
        if not isinstance(value, str) or value.upper() not in self.names:
            raise Invalid(f"must be one of {', '.join(self.names)}")
        return value.upper()


class DiscordIds:
    """A list of Discord ids (snowflakes), kept as a tuple."""

    def check(self, value: Any, kind: Any, base: Path) -> Any:
        if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_SNOWFLAKE
                for v in value):
            raise Invalid("must be a list of Discord ids (numbers)")
        return tuple(value)


class StoragePath:
    """Where turns are recorded: a postgresql:// URL, a SQLite file (relative to the config
    file's folder), or false for nowhere."""

    def check(self, value: Any, kind: Any, base: Path) -> Any:
        if value is False or value is None:
            return value
        if not isinstance(value, str) or not value.strip():
            raise Invalid("must be a SQLite file path, a postgresql:// URL, or false")
        if "://" in value:
            if not value.startswith(("postgresql://", "postgres://")):
                raise Invalid("must be a SQLite file path or a postgresql:// URL")
            return value
        return str((base / value).expanduser())


class ShardCount(Range):
    """`auto`, a number of shards, or (handled as a section) `{count: N, ids: [...]}`."""

    def check(self, value: Any, kind: Any, base: Path) -> Any:
        try:
            return super().check(value, kind, base)
        except Invalid:
            raise Invalid(f"must be auto, a whole number from {self.low:g} to {self.high:g}, "
                          "or {count: N, ids: [...]}") from None


class ShardIds:
    """The shard ids this process runs: distinct whole numbers from 0."""

    def check(self, value: Any, kind: Any, base: Path) -> Any:
        if value is None:
            return None
        if not isinstance(value, list) or not value or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value) \
                or len(set(value)) != len(value):
            raise Invalid("must be a list of distinct shard numbers from 0")
        return tuple(value)


class GuidePath:
    """The path of a guide file, relative to the config file's folder."""

    def check(self, value: Any, kind: Any, base: Path) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise Invalid("must be the path of a guide file")
        return str((base / value).expanduser())


@dataclass(frozen=True)
class Cooldown:
    """At most `rate` questions per user every `per` seconds."""

    rate: Annotated[int, Range(1, 1000)] = 5
    per: Annotated[float, Range(0, 86400)] = 30.0


@dataclass(frozen=True)
class Memory:
    """How many conversations to remember, and for how long (seconds); `size` also bounds the
    cooldown's and the slow-down notices' records of askers (see memory.py)."""

    size: Annotated[int, Range(1, 1_000_000)] = 5000
    ttl: Annotated[float, Range(1, 604800)] = 1800.0


@dataclass(frozen=True)
class Shards:
    """This process's part of a bot split across processes: `ids` of `count` shards (all of
    them when `ids` is not given)."""

    count: Annotated[int, Range(1, 10000)] = 1
    ids: Annotated[tuple[int, ...] | None, ShardIds()] = None

    def problem(self) -> tuple[str, str] | None:
        """The key and message when the fields disagree, else None."""
        if self.ids is not None and max(self.ids) >= self.count:
            return "ids", f"must be below count ({self.count}): shards are numbered from 0"
        return None


@dataclass(frozen=True)
class Config:
    """Everything the Discord front can be told, with safe defaults."""

    guide: Annotated[str | None, GuidePath()] = None
    channels: Annotated[tuple[int, ...], DiscordIds()] = ()
    message_content_intent: bool = False
    answer_mentions: bool = True
    answer_dms: bool = True
    answer_replies: bool = True
    thread_replies: bool = False
    cooldown: Cooldown = field(default_factory=Cooldown)
    memory: Memory = field(default_factory=Memory)
    guilds: Annotated[tuple[int, ...], DiscordIds()] = ()
    log_level: Annotated[str, OneOf(LOG_LEVELS)] = "INFO"
    shards: Annotated[int | Literal["auto"] | Shards | None, ShardCount(1, 10000)] = None
    # None: the default file next to the config, which `python -m bot` fills in; the client
    # records only to a storage it is given. False: record nothing (and no 👍/👎 buttons).
    storage: Annotated[str | Literal[False] | None, StoragePath()] = None
    retention_days: Annotated[int, Range(1, 36500)] = 90
    feedback: bool = True

    @property
    def level(self) -> int:
        """The log level as a logging constant."""
        return int(getattr(logging, self.log_level))


def _options(kind: Any) -> tuple[Any, ...]:
    """The types a field's type allows: each member of a union, or the type itself."""
    union = typing.get_origin(kind) in (typing.Union, types.UnionType)
    return typing.get_args(kind) if union else (kind,)


class _Check:
    """Validates one document against a dataclass's fields, naming each key's line."""

    def __init__(self, path: str, lines: dict[str, int]) -> None:
        self.path, self.lines = path, lines
        self.base = Path(path).parent if path != "<config>" else Path(".")

    def fail(self, key: str, message: str) -> ConfigError:
        # A top-level key may hold dots itself (a pasted token does); else its section's line.
        line = self.lines.get(key) or self.lines.get(key.split(".")[0])
        return ConfigError(message, path=self.path, line=line, key=key)

    def record(self, cls: type, key: str | None, data: dict[Any, Any]) -> Any:
        """An instance of `cls` from a mapping, every value checked by its field's type."""
        hints = typing.get_type_hints(cls, include_extras=True)
        known = {f.name for f in fields(cls)}
        unknown = sorted({str(name) for name in data} - known)
        if key is not None and unknown:   # a section names the key it does not know
            raise self.fail(key, f"unknown key {unknown[0]!r}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            name = str(name)
            if name not in known:
                raise self.fail(name, "unknown key")
            values[name] = self.value(hints[name], f"{key}.{name}" if key else name, value)
        made = cls(**values)
        problem = made.problem() if hasattr(made, "problem") else None
        if problem is not None:   # a section whose fields are checked together
            raise self.fail(f"{key}.{problem[0]}" if key else problem[0], problem[1])
        return made

    def value(self, hint: Any, key: str, value: Any) -> Any:
        """One value checked by what its field's type says."""
        if typing.get_origin(hint) is Annotated:
            kind, rule = typing.get_args(hint)[:2]
            section = next((o for o in _options(kind) if isinstance(o, type) and is_dataclass(o)),
                           None)
            if section is not None and isinstance(value, dict):   # e.g. shards: {count, ids}
                return self.record(section, key, value)
            try:
                return rule.check(value, kind, self.base)
            except Invalid as exc:
                raise self.fail(key, str(exc)) from None
        if hint is bool:
            if not isinstance(value, bool):
                raise self.fail(key, "must be true or false")
            return value
        if isinstance(hint, type) and is_dataclass(hint):
            if not isinstance(value, dict):
                raise self.fail(key, "must be a mapping")
            return self.record(hint, key, value)
        raise TypeError(f"config field {key}: no check for {hint!r}")


def parse_config(text: str, path: str = "<config>") -> Config:
    """Validate a config document; every problem names the file, line and key."""
    data = safe_yaml.parse(text, path=path, error=ConfigError)
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise ConfigError("must be a mapping of keys to values", path=path)
    check = _Check(path, safe_yaml.key_lines(text))
    if "token" in data:
        raise check.fail("token", "the token is read only from the DISCORD_TOKEN environment "
                                  "variable; remove it from this file")
    config: Config = check.record(Config, None, data)
    return config


def load_config(path: str | Path | None) -> Config:
    """Read and validate a config file; no path means the defaults."""
    if path is None:
        return Config()
    file = Path(path)
    return parse_config(read_text(file, ConfigError, "config"), str(file))
