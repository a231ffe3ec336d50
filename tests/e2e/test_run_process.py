"""The real `python -m bot run` process: answers through the stand-in API, stops on signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.config import TOKEN_ENV

from .botapi import BotApiServer, Fault
from .conftest import KNOWLEDGE, ROOT
from .telegram_html import visible_text

# Seconds a real `python -m bot run` may take to start and answer: a few on an idle
# machine, over 30 on the 2-core machine at load 15. A deadline, not a speed bound: each
# wait ends as soon as the process answers (or exits), so a generous one costs nothing.
START = 120


def write_config(path: Path, api: BotApiServer | None) -> Path:
    lines = ["knowledge:", f"  path: {KNOWLEDGE}"]
    if api is not None:
        lines += [
            "telegram:",
            f"  base_url: {api.base_url}",
            f"  base_file_url: {api.base_file_url}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bot_env(token: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    if token is not None:
        env[TOKEN_ENV] = token
    return env


def run_bot(
    config: Path, token: str | None, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(config), "run"],
        cwd=ROOT,
        env=env if env is not None else bot_env(token),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_run_answers_and_stops_cleanly_on_a_signal(
    api: BotApiServer, tmp_path: Path, stop: signal.Signals
) -> None:
    api.inject(Fault.bad_gateway(), count=1, methods=["sendMessage"])
    process = run_bot(write_config(tmp_path / "config.yaml", api), api.token)
    try:
        api.send_text(api.private_chat(1), "How many people have fled Ukraine?")
        [reply] = api.wait_for(lambda: api.sent(1), timeout=START)
        assert "660,000" in visible_text(reply["text"])
        assert api.calls_to("setMyCommands")
        api.wait_for(lambda: api.confirmed_offset > 1)  # so the update is not served again
        started = time.monotonic()
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=15)
        stopped_in = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert stopped_in < 5, f"took {stopped_in:.1f} s to stop"
    assert "serving 1 article(s)" in stderr
    assert "retry 1 in" in stderr  # the 502 was retried and logged
    assert api.token not in stderr and api.token.split(":")[1] not in stderr
    print(f"\nstopped {stop.name} in {stopped_in:.2f} s")


def test_run_without_a_token_says_how_to_set_one(tmp_path: Path) -> None:
    process = run_bot(write_config(tmp_path / "config.yaml", None), None)
    _, stderr = process.communicate(timeout=START)
    assert process.returncode == 2
    assert TOKEN_ENV in stderr and "telegram.token" in stderr
    assert "python -m bot chat" in stderr


def test_run_with_a_refused_token_exits_with_a_message(api: BotApiServer, tmp_path: Path) -> None:
    # well-formed (malformed ones are refused before any call: test_hostile_files.py), but wrong
    process = run_bot(write_config(tmp_path / "config.yaml", api), "42:wrong-token-of-the-right-shape")
    _, stderr = process.communicate(timeout=START)
    assert process.returncode == 1
    assert "refused the bot token" in stderr and "wrong-token" not in stderr
