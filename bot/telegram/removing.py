"""Admins remove an article: /remove names it, a Remove/Cancel button confirms it.

The pending confirmation lives in the state database (bot/state.py), so a
Remove button still works after a restart, for CONFIRM_SECONDS. The file is
deleted and the knowledge reloaded under the admin's reload lock (bot.telegram.admin).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.content import ContentError, find_article, remove_article
from bot.knowledge import Article
from bot.render_admin import esc, quoted, reload_summary, report_html, sentence
from bot.telegram.admin import Admin, edit_status
from bot.telegram.chats import after_command, in_group

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
App = Application[Any, Any, Any, Any, Any, Any]

REMOVE_PREFIX = "rm"
_REMOVE_DATA = re.compile(rf"^{REMOVE_PREFIX}:([A-Za-z0-9_-]{{1,16}}):([yn])$")
CONFIRM_SECONDS = 600  # how long a Remove button stays valid
NOT_ADMIN_BUTTON = "Only the bot’s admins can do that."
EXPIRED_BUTTON = "This confirmation has expired. Send /remove again."
REMOVE_USAGE = (
    "Tell me which article to remove: <code>/remove file-name.md</code> or "
    "<code>/remove Its title</code>. /sources lists them."
)


@dataclass(frozen=True)
class PendingRemoval:
    key: str  # the article's file name
    title: str


def register(application: App, admin: Admin) -> None:
    """Handlers for group 0; register with the admin ones, before the chat ones."""
    removing = Removing(admin)
    application.add_handlers(
        [
            CommandHandler("remove", removing.on_remove, filters=filters.UpdateType.MESSAGE),
            CallbackQueryHandler(removing.on_button, pattern=rf"^{REMOVE_PREFIX}:"),
        ]
    )


def confirm_keyboard(token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Remove", callback_data=f"{REMOVE_PREFIX}:{token}:y"),
                InlineKeyboardButton("Cancel", callback_data=f"{REMOVE_PREFIX}:{token}:n"),
            ]
        ]
    )


class Removing:
    def __init__(self, admin: Admin):
        self.admin = admin

    async def on_remove(self, update: Update, context: Context) -> None:
        message = await self.admin.admin_message(update, "remove")
        if message is None:
            return
        query = after_command(message)
        if not query:
            await message.reply_text(REMOVE_USAGE, do_quote=in_group(message))
            return
        knowledge = self.admin.library.answerer.knowledge
        try:
            article = find_article(knowledge, query)
        except ContentError as exc:
            reason = sentence(str(exc))
            await message.reply_text(
                esc(reason[:1].upper() + reason[1:]), do_quote=in_group(message)
            )
            return
        token = await self._remember(article)
        passages = self.admin.library.answerer.passage_count(article)
        await message.reply_text(
            f"Remove {quoted(article.title)} (<code>{esc(article.key)}</code>, "
            f"{passages} passage(s))? The file is deleted from the knowledge folder.",
            reply_markup=confirm_keyboard(token),
            do_quote=in_group(message),
        )

    async def _remember(self, article: Article) -> str:
        token = secrets.token_urlsafe(6)
        state = self.admin.state
        await state.run(state.confirmation_add, token, article.key, article.title, time.time())
        return token

    async def _take(self, token: str) -> PendingRemoval | None:
        """The removal a button confirms, once; None when unknown or expired."""
        state = self.admin.state
        found = await state.run(state.confirmation_take, token, time.time() - CONFIRM_SECONDS)
        return None if found is None else PendingRemoval(*found)

    async def on_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        match = _REMOVE_DATA.match(query.data or "")
        if not self.admin.is_admin(query.from_user):
            await query.answer(NOT_ADMIN_BUTTON)
            return
        pending = await self._take(match.group(1)) if match else None
        if match is None or pending is None or not isinstance(query.message, Message):
            await query.answer(EXPIRED_BUTTON)
            return
        if match.group(2) == "n":
            await query.answer("Cancelled")
            await edit_status(query.message, f"Kept {quoted(pending.title)}. Nothing was removed.")
            return
        await query.answer("Removing…")
        await edit_status(query.message, f"Removing {quoted(pending.title)}…")
        await edit_status(query.message, await self._remove(pending))

    async def _remove(self, pending: PendingRemoval) -> str:
        """Delete the file and reload; the text to show where the buttons were."""
        admin = self.admin
        async with admin.reloading:
            answerer = admin.library.answerer  # by its span: no pass over every article
            span = answerer.article_spans.get(pending.key)
            article = answerer.knowledge.passages[span[0]].article if span else None
            try:
                if article is None:
                    raise ContentError(f"{pending.key} is no longer loaded")
                await asyncio.to_thread(remove_article, admin.settings.knowledge.path, article)
            except ContentError as exc:
                return f"Nothing was removed: {esc(sentence(str(exc)))}"
        try:
            report = await admin.reload((pending.key,))
        except Exception:
            log.exception("reload after a removal failed")
            return "The file is deleted but the reload failed; try /reload."
        log.info("removed %s: %s", pending.key, reload_summary(report))
        heading = f"Removed {quoted(pending.title)} (<code>{esc(pending.key)}</code>)."
        return report_html(report, admin.serving_keys(), heading=heading)
