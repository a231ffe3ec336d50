"""Flood limits through Telegram: one notice for a flooder, silence after it, no delay for others."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from typing import Any

from bot.config import LimitSettings
from bot.library import Library
from bot.telegram.app import build_application
from bot.telegram.flood import GROUP_NOTICE

from .botapi import ApiError, BotApiServer
from .conftest import settings_for, started
from .telegram_html import visible_text

QUESTION = "How many people have fled Ukraine?"


def limited(api: BotApiServer, **limits: float) -> object:
    settings = settings_for(api)
    return dataclasses.replace(settings, limits=dataclasses.replace(LimitSettings(), **limits))


def notices(texts: list[str]) -> list[str]:
    return [t for t in texts if "wait" in t and "ask again" in t]


class HeldBack:
    """Telegram refuses (502) every send into chat `held` until chat `other` has its answer
    (or the test gives up: `released`); the bot retries them (bot/telegram/retry.py), and
    they go through once it has."""

    def __init__(self, api: BotApiServer, held: int, other: int):
        self.refused, self.released = 0, threading.Event()
        send = api.methods["sendmessage"]

        def held_back(server: BotApiServer, params: dict[str, Any]) -> Any:
            holding = not server.sent(other) and not self.released.is_set()
            if params.get("chat_id") == held and holding:
                self.refused += 1
                raise ApiError(502, "Bad Gateway")
            return send(server, params)

        api.methods["sendmessage"] = held_back


async def test_fifty_questions_in_ten_seconds_get_the_limit_and_one_notice(
    api: BotApiServer, library: Library
) -> None:
    """With the shipped limits (20 a minute): 20 answers, one notice, and another chat not held
    up. Not timed: the flooder's sends are refused until the other chat has its answer, so the
    other chat is answered only if nothing of the flooder's stands in its way."""
    settings = settings_for(api)
    per_user = settings.limits.questions_per_user
    async with started(build_application(settings, library)):
        flooder, other = api.private_chat(501), api.private_chat(502)
        held = HeldBack(api, 501, 502)
        for n in range(50):
            api.send_text(flooder, QUESTION)
            if n == 25:
                api.send_text(other, "Who is the ICC prosecutor?")
            await asyncio.sleep(0.01)
        try:  # a deadline, not a speed bound: held up, the other chat would wait for ever
            await api.until(lambda: api.sent(502))
        finally:
            held.released.set()  # or the stop waits out the flooder's five minutes of retries
        await api.until(lambda: len(api.sent(501)) >= per_user + 1)
        await asyncio.sleep(0.5)  # anything more would arrive now
    texts = [visible_text(m["text"]) for m in api.sent(501)]
    [notice] = notices(texts)
    assert len(texts) == per_user + 1
    assert sum("660,000" in t for t in texts) == per_user
    assert "wait 60 s" in notice or "wait 59 s" in notice
    assert held.refused, "the flooder's answers were never held back: the test proved nothing"
    print(f"\nflood: 50 sent, {per_user} answered + 1 notice; {held.refused} sends held back")


async def test_a_flooder_is_answered_again_once_the_window_passes(
    api: BotApiServer, library: Library
) -> None:
    settings = limited(api, questions_per_user=3, per_seconds=1.5)
    async with started(build_application(settings, library)):  # type: ignore[arg-type]
        chat = api.private_chat(511)
        for _ in range(10):
            api.send_text(chat, QUESTION)
        await api.until(lambda: len(api.sent(511)) >= 4)
        await asyncio.sleep(1.6)
        api.send_text(chat, QUESTION)
        await api.until(lambda: len(api.sent(511)) >= 5)
        await asyncio.sleep(0.3)
    texts = [visible_text(m["text"]) for m in api.sent(511)]
    assert len(texts) == 5 and len(notices(texts)) == 1
    assert "660,000" in texts[-1]


async def test_groups_have_a_chat_limit_and_chatter_does_not_count(
    api: BotApiServer, library: Library
) -> None:
    settings = limited(api, questions_per_user=5, questions_per_group=8, per_seconds=60)
    async with started(build_application(settings, library)):  # type: ignore[arg-type]
        group = api.group_chat(-5001)
        talker = api.user(5100, "Bob")
        for _ in range(30):  # other people's conversation: no reply, no count
            api.send_text(group, "did you see the news today", sender=talker)
        api.send_text(group, f"/ask {QUESTION}", sender=talker)
        await api.until(lambda: api.sent(-5001))
        flooder = api.user(5101, "Eve")
        for _ in range(10):
            api.send_text(group, f"/ask@{api.bot['username']} {QUESTION}", sender=flooder)
        await api.until(lambda: len(api.sent(-5001)) >= 7)  # 1 + 5 answers + 1 notice
        for n in range(10):  # ten more people: the group has 8 - 6 = 2 answers left
            api.send_text(group, f"@{api.bot['username']} {QUESTION}", sender=api.user(5200 + n))
        await api.until(lambda: len(api.sent(-5001)) >= 10)
        await asyncio.sleep(0.5)
    texts = [visible_text(m["text"]) for m in api.sent(-5001)]
    assert len(texts) == 10
    assert sum("660,000" in t for t in texts) == 8
    user_notice, group_notice = notices(texts)
    assert group_notice.startswith(GROUP_NOTICE.split("{")[0]) and "5101" not in group_notice
    assert "You’re asking faster" in user_notice
    flood_replies = [m for m in api.sent(-5001) if "reply_parameters" in m]
    assert len(flood_replies) == 10  # every reply in a group quotes its question


async def test_inline_floods_get_a_button_then_nothing(api: BotApiServer, library: Library) -> None:
    settings = limited(api, questions_per_user=2, per_seconds=60)
    allowed = 2 * LimitSettings().inline_factor
    async with started(build_application(settings, library)):  # type: ignore[arg-type]
        typist = api.user(5300)
        for _ in range(allowed + 5):
            api.inline_query(typist, "Who is Karim Khan?")
        await api.until(lambda: len(api.calls_to("answerInlineQuery")) >= allowed + 1)
        await asyncio.sleep(0.5)
    calls = api.calls_to("answerInlineQuery")
    assert len(calls) == allowed + 1
    with_button = [c for c in calls if c.params.get("button")]
    [notice] = with_button
    assert notice.params["results"] == [] and "wait" in notice.params["button"]["text"]


async def test_button_presses_count_too(api: BotApiServer, library: Library) -> None:
    settings = limited(api, questions_per_user=4, per_seconds=60)
    async with started(build_application(settings, library)):  # type: ignore[arg-type]
        chat = api.private_chat(521)
        api.send_text(chat, "What did the Kremlin say about war crimes?")
        [answer] = await api.until(lambda: api.sent(521))
        message = api.messages[(521, 2)]
        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        presses = [api.press(message, data) for _ in range(10)]
        await api.until(lambda: len(api.calls_to("answerCallbackQuery")) >= 4)
        await asyncio.sleep(0.5)
    toasts = [c.params.get("text") for c in api.calls_to("answerCallbackQuery")]
    assert len(toasts) == 4  # 3 presses answered (the question was the 1st of 4), 1 notice
    assert sum(1 for t in toasts if t and "wait" in t) == 1
    assert len(api.calls_to("editMessageText", ok=None)) == 3  # the same press: "not modified"
    assert answer and len(presses) == 10
