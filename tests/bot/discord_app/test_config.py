"""The bot's config loader: defaults, and every bad-value path naming file, line and key."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from bot.discord_app.config import (Config, Cooldown, Memory, Shards, _Check, load_config,
                                    parse_config)
from corpus import safe_yaml
from bot.discord_app.errors import ConfigError
from tests.bot.discord_app.fake_discord import TOKEN
from tests.conftest import ROOT


def test_defaults_and_empty_file() -> None:
    assert load_config(None) == Config() == parse_config("") == parse_config("# nothing\n")
    assert Config().cooldown == Cooldown(5, 30.0) and not Config().message_content_intent


def test_example_config_is_valid() -> None:
    config = load_config(ROOT / "config.example.yaml")
    assert config.log_level == "INFO" and config.cooldown == Cooldown(5, 30)


def test_full_config(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "guide: guides/other.txt\nchannels: [123]\nmessage_content_intent: true\n"
        "answer_mentions: false\nanswer_dms: false\nanswer_replies: false\n"
        "thread_replies: true\ncooldown: {rate: 2, per: 10}\nmemory: {size: 10, ttl: 60}\n"
        "guilds: [456, 789]\nlog_level: debug\nshards: auto\nstorage: data/turns.sqlite3\n"
        "retention_days: 30\nfeedback: false\n", encoding="utf-8")
    # Every key the dataclass declares, and nothing else, is set here.
    assert set(safe_yaml.load(path.read_text("utf-8"))) == {f.name for f in fields(Config)}
    config = load_config(path)
    assert config.guide == str(tmp_path / "guides" / "other.txt")
    assert (config.channels, config.guilds) == ((123,), (456, 789))
    assert config.message_content_intent and config.thread_replies
    assert not (config.answer_mentions or config.answer_dms or config.answer_replies)
    assert (config.cooldown, config.memory) == (Cooldown(2, 10), Memory(10, 60))
    assert (config.log_level, config.shards) == ("DEBUG", "auto")
    assert config.storage == str(tmp_path / "data" / "turns.sqlite3")   # beside the config
    assert (config.retention_days, config.feedback) == (30, False)


def test_recording_defaults_and_storage_values() -> None:
    config = Config()
    assert (config.storage, config.retention_days, config.feedback) == (None, 90, True)
    assert parse_config("storage: false\n").storage is False
    url = "postgresql://bot@db.internal:5432/guidebot"
    assert parse_config(f"storage: {url}\n").storage == url       # a URL is kept as it is


@pytest.mark.parametrize(("text", "expected"), [
    ("log_level: INFO\ncolour: red\n", "c.yaml:2: colour: unknown key"),
    ("token: abc\n", "c.yaml:1: token: the token is read only from the DISCORD_TOKEN"),
    ("channels: 5\n", "c.yaml:1: channels: must be a list of Discord ids"),
    ("guilds: [abc]\n", "c.yaml:1: guilds: must be a list of Discord ids"),
    ("guilds: [-1]\n", "c.yaml:1: guilds: must be a list of Discord ids"),
    ("guilds: [true]\n", "c.yaml:1: guilds: must be a list of Discord ids"),
    ("answer_dms: yes please\n", "c.yaml:1: answer_dms: must be true or false"),
    ("thread_replies: 1\n", "c.yaml:1: thread_replies: must be true or false"),
    ("log_level: LOUD\n", "c.yaml:1: log_level: must be one of DEBUG"),
    ("shards: 0\n", "c.yaml:1: shards: must be auto, a whole number from 1 to 10000, or "
                     "{count: N, ids: [...]}"),
    ("shards: many\n", "c.yaml:1: shards: must be auto, a whole number"),
    ("shards: {count: 2, ids: [2]}\n", "c.yaml:1: shards.ids: must be below count (2)"),
    ("shards: {count: 2, ids: [0, 0]}\n", "c.yaml:1: shards.ids: must be a list of distinct"),
    ("shards: {count: 2, ids: []}\n", "c.yaml:1: shards.ids: must be a list of distinct"),
    ("shards: {count: 0}\n", "c.yaml:1: shards.count: must be a whole number from 1"),
    ("shards: {ids: [0], total: 2}\n", "c.yaml:1: shards: unknown key 'total'"),
    ("storage: 5\n", "c.yaml:1: storage: must be a SQLite file path, a postgresql"),
    ("storage: mysql://db/guidebot\n", "c.yaml:1: storage: must be a SQLite file path or a "
                                       "postgresql"),
    ("retention_days: 0\n", "c.yaml:1: retention_days: must be a whole number from 1"),
    ("feedback: maybe\n", "c.yaml:1: feedback: must be true or false"),
    ("cooldown: 5\n", "c.yaml:1: cooldown: must be a mapping"),
    ("cooldown: {rate: 0}\n", "c.yaml:1: cooldown.rate: must be a whole number from 1"),
    ("cooldown: {rate: 2.5}\n", "c.yaml:1: cooldown.rate: must be a whole number"),
    ("cooldown: {burst: 2}\n", "c.yaml:1: cooldown: unknown key 'burst'"),
    ("memory: {ttl: -1}\n", "c.yaml:1: memory.ttl: must be a number from 1"),
    ("guide: 5\n", "c.yaml:1: guide: must be the path of a guide file"),
    ("- a\n- list\n", "c.yaml: must be a mapping"),
    ("log_level: INFO\n\tguilds: [1]\n", "c.yaml:2: not valid YAML"),
    ("guilds: !!python/object/apply:os.system [echo hi]\n", "c.yaml:1: not valid YAML"),
])
def test_bad_configs(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(str(tmp_path / expected)), str(caught.value)


def test_unreadable_configs(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "missing.yaml")
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(tmp_path)
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(tmp_path / "bin.yaml")


def test_shards_as_a_number_and_null() -> None:
    assert parse_config("shards: 4\n").shards == 4
    assert parse_config("shards: null\n").shards is None
    assert parse_config("shards: {count: 4, ids: [1, 3]}\n").shards == Shards(4, (1, 3))
    assert parse_config("shards: {count: 2}\n").shards == Shards(2, None)   # all of them


def test_a_field_without_a_check_is_a_bug_not_a_boolean() -> None:
    """A field whose type says nothing about how to check it fails loudly, for any value."""
    @dataclass(frozen=True)
    class Loose:
        name: str = ""

    with pytest.raises(TypeError, match="no check"):
        _Check("<config>", {}).record(Loose, None, {"name": "x"})


@pytest.mark.parametrize(("text", "expected"), [
    (f"log_level: INFO\n{TOKEN}: 1\n", "c.yaml:2: [redacted]: unknown key"),
    (f"cooldown:\n  {TOKEN}: 1\n", "c.yaml:1: cooldown: unknown key '[redacted]'"),
    (f"cooldown: {{rate: 2, {TOKEN}: 1}}\n", "c.yaml:1: cooldown: unknown key '[redacted]'"),
    (f"guilds: !{TOKEN} [1]\n", "c.yaml:1: not valid YAML: could not determine a constructor "
                                 "for the tag '![redacted]'"),
    (f"{TOKEN}\n", "c.yaml: must be a mapping"),
])
def test_a_token_pasted_into_the_file_is_never_quoted(tmp_path: Path, text: str,
                                                      expected: str) -> None:
    """Errors quote the file (keys, tags); a token pasted there is shown by its shape only."""
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(tmp_path / expected)), message
    assert TOKEN not in message and TOKEN.split(".")[2] not in message
    assert TOKEN not in f"{caught.value.message} {caught.value.key}"
