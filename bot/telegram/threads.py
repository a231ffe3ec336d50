"""Which conversation a Telegram question belongs to (bot/conversation.py keeps them).

- A private chat is one conversation: each question follows the one before.
- In a group, a conversation is a reply chain: a reply to one of the bot's
  answers continues that answer's conversation, and the new answer continues
  it further; a new ``/ask`` or @mention starts a new one. Two people asking
  side by side in a group are two chains, so their threads never mix.

Keys hold a salted hash of the chat id (a private chat's id is the person's
user id), never the id itself; the salt is random per process, like the
memory, which a restart forgets.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Hashable

from telegram import Chat, Message

from bot.config import ConversationSettings
from bot.conversation import Conversations


class Threads:
    def __init__(self, settings: ConversationSettings):
        self.conversations = Conversations(settings)
        self._salt = secrets.token_bytes(16)

    def _chat(self, chat_id: int) -> str:
        return hmac.new(self._salt, str(chat_id).encode(), hashlib.sha256).hexdigest()[:24]

    def key(self, message: Message, *, bot_id: int, new: bool = False) -> Hashable:
        """The conversation of a question: its private chat, or its group reply chain (`new`:
        a group's /ask, which starts a conversation even when it replies to an answer)."""
        chat = self._chat(message.chat.id)
        if message.chat.type not in (Chat.GROUP, Chat.SUPERGROUP):
            return ("private", chat)
        replied = message.reply_to_message
        to_bot = replied is not None and replied.from_user is not None
        if not new and to_bot and replied and replied.from_user and replied.from_user.id == bot_id:
            return ("group", chat, replied.message_id)  # continues the chain it replies to
        return ("new", chat, message.message_id)  # a new /ask or mention: a new conversation

    def answered(self, key: Hashable, sent: Message) -> None:
        """In a group, a reply to the answer just sent continues this conversation."""
        if sent.chat.type in (Chat.GROUP, Chat.SUPERGROUP):
            self.conversations.move(key, ("group", self._chat(sent.chat.id), sent.message_id))
            if isinstance(key, tuple) and key[0] == "new":
                self.conversations.forget(key)  # filed under the answer now
