"""Admins add articles from links and channel posts; a vanished folder keeps the last content.

The real Application polls the stand-in Bot API; the news pages are served by a
real HTTP server on 127.0.0.1 (tests.pages), which knowledge.fetch.allow_private lets
the bot fetch.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.config import FetchSettings
from bot.knowledge import load_folder
from bot.library import Library
from bot.telegram.app import build_application
from tests.pages import FURNITURE, PageServer, serving, story_paragraphs

from .botapi import BotApiServer
from .conftest import ROOT, RunningBot, started
from .test_admin import ADMIN, FLED, KREMLIN, USER, admin_settings, answer_to, reloaded, texts
from .test_admin import folder as folder  # the fixture (the seed article), re-exported

PAGES = {
    "ferry": ("How much did rebuilding the quay cost?", "2.3 million kroner", "The Coastal Herald", "14 November 2023"),
    "library": ("Who left the library money in his will?", "Harold Finch", "The Riverside Gazette", "2 April 2024"),
    "owls": ("How far from their nests did the young owls settle?", "eleven kilometres", "Northern Science Daily", "21 September 2022"),
}
CHANNEL_ID = -1001234567890


@pytest.fixture(scope="module")
def site() -> Iterator[PageServer]:
    with serving() as server:
        yield server


@pytest.fixture
async def bot(api: BotApiServer, folder: Path) -> AsyncIterator[RunningBot]:
    settings = admin_settings(api, folder)
    settings = dataclasses.replace(
        settings,
        knowledge=dataclasses.replace(
            settings.knowledge, fetch=FetchSettings(allow_private=True, timeout=5.0)
        ),
    )
    library = Library(settings)
    async with started(build_application(settings, library)) as application:
        yield RunningBot(api, application, library)


async def finished(api: BotApiServer, chat_id: int, before: int) -> str:
    """The admin's status message once it holds the outcome (added or not)."""

    def outcome() -> str | None:
        return next(
            (t for t in texts(api, chat_id)[before:] if "Not added" in t or "Reloaded in" in t),
            None,
        )

    # the first add of a run imports the page extractor and reloads the index (botapi.WAIT)
    found: str = await api.until(outcome)
    return found


async def admin_says(api: BotApiServer, text: str) -> str:
    before = len(texts(api, ADMIN))
    api.send_text(api.private_chat(ADMIN), text)
    return await finished(api, ADMIN, before)


async def test_an_admin_link_adds_the_story_and_readers_get_answers_with_source_and_date(
    bot: RunningBot, site: PageServer, folder: Path
) -> None:
    for name, (_, _, source, date) in PAGES.items():
        report = await admin_says(bot.api, site.url(f"/news/{name}"))
        assert "Added “" in report and f"({source}, {date}):" in report and "passage(s)" in report
    knowledge = load_folder(folder)
    assert len(knowledge.articles) == 4 and not knowledge.errors
    for name in PAGES:
        (article,) = [a for a in knowledge.articles if a.url == site.url(f"/news/{name}")]
        assert list(article.paragraphs) == story_paragraphs(name)
        saved = (folder / article.key).read_text(encoding="utf-8")
        assert not [f for f in FURNITURE if f in saved]
    for question, expected, source, date in PAGES.values():
        reply = await answer_to(bot.api, USER, question)
        assert expected in reply and source in reply and date in reply
    assert "fled" in await answer_to(bot.api, USER, FLED)  # the old content still answers


async def test_add_command_refusals_and_links_from_readers(bot: RunningBot, site: PageServer, folder: Path) -> None:
    assert "Added “Harbour ferry" in await admin_says(bot.api, f"/add {site.url('/moved')}")
    again = await admin_says(bot.api, f"/add {site.url('/news/ferry')}")
    assert "Not added: this link is already an article: “Harbour ferry returns" in again
    assert "paywall stub" in await admin_says(bot.api, site.url("/stub"))
    assert "not a web page" in await admin_says(bot.api, f"Please add {site.url('/file.pdf')} thanks")
    [usage] = [t for t in await _replies(bot.api, ADMIN, "/add") if "link" in t]
    assert "Send me a link" in usage
    # a reader's link is a question, never an addition
    reply = await answer_to(bot.api, USER, site.url("/news/owls"))
    assert "Added" not in reply and "Fetching" not in reply
    [refusal] = await _replies(bot.api, USER, f"/add {site.url('/news/owls')}")
    assert "only the bot’s admins can use /add" in refusal
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".md") == [
        "harbour-ferry-returns-after-storm-repairs.md",
        KREMLIN.name,
    ]


async def _replies(api: BotApiServer, user_id: int, text: str) -> list[str]:
    before = len(api.sent(user_id))
    api.send_text(api.private_chat(user_id), text)
    await api.until(lambda: len(api.sent(user_id)) > before)
    return texts(api, user_id)[before:]


POST = (
    "Tram line 4 closes for three weeks\n\n"
    "The tram line 4 between Central Station and the harbour closes on Monday for track "
    "repairs, the city transport company said. Replacement buses will run every ten minutes.\n\n"
    "The line is expected to reopen on 28 March."
)


