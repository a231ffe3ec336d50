"""The shared chat helpers: one meaning of 'in a group', one way to read a command's text."""

from __future__ import annotations

import datetime as dt

import pytest
from telegram import Chat, Message, MessageEntity, User

from bot.telegram.chats import after_command, from_person, in_group, is_private
from bot.telegram.handlers import addressed_question

PERSON = User(5, "Ann", is_bot=False)


def message(
    text: str, kind: str = Chat.PRIVATE, *, command: int = 0, sender: User | None = PERSON
) -> Message:
    """A message in a chat of `kind`; its first `command` characters a bot command entity."""
    entities = [MessageEntity(MessageEntity.BOT_COMMAND, 0, command)] if command else []
    chat = Chat(-100 if kind != Chat.PRIVATE else 5, kind)
    return Message(1, dt.datetime.now(dt.UTC), chat, from_user=sender, text=text, entities=entities)


@pytest.mark.parametrize(
    ("kind", "group", "private"),
    [
        (Chat.PRIVATE, False, True),
        (Chat.GROUP, True, False),
        (Chat.SUPERGROUP, True, False),
        (Chat.CHANNEL, False, False),  # neither: no replies quoted, nothing private shown
    ],
)
def test_a_chat_is_a_group_private_or_neither(kind: str, group: bool, private: bool) -> None:
    assert in_group(message("hi", kind)) is group
    assert is_private(message("hi", kind)) is private


def test_after_command_reads_the_text_after_the_command_entity() -> None:
    assert after_command(message("/ask@newsbot When did it open?", command=12)) == (
        "When did it open?"
    )
    assert after_command(message("/ask first line\nsecond line", command=4)) == (
        "first line\nsecond line"
    )
    assert after_command(message("/remove", command=7)) == ""


def test_after_command_without_an_entity_reads_the_text_itself() -> None:
    assert after_command(message("/remove\n  old-story.md")) == "old-story.md"
    assert after_command(message("no command here")) == "no command here"


def test_from_person_refuses_other_bots_but_not_anonymous_admins() -> None:
    assert from_person(message("hi"))
    assert not from_person(message("hi", sender=User(9, "Other bot", is_bot=True)))
    anonymous = Message(
        1,
        dt.datetime.now(dt.UTC),
        Chat(-100, Chat.SUPERGROUP),
        from_user=User(1087968824, "Group", is_bot=True),
        sender_chat=Chat(-100, Chat.SUPERGROUP),
        text="/stats",
    )
    assert from_person(anonymous)


def test_a_mention_of_the_bot_is_cut_but_not_the_start_of_a_longer_handle() -> None:
    """The "@newsbot" is taken out of the question; "@newsbot_fans", another user whose handle
    starts with the bot's, stays (it was cut to "_fans")."""
    text = "@NewsBot what did @newsbot_fans say?"
    asked = Message(
        1,
        dt.datetime.now(dt.UTC),
        Chat(-100, Chat.GROUP),
        from_user=PERSON,
        text=text,
        entities=[
            MessageEntity(MessageEntity.MENTION, 0, 8),
            MessageEntity(MessageEntity.MENTION, 18, 13),
        ],
    )
    assert addressed_question(asked, "newsbot", 42) == "what did @newsbot_fans say?"
    unaddressed = Message(
        2,
        dt.datetime.now(dt.UTC),
        Chat(-100, Chat.GROUP),
        from_user=PERSON,
        text="ask @newsbot_fans",
        entities=[MessageEntity(MessageEntity.MENTION, 4, 13)],
    )
    assert addressed_question(unaddressed, "newsbot", 42) is None
