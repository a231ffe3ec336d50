"""Logging for the bot process: quiet HTTP loggers and the token masked everywhere.

httpx logs every request URL at INFO and python-telegram-bot logs its API URL
at DEBUG; both URLs hold the bot token. Quieting the loggers is the first
guard; a log-record factory that masks the token in every record (message,
arguments and traceback) is the second, so a library we do not control cannot
leak it at any level.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

MASK = "<token>"
NOISY_LOGGERS = ("httpx", "httpcore")

_original_factory: Callable[..., logging.LogRecord] | None = None


def quiet_http_loggers() -> None:
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def mask_token(token: str) -> None:
    """Mask `token` in every log record created from now on (idempotent)."""
    global _original_factory
    if not token:
        return
    if _original_factory is None:
        _original_factory = logging.getLogRecordFactory()
    inner = _original_factory

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = inner(*args, **kwargs)
        return _masked(record, token)

    logging.setLogRecordFactory(factory)


def unmask() -> None:
    """Restore the record factory that was in place before `mask_token` (for tests)."""
    global _original_factory
    if _original_factory is not None:
        logging.setLogRecordFactory(_original_factory)
        _original_factory = None


def _masked(record: logging.LogRecord, token: str) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string must not break logging
        message = str(record.msg)
    if token in message:
        record.msg, record.args = message.replace(token, MASK), ()
    if record.exc_info and record.exc_info[1] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = text.replace(token, MASK)
    return record
