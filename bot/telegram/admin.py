"""Admins manage the knowledge live: who is an admin, /reload, /stats and watch mode,
and the one reload lock that uploads (bot.telegram.uploads), /remove
(bot.telegram.removing) and links (bot.telegram.adding) share.

Admins are the Telegram user ids in ``admins`` (ids, not usernames, which
change hands). Everyone else gets a polite refusal and nothing changes.

Every change goes through one reload at a time (an asyncio lock in front of
the library's own), run in a worker thread: questions keep being answered
from the old content until the new one is swapped in whole. A file that is
broken is skipped and named; one that broke after loading keeps serving
its last good version (see bot.library).

Register before bot.telegram.handlers: within handler group 0 the first
matching handler wins, and the chat fallbacks (unknown command, "I can only
read text", unknown button) would otherwise take admin updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Collection, Sequence
from typing import Any, cast

from telegram import BotCommand, BotCommandScopeChat, Message, Update, User
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from bot.config import Settings
from bot.knowledge import FolderError
from bot.library import Library, ReloadReport
from bot.render_admin import folder_error_html, reload_summary, report_html
from bot.state import State
from bot.telegram import statsview
from bot.telegram.chats import in_group, is_private
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

NOT_ADMIN = "Sorry, only the bot’s admins can use {command}. You can ask me questions, though."
STATS_SENT_PRIVATELY = (
    "I sent you the stats in our private chat: they hold other people’s questions."
)
STATS_PRIVATE_ONLY = (
    "The stats hold other people’s questions, so I show them only in a private chat: "
    "open one with me and send /stats there."
)


class Admin:
    """The admin handlers and the folder watcher, sharing one reload lock."""

    def __init__(self, library: Library, settings: Settings, state: State):
        self.library = library
        self.settings = settings
        self.state = state
        self.reloading = asyncio.Lock()
        self._watcher: FolderWatcher | None = None
        self._watch_task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ who may

    def is_admin(self, user: User | None) -> bool:
        return user is not None and user.id in self.settings.admins

    async def admin_message(self, update: Update, command: str) -> Message | None:
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

    async def reload(self, names: Collection[str] | None = None) -> ReloadReport:
        """Re-read the folder off the event loop; one reload at a time. `names`: the only
        files that changed, when an admin's add or removal knows (bot/library.py)."""
        async with self.reloading:
            watcher = self._watcher
            if watcher is not None:  # what this reload reads; later changes still count
                fresh = await asyncio.to_thread(FolderWatcher, watcher.folder, watcher.debounce)
            report = await asyncio.to_thread(self.library.reload, names)
            if watcher is not None and self._watcher is watcher:
                self._watcher = fresh  # so the watcher does not reload this change again
            return report

    async def on_reload(self, update: Update, context: Context) -> None:
        message = await self.admin_message(update, "reload")
        if message is None:
            return
        status = await message.reply_text("Reloading…", do_quote=in_group(message))
        try:
            report = await self.reload()
        except FolderError as exc:  # a vanished folder is no empty knowledge base
            log.error("reload failed: %s", exc)
            await edit_status(status, folder_error_html(exc))
            return
        except Exception:
            log.exception("reload failed")
            await edit_status(status, "The reload failed; the previous content is still served.")
            return
        log.info(
            "reloaded by %s: %s", message.from_user and message.from_user.id, reload_summary(report)
        )
        await edit_status(status, report_html(report, self.serving_keys()))

    def serving_keys(self) -> frozenset[str]:
        return frozenset(a.key for a in self.library.answerer.articles)

    # ------------------------------------------------------------ stats

    async def on_stats(self, update: Update, context: Context) -> None:
        """The stats hold other people's questions: asked in a group, they go to the
        admin's private chat, and the group only hears where they went."""
        message = await self.admin_message(update, "stats")
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
            self._watcher = FolderWatcher(folder, self.settings.knowledge.watch_debounce)
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
            await asyncio.sleep(self.settings.knowledge.watch_interval)
            watcher = self._watcher
            if watcher is None:
                return
            if self.reloading.locked():  # it replaces the watcher with what it loaded
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
            CommandHandler("stats", admin.on_stats, filters=new),
        ]
    )
    application.bot_data[KEY] = admin
    return admin


def of(application: App) -> Admin:
    return cast(Admin, application.bot_data[KEY])


# ---------------------------------------------------------------- status messages


async def edit_status(message: Message, text: str) -> None:
    """Replace a status message; when that is impossible (deleted), send the text anew."""
    try:
        await message.edit_text(text)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return
        log.warning("could not edit a status message: %s", exc)
        await message.get_bot().send_message(message.chat.id, text)
