"""The answer cache keeps no index alive; the chat queue keeps each chat's answers in order;
the vote buttons fit."""

from __future__ import annotations

import asyncio
import gc

from bot.answering import Answerer
from bot.config import RetrievalSettings, StateSettings
from bot.knowledge import load_folder
from bot.state import State
from bot.telegram.answers import AnswerCache, ChatQueue
from bot.telegram.feedback import _VOTE_DATA, vote_row
from tests.conftest import KNOWLEDGE


def test_a_cached_answer_does_not_keep_its_answerer_alive(retrieval: RetrievalSettings) -> None:
    cache = AnswerCache()
    answerer = Answerer(load_folder(KNOWLEDGE), retrieval)
    answer = answerer.answer("How many people have fled Ukraine?")
    key = cache.add(answerer, answer)
    assert cache.get(key) == (answerer, answer)
    del answerer
    gc.collect()
    assert cache.get(key) == (None, answer)  # the button then says the articles changed
    assert cache.get("nope") is None


async def test_each_chat_sends_in_the_order_its_questions_came() -> None:
    queue = ChatQueue()
    sent: list[str] = []

    async def reply(chat: int, name: str, work: float) -> None:
        async with queue.place(chat) as turn:
            await asyncio.sleep(work)  # working the answer out: the later ones are quicker
            await turn()
            sent.append(name)

    await asyncio.gather(
        reply(1, "1a", 0.06),
        reply(1, "1b", 0.03),
        reply(2, "2a", 0.01),  # another chat is not held up by chat 1
        reply(1, "1c", 0.0),
    )
    assert sent == ["2a", "1a", "1b", "1c"]
    assert len(queue) == 0  # nothing is kept once a chat's queue is empty


async def test_a_failed_send_lets_the_next_one_go() -> None:
    queue = ChatQueue()
    sent: list[str] = []

    async def failing() -> None:
        async with queue.place(1) as turn:
            await turn()
            raise RuntimeError("Telegram refused it")

    async def next_one() -> None:
        async with queue.place(1) as turn:
            await turn()
            sent.append("next")

    results = await asyncio.gather(failing(), next_one(), return_exceptions=True)
    assert isinstance(results[0], RuntimeError) and sent == ["next"]


def test_vote_buttons_fit_telegrams_64_bytes_and_read_back() -> None:
    state = State(StateSettings())
    for update_id, chat_id in ((1, 1), (2**63 - 1, -(10**13))):  # beyond any real id
        row = vote_row(state, update_id, chat_id)
        for button, sign in zip(row, "+-", strict=True):
            data = str(button.callback_data)
            assert len(data.encode()) <= 37 and data.endswith(f":{sign}")
            match = _VOTE_DATA.match(data)
            assert match and int(match.group(1), 16) == update_id
            assert match.group(2) == state.vote_tag(update_id, chat_id)
    state.close()
