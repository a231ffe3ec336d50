"""Private chats against the stand-in Bot API: questions, declines, commands, odd updates."""

from __future__ import annotations

import asyncio

from .botapi import BotApiServer
from .conftest import RunningBot
from .telegram_html import visible_text

URL = "https://www.themoscowtimes.com/2022/03/01/kremlin-categorically-denies"


async def ask(api: BotApiServer, chat_id: int, text: str, count: int = 1) -> list[dict]:
    """Send `text` in a private chat; the bot's messages once `count` have arrived."""
    before = len(api.sent(chat_id))
    api.send_text(api.private_chat(chat_id), text)
    await api.until(lambda: len(api.sent(chat_id)) >= before + count)
    return api.sent(chat_id)[before:]


async def test_answer_is_the_passage_with_source_and_link(bot: RunningBot) -> None:
    [reply] = await ask(bot.api, 1001, "How many people have fled Ukraine?")
    assert reply["parse_mode"] == "HTML"
    assert reply["link_preview_options"] == {"is_disabled": True}
    shown = visible_text(reply["text"])
    assert "660,000 people have fled Ukraine" in shown
    assert reply["text"].startswith("<b>Nearly 660,000</b>\n\n")  # the short answer leads
    assert "<b>Nearly 660,000 people" in reply["text"]  # the best sentence is highlighted
    assert "The Moscow Times" in shown and "1 March 2022" in shown and "paragraph 10" in shown
    assert f'<a href="{URL}' in reply["text"]
    assert "reply_parameters" not in reply  # private chats get no quote


async def test_answer_has_another_passage_and_link_buttons(bot: RunningBot) -> None:
    [reply] = await ask(bot.api, 1002, "What did the Kremlin say about war crimes?")
    row, votes = reply["reply_markup"]["inline_keyboard"]
    assert row[0]["text"].startswith("Another passage (2/")
    assert len(row[0]["callback_data"].encode()) <= 64
    assert row[1]["url"].startswith(URL)
    assert [b["text"] for b in votes] == ["👍", "👎"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in votes)


async def test_question_the_article_does_not_answer_is_declined_politely(bot: RunningBot) -> None:
    [reply] = await ask(bot.api, 1003, "What is the capital of France?")
    text = visible_text(reply["text"])
    assert text.startswith("The article doesn’t say")
    assert "Kremlin" in text  # it suggests what it can answer
    assert "reply_markup" not in reply


async def test_start_and_help_say_what_the_bot_knows(bot: RunningBot) -> None:
    for command in ("/start", "/help"):
        [reply] = await ask(bot.api, 1004, command)
        text = visible_text(reply["text"])
        assert "1 news article(s)" in text and "Kremlin" in text
        assert "/ask" in text and "@newsbot_test_bot" in text  # groups and inline mode


async def test_start_with_a_deep_link_parameter_gets_help(bot: RunningBot) -> None:
    [reply] = await ask(bot.api, 1005, "/start help")
    assert "news article" in visible_text(reply["text"])


async def test_sources_lists_articles_with_links(bot: RunningBot) -> None:
    [reply] = await ask(bot.api, 1006, "/sources")
    assert "1 article(s) loaded" in visible_text(reply["text"])
    assert f'<a href="{URL}' in reply["text"]
    assert "The Moscow Times, 1 March 2022" in visible_text(reply["text"])


async def test_command_list_is_registered_at_start(bot: RunningBot) -> None:
    [call] = bot.api.calls_to("setMyCommands")
    names = [c["command"] for c in call.params["commands"]]
    assert names == ["ask", "sources", "help"]


async def test_ask_command_works_in_private_too(bot: RunningBot) -> None:
    [reply] = await ask(bot.api, 1007, "/ask Who is the ICC prosecutor?")
    assert "Karim Khan" in visible_text(reply["text"])
    [usage] = await ask(bot.api, 1007, "/ask")
    assert "/ask How many" in visible_text(usage["text"])


async def test_unknown_command_gets_a_hint(bot: RunningBot) -> None:
    [reply] = await ask(bot.api, 1008, "/weather")
    assert "/help" in visible_text(reply["text"])


HOSTILE = {
    "html": "<b>&</b> <script>alert(1)</script> &amp; &nbsp; <a href='x'>Kremlin</a> war crimes?",
    "long": "What did the Kremlin say about war crimes? " + "x" * 3950,
    "emoji": "🇺🇦🔥 how many people have fled 🏃‍♀️🏃‍♂️ Ukraine?? 👀",
    "rtl": "כמה אנשים ברחו? ‏كم عدد الذين فروا من أوكرانيا؟ How many fled Ukraine?",
    "control": "How many\u200b people\u0000 have\u202e fled\tUkraine?\r\n",
    "only_symbols": "<<<>>>&&&",
}


async def test_hostile_text_gets_accepted_replies(bot: RunningBot) -> None:
    api = bot.api
    for number, (_name, text) in enumerate(HOSTILE.items()):
        api.send_text(api.private_chat(2000 + number), text)
    await api.until(lambda: all(api.sent(2000 + n) for n in range(len(HOSTILE))))
    refused = [c for c in api.calls if c.method == "sendMessage" and not c.ok]
    assert refused == []  # every reply passed the strict HTML and length checks
    assert len(HOSTILE["long"]) > 3990
    emoji = visible_text(api.sent(2002)[0]["text"])
    assert "660,000" in emoji
    assert visible_text(api.sent(2005)[0]["text"]).startswith("Please ask a question in words")


async def test_updates_without_text_never_raise(bot: RunningBot, caplog) -> None:  # type: ignore[no-untyped-def]
    api = bot.api
    chat = api.private_chat(3001)
    sticker = {
        "file_id": "s1",
        "file_unique_id": "us1",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    api.feed("message", api.message(chat, sticker=sticker))
    photo = [{"file_id": "p1", "file_unique_id": "up1", "width": 90, "height": 90}]
    api.feed("message", api.message(chat, photo=photo, caption="How many fled?"))
    api.feed(
        "message", api.message(chat, voice={"file_id": "v", "file_unique_id": "uv", "duration": 2})
    )
    edited = api.message(chat, text="How many people have fled Ukraine?")
    api.feed("edited_message", {**edited, "edit_date": edited["date"] + 5})
    channel = api.channel(-1009)
    api.feed("channel_post", api.message(channel, text="How many people have fled Ukraine?"))
    group = api.group_chat(-1010)
    api.feed("message", api.message(group, api.user(5), new_chat_members=[api.user(6)]))
    api.feed("message", api.message(chat, text="Who is Karim Khan?"))  # marks the end

    await api.until(lambda: len(api.sent(3001)) >= 4)
    await asyncio.sleep(0.3)  # nothing else may arrive (updates are handled concurrently)
    texts = sorted(visible_text(r["text"]) for r in api.sent(3001))
    assert len(texts) == 4  # the edited question got no second answer
    assert texts[0] == texts[1] == texts[2] == "I can only read text. Please type your question."
    assert "Karim Khan" in texts[3]
    assert api.sent(-1009) == [] and api.sent(-1010) == []
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
