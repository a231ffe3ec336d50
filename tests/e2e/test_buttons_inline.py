""" "Another passage" buttons, forged and stale callback data, and inline mode."""

from __future__ import annotations

from bot.library import Library
from bot.telegram.answers import STALE_TOAST, UPDATED_TOAST

from .botapi import BotApiServer
from .conftest import RunningBot
from .telegram_html import visible_text

QUESTION = "What did the Kremlin say about war crimes?"


async def answer_with_buttons(api: BotApiServer, chat_id: int) -> dict:
    api.send_text(api.private_chat(chat_id), QUESTION)
    await api.until(lambda: api.sent(chat_id))
    message_id = max(m for c, m in api.messages if c == chat_id)
    return api.messages[(chat_id, message_id)]


def button_data(message: dict) -> str:
    return message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]


async def toast(api: BotApiServer, query_id: str) -> dict:
    calls = await api.until(
        lambda: [
            c
            for c in api.calls_to("answerCallbackQuery")
            if c.params["callback_query_id"] == query_id
        ]
    )
    return calls[0].params


async def test_another_passage_edits_the_answer_and_cycles_back(bot: RunningBot) -> None:
    api = bot.api
    message = await answer_with_buttons(api, 4001)
    first = message["text"]
    count = int(message["reply_markup"]["inline_keyboard"][0][0]["text"].split("/")[1][:-1])
    seen = [visible_text(first)]
    for step in range(1, count + 1):
        query = api.press(message, button_data(message))
        assert "text" not in await toast(api, query)
        await api.until(lambda step=step: len(api.calls_to("editMessageText")) >= step)
        seen.append(visible_text(message["text"]))
    assert seen[1].startswith(f"Passage 2 of {count}")
    assert len(set(seen[:count])) == count  # every passage is different
    assert seen[count] == seen[0] and message["text"] == first  # back to the best
    assert all("The Moscow Times" in text for text in seen)
    assert message["reply_markup"]["inline_keyboard"][0][1]["text"] == "Read the article"


async def test_forged_callback_data_gets_a_polite_toast(bot: RunningBot) -> None:
    api = bot.api
    message = await answer_with_buttons(api, 4002)
    key = button_data(message).split(":")[1]
    forged = ["p:zzzz:1", f"p:{key}:99", "p:", "garbage", "p:" + "9" * 60, f"p:{key}:-1"]
    for data in forged:
        query = api.press(message, data)
        assert (await toast(api, query))["text"] == STALE_TOAST
    assert api.calls_to("editMessageText") == []
    assert [c for c in api.calls if not c.ok] == []


async def test_buttons_from_before_a_reload_say_so(api: BotApiServer) -> None:
    from bot.telegram.app import build_application

    from .conftest import settings_for, started

    settings = settings_for(api)
    library = Library(settings)
    async with started(build_application(settings, library)):
        message = await answer_with_buttons(api, 4003)
        library.reload()  # same files, but a new knowledge version
        query = api.press(message, button_data(message))
        assert (await toast(api, query))["text"] == UPDATED_TOAST


async def test_inline_query_offers_top_passages(bot: RunningBot) -> None:
    api = bot.api
    query_id = api.inline_query(api.user(6001), "How many people have fled Ukraine?")
    [call] = await api.until(lambda: api.calls_to("answerInlineQuery"))
    assert call.params["inline_query_id"] == query_id
    results = call.params["results"]
    assert 1 < len(results) <= 50
    best = results[0]["input_message_content"]
    assert best["parse_mode"] == "HTML"
    assert best["link_preview_options"] == {"is_disabled": True}
    assert "660,000" in visible_text(best["message_text"])
    assert results[0]["title"] == "Nearly 660,000"  # the best result is titled by its short answer
    assert best["message_text"].startswith("<b>Nearly 660,000</b>\n\n")
    assert not results[1]["input_message_content"]["message_text"].startswith("<b>Nearly")
    assert "The Moscow Times" in visible_text(best["message_text"])
    assert results[0]["reply_markup"]["inline_keyboard"][0][0]["url"].startswith("https://")


async def test_inline_query_without_answer_or_text(bot: RunningBot) -> None:
    api = bot.api
    api.inline_query(api.user(6002), "What is the capital of France?")
    [declined] = await api.until(lambda: api.calls_to("answerInlineQuery"))
    assert declined.params["results"] == []
    assert declined.params["button"]["start_parameter"] == "help"
    api.inline_query(api.user(6002), "")
    await api.until(lambda: len(api.calls_to("answerInlineQuery")) == 2)
    listing = api.calls_to("answerInlineQuery")[1].params["results"]
    assert [r["title"] for r in listing] == [a.title for a in bot.library.answerer.articles]
    api.inline_query(api.user(6002), "<b>&amp; 🇺🇦 " + "war crimes " * 20)
    await api.until(lambda: len(api.calls_to("answerInlineQuery")) == 3)
    assert [c for c in api.calls if not c.ok] == []