async def test_a_forwarded_channel_post_becomes_an_article_readers_get_answers_from(
    bot: RunningBot, folder: Path
) -> None:
    api = bot.api
    channel = {**api.channel(CHANNEL_ID, "City Transport News"), "username": "citytransport"}
    posted = int(time.mktime((2025, 3, 3, 9, 0, 0, 0, 0, 0)))
    before = len(texts(api, ADMIN))
    message = api.message(
        api.private_chat(ADMIN),
        None,
        POST,
        forward_origin={"type": "channel", "chat": channel, "message_id": 77, "date": posted},
    )
    api.feed("message", message)
    report = await finished(api, ADMIN, before)
    assert "Added “Tram line 4 closes for three weeks” (City Transport News, 3 March 2025)" in report
    saved = (folder / "tram-line-4-closes-for-three-weeks.md").read_text(encoding="utf-8")
    assert "url: https://t.me/citytransport/77" in saved and "source: City Transport News" in saved
    reply = await answer_to(api, USER, "How often will the replacement buses run?")
    assert "every ten minutes" in reply and "City Transport News" in reply and "3 March 2025" in reply
    # a forward from a person is no channel post: explained, nothing added
    person = api.message(
        api.private_chat(ADMIN), None, "Look at this", forward_origin={
            "type": "user", "sender_user": api.user(99, "Bob"), "date": posted}
    )
    before = len(api.sent(ADMIN))
    api.feed("message", person)
    await api.until(lambda: len(api.sent(ADMIN)) > before)
    assert "Only posts forwarded from a channel" in texts(api, ADMIN)[-1]


async def test_a_vanished_folder_is_reported_and_the_last_content_keeps_answering(
    bot: RunningBot, folder: Path
) -> None:
    assert "fled" in await answer_to(bot.api, USER, FLED)
    shutil.rmtree(folder)
    before = len(texts(bot.api, ADMIN))
    bot.api.send_text(bot.api.private_chat(ADMIN), "/reload")

    def failed() -> str | None:
        return next((t for t in texts(bot.api, ADMIN)[before:] if "reload failed" in t), None)

    report = await bot.api.until(failed)
    assert f"the knowledge folder {folder} does not exist" in report
    assert "previous content is still served" in report
    assert len(bot.library.answerer.articles) == 1
    assert "fled" in await answer_to(bot.api, USER, FLED)
    folder.mkdir()
    shutil.copy(KREMLIN, folder / KREMLIN.name)
    assert "1 article(s)" in await reloaded(bot.api, ADMIN)


async def test_watch_mode_keeps_serving_when_the_folder_vanishes(
    api: BotApiServer, folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = admin_settings(api, folder, watch=True, watch_interval=0.05, watch_debounce=0.1)
    library = Library(settings)
    application = build_application(settings, library)
    async with started(application):
        shutil.rmtree(folder)
        await asyncio.sleep(1.0)  # several polls, a due reload, its failure
        assert len(library.answerer.articles) == 1
        assert "fled" in await answer_to(api, USER, FLED)
    failures = [r.getMessage() for r in caplog.records if "folder change failed" in r.getMessage()]
    assert failures and "does not exist; still serving the last good content" in failures[0]


def test_start_with_the_folder_missing_exits_non_zero_with_a_clear_message(api: BotApiServer, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"knowledge:\n  path: gone\ntelegram:\n  base_url: {api.base_url}\n")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": api.token, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), "run"],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path, check=False,
    )
    assert done.returncode == 2
    assert f"error: the knowledge folder {tmp_path / 'gone'} does not exist (config: {config})" in done.stderr
    assert "Traceback" not in done.stderr and api.token not in done.stderr
    assert not api.calls_to("getMe", ok=None)


async def test_extra_front_matter_keys_load_with_a_warning_in_the_reload_report(
    bot: RunningBot, folder: Path
) -> None:
    (folder / "pool.md").write_text(
        "---\ntitle: Harbour pool reopens\nsource: Town Post\nurl: https://town.example/pool\n"
        "published: 2021-06-01\nlicence: CC BY 2.5\nlang: en\ncaptoin: Swimmers.\n---\n"
        "The harbour pool reopened on Monday after two years of repairs.\n"
    )
    report = await reloaded(bot.api, ADMIN)
    assert "Added: “Harbour pool reopens”" in report and "Loaded with 2 warning(s):" in report
    assert "pool.md: unknown front matter key 'captoin' ignored (did you mean `caption`?)" in report
    assert "pool.md: unknown front matter key(s) ignored: 'licence', 'lang'" in report
    assert "broken" not in report


async def test_an_impossible_value_is_one_file_s_error_in_uploads_and_reloads(
    bot: RunningBot, folder: Path
) -> None:
    """Issue 20: an impossible date used to be 'Sorry, something went wrong' and a failed reload."""
    bad = b"---\ntitle: Odd\nsource: Post\npublished: 2022-02-30\n---\nThe pool reopened.\n"
    before = len(bot.api.sent(ADMIN))
    bot.api.send_document(bot.api.private_chat(ADMIN), "odd.md", bad)
    await bot.api.until(lambda: len(bot.api.sent(ADMIN)) > before)
    refusal = texts(bot.api, ADMIN)[-1]
    assert refusal.startswith("Not added: odd.md: front matter has a value that cannot be read")
    assert "day is out of range" in refusal and not (folder / "odd.md").exists()
    (folder / "odd.md").write_bytes(bad)
    (folder / "pool.md").write_text(
        "---\ntitle: Harbour pool reopens\nsource: Town Post\npublished: 2021-06-01\n---\n"
        "The harbour pool reopened on Monday after two years of repairs.\n"
    )
    report = await reloaded(bot.api, ADMIN)
    assert "Added: “Harbour pool reopens”" in report and "Skipped 1 broken file(s)" in report
    assert "odd.md: front matter has a value that cannot be read: day is out of range" in report
