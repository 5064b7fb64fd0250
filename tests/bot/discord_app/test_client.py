"""The real discord.py client, running guidebot, against the fake Discord over loopback."""

from __future__ import annotations

import pytest

from tests.bot.discord_app.fake_discord import (APP_ID, BOT_ID, CHANNEL_ID, DM_CHANNEL_ID,
                                                GUILD_ID, TOKEN)
from tests.bot.discord_app.live import OPEN_CHANNEL, Live, reference

pytestmark = [pytest.mark.discord, pytest.mark.asyncio(loop_scope="module")]


async def test_ready_and_registered_commands(live: Live) -> None:
    assert live.client.user is not None and live.client.user.id == BOT_ID
    assert live.fake.identified == 1
    commands = {c["name"]: c for c in live.fake.commands[str(GUILD_ID)]}
    assert sorted(commands) == ["ask", "career", "gaps", "help", "reload", "resources", "salary",
                                "skills", "why"]
    manage_server = str(1 << 5)      # discord.py sends it as a number, Discord as a string
    for name in ("gaps", "reload", "why"):     # hidden from members without Manage Server
        assert str(commands[name]["default_member_permissions"]) == manage_server
    assert commands["ask"]["default_member_permissions"] is None
    assert "global" not in live.fake.commands  # never synced globally without --sync
    ask = commands["ask"]["options"][0]
    assert (ask["name"], ask["type"], ask["required"], ask["min_length"], ask["max_length"]) == (
        "question", 3, True, 1, 1000)
    salary = {o["name"]: o for o in commands["salary"]["options"]}
    assert salary["country"]["autocomplete"] and salary["country"]["required"]
    assert salary["compare"]["autocomplete"] and not salary["compare"].get("required", False)
    kinds = [c["value"] for c in commands["resources"]["options"][0]["choices"]]
    assert kinds == ["books", "websites", "certifications", "training", "communities"]
    assert all(c["description"] for c in commands.values())


async def test_ask_command(live: Live) -> None:
    option = [{"name": "question", "type": 3, "value": "How much does an ML engineer earn in Germany?"}]
    (sent,) = await live.next_sent(live.fake.command("ask", option))
    assert sent.route == "callback" and sent.body["type"] == 4
    content = sent.body["data"]["content"]
    assert "€55,000 – €100,000 per year" in content and "CAD" not in content
    assert sent.body["data"]["allowed_mentions"] == {"parse": []}


async def test_salary_autocomplete(live: Live) -> None:
    options = [{"name": "country", "type": 3, "value": "germ", "focused": True}]
    (sent,) = await live.next_sent(live.fake.command("salary", options, kind=4))
    assert sent.body["type"] == 8
    assert [c["name"] for c in sent.body["data"]["choices"]] == ["Germany"]
    options = [{"name": "country", "type": 3, "value": "", "focused": True}]
    (sent,) = await live.next_sent(live.fake.command("salary", options, kind=4))
    assert 1 <= len(sent.body["data"]["choices"]) <= 25


async def test_salary_compare_embed(live: Live) -> None:
    options = [{"name": "country", "type": 3, "value": "London"},
               {"name": "compare", "type": 3, "value": "Germany"}]
    (sent,) = await live.next_sent(live.fake.command("salary", options))
    (embed,) = sent.body["data"]["embeds"]
    assert embed["title"] == "Machine Learning Engineer salary: United Kingdom vs Germany"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields == {"United Kingdom": "**£50,000 – £90,000 per year**\nGBP · Europe",
                      "Germany": "**€55,000 – €100,000 per year**\nEUR · Europe"}
    assert embed["description"].startswith("London is in the United Kingdom")
    assert "approximate" in embed["footer"]["text"]
    assert "Source: Salary and Compensation › Europe" in embed["footer"]["text"]


async def test_salary_country_not_in_guide(live: Live) -> None:
    (sent,) = await live.next_sent(live.fake.command(
        "salary", [{"name": "country", "type": 3, "value": "Austria"}]))
    content = sent.body["data"]["content"]
    assert content.startswith("Austria: not in the guide. Closest covered: Australia")
    assert not sent.body["data"].get("embeds")


async def test_resources_and_help(live: Live) -> None:
    (books,) = await live.next_sent(live.fake.command(
        "resources", [{"name": "kind", "type": 3, "value": "books"}]))
    assert "“Deep Learning” by Ian Goodfellow" in books.body["data"]["content"]
    (training,) = await live.next_sent(live.fake.command(
        "resources", [{"name": "kind", "type": 3, "value": "training"}]))
    assert "TensorFlow or PyTorch Training" in training.body["data"]["content"]
    (help_,) = await live.next_sent(live.fake.command("help"))
    assert help_.body["data"]["flags"] == 64  # ephemeral
    assert "Who is Andrew Ng?" in help_.body["data"]["content"]


async def test_mention_reply_and_follow_up(live: Live) -> None:
    question = live.fake.message(f"<@{BOT_ID}> what certifications should I get?",
                                 mentions=[BOT_ID], author=77)
    before = len(live.fake.sent)
    mid = await question
    (first,) = (await live.fake.wait_sent(before + 1))[before:]
    assert first.route == "message" and first.target == str(CHANNEL_ID)
    assert str(first.body["message_reference"]["message_id"]) == mid
    assert "AWS Certified Machine Learning – Specialty" in first.body["content"]
    assert first.body["allowed_mentions"] == {"parse": [], "replied_user": False}
    (second,) = await live.next_sent(live.fake.message(
        f"<@{BOT_ID}> tell me more about the second one", mentions=[BOT_ID], author=77))
    assert second.body["content"].startswith("**Google Cloud Certified")


