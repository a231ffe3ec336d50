"""Logging for the bot process: quiet HTTP loggers and the token masked everywhere.

httpx logs every request URL at INFO and python-telegram-bot logs its API URL
at DEBUG; both URLs hold the bot token. Quieting the loggers is the first
guard; a log-record factory that masks the token in every record (message,
arguments and traceback) is the second, so a library we do not control cannot
leak it at any level.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
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


def hide(text: str, token: str) -> str:
    """`text` without the token, nor its secret part (after the colon) on its own."""
    text = text.replace(token, MASK)
    secret = token.partition(":")[2]
    return text.replace(secret, MASK) if len(secret) >= 8 else text


def mask_uncaught(token: str) -> None:
    """Mask the token in the traceback of an exception nobody caught (printed, not logged):
    python-telegram-bot's InvalidToken, for one, quotes the token in its message."""
    if not token:
        return

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(hide("".join(traceback.format_exception(kind, value, tb)), token))

    sys.excepthook = hook


def _masked(record: logging.LogRecord, token: str) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string must not break logging
        message = str(record.msg)
    masked = hide(message, token)
    if masked != message:
        record.msg, record.args = masked, ()
    if record.exc_info and record.exc_info[1] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = hide(text, token)
    return record
