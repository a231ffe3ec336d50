"""Nothing lost on a crash: every update is journalled before Telegram hears it arrived.

python-telegram-bot's Updater puts each fetched batch on the application's update
queue, and only then moves its getUpdates offset past the batch: the next getUpdates
call is what tells Telegram the updates were delivered (a webhook's POST is answered
after the put, too). So the queue's `put` is the hook: `JournalQueue.put` writes the
update to the state database before it returns. It writes on the event loop, as the
put must not pause: python-telegram-bot cancels its polling task at a stop wherever
it waits, and a batch cut short after some of its updates were queued is not
confirmed, so Telegram delivers them again (with the journal in memory they were
answered twice). It waits at most `JOURNAL_WAIT` for the file: one another process
holds locked fails the put (below) instead of stalling every chat. The other writes
go to the database's thread (bot/database.py). `JournalProcessor` marks it done once
its handlers have finished, i.e. once its reply was sent (handed to the database's
thread after the question's log line, not waited for). At start `replay` queues the
updates a killed process left undone. An update already in the journal (Telegram re-
delivering one whose acknowledgement the kill prevented) is not queued twice. An
update whose reader got nothing, neither the answer nor the apology (Telegram
unreachable for both, each retried for `telegram.send_retry_seconds`;
bot/telegram/errors.py calls `reader_unreached`), stays undone and is handled again
at once, while the bot runs, up to `MAX_ATTEMPTS` in all, counted in the journal
across restarts too (a process killed by an update is not restarted into it for
ever); then it is given up, marked done with an error logged. Once python-telegram-
bot's stop signal is queued it is left undone for the next start instead: nothing
queued after the signal is read, and the stop waits for every queued item (it waited
for ever). One whose reader was told, or that Telegram refused (a reader who blocked
the bot), is done: handling it again would answer twice. A reply Telegram received
just before a kill, not yet marked done, is sent again after the restart
(docs/security.md). An update the journal cannot take (the database locked past
`JOURNAL_WAIT`, a full disk) raises `JournalError`: the batch is not acknowledged,
and python-telegram-bot's polling loop, which retries Telegram's errors alone (any
other ended it: the bot ran on and never fetched again), asks for it again.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import sqlite3
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import SimpleUpdateProcessor

from bot.state import State
from bot.state_delivery import MAX_ATTEMPTS

log = logging.getLogger(__name__)

JOURNAL_WAIT = 0.05  # seconds an update's journal entry waits for the file, on the loop


@dataclass
class Handling:
    """The update whose handlers are running, and whether its reader got nothing."""

    update_id: int
    unreached: bool = False


# Set by JournalProcessor for the task handling an update (its handlers and the error
# handler run in it): the question log keys on the id, so a replayed update is counted once.
_CURRENT: contextvars.ContextVar[Handling | None] = contextvars.ContextVar("update", default=None)


def current_update() -> int | None:
    """The id of the update being handled in this task, None outside one."""
    handling = _CURRENT.get()
    return None if handling is None else handling.update_id


def reader_unreached() -> None:
    """The update being handled reached its reader with nothing, not even an apology, as
    Telegram was unreachable: it is handled again (JournalProcessor)."""
    handling = _CURRENT.get()
    if handling is not None:
        handling.unreached = True


class JournalError(TelegramError):
    """An update could not be journalled, so it is not acknowledged: polling retries it."""


class JournalQueue(asyncio.Queue[object]):
    """The application's update queue, writing each new update to the journal first."""

    def __init__(self, state: State):
        super().__init__()
        self.state = state
        # python-telegram-bot's stop signal was queued (the one item not an Update): nothing
        # queued after it is read, and its stop waits until every queued item is done
        self.stopping = False

    async def put(self, item: object) -> None:
        if not isinstance(item, Update):
            self.stopping = True
        else:
            payload = json.dumps(item.to_dict(), ensure_ascii=False, separators=(",", ":"))
            state = self.state
            try:
                fresh = state.at_once(
                    state.journal_add, item.update_id, payload, time.time(), wait=JOURNAL_WAIT
                )
            except sqlite3.Error as exc:
                raise JournalError(f"cannot journal update {item.update_id}: {exc}") from exc
            if not fresh:
                log.info("update %d is already journalled; not answering it twice", item.update_id)
                return
        await super().put(item)

    async def replay(self, bot: Bot) -> int:
        """Queue the updates a stopped or killed process journalled but did not finish."""
        state = self.state
        self.stopping = False  # a start
        undone, given_up = await state.run(state.journal_take_undone, time.time())
        for update_id in given_up:
            log.error(
                "update %d given up: handled %d times, never answered", update_id, MAX_ATTEMPTS
            )
        for update_id, payload in undone:
            try:
                update = Update.de_json(json.loads(payload), bot)
            except Exception as exc:  # damaged, or another version's: it must not stop a start
                log.warning("update %d in the journal cannot be read (%r); dropped", update_id, exc)
                state.later(
                    state.journal_done,
                    update_id,
                    time.time(),
                    failed=f"update {update_id} dropped but not marked done",
                )
                continue
            await super().put(update)  # already journalled: straight onto the queue
        if undone:
            log.info("answering %d update(s) left unanswered by the last run", len(undone))
        return len(undone)

    async def again(self, update: Update) -> None:
        """Handle `update`, whose reader got nothing, once more, unless it had its attempts
        or the application is stopping (then the next start does)."""
        state = self.state
        if self.stopping:
            log.warning(
                "update %d reached no one; stopping: left to the next start", update.update_id
            )
            return
        try:
            more = await state.run(state.journal_again, update.update_id, time.time())
        except sqlite3.Error as exc:  # left undone: the next start adopts it
            log.warning("update %d reached no one and cannot be retried: %s", update.update_id, exc)
            return
        if not more:
            log.error(
                "update %d given up: handled %d times, never answered",
                update.update_id,
                MAX_ATTEMPTS,
            )
            return
        if self.stopping:  # meanwhile: this attempt is counted, the next start makes it
            log.warning(
                "update %d reached no one; stopping: left to the next start", update.update_id
            )
            return
        log.warning(
            "update %d reached no one (Telegram unreachable); handling it again", update.update_id
        )
        self.put_nowait(update)  # already journalled; no pause between the check and the put


class JournalProcessor(SimpleUpdateProcessor):
    """Processes updates concurrently, like SimpleUpdateProcessor, then marks each done, or
    queues again one whose reader got nothing."""

    def __init__(self, max_concurrent_updates: int, queue: JournalQueue):
        super().__init__(max_concurrent_updates)
        self.queue = queue
        self.state = queue.state

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        handling = Handling(update.update_id)
        _CURRENT.set(handling)  # this task's context: its handlers see it
        await coroutine  # handler errors are handled inside (the error handler logs them)
        if handling.unreached:  # a cancelled one stays undone too, and is replayed
            await self.queue.again(update)
            return
        self.state.later(  # after its log line; a failure costs the reader nothing
            self.state.journal_done,
            update.update_id,
            time.time(),
            failed=f"update {update.update_id} answered but not marked done"
            " (a restart answers it again)",
        )
