"""Admins' uploads, removals and /reload when reloads are live (bot/live.py): the real
Application against the stand-in Bot API, a real folder and saved index on disk."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.library import Library
from bot.live_index import LiveIndex
from bot.telegram.app import build_application

from .botapi import WAIT, BotApiServer
from .conftest import RunningBot, started
from .test_admin import (
    ADMIN,
    USER,
    admin_settings,
    answer_to,
    article,
    buttons,
    press,
    question,
    reloaded,
    remove_prompt,
    shown,
    upload,
)
from .test_admin import folder as folder  # the fixture, re-exported


@pytest.fixture
async def bot(api: BotApiServer, folder: Path) -> AsyncIterator[RunningBot]:
    """Live from the first passage on: every reload is a delta beside the saved index."""
    settings = admin_settings(api, folder, max_upload_bytes=4000, live_from=0)
    library = Library(settings)
    async with started(build_application(settings, library)) as application:
        yield RunningBot(api, application, library)
    merging = library._merging  # a merge the test's reloads started: its child build ends
    if merging is not None:  # before the folder goes, not during the next test
        merging.join(timeout=WAIT)


async def test_upload_and_removal_are_live(bot: RunningBot, folder: Path) -> None:
    api = bot.api
    assert "doesn’t say" in await answer_to(api, USER, question("quillobar"))
    reply = await upload(api, "quillobar.md", article("quillobar").encode())
    assert reply.startswith("Saved “The special article” as quillobar.md: 3 passage(s).")
    assert "2 article(s), " in reply
    assert isinstance(bot.library.answerer.index, LiveIndex)  # no rebuild
    assert "quillobar" in await answer_to(api, USER, question("quillobar"))

    prompt = await remove_prompt(api, "/remove quillobar.md")
    assert await press(api, prompt, buttons(prompt)["Remove"]) == "Removing…"
    report = await shown(api, ADMIN, lambda t: t.startswith("Removed “The special article”"))
    assert "1 article(s)" in report
    assert "doesn’t say" in await answer_to(api, USER, question("quillobar"))


async def test_reload_reports_a_silent_change_and_a_broken_file(
    bot: RunningBot, folder: Path
) -> None:
    api = bot.api
    (folder / "special.md").write_text(article("quillobar"))
    (folder / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\n" + b"\xff" * 50)
    report = await reloaded(api, ADMIN)
    assert "Added: “The special article”" in report and "broken.md" in report
    assert "quillobar" in await answer_to(api, USER, question("quillobar"))
    (folder / "special.md").write_text(article("zentravite", title="The changed article"))
    report = await reloaded(api, ADMIN)
    assert "Changed: “The changed article”" in report
    assert "zentravite" in await answer_to(api, USER, question("zentravite"))
    assert "quillobar" not in await answer_to(api, USER, question("quillobar"))  # tombstoned
