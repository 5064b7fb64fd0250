"""/gaps, /reload and /why through the real client, the fake Discord, a real SQLite file and a
real guide file edited on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.discord_app.admin import NOT_RECORDING
from bot.discord_app.client import make_client
from bot.discord_app.config import Config, Cooldown
from bot.engine import Engine
from tests.bot.discord_app.aim import discord_aimed_at
from tests.bot.discord_app.fake_discord import (CHANNEL_ID, GUILD_ID, NO_PERMISSIONS, FakeDiscord,
                                                Sent)
from tests.bot.discord_app.live import OPEN_CHANNEL, Live, connected
from tests.conftest import ML_GUIDE

pytestmark = [pytest.mark.discord, pytest.mark.asyncio(loop_scope="module")]
EPHEMERAL = 64


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("admin")


@pytest.fixture(scope="module")
def discord_config(folder: Path) -> Config:
    guide = folder / "guide.txt"
    shutil.copy(ML_GUIDE, guide)
    return Config(guilds=(GUILD_ID,), cooldown=Cooldown(rate=1000, per=1), guide=str(guide),
                  storage=str(folder / "guidebot.sqlite3"))


def ask(question: str) -> list[dict[str, object]]:
    return [{"name": "question", "type": 3, "value": question}]


async def admin_reply(live: Live, name: str, **options: object) -> str:
    """Run an admin command as a member with Manage Server; the text of its ephemeral reply
    (deferred, then followed up, when it may take a while)."""
    (sent,) = await live.next_sent(live.fake.command(name, **options))  # type: ignore[arg-type]
    assert sent.body["data"]["flags"] == EPHEMERAL
    if sent.body["type"] == 5:                           # "thinking…", then the follow-up
        return await wait_follow_up(live, sent)
    assert sent.body["type"] == 4
    return str(sent.body["data"]["content"])


async def wait_follow_up(live: Live, deferred: Sent) -> str:
    """The content of the follow-ups to a deferred interaction."""
    token_of = {iid: token for token, iid in live.fake.tokens.items()}
    token = token_of[deferred.target]
    await live.fake.wait_until(lambda: any(s.route == "followup" and s.target == token
                                           for s in live.fake.sent))
    replies = [s for s in live.fake.sent if s.route == "followup" and s.target == token]
    assert all(s.body["flags"] == EPHEMERAL for s in replies)
    return "\n".join(str(s.body["content"]) for s in replies)


async def test_members_without_manage_server_are_refused(live: Live) -> None:
    for name in ("gaps", "reload", "why"):
        (sent,) = await live.next_sent(live.fake.command(name, permissions=NO_PERMISSIONS))
        assert sent.body["type"] == 4 and sent.body["data"]["flags"] == EPHEMERAL
        assert sent.body["data"]["content"] == (
            f"Only members with the Manage Server permission can use /{name}.")


async def test_gaps_groups_three_rewordings_of_one_refused_question(live: Live) -> None:
    wordings = ["Does the guide cover quantum computing?", "what about quantum computing",
                "Quantum computing for ML engineers?"]
    for author, question in enumerate(wordings, 300):
        await live.next_sent(live.fake.command("ask", ask(question), author=author))
    # A different refused question, asked once, is its own group.
    await live.next_sent(live.fake.command("ask", ask("visa for Canada?"), author=310))
    report = await admin_reply(live, "gaps")
    assert report.startswith("```\nRefused questions (all stored, server 1300): 4 refused turns")
    lines = report.splitlines()
    top = next(n for n, line in enumerate(lines) if "×" in line)
    assert lines[top].strip().startswith('3×  "') and "quantum computing" in lines[top].lower()
    assert "3 people" in lines[top + 1] and "terms: comput quantum" in lines[top + 1]
    assert lines[top + 2].strip().startswith("also:")
    assert sum("×" in line and not line.strip().startswith("also:") for line in lines) == 2
    assert report.count("```") % 2 == 0 and len(report) <= 2000


async def test_gaps_shows_typed_text_inert(live: Live) -> None:
    nasty = "does the guide cover `<@&999>` ```@everyone``` https://x.example quantum teleport?"
    await live.next_sent(live.fake.command("ask", ask(nasty), author=320))
    report = await admin_reply(live, "gaps", options=[
        {"name": "since", "type": 3, "value": "1h"}])
    text = [line for line in report.splitlines() if line != "```"]   # all but the fences
    assert not any("`" in line for line in text)   # nothing typed can close a code block
    assert any("<@&999>" in line for line in text)  # shown as typed, inside a block: inert
    assert report.count("```") % 2 == 0


async def test_gaps_with_a_bad_since(live: Live) -> None:
    report = await admin_reply(live, "gaps", options=[
        {"name": "since", "type": 3, "value": "yesterday-ish"}])
    assert report.startswith("No report: ") and "\n" not in report


async def test_why_explains_the_last_answer_in_the_channel(live: Live) -> None:
    none_yet = await admin_reply(live, "why", channel_id=OPEN_CHANNEL)
    assert none_yet.startswith("I have not answered anything in this channel")
    await live.next_sent(live.fake.command("ask", ask("what certifications should I get?"),
                                           author=330))
    explained = await admin_reply(live, "why")
    assert explained.startswith("```\nasked: what certifications should I get?\nroute: list")
    assert "terms: certif" in explained
    assert "Education and Training › Certifications" in explained


async def test_why_after_a_reload_says_the_guide_changed_since(live: Live) -> None:
    await live.next_sent(live.fake.command("ask", ask("what certifications should I get?"),
                                           author=331))
    assert "reloaded since" not in await admin_reply(live, "why")
    assert "102 passages, nothing changed." in await admin_reply(live, "reload")  # same guide
    explained = await admin_reply(live, "why")
    assert explained.startswith("```\nasked: what certifications should I get?\nroute: list")
    assert explained.endswith("\n(the guide was reloaded since: explained as it reads now)\n```")


@pytest.mark.asyncio(loop_scope="function")      # a client of its own, on the `fake` fixture
async def test_gaps_without_a_store_says_nothing_is_recorded(fake: FakeDiscord,
                                                              ml_engine: Engine) -> None:
    config = Config(guilds=(GUILD_ID,), storage=False, cooldown=Cooldown(rate=1000, per=1))
    with discord_aimed_at(fake.api, fake.gateway_url):
        client = make_client(ml_engine, config)
        async with connected(client):
            alone = Live(fake, client)
            (answer,) = await alone.next_sent(fake.command("ask", ask("quantum computing?")))
            assert not answer.body["data"].get("components")        # nothing to vote on
            assert await admin_reply(alone, "gaps") == NOT_RECORDING
            # /why needs no store: the last answers are kept in memory.
            assert (await admin_reply(alone, "why")).startswith(
                "```\nasked: quantum computing?\nroute: abstain")


async def test_reload_reports_the_change_and_answers_from_it(live: Live, folder: Path) -> None:
    guide = folder / "guide.txt"
    original = guide.read_text("utf-8")
    before = (await live.next_sent(live.fake.command("ask", ask("salary in Germany"))))[0]
    assert "€55,000 – €100,000" in before.body["data"]["content"]
    edited = (original
              .replace("Germany: €55,000 – €100,000", "Germany: €60,000 – €110,000")
              .replace("  • Software Engineering and Tools:",
                       "  • Cloud Platforms: Deploying models on AWS, Google Cloud or Azure.\n"
                       "  • Software Engineering and Tools:")
              .replace("A solid understanding of linear algebra", "A firm grasp of linear algebra"))
    assert edited.count("€60,000 – €110,000") == 1
    guide.write_text(edited, "utf-8")
    try:
        report = await admin_reply(live, "reload")
        # The skills list gained an item and Germany's passage holds the new figure: both
        # changed, beside the reworded paragraph.
        assert "103 passages — 1 added, 0 removed, 3 changed; 1 salary rows changed." in report
        assert "\nadded: skills-and-qualifications/cloud-platforms\n" in report
        assert ("\nchanged: skills-and-qualifications/mathematics-and-statistics, "
                "salary-and-compensation/europe/germany, skills-and-qualifications/list\n"
                in report)
        assert "salary rows: Germany (Europe)" in report
        (after,) = await live.next_sent(live.fake.command("ask", ask("salary in Germany")))
        assert "€60,000 – €110,000" in after.body["data"]["content"]
        why = await admin_reply(live, "why")
        assert "route: salary" in why
    finally:
        guide.write_text(original, "utf-8")
    restored = await admin_reply(live, "reload")
    assert "102 passages — 0 added, 1 removed, 3 changed; 1 salary rows changed." in restored


async def test_a_broken_guide_keeps_the_old_one(live: Live, folder: Path) -> None:
    guide = folder / "guide.txt"
    original = guide.read_text("utf-8")
    guide.write_text("just some words\n", "utf-8")
    try:
        report = await admin_reply(live, "reload")
    finally:
        guide.write_text(original, "utf-8")
    assert report == (f"The guide was not reloaded, and I still answer from the one I had: "
                      f"{guide}: no role title found (expected a 'Home / … / Role' breadcrumb)")
    (after,) = await live.next_sent(live.fake.command("ask", ask("salary in Germany")))
    assert "€55,000 – €100,000" in after.body["data"]["content"]


async def test_gaps_shows_only_this_server(live: Live) -> None:
    (dm,) = await live.next_sent(live.fake.message("does the guide cover blockchain?", dm=True))
    assert dm.body["components"]                     # answered and recorded, outside the server
    report = await admin_reply(live, "gaps")
    assert f"server {GUILD_ID}" in report and "blockchain" not in report
    assert str(CHANNEL_ID) not in report      # ids of channels and people are never shown
