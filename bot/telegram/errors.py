"""One log line per failed update, and a word to the person who was waiting.

Errors while polling (routed here by `Application.run_polling`) have no
update: a network hiccup is one warning line, since polling retries by
itself; a 409 Conflict means another instance polls the same token, and
`bot.telegram.conflict` decides whether this one stops; an update the journal
could not take is fetched again (bot/telegram/journal.py).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Conflict, NetworkError, TelegramError
from telegram.ext import Application, ContextTypes

from bot.telegram.chats import in_group
from bot.telegram.conflict import NEWCOMER, ConflictPolicy
from bot.telegram.journal import JournalError, reader_unreached
from bot.telegram.retry import transient

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong while answering. Please try again."


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (the token is masked by bot.telegram.logs) and tell the user."""
    if update is None and isinstance(context.error, TelegramError):
        on_polling_error(context.error, context.application)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SORRY)
        elif update.message is not None:
            await update.message.reply_text(SORRY, do_quote=in_group(update.message))
    except TelegramError as exc:  # the log line above is all we can do now
        log.warning("could not tell chat about the failure: %s", exc)
        if transient(exc):  # Telegram unreachable: the reader got nothing; handled again
            reader_unreached()


def on_polling_error(error: TelegramError, application: Application) -> None:  # type: ignore[type-arg]
    if isinstance(error, Conflict):
        policy: ConflictPolicy = application.bot_data["conflicts"]
        reason = policy.on_conflict()
        if reason is None:
            log.warning(NEWCOMER)
            return
        log.error(reason)
        application.bot_data["stepped_aside"] = True
        application.stop_running()
    elif isinstance(error, JournalError):
        log.error("%s; not acknowledged, fetching it again", error.message)
    elif isinstance(error, NetworkError):
        log.warning("polling Telegram failed (%s); retrying", error.message)
    else:
        log.error("polling Telegram failed: %s", error.message)


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.bot_data["conflicts"] = ConflictPolicy()
    application.add_error_handler(on_error)
