"""What a Telegram message says about its chat and sender: the helpers every handler shares.

One meaning each: `in_group` is a group or supergroup (replies there quote
the message they answer); `is_private` is a one-to-one chat with the bot
(the only place private data such as the stats may be shown); a channel is
neither. `after_command` is the text after a leading /command; `sender_id` whom a
message counts as from (the flood limits, the question log, /forget).
"""

from __future__ import annotations

import re

from telegram import Chat, Message, MessageEntity


def in_group(message: Message) -> bool:
    """A group or supergroup chat, where replies quote the question they answer."""
    return message.chat.type in (Chat.GROUP, Chat.SUPERGROUP)


def is_private(message: Message) -> bool:
    """A one-to-one chat between one person and the bot."""
    return message.chat.type == Chat.PRIVATE


def after_command(message: Message) -> str:
    """The text after a leading /command or /command@bot (keeping its line breaks,
    unlike context.args)."""
    text = message.text or ""
    entities = message.parse_entities([MessageEntity.BOT_COMMAND])
    for entity, value in entities.items():
        if entity.offset == 0:
            return text[len(value) :].strip()
    return re.sub(r"^/\S*\s*", "", text, count=1).strip()  # no entity: read the text itself


def from_person(message: Message) -> bool:
    """False for other bots; anonymous group admins post as a bot but are people."""
    user = message.from_user
    if user is None:
        return message.sender_chat is not None
    return not user.is_bot or message.sender_chat is not None


def sender_id(message: Message) -> int:
    """Whom a message is from: an anonymous admin or a channel posts as its chat, which then
    stands for the sender (not the bot id all anonymous admins share)."""
    if message.sender_chat is not None:
        return message.sender_chat.id
    return message.from_user.id if message.from_user is not None else message.chat.id
