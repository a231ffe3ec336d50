"""Logging for the bot process: quiet HTTP loggers and every secret masked everywhere.

httpx logs every request URL at INFO and python-telegram-bot logs its API URL
at DEBUG; both URLs hold the bot token, and python-telegram-bot logs the
parameters of setWebhook, the webhook secret among them, at DEBUG. Quieting
the loggers is the first guard; a log-record factory that masks each secret
(the token, the webhook secret) in every record (message, arguments and
traceback) is the second, so a library we do not control cannot leak one at
any level.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

MASK = "<token>"  # what stands in for a secret
NOISY_LOGGERS = ("httpx", "httpcore")
MIN_PART = 8  # a token's part after the colon is masked on its own from this length

# The record factory is process-wide, so the secrets it masks are too.
_original_factory: Callable[..., logging.LogRecord] | None = None
_secrets: list[str] = []


def quiet_http_loggers() -> None:
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def mask_secrets(*secrets: str) -> None:
    """Mask each of `secrets` in every log record created from now on (idempotent;
    a later call adds to the secrets masked, empty ones are skipped)."""
    global _original_factory
    new = [secret for secret in secrets if secret and secret not in _secrets]
    if not new:
        return
    _secrets.extend(new)
    if _original_factory is not None:
        return
    inner = _original_factory = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _masked(inner(*args, **kwargs), tuple(_secrets))

    logging.setLogRecordFactory(factory)


def mask_token(token: str) -> None:
    """Mask the bot token in every log record created from now on."""
    mask_secrets(token)


def unmask() -> None:
    """Restore the record factory in place before `mask_secrets` (for tests)."""
    global _original_factory
    if _original_factory is not None:
        logging.setLogRecordFactory(_original_factory)
        _original_factory = None
    _secrets.clear()


def hide(text: str, *secrets: str) -> str:
    """`text` without any of `secrets`, nor a token's secret part (after its colon) alone."""
    for secret in secrets:
        if not secret:
            continue
        text = text.replace(secret, MASK)
        part = secret.partition(":")[2]
        if len(part) >= MIN_PART:
            text = text.replace(part, MASK)
    return text


def mask_uncaught(*secrets: str) -> None:
    """Mask secrets in the traceback of an exception nobody caught (printed, not logged):
    python-telegram-bot's InvalidToken, for one, quotes the token in its message."""
    if not any(secrets):
        return

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(hide("".join(traceback.format_exception(kind, value, tb)), *secrets))

    sys.excepthook = hook


def _masked(record: logging.LogRecord, secrets: tuple[str, ...]) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string must not break logging
        message = str(record.msg)
    masked = hide(message, *secrets)
    if masked != message:
        record.msg, record.args = masked, ()
    if record.exc_info and record.exc_info[1] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = hide(text, *secrets)
    return record
