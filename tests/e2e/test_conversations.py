"""Follow-up questions against the stand-in Bot API: a private chat is one conversation, a
group's conversations are reply chains, and two people's threads never mix."""

from __future__ import annotations

from typing import Any

from .botapi import BOT_USERNAME, BotApiServer
from .conftest import RunningBot
from .telegram_html import visible_text


async def ask_private(api: BotApiServer, chat_id: int, text: str) -> str:
    before = len(api.sent(chat_id))
    api.send_text(api.private_chat(chat_id), text)
    await api.until(lambda: len(api.sent(chat_id)) > before)
    return visible_text(api.sent(chat_id)[before]["text"])


async def ask_group(
    api: BotApiServer, group: dict[str, Any], text: str, sender: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    """Send `text` into the group; the bot's answer to it (a message the stand-in holds)."""
    chat_id = group["id"]
    question = api.send_text(group, text, sender=sender, **kwargs)
    await api.until(
        lambda: any(
            m.get("reply_parameters", {}).get("message_id") == question["message_id"]
            for m in api.sent(chat_id)
        )
    )
    [sent] = [
        m
        for m in api.sent(chat_id)
        if m.get("reply_parameters", {}).get("message_id") == question["message_id"]
    ]
    return sent


def answer_message(api: BotApiServer, chat_id: int, sent: dict[str, Any]) -> dict[str, Any]:
    """The message the stand-in made of the bot's answer `sent` (to reply to it)."""
    question = sent["reply_parameters"]["message_id"]
    return next(
        message
        for (chat, _), message in sorted(api.messages.items(), key=lambda item: item[0])
        if chat == chat_id
        and message["from"]["id"] == api.bot["id"]
        and message.get("reply_to_message", {}).get("message_id") == question
    )


async def test_a_private_conversation_of_four_turns(bot: RunningBot) -> None:
    api = bot.api
    assert "Karim Khan" in await ask_private(api, 7001, "Who is the ICC prosecutor?")
    assert "crime of aggression" in await ask_private(api, 7001, "What did he say last week?")
    assert "terrorist state" in await ask_private(api, 7001, "What did Zelenskiy call Russia?")
    why = await ask_private(api, 7001, "Why?")
    assert "early Tuesday bombing" in why
    # the same "Why?" in another chat has no conversation to lean on
    assert "Please ask a question in words" in await ask_private(api, 7002, "Why?")


async def test_a_group_reply_chain_of_three_turns(bot: RunningBot) -> None:
    api = bot.api
    group = api.group_chat(-7100)
    person = api.user(71, "Bo")
    first = await ask_group(api, group, "/ask What did Zelenskiy call Russia?", person)
    assert "terrorist state" in visible_text(first["text"])
    second = await ask_group(
        api, group, "When was that?", person, reply_to=answer_message(api, -7100, first)
    )
    assert "early Tuesday bombing" in visible_text(second["text"])
    third = await ask_group(api, group, "Why?", person, reply_to=answer_message(api, -7100, second))
    assert "early Tuesday bombing" in visible_text(third["text"])
    # a new /ask starts a new conversation: "Why?" alone has nothing to look for
    fresh = await ask_group(api, group, "/ask Why?", person)
    assert "Please ask a question in words" in visible_text(fresh["text"])


async def test_two_interleaved_group_threads_are_kept_apart(bot: RunningBot) -> None:
    api = bot.api
    group = api.group_chat(-7200)
    ann, bo = api.user(72, "Ann"), api.user(73, "Bo")
    ann_first = await ask_group(api, group, "/ask Who is the ICC prosecutor?", ann)
    bo_first = await ask_group(api, group, f"@{BOT_USERNAME} What did Zelenskiy call Russia?", bo)
    ann_reply = answer_message(api, -7200, ann_first)
    bo_reply = answer_message(api, -7200, bo_first)
    bo_second = await ask_group(api, group, "Why?", bo, reply_to=bo_reply)
    ann_second = await ask_group(api, group, "What did he say last week?", ann, reply_to=ann_reply)
    assert "early Tuesday bombing" in visible_text(bo_second["text"])
    assert "crime of aggression" in visible_text(ann_second["text"])
    # Ann's "Why?" in her thread is read against the prosecutor, not Zelenskiy's words
    ann_why = await ask_group(
        api, group, "Why?", ann, reply_to=answer_message(api, -7200, ann_second)
    )
    shown = visible_text(ann_why["text"])
    assert "terrorist state" not in shown and "Kharkiv" not in shown
    assert "follow-up to “What did he say last week?”" in shown  # no reason given: declined
