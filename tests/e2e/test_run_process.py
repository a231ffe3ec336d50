"""The real `python -m bot run` process: answers through the stand-in API, stops on signals."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
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
STOP_CPU = 1.0  # CPU seconds a stop may cost (about 0.1): not slowed by a loaded machine


def cpu_seconds(pid: int) -> float:
    """The CPU time a running process and the children it waited for have used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime .. cstime


def children_cpu() -> float:
    """The CPU time of this process's children that have ended (and their children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
    before = children_cpu()
    process = run_bot(write_config(tmp_path / "config.yaml", api), api.token)
    try:
        api.send_text(api.private_chat(1), "How many people have fled Ukraine?")
        [reply] = api.wait_for(lambda: api.sent(1), timeout=START)
        assert "660,000" in visible_text(reply["text"])
        assert api.calls_to("setMyCommands")
        api.wait_for(lambda: api.confirmed_offset > 1)  # so the update is not served again
        calls, spent = len(api.calls), cpu_seconds(process.pid)
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=START)
        stop_cpu = children_cpu() - before - spent
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    # Promptly, counted rather than timed: the long poll the bot was in is cut short by the
    # stop's last getUpdates (a 409 here), not waited out, and stopping costs little CPU.
    polls = [c for c in api.calls[calls:] if c.method == "getUpdates"]
    seen = [(c.status, c.params.get("timeout")) for c in polls]  # a long poll has a timeout
    assert seen and not [c for c in polls if c.ok and c.params.get("timeout")], seen
    assert stop_cpu < STOP_CPU, f"stopping took {stop_cpu:.2f} s of CPU"
    assert "serving 1 article(s)" in stderr
    assert "retry 1 in" in stderr  # the 502 was retried and logged
    assert api.token not in stderr and api.token.split(":")[1] not in stderr
    print(f"\nstopped {stop.name}: {stop_cpu:.2f} CPU s; getUpdates (status, timeout) {seen}")


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
