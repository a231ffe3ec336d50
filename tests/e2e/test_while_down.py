"""Questions sent while the bot was down are answered when `python -m bot run` starts:
nothing pending is dropped (python-telegram-bot's `drop_pending_updates` is never set)."""

from __future__ import annotations

import signal
from pathlib import Path

from .botapi import BOT_USERNAME, BotApiServer
from .telegram_html import visible_text
from .test_run_process import START, run_bot, write_config


def test_questions_sent_while_the_bot_was_down_are_answered_at_start(
    api: BotApiServer, tmp_path: Path
) -> None:
    group = api.group_chat(-4100)
    api.send_text(api.private_chat(4101), "How many people have fled Ukraine?")
    api.send_text(group, "/ask Who is the ICC prosecutor?", sender=api.user(4102))
    api.send_text(group, f"@{BOT_USERNAME} where is the court based?", sender=api.user(4103))
    assert api.pending_updates() == 3 and not api.calls  # the bot has not started yet
    process = run_bot(write_config(tmp_path / "config.yaml", api), api.token)
    try:
        [reply] = api.wait_for(lambda: api.sent(4101), timeout=START)
        answers = api.wait_for(lambda: len(api.sent(-4100)) >= 2 and api.sent(-4100), timeout=START)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=START)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert "660,000" in visible_text(reply["text"])
    shown = " ".join(visible_text(a["text"]) for a in answers)
    assert "Karim Khan" in shown and "Hague" in shown
    dropping = [c for c in api.calls if c.params.get("drop_pending_updates")]
    assert dropping == []
