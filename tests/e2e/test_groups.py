"""Groups: silent on chatter, answering /ask, @mentions and replies to the bot, as replies."""

from __future__ import annotations

import asyncio

from .botapi import BOT_USERNAME
from .conftest import RunningBot
from .telegram_html import visible_text

QUESTION = "How many people have fled Ukraine?"


async def test_group_chatter_gets_silence(bot: RunningBot) -> None:
    api = bot.api
    group = api.group_chat(-100)
    for text in (
        QUESTION,
        "hello everyone",
        "@someone_else how many fled?",
        "/ask@other_bot " + QUESTION,
    ):
        api.send_text(group, text, sender=api.user(7))
    other = api.send_text(group, "I think so", sender=api.user(8))
    api.send_text(group, QUESTION, sender=api.user(7), reply_to=other)  # a reply, not to the bot
    api.send_text(group, f"@{BOT_USERNAME} {QUESTION}", sender=api.user(9, is_bot=True))
    await api.until(lambda: api.pending_updates() == 0 and api.confirmed_offset > 7)
    await asyncio.sleep(0.3)
    assert api.sent(-100) == []


async def test_three_ways_to_address_the_bot_in_a_group(bot: RunningBot) -> None:
    api = bot.api
    group = api.group_chat(-200, supergroup=False)
    person = api.user(7, "Bo")
    questions = [
        api.send_text(group, "/ask " + QUESTION, sender=person),
        api.send_text(group, f"/ask@{BOT_USERNAME} Who is the ICC prosecutor?", sender=person),
        api.send_text(group, f"@{BOT_USERNAME} where is the court based?", sender=person),
        api.send_text(
            group, f"Hey @{BOT_USERNAME.upper()}, which news agency quoted Peskov?", sender=person
        ),
    ]
    await api.until(lambda: len(api.sent(-200)) >= 4)
    answers = api.sent(-200)
    by_question = {a["reply_parameters"]["message_id"]: visible_text(a["text"]) for a in answers}
    assert sorted(by_question) == [q["message_id"] for q in questions]
    assert "660,000" in by_question[questions[0]["message_id"]]
    assert "Karim Khan" in by_question[questions[1]["message_id"]]
    assert "Hague" in by_question[questions[2]["message_id"]]
    assert "TASS" in by_question[questions[3]["message_id"]]
    # each answer leads with its short answer in bold
    raw = {a["reply_parameters"]["message_id"]: a["text"] for a in answers}
    assert raw[questions[0]["message_id"]].startswith("<b>Nearly 660,000</b>\n\n")
    assert raw[questions[1]["message_id"]].startswith("<b>Karim Khan</b>\n\n")
    assert raw[questions[3]["message_id"]].startswith("<b>TASS</b>\n\n")

    # a reply to one of the bot's answers is a question too
    answer_message = api.messages[(-200, max(m for c, m in api.messages if c == -200))]
    api.send_text(
        group, "and is Russia a member of the ICC?", sender=person, reply_to=answer_message
    )
    await api.until(lambda: len(api.sent(-200)) >= 5)
    follow_up = api.sent(-200)[4]
    assert follow_up["reply_parameters"]["message_id"] == answer_message["message_id"] + 1
    assert "ICC" in visible_text(follow_up["text"])


async def test_ask_without_a_question_explains_itself(bot: RunningBot) -> None:
    api = bot.api
    group = api.group_chat(-300)
    question = api.send_text(group, f"/ask@{BOT_USERNAME}", sender=api.user(7))
    [reply] = await api.until(lambda: api.sent(-300))
    assert reply["reply_parameters"]["message_id"] == question["message_id"]
    assert "/ask How many" in visible_text(reply["text"])


async def test_mention_alone_asks_for_a_question(bot: RunningBot) -> None:
    api = bot.api
    group = api.group_chat(-400)
    api.send_text(group, f"@{BOT_USERNAME}", sender=api.user(7))
    [reply] = await api.until(lambda: api.sent(-400))
    assert visible_text(reply["text"]).startswith("Please ask a question in words")


async def test_anonymous_admin_is_answered(bot: RunningBot) -> None:
    api = bot.api
    group = api.group_chat(-500)
    anonymous = api.message(
        group,
        api.user(1087968824, "Group", is_bot=True),
        f"/ask {QUESTION}",
        sender_chat=group,
    )
    api.feed("message", anonymous)
    [reply] = await api.until(lambda: api.sent(-500))
    assert "660,000" in visible_text(reply["text"])


async def test_added_to_a_group_the_bot_introduces_itself_once(bot: RunningBot) -> None:
    api = bot.api
    group = api.group_chat(-600)
    me = {k: api.bot[k] for k in ("id", "is_bot", "first_name", "username")}

    def change(old: str, new: str) -> dict:
        return {
            "chat": group,
            "from": api.user(7),
            "date": 1_700_000_000,
            "old_chat_member": {"user": me, "status": old},
            "new_chat_member": {"user": me, "status": new},
        }

    api.feed("my_chat_member", change("left", "member"))
    api.feed("my_chat_member", change("member", "left"))  # removed again: nothing to say
    api.send_text(group, f"/ask@{BOT_USERNAME} Who is Karim Khan?", sender=api.user(7))
    await api.until(lambda: len(api.sent(-600)) >= 2)
    await asyncio.sleep(0.2)
    texts = [visible_text(m["text"]) for m in api.sent(-600)]
    assert len(texts) == 2
    assert sum("/ask" in t and "news article" in t for t in texts) == 1
