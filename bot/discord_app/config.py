"""The Discord bot's configuration: an optional YAML file, validated key by key.

Errors name the file, the line and the key. The token is never read from here: it comes
from the DISCORD_TOKEN environment variable only, so a config file can be shared safely.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from bot.discord_app.errors import ConfigError
from corpus import safe_yaml
from corpus.files import read_text

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MAX_SNOWFLAKE = 2**64 - 1


@dataclass(frozen=True)
class Cooldown:
    """At most `rate` questions per user every `per` seconds."""

    rate: int = 5
    per: float = 30.0


@dataclass(frozen=True)
class Memory:
    """How many conversations to remember, and for how long (seconds)."""

    size: int = 5000
    ttl: float = 1800.0


@dataclass(frozen=True)
class Config:
    """Everything the Discord front can be told, with safe defaults."""

    guide: str | None = None
    channels: tuple[int, ...] = ()
    message_content_intent: bool = False
    answer_mentions: bool = True
    answer_dms: bool = True
    answer_replies: bool = True
    thread_replies: bool = False
    cooldown: Cooldown = field(default_factory=Cooldown)
    memory: Memory = field(default_factory=Memory)
    guilds: tuple[int, ...] = ()
    log_level: str = "INFO"
    shards: int | str | None = None

    @property
    def level(self) -> int:
        """The log level as a logging constant."""
        return int(getattr(logging, self.log_level))


class _Check:
    """Validates one document, remembering each key's line for messages."""

    def __init__(self, path: str, lines: dict[str, int]) -> None:
        self.path, self.lines = path, lines

    def fail(self, key: str, message: str) -> ConfigError:
        line = self.lines.get(key.split(".")[0])
        return ConfigError(message, path=self.path, line=line, key=key)

    def boolean(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def ids(self, key: str, value: Any) -> tuple[int, ...]:
        if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_SNOWFLAKE
                for v in value):
            raise self.fail(key, "must be a list of Discord ids (numbers)")
        return tuple(value)

    def number(self, key: str, value: Any, low: float, high: float, whole: bool) -> float:
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            kind = "a whole number" if whole else "a number"
            raise self.fail(key, f"must be {kind} from {low:g} to {high:g}")
        return value

    def section(self, key: str, value: Any, cls: type, limits: dict[str, tuple]) -> Any:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a mapping")
        unknown = sorted(set(value) - {f.name for f in fields(cls)})
        if unknown:
            raise self.fail(key, f"unknown key {unknown[0]!r}")
        return cls(**{k: self.number(f"{key}.{k}", v, *limits[k]) for k, v in value.items()})


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
    known = {f.name for f in fields(Config)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key not in known:
            raise check.fail(key, "unknown key")
        if key in ("channels", "guilds"):
            values[key] = check.ids(key, value)
        elif key == "guide":
            if not isinstance(value, str) or not value.strip():
                raise check.fail(key, "must be the path of a guide file")
            base = Path(path).parent if path != "<config>" else Path(".")
            values[key] = str((base / value).expanduser())
        elif key == "log_level":
            if not isinstance(value, str) or value.upper() not in LOG_LEVELS:
                raise check.fail(key, f"must be one of {', '.join(LOG_LEVELS)}")
            values[key] = value.upper()
        elif key == "shards":
            if value != "auto" and value is not None:
                check.number(key, value, 1, 10000, whole=True)
            values[key] = value
        elif key == "cooldown":
            values[key] = check.section(key, value, Cooldown,
                                        {"rate": (1, 1000, True), "per": (0, 86400, False)})
        elif key == "memory":
            values[key] = check.section(key, value, Memory,
                                        {"size": (1, 1_000_000, True), "ttl": (1, 604800, False)})
        else:
            values[key] = check.boolean(key, value)
    return Config(**values)


def load_config(path: str | Path | None) -> Config:
    """Read and validate a config file; no path means the defaults."""
    if path is None:
        return Config()
    file = Path(path)
    return parse_config(read_text(file, ConfigError, "config"), str(file))
