"""Readers' feedback and their data: 👍/👎 under each answer, and /forget.

A vote button carries `v:<update id in hex>:<tag>:<+|->` (at most 37 bytes of
the 64 Telegram allows): the update the question came in, which names its line
in the question log, and a salted HMAC of that update and the chat the answer
was sent to (`State.vote_tag`). Any client can send a button's data with any
content, so a vote counts only where the tag matches the chat it is pressed in:
a made-up, altered or copied button (another chat's answer) gets the toast for
an answer not in the log. One vote per reader per answer, stored with the
answer (bot/state.py); pressing the other button changes it, and a toast says
what was recorded. `/forget` deletes the sender's questions and votes from the
log.
"""

from __future__ import annotations

import hmac
import re
import time
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.state import State
from bot.telegram.chats import in_group, sender_id

Context = ContextTypes.DEFAULT_TYPE

VOTE_PREFIX = "v"
_VOTE_DATA = re.compile(rf"^{VOTE_PREFIX}:([0-9a-f]{{1,16}}):([0-9a-f]{{16}}):([+-])$")
UP, DOWN = "👍", "👎"
THANKS = "Thanks! Noted {mark}."
CHANGED = "Changed to {mark}. Thanks!"
SAME = "You already rated this answer {mark}."
GONE = "This answer is no longer in my log, so I can’t record a rating for it."
FORGOTTEN = (
    "Done: I deleted {questions} question(s) you asked and {votes} rating(s) from my log. "
    "Questions you ask from now on are logged again (docs: what is stored and for how long)."
)


def vote_row(state: State, update_id: int, chat_id: int) -> list[InlineKeyboardButton]:
    """👍 and 👎 for the answer to update `update_id`, sent into chat `chat_id`."""
    data = f"{VOTE_PREFIX}:{update_id:x}:{state.vote_tag(update_id, chat_id)}"
    return [
        InlineKeyboardButton(UP, callback_data=f"{data}:+"),
        InlineKeyboardButton(DOWN, callback_data=f"{data}:-"),
    ]


def with_votes(
    markup: InlineKeyboardMarkup | None, message: MaybeInaccessibleMessage | None
) -> InlineKeyboardMarkup | None:
    """`markup` with the vote buttons that `message` shows now kept at the bottom."""
    old = message.reply_markup if isinstance(message, Message) else None
    votes = [
        row
        for row in (old.inline_keyboard if old else ())
        if row and all(_VOTE_DATA.match(str(b.callback_data or "")) for b in row)
    ]
    if not votes:
        return markup
    return InlineKeyboardMarkup([*(markup.inline_keyboard if markup else ()), *votes])


class Feedback:
    def __init__(self, state: State):
        self.state = state

    async def on_vote(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        match = _VOTE_DATA.match(query.data or "")
        state, message = self.state, query.message  # no message: inline, sent without votes
        update_id = int(match.group(1), 16) if match else 0
        if (
            match is None
            or message is None
            or not hmac.compare_digest(match.group(2), state.vote_tag(update_id, message.chat.id))
        ):
            await query.answer(GONE)
            return
        vote = 1 if match.group(3) == "+" else -1
        mark = UP if vote > 0 else DOWN
        try:
            before = await state.run(
                state.vote_on_update, update_id, query.from_user.id, vote, time.time()
            )
        except KeyError:
            await query.answer(GONE)
            return
        toast = THANKS if before is None else SAME if before == vote else CHANGED
        await query.answer(toast.format(mark=mark))

    async def on_forget(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None:
            return
        user = message.from_user
        if user is None or (user.is_bot and message.sender_chat is None):
            return
        questions, votes = await self.state.run(self.state.forget, sender_id(message))
        await message.reply_text(
            FORGOTTEN.format(questions=questions, votes=votes),
            do_quote=in_group(message),
        )


def register(application: Application[Any, Any, Any, Any, Any, Any], state: State) -> Feedback:
    """Add the vote and /forget handlers to group 0, ahead of the chat fallbacks."""
    feedback = Feedback(state)
    application.add_handlers(
        [
            CallbackQueryHandler(feedback.on_vote, pattern=rf"^{VOTE_PREFIX}:"),
            CommandHandler("forget", feedback.on_forget, filters=filters.UpdateType.MESSAGE),
        ]
    )
    return feedback
