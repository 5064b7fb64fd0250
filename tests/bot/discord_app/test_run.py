"""`python -m bot` as a real process against the fake Discord: start-up errors, secrets, signals."""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import sqlite3
from pathlib import Path

import pytest

from tests.bot.discord_app.fake_discord import GUILD_ID, TOKEN, FakeDiscord
from tests.bot.discord_app.process import Bot

pytestmark = [pytest.mark.process, pytest.mark.asyncio]


async def run_to_exit(fake: FakeDiscord, token: str | None, *args: str) -> tuple[int, str, str]:
    """Start the bot and wait for it to exit: its exit code, stdout and stderr."""
    return await (await Bot.start(fake, token, *args)).finish()


def config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


async def test_missing_token(fake: FakeDiscord) -> None:
    code, out, err = await run_to_exit(fake, None)
    assert code == 2 and out == ""
    assert err.startswith("guidebot: DISCORD_TOKEN is not set") and err.count("\n") == 1


async def test_rejected_token_is_never_shown(fake: FakeDiscord) -> None:
    wrong = TOKEN[:-4] + "XXXX"
    code, out, err = await run_to_exit(fake, wrong)
    assert code == 2
    assert err.endswith("\nguidebot: Discord rejected DISCORD_TOKEN; reset it in the Developer "
                        "Portal and try again\n")
    assert "Traceback" not in err and "voice" not in err
    assert wrong not in out + err


async def test_token_revoked_mid_session(fake: FakeDiscord) -> None:
    """Reset in the portal while the bot runs: the gateway closes with 4004."""
    bot = await Bot.start(fake, TOKEN)
    await bot.until_ready()
    await fake.revoke()
    code, out, err = await bot.finish()
    assert code == 2
    assert err.endswith("\nguidebot: Discord rejected DISCORD_TOKEN; reset it in the Developer "
                        "Portal and try again\n")
    assert "cannot reach Discord" not in err and "Traceback" not in err
    assert TOKEN not in out + err


async def test_token_in_config_is_refused(fake: FakeDiscord, tmp_path: Path) -> None:
    path = config(tmp_path, "log_level: INFO\ntoken: abc.def.ghi\n")
    code, _, err = await run_to_exit(fake, TOKEN, "--config", path)
    assert code == 2 and ":2: token: the token is read only from the DISCORD_TOKEN" in err
    assert "abc.def.ghi" not in err


@pytest.mark.parametrize(("text", "guide", "expected"), [
    (f"log_level: INFO\n{TOKEN}: 1\n", None, ":2: [redacted]: unknown key"),
    (f"cooldown:\n  {TOKEN}: 1\n", None, ":1: cooldown: unknown key '[redacted]'"),
    (f"guilds: !{TOKEN} [1]\n", None, ":1: not valid YAML: could not determine a constructor"),
    ("log_level: INFO\n", f"{TOKEN}.yaml", "[redacted].yaml: no such file"),
], ids=["top-level key", "key under cooldown", "yaml tag", "guide path"])
async def test_a_token_in_the_files_never_reaches_the_screen(
        fake: FakeDiscord, tmp_path: Path, text: str, guide: str | None, expected: str) -> None:
    path = config(tmp_path, text)
    extra = ["--guide", str(tmp_path / guide)] if guide else []
    code, out, err = await run_to_exit(fake, TOKEN, "--config", path, *extra)
    assert code == 2 and out == "" and err.count("\n") == 1 and expected in err
    assert TOKEN not in err and TOKEN.split(".")[2] not in err


async def test_privileged_intent_not_enabled(fake: FakeDiscord, tmp_path: Path) -> None:
    fake.deny_privileged = True
    path = config(tmp_path, "message_content_intent: true\nchannels: [1401]\n")
    code, _, err = await run_to_exit(fake, TOKEN, "--config", path)
    assert code == 2
    assert err.splitlines()[-1] == ("guidebot: the Message Content intent is not enabled for "
                                    "this bot; enable it in the Developer Portal or set "
                                    "message_content_intent: false")
    assert "Traceback" not in err and TOKEN not in err


