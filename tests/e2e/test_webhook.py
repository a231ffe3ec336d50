"""Webhook mode: the stand-in POSTs updates to the bot's own HTTP server, as Telegram does
for a bot behind a load balancer (docs/scaling.md)."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import WebhookSettings
from bot.library import Library
from bot.telegram.app import ALLOWED_UPDATES, build_application, webhook_options
from bot.telegram.logs import MASK

from .botapi import SECRET_HEADER, ApiError, BotApiServer
from .conftest import settings_for, started
from .telegram_html import visible_text
from .test_run_process import START, bot_env, run_bot, write_config
from .test_state import FLED, READER, LockedOnce, state_settings

SECRET = "stand-in_secret-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def webhook_at(port: int, secret: str = SECRET) -> WebhookSettings:
    return WebhookSettings(
        url=f"http://127.0.0.1:{port}/telegram", listen="127.0.0.1", port=port, secret_token=secret
    )


def post(url: str, update: dict[str, object], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


async def test_webhook_mode_answers_what_telegram_posts(
    api: BotApiServer, library: Library
) -> None:
    webhook = webhook_at(free_port())
    settings = settings_for(api)
    settings = replace(settings, telegram=replace(settings.telegram, webhook=webhook))
    async with started(build_application(settings, library), webhook_options(webhook)):
        [registered] = api.calls_to("setWebhook")
        assert registered.params["url"] == webhook.url
        assert registered.params["secret_token"] == SECRET
        assert set(registered.params["allowed_updates"]) == set(ALLOWED_UPDATES)
        api.send_text(api.private_chat(7), "How many people have fled Ukraine?")
        [reply] = await api.until(lambda: api.sent(7))
        assert "660,000" in visible_text(reply["text"])
        assert 200 in api.webhook_posts
        assert not api.calls_to("getUpdates")  # no polling while the webhook is set

        # Anyone can reach the port; only Telegram knows the secret.
        update = {
            "update_id": 99,
            "message": api.message(api.private_chat(8), text="Who is Peskov?"),
        }
        for secret, status in ((None, 403), ("guessed", 403), (SECRET, 200)):
            # in a thread: the bot's webhook server runs on this test's event loop
            assert await asyncio.to_thread(post, webhook.url, update, secret) == status
        [reply] = await api.until(lambda: api.sent(8))
        assert "Peskov" in visible_text(reply["text"])
        assert len(api.sent(8)) == 1  # the refused posts were not answered


async def test_a_post_the_journal_cannot_take_is_refused_and_answered_when_posted_again(
    api: BotApiServer, library: Library, tmp_path: Path
) -> None:
    """A webhook's POST is answered after the update is journalled (bot/telegram/journal.py):
    a journal write that fails (the file locked past the wait) fails the POST, so Telegram
    posts the update again, and it is answered once."""
    webhook = webhook_at(free_port())
    settings = state_settings(api, tmp_path)
    settings = replace(settings, telegram=replace(settings.telegram, webhook=webhook))
    state = LockedOnce(settings.state)
    async with started(build_application(settings, library, state=state), webhook_options(webhook)):
        api.send_text(api.private_chat(READER), FLED)
        [reply] = await api.until(lambda: api.sent(READER), timeout=20)
        assert state.failed and "660,000" in visible_text(reply["text"])
    refused = [status for status in api.webhook_posts if not 200 <= status < 300]
    assert refused == [500] and api.webhook_posts[-1] == 200
    assert len(api.sent(READER)) == 1


@pytest.mark.parametrize("configured", [SECRET, ""])  # "": a random one chosen at start
async def test_the_webhook_secret_never_reaches_a_debug_log(
    api: BotApiServer, library: Library, caplog: pytest.LogCaptureFixture, configured: str
) -> None:
    caplog.set_level(logging.DEBUG)
    webhook = webhook_at(free_port(), secret=configured)
    settings = settings_for(api)
    settings = replace(settings, telegram=replace(settings.telegram, webhook=webhook))
    application = build_application(settings, library)
    options = webhook_options(webhook)
    secret = options["secret_token"]
    async with started(application, options):
        api.send_text(api.private_chat(10), "How many people have fled Ukraine?")
        await api.until(lambda: api.sent(10))
    assert api.calls_to("setWebhook")[0].params["secret_token"] == secret
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "setWebhook" in text and MASK in text  # python-telegram-bot logged the call, masked
    assert secret not in text and api.token not in text


def test_run_serves_a_webhook_when_one_is_configured(api: BotApiServer, tmp_path: Path) -> None:
    port = free_port()
    config = write_config(tmp_path / "config.yaml", api)
    config.write_text(
        config.read_text()
        + f"  webhook:\n    url: http://127.0.0.1:{port}/hook\n    port: {port}\n",
        encoding="utf-8",
    )
    env = {**bot_env(api.token), "TELEGRAM_WEBHOOK_SECRET": SECRET}
    api.send_text(api.private_chat(8), "Who is the ICC prosecutor?")  # sent while it was down
    process = run_bot(config, api.token, env=env)
    try:
        api.wait_for(lambda: api.calls_to("setWebhook"), timeout=START)
        api.send_text(api.private_chat(9), "How many people have fled Ukraine?")
        [reply] = api.wait_for(lambda: api.sent(9))
        assert "660,000" in visible_text(reply["text"])
        [waiting] = api.wait_for(lambda: api.sent(8))  # nothing pending dropped
        assert "Karim Khan" in visible_text(waiting["text"])
        process.terminate()
        _, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert f"webhook at http://127.0.0.1:{port}/hook" in stderr
    assert SECRET not in stderr and api.token not in stderr
    assert api.calls_to("setWebhook")[0].params["secret_token"] == SECRET
    assert not [c for c in api.calls if c.params.get("drop_pending_updates")]


def test_stand_in_refuses_polling_while_a_webhook_is_set(api: BotApiServer) -> None:
    api.handle("setWebhook", {"url": "http://127.0.0.1:9/none"})
    with pytest.raises(ApiError) as refused:
        api.handle("getUpdates", {})
    assert refused.value.status == 409
    api.handle("deleteWebhook", {})
    assert api.handle("getUpdates", {"timeout": 0}) == []
