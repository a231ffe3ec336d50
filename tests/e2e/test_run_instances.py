"""The real process under restarts: SIGTERM in a burst, and a second instance on the same token."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from bot.library import Library
from bot.telegram.conflict import EXIT_CODE, GRACE

from .botapi import BotApiServer
from .test_resilience import questions
from .test_run_process import START, run_bot, write_config
from .test_weather import check_each_answered_once


def stop(process: subprocess.Popen[str], sig: signal.Signals = signal.SIGTERM) -> str:
    """Signal `process`, wait for it, and return its stderr."""
    if process.poll() is None:
        process.send_signal(sig)
    try:
        _, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return stderr


def confirmed_on_stop(api: BotApiServer) -> bool:
    """python-telegram-bot's last poll on stop: getUpdates with timeout 0 to confirm the offset."""
    return any(c.params.get("timeout") == 0 for c in api.calls_to("getUpdates", ok=None))


def test_sigterm_in_a_burst_loses_and_repeats_nothing(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    """SIGTERM with ~70 questions unanswered, more arriving, and an impatient second SIGTERM."""
    config = write_config(tmp_path / "config.yaml", api)
    pool = questions()
    asked: dict[tuple[int, int], str] = {}

    def ask(chat: dict[str, Any], n: int, sender: dict[str, Any] | None = None) -> None:
        question = pool[n % len(pool)]
        text = question if chat["type"] == "private" else f"/ask {question}"
        sent = api.send_text(chat, text, sender=sender)
        asked[(chat["id"], sent["message_id"])] = question

    first = run_bot(config, api.token)
    try:
        ask(api.private_chat(1), 0)
        api.wait_for(lambda: api.sent(1), timeout=START)
        for n in range(80):
            if n % 4 == 3:
                ask(api.group_chat(-30_000 - n % 10), n, api.user(70_000 + n))
            else:
                ask(api.private_chat(30_000 + n % 30), n)
        api.wait_for(lambda: len(api.sent()) >= 12)
        first.send_signal(signal.SIGTERM)
        at_signal = len(api.sent())
        for n in range(10):  # questions keep coming while it stops
            ask(api.private_chat(40_000 + n), n)
        api.wait_for(lambda: confirmed_on_stop(api))
        for n in range(10, 20):  # after its last getUpdates: only the next instance can answer
            ask(api.private_chat(40_000 + n), n)
        first.send_signal(signal.SIGTERM)  # an impatient operator
        stderr = stop(first)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, stderr
    by_first = len(api.sent())
    second = run_bot(config, api.token)
    try:
        api.wait_for(lambda: len(api.sent()) >= len(asked), timeout=START)
        time.sleep(1.0)  # a repeated answer would come now
    finally:
        stop(second)
    check_each_answered_once(api.sent(), asked, library)
    assert len(api.sent()) == len(asked) == 101
    assert len(asked) - by_first >= 10
    print(
        f"\nSIGTERM with {81 - at_signal} of 81 questions unanswered and 20 more arriving: the "
        f"stopping bot answered {by_first - at_signal}, the restarted one {len(asked) - by_first}; "
        f"{len(asked)} sent, {len(api.sent())} answered"
    )


def test_a_second_instance_on_the_same_token_stops_with_a_clear_message(
    api: BotApiServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.yaml", api)
    first = run_bot(config, api.token)
    first_started = time.monotonic()
    second: subprocess.Popen[str] | None = None
    second_err = ""
    try:
        api.send_text(api.private_chat(1), "Who is the ICC prosecutor?")
        api.wait_for(lambda: api.sent(1), timeout=START)
        time.sleep(max(0.0, first_started + GRACE + 1 - time.monotonic()))
        second = run_bot(config, api.token)
        _, second_err = second.communicate(timeout=START)
        assert second.returncode == EXIT_CODE, second_err
        assert "another instance is already polling" in second_err
        api.send_text(api.private_chat(2), "Who is the ICC prosecutor?")
        api.wait_for(lambda: api.sent(2))  # the first one still answers
        assert first.poll() is None
    finally:
        first_err = stop(first)
        if second is not None and second.poll() is None:
            second.kill()
    assert first.returncode == 0, first_err
    assert "another instance started polling" in first_err
    assert api.token not in first_err + second_err
    conflicts = len([c for c in api.calls_to("getUpdates", ok=False) if c.status == 409])
    print(f"\nsecond instance stepped aside after {conflicts} 409 Conflict answer(s)")
