"""Durable state against the stand-in Bot API: questions, votes and declines survive a
restart and show in /stats with its chart; only admins see stats; /forget; journalling."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.config import KnowledgeSettings, LimitSettings, Settings, StateSettings
from bot.library import Library
from bot.state import State
from bot.telegram.app import build_application
from bot.telegram.feedback import CHANGED, GONE, SAME, THANKS
from bot.telegram.retry import RetryingRateLimiter

from .botapi import PNG, BotApiServer
from .conftest import KNOWLEDGE, settings_for, started
from .telegram_html import visible_text
from .test_resilience import burst

ADMIN, READER, OTHER = 4242, 501, 502
FLED = "How many people have fled Ukraine?"
GAP = "What is the capital of France?"


def state_settings(api: BotApiServer, tmp_path: Path) -> Settings:
    return dataclasses.replace(
        settings_for(api), admins=(ADMIN,), state=StateSettings(path=str(tmp_path / "state.db"))
    )


async def reply_to(api: BotApiServer, user: int, text: str) -> dict[str, Any]:
    before = len(api.sent(user))
    api.send_text(api.private_chat(user), text)
    await api.until(lambda: len(api.sent(user)) > before)
    message_id = max(m for c, m in api.messages if c == user)
    return api.messages[(user, message_id)]


def vote_buttons(message: dict[str, Any]) -> dict[str, str]:
    last = message["reply_markup"]["inline_keyboard"][-1]
    return {b["text"]: b["callback_data"] for b in last}


async def press(api: BotApiServer, message: dict[str, Any], data: str, user: int) -> str:
    query = api.press(message, data, sender=api.user(user))
    calls = await api.until(
        lambda: [
            c for c in api.calls_to("answerCallbackQuery") if c.params["callback_query_id"] == query
        ]
    )
    return str(calls[0].params.get("text"))


async def test_log_and_votes_survive_a_restart_and_show_in_stats_with_a_chart(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    settings = state_settings(api, tmp_path)
    async with started(build_application(settings, library)):
        answer = await reply_to(api, READER, FLED)
        votes = vote_buttons(answer)
        assert await press(api, answer, votes["👎"], READER) == THANKS.format(mark="👎")
        assert await press(api, answer, votes["👎"], READER) == SAME.format(mark="👎")
        assert await press(api, answer, votes["👍"], OTHER) == THANKS.format(mark="👍")
        for user in (READER, OTHER):
            declined = await reply_to(api, user, GAP)
            assert "reply_markup" not in declined  # a decline is not rated
    async with started(build_application(settings, library)):  # a restart: a new process
        answer_again = api.messages[(READER, answer["message_id"])]
        assert await press(api, answer_again, votes["👍"], READER) == CHANGED.format(mark="👍")
        await reply_to(api, READER, "Who is the ICC prosecutor?")
        refused = await reply_to(api, READER, "/stats")
        assert "only the bot’s admins" in visible_text(refused["text"])
        assert not api.calls_to("sendPhoto")
        report = await reply_to(api, ADMIN, "/stats")
        photo = (await api.until(lambda: api.calls_to("sendPhoto")))[0]
    text = visible_text(report["text"])
    assert "Since the start: 4 asked, 2 answered (50%), 2 declined" in text
    assert f"1. “{GAP}” — 2×" in text
    assert "Ratings: 2 👍, 0 👎" in text
    assert photo.params["chat_id"] == ADMIN and photo.params["photo"].startswith(PNG)
    assert "content gaps" in photo.params["caption"]


async def test_worst_rated_answers_are_listed(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    settings = state_settings(api, tmp_path)
    async with started(build_application(settings, library)):
        answer = await reply_to(api, READER, "Who is the ICC prosecutor?")
        await press(api, answer, vote_buttons(answer)["👎"], READER)
        report = await reply_to(api, ADMIN, "/stats")
    lines = visible_text(report["text"]).splitlines()
    at = lines.index("Worst rated answers:")
    assert lines[at + 1].startswith("1. 1 👎 0 👍: Who is the ICC prosecutor? -> paragraph ")
    assert "of “Kremlin" in lines[at + 1]


async def test_forget_deletes_the_readers_questions_and_votes(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    settings = state_settings(api, tmp_path)
    async with started(build_application(settings, library)):
        answer = await reply_to(api, READER, FLED)
        await press(api, answer, vote_buttons(answer)["👍"], READER)
        await reply_to(api, READER, GAP)
        other = await reply_to(api, OTHER, FLED)
        await press(api, other, vote_buttons(other)["👎"], OTHER)
        done = await reply_to(api, READER, "/forget")
        assert "deleted 2 question(s) you asked and 1 rating(s)" in visible_text(done["text"])
        assert await press(api, answer, vote_buttons(answer)["👍"], OTHER) == GONE
        report = await reply_to(api, ADMIN, "/stats")
    text = visible_text(report["text"])
    assert "Since the start: 1 asked, 1 answered (100%), 0 declined" in text
    assert "Ratings: 0 👍, 1 👎" in text and GAP not in text


async def test_every_update_is_journalled_and_marked_done(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    settings = state_settings(api, tmp_path)
    async with started(build_application(settings, library)):
        for n in range(5):
            await reply_to(api, READER + n, FLED)
    db = sqlite3.connect(tmp_path / "state.db")
    rows = db.execute("SELECT update_id, done FROM journal ORDER BY update_id").fetchall()
    assert len(rows) == 5 and all(done is not None for _, done in rows)


async def test_undone_updates_are_answered_at_start_and_once(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    """An update a killed process journalled (so before Telegram heard it arrived) but
    did not answer is answered at the next start, once, although Telegram delivers
    it again."""
    settings = state_settings(api, tmp_path)
    message = api.message(api.private_chat(READER), None, FLED)
    update_id = api.feed("message", message)  # Telegram still holds it: not acknowledged
    dead = f"{os.uname().nodename}:not-a-pid"  # the killed process, on this host
    State(settings.state).close()  # the file as the killed process left it
    db = sqlite3.connect(tmp_path / "state.db", isolation_level=None)
    db.execute(
        "INSERT INTO journal (update_id, payload, owner, received) VALUES (?, ?, ?, 0)",
        (update_id, json.dumps({"update_id": update_id, "message": message}), dead),
    )
    async with started(build_application(settings, library)):
        await api.until(lambda: api.sent(READER))
        await api.until(lambda: api.confirmed_offset > update_id)  # delivered again meanwhile
        await reply_to(api, OTHER, FLED)  # later than the re-delivered copy
    assert len(api.sent(READER)) == 1
    [(done,)] = db.execute("SELECT done FROM journal WHERE update_id=?", (update_id,)).fetchall()
    assert done is not None


async def test_a_journalled_update_that_cannot_be_read_is_dropped_not_fatal(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    """A journal row python-telegram-bot cannot read back (damaged, or written by another
    version of it) failed the start, and, left undone, every start after it."""
    settings = state_settings(api, tmp_path)
    good = api.message(api.private_chat(READER), None, FLED)
    State(settings.state).close()
    db = sqlite3.connect(tmp_path / "state.db", isolation_level=None)
    dead = f"{os.uname().nodename}:not-a-pid"
    for update_id, payload in ((5, {"message": {"text": "no date, no chat"}}), (6, {"message": good})):
        db.execute(
            "INSERT INTO journal (update_id, payload, owner, received) VALUES (?, ?, ?, 0)",
            (update_id, json.dumps({"update_id": update_id, **payload}), dead),
        )
    async with started(build_application(settings, library)):
        await api.until(lambda: api.sent(READER))  # the readable one is answered
        await reply_to(api, OTHER, FLED)
    rows = db.execute("SELECT payload, done IS NOT NULL FROM journal WHERE update_id IN (5, 6)")
    assert rows.fetchall() == [("", 1), ("", 1)]  # both done, their text dropped


class LockedOnce(State):
    """A state database another process holds locked past the busy timeout, once."""

    failed = False

    def journal_add(self, update_id: int, payload: str, now: float) -> bool:
        if not self.failed:
            self.failed = True
            raise sqlite3.OperationalError("database is locked")
        return super().journal_add(update_id, payload, now)


async def test_a_journal_write_that_fails_leaves_the_update_unacknowledged_and_polling_on(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    """python-telegram-bot's polling loop retries only Telegram's errors: the SQLite error
    out of the queue's put ended it, and the bot, still running, never fetched again."""
    settings = state_settings(api, tmp_path)
    state = LockedOnce(settings.state)
    async with started(build_application(settings, library, state=state)):
        message = api.message(api.private_chat(READER), None, FLED)
        update_id = api.feed("message", message)
        await api.until(lambda: api.sent(READER), timeout=20)
        assert state.failed
        await api.until(lambda: api.confirmed_offset > update_id)  # once journalled
        await reply_to(api, OTHER, FLED)  # polling goes on
    assert len(api.sent(READER)) == 1


