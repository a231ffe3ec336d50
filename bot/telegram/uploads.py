"""Admins upload a knowledge file in a private chat: checked, saved, then reloaded.

The declared size is refused before anything is downloaded, and the download
stops at `knowledge.max_upload_bytes` whatever was declared; the file name is
sanitised (bot.content). A file of the same name is replaced only when the
caption says "replace". The save happens under the admin's reload lock
(bot.telegram.admin), so no reload reads the folder halfway through it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.content import ContentError, safe_filename, save_upload
from bot.render_admin import esc, quoted, refused_html, reload_summary, report_html
from bot.telegram.admin import Admin, edit_status
from bot.telegram.download import download_at_most, too_big

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
App = Application[Any, Any, Any, Any, Any, Any]

REPLACE_CAPTION = "replace"  # an upload with this caption may overwrite a file of its name
NOT_ADMIN_UPLOAD = (
    "Thanks, but only the bot’s admins can add articles. "
    "To ask something, type your question in words."
)


def register(application: App, admin: Admin) -> None:
    """The document handler for group 0; register with the admin ones, before the chat ones
    (whose "I can only read text" would otherwise take the upload)."""
    private_documents = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.Document.ALL
    application.add_handler(MessageHandler(private_documents, Uploads(admin).on_document))


class Uploads:
    def __init__(self, admin: Admin):
        self.admin = admin

    async def on_document(self, update: Update, context: Context) -> None:
        message = update.effective_message
        user = update.effective_user
        if message is None or message.document is None or user is None or user.is_bot:
            return
        if not self.admin.is_admin(user):
            await message.reply_text(NOT_ADMIN_UPLOAD, do_quote=False)
            return
        document = message.document
        limit = self.admin.settings.knowledge.max_upload_bytes
        try:
            name = safe_filename(document.file_name or "")
            if document.file_size is not None and document.file_size > limit:
                raise too_big(document.file_size, limit)
        except ContentError as exc:  # refused before downloading anything
            await message.reply_text(refused_html(str(exc)), do_quote=False)
            return
        try:
            file = await context.bot.get_file(document.file_id)
            timeout = self.admin.settings.telegram.download_timeout
            data = await download_at_most(file, limit, timeout=timeout)  # stops at the limit
        except BadRequest as exc:  # e.g. over the Bot API's 20 MB download limit
            await message.reply_text(refused_html(f"Telegram says: {exc.message}"))
            return
        except ContentError as exc:
            await message.reply_text(refused_html(str(exc)), do_quote=False)
            return
        overwrite = (message.caption or "").strip().casefold() == REPLACE_CAPTION
        await self._save(message, document.file_name or name, data, overwrite)

    async def _save(self, message: Message, name: str, data: bytes, overwrite: bool) -> None:
        knowledge = self.admin.settings.knowledge
        folder, limit = knowledge.path, knowledge.max_upload_bytes
        words = knowledge.fetch.min_article_words  # of a saved web page, as a reload reads it
        async with self.admin.reloading:  # no reload reads the folder halfway through a save
            try:
                upload = await asyncio.to_thread(
                    save_upload,
                    folder,
                    name,
                    data,
                    max_bytes=limit,
                    overwrite=overwrite,
                    min_words=words,
                )
            except ContentError as exc:
                await message.reply_text(refused_html(str(exc)), do_quote=False)
                return
        verb = "Replaced" if upload.replaced else "Saved"
        status = await message.reply_text(
            f"{verb} <code>{esc(upload.path.name)}</code>. Reloading…", do_quote=False
        )
        try:
            report = await self.admin.reload((upload.path.name,))
        except Exception:
            log.exception("reload after an upload failed")
            await edit_status(status, "The file is saved but the reload failed; try /reload.")
            return
        log.info("upload %s: %s", upload.path.name, reload_summary(report))
        added = (
            f"{verb} {quoted(upload.article.title)} as <code>{esc(upload.path.name)}</code>: "
            f"{upload.passages} passage(s)."
        )
        if upload.path.name not in self.admin.serving_keys():
            added = f"Saved <code>{esc(upload.path.name)}</code>, but it did not load."
        await edit_status(status, report_html(report, self.admin.serving_keys(), heading=added))
