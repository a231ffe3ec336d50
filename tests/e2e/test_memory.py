"""Memory over many reloads: answers kept for their buttons must not keep old indexes alive."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from bot.bench_corpus import generate, source_sentences
from bot.library import Library
from bot.telegram.app import build_application

from .botapi import BotApiServer, Call
from .conftest import KNOWLEDGE, started
from .telegram_html import visible_text
from .test_admin import ADMIN, KREMLIN, admin_settings, texts

RELOADS = 20
PASSAGES = 6_000
QUESTIONS = ("How many people have fled Ukraine?", "Who is the ICC prosecutor?")
# What 18 reloads may add to the process once the first two have warmed it up:
# about one index of this folder (33 MiB, measured below). Keeping every old
# index alive, as the answer cache did, added about 400 MiB; freed memory left
# in the worker threads' malloc arenas, 64 MiB; with both fixed, about 12 MiB.
GROWTH_BOUND_MIB = 40


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def answered(api: BotApiServer) -> list[Call]:
    return [c for c in api.calls_to("sendMessage") if c.params["chat_id"] >= 20_000]


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("memory")
    generate(folder, PASSAGES, source_sentences(KNOWLEDGE), seed=9)
    shutil.copy(KREMLIN, folder / KREMLIN.name)
    return folder


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc")
async def test_twenty_reloads_with_questions_between_keep_memory_bounded(
    api: BotApiServer, big_folder: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(big_folder, folder)
    settings = admin_settings(api, folder)
    before_index = rss_mib()
    library = Library(settings)
    after_index = rss_mib()
    asked: dict[int, str] = {}
    readings: list[float] = []
    async with started(build_application(settings, library)):
        for reload in range(1, RELOADS + 1):
            api.send_text(api.private_chat(ADMIN), "/reload")
            await api.until(lambda n=reload: sum("Reloaded in" in t for t in texts(api, ADMIN)) == n)
            for n, question in enumerate(QUESTIONS * 3):
                user = 20_000 + reload * 10 + n
                api.send_text(api.private_chat(user), question)
                asked[user] = question
            expected = len(asked)
            await api.until(lambda n=expected: len(answered(api)) >= n)
            gc.collect()
            readings.append(rss_mib())
    answers = answered(api)
    assert sorted(c.params["chat_id"] for c in answers) == sorted(asked)
    fled = [c for c in answers if asked[c.params["chat_id"]] == QUESTIONS[0]]
    assert all("660,000" in visible_text(c.params["text"]) for c in fled)
    assert any(c.params.get("reply_markup") for c in answers)  # answers were cached for buttons
    growth = readings[-1] - readings[1]
    print(
        f"\n{RELOADS} reloads of {len(library.answerer.knowledge.passages)} passages,"
        f" {len(asked)} questions between them: RSS {before_index:.0f} MiB before the index,"
        f" {after_index:.0f} MiB with it,"
        f" {readings[1]:.0f} MiB after 2 reloads, {readings[-1]:.0f} MiB after {RELOADS}"
        f" (+{growth:.0f} MiB; readings {', '.join(f'{r:.0f}' for r in readings)})"
    )
    assert growth < GROWTH_BOUND_MIB
