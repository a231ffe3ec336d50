"""The token is masked in log messages, arguments and tracebacks."""

from __future__ import annotations

import logging
import sys

import pytest

from bot.telegram.logs import (
    MASK,
    mask_secrets,
    mask_token,
    mask_uncaught,
    quiet_http_loggers,
    unmask,
)

TOKEN = "999:secret-token-value"


def test_token_is_masked_everywhere(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("test.masking")
    mask_token(TOKEN)
    mask_token(TOKEN)  # idempotent: no nested factories
    try:
        log.debug("url %s/getMe", f"https://api.telegram.org/bot{TOKEN}")
        log.info(f"plain https://x/bot{TOKEN}/y")
        try:
            raise ValueError(f"bad url /bot{TOKEN}/sendMessage")
        except ValueError:
            log.exception("failed")
    finally:
        unmask()
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert TOKEN not in text and text.count(MASK) >= 3
    log.info("after unmask %s", TOKEN)
    assert TOKEN in caplog.records[-1].getMessage()


def test_http_loggers_are_quiet() -> None:
    quiet_http_loggers()
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert not logging.getLogger("httpcore").isEnabledFor(logging.INFO)


def test_uncaught_exceptions_are_printed_masked(capsys: pytest.CaptureFixture[str]) -> None:
    previous = sys.excepthook
    mask_uncaught(TOKEN)
    try:
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected; secret {TOKEN.split(':')[1]}")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    printed = capsys.readouterr().err
    assert "RuntimeError" in printed and "Traceback" in printed
    assert TOKEN not in printed and TOKEN.split(":")[1] not in printed and MASK in printed


def test_every_secret_is_masked_and_later_ones_add_to_the_first(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("test.masking")
    webhook_secret = "hook_secret-42"
    mask_secrets(TOKEN, "")
    mask_secrets(webhook_secret)  # e.g. a random webhook secret chosen at start
    try:
        log.debug("setWebhook {'secret_token': %r, 'url': 'https://x'}", webhook_secret)
        log.info("token %s", TOKEN)
    finally:
        unmask()
    assert webhook_secret not in caplog.text and TOKEN not in caplog.text
    assert caplog.text.count(MASK) == 2
    log.info("after unmask %s", webhook_secret)  # unmask forgets the secrets too
    assert webhook_secret in caplog.records[-1].getMessage()