async def test_dm(live: Live) -> None:
    (sent,) = await live.next_sent(live.fake.message("salary in bengaluru", dm=True))
    assert sent.target == str(DM_CHANNEL_ID)
    assert "INR 6,00,000 – INR 15,00,000" in sent.body["content"]


async def test_unaddressed_and_bot_messages_are_ignored(live: Live) -> None:
    ignored = {await live.fake.message("salary in germany"),     # not addressed to the bot
               await live.fake.message(f"<@{BOT_ID}> salary", mentions=[BOT_ID], bot=True)}
    (sent,) = await live.next_sent(live.fake.message("salary in france", dm=True))
    assert "€45,000" in sent.body["content"]
    await live.settled()
    assert not [s for s in live.fake.sent if reference(s) in ignored]


async def test_open_channel_answers_questions_only(live: Live) -> None:
    chatter = await live.fake.message("lol nice weather today", channel_id=OPEN_CHANNEL)
    (sent,) = await live.next_sent(live.fake.message("what books do you recommend?",
                                                     channel_id=OPEN_CHANNEL))
    assert sent.target == str(OPEN_CHANNEL)
    assert "Machine Learning Yearning" in sent.body["content"]
    await live.settled()
    assert not [s for s in live.fake.sent if reference(s) == chatter]


async def test_reply_to_the_bot_continues_the_conversation(live: Live) -> None:
    (first,) = await live.next_sent(live.fake.message(
        f"<@{BOT_ID}> salary in Germany", mentions=[BOT_ID], author=88))
    bot_message = live.fake.message_object(str(CHANNEL_ID), first.body)
    (second,) = await live.next_sent(live.fake.message("and in Canada?", author=88,
                                                       reply_to=bot_message))
    assert "CAD 70,000 – CAD 130,000" in second.body["content"]


async def test_everyone_is_never_pinged(live: Live) -> None:
    (sent,) = await live.next_sent(live.fake.message(
        f"<@{BOT_ID}> @everyone @here <@&999> <@5> salary in Germany", mentions=[BOT_ID]))
    assert sent.body["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert "€55,000" in sent.body["content"]


async def test_long_question(live: Live) -> None:
    question = "salary in Germany " + "please " * 430   # about 3,000 characters
    (sent,) = await live.next_sent(live.fake.message(f"<@{BOT_ID}> {question}",
                                                     mentions=[BOT_ID], dm=False))
    assert len(sent.body["content"]) <= 2000 and "€55,000" in sent.body["content"]


async def test_gateway_drop_then_resume(live: Live) -> None:
    await live.fake.drop()
    await live.fake.wait_until(lambda: live.fake.resumed >= 1)
    assert live.fake.identified == 1                 # resumed, not a new session
    (sent,) = await live.next_sent(live.fake.message("salary in France", dm=True))
    assert "€45,000 – €80,000" in sent.body["content"]


async def test_429_on_send_is_retried_once(live: Live) -> None:
    live.fake.failures[f"POST /channels/{DM_CHANNEL_ID}/messages"] = [429]
    before = len(live.fake.sent)
    mid = await live.fake.message("salary in Canada", dm=True)
    await live.settled()
    answers = [s for s in live.fake.sent[before:] if reference(s) == mid]
    assert len(answers) == 1 and "CAD 70,000" in answers[0].body["content"]
    assert live.fake.failures[f"POST /channels/{DM_CHANNEL_ID}/messages"] == []


async def test_commands_are_published_under_the_apps_id(live: Live) -> None:
    """The application id comes from Discord at login; the fake reads it back off the URL."""
    assert {c["application_id"] for c in live.fake.commands[str(GUILD_ID)]} == {str(APP_ID)}


async def test_token_stays_out_of_reprs(live: Live) -> None:
    shown = " ".join([repr(live.client), str(live.client), repr(live.client.config),
                      repr(live.client.http), repr(live.client.user), repr(live.client.tree)])
    assert TOKEN not in shown and TOKEN.split(".")[0] not in shown


async def test_a_failing_command_gets_one_ephemeral_sentence(
        live: Live, caplog: pytest.LogCaptureFixture) -> None:
    live.fake.failures["/callback"] = [403]          # e.g. a permission the bot lost
    ask = [{"name": "question", "type": 3, "value": "salary in Canada"}]
    before = len(live.fake.sent)
    iid = await live.fake.command("ask", ask)
    (sent,) = (await live.fake.wait_sent(before + 1))[before:]
    assert sent.target == iid and sent.body["data"]["flags"] == 64
    assert sent.body["data"]["content"] == "Sorry, that didn't work. Please try again in a moment."
    (failed,) = [r for r in caplog.records if "command ask failed" in r.getMessage()]
    assert failed.levelname == "ERROR" and "403" in failed.getMessage()
    assert failed.exc_info is None               # Discord said no: no bug of ours to trace
