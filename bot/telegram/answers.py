"""Answer messages: the passage, its buttons, and "Another passage" callbacks.

Callback data must fit in 64 bytes, so a button carries only a short key into
a bounded cache of recent answers plus the passage index to show. Keys hold a
random per-process prefix: after a restart, or once an answer falls out of
the cache, or after a reload swapped the knowledge, a button gets a polite
toast instead of a wrong passage.

The cache holds the answerer of each answer only weakly: an answer kept for
its button must not keep the index it came from alive after a reload
swapped that index out (20 reloads of 6k passages grew the process by
400 MiB when it did).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import re
import secrets
import time
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.answering import Answer, Answerer
from bot.config import ConversationSettings
from bot.conversation import Reply, respond
from bot.library import Library
from bot.render import TELEGRAM_LIMIT, hit_html, is_web_url, to_html
from bot.stats import QuestionLog
from bot.telegram.chats import sender_id
from bot.telegram.feedback import vote_row, with_votes
from bot.telegram.journal import current_update
from bot.telegram.threads import Threads

MORE_PREFIX = "p"
_MORE_DATA = re.compile(rf"^{MORE_PREFIX}:([0-9a-z]{{1,40}}):([0-9]{{1,3}})$")

STALE_TOAST = "This button has expired. Please ask your question again."
UPDATED_TOAST = "The articles were updated since this answer. Please ask again."


class AnswerCache:
    """The most recent answers by key, oldest dropped first.

    Each answer is kept with a weak reference to the answerer that made it,
    so that the cache never keeps a swapped-out index alive.
    """

    def __init__(self, size: int = 2048):
        self.size = size
        self._prefix = secrets.token_hex(3)
        self._counter = itertools.count(1)
        self._items: OrderedDict[str, tuple[weakref.ref[Answerer], Answer]] = OrderedDict()

    def add(self, answerer: Answerer, answer: Answer) -> str:
        key = f"{self._prefix}{next(self._counter):x}"
        self._items[key] = (weakref.ref(answerer), answer)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> tuple[Answerer | None, Answer] | None:
        """The answer under `key` and its answerer, None once that answerer is gone."""
        entry = self._items.get(key)
        return None if entry is None else (entry[0](), entry[1])

    def __len__(self) -> int:
        return len(self._items)


def answer_keyboard(
    key: str | None,
    answer: Answer,
    index: int,
    votes: list[InlineKeyboardButton] | None = None,
) -> InlineKeyboardMarkup | None:
    """The "Another passage" button (cycling through the hits) and the article link;
    `votes` (the 👍/👎 buttons) below them."""
    if not answer.hits:
        return None
    row: list[InlineKeyboardButton] = []
    count = len(answer.hits)
    if key is not None and count > 1:
        following = (index + 1) % count
        label = (
            f"Another passage ({following + 1}/{count})"
            if following
            else "Back to the best passage"
        )
        row.append(InlineKeyboardButton(label, callback_data=f"{MORE_PREFIX}:{key}:{following}"))
    url = answer.hits[index].passage.article.url
    if is_web_url(url):
        row.append(InlineKeyboardButton("Read the article", url=url))
    rows = [row] if row else []
    if votes:
        rows.append(votes)
    return InlineKeyboardMarkup(rows) if rows else None


def passage_html(answer: Answer, index: int) -> str:
    """Hit number `index` of an answer; the ones after the best say which they are."""
    if index == 0:  # the best passage: the short answer leads
        return hit_html(answer.hits[0], short=answer.short)
    header = f"<i>Passage {index + 1} of {len(answer.hits)}</i>\n\n"
    return header + hit_html(answer.hits[index], limit=TELEGRAM_LIMIT - len(header))


def logged(
    log: QuestionLog | None, answer: Answer, chat_type: str, user_id: int, seconds: float
) -> int | None:
    """Hand the question of the update being handled to `log`: the line is written on the
    state database's thread, in order, and the answer does not wait for it (a file another
    process holds locked delays the line, not the reader; one it cannot take is a warning).
    The update's id, which the vote buttons name; None without a log or outside an update."""
    if log is None:
        return None
    update_id = current_update()
    asked = log.asked(
        answer, chat_type=chat_type, user_id=user_id, seconds=seconds, update_id=update_id
    )
    log.state.later(log.state.log, asked, failed="a question was answered but not logged")
    return update_id


