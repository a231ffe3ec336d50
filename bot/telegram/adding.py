"""Admins add articles from the real world: a link (or /add URL) and forwarded channel posts.

In a private chat with the bot, an admin's message holding a link makes the
bot fetch the page, keep its story (bot.extract), save it as a knowledge
file and reload; a post forwarded from a channel becomes an article whose
source is the channel. The reply names the title, date and passage count,
or says why nothing was added. Fetching happens off the event loop and
outside the reload lock: questions and other admins don't wait for a slow site.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

from telegram import Message, MessageEntity, MessageOriginChannel, Update
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot import ingest
from bot.content import ContentError
from bot.errors import excerpt
from bot.knowledge import Article
from bot.render_admin import esc, reload_summary, report_html
from bot.telegram.admin import Admin, edit_status
from bot.telegram.chats import in_group

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
App = Application[Any, Any, Any, Any, Any, Any]
ADD_USAGE = "Send me a link to a news article, or <code>/add https://…</code>."
NOT_A_CHANNEL_POST = (
    "Only posts forwarded from a channel can be added as articles. "
    "To ask about them, type your question."
)


def register(application: App, admin: Admin) -> None:
    """Handlers for group 0; register right after the admin ones, before the chat ones."""
    admins = filters.User(user_id=admin.settings.admins)
    private = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & admins
    links = filters.Entity(MessageEntity.URL) | filters.Entity(MessageEntity.TEXT_LINK)
    adding = Adding(admin)
    application.add_handlers(
        [
            CommandHandler("add", adding.on_add, filters=filters.UpdateType.MESSAGE),
            MessageHandler(
                private & filters.FORWARDED & (filters.TEXT | filters.CAPTION), adding.on_forward
            ),
            MessageHandler(private & filters.TEXT & ~filters.COMMAND & links, adding.on_link),
        ]
    )


def first_link(message: Message) -> str:
    """The first link of a message: a bare URL or a text link's target."""
    for entity, text in message.parse_entities(
        [MessageEntity.URL, MessageEntity.TEXT_LINK]
    ).items():
        url = entity.url if entity.type == MessageEntity.TEXT_LINK else text
        if url:
            return url if "://" in url else f"https://{url}"
    return ""


class Adding:
    def __init__(self, admin: Admin):
        self.admin = admin

    async def on_add(self, update: Update, context: Context) -> None:
        message = await self.admin.admin_message(update, "add")
        if message is None:
            return
        url = first_link(message)
        if not url:
            await message.reply_text(ADD_USAGE, do_quote=in_group(message))
            return
        await self._add_link(message, url)

    async def on_link(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is not None and message.sender_chat is None:
            await self._add_link(message, first_link(message))

    async def on_forward(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or message.sender_chat is not None:
            return
        origin = message.forward_origin
        if not isinstance(origin, MessageOriginChannel):
            await message.reply_text(NOT_A_CHANNEL_POST, do_quote=False)
            return
        knowledge = self.admin.settings.knowledge
        channel = origin.chat
        text = message.text or message.caption or ""
        status = await message.reply_text("Adding the post…", do_quote=False)

        def add(existing: Sequence[Article]) -> ingest.Added:
            return ingest.add_post(
                text,
                channel=channel.title or channel.username or "Telegram channel",
                username=channel.username,
                message_id=origin.message_id,
                date=origin.date,
                settings=knowledge,
                existing=existing,
            )

        await self._save_and_reload(status, add)

    async def _add_link(self, message: Message, url: str) -> None:
        knowledge = self.admin.settings.knowledge
        status = await message.reply_text(
            f"Fetching <code>{esc(excerpt(url, 100))}</code>…", do_quote=False
        )
        try:
            existing = self.admin.library.answerer.articles
            page = await asyncio.to_thread(ingest.fetch_page, url, knowledge, existing)
        except ContentError as exc:
            await edit_status(status, _not_added(exc))
            return
        await self._save_and_reload(
            status, lambda existing: ingest.add_page(page, knowledge, existing)
        )

    async def _save_and_reload(
        self, status: Message, add: Callable[[Sequence[Article]], ingest.Added]
    ) -> None:
        admin = self.admin
        async with admin.reloading:  # no reload reads the folder halfway through a save
            try:
                added = await asyncio.to_thread(add, admin.library.answerer.articles)
            except ContentError as exc:
                await edit_status(status, _not_added(exc))
                return
        try:
            report = await admin.reload((added.path.name,))
        except Exception as exc:
            log.warning(
                "reload after adding %s failed: %s", added.path.name, excerpt(str(exc), 200)
            )
            await edit_status(
                status,
                f"Saved <code>{esc(added.path.name)}</code>, but the reload "
                f"failed: {esc(excerpt(str(exc), 200))}. The previous content is served.",
            )
            return
        log.info("added %s: %s", added.path.name, reload_summary(report))
        serving = admin.serving_keys()
        heading = f"Added {esc(added.summary())}."
        if added.path.name not in serving:
            heading = f"Saved <code>{esc(added.path.name)}</code>, but it did not load."
        await edit_status(status, report_html(report, serving, heading=heading))


def _not_added(exc: ContentError) -> str:
    reason = excerpt(str(exc), 600)
    return f"Not added: {esc(reason)}{'' if reason.endswith('.') else '.'} Nothing was changed."
