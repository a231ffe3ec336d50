"""Admins manage the knowledge live: /reload, uploads, /remove, /stats, and watch mode.

Admins are the Telegram user ids in ``admins`` (ids, not usernames, which
change hands). Everyone else gets a polite refusal and nothing changes.

Every change goes through one reload at a time (an asyncio lock in front of
the library's own), run in a worker thread: questions keep being answered
from the old content until the new one is swapped in whole. A file that is
broken is skipped and named; one that broke after loading keeps serving
its last good version (see bot.library).

Pending remove confirmations live in the state database (bot/state.py), so a
Remove button still works after a restart.

Register before bot.telegram.handlers: within handler group 0 the first
matching handler wins, and the chat fallbacks (unknown command, "I can only
read text", unknown button) would otherwise take admin updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import Settings
from bot.content import ContentError, find_article, remove_article, safe_filename, save_upload
from bot.knowledge import Article, FolderError
from bot.library import Library, ReloadReport
from bot.render import (
    esc,
    folder_error_html,
    quoted,
    refused_html,
    reload_summary,
    report_html,
    sentence,
)
from bot.state import State
from bot.telegram import statsview
from bot.telegram.chats import after_command, in_group, is_private
from bot.telegram.download import download_at_most, too_big
from bot.watch import FolderWatcher

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
App = Application[Any, Any, Any, Any, Any, Any]

KEY = "admin"  # where the Admin object is kept in application.bot_data
COMMANDS = (
    BotCommand("reload", "Admins: re-read the knowledge folder"),
    BotCommand("remove", "Admins: remove an article by file name or title"),
    BotCommand("stats", "Admins: questions answered and declined"),
    BotCommand("add", "Admins: add a news article from a link"),
)
REPLACE_CAPTION = "replace"  # an upload with this caption may overwrite a file of its name
REMOVE_PREFIX = "rm"
_REMOVE_DATA = re.compile(rf"^{REMOVE_PREFIX}:([A-Za-z0-9_-]{{1,16}}):([yn])$")
CONFIRM_SECONDS = 600  # how long a Remove button stays valid
WATCH_INTERVAL = 1.0  # seconds between looks at the folder in watch mode
WATCH_DEBOUNCE = 2.0  # seconds the folder must be quiet before a reload

NOT_ADMIN = "Sorry, only the bot’s admins can use {command}. You can ask me questions, though."
NOT_ADMIN_UPLOAD = (
    "Thanks, but only the bot’s admins can add articles. "
    "To ask something, type your question in words."
)
STATS_SENT_PRIVATELY = (
    "I sent you the stats in our private chat: they hold other people’s questions."
)
STATS_PRIVATE_ONLY = (
    "The stats hold other people’s questions, so I show them only in a private chat: "
    "open one with me and send /stats there."
)
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


class Admin:
    """The admin handlers and the folder watcher, sharing one reload lock."""

    def __init__(self, library: Library, settings: Settings, state: State):
        self.library = library
        self.settings = settings
        self.state = state
        self.watch_interval = WATCH_INTERVAL
        self.watch_debounce = WATCH_DEBOUNCE
        self._reloading = asyncio.Lock()
        self._watcher: FolderWatcher | None = None
        self._watch_task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ who may

    def is_admin(self, user: User | None) -> bool:
        return user is not None and user.id in self.settings.admins

    async def _admin_message(self, update: Update, command: str) -> Message | None:
        """The message when an admin sent it; a refusal to anyone else (bots: silence)."""
        message = update.effective_message
        user = update.effective_user
        if message is None or user is None or (user.is_bot and message.sender_chat is None):
            return None
        if self.is_admin(user) and message.sender_chat is None:  # not posted anonymously
            return message
        await message.reply_text(
            NOT_ADMIN.format(command=f"/{command}"), do_quote=in_group(message)
        )
        return None

    # ------------------------------------------------------------ reloading

    async def reload(self) -> ReloadReport:
        """Re-read the folder off the event loop; one reload at a time."""
        async with self._reloading:
            watcher = self._watcher
            if watcher is not None:  # what this reload reads; later changes still count
                fresh = await asyncio.to_thread(FolderWatcher, watcher.folder, watcher.debounce)
            report = await asyncio.to_thread(self.library.reload)
            if watcher is not None and self._watcher is watcher:
                self._watcher = fresh  # so the watcher does not reload this change again
            return report

    async def on_reload(self, update: Update, context: Context) -> None:
        message = await self._admin_message(update, "reload")
        if message is None:
            return
        status = await message.reply_text("Reloading…", do_quote=in_group(message))
        try:
            report = await self.reload()
        except FolderError as exc:  # a vanished folder is no empty knowledge base
            log.error("reload failed: %s", exc)
            await _edit(status, folder_error_html(exc))
            return
        except Exception:
            log.exception("reload failed")
            await _edit(status, "The reload failed; the previous content is still served.")
            return
        log.info(
            "reloaded by %s: %s", message.from_user and message.from_user.id, reload_summary(report)
        )
        await _edit(status, report_html(report, self._serving_keys()))

    def _serving_keys(self) -> frozenset[str]:
        return frozenset(a.key for a in self.library.answerer.articles)

    # ------------------------------------------------------------ uploads

    async def on_document(self, update: Update, context: Context) -> None:
        message = update.effective_message
        user = update.effective_user
        if message is None or message.document is None or user is None or user.is_bot:
            return
        if not self.is_admin(user):
            await message.reply_text(NOT_ADMIN_UPLOAD, do_quote=False)
            return
        document = message.document
        limit = self.settings.knowledge.max_upload_bytes
        try:
            name = safe_filename(document.file_name or "")
            if document.file_size is not None and document.file_size > limit:
                raise too_big(document.file_size, limit)
        except ContentError as exc:  # refused before downloading anything
            await message.reply_text(refused_html(str(exc)), do_quote=False)
            return
        try:
            file = await context.bot.get_file(document.file_id)
            data = await download_at_most(file, limit)  # stops at the limit, whatever was declared
        except BadRequest as exc:  # e.g. over the Bot API's 20 MB download limit
            await message.reply_text(refused_html(f"Telegram says: {exc.message}"))
            return
        except ContentError as exc:
            await message.reply_text(refused_html(str(exc)), do_quote=False)
            return
        overwrite = (message.caption or "").strip().casefold() == REPLACE_CAPTION
        await self._add(message, document.file_name or name, data, overwrite)

    async def _add(self, message: Message, name: str, data: bytes, overwrite: bool) -> None:
        folder, limit = self.settings.knowledge.path, self.settings.knowledge.max_upload_bytes
        async with self._reloading:  # no reload reads the folder halfway through a save
            try:
                upload = await asyncio.to_thread(
                    save_upload, folder, name, data, max_bytes=limit, overwrite=overwrite
                )
            except ContentError as exc:
                await message.reply_text(refused_html(str(exc)), do_quote=False)
                return
        verb = "Replaced" if upload.replaced else "Saved"
        status = await message.reply_text(
            f"{verb} <code>{esc(upload.path.name)}</code>. Reloading…", do_quote=False
        )
        try:
            report = await self.reload()
        except Exception:
            log.exception("reload after an upload failed")
            await _edit(status, "The file is saved but the reload failed; try /reload.")
            return
        log.info("upload %s: %s", upload.path.name, reload_summary(report))
        added = (
            f"{verb} {quoted(upload.article.title)} as <code>{esc(upload.path.name)}</code>: "
            f"{upload.passages} passage(s)."
        )
        if upload.path.name not in self._serving_keys():
            added = f"Saved <code>{esc(upload.path.name)}</code>, but it did not load."
        await _edit(status, report_html(report, self._serving_keys(), heading=added))

    # ------------------------------------------------------------ removals

    async def on_remove(self, update: Update, context: Context) -> None:
        message = await self._admin_message(update, "remove")
        if message is None:
            return
        query = after_command(message)
        if not query:
            await message.reply_text(REMOVE_USAGE, do_quote=in_group(message))
            return
        try:
            article = find_article(self.library.answerer.knowledge, query)
        except ContentError as exc:
            reason = sentence(str(exc))
            await message.reply_text(
                esc(reason[:1].upper() + reason[1:]), do_quote=in_group(message)
            )
            return
        token = self._remember(article)
        passages = sum(1 for p in self.library.answerer.knowledge.passages if p.article is article)
        await message.reply_text(
            f"Remove {quoted(article.title)} (<code>{esc(article.key)}</code>, "
            f"{passages} passage(s))? The file is deleted from the knowledge folder.",
            reply_markup=confirm_keyboard(token),
            do_quote=in_group(message),
        )

    def _remember(self, article: Article) -> str:
        token = secrets.token_urlsafe(6)
        self.state.confirmation_add(token, article.key, article.title, time.time())
        return token

    def _take(self, token: str) -> PendingRemoval | None:
        """The removal a button confirms, once; None when unknown or expired."""
        found = self.state.confirmation_take(token, time.time() - CONFIRM_SECONDS)
        return None if found is None else PendingRemoval(*found)

    async def on_remove_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        match = _REMOVE_DATA.match(query.data or "")
        if not self.is_admin(query.from_user):
            await query.answer(NOT_ADMIN_BUTTON)
            return
        pending = self._take(match.group(1)) if match else None
        if match is None or pending is None or not isinstance(query.message, Message):
            await query.answer(EXPIRED_BUTTON)
            return
        if match.group(2) == "n":
            await query.answer("Cancelled")
            await _edit(query.message, f"Kept {quoted(pending.title)}. Nothing was removed.")
            return
        await query.answer("Removing…")
        await _edit(query.message, f"Removing {quoted(pending.title)}…")
        await _edit(query.message, await self._remove(pending))

    async def _remove(self, pending: PendingRemoval) -> str:
        """Delete the file and reload; the text to show where the buttons were."""
        folder = self.settings.knowledge.path
        async with self._reloading:
            articles = self.library.answerer.articles
            article = next((a for a in articles if a.key == pending.key), None)
            try:
                if article is None:
                    raise ContentError(f"{pending.key} is no longer loaded")
                await asyncio.to_thread(remove_article, folder, article)
            except ContentError as exc:
                return f"Nothing was removed: {esc(sentence(str(exc)))}"
        try:
            report = await self.reload()
        except Exception:
            log.exception("reload after a removal failed")
            return "The file is deleted but the reload failed; try /reload."
        log.info("removed %s: %s", pending.key, reload_summary(report))
        heading = f"Removed {quoted(pending.title)} (<code>{esc(pending.key)}</code>)."
        return report_html(report, self._serving_keys(), heading=heading)

    # ------------------------------------------------------------ stats

    async def on_stats(self, update: Update, context: Context) -> None:
        """The stats hold other people's questions: asked in a group, they go to the
        admin's private chat, and the group only hears where they went."""
        message = await self._admin_message(update, "stats")
        if message is None:
            return
        if is_private(message):
            await statsview.send_stats(context.bot, message.chat.id, self.state)
            return
        try:
            await statsview.send_stats(context.bot, message.from_user.id, self.state)  # type: ignore[union-attr]
        except (Forbidden, BadRequest):  # the admin never opened a private chat with the bot
            await message.reply_text(STATS_PRIVATE_ONLY, do_quote=True)
            return
        await message.reply_text(STATS_SENT_PRIVATELY, do_quote=True)

    # ------------------------------------------------------------ lifecycle

    async def start(self, application: App, commands: Sequence[BotCommand]) -> None:
        """At start: the admins' command menu, and the folder watcher when configured."""
        for admin_id in self.settings.admins:
            with contextlib.suppress(TelegramError):  # e.g. the admin never opened the chat
                await application.bot.set_my_commands(
                    [*commands, *COMMANDS], scope=BotCommandScopeChat(admin_id)
                )
        if self.settings.knowledge.watch and self._watch_task is None:
            folder = self.settings.knowledge.path
            self._watcher = FolderWatcher(folder, self.watch_debounce)
            self._watch_task = asyncio.create_task(self._watch(), name="knowledge-watch")
            log.info("watching %s for changes", folder)

    async def stop(self) -> None:
        task, self._watch_task = self._watch_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _watch(self) -> None:
        """Poll the folder; reload once it changed and has been quiet for the debounce time."""
        while True:
            await asyncio.sleep(self.watch_interval)
            watcher = self._watcher
            if watcher is None:
                return
            if self._reloading.locked():  # it replaces the watcher with what it loaded
                continue
            try:
                if await asyncio.to_thread(watcher.poll, time.monotonic()):
                    report = await self.reload()
                    log.info("folder changed, reloaded: %s", reload_summary(report))
                    for error in report.errors:
                        log.warning("skipped %s", error)
            except FolderError as exc:  # keep watching, and serving: it may come back
                log.error(
                    "reload after a folder change failed: %s; still serving the last good content",
                    exc,
                )
            except Exception:  # keep watching: the next change may be loadable
                log.exception("reload after a folder change failed")