class Unwritable(State):
    """A state database whose every write of the question log, the flood windows and the
    journal's done mark fails (locked by another process past the busy timeout, or a full
    disk)."""

    def log(self, asked: Any) -> int:
        raise sqlite3.OperationalError("database is locked")

    def flood_add(self, guard: str, key: int, at: float) -> None:
        raise sqlite3.OperationalError("database is locked")

    def journal_done(self, update_id: int, now: float) -> None:
        raise sqlite3.OperationalError("database is locked")


async def test_the_answer_is_sent_though_the_question_log_cannot_be_written(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    """The reader's answer does not hang on the log: it went unsent, and the failed flood
    window and done mark each sent "Sorry, something went wrong" too. The answer does not
    wait for its line, so it has vote buttons; a vote on a line never written is refused."""
    settings = state_settings(api, tmp_path)
    async with started(build_application(settings, library, state=Unwritable(settings.state))):
        answer = await reply_to(api, READER, FLED)
        inline = api.inline_query(api.user(READER), FLED)
        await api.until(lambda: api.calls_to("answerInlineQuery"))
        await reply_to(api, OTHER, FLED)  # after READER's: any apology would be sent by now
        assert await press(api, answer, vote_buttons(answer)["👍"], READER) == GONE
    assert "660,000" in answer["text"]
    assert [m["text"] for m in api.sent(READER)] == [answer["text"]]
    assert inline and api.calls_to("answerInlineQuery")[0].params["results"]


@pytest.mark.parametrize("limits", ["telegram", "none"])
async def test_burst_of_200_with_the_state_database_on_disk(
    api: BotApiServer, library: Library, tmp_path: Path, limits: str
) -> None:
    """test_resilience's burst with every update journalled, counted and logged in a file:
    each question answered exactly once; the rate is printed beside that test's."""
    limiter = (
        RetryingRateLimiter()
        if limits == "telegram"
        else RetryingRateLimiter(overall_max_rate=0, group_max_rate=0)
    )
    settings = state_settings(api, tmp_path)
    async with started(build_application(settings, library, rate_limiter=limiter)):
        elapsed = await burst(api, library, chats=40, per_chat=5)
    db = sqlite3.connect(tmp_path / "state.db")
    [(logged, undone)] = db.execute(
        "SELECT (SELECT COUNT(*) FROM questions), (SELECT COUNT(*) FROM journal WHERE done IS NULL)"
    ).fetchall()
    assert (logged, undone) == (200, 0)
    print(f"\nburst with SQLite state ({limits} rate limits): {200 / elapsed:.1f} q/s")


async def test_remove_confirmation_and_flood_window_survive_a_restart(
    api: BotApiServer, tmp_path: Path
) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / "extra.md").write_text(
        "---\ntitle: The extra article\nsource: Test Times\nurl: https://example.com/x\n"
        "published: 2022-03-01\n---\n\nThe mayor opened the quillobar bridge on Friday.\n",
        encoding="utf-8",
    )
    settings = dataclasses.replace(
        state_settings(api, tmp_path),
        knowledge=KnowledgeSettings(path=folder),
        limits=LimitSettings(questions_per_user=2, per_seconds=60),
    )
    library = Library(settings)
    async with started(build_application(settings, library)):
        prompt = await reply_to(api, ADMIN, "/remove extra.md")
        for _ in range(2):
            await reply_to(api, READER, FLED)
        notice = await reply_to(api, READER, FLED)
        assert "wait" in visible_text(notice["text"])
    async with started(build_application(settings, Library(settings))):  # a restart
        remove = prompt["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        assert await press(api, prompt, remove, ADMIN) == "Removing…"
        await api.until(lambda: not (folder / "extra.md").exists())
        before = len(api.sent(READER))
        api.send_text(api.private_chat(READER), FLED)  # still over the limit: silence
        await reply_to(api, OTHER, FLED)  # answered after the reader's was handled
        await asyncio.sleep(0.3)
        assert len(api.sent(READER)) == before


HOLD = 6.0  # seconds another connection holds the write lock: under state.busy_timeout (10)


async def test_a_locked_database_stalls_no_chat_and_loses_nothing(
    api: BotApiServer, library: Library, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Another connection (another process's long transaction) holds the state's write lock
    while four chats' journalled questions are answered: their flood windows, log lines and
    done marks wait for it off the event loop, so each chat is answered at once, not after
    the lock (every write used to wait on the loop, up to state.busy_timeout, stalling every
    chat); a question arriving meanwhile cannot be journalled, so it is not acknowledged and
    is fetched again until it can; once the lock is freed, everything is written and the
    vote buttons count."""
    settings = state_settings(api, tmp_path)
    chats = [600 + n for n in range(4)]
    State(settings.state).close()
    other = sqlite3.connect(tmp_path / "state.db", isolation_level=None, check_same_thread=False)
    dead = f"{os.uname().nodename}:not-a-pid"  # a killed process left them journalled
    for chat in chats:
        message = api.message(api.private_chat(chat), None, FLED)
        update_id = api.feed("message", message)
        other.execute(
            "INSERT INTO journal (update_id, payload, owner, received) VALUES (?, ?, ?, 0)",
            (update_id, json.dumps({"update_id": update_id, "message": message}), dead),
        )
    locked: list[float] = []

    def lock() -> None:
        other.execute("BEGIN IMMEDIATE")  # the write lock, held from another connection
        locked.append(time.monotonic())

    release = threading.Timer(HOLD, other.execute, ("COMMIT",))
    async with started(build_application(settings, library), ready=lock):
        release.start()
        try:
            await api.until(lambda: all(api.sent(chat) for chat in chats))
            answered_in = time.monotonic() - locked[0]
            still_locked = other.in_transaction
            latecomer = await reply_to(api, OTHER, FLED)  # journalled once the lock is freed
        finally:
            release.join()
        assert "660,000" in latecomer["text"]
        answer = api.messages[max(key for key in api.messages if key[0] == chats[0])]
        assert await press(api, answer, vote_buttons(answer)["👍"], chats[0]) == THANKS.format(
            mark="👍"
        )
    print(f"\nfour chats answered {answered_in:.2f} s after the state was locked for {HOLD} s")
    assert still_locked and answered_in < HOLD / 2, f"answered {answered_in:.2f} s after the lock"
    assert [len(api.sent(chat)) for chat in chats] == [1] * len(chats)
    [(logged, flood, undone, votes)] = other.execute(
        "SELECT (SELECT COUNT(*) FROM questions), (SELECT COUNT(*) FROM flood),"
        " (SELECT COUNT(*) FROM journal WHERE done IS NULL), (SELECT COUNT(*) FROM votes)"
    ).fetchall()
    assert (logged, flood, undone, votes) == (5, 6, 0, 1)  # 5 questions and a press counted
    unwritten = ("not logged", "not saved", "not marked done")  # each write waited, then made
    assert not [r for r in caplog.records if any(w in r.getMessage() for w in unwritten)]


async def test_forged_and_replayed_vote_buttons_are_refused_or_counted_once(
    api: BotApiServer, library: Library, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A button's data is whatever a client sends: a vote must name an answer this bot sent
    into the chat it is pressed in. It named the question log's row number (v:1:+), so
    anyone could rate any logged answer, another chat's too, from any message."""
    settings = state_settings(api, tmp_path)
    async with started(build_application(settings, library)):
        mine = await reply_to(api, READER, FLED)
        theirs = await reply_to(api, OTHER, FLED)
        real = vote_buttons(theirs)["👎"]
        forged = [
            "v:1:+",  # the first logged answer by its row number: READER's
            "v:2:-",
            real,  # OTHER's real button, pressed under READER's answer: another chat's
            real[:-3] + "0" + real[-2:],  # its signature changed
            "v:ffffffff:0123456789abcdef:+",  # a made-up update and signature
            "v:" + "1" * 10_000 + ":+",  # huge
            "v:1:+' OR 1=1 --forged-text",
        ]
        for data in forged:
            assert await press(api, mine, data, READER) == GONE, data
        assert await press(api, mine, vote_buttons(mine)["👍"], READER) == THANKS.format(mark="👍")
        for _ in range(2):  # the same press replayed: counted once
            assert await press(api, mine, vote_buttons(mine)["👍"], READER) == SAME.format(
                mark="👍"
            )
    db = sqlite3.connect(tmp_path / "state.db")
    assert db.execute("SELECT COUNT(*), SUM(vote) FROM votes").fetchall() == [(1, 1)]
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("state.db*"))
    assert b"forged-text" not in stored
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
