"""Every Bot API call rate limited, and retried through an outage of a set length.

`AIORateLimiter` keeps under Telegram's flood limits and sleeps through a few
``429 retry_after`` replies, but a connection reset, a timeout, a 502 from
Telegram or a long run of 429s would still drop an answer. `RetryingRateLimiter`
retries those with exponential backoff (capped) until the call has been failing
for `retry_seconds` (``telegram.send_retry_seconds``, five minutes by default);
only then does the error reach the handler, and the reader is told. A request
that Telegram refused (400 Bad Request) is not retried: it would fail the same
way again.

The price: a send that timed out after Telegram received it is sent twice.
An answer delivered twice beats an answer lost. Answers keep their order in a
chat through an outage because each chat's answers are sent one after the
other (`bot.telegram.answers.ChatQueue`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


def use_timedelta_periods() -> None:
    """Opt in to python-telegram-bot's coming time periods (`PTB_TIMEDELTA`), as its
    deprecation warning advises: `RetryAfter.retry_after` becomes a timedelta, and
    building or reading one no longer warns on every 429. An operator's own setting wins."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")


def retry_after_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait, whether python-telegram-bot gives an int of
    seconds (before v23, without PTB_TIMEDELTA) or a timedelta."""
    value: int | float | dt.timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def transient(error: TelegramError) -> bool:
    """Is it worth trying again later? Network errors, 5xx and 429s are; a request Telegram
    refused (400 Bad Request, 403 Forbidden: a reader who blocked the bot) is not."""
    return isinstance(error, (NetworkError, RetryAfter)) and not isinstance(error, BadRequest)


class RetryingRateLimiter(AIORateLimiter):
    def __init__(
        self,
        *,
        retry_seconds: float = 300.0,
        first_delay: float = 0.5,
        max_delay: float = 8.0,
        max_retry_after: int = 5,
        max_in_flight: int = 32,
        **limits: Any,
    ) -> None:
        """Retry network errors, 5xx and 429s until a call has failed for `retry_seconds`.

        Waits double from `first_delay` up to `max_delay` (a 429 waits at least
        its retry_after), so a send goes through at most `max_delay` after the
        outage ends. `max_retry_after` 429s in a row are waited out inside
        `AIORateLimiter`, which holds every other call meanwhile, as Telegram asks.

        At most `max_in_flight` calls reach the HTTP client at once: httpx's
        pool does work per queued request per connection on every release,
        so hundreds of queued sends slow a burst down several times.
        """
        super().__init__(max_retries=max_retry_after, **limits)
        self.in_flight = asyncio.Semaphore(max_in_flight)
        self.retry_seconds = retry_seconds
        self.first_delay = first_delay
        self.max_delay = max_delay

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        async def limited(*call_args: Any, **call_kwargs: Any) -> JSONResult:
            # Only the HTTP call holds a slot: a send waiting out a group's
            # 20-a-minute limit must not keep other chats' answers waiting.
            async with self.in_flight:
                return await callback(*call_args, **call_kwargs)

        deadline = time.monotonic() + self.retry_seconds
        delay = self.first_delay
        retries = 0
        while True:
            try:
                return await super().process_request(
                    limited, args, kwargs, endpoint, data, rate_limit_args
                )
            except (NetworkError, RetryAfter) as exc:
                if not transient(exc):
                    raise
                wait = delay
                if isinstance(exc, RetryAfter):
                    wait = max(wait, retry_after_seconds(exc))
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning(
                        "%s failed for %.0f s (%s); giving up",
                        endpoint,
                        self.retry_seconds - left,
                        exc.message,
                    )
                    raise
                retries += 1
                wait = min(wait, left)  # one last try when the time is up
                log.warning(
                    "%s failed (%s); retry %d in %.1f s, %.0f s before giving up",
                    endpoint,
                    exc.message,
                    retries,
                    wait,
                    left,
                )
                await asyncio.sleep(wait)
                delay = min(delay * 2, self.max_delay)
