"""Security: what a non-admin can reach, and the token in logs, tracebacks and config files."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import shutil
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.error import InvalidToken

from bot.config import KnowledgeSettings
from bot.library import Library
from bot.telegram.app import build_application
from bot.telegram.logs import MASK

from .botapi import BotApiServer, Fault
from .conftest import KNOWLEDGE, settings_for, started
from .telegram_html import visible_text
from .test_run_instances import stop
from .test_run_process import bot_env, run_bot

ADMIN = 999_001
STRANGER = 4242
ADMIN_WORDS = ("/reload", "/remove", "/stats", "/upload")
SUCCESS_WORDS = ("reloaded", "added", "removed", "saved", "uploaded")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def document(api: BotApiServer, file_id: str, name: str, content: bytes) -> dict[str, Any]:
    api.add_file(file_id, content)
    return {
        "file_id": file_id,
        "file_unique_id": f"u{file_id}",
        "file_name": name,
        "mime_type": "text/markdown",
        "file_size": len(content),
    }


async def test_non_admins_cannot_touch_the_knowledge_in_any_chat(
    api: BotApiServer, tmp_path: Path
) -> None:
    """Admin commands and uploads from anyone else: nothing downloaded, nothing changed."""
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    before = snapshot(folder)
    base = settings_for(api)
    settings = dataclasses.replace(
        base, knowledge=KnowledgeSettings(path=folder, cache=False), admins=(ADMIN,)
    )
    library = Library(settings)
    question = "How many people have fled Ukraine?"
    evil = b"---\ntitle: Fake\nsource: X\nurl: https://evil.example\npublished: 2022-01-01\n---\nThe answer is 42.\n"
    stranger = api.user(STRANGER, "Mallory")
    chats = [api.private_chat(STRANGER, "Mallory"), api.group_chat(-7001, supergroup=False)]
    chats += [api.group_chat(-1007002)]
    async with started(build_application(settings, library)):
        api.send_text(chats[0], question)
        [first] = await api.until(lambda: api.sent(STRANGER))
        for n, chat in enumerate(chats):
            suffix = "" if chat["type"] == "private" else f"@{api.bot['username']}"
            for command in ADMIN_WORDS:
                api.send_text(chat, f"{command}{suffix} ../../etc/passwd", sender=stranger)
            name = ["../../config.yaml", "evil.md", "x" * 300 + ".md"][n]
            message = api.message(
                chat,
                stranger,
                caption=f"@{api.bot['username']} add this",
                document=document(api, f"f{n}", name, evil),
            )
            api.feed("message", message)
        channel = api.channel(-1007003)
        post = api.message(channel, None, document=document(api, "fc", "evil.md", evil))
        api.feed("channel_post", post)
        await asyncio.sleep(1.5)  # time for anything that was going to happen
        api.send_text(chats[0], question)
        await api.until(lambda: len(api.sent(STRANGER)) >= 2 + 4)
        await asyncio.sleep(0.3)
    assert api.calls_to("getFile", ok=None) == []  # no stranger's file was ever downloaded
    assert snapshot(folder) == before
    replies = [visible_text(m["text"]).lower() for m in api.sent()]
    assert not [r for r in replies if any(word in r for word in SUCCESS_WORDS)]
    assert api.sent(STRANGER)[-1]["text"] == first["text"]  # same knowledge, same answer
    assert "42" not in " ".join(replies)


async def test_the_token_is_in_no_log_record_at_any_level(
    api: BotApiServer, library: Library, caplog: pytest.LogCaptureFixture
) -> None:
    """Refused token, polling faults, a 409, a failing handler: every record, fully formatted."""
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("test.security")
    settings = settings_for(api)
    wrong = dataclasses.replace(
        settings,
        telegram=dataclasses.replace(settings.telegram, token="777:Wrong-Token-Also-Secret"),
    )
    application = build_application(wrong, library)
    with pytest.raises(InvalidToken) as refused:
        await application.initialize()
    assert "Wrong-Token-Also-Secret" in str(refused.value)  # why the masking is needed
    log.exception("start failed", exc_info=refused.value)
    # Never initialised, the Application's shutdown() returns at once: the bot's own closes
    # the connection its getMe kept alive (left open, a server thread waits on it for ever).
    await application.bot.shutdown()

    api.inject(Fault.bad_gateway(), count=1, methods=["getUpdates"])
    api.inject(Fault.connection_reset(), count=1, methods=["getUpdates"])
    api.inject(Fault.bad_gateway(), count=1, methods=["sendMessage"])  # retried with a warning
    api.inject(Fault(400, "Bad Request: refused for the test"), count=1, methods=["sendMessage"])
    async with started(build_application(settings, library)):
        api.send_text(api.private_chat(31), "Who is Karim Khan?")
        await api.until(lambda: api.sent(31))
        api.send_text(api.private_chat(32), "Who is Karim Khan?")
        await api.until(lambda: api.sent(32))
        await asyncio.to_thread(  # another poller: the bot's long poll ends with 409
            httpx.post, f"{api.base_url}{api.token}/getUpdates", timeout=5
        )
        await asyncio.sleep(1.5)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    lines = "\n".join(formatter.format(record) for record in caplog.records)
    levels = {record.levelname for record in caplog.records}
    assert {"DEBUG", "INFO", "WARNING", "ERROR"} <= levels
    assert "Traceback" in lines and MASK in lines  # tracebacks were logged, masked
    for secret in (
        api.token,
        api.token.split(":")[1],
        "777:Wrong-Token-Also-Secret",
        "Wrong-Token-Also-Secret",
    ):
        assert secret not in lines
    print(
        f"\ntoken check: {len(caplog.records)} log records at {sorted(levels)}, none with a token"
    )


@pytest.mark.parametrize("mode", [0o644, 0o600])
def test_run_warns_when_the_config_holding_the_token_is_world_readable(
    api: BotApiServer, tmp_path: Path, mode: int
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"knowledge:\n  path: {KNOWLEDGE}\n"
        f"telegram:\n  token: {api.token}\n  base_url: {api.base_url}\n"
        f"  base_file_url: {api.base_file_url}\n",
        encoding="utf-8",
    )
    config.chmod(mode)
    assert "TELEGRAM_BOT_TOKEN" not in bot_env(None)
    process = run_bot(config, None)
    try:
        api.send_text(api.private_chat(41), "Who is Karim Khan?")
        api.wait_for(lambda: api.sent(41))
    finally:
        process.send_signal(signal.SIGTERM)
        stderr = stop(process)
    assert process.returncode == 0, stderr
    warned = "readable by every user" in stderr and "chmod 600" in stderr
    assert warned == (mode == 0o644)
    assert api.token not in stderr and api.token.split(":")[1] not in stderr
