"""Chats: questions in private chats, addressed questions in groups, and the commands.

In a private chat every text message is a question. In a group the bot
answers only when addressed: ``/ask …`` (or ``/ask@thisbot``), a message that
@mentions it, or a reply to one of its messages. Everything else there is
other people's conversation and gets silence. Edited messages and channel
posts are not questions; other bots are never answered.
"""

from __future__ import annotations

import re

from telegram import Chat, ChatMember, Message, MessageEntity, Update
from telegram.ext import (
    Application,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.library import Library
from bot.render import help_html, sources_html
from bot.stats import QuestionLog
from bot.telegram.answers import Answers, unknown_button_handler
from bot.telegram.chats import after_command, from_person, in_group
from bot.telegram.threads import Threads

Context = ContextTypes.DEFAULT_TYPE

NEW_MESSAGES = filters.UpdateType.MESSAGE  # not edits, not channel posts
IN_CHAT = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED)
ASK_USAGE = "Ask me like this: <code>/ask How many people have fled Ukraine?</code>"
TEXT_ONLY = "I can only read text. Please type your question."
UNKNOWN_COMMAND = "I don’t know that command. Type your question, or see /help."


class ChatHandlers:
    def __init__(self, library: Library, answers: Answers):
        self.library = library
        self.answers = answers

    async def help(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not from_person(message):
            return
        articles = self.library.answerer.articles
        text = help_html(articles, context.bot.username)
        await message.reply_text(text, do_quote=in_group(message))

    async def sources(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not from_person(message):
            return
        for chunk in sources_html(self.library.answerer.articles):
            await message.reply_text(chunk, do_quote=in_group(message))

    async def ask(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not from_person(message):
            return
        question = after_command(message)
        if not question:
            await message.reply_text(ASK_USAGE, do_quote=in_group(message))
            return
        thread = self.answers.threads.key(message, bot_id=context.bot.id, new=True)
        await self.answers.reply(message, question, quote=in_group(message), thread=thread)

    async def private_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or message.text is None or not from_person(message):
            return
        thread = self.answers.threads.key(message, bot_id=context.bot.id)
        await self.answers.reply(message, message.text, quote=False, thread=thread)

    async def group_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not from_person(message):
            return
        question = addressed_question(message, context.bot.username, context.bot.id)
        if question is not None:
            thread = self.answers.threads.key(message, bot_id=context.bot.id)
            await self.answers.reply(message, question, quote=True, thread=thread)

    async def private_other(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice…: a hint, not silence, since the user meant something."""
        message = update.effective_message
        if message is None or not from_person(message):
            return
        await message.reply_text(TEXT_ONLY, do_quote=False)

    async def joined(self, update: Update, context: Context) -> None:
        """Added to a group: say once what the bot knows and how to ask it there."""
        change = update.my_chat_member
        if change is None or change.chat.type not in (Chat.GROUP, Chat.SUPERGROUP):
            return
        was_in = change.old_chat_member.status in IN_CHAT
        is_in = change.new_chat_member.status in IN_CHAT
        if is_in and not was_in:
            articles = self.library.answerer.articles
            await context.bot.send_message(
                change.chat.id, help_html(articles, context.bot.username)
            )

    async def unknown_command(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not from_person(message):
            return
        await message.reply_text(UNKNOWN_COMMAND, do_quote=False)


def register(
    application: Application,  # type: ignore[type-arg]
    library: Library,
    log: QuestionLog | None = None,
) -> Answers:
    """Add the chat handlers to group 0; handlers registered earlier there win.

    Returns the `Answers` so that other modules can send answers the same way.
    Every question answered or declined is written to `log`.
    """
    answers = Answers(library, log=log, threads=Threads(library.settings.conversation))
    chats = ChatHandlers(library, answers)
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    text = filters.TEXT & ~filters.COMMAND
    application.add_handlers(
        [
            CommandHandler(("start", "help"), chats.help, filters=NEW_MESSAGES),
            CommandHandler("sources", chats.sources, filters=NEW_MESSAGES),
            CommandHandler("ask", chats.ask, filters=NEW_MESSAGES),
            answers.callback_handler(),
            MessageHandler(NEW_MESSAGES & private & text, chats.private_text),
            MessageHandler(NEW_MESSAGES & groups & text, chats.group_text),
            MessageHandler(NEW_MESSAGES & private & filters.COMMAND, chats.unknown_command),
            MessageHandler(NEW_MESSAGES & private & ~filters.TEXT, chats.private_other),
            unknown_button_handler(),
            ChatMemberHandler(chats.joined, ChatMemberHandler.MY_CHAT_MEMBER),
        ]
    )
    return answers


def addressed_question(message: Message, username: str, bot_id: int) -> str | None:
    """The question in a group message addressed to the bot, or None when it is not."""
    text = message.text or ""
    handle = f"@{username}".lower()
    for entity, value in message.parse_entities(
        [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    ).items():
        if entity.type == MessageEntity.MENTION and value.lower() == handle:
            # the handle alone, not the start of a longer one ("@newsbot_helper"): a
            # username's characters are letters, digits and "_"
            mention = re.escape(handle) + r"(?![A-Za-z0-9_])"
            return re.sub(mention, " ", text, flags=re.IGNORECASE).strip()
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return text.strip()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text.strip()
    return None
