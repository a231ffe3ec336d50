"""Fixtures: the stand-in Bot API server and the real Application polling it."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.config import KnowledgeSettings, Settings, TelegramSettings, load_settings
from bot.library import Library
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.logs import unmask

from .botapi import WAIT, BotApiServer

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
CONFIG = ROOT / "config.yaml"
POLL_TIMEOUT = 2  # seconds; the stand-in answers at once when updates are fed


@pytest.fixture(autouse=True)
def no_thread_left() -> Iterator[None]:
    """Every thread a test starts ends with it: a stand-in server's thread waiting on a
    connection a client left open, or a background merge, would run on into later tests
    (and a process with other threads never forks its index build: tests/test_build.py).
    Threads that end by themselves (a long poll's handler) are waited for, up to WAIT."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + WAIT
    started = [t for t in threading.enumerate() if t not in before]
    for thread in started:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    left = [t.name for t in started if t.is_alive()]
    assert not left, f"threads this test left running: {left}"


@pytest.fixture
def api() -> Iterator[BotApiServer]:
    with BotApiServer() as server:
        yield server


def settings_for(api: BotApiServer) -> Settings:
    base = load_settings(CONFIG, environ={})
    return Settings(
        knowledge=KnowledgeSettings(path=KNOWLEDGE),
        retrieval=base.retrieval,
        telegram=TelegramSettings(
            token=api.token, base_url=api.base_url, base_file_url=api.base_file_url
        ),
        limits=base.limits,
        admins=base.admins,
    )


@pytest.fixture(scope="session")
def library() -> Library:
    return Library(settings_for_knowledge())


def settings_for_knowledge() -> Settings:
    base = load_settings(CONFIG, environ={})
    return Settings(knowledge=KnowledgeSettings(path=KNOWLEDGE), retrieval=base.retrieval)


@dataclass
class RunningBot:
    api: BotApiServer
    application: Any
    library: Library


@contextlib.asynccontextmanager
async def started(
    application: Any,
    webhook: dict[str, Any] | None = None,
    ready: Callable[[], object] | None = None,
) -> AsyncIterator[Any]:
    """Run `application` the way Application.run_polling (or, given `webhook`'s
    options, run_webhook) does, minus signal handling; `ready` is called once the
    journal's undone updates are queued (post_init), before polling and handling start."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    if ready is not None:
        ready()
    if webhook is not None:
        await application.updater.start_webhook(**webhook)
    else:
        await application.updater.start_polling(
            poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=list(ALLOWED_UPDATES)
        )
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        unmask()


@pytest.fixture
async def bot(api: BotApiServer, library: Library) -> AsyncIterator[RunningBot]:
    """The real Application polling the stand-in server."""
    async with started(build_application(settings_for(api), library)) as application:
        yield RunningBot(api, application, library)