async def test_runs_answers_and_stops_on_sigterm(fake: FakeDiscord, tmp_path: Path) -> None:
    path = config(tmp_path, f"log_level: DEBUG\nguilds: [{GUILD_ID}]\nchannels: [1401]\n")
    bot = await Bot.start(fake, TOKEN, "--config", path)
    await bot.until_ready()
    before = len(fake.sent)
    await fake.message("salary in Germany", dm=True)
    sent = await fake.wait_sent(before + 1)
    assert "€55,000" in sent[-1].body["content"]
    iid = await fake.command("ask", [{"name": "question", "type": 3, "value": "books?"}])
    sent = await fake.wait_sent(before + 2)
    assert "Machine Learning Yearning" in sent[-1].body["data"]["content"]
    bot.process.send_signal(signal.SIGTERM)
    code, out, err = await bot.finish(timeout=5)
    assert code == 0
    assert "ready as guidebot" in err                      # logged at INFO
    assert "since start: 0 interaction(s) skipped as too old, 0 repl(ies) not delivered" in err
    assert "channels are configured but message_content_intent is off" in err
    assert "INTERACTION_CREATE" in err and "/callback" in err   # DEBUG logs payloads and URLs
    assert TOKEN not in out + err                          # not even at DEBUG
    assert f"aW50ZXJhY3Rpb246{iid}" not in err             # nor the interaction's token
    assert "[redacted]" in err
    assert "Unclosed" not in err and "Traceback" not in err
    # Recorded by default in guidebot.sqlite3 beside the config: both answers.
    store = tmp_path / "guidebot.sqlite3"
    assert f"recording questions to {store}" in err
    with contextlib.closing(sqlite3.connect(store)) as db:
        assert db.execute("SELECT question FROM turns ORDER BY at").fetchall() == [
            ("salary in Germany",), ("books?",)]


async def test_sigterm_in_the_middle_of_load(fake: FakeDiscord, tmp_path: Path) -> None:
    path = config(tmp_path, f"guilds: [{GUILD_ID}]\ncooldown: {{rate: 1000, per: 1}}\n")
    bot = await Bot.start(fake, TOKEN, "--config", path)
    await bot.until_ready()
    option = [{"name": "question", "type": 3, "value": "salary in germany"}]
    for number in range(100):
        await fake.command("ask", option, author=1000 + number)
        if number == 50:
            bot.process.send_signal(signal.SIGTERM)
    started = asyncio.get_running_loop().time()
    code, _, err = await bot.finish(timeout=5)
    assert asyncio.get_running_loop().time() - started < 5
    assert code == 0
    for problem in ("Unclosed", "Traceback", "Task was destroyed", "never awaited"):
        assert problem not in err
    answered = [s.target for s in fake.sent if s.route == "callback"]
    assert len(answered) == len(set(answered)) >= 1       # never twice


async def test_sigterm_while_discord_is_unreachable(fake: FakeDiscord) -> None:
    """Discord gone, discord.py asleep in its reconnect back-off: SIGTERM still exits at once.

    The back-off is random and doubles each time (up to 2, 4, 8, 16 s…); the signal is sent
    once a sleep of at least 6 s has begun, which a stop that waited for it would outlast."""
    bot = await Bot.start(fake, TOKEN)
    await bot.until_ready()
    await fake.stop()                                 # the gateway and REST refuse from now on

    def long_back_off(line: str) -> bool:
        found = re.search(r"Attempting a reconnect in ([\d.]+)s", line)
        return found is not None and float(found.group(1)) >= 6

    await bot.until(long_back_off, timeout=120)
    bot.process.send_signal(signal.SIGTERM)
    started = asyncio.get_running_loop().time()
    code, _, err = await bot.finish(timeout=10)
    assert asyncio.get_running_loop().time() - started < 5
    assert code == 0 and TOKEN not in err
    for problem in ("Unclosed", "Task was destroyed", "never awaited"):
        assert problem not in err


@pytest.mark.parametrize(("text", "expected"), [
    ("log_level: INFO\n\tguilds: [1]\n", ":2: not valid YAML"),
    ("guilds: one\n", ":1: guilds: must be a list of Discord ids"),
    ("log_level: INFO\nanswer_everything: true\n", ":2: answer_everything: unknown key"),
    ("guilds: !!python/object/apply:os.system [echo pwned]\n", ":1: not valid YAML"),
    ("cooldown: {rate: 0, per: 5}\n", ":1: cooldown.rate: must be a whole number"),
])
async def test_bad_config_is_one_line(fake: FakeDiscord, tmp_path: Path, text: str,
                                      expected: str) -> None:
    path = config(tmp_path, text)
    code, out, err = await run_to_exit(fake, TOKEN, "--config", path)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"guidebot: {path}{expected}") and "pwned" not in out + err


async def test_missing_config_file(fake: FakeDiscord, tmp_path: Path) -> None:
    code, _, err = await run_to_exit(fake, TOKEN, "--config", str(tmp_path / "no.yaml"))
    assert code == 2 and err == f"guidebot: {tmp_path / 'no.yaml'}: no such file\n"
