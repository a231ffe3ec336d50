"""Soak: the real `python -m bot run` answering many chats at Telegram's own pace.

Questions arrive at about 27 a second (Telegram lets a bot send about 30
messages a second), from 100 private chats each asking every 4 seconds and
10 groups each asking every 4 seconds (under 20 a minute per group). The
bot's resident memory is sampled from /proc once a second: after a warm-up
it must stay flat, and every question must be answered exactly once. The
short form runs by default; the full one (3 minutes) with --runslow.
"""

from __future__ import annotations

import collections
import signal
import statistics
import time
from pathlib import Path

import pytest

from .botapi import BotApiServer
from .test_resilience import questions
from .test_run_instances import stop
from .test_run_process import run_bot, write_config

PRIVATE_CHATS = 100
GROUPS = 10
RATE = 27.5  # questions a second, all chats together
MAX_GROWTH_MB = 20.0


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of `pid`, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def soak(api: BotApiServer, tmp_path: Path, seconds: float, warm_up: float) -> None:
    pool = questions()
    process = run_bot(write_config(tmp_path / "config.yaml", api), api.token)
    private = [api.private_chat(80_000 + n) for n in range(PRIVATE_CHATS)]
    groups = [api.group_chat(-80_000 - n) for n in range(GROUPS)]
    chats = private + groups
    asked_private: dict[int, list[float]] = collections.defaultdict(list)
    asked_group: set[tuple[int, int]] = set()
    samples: list[tuple[float, float]] = []  # (seconds since start, RSS MB)
    try:
        api.send_text(api.private_chat(1), pool[0])  # wait until it is up
        api.wait_for(lambda: api.sent(1))
        started = time.monotonic()
        next_sample = started
        sent = 0
        while (now := time.monotonic()) < started + seconds:
            if now >= next_sample:
                samples.append((now - started, memory_mb(process.pid)[0]))
                next_sample += 1.0
            due = int((now - started) * RATE) + 1
            while sent < due:
                chat = chats[sent % len(chats)]
                question = pool[sent % len(pool)]
                if chat["type"] == "private":
                    api.send_text(chat, question)
                    asked_private[chat["id"]].append(time.monotonic())
                else:
                    user = api.user(90_000 + sent)
                    message = api.send_text(chat, f"/ask {question}", sender=user)
                    asked_group.add((chat["id"], message["message_id"]))
                sent += 1
            time.sleep(0.005)
        total = sent + 1
        api.wait_for(lambda: len(api.sent()) >= total)
        time.sleep(1.0)  # a repeated answer would come now
        rss, peak = memory_mb(process.pid)
        samples.append((time.monotonic() - started, rss))
    finally:
        process.send_signal(signal.SIGTERM)
        stderr = stop(process)
    assert process.returncode == 0, stderr[-2000:]
    answers = api.sent()
    assert len(answers) == total
    latencies = []
    for chat_id, asked_at in asked_private.items():
        answered_at = sorted(
            c.at for c in api.calls_to("sendMessage") if c.params["chat_id"] == chat_id
        )
        assert len(answered_at) == len(asked_at)
        latencies += [a - q for q, a in zip(asked_at, answered_at, strict=True)]
    quoted = collections.Counter(
        (a["chat_id"], a["reply_parameters"]["message_id"]) for a in answers if a["chat_id"] < 0
    )
    assert set(quoted) == asked_group and set(quoted.values()) == {1}
    assert not [c for c in api.calls_to("sendMessage", ok=False)]
    after_warm_up = [mb for at, mb in samples if at >= warm_up]
    growth = after_warm_up[-1] - after_warm_up[0]
    latencies.sort()
    print(
        f"\nsoak {seconds:.0f} s: {total} questions sent ({total / seconds:.1f}/s), "
        f"{len(answers)} answered, each once; RSS {samples[0][1]:.1f} MB at start, "
        f"{after_warm_up[0]:.1f} MB after warm-up, {after_warm_up[-1]:.1f} MB at the end "
        f"(growth {growth:+.1f} MB), peak {peak:.1f} MB; answer latency "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    assert growth < MAX_GROWTH_MB


def test_soak_short(api: BotApiServer, tmp_path: Path) -> None:
    soak(api, tmp_path, seconds=15, warm_up=5)


@pytest.mark.slow
def test_soak_full(api: BotApiServer, tmp_path: Path) -> None:
    soak(api, tmp_path, seconds=180, warm_up=30)
