"""Flood limits at the door: every update the bot would reply to passes here first.

Registered in handler group -1, ahead of every other handler. A question
(any message in a private chat, an addressed message or bot command in a
group, an inline query, a button press) counts against its sender's window;
one in a group counts against the group's window too, since Telegram lets a
bot send only about 20 messages a minute into one group. Over a limit the
sender gets one notice with the wait, then silence until the window passes
(`bot.limits.FloodGuard`). The check is a dictionary lookup, so a flooding
chat costs the others nothing; admins are never limited.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable

from telegram import Chat, InlineQueryResultsButton, Message, MessageEntity, Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.config import Settings
from bot.limits import FloodGuard, Verdict
from bot.state import State
from bot.telegram.chats import in_group, sender_id
from bot.telegram.handlers import addressed_question

GROUP = -1  # handler group: before the chat, inline and admin handlers in group 0
USER_NOTICE = "You’re asking faster than I can answer. Please wait {seconds} s and ask again."
GROUP_NOTICE = (
    "This group is asking faster than Telegram lets me reply here. "
    "Please wait {seconds} s and ask again."
)
INLINE_NOTICE = "Too many questions: wait {seconds} s"
# a window's write is handed to the state's thread, not waited for; a failed one (the file
# locked past its busy timeout, a full disk) leaves the window in memory alone
NOT_SAVED = "a flood window was not saved"
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?")


class FloodGate:
    """Counts questions per user and per group chat and turns away the excess."""

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], float] = time.time,
        state: State | None = None,
    ):
        limits = settings.limits
        window = limits.per_seconds
        self.state = state
        self.clock = clock
        self.users = self._guard("user", limits.questions_per_user, window)
        self.inline = self._guard(
            "inline", limits.questions_per_user * limits.inline_factor, window
        )
        self.groups = self._guard("group", limits.questions_per_group, window)
        self.admins = frozenset(settings.admins)
        self.turned_away = 0  # questions dropped or answered with a notice

    def _guard(self, name: str, limit: int, window: float) -> FloodGuard:
        """A window per user (or group); with a state database, written through and
        restored from it, keyed by salted hashes of the ids, so a restart keeps it."""
        state = self.state
        if state is None:
            return FloodGuard(limit, window)

        def count(key: int, at: float) -> None:
            state.later(state.flood_add, name, key, at, failed=NOT_SAVED)

        def notify(key: int, at: float) -> None:
            state.later(state.flood_notified, name, key, at, failed=NOT_SAVED)

        guard = FloodGuard(limit, window, on_count=count, on_notify=notify)
        guard.restore(*state.flood_load(name, self.clock() - window))
        return guard

    def _key(self, chat_or_user_id: int) -> int:
        return chat_or_user_id if self.state is None else self.state.key_of(chat_or_user_id)

    async def check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Return to let the update through; raise ApplicationHandlerStop to stop it."""
        if update.inline_query is not None:
            query = update.inline_query
            notice = self._notice(self.inline, query.from_user.id, INLINE_NOTICE)
            if notice is None:
                return
            self.turned_away += 1
            if notice:
                button = InlineQueryResultsButton(notice, start_parameter="help")
                await query.answer([], cache_time=0, button=button)
            raise ApplicationHandlerStop
        if update.callback_query is not None:
            press = update.callback_query
            notice = self._notice(self.users, press.from_user.id, USER_NOTICE)
            if notice is None:
                return
            self.turned_away += 1
            if notice:
                await press.answer(notice)
            raise ApplicationHandlerStop
        message = update.message  # new messages only: edits and channel posts get no reply
        if message is None or not self._is_question(message, context):
            return
        notice = self._message_notice(message)
        if notice is None:
            return
        self.turned_away += 1
        if notice:
            await message.reply_text(notice, do_quote=in_group(message))
        raise ApplicationHandlerStop

    def _message_notice(self, message: Message) -> str | None:
        """The sender's window first, then, in a group, the group's."""
        sender = sender_id(message)  # an anonymous admin's chat, not the shared bot id
        if sender in self.admins:
            return None
        notice = self._notice(self.users, sender, USER_NOTICE)
        if notice is None and in_group(message):
            notice = self._notice(self.groups, message.chat.id, GROUP_NOTICE)
        return notice

    def _notice(self, guard: FloodGuard, key: int, template: str) -> str | None:
        """None to let the question through, "" to drop it, else the notice to send.

        `key` is a user id, or a group's chat id (negative, so never an admin's).
        """
        if key in self.admins:
            return None
        verdict, notice = self._verdict(guard, key, template)
        if verdict is Verdict.ALLOW:
            return None
        return notice or ""

    def _verdict(self, guard: FloodGuard, key: int, template: str) -> tuple[Verdict, str | None]:
        now = self.clock()
        key = self._key(key)
        verdict = guard.check(key, now)
        if verdict is not Verdict.NOTIFY:
            return verdict, None
        seconds = max(1, math.ceil(guard.retry_after(key, now)))
        return verdict, template.format(seconds=seconds)

    @staticmethod
    def _is_question(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """Would the bot reply? Every message in a private chat, only addressed ones in groups."""
        user = message.from_user
        if user is not None and user.is_bot and message.sender_chat is None:
            return False  # other bots get no reply
        if message.chat.type == Chat.PRIVATE:
            return True
        if not in_group(message):
            return False
        command = _COMMAND.match(message.text or "")
        first = message.entities[0] if message.entities else None
        if command and first and first.offset == 0 and first.type == MessageEntity.BOT_COMMAND:
            target = command.group(1)
            return target is None or target.lower() == context.bot.username.lower()
        return addressed_question(message, context.bot.username, context.bot.id) is not None


def register(
    application: Application,  # type: ignore[type-arg]
    settings: Settings,
    state: State | None = None,
) -> FloodGate:
    gate = FloodGate(settings, state=state)
    application.add_handler(TypeHandler(Update, gate.check), group=GROUP)
    return gate
