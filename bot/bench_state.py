"""What the state database costs an answer: the writes the Telegram bot makes per question
(journal the update, count it in the flood window, log it, mark the update done), timed
against a real SQLite file in WAL mode, beside the answer itself (`python -m bot bench`)."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.answering import Answerer
from bot.config import StateSettings
from bot.state import State
from bot.stats import QuestionLog

PAYLOAD_CHARS = 600  # about the size of a private text message update as JSON


def state_cost(answerer: Answerer, questions: Sequence[str], rounds: int = 3) -> dict[str, float]:
    """Median and p99 milliseconds of one answer without and with the state writes, and of
    the writes alone."""
    with tempfile.TemporaryDirectory() as folder:
        state = State(StateSettings(path=str(Path(folder) / "bench.db")))
        log = QuestionLog(state)
        plain: list[float] = []
        logged: list[float] = []
        writes: list[float] = []
        update_id = 0
        for question in questions:  # warm-up
            answerer.answer(question)
        for _ in range(rounds):
            for question in questions:
                started = time.perf_counter()
                answerer.answer(question)
                plain.append(time.perf_counter() - started)

                update_id += 1
                payload = json.dumps({"update_id": update_id, "text": question}).ljust(
                    PAYLOAD_CHARS
                )
                started = time.perf_counter()
                state.journal_add(update_id, payload, time.time())
                state.flood_add("user", update_id % 50, time.time())
                journalled = time.perf_counter()
                answer = answerer.answer(question)
                answered = time.perf_counter()
                state.log(
                    log.asked(answer, chat_type="private", user_id=update_id % 50, seconds=0.001)
                )
                state.journal_done(update_id, time.time())
                done = time.perf_counter()
                logged.append(done - started)
                writes.append(journalled - started + done - answered)
        state.close()
    ms = {
        name: np.array(values) * 1000
        for name, values in (("plain", plain), ("logged", logged), ("writes", writes))
    }
    result = {}
    for name, values in ms.items():
        result[f"{name}_p50"] = float(np.percentile(values, 50))
        result[f"{name}_p99"] = float(np.percentile(values, 99))
    result["added_p50"] = result["logged_p50"] - result["plain_p50"]
    return result


def format_cost(cost: dict[str, float]) -> str:
    return (
        f"state database (SQLite, WAL): an answer p50 {cost['plain_p50']:.3f} ms without the"
        f" writes, {cost['logged_p50']:.3f} ms with them (+{cost['added_p50']:.3f} ms);"
        f" the 4 writes alone p50 {cost['writes_p50']:.3f} ms, p99 {cost['writes_p99']:.3f} ms"
    )
