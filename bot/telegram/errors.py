"""One log line per failed update, and a word to the person who was waiting."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong while answering. Please try again."


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (the token is masked by bot.telegram.logs) and tell the user."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SORRY)
        elif update.message is not None and update.effective_chat is not None:
            in_group = update.effective_chat.type != update.effective_chat.PRIVATE
            await update.message.reply_text(SORRY, do_quote=in_group)
    except TelegramError as exc:  # Telegram is unreachable: the log line above is all we can do
        log.warning("could not tell chat about the failure: %s", exc)


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_error_handler(on_error)