class ChatQueue:
    """Each chat's answers leave in the order its questions came, one after the other.

    Answers are worked out side by side, but during a Telegram outage each send
    is retried for minutes (bot.telegram.retry): without a queue, a later
    answer whose retry happens to land first would overtake an earlier one.
    A place is taken when the question arrives (handlers start in update
    order) and the send waits until every earlier answer in the chat has been
    sent or has failed.
    """

    def __init__(self) -> None:
        self._last: dict[int, asyncio.Event] = {}  # chat id -> the latest place's "done"

    @contextlib.asynccontextmanager
    async def place(self, chat_id: int) -> AsyncIterator[Callable[[], Awaitable[None]]]:
        """A place in the chat's queue; await the yielded function right before sending."""
        before = self._last.get(chat_id)
        done = self._last[chat_id] = asyncio.Event()

        async def turn() -> None:
            if before is not None:
                await before.wait()

        try:
            yield turn
        finally:
            done.set()
            if self._last.get(chat_id) is done:
                del self._last[chat_id]

    def __len__(self) -> int:
        return len(self._last)


class Answers:
    """Answers questions from whichever knowledge the library serves right now."""

    def __init__(
        self,
        library: Library,
        cache: AnswerCache | None = None,
        log: QuestionLog | None = None,
        threads: Threads | None = None,
    ):
        self.library = library
        self.cache = cache or AnswerCache()
        self.log = log
        self.queue = ChatQueue()
        self.threads = threads or Threads(ConversationSettings())

    async def answer(self, question: str) -> tuple[Answerer, Answer]:
        answerer = self.library.answerer  # one snapshot per question, even across a reload
        answer = await asyncio.to_thread(answerer.answer, question)
        return answerer, answer

    async def answer_in(self, question: str, thread: Hashable) -> tuple[Answerer, Reply]:
        """The answer to `question` in the conversation `thread` (bot/telegram/threads.py)."""
        answerer = self.library.answerer
        conversations = self.threads.conversations
        plan = conversations.plan(thread, question, answerer)  # on the loop: no races
        reply = await asyncio.to_thread(respond, plan, answerer)
        conversations.record(thread, reply)
        return answerer, reply

    async def reply(
        self, message: Message, question: str, *, quote: bool, thread: Hashable | None = None
    ) -> Message:
        """Send the answer to `question` into the chat of `message`, after the chat's
        earlier answers, logging it first; with `thread`, in that conversation, where a
        follow-up is answered in context once the chat's earlier questions are answered."""
        async with self.queue.place(message.chat_id) as turn:
            note = ""
            if thread is None:
                started = time.perf_counter()
                answerer, answer = await self.answer(question)
            else:
                await turn()  # the chat's earlier questions first: a follow-up may lean on them
                started = time.perf_counter()
                answerer, reply = await self.answer_in(question, thread)
                answer, note = reply.answer, reply.note
            seconds = time.perf_counter() - started
            update_id = logged(self.log, answer, message.chat.type, sender_id(message), seconds)
            if answer.answered and answer.hits:
                key = self.cache.add(answerer, answer) if len(answer.hits) > 1 else None
                text = passage_html(answer, 0)
                votes = (
                    None
                    if self.log is None or update_id is None
                    else vote_row(self.log.state, update_id, message.chat_id)
                )
                markup = answer_keyboard(key, answer, 0, votes)
            else:
                text, markup = to_html(answer, answerer.articles), None
                if note:  # a declined follow-up says what it was read as
                    text = html.escape(note) + ". " + text
            reply_to = (
                ReplyParameters(message.message_id, allow_sending_without_reply=True)
                if quote
                else None
            )
            await turn()
            sent = await message.reply_text(
                text, reply_markup=markup, reply_parameters=reply_to, do_quote=False
            )
            if thread is not None:
                self.threads.answered(thread, sent)
            return sent

    async def on_more(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A press on "Another passage": edit the answer to show the next one."""
        query = update.callback_query
        if query is None:
            return
        match = _MORE_DATA.match(query.data or "")
        entry = self.cache.get(match.group(1)) if match else None
        if match is None or entry is None:
            await query.answer(STALE_TOAST)
            return
        answerer, answer = entry
        index = int(match.group(2))
        if index >= len(answer.hits):
            await query.answer(STALE_TOAST)
            return
        if answerer is None or answerer is not self.library.answerer:
            await query.answer(UPDATED_TOAST)
            return
        try:
            await query.edit_message_text(
                passage_html(answer, index),
                reply_markup=with_votes(
                    answer_keyboard(match.group(1), answer, index), query.message
                ),
            )
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():  # a double press is harmless
                raise
        await query.answer()

    def callback_handler(self) -> CallbackQueryHandler[ContextTypes.DEFAULT_TYPE, None]:
        return CallbackQueryHandler(self.on_more, pattern=rf"^{MORE_PREFIX}:")


async def on_unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other button data (forged, or from an older version): stop the spinner politely."""
    if update.callback_query is not None:
        await update.callback_query.answer(STALE_TOAST)


def unknown_button_handler() -> CallbackQueryHandler[ContextTypes.DEFAULT_TYPE, None]:
    """Register last: it takes every callback query that no handler before it took."""
    return CallbackQueryHandler(on_unknown_button)