def register(application: App, library: Library, settings: Settings, state: State) -> Admin:
    """Add the admin handlers to group 0. Call before handlers.register (see the module doc)."""
    admin = Admin(library, settings, state)
    new = filters.UpdateType.MESSAGE
    application.add_handlers(
        [
            CommandHandler("reload", admin.on_reload, filters=new),
            CommandHandler("remove", admin.on_remove, filters=new),
            CommandHandler("stats", admin.on_stats, filters=new),
            MessageHandler(
                new & filters.ChatType.PRIVATE & filters.Document.ALL, admin.on_document
            ),
            CallbackQueryHandler(admin.on_remove_button, pattern=rf"^{REMOVE_PREFIX}:"),
        ]
    )
    application.bot_data[KEY] = admin
    return admin


def of(application: App) -> Admin:
    return cast(Admin, application.bot_data[KEY])


# ---------------------------------------------------------------- buttons and edits


def confirm_keyboard(token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Remove", callback_data=f"{REMOVE_PREFIX}:{token}:y"),
                InlineKeyboardButton("Cancel", callback_data=f"{REMOVE_PREFIX}:{token}:n"),
            ]
        ]
    )


async def edit_status(message: Message, text: str) -> None:
    """A status message replaced by `text` (for bot.telegram.adding)."""
    await _edit(message, text)


async def _edit(message: Message, text: str) -> None:
    """Replace a status message; when that is impossible (deleted), send the text anew."""
    try:
        await message.edit_text(text)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return
        log.warning("could not edit a status message: %s", exc)
        await message.get_bot().send_message(message.chat.id, text)
