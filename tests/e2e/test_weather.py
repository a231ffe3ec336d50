"""One storm: every fault at once, on polling and on sends; then a restart.

While questions keep arriving, getUpdates meets a 502, a reset connection, a
429 retry_after and a reply held past the client's timeout, and sendMessage
meets 429s, 502s, resets and a call held and then dropped. Polling must
resume by itself, every question be answered exactly once, and a restarted
bot answer none of them again.
"""

from __future__ import annotations

import asyncio
import collections

from bot.library import Library
from bot.telegram.app import build_application

from .botapi import BotApiServer, Fault, FaultRule
from .conftest import settings_for, started
from .test_resilience import expected_text, questions

# The client waits its read timeout (5 s) plus the poll timeout (2 s) for getUpdates
# and 5 s for a send; the held calls outlast both.
POLL_HELD = 7.5
SEND_HELD = 5.5


def send_storm(api: BotApiServer) -> list[FaultRule]:
    sends = ["sendMessage"]
    return [
        api.inject(Fault.flood(retry_after=1), count=2, methods=sends),
        api.inject(Fault.bad_gateway(), count=2, methods=sends),
        api.inject(Fault.connection_reset(), count=2, methods=sends),
        api.inject(Fault.blackhole(SEND_HELD), count=1, methods=sends),
    ]


def polling_storm(api: BotApiServer) -> list[FaultRule]:
    polling = ["getUpdates"]
    return [
        api.inject(Fault.bad_gateway(), count=1, methods=polling),
        api.inject(Fault.connection_reset(), count=1, methods=polling),
        api.inject(Fault.flood(retry_after=1), count=1, methods=polling),
        api.inject(Fault.slow(POLL_HELD), count=1, methods=polling),
    ]


async def test_a_storm_on_polling_and_sends_loses_and_repeats_nothing(
    api: BotApiServer, library: Library
) -> None:
    settings = settings_for(api)
    pool = questions()
    asked: dict[tuple[int, int], str] = {}  # (chat, message) -> question

    def ask(n: int) -> None:
        question = pool[n % len(pool)]
        if n % 2:
            chat = api.group_chat(-20_000 - n % 6)
            message = api.send_text(chat, f"/ask {question}", sender=api.user(60_000 + n))
        else:
            message = api.send_text(api.private_chat(20_000 + n % 6), question)
        asked[(message["chat"]["id"], message["message_id"])] = question

    async with started(build_application(settings, library)):
        rules = send_storm(api)
        for n in range(8):
            ask(n)
        await api.until(lambda: api.calls_to("sendMessage", ok=None))  # the first batch was fetched
        rules += polling_storm(api)  # sends fail and retry while polling fails too
        for n in range(8, 32):  # questions keep coming through the storm
            ask(n)
            await asyncio.sleep(0.2)
        await api.until(lambda: len(api.sent()) >= len(asked))
        await asyncio.sleep(1.0)  # a late duplicate would show up now
        survived = sum(rule.hits for rule in rules)
        assert [rule.hits for rule in rules] == [2, 2, 2, 1, 1, 1, 1, 1]  # every fault was met
    answers = api.sent()
    assert len(answers) == len(asked) == 32
    check_each_answered_once(answers, asked, library)
    confirmed = api.confirmed_offset

    async with started(build_application(settings, library)):  # the restart
        ask(32)
        await api.until(lambda: len(api.sent()) >= 33)
        await asyncio.sleep(0.5)
    assert len(api.sent()) == 33 and api.confirmed_offset > confirmed
    check_each_answered_once(api.sent(), asked, library)
    failed = [c for c in api.calls if not c.ok and c.method in ("getUpdates", "sendMessage")]
    print(
        f"\nstorm: {survived} faults injected and survived ({len(failed)} failed calls seen by "
        f"the stand-in); 33 questions sent, {len(api.sent())} answered"
    )


def check_each_answered_once(
    answers: list[dict[str, object]], asked: dict[tuple[int, int], str], library: Library
) -> None:
    """Private answers per chat match the questions asked there; group answers quote theirs."""
    private: dict[int, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for (chat_id, _), question in asked.items():
        if chat_id > 0:
            private[chat_id][expected_text(library, question)] += 1
    for chat_id, expected in private.items():
        got = collections.Counter(str(a["text"]) for a in answers if a["chat_id"] == chat_id)
        assert got == expected
    quoted = collections.Counter(
        (a["chat_id"], a["reply_parameters"]["message_id"])  # type: ignore[index]
        for a in answers
        if isinstance(a["chat_id"], int) and a["chat_id"] < 0
    )
    group_asked = {key for key in asked if key[0] < 0}
    assert set(quoted) == group_asked and set(quoted.values()) == {1}
